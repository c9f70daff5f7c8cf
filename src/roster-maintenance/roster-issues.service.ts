import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { roleLabel } from '../roster/core/command-role';
import { ContactMethodService } from '../contacts/contact-method.service';
import { DirectoryService } from '../roster/directory.service';
import { RosterIssueKind, RosterIssueModel } from './models/roster-issue.model';
import { RosterView } from '../roster/core/roster-view';
import type { PersonRecord, SeatAt } from '../roster/core/roster-records';
import { covers } from '../roster/core/period';
import { formatInstant } from '../roster/core/text-match';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import type { RosterInference } from '../roster-io/roster-file.schema';
import { RosterIssueSourceRegistry } from './roster-issue-source.registry';

/** Finds what in the roster needs attention at an instant (pure over the view and a set of reachable persons). */
export function findRosterIssues(
  view: RosterView,
  at: Date,
  reachable: ReadonlySet<string>,
  inferences: readonly RosterInference[] = [],
): Array<Omit<RosterIssueModel, 'persons'> & { persons: PersonRecord[] }> {
  const issues: Array<Omit<RosterIssueModel, 'persons'> & { persons: PersonRecord[] }> = [];
  const seats = view.allSeatsAt(at);
  const where = (s: SeatAt) => `${s.body.name} ${roleLabel(s.role, s.body.kind === 'HEADQUARTERS')}（${s.title}）`;
  const base = (s: SeatAt) => ({ body: s.body.code, role: s.role, title: s.title, seatId: s.seatId });

  for (const seat of seats) {
    if (seat.person) continue;
    const ended = view.seatVacantSince(seat.seatId, at);
    issues.push({
      kind: RosterIssueKind.VACANT_SEAT,
      message: `${where(seat)} 空缺`,
      ...base(seat),
      persons: [],
      since: ended,
    });
  }

  // Acting holders still seated after their acting period ended.
  const acting = new Map<string, { person: PersonRecord; title: string; end: Date; seats: SeatAt[] }>();
  for (const seat of seats) {
    if (!seat.person || !seat.acting || !seat.tenureId) continue;
    const tenure = view.tenuresOf(seat.positionId).find((t) => t.id === seat.tenureId);
    if (!tenure?.effectiveTo || tenure.effectiveTo.getTime() > at.getTime()) continue;
    const entry = acting.get(tenure.id) ?? {
      person: seat.person,
      title: seat.title,
      end: tenure.effectiveTo,
      seats: [],
    };
    entry.seats.push(seat);
    acting.set(tenure.id, entry);
  }
  for (const { person, title, end, seats: held } of acting.values()) {
    issues.push({
      kind: RosterIssueKind.ACTING_PAST_END,
      message: `${person.name} 代理 ${title} 的期限已于 ${formatInstant(end)} 届满，仍在 ${held.length} 个席位上代理；请任命或延长代理期限`,
      body: null,
      role: null,
      title,
      seatId: null,
      persons: [person],
      since: end,
    });
  }

  // A single-holder title filled by different persons in different seats.
  const byPosition = new Map<string, SeatAt[]>();
  for (const seat of seats)
    if (seat.person) byPosition.set(seat.positionId, [...(byPosition.get(seat.positionId) ?? []), seat]);
  for (const [positionId, held] of byPosition) {
    const position = view.position(positionId);
    if (!position || position.multiHolder) continue;
    const persons = new Map(held.map((s) => [s.person!.id, s.person!]));
    if (persons.size < 2) continue;
    issues.push({
      kind: RosterIssueKind.TITLE_UNDER_TWO_NAMES,
      message: `${position.title} 是单人职务，却由 ${[...persons.values()].map((p) => `${p.name}（${held.filter((s) => s.person!.id === p.id).length} 个席位）`).join('、')} 分别担任；如是同一人请登记别名，否则请任命`,
      body: null,
      role: null,
      title: position.title,
      seatId: null,
      persons: [...persons.values()],
      since: null,
    });
  }

  // Seats filled by someone who no longer holds the title (acting holders are covered above).
  for (const seat of seats) {
    if (!seat.person || seat.acting) continue;
    const holds = view.tenuresOf(seat.positionId).some((t) => t.personId === seat.person!.id && covers(t, at));
    if (holds) continue;
    const left = view
      .tenuresOf(seat.positionId)
      .filter((t) => t.personId === seat.person!.id && t.effectiveTo && t.effectiveTo.getTime() <= at.getTime())
      .map((t) => t.effectiveTo!)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    issues.push({
      kind: RosterIssueKind.HOLDER_LEFT_POSITION,
      message: `${where(seat)} 仍由 ${seat.person.name} 担任，但其${left ? `已于 ${formatInstant(left)} ` : ''}不再担任 ${seat.title}`,
      ...base(seat),
      persons: [seat.person],
      since: left ?? null,
    });
  }

  // Titles the document does not print next to the person: shown while the seat still holds the reading.
  for (const inference of inferences) {
    const seat = seats.find(
      (s) =>
        s.body.code === inference.body &&
        s.role === inference.role &&
        s.title === inference.title &&
        s.person !== null &&
        (s.person.name === inference.person || s.person.aliases.includes(inference.person)),
    );
    if (!seat?.person) continue;
    const conflict = inference.conflictQuote
      ? `；但${inference.conflictRef ?? '文件'}又印有"${inference.conflictQuote}"，两种读法冲突`
      : '';
    issues.push({
      kind: RosterIssueKind.INFERENCE_TO_CONFIRM,
      message:
        `${where(seat)}：${seat.person.name} 的职务"${inference.title}"在名单中未印出，系推断，请确认。` +
        `依据${inference.quoteRef}"${inference.quote}"${conflict}。`,
      ...base(seat),
      persons: [seat.person],
      since: null,
    });
  }

  // Seat holders nobody can notify.
  const holders = new Map<string, { person: PersonRecord; seats: number }>();
  for (const seat of seats) {
    if (!seat.person) continue;
    const entry = holders.get(seat.person.id) ?? { person: seat.person, seats: 0 };
    entry.seats++;
    holders.set(seat.person.id, entry);
  }
  for (const { person, seats: count } of [...holders.values()].sort(
    (a, b) => b.seats - a.seats || a.person.name.localeCompare(b.person.name, 'zh-Hans-CN'),
  )) {
    if (reachable.has(person.id)) continue;
    issues.push({
      kind: RosterIssueKind.NO_CONTACT_METHOD,
      message: `${person.name}（${count} 个席位）没有可用的联系方式，启动时无法通知`,
      body: null,
      role: null,
      title: null,
      seatId: null,
      persons: [person],
      since: null,
    });
  }
  return issues;
}

