import { DomainException } from '../common/domain.exception';
import { CommandRole, COMMAND_ROLES } from '../roster/core/command-role';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import type { ChangeMeta } from '../roster-maintenance/roster-change.types';
import type { SeatChangeService } from '../roster-maintenance/seat-change.service';
import type { TenureChangeService } from '../roster-maintenance/tenure-change.service';
import { canonicalNames, canonicalTitles, isVacantSeatPerson, RosterBody, RosterFile } from './roster-file.schema';
import type { RosterTx } from '../roster-maintenance/roster-tx.helper';
import { covers } from '../roster/core/period';
import { bodyEntityFromFile, bodyTextsFromFile, documentDateToInstant } from './roster-rows.helper';

/**
 * Records the differences between a roster file and the roster of its jurisdiction as dated
 * changes, effective on the file's document date and under its document reference: body texts
 * updated, new bodies added, titles declared, holders appointed or vacated (seats follow their
 * title), then seats added, removed and reordered until every body lists what the file lists.
 * Returns one line per change.
 */
export async function recordDifferences(
  tx: RosterTx,
  changes: { tenures: TenureChangeService; seats: SeatChangeService },
  roster: RosterFile,
): Promise<string[]> {
  const code = roster.jurisdiction.code;
  const at = documentDateToInstant(roster.document.effectiveFrom);
  const meta: ChangeMeta & { effectiveFrom: Date } = {
    effectiveFrom: at,
    documentRef: roster.document.ref,
    reason: `导入 ${roster.document.ref}《${roster.document.title}》`,
  };
  const names = canonicalNames(roster);
  const titles = canonicalTitles(roster);
  const canonName = (raw: string) => names.get(raw) ?? raw;
  const canonTitle = (raw: string) => titles.get(raw) ?? raw;
  const start = tx.journalled.length;

  // Bodies: none may disappear; new ones are established on the document date; texts follow the file.
  const fileBodies: Array<[RosterBody, 'HEADQUARTERS' | 'POST', number]> = [
    [roster.headquarters, 'HEADQUARTERS', 0],
    ...roster.posts.map((post, i): [RosterBody, 'POST', number] => [post, 'POST', i + 1]),
  ];
  const dbBodies = tx.rows.bodies.filter((b) => b.jurisdiction === code);
  const dropped = dbBodies.filter((b) => !fileBodies.some(([f]) => f.code === b.code));
  if (dropped.length) {
    throw new DomainException(
      'CONFLICT',
      `the file no longer lists command bod${dropped.length === 1 ? 'y' : 'ies'} ${dropped.map((b) => `${b.code} (${b.name})`).join(', ')}; a command body cannot be dissolved by an import`,
    );
  }
  for (const [source, kind, ordinal] of fileBodies) {
    const existing = dbBodies.find((b) => b.code === source.code);
    if (!existing) {
      const body = bodyEntityFromFile(source, kind, ordinal, code, roster.document.ref, at, tx.now);
      await tx.insertBody(body);
      await tx.journal({
        ...meta,
        effectiveFrom: at,
        kind: 'UPDATE_BODY',
        summary: `设立 ${source.name}（${source.code}）`,
        data: { body: source.code, bodyId: body.id, established: true },
      });
      continue;
    }
    const wanted: Partial<CommandBodyEntity> = bodyTextsFromFile(source, kind, ordinal);
    const changed = (Object.keys(wanted) as Array<keyof CommandBodyEntity>).filter((k) => existing[k] !== wanted[k]);
    if (changed.length) {
      await tx.updateBody(existing, wanted);
      if (changed.some((k) => k !== 'ordinal')) {
        await tx.journal({
          ...meta,
          kind: 'UPDATE_BODY',
          summary: `更新 ${source.name} 的 ${changed.join('、')}`,
          data: { body: source.code, bodyId: existing.id, fields: changed },
        });
      }
    }
  }

  // Titles: declared flags and aliases, and a position for every title a seat is listed under.
  for (const decl of roster.titles) {
    const position = tx.findPosition(decl.title);
    if (!position) {
      await tx.insertPosition({
        jurisdiction: code,
        title: decl.title,
        multiHolder: decl.multiHolder,
        aliases: decl.aliases,
      });
      continue;
    }
    const aliases = JSON.parse(position.aliases) as string[];
    const merged = [...new Set([...aliases, ...decl.aliases])];
    if (position.multiHolder !== decl.multiHolder || merged.length !== aliases.length) {
      await tx.updatePosition(position, { multiHolder: decl.multiHolder, aliases: merged });
    }
  }
  const allSeats = fileBodies.flatMap(([body]) => body.seats.map((seat) => ({ body: body.code, seat })));
  for (const { seat } of allSeats) {
    const title = canonTitle(seat.title);
    if (!tx.findPosition(title)) await tx.insertPosition({ jurisdiction: code, title, multiHolder: false });
  }

  // Holders: who the file seats under each title, against who holds it on the document date.
  const fileHolders = new Map<string, string[]>();
  for (const { seat } of allSeats) {
    const title = canonTitle(seat.title);
    const list = fileHolders.get(title) ?? [];
    if (!isVacantSeatPerson(seat.person) && !list.includes(canonName(seat.person))) list.push(canonName(seat.person));
    fileHolders.set(title, list);
  }
  const personIdOf = (name: string): string | null => {
    const found = tx.personsNamed(name);
    if (found.length > 1)
      throw new DomainException(
        'CONFLICT',
        `${name} names ${found.length} persons in the database; give them distinct names (renamePerson) before importing`,
      );
    return found[0]?.id ?? null;
  };
  const seatsHeldAt = (positionId: string, personId: string): SeatEntity[] =>
    tx.rows.seats.filter(
      (s) => s.positionId === positionId && covers(s, at) && tx.assignmentAt(s.id, at)?.personId === personId,
    );
  for (const [title, wanted] of fileHolders) {
    const position = tx.position(title);
    const current = tx.tenuresOf(position.id).filter((t) => !t.acting && covers(t, at));
    const currentIds = [...new Set(current.map((t) => t.personId))];
    const wantedIds = new Map(wanted.map((name) => [name, personIdOf(name)]));
    const staying = new Set(
      [...wantedIds.values()].filter((id): id is string => id !== null && currentIds.includes(id)),
    );
    const arriving = wanted.filter((name) => {
      const id = wantedIds.get(name);
      return !id || !currentIds.includes(id);
    });
    const leaving = currentIds.filter((id) => !staying.has(id) && seatsHeldAt(position.id, id).length > 0);
    if (!position.multiHolder) {
      if (arriving.length) {
        await changes.tenures.appointIn(tx, {
          ...meta,
          positionTitle: title,
          personName: arriving[0],
          personId: wantedIds.get(arriving[0]) ?? null,
        });
      } else if (wanted.length === 0 && leaving.length) {
        await changes.tenures.vacateIn(tx, { ...meta, positionTitle: title });
      }
      continue;
    }
    // Multi-holder: pair each newcomer with the leaver whose seats they take over most.
    const fileSeatsOf = (name: string) =>
      allSeats
        .filter(
          ({ seat }) =>
            canonTitle(seat.title) === title && !isVacantSeatPerson(seat.person) && canonName(seat.person) === name,
        )
        .map(({ body, seat }) => `${body}/${seat.role}`);
    const dbSeatsOf = (personId: string) =>
      seatsHeldAt(position.id, personId).map((s) => `${tx.rows.bodies.find((b) => b.id === s.bodyId)!.code}/${s.role}`);
    const open = new Set(leaving);
    for (const name of arriving) {
      const mine = fileSeatsOf(name);
      let best: string | null = null;
      let bestScore = 0;
      for (const id of open) {
        const score = dbSeatsOf(id).filter((k) => mine.includes(k)).length;
        if (score > bestScore) [best, bestScore] = [id, score];
      }
      if (best) {
        open.delete(best);
        await changes.tenures.appointIn(tx, {
          ...meta,
          positionTitle: title,
          personName: name,
          personId: wantedIds.get(name) ?? null,
          replacing: tx.personName(best),
        });
      } else {
        await changes.tenures.appointIn(
          tx,
          { ...meta, positionTitle: title, personName: name, personId: wantedIds.get(name) ?? null },
          { allowNoReplacing: true },
        );
      }
    }
    for (const id of open) await changes.tenures.vacateIn(tx, { ...meta, positionTitle: title, personId: id });
  }

  // Seats, body by body and role by role: remove what the file no longer lists, add what it
  // lists anew, then put them in the file's order.
  for (const [source] of fileBodies) {
    const body = tx.body(source.code);
    for (const role of COMMAND_ROLES) {
      const entries = source.seats.filter((s) => s.role === role);
      const keyOf = (positionId: string, personId: string | null) => `${positionId}|${personId ?? ''}`;
      const dbSeats = () =>
        tx.rows.seats
          .filter((s) => s.bodyId === body.id && s.role === role && covers(s, at))
          .sort((a, b) => a.ordinal - b.ordinal);
      const unmatched = [...dbSeats()];
      const order: Array<string | null> = [];
      const toAdd: Array<{ index: number; title: string; person: string | null; listedTitle: string | null }> = [];
      entries.forEach((entry, index) => {
        const position = tx.position(canonTitle(entry.title));
        const personId = isVacantSeatPerson(entry.person) ? null : personIdOf(canonName(entry.person));
        const key = keyOf(position.id, personId);
        const match = unmatched.findIndex(
          (s) => keyOf(s.positionId, tx.assignmentAt(s.id, at)?.personId ?? null) === key,
        );
        if (match >= 0) {
          order.push(unmatched[match].id);
          unmatched.splice(match, 1);
        } else {
          order.push(null);
          toAdd.push({
            index,
            title: position.title,
            person: isVacantSeatPerson(entry.person) ? null : canonName(entry.person),
            listedTitle: entry.title === position.title ? null : entry.title,
          });
        }
      });
      for (const seat of unmatched) await changes.seats.removeSeatIn(tx, { ...meta, seatId: seat.id });
      for (const add of toAdd) {
        const outcome = await changes.seats.addSeatIn(tx, {
          ...meta,
          body: body.code,
          role: role as CommandRole,
          positionTitle: add.title,
          personName: add.person,
          vacant: add.person === null,
          listedTitle: add.listedTitle,
        });
        order[add.index] = outcome.seatId!;
      }
      const current = dbSeats().map((s) => s.id);
      if (current.join() !== order.join()) {
        await changes.seats.reorderSeatsIn(tx, {
          ...meta,
          body: body.code,
          role: role as CommandRole,
          seatIds: order as string[],
        });
      }
    }
  }

  // Other spellings of names the file declares.
  for (const declared of roster.people) {
    const id = personIdOf(declared.name);
    if (!id) continue;
    for (const alias of declared.aliases) await tx.addAlias(id, alias);
  }

  const lines = tx.journalled.slice(start).map((c) => c.summary);
  await tx.journal({
    ...meta,
    kind: 'IMPORT',
    summary: `导入 ${roster.document.ref}《${roster.document.title}》到现有名册：${lines.length} 项变更`,
    data: {
      jurisdiction: roster.jurisdiction,
      document: roster.document,
      inferences: roster.inferences,
      changes: lines.length,
    },
  });
  return lines;
}
