import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/principal.types';
import { BadInputException } from '../common/domain.exception';
import { covers, reachesPast } from '../roster/core/period';
import { formatInstant } from '../roster/core/text-match';
import { PersonEntity } from '../roster/entities/person.entity';
import type { PositionEntity } from '../roster/entities/position.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { effectiveFrom, heldBy, holderNamed, holderNames } from './core/change-rules';
import type { JournalEntry } from '../roster/roster-change-row.helper';
import type {
  AppointActingCommand,
  AppointCommand,
  ChangeMeta,
  ChangeOutcome,
  VacateCommand,
} from './roster-change.types';
import { RosterTransactionService } from './roster-transaction.service';
import { earliest, type RosterTx } from './roster-tx.helper';

/**
 * Tenure changes: who holds a title. An appointment, an acting period, a holder who leaves; the
 * seats listed under the title follow its holder. Each runs as one roster change
 * (RosterTransactionService); the `…In` forms run inside a change already open (re-import).
 */
@Injectable()
export class TenureChangeService {
  constructor(private readonly transactions: RosterTransactionService) {}

  appoint(command: AppointCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.appointIn(tx, command), command);
  }

  appointActing(command: AppointActingCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.appointActingIn(tx, command), command);
  }

  vacatePosition(command: VacateCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.vacateIn(tx, command), command);
  }

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
    const { at, position, tenures } = scopeOf(tx, command);
    if (position.multiHolder && !command.replacing?.trim() && !opts.allowNoReplacing) {
      const holders = holderNames(tx, tenures, at);
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
        replaced = holderNamed(tx, position, tenures, at, command.replacing);
      } else {
        const current = substantive[0];
        replaced = current ? tx.personById(current.personId) : null;
      }
    } else if (command.replacing?.trim()) {
      replaced = holderNamed(tx, position, tenures, at, command.replacing);
      if (replaced.id === person.id)
        throw new BadInputException('replacing', command.replacing, 'names the person being appointed');
      const replacedId = replaced.id;
      leaving = tenures.filter((t) => t.personId === replacedId && reachesPast(t, at));
    } else {
      leaving = [];
    }
    await tx.end(TenureEntity, leaving, at, {
      future: 'reject',
      describe: (t) => tookOffice(tx, t, position),
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
    const moving = position.multiHolder ? seats.filter((s) => replaced && heldBy(tx, s, at, replaced.id)) : seats;
    const ending = new Set(leaving.map((t) => t.id));
    const seatIds = await tx.fillSeats(moving, at, { personId: person.id, tenureId: tenure.id, acting: false }, ending);

    return recordAppointment(tx, at, command, position, person, created, {
      kind: 'APPOINT',
      summary: `${person.name} 任 ${position.title}${replaced ? `，接替 ${replaced.name}` : ''}（${seatIds.length} 个席位随职务变更）`,
      data: {
        replacedPersonId: replaced?.id ?? null,
        replacedPersonName: replaced?.name ?? null,
        tenureId: tenure.id,
        seatIds,
      },
    });
  }

  /**
   * An acting holder (代理 / 主持工作) from effectiveFrom, until `until` when given. The seats go to
   * the acting holder, shown as acting. When the title has a holder (on leave, or `replacing` for
   * a multi-holder title) their tenure continues and their seats come back to them at `until`;
   * when it is vacant the acting holder keeps the seats after `until` and rosterIssues reports it.
   */
  async appointActingIn(tx: RosterTx, command: AppointActingCommand): Promise<ChangeOutcome> {
    const { at, position, tenures } = scopeOf(tx, command);
    const until = command.until ?? null;
    if (until && until.getTime() <= at.getTime()) {
      throw new BadInputException('until', until.toISOString(), `must be after effectiveFrom (${formatInstant(at)})`);
    }
    if (position.multiHolder && !command.replacing?.trim()) {
      const holders = holderNames(tx, tenures, at);
      throw new BadInputException(
        'replacing',
        command.replacing ?? null,
        `${position.title} is held by several people at once${holders ? ` (${holders})` : ''}; name the holder the acting holder stands in for`,
      );
    }
    const { person, created } = await tx.resolvePerson(command.personName, command.personId, { create: true });
    let holder: TenureEntity | undefined;
    if (command.replacing?.trim()) {
      const named = holderNamed(tx, position, tenures, at, command.replacing);
      holder = tenures.find((t) => t.personId === named.id && !t.acting && covers(t, at));
    } else {
      holder = tenures.find((t) => !t.acting && covers(t, at));
    }
    if (holder?.personId === person.id) {
      throw new BadInputException(
        'personName',
        command.personName,
        `holds ${position.title} already; an acting holder stands in for someone else`,
      );
    }
    // An acting period already recorded for the same seats ends where this one begins; one that begins
    // later stays (a later change already recorded), and this one ends by then.
    const priorActing = tenures.filter(
      (t) => t.acting && reachesPast(t, at) && t.effectiveFrom.getTime() <= at.getTime(),
    );
    const seats = tx.seatsOfPositionFrom(position.id, at);
    const moving = position.multiHolder ? seats.filter((s) => holder && heldBy(tx, s, at, holder.personId)) : seats;
    const priorActingHere = position.multiHolder
      ? priorActing.filter((t) =>
          moving.some((s) => tx.assignmentsOf(s.id).some((a) => a.tenureId === t.id && reachesPast(a, at))),
        )
      : priorActing;
    await tx.end(TenureEntity, priorActingHere, at, {
      future: 'reject',
      describe: (t) => tookOffice(tx, t, position),
    });

    // Whom the acting holder stands in for. A later change of these seats already recorded (the next
    // holder appointed) stays and ends the acting period there, as if it had been entered after this one.
    const ending = new Set([...(holder ? [holder.id] : []), ...priorActingHere.map((t) => t.id)]);
    const next = moving.map((s) => tx.nextChange(s.id, at, ending)?.effectiveFrom ?? null);
    const takenOver = next.length > 0 && next.every((d) => d !== null) ? new Date(Math.max(...next.map(Number))) : null;
    const ends = earliest(until, takenOver);
    const acting = await tx.insertTenure({
      positionId: position.id,
      personId: person.id,
      from: at,
      to: ends,
      acting: true,
      documentRef: command.documentRef,
    });
    const returns = holder && until && reachesPast(holder, until) ? until : null;
    const seatIds = await tx.fillSeats(
      moving,
      at,
      { personId: person.id, tenureId: acting.id, acting: true, to: returns },
      ending,
    );
    if (holder && returns) {
      for (const [i, seat] of moving.entries()) {
        await tx.insertAssignment({
          seat,
          personId: holder.personId,
          tenureId: holder.id,
          from: returns,
          to: earliest(holder.effectiveTo, next[i]),
          acting: false,
        });
      }
    }
    const period = ends ? `${formatInstant(at)} 至 ${formatInstant(ends)}` : `自 ${formatInstant(at)} 起`;
    return recordAppointment(tx, at, command, position, person, created, {
      kind: 'APPOINT_ACTING',
      summary: `${person.name} 代理 ${position.title}（${period}${holder ? `，代 ${tx.personName(holder.personId)}` : ''}；${seatIds.length} 个席位）`,
      data: {
        until: ends?.toISOString() ?? null,
        standsInForPersonId: holder?.personId ?? null,
        tenureId: acting.id,
        seatIds,
      },
    });
  }

  /**
   * The holder (for a multi-holder title: the named one; for any title, the named acting holder)
   * leaves. Their seats become vacant, or go to whoever else still holds a single-holder title
   * (the substantive holder when an acting period is cut short, the acting holder when the
   * substantive holder leaves).
   */
  async vacateIn(tx: RosterTx, command: VacateCommand): Promise<ChangeOutcome> {
    const { at, position, tenures } = scopeOf(tx, command);
    let leaving: TenureEntity[];
    let seats = tx.seatsOfPositionFrom(position.id, at);
    let who: PersonEntity | null = null;
    if (position.multiHolder || command.personName?.trim() || command.personId) {
      if (!command.personName?.trim() && !command.personId) {
        const holders = holderNames(tx, tenures, at);
        throw new BadInputException(
          'personName',
          null,
          `${position.title} is held by several people at once${holders ? ` (${holders})` : ''}; name the holder who leaves`,
        );
      }
      who = command.personId
        ? tx.personById(command.personId)
        : holderNamed(tx, position, tenures, at, command.personName!, 'personName', true);
      const whoId = who.id;
      leaving = tenures.filter((t) => t.personId === whoId && reachesPast(t, at));
      if (position.multiHolder) seats = seats.filter((s) => heldBy(tx, s, at, whoId));
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
      describe: (t) => tookOffice(tx, t, position),
    });
    // Up to each seat's next change already recorded, which stays.
    const ending = new Set(leaving.map((t) => t.id));
    let ended = 0;
    for (const seat of seats) ended += (await tx.clearSeatFrom(seat.id, at, ending)).ended;
    const remaining = position.multiHolder ? undefined : tenures.find((t) => !leaving.includes(t) && covers(t, at));
    if (remaining) {
      await tx.fillSeats(
        seats,
        at,
        {
          personId: remaining.personId,
          tenureId: remaining.id,
          acting: remaining.acting,
          to: remaining.acting ? null : remaining.effectiveTo,
        },
        ending,
      );
    }
    return tx.record(
      at,
      command,
      {
        kind: 'VACATE',
        summary: `${names.join('、')} 不再担任 ${position.title}，${seats.length} 个席位${remaining ? `由 ${tx.personName(remaining.personId)}${remaining.acting ? ' 代理' : ' 担任'}` : '空缺'}`,
        data: {
          positionId: position.id,
          positionTitle: position.title,
          personIds: [...new Set(leaving.map((t) => t.personId))],
          personNames: names,
          seatIds: seats.map((s) => s.id),
          endedAssignments: ended,
          seatsGoTo: remaining?.personId ?? null,
        },
      },
      { positionId: position.id },
    );
  }
}