@Injectable()
export class RosterIssuesService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly contacts: ContactMethodService,
    private readonly dataSource: DataSource,
    private readonly sources: RosterIssueSourceRegistry,
  ) {}

  /** The readings to confirm that the roster files imported by `at` recorded (each jurisdiction's latest import). */
  private async inferences(at: Date): Promise<RosterInference[]> {
    const imports = await this.dataSource
      .getRepository(RosterChangeEntity)
      .find({ where: { kind: 'IMPORT' }, order: { effectiveFrom: 'ASC', recordedAt: 'ASC' } });
    const latest = new Map<string, RosterInference[]>();
    for (const row of imports) {
      if (row.effectiveFrom.getTime() > at.getTime()) continue;
      const data = JSON.parse(row.data) as { jurisdiction?: { code?: string }; inferences?: RosterInference[] };
      latest.set(data.jurisdiction?.code ?? '', data.inferences ?? []);
    }
    return [...latest.values()].flat();
  }

  async issues(asOf: Date, kinds?: RosterIssueKind[] | null): Promise<RosterIssueModel[]> {
    const [view, reachable, inferences] = await Promise.all([
      this.directory.view(),
      this.contacts.personsWithActiveContact(),
      this.inferences(asOf),
    ]);
    const seats = findRosterIssues(view, asOf, reachable, inferences).map((issue) => ({
      ...issue,
      persons: issue.persons.map((p) => this.directory.personModel(p, asOf)),
    }));
    // Then what other modules find (the duty roster's gaps), registered in RosterIssueSourceRegistry.
    return [...seats, ...(await this.sources.collect(asOf))].filter(
      (issue) => !kinds?.length || kinds.includes(issue.kind),
    );
  }
}
