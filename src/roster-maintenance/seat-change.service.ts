import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/principal.types';
import { BadInputException } from '../common/domain.exception';
import { roleLabel } from '../roster/core/command-role';
import { covers } from '../roster/core/period';
import { formatInstant } from '../roster/core/text-match';
import type { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import type { JournalEntry } from '../roster/roster-change-row.helper';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { assertEstablished, assertRoleFits, assertWithinSeat, effectiveFrom, holderNames } from './core/change-rules';
import type {
  AddSeatCommand,
  ChangeMeta,
  ChangeOutcome,
  ReassignSeatCommand,
  RemoveSeatCommand,
  ReorderSeatsCommand,
} from './roster-change.types';
import { RosterTransactionService } from './roster-transaction.service';
import type { RosterTx } from './roster-tx.helper';

/**
 * Seat changes: which seats a body has, under which title, in which order, and who fills one.
 * Each runs as one roster change (RosterTransactionService); the `…In` forms run inside a change
 * already open (re-import).
 */
@Injectable()
export class SeatChangeService {
  constructor(private readonly transactions: RosterTransactionService) {}

  addSeat(command: AddSeatCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.addSeatIn(tx, command), command);
  }

  removeSeat(command: RemoveSeatCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.removeSeatIn(tx, command), command);
  }

  reassignSeat(command: ReassignSeatCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.reassignSeatIn(tx, command), command);
  }

  reorderSeats(command: ReorderSeatsCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.reorderSeatsIn(tx, command), command);
  }

  async addSeatIn(tx: RosterTx, command: AddSeatCommand): Promise<ChangeOutcome> {
    const at = effectiveFrom(tx, command);
    const body = tx.body(command.body);
    assertEstablished(body, at);
    assertRoleFits(body, command.role);
    let position = tx.findPosition(command.positionTitle);
    let positionCreated = false;
    if (!position) {
      if (!command.createPosition)
        throw tx.unknownPosition(
          command.positionTitle,
          'positionTitle',
          'pass createPosition: true to create a new position',
        );
      position = await tx.insertPosition({
        jurisdiction: body.jurisdiction,
        title: command.positionTitle,
        multiHolder: command.multiHolder ?? false,
      });
      positionCreated = true;
    }
    const holder = command.vacant
      ? { personId: null, tenureId: null, acting: false }
      : await this.holderForSeat(tx, position, at, command, positionCreated);
    const roleSeats = tx.rows.seats.filter((s) => s.bodyId === body.id && s.role === command.role && covers(s, at));
    if (holder.personId && roleSeats.some((s) => tx.assignmentAt(s.id, at)?.personId === holder.personId)) {
      throw new BadInputException(
        'personName',
        command.personName ?? tx.personName(holder.personId),
        `${tx.personName(holder.personId)} already fills a ${command.role} seat on ${body.code}`,
      );
    }
    const ordinal = Math.max(0, ...roleSeats.map((s) => s.ordinal)) + 1;
    const listed = command.listedTitle?.trim();
    const seat = await tx.insertSeat({
      body,
      role: command.role,
      ordinal,
      positionId: position.id,
      listedTitle: listed && listed !== position.title ? listed : null,
      from: at,
    });
    await seatHolder(tx, seat, at, holder);
    return recordSeatChange(
      tx,
      at,
      command,
      seat,
      body,
      {
        kind: 'ADD_SEAT',
        summary: `${body.name} 增设 ${roleLabel(command.role, isHq(body))} 席位：${position.title}（${holder.personId ? tx.personName(holder.personId) : '空缺'}）`,
        data: {
          ordinal,
          positionId: position.id,
          positionTitle: position.title,
          positionCreated,
          personId: holder.personId,
        },
      },
      { positionId: position.id },
    );
  }

  async removeSeatIn(tx: RosterTx, command: RemoveSeatCommand): Promise<ChangeOutcome> {
    const { at, seat, body, position } = seatInForce(tx, command, 'removed');
    const holder = tx.assignmentAt(seat.id, at)?.personId ?? null;
    await tx.end(SeatAssignmentEntity, tx.assignmentsOf(seat.id), at);
    await tx.end(SeatEntity, tx.seatVersions(seat.id), at);
    return recordSeatChange(tx, at, command, seat, body, {
      kind: 'REMOVE_SEAT',
      summary: `${body.name} 撤销 ${roleLabel(seat.role, isHq(body))} 席位：${position.title}（${tx.personName(holder)}）`,
      data: {
        positionId: position.id,
        positionTitle: position.title,
        personId: holder,
      },
    });
  }

  /**
   * A seat changes hands (a deputy mayor's portfolio moves to another deputy mayor) or moves under
   * another title. The new holder must hold the title on effectiveFrom.
   */
  async reassignSeatIn(tx: RosterTx, command: ReassignSeatCommand): Promise<ChangeOutcome> {
    const scope = seatInForce(tx, command, 'reassigned');
    const { at, body, position: oldPosition } = scope;
    let seat = scope.seat;
    if (!command.positionTitle?.trim() && !command.personName?.trim() && !command.personId) {
      throw new BadInputException(
        'personName',
        null,
        'name the new holder (personName or personId), the new title (positionTitle), or both',
      );
    }
    const position = command.positionTitle?.trim() ? tx.position(command.positionTitle) : oldPosition;
    const previous = tx.assignmentAt(seat.id, at)?.personId ?? null;
    const holder = await this.holderForSeat(tx, position, at, command, false);
    if (position.id === oldPosition.id && holder.personId === previous) {
      throw new BadInputException(
        'personName',
        command.personName ?? null,
        `the seat is already filled by ${tx.personName(previous)} under ${position.title}; nothing would change`,
      );
    }
    if (holder.personId && holder.personId !== previous) {
      const clash = tx.rows.seats.find(
        (s) =>
          s.id !== seat.id &&
          s.bodyId === body.id &&
          s.role === seat.role &&
          covers(s, at) &&
          tx.assignmentAt(s.id, at)?.personId === holder.personId,
      );
      if (clash)
        throw new BadInputException(
          'personName',
          command.personName ?? null,
          `${tx.personName(holder.personId)} already fills a ${seat.role} seat on ${body.code}`,
        );
    }
    if (position.id !== oldPosition.id) {
      seat = await tx.changeSeatFrom(seat, at, { positionId: position.id, listedTitle: null });
    }
    // Until the seat's next change already recorded, which stays; moved to another title, the seat no
    // longer follows the old title's holders, so their later turns in it go.
    const oldTitle = new Set(position.id === oldPosition.id ? [] : tx.tenuresOf(oldPosition.id).map((t) => t.id));
    const { until } = await tx.clearSeatFrom(seat.id, at, oldTitle);
    await seatHolder(tx, seat, at, holder, until);
    return recordSeatChange(tx, at, command, seat, body, {
      kind: 'REASSIGN_SEAT',
      summary: `${body.name} ${roleLabel(seat.role, isHq(body))} 席位由 ${tx.personName(previous)}（${oldPosition.title}）改为 ${tx.personName(holder.personId)}（${position.title}）`,
      data: {
        previousSeatId: command.seatId,
        positionId: position.id,
        previousPositionId: oldPosition.id,
        personId: holder.personId,
        previousPersonId: previous,
      },
    });
  }

  /**
   * New order of the seats of one role on a body, from effectiveFrom. Order is an attribute with
   * history: a moved seat keeps its id and holders and gets a version with its new ordinal from
   * effectiveFrom, so earlier instants keep the earlier order.
   */
  async reorderSeatsIn(tx: RosterTx, command: ReorderSeatsCommand): Promise<ChangeOutcome> {
    const at = effectiveFrom(tx, command);
    const body = tx.body(command.body);
    assertEstablished(body, at);
    const current = tx.rows.seats
      .filter((s) => s.bodyId === body.id && s.role === command.role && covers(s, at))
      .sort((a, b) => a.ordinal - b.ordinal);
    const wanted = command.seatIds;
    const currentIds = new Set(current.map((s) => s.id));
    if (
      wanted.length !== current.length ||
      new Set(wanted).size !== wanted.length ||
      wanted.some((id) => !currentIds.has(id))
    ) {
      throw new BadInputException(
        'seatIds',
        wanted,
        `must list each of the ${current.length} ${command.role} seats of ${body.code} in force on ${formatInstant(at)} exactly once: ${current.map((s) => s.id).join(', ')}`,
      );
    }
    const seatIds: string[] = [];
    let moved = 0;
    for (const [index, id] of wanted.entries()) {
      const seat = current.find((s) => s.id === id)!;
      if (seat.ordinal === index + 1) {
        seatIds.push(seat.id);
        continue;
      }
      await tx.changeSeatFrom(seat, at, { ordinal: index + 1 });
      seatIds.push(seat.id);
      moved++;
    }
    if (moved === 0)
      throw new BadInputException('seatIds', wanted, 'is the current order already; nothing would change');
    return tx.record(
      at,
      command,
      {
        kind: 'REORDER_SEATS',
        summary: `${body.name} ${roleLabel(command.role, isHq(body))} 席位调整顺序：${seatIds.map((id) => tx.personName(tx.assignmentAt(id, at)?.personId ?? null)).join('、')}`,
        data: {
          body: body.code,
          role: command.role,
          previousSeatIds: current.map((s) => s.id),
          requestedOrder: wanted,
          seatIds,
        },
      },
      { seatIds },
    );
  }

  /**
   * Who fills a seat under `position` from `at`: the named person, who must hold the title then
   * (a new position's first holder is given a tenure), or for a single-holder title its holder.
   */
  private async holderForSeat(
    tx: RosterTx,
    position: PositionEntity,
    at: Date,
    command: { personName?: string | null; personId?: string | null; documentRef?: string | null },
    positionCreated: boolean,
  ): Promise<SeatHolder> {
    const tenures = tx.tenuresOf(position.id).filter((t) => covers(t, at));
    const named = command.personName?.trim() || command.personId;
    if (!named) {
      if (position.multiHolder && tenures.length > 0) {
        throw new BadInputException(
          'personName',
          null,
          `${position.title} is held by several people at once (${holderNames(tx, tenures, at)}); name the holder who fills the seat`,
        );
      }
      const tenure = tenures.find((t) => t.acting) ?? tenures[0];
      return { personId: tenure?.personId ?? null, tenureId: tenure?.id ?? null, acting: tenure?.acting ?? false };
    }
    const { person } = await tx.resolvePerson(command.personName, command.personId, { create: positionCreated });
    const tenure =
      tenures.find((t) => t.personId === person.id && t.acting) ?? tenures.find((t) => t.personId === person.id);
    if (tenure) {
      if (!position.multiHolder && !tenure.acting && tenures.some((t) => t.acting)) {
        throw new BadInputException(
          'personName',
          command.personName ?? person.name,
          `${position.title} has an acting holder (${holderNames(
            tx,
            tenures.filter((t) => t.acting),
            at,
          )}) on ${formatInstant(at)}; omit personName to seat them`,
        );
      }
      return { personId: person.id, tenureId: tenure.id, acting: tenure.acting };
    }
    if (positionCreated) {
      const created = await tx.insertTenure({
        positionId: position.id,
        personId: person.id,
        from: at,
        acting: false,
        documentRef: command.documentRef,
      });
      return { personId: person.id, tenureId: created.id, acting: false };
    }
    const holders = tenures.length ? `; holders then: ${holderNames(tx, tenures, at)}` : ' (it is vacant)';
    throw new BadInputException(
      'personName',
      command.personName ?? person.name,
      `does not hold ${position.title} on ${formatInstant(at)}${holders}; appoint them first`,
    );
  }
}