/** A tenure as a refusal names it: 甲 took office as 局长 (doc), or 乙 began acting as 局长. */
function tookOffice(tx: RosterTx, t: TenureEntity, position: PositionEntity): string {
  const doc = t.documentRef ? ` (${t.documentRef})` : '';
  return `${tx.personName(t.personId)} ${t.acting ? 'began acting' : 'took office'} as ${position.title}${doc}`;
}

/** What a tenure change is about: when it takes effect, the title, and the title's tenures. */
function scopeOf(tx: RosterTx, command: ChangeMeta & { positionTitle: string }) {
  const at = effectiveFrom(tx, command);
  const position = tx.position(command.positionTitle);
  return { at, position, tenures: tx.tenuresOf(position.id) };
}

/** Journals an appointment: the title and who takes it, then what `entry.data` adds. */
function recordAppointment(
  tx: RosterTx,
  at: Date,
  command: ChangeMeta,
  position: PositionEntity,
  person: PersonEntity,
  created: boolean,
  entry: Pick<JournalEntry, 'kind' | 'summary' | 'data'>,
): Promise<ChangeOutcome> {
  const data = {
    positionId: position.id,
    positionTitle: position.title,
    personId: person.id,
    personName: person.name,
    personCreated: created,
    ...entry.data,
  };
  return tx.record(at, command, { ...entry, data }, { positionId: position.id, personId: person.id });
}
