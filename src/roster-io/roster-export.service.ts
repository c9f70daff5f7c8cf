import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Document, isMap, isSeq, visit } from 'yaml';
import { DomainException } from '../common/domain.exception';
import { DirectoryService } from '../roster/directory.service';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { RosterBody, RosterFile, VACANT_SEAT_PERSON } from './roster-file.schema';
import { RosterView } from '../roster/core/roster-view';
import type { BodyRecord } from '../roster/core/roster-records';

export interface RosterFileMeta {
  jurisdiction: RosterFile['jurisdiction'];
  document: RosterFile['document'];
  /** The readings to confirm recorded by the last import; those whose seat still shows them are written back. */
  inferences?: RosterFile['inferences'];
}

/**
 * The roster of a jurisdiction at an instant, in the roster file format the loader reads
 * (config/roster/*.yaml). Pure: the same view, instant and meta give the same file.
 */
export function rosterFileFromView(view: RosterView, at: Date, meta: RosterFileMeta): RosterFile {
  const bodies = view
    .bodyCodes()
    .map((code) => view.body(code)!)
    .filter((b) => b.jurisdiction === meta.jurisdiction.code && b.establishedAt.getTime() <= at.getTime());
  const hq = bodies.find((b) => b.kind === 'HEADQUARTERS');
  if (!hq)
    throw new DomainException(
      'NOT_FOUND',
      `jurisdiction ${meta.jurisdiction.code} has no headquarters on ${at.toISOString()}`,
    );
  const people: RosterFile['people'] = [];
  const titles: RosterFile['titles'] = [];
  const seenPeople = new Set<string>();
  const seenTitles = new Set<string>();
  const toBody = (body: BodyRecord): RosterBody => ({
    code: body.code,
    name: body.name,
    otherNames: body.otherNames,
    duties: body.duties,
    membersText: body.membersText,
    office: { hostUnit: body.officeHostUnit, duties: body.officeDuties },
    seats: view.seatsAt(body, at).map((seat) => {
      if (seat.person && !seenPeople.has(seat.person.id)) {
        seenPeople.add(seat.person.id);
        if (seat.person.aliases.length) people.push({ name: seat.person.name, aliases: [...seat.person.aliases] });
      }
      const position = view.position(seat.positionId);
      if (position && !seenTitles.has(position.id)) {
        seenTitles.add(position.id);
        if (position.multiHolder || position.aliases.length)
          titles.push({ title: position.title, multiHolder: position.multiHolder, aliases: [...position.aliases] });
      }
      return {
        role: seat.role,
        person: seat.person?.name ?? VACANT_SEAT_PERSON,
        title: seat.listedTitle ?? seat.title,
      };
    }),
  });
  const headquarters = toBody(hq);
  const posts = bodies.filter((b) => b.kind === 'POST').map(toBody);
  const seats = [headquarters, ...posts].flatMap((body) => body.seats.map((seat) => ({ body: body.code, ...seat })));
  const inferences = (meta.inferences ?? []).filter((inference) =>
    seats.some(
      (s) =>
        s.body === inference.body &&
        s.role === inference.role &&
        s.person === inference.person &&
        s.title === inference.title,
    ),
  );
  return {
    jurisdiction: { ...meta.jurisdiction },
    document: { ...meta.document },
    people,
    titles,
    inferences,
    headquarters,
    posts,
  };
}

/** The file as YAML: block style, one flow map per seat, as the hand-written files are laid out. */
export function rosterFileToYaml(roster: RosterFile, header: string[] = []): string {
  const doc = new Document(roster);
  visit(doc, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if ((key === 'seats' || key === 'people' || key === 'titles') && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      }
      if ((key === 'otherNames' || key === 'aliases') && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n') || null;
  return doc.toString({ lineWidth: 0 });
}

/** Exports the roster of a jurisdiction at an instant, with the document it was last loaded from. */
@Injectable()
export class RosterExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  async export(at: Date, jurisdiction?: string | null): Promise<{ roster: RosterFile; yaml: string }> {
    const view = await this.directory.view();
    const codes = [...new Set(view.bodyCodes().map((c) => view.body(c)!.jurisdiction))];
    const code = jurisdiction ?? codes[0];
    if (!code || !codes.includes(code)) {
      throw new DomainException(
        'NOT_FOUND',
        `jurisdiction: no roster for ${JSON.stringify(jurisdiction ?? null)}; known: ${codes.join(', ') || 'none (import one first)'}`,
      );
    }
    const meta = await this.meta(code, at, view);
    const roster = rosterFileFromView(view, at, meta);
    const yaml = rosterFileToYaml(roster, [
      `${meta.jurisdiction.name} roster as of ${at.toISOString()}, exported by npm run roster:export.`,
      `The document block is that of the last import effective by then (${meta.document.ref}).`,
      'To record a new document: edit seats, set document.ref / title / issuer / effectiveFrom to the new',
      'document, and run npm run roster:import -- <this file>; the differences become dated changes.',
      `A vacant seat is written as person: ${VACANT_SEAT_PERSON}.`,
    ]);
    return { roster, yaml };
  }

  private async meta(code: string, at: Date, view: RosterView): Promise<RosterFileMeta> {
    const imports = await this.dataSource
      .getRepository(RosterChangeEntity)
      .find({ where: { kind: 'IMPORT' }, order: { effectiveFrom: 'ASC', recordedAt: 'ASC' } });
    let found: RosterFileMeta | null = null;
    for (const row of imports) {
      const data = JSON.parse(row.data) as Partial<RosterFileMeta>;
      if (data.jurisdiction?.code !== code || !data.document) continue;
      if (row.effectiveFrom.getTime() <= at.getTime() || !found) {
        found = { jurisdiction: data.jurisdiction, document: data.document, inferences: data.inferences ?? [] };
      }
    }
    if (found) return found;
    // Rosters loaded before imports were journalled: what the bodies remember.
    const hq = view
      .bodyCodes()
      .map((c) => view.body(c)!)
      .find((b) => b.jurisdiction === code && b.kind === 'HEADQUARTERS')!;
    const local = new Date(hq.establishedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    return {
      jurisdiction: { code, name: code },
      document: {
        ref: hq.documentRef ?? '（未记录）',
        title: '（未记录）',
        issuer: '（未记录）',
        effectiveFrom: local,
      },
    };
  }
}