/** The seat a change names, as it is when the change takes effect, with its body and title. */
function seatInForce(tx: RosterTx, command: ChangeMeta & { seatId: string }, doing: 'removed' | 'reassigned') {
  const at = effectiveFrom(tx, command);
  tx.seat(command.seatId);
  assertWithinSeat(tx, command.seatId, at, doing);
  const seat = tx.seatAt(command.seatId, at)!;
  const body = tx.rows.bodies.find((b) => b.id === seat.bodyId)!;
  const position = tx.rows.positions.find((p) => p.id === seat.positionId)!;
  return { at, seat, body, position };
}

const isHq = (body: CommandBodyEntity) => body.kind === 'HEADQUARTERS';

/** Journals a change of one seat: the seat, its body and role, then what `entry.data` adds. */
function recordSeatChange(
  tx: RosterTx,
  at: Date,
  command: ChangeMeta,
  seat: SeatEntity,
  body: CommandBodyEntity,
  entry: Pick<JournalEntry, 'kind' | 'summary' | 'data'>,
  where: Omit<ChangeOutcome, 'at' | 'changeIds'> = {},
): Promise<ChangeOutcome> {
  const data = { seatId: seat.id, body: body.code, role: seat.role, ...entry.data };
  return tx.record(at, command, { ...entry, data }, { seatId: seat.id, ...where });
}

/** Who fills a seat: a person under one of their tenures, or no one. */
interface SeatHolder {
  personId: string | null;
  tenureId: string | null;
  acting: boolean;
}

/** The holder fills the seat from `at`, until `until` when given (an empty holder leaves it vacant). */
async function seatHolder(
  tx: RosterTx,
  seat: SeatEntity,
  at: Date,
  holder: SeatHolder,
  until: Date | null = null,
): Promise<void> {
  if (!holder.personId) return;
  await tx.insertAssignment({
    seat,
    personId: holder.personId,
    tenureId: holder.tenureId,
    from: at,
    to: until,
    acting: holder.acting,
  });
}
