import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/principal.types';
import { BadInputException, DomainException } from '../common/domain.exception';
import { TransactionService } from '../database/transaction.service';
import { CommandRole, roleLabel } from '../roster/core/command-role';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { bumpRosterRevision } from '../roster/roster-revision.helper';
import { coversInstant, reachesPast, RosterTx } from './roster-tx.helper';
import { RosterViewService } from '../roster/roster-view.service';
import { formatInstant } from '../roster/core/text-match';
import { normalizePersonName } from '../common/text-policy.helper';

/** What every change may carry: when it takes effect (default now), the document, the reason. */
export interface ChangeMeta {
  effectiveFrom?: Date | null;
  documentRef?: string | null;
  reason?: string | null;
}

export interface AppointCommand extends ChangeMeta {
  positionTitle: string;
  personName: string;
  personId?: string | null;
  replacing?: string | null;
}

export interface AppointActingCommand extends AppointCommand {
  /** The end of the acting period (exclusive); open (until further notice) when omitted. */
  until?: Date | null;
}

export interface VacateCommand extends ChangeMeta {
  positionTitle: string;
  personName?: string | null;
  personId?: string | null;
}

export interface AddSeatCommand extends ChangeMeta {
  body: string;
  role: CommandRole;
  positionTitle: string;
  personName?: string | null;
  personId?: string | null;
  /** Create the position when no position has this title. */
  createPosition?: boolean | null;
  /** For a position created here: held by several people at once. */
  multiHolder?: boolean | null;
  /** The title as the source lists it for this seat, when it differs from the position's. */
  listedTitle?: string | null;
  /** Leave the new seat empty (imports of a file listing a vacant seat). */
  vacant?: boolean | null;
}

export interface RemoveSeatCommand extends ChangeMeta {
  seatId: string;
}

export interface ReassignSeatCommand extends ChangeMeta {
  seatId: string;
  /** Move the seat under another title. */
  positionTitle?: string | null;
  personName?: string | null;
  personId?: string | null;
}

export interface ReorderSeatsCommand extends ChangeMeta {
  body: string;
  role: CommandRole;
  seatIds: string[];
}

export interface RenamePersonCommand extends ChangeMeta {
  personId: string;
  name: string;
}

/** Where a change leaves things, for the mutation's answer. */
export interface ChangeOutcome {
  at: Date;
  positionId?: string;
  seatId?: string;
  seatIds?: string[];
  personId?: string;
  changeIds: string[];
}

const POST_ONLY_ROLES: readonly CommandRole[] = [
  CommandRole.COMMANDER,
  CommandRole.DEPUTY_COMMANDER,
  CommandRole.OFFICE_DIRECTOR,
];

/**
 * Personnel and seat changes. Each runs in one transaction that takes the roster lock, ends and
 * inserts rows (never overwriting history), appends a roster_change row with the actor and the
 * document, and bumps the roster revision; the in-memory view is invalidated after commit.
 */
