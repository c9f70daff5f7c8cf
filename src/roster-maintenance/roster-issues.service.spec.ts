import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { YamlSource } from '../config/yaml-file.reader';
import { parseRoster, readRosterFile } from '../roster-io/roster-file.schema';
import { findRosterIssues } from './roster-issues.service';
import { rosterRowsFromFile } from '../roster-io/roster-view.fixture';
import { RosterView } from '../roster/core/roster-view';
import { RosterIssueKind } from './models/roster-issue.model';

const JINCHENG = join(__dirname, '..', '..', 'config', 'roster', 'jincheng-2019.yaml');
const NOW = new Date('2021-06-01T00:00:00Z');
const LEFT = new Date('2021-01-01T00:00:00Z');

function rows() {
  return rosterRowsFromFile(readRosterFile(JINCHENG), new Date('2019-09-12T00:00:00Z'));
}

const kinds = (issues: ReturnType<typeof findRosterIssues>) => [...new Set(issues.map((i) => i.kind))];

describe('findRosterIssues', () => {
  it('finds nothing in the loaded roster when everyone can be reached', () => {
    const r = rows();
    expect(findRosterIssues(new RosterView(r), NOW, new Set(r.persons.map((p) => p.id)))).toEqual([]);
  });

  it('lists every seat holder nobody can notify, most seats first', () => {
    const r = rows();
    const issues = findRosterIssues(new RosterView(r), NOW, new Set());
    expect(kinds(issues)).toEqual([RosterIssueKind.NO_CONTACT_METHOD]);
    expect(issues[0].persons[0].name).toBe('鲍瑞卿');
    expect(issues[0].message).toBe('鲍瑞卿（25 个席位）没有可用的联系方式，启动时无法通知');
  });

  it('reports a seat whose holder left the title, and a vacant seat', () => {
    const r = rows();
    const zhang = r.persons.find((p) => p.name === '张平')!;
    const tenure = r.tenures.find((t) => t.personId === zhang.id)!;
    tenure.effectiveTo = LEFT; // the tenure ended, the seats were not moved
    const seat = r.seats.find((s) => s.positionId === tenure.positionId)!;
    const assignment = r.assignments.find((a) => a.seatId === seat.id)!;
    assignment.personId = null; // one seat vacant
    const issues = findRosterIssues(new RosterView(r), NOW, new Set(r.persons.map((p) => p.id)));
    expect(kinds(issues)).toEqual([RosterIssueKind.VACANT_SEAT, RosterIssueKind.HOLDER_LEFT_POSITION]);
    const left = issues.filter((i) => i.kind === RosterIssueKind.HOLDER_LEFT_POSITION);
    expect(left.length).toBeGreaterThan(0);
    expect(
      left.every(
        (i) => i.persons[0].name === '张平' && i.since?.getTime() === LEFT.getTime() && i.title === '市气象局局长',
      ),
    ).toBe(true);
    expect(issues.find((i) => i.kind === RosterIssueKind.VACANT_SEAT)).toMatchObject({
      seatId: seat.id,
      title: '市气象局局长',
    });
  });

  it('reports a single-holder title filled under two names', () => {
    const r = rows();
    const liu = r.persons.find((p) => p.name === '刘闯')!;
    const variant = { ...liu, id: 'liu-wen', name: '刘闻' };
    r.persons.push(variant);
    const seat = r.assignments.find((a) => a.personId === liu.id)!;
    seat.personId = variant.id;
    r.tenures.push({ ...r.tenures.find((t) => t.personId === liu.id)!, id: 't-variant', personId: variant.id });
    const issues = findRosterIssues(new RosterView(r), NOW, new Set(r.persons.map((p) => p.id)));
    expect(kinds(issues)).toEqual([RosterIssueKind.TITLE_UNDER_TWO_NAMES]);
    expect(issues[0].title).toBe('市规划和自然资源局局长');
    expect(issues[0].persons.map((p) => p.name).sort()).toEqual(['刘闯', '刘闻'].sort());
  });

  it('reports an acting holder still seated after the acting period', () => {
    const r = rows();
    const tenure = r.tenures.find((t) => r.persons.find((p) => p.id === t.personId)?.name === '张国文')!;
    tenure.acting = true;
    tenure.effectiveTo = LEFT;
    for (const a of r.assignments.filter((x) => x.tenureId === tenure.id)) a.acting = true;
    const issues = findRosterIssues(new RosterView(r), NOW, new Set(r.persons.map((p) => p.id)));
    expect(kinds(issues)).toEqual([RosterIssueKind.ACTING_PAST_END]);
    expect(issues[0]).toMatchObject({ title: '市水务局局长', since: LEFT });
    expect(issues[0].message).toContain('张国文 代理 市水务局局长 的期限已于 2021-01-01');
    expect(
      findRosterIssues(new RosterView(r), new Date(LEFT.getTime() - 1), new Set(r.persons.map((p) => p.id))),
    ).toEqual([]);
  });
});

describe('findRosterIssues: inferences to confirm (roster file inferences)', () => {
  const file = readRosterFile(JINCHENG);

  it('records 焦新文 as 市政府秘书长, citing the 大事记, with the conflicting title after 牛泽民', () => {
    expect(file.inferences).toEqual([
      expect.objectContaining({
        body: 'HQ',
        role: 'DEPUTY_COMMANDER',
        person: '焦新文',
        title: '市政府秘书长',
        quote: '市政府党组成员、秘书长焦新文',
        quoteRef: expect.stringContaining('2019-09-23'),
        conflictQuote: expect.stringContaining('牛泽民'),
      }),
    ]);
    const seat = file.headquarters.seats.find((s) => s.person === '焦新文');
    expect(seat?.title).toBe('市政府秘书长');
  });

  it('lists the inference while the seat still shows it, and not once the seat changed', () => {
    const r = rows();
    const reachable = new Set(r.persons.map((p) => p.id));
    const issues = findRosterIssues(new RosterView(r), NOW, reachable, file.inferences);
    expect(kinds(issues)).toEqual([RosterIssueKind.INFERENCE_TO_CONFIRM]);
    expect(issues[0]).toMatchObject({ body: 'HQ', role: 'DEPUTY_COMMANDER', title: '市政府秘书长' });
    expect(issues[0].persons.map((p) => p.name)).toEqual(['焦新文']);
    expect(issues[0].message).toContain('市政府党组成员、秘书长焦新文');
    expect(issues[0].message).toContain('两种读法冲突');
    expect(issues[0].message).toContain('请确认');

    const jiao = r.persons.find((p) => p.name === '焦新文')!;
    for (const assignment of r.assignments) if (assignment.personId === jiao.id) assignment.personId = null;
    const after = findRosterIssues(new RosterView(r), NOW, reachable, file.inferences);
    expect(kinds(after)).toEqual([RosterIssueKind.VACANT_SEAT]);
  });
});

describe('roster file inferences', () => {
  it('must name a seat of the file under the inferred title', () => {
    const text = readFileSync(JINCHENG, 'utf8').replace(
      '    title: 市政府秘书长\n    quote:',
      '    title: 副市长\n    quote:',
    );
    expect(() => parseRoster(new YamlSource('jincheng-2019.yaml', text))).toThrow(
      /inferences\[0\]: no seat DEPUTY_COMMANDER of HQ is held by "焦新文" under "副市长"/,
    );
  });
});