@Injectable()
export class RosterChangeService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly views: RosterViewService,
  ) {}

  /** Runs `work` as one roster change: lock, read, write, journal, bump the revision. */
  async run<T>(actor: Actor, work: (tx: RosterTx) => Promise<T>): Promise<T> {
    try {
      return await this.transactions.run(async (manager) => {
        const tx = await RosterTx.open(manager, actor);
        const result = await work(tx);
        await bumpRosterRevision(manager, tx.now);
        return result;
      });
    } finally {
      this.views.invalidate();
    }
  }

  appoint(command: AppointCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.appointIn(tx, command));
  }

  appointActing(command: AppointActingCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.appointActingIn(tx, command));
  }

  vacatePosition(command: VacateCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.vacateIn(tx, command));
  }

  addSeat(command: AddSeatCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.addSeatIn(tx, command));
  }

  removeSeat(command: RemoveSeatCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.removeSeatIn(tx, command));
  }

  reassignSeat(command: ReassignSeatCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.reassignSeatIn(tx, command));
  }

  reorderSeats(command: ReorderSeatsCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.reorderSeatsIn(tx, command));
  }

  renamePerson(command: RenamePersonCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.run(actor, (tx) => this.renamePersonIn(tx, command));
  }

  // ---- appoint ---------------------------------------------------------------------------

  /**
   * personName takes the position from effectiveFrom. Single-holder title: the current holder's
   * tenure (and any acting one) ends and every seat listed under the title moves to the new
   * holder. Multi-holder title: `replacing` names who leaves, and only their seats move. With
   * `allowNoReplacing` (imports) a multi-holder title gains a holder without seats.
   */
  async appointIn(
    tx: RosterTx,
    command: AppointCommand,
    opts: { allowNoReplacing?: boolean } = {},
  ): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    const position = tx.position(command.positionTitle);
    const tenures = tx.tenuresOf(position.id);
    if (position.multiHolder && !command.replacing?.trim() && !opts.allowNoReplacing) {
      const holders = this.holderNames(tx, tenures, at);
      throw new BadInputException(
        'replacing',
        command.replacing ?? null,
        `${position.title} is held by several people at once${holders ? ` (${holders})` : ''}; name the holder being replaced`,
      );
    }
    const { person, created } = await tx.resolvePerson(command.personName, command.personId, { create: true });
    let leaving: TenureEntity[];
    let replaced: PersonEntity | null = null;
    if (!position.multiHolder) {
      leaving = tenures.filter((t) => reachesPast(t, at));
      const substantive = leaving.filter((t) => !t.acting && t.effectiveFrom.getTime() <= at.getTime());
      if (substantive.some((t) => t.personId === person.id)) {
        throw new BadInputException(
          'personName',
          command.personName,
          `already holds ${position.title} on ${formatInstant(at)}`,
        );
      }
      if (command.replacing?.trim()) {
        replaced = this.holderNamed(tx, position, tenures, at, command.replacing);
      } else {
        const current = substantive[0];
        replaced = current ? tx.personById(current.personId) : null;
      }
    } else if (command.replacing?.trim()) {
      replaced = this.holderNamed(tx, position, tenures, at, command.replacing);
      if (replaced.id === person.id)
        throw new BadInputException('replacing', command.replacing, 'names the person being appointed');
      const replacedId = replaced.id;
      leaving = tenures.filter((t) => t.personId === replacedId && reachesPast(t, at));
    } else {
      leaving = [];
    }
    await tx.end(TenureEntity, leaving, at, {
      future: 'reject',
      describe: (t) =>
        `${tx.personName(t.personId)} took office as ${position.title}${t.documentRef ? ` (${t.documentRef})` : ''}`,
    });

    let tenure = position.multiHolder
      ? tenures.find(
          (t) =>
            t.personId === person.id &&
            !t.acting &&
            t.effectiveTo === null &&
            t.effectiveFrom.getTime() <= at.getTime(),
        )
      : undefined;
    tenure ??= await tx.insertTenure({
      positionId: position.id,
      personId: person.id,
      from: at,
      acting: false,
      documentRef: command.documentRef,
    });

    const seats = tx.seatsOfPositionFrom(position.id, at);
    const moving = position.multiHolder ? seats.filter((s) => replaced && this.heldBy(tx, s, at, replaced.id)) : seats;
    const seatIds = await this.fillSeats(tx, moving, at, { personId: person.id, tenureId: tenure.id, acting: false });

    const change = await tx.journal({
      kind: 'APPOINT',
      summary: `${person.name} 任 ${position.title}${replaced ? `，接替 ${replaced.name}` : ''}（${seatIds.length} 个席位随职务变更）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        positionId: position.id,
        positionTitle: position.title,
        personId: person.id,
        personName: person.name,
        personCreated: created,
        replacedPersonId: replaced?.id ?? null,
        replacedPersonName: replaced?.name ?? null,
        tenureId: tenure.id,
        seatIds,
      },
    });
    return { at, positionId: position.id, personId: person.id, changeIds: [change.id] };
  }

  /**
   * An acting holder (代理 / 主持工作) from effectiveFrom, until `until` when given. The seats go to
   * the acting holder, shown as acting. When the title has a holder (on leave, or `replacing` for
   * a multi-holder title) their tenure continues and their seats come back to them at `until`;
   * when it is vacant the acting holder keeps the seats after `until` and rosterIssues reports it.
   */
  async appointActingIn(tx: RosterTx, command: AppointActingCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    const until = command.until ?? null;
    if (until && until.getTime() <= at.getTime()) {
      throw new BadInputException('until', until.toISOString(), `must be after effectiveFrom (${formatInstant(at)})`);
    }
    const position = tx.position(command.positionTitle);
    const tenures = tx.tenuresOf(position.id);
    if (position.multiHolder && !command.replacing?.trim()) {
      const holders = this.holderNames(tx, tenures, at);
      throw new BadInputException(
        'replacing',
        command.replacing ?? null,
        `${position.title} is held by several people at once${holders ? ` (${holders})` : ''}; name the holder the acting holder stands in for`,
      );
    }
    const { person, created } = await tx.resolvePerson(command.personName, command.personId, { create: true });
    let holder: TenureEntity | undefined;
    if (command.replacing?.trim()) {
      const named = this.holderNamed(tx, position, tenures, at, command.replacing);
      holder = tenures.find((t) => t.personId === named.id && !t.acting && coversInstant(t, at));
    } else {
      holder = tenures.find((t) => !t.acting && coversInstant(t, at));
    }
    if (holder?.personId === person.id) {
      throw new BadInputException(
        'personName',
        command.personName,
        `holds ${position.title} already; an acting holder stands in for someone else`,
      );
    }
    // An acting period already recorded for the same seats ends where this one begins.
    const priorActing = tenures.filter((t) => t.acting && reachesPast(t, at));
    const seats = tx.seatsOfPositionFrom(position.id, at);
    const moving = position.multiHolder
      ? seats.filter((s) => holder && this.heldBy(tx, s, at, holder.personId))
      : seats;
    const priorActingHere = position.multiHolder
      ? priorActing.filter((t) =>
          moving.some((s) => tx.assignmentsOf(s.id).some((a) => a.tenureId === t.id && reachesPast(a, at))),
        )
      : priorActing;
    await tx.end(TenureEntity, priorActingHere, at, {
      future: 'reject',
      describe: (t) => `${tx.personName(t.personId)} began acting as ${position.title}`,
    });

    const acting = await tx.insertTenure({
      positionId: position.id,
      personId: person.id,
      from: at,
      to: until,
      acting: true,
      documentRef: command.documentRef,
    });
    const returns = holder && until && reachesPast(holder, until) ? until : null;
    const seatIds = await this.fillSeats(tx, moving, at, {
      personId: person.id,
      tenureId: acting.id,
      acting: true,
      to: returns,
    });
    if (holder && returns) {
      for (const seat of moving) {
        await tx.insertAssignment({
          seat,
          personId: holder.personId,
          tenureId: holder.id,
          from: returns,
          to: holder.effectiveTo,
          acting: false,
        });
      }
    }
    const period = until ? `${formatInstant(at)} 至 ${formatInstant(until)}` : `自 ${formatInstant(at)} 起`;
    const change = await tx.journal({
      kind: 'APPOINT_ACTING',
      summary: `${person.name} 代理 ${position.title}（${period}${holder ? `，代 ${tx.personName(holder.personId)}` : ''}；${seatIds.length} 个席位）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        positionId: position.id,
        positionTitle: position.title,
        personId: person.id,
        personName: person.name,
        personCreated: created,
        until: until?.toISOString() ?? null,
        standsInForPersonId: holder?.personId ?? null,
        tenureId: acting.id,
        seatIds,
      },
    });
    return { at, positionId: position.id, personId: person.id, changeIds: [change.id] };
  }

  /**
   * The holder (for a multi-holder title: the named one; for any title, the named acting holder)
   * leaves. Their seats become vacant, or go to whoever else still holds a single-holder title
   * (the substantive holder when an acting period is cut short, the acting holder when the
   * substantive holder leaves).
   */
  async vacateIn(tx: RosterTx, command: VacateCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    const position = tx.position(command.positionTitle);
    const tenures = tx.tenuresOf(position.id);
    let leaving: TenureEntity[];
    let seats = tx.seatsOfPositionFrom(position.id, at);
    let who: PersonEntity | null = null;
    if (position.multiHolder || command.personName?.trim() || command.personId) {
      if (!command.personName?.trim() && !command.personId) {
        const holders = this.holderNames(tx, tenures, at);
        throw new BadInputException(
          'personName',
          null,
          `${position.title} is held by several people at once${holders ? ` (${holders})` : ''}; name the holder who leaves`,
        );
      }
      who = command.personId
        ? tx.personById(command.personId)
        : this.holderNamed(tx, position, tenures, at, command.personName!, 'personName', true);
      const whoId = who.id;
      leaving = tenures.filter((t) => t.personId === whoId && reachesPast(t, at));
      if (position.multiHolder) seats = seats.filter((s) => this.heldBy(tx, s, at, whoId));
    } else {
      leaving = tenures.filter((t) => reachesPast(t, at));
    }
    if (leaving.length === 0) {
      throw new BadInputException(
        'positionTitle',
        command.positionTitle,
        `${who ? `${who.name} does not hold ${position.title}` : `${position.title} is already vacant`} on ${formatInstant(at)}`,
      );
    }
    const names = [...new Set(leaving.map((t) => tx.personName(t.personId)))];
    await tx.end(TenureEntity, leaving, at, {
      future: 'reject',
      describe: (t) => `${tx.personName(t.personId)} took office as ${position.title}`,
    });
    const ended = await tx.end(
      SeatAssignmentEntity,
      seats.flatMap((s) => tx.assignmentsOf(s.id)),
      at,
    );
    const remaining = position.multiHolder
      ? undefined
      : tenures.find((t) => !leaving.includes(t) && coversInstant(t, at));
    if (remaining) {
      await this.fillSeats(tx, seats, at, {
        personId: remaining.personId,
        tenureId: remaining.id,
        acting: remaining.acting,
        to: remaining.acting ? null : remaining.effectiveTo,
      });
    }
    const change = await tx.journal({
      kind: 'VACATE',
      summary: `${names.join('、')} 不再担任 ${position.title}，${seats.length} 个席位${remaining ? `由 ${tx.personName(remaining.personId)}${remaining.acting ? ' 代理' : ' 担任'}` : '空缺'}`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        positionId: position.id,
        positionTitle: position.title,
        personIds: [...new Set(leaving.map((t) => t.personId))],
        personNames: names,
        seatIds: seats.map((s) => s.id),
        endedAssignments: ended.length,
        seatsGoTo: remaining?.personId ?? null,
      },
    });
    return { at, positionId: position.id, changeIds: [change.id] };
  }

  // ---- seats -----------------------------------------------------------------------------

  async addSeatIn(tx: RosterTx, command: AddSeatCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    const body = tx.body(command.body);
    this.assertEstablished(body, at);
    this.assertRoleFits(body, command.role);
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
    const roleSeats = tx.rows.seats.filter(
      (s) => s.bodyId === body.id && s.role === command.role && coversInstant(s, at),
    );
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
    if (holder.personId) {
      await tx.insertAssignment({
        seat,
        personId: holder.personId,
        tenureId: holder.tenureId,
        from: at,
        acting: holder.acting,
      });
    }
    const change = await tx.journal({
      kind: 'ADD_SEAT',
      summary: `${body.name} 增设 ${roleLabel(command.role, body.kind === 'HEADQUARTERS')} 席位：${position.title}（${holder.personId ? tx.personName(holder.personId) : '空缺'}）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        seatId: seat.id,
        body: body.code,
        role: command.role,
        ordinal,
        positionId: position.id,
        positionTitle: position.title,
        positionCreated,
        personId: holder.personId,
      },
    });
    return { at, seatId: seat.id, positionId: position.id, changeIds: [change.id] };
  }

  async removeSeatIn(tx: RosterTx, command: RemoveSeatCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    tx.seat(command.seatId);
    this.assertWithinSeat(tx, command.seatId, at, 'removed');
    const seat = tx.seatAt(command.seatId, at)!;
    const body = tx.rows.bodies.find((b) => b.id === seat.bodyId)!;
    const position = tx.rows.positions.find((p) => p.id === seat.positionId)!;
    const holder = tx.assignmentAt(seat.id, at)?.personId ?? null;
    await tx.end(SeatAssignmentEntity, tx.assignmentsOf(seat.id), at);
    await tx.end(SeatEntity, tx.seatVersions(seat.id), at);
    const change = await tx.journal({
      kind: 'REMOVE_SEAT',
      summary: `${body.name} 撤销 ${roleLabel(seat.role, body.kind === 'HEADQUARTERS')} 席位：${position.title}（${tx.personName(holder)}）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        seatId: seat.id,
        body: body.code,
        role: seat.role,
        positionId: position.id,
        positionTitle: position.title,
        personId: holder,
      },
    });
    return { at, seatId: seat.id, changeIds: [change.id] };
  }

  /**
   * A seat changes hands (a deputy mayor's portfolio moves to another deputy mayor) or moves under
   * another title. The new holder must hold the title on effectiveFrom.
   */
  async reassignSeatIn(tx: RosterTx, command: ReassignSeatCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    tx.seat(command.seatId);
    this.assertWithinSeat(tx, command.seatId, at, 'reassigned');
    let seat = tx.seatAt(command.seatId, at)!;
    if (!command.positionTitle?.trim() && !command.personName?.trim() && !command.personId) {
      throw new BadInputException(
        'personName',
        null,
        'name the new holder (personName or personId), the new title (positionTitle), or both',
      );
    }
    const body = tx.rows.bodies.find((b) => b.id === seat.bodyId)!;
    const oldPosition = tx.rows.positions.find((p) => p.id === seat.positionId)!;
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
          coversInstant(s, at) &&
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
    await tx.end(SeatAssignmentEntity, tx.assignmentsOf(seat.id), at);
    if (holder.personId)
      await tx.insertAssignment({
        seat,
        personId: holder.personId,
        tenureId: holder.tenureId,
        from: at,
        acting: holder.acting,
      });
    const change = await tx.journal({
      kind: 'REASSIGN_SEAT',
      summary: `${body.name} ${roleLabel(seat.role, body.kind === 'HEADQUARTERS')} 席位由 ${tx.personName(previous)}（${oldPosition.title}）改为 ${tx.personName(holder.personId)}（${position.title}）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        seatId: seat.id,
        previousSeatId: command.seatId,
        body: body.code,
        role: seat.role,
        positionId: position.id,
        previousPositionId: oldPosition.id,
        personId: holder.personId,
        previousPersonId: previous,
      },
    });
    return { at, seatId: seat.id, changeIds: [change.id] };
  }

  /**
   * New order of the seats of one role on a body, from effectiveFrom. Order is an attribute with
   * history: a moved seat keeps its id and holders and gets a version with its new ordinal from
   * effectiveFrom, so earlier instants keep the earlier order.
   */
  async reorderSeatsIn(tx: RosterTx, command: ReorderSeatsCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    const body = tx.body(command.body);
    this.assertEstablished(body, at);
    const current = tx.rows.seats
      .filter((s) => s.bodyId === body.id && s.role === command.role && coversInstant(s, at))
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
    const change = await tx.journal({
      kind: 'REORDER_SEATS',
      summary: `${body.name} ${roleLabel(command.role, body.kind === 'HEADQUARTERS')} 席位调整顺序：${seatIds.map((id) => tx.personName(tx.assignmentAt(id, at)?.personId ?? null)).join('、')}`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: {
        body: body.code,
        role: command.role,
        previousSeatIds: current.map((s) => s.id),
        requestedOrder: wanted,
        seatIds,
      },
    });
    return { at, seatIds, changeIds: [change.id] };
  }

  // ---- persons ---------------------------------------------------------------------------

  /** Corrects a person's name; the old name stays as an alias, so searches by it still find them. */
  async renamePersonIn(tx: RosterTx, command: RenamePersonCommand): Promise<ChangeOutcome> {
    const at = this.effectiveFrom(tx, command);
    const person = tx.personById(command.personId);
    const name = normalizePersonName(command.name);
    if (name === '' || name.length > 64)
      throw new BadInputException('name', command.name, 'must be 1 to 64 characters');
    if (name === person.name) throw new BadInputException('name', command.name, 'is the current name already');
    const others = tx.personsNamed(name).filter((p) => p.id !== person.id);
    if (others.length)
      throw new BadInputException(
        'name',
        command.name,
        `already names another person (${others.map((p) => `${p.name} ${p.id}`).join(', ')})`,
      );
    const oldName = person.name;
    if (tx.rows.aliases.some((a) => a.personId === person.id && a.alias === name))
      await tx.removeAlias(person.id, name);
    await tx.renamePerson(person, name);
    await tx.addAlias(person.id, oldName);
    const change = await tx.journal({
      kind: 'RENAME_PERSON',
      summary: `更正姓名：${oldName} → ${name}（原名保留为别名）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: { personId: person.id, previousName: oldName, name },
    });
    return { at, personId: person.id, changeIds: [change.id] };
  }

  // ---- helpers ---------------------------------------------------------------------------

  private effectiveFrom(tx: RosterTx, meta: ChangeMeta): Date {
    const at = meta.effectiveFrom ?? tx.now;
    const established = tx.rows.bodies.length
      ? Math.min(...tx.rows.bodies.map((b) => b.establishedAt.getTime()))
      : null;
    if (established === null)
      throw new DomainException('NOT_FOUND', 'no roster is loaded; import one with npm run roster:import -- <file>');
    if (at.getTime() < established) {
      throw new BadInputException(
        'effectiveFrom',
        at.toISOString(),
        `is before the command system was established (${formatInstant(new Date(established))})`,
        `生效时间 ${formatInstant(at)} 早于指挥体系建立之日 ${formatInstant(new Date(established))}`,
      );
    }
    if (meta.documentRef && meta.documentRef.trim().length > 128)
      throw new BadInputException('documentRef', meta.documentRef, 'must be at most 128 characters');
    return at;
  }

  /** Ends the assignments of `seats` from `at` and fills them with a new holder. Returns the seat ids. */
  private async fillSeats(
    tx: RosterTx,
    seats: SeatEntity[],
    at: Date,
    holder: { personId: string; tenureId: string; acting: boolean; to?: Date | null },
  ): Promise<string[]> {
    await tx.end(
      SeatAssignmentEntity,
      seats.flatMap((s) => tx.assignmentsOf(s.id)),
      at,
    );
    const ids: string[] = [];
    for (const seat of seats) {
      const row = await tx.insertAssignment({
        seat,
        personId: holder.personId,
        tenureId: holder.tenureId,
        from: at,
        to: holder.to ?? null,
        acting: holder.acting,
      });
      if (row) ids.push(seat.id);
    }
    return ids;
  }

  /**
   * True when the seat belongs to the person from `at`: they fill it then, or an acting holder
   * fills it for them and it comes back to them, or it is empty then and they fill it next.
   */
  private heldBy(tx: RosterTx, seat: SeatEntity, at: Date, personId: string): boolean {
    const assignments = tx.assignmentsOf(seat.id).filter((a) => reachesPast(a, at));
    const current = assignments.find((a) => coversInstant(a, at));
    if (current?.personId === personId) return true;
    if (current && !current.acting) return false;
    const next = assignments.find(
      (a) =>
        a !== current && !a.acting && a.effectiveFrom.getTime() >= (current?.effectiveTo?.getTime() ?? at.getTime()),
    );
    return next?.personId === personId;
  }

  private holderNames(tx: RosterTx, tenures: TenureEntity[], at: Date): string {
    return [...new Set(tenures.filter((t) => coversInstant(t, at)).map((t) => tx.personName(t.personId)))].join('、');
  }

  /** The holder of a position on `at` whose name or alias is `name`. */
  private holderNamed(
    tx: RosterTx,
    position: PositionEntity,
    tenures: TenureEntity[],
    at: Date,
    name: string,
    field = 'replacing',
    includeActing = false,
  ): PersonEntity {
    const current = tenures.filter((t) => (includeActing || !t.acting) && coversInstant(t, at));
    const candidates = tx.personsNamed(name).filter((p) => current.some((t) => t.personId === p.id));
    if (candidates.length === 1) return candidates[0];
    const holders = [...new Set(current.map((t) => tx.personName(t.personId)))].join('、') || 'nobody';
    if (candidates.length > 1)
      throw new BadInputException(field, name, `names several holders of ${position.title}; pass personId`);
    throw new BadInputException(
      field,
      name,
      `is not a holder of ${position.title} on ${formatInstant(at)}; holders then: ${holders}`,
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
  ): Promise<{ personId: string | null; tenureId: string | null; acting: boolean }> {
    const tenures = tx.tenuresOf(position.id).filter((t) => coversInstant(t, at));
    const named = command.personName?.trim() || command.personId;
    if (!named) {
      if (position.multiHolder && tenures.length > 0) {
        throw new BadInputException(
          'personName',
          null,
          `${position.title} is held by several people at once (${this.holderNames(tx, tenures, at)}); name the holder who fills the seat`,
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
          `${position.title} has an acting holder (${this.holderNames(
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
    const holders = tenures.length ? `; holders then: ${this.holderNames(tx, tenures, at)}` : ' (it is vacant)';
    throw new BadInputException(
      'personName',
      command.personName ?? person.name,
      `does not hold ${position.title} on ${formatInstant(at)}${holders}; appoint them first`,
    );
  }

  /** A body's seats change only while it exists. */
  private assertEstablished(body: CommandBodyEntity, at: Date): void {
    if (at.getTime() < body.establishedAt.getTime()) {
      throw new BadInputException(
        'effectiveFrom',
        at.toISOString(),
        `${formatInstant(at)} is before ${formatInstant(body.establishedAt)}, when ${body.code} was established`,
        `生效时间 ${formatInstant(at)} 早于${body.name}设立之日 ${formatInstant(body.establishedAt)}`,
      );
    }
  }

  /**
   * A seat changes only within its lifetime: from when it was added until it was removed. The
   * message names both dates.
   */
  private assertWithinSeat(tx: RosterTx, seatId: string, at: Date, doing: 'removed' | 'reassigned'): void {
    const life = tx.seatLifetime(seatId);
    const zh = doing === 'removed' ? '撤销' : '调整';
    if (at.getTime() < life.effectiveFrom.getTime()) {
      throw new BadInputException(
        'effectiveFrom',
        at.toISOString(),
        `${formatInstant(at)} is before ${formatInstant(life.effectiveFrom)}, when seat ${seatId} was added; it cannot be ${doing} before it existed`,
        `生效时间 ${formatInstant(at)} 早于该席位设立之日 ${formatInstant(life.effectiveFrom)}，不能在设立之前${zh}`,
      );
    }
    if (life.effectiveTo && at.getTime() >= life.effectiveTo.getTime()) {
      throw new BadInputException(
        'effectiveFrom',
        at.toISOString(),
        `${formatInstant(at)} is on or after ${formatInstant(life.effectiveTo)}, when seat ${seatId} was removed; it cannot be ${doing} after that`,
        `生效时间 ${formatInstant(at)} 不早于该席位撤销之日 ${formatInstant(life.effectiveTo)}，不能再${zh}`,
      );
    }
  }

  private assertRoleFits(body: CommandBodyEntity, role: CommandRole): void {
    if (role === CommandRole.LEADER_ON_DUTY) {
      throw new BadInputException(
        'role',
        role,
        'is not a seat: the 带班领导 comes from the duty roster (importDutyRoster)',
      );
    }
    if (body.kind === 'POST' && !POST_ONLY_ROLES.includes(role)) {
      throw new BadInputException(
        'role',
        role,
        `is for the headquarters only; a post has ${POST_ONLY_ROLES.join(', ')} seats (its members are listed as text)`,
      );
    }
  }
}
