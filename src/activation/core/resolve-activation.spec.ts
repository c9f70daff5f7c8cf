import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DomainException } from '../../common/domain.exception';
import { Severity, SEVERITIES } from '../../common/core/severity';
import { ActivationRules, IncidentTypeDef, readActivationRules, readIncidentTypes } from '../../config/rules.config';
import { CommandRole } from '../../roster/core/command-role';
import { PersonEntity } from '../../roster/entities/person.entity';
import { SeatAssignmentEntity } from '../../roster/entities/seat-assignment.entity';
import { canonicalNames, readRosterFile, RosterBody } from '../../roster-io/roster-file.schema';
import { RosterView } from '../../roster/core/roster-view';
import { rosterRowsFromFile, rosterViewFromFile } from '../../roster-io/roster-view.fixture';
import { ActivationResult, resolveActivation } from './resolve-activation';

const CONFIG = resolve(__dirname, '..', '..', '..', 'config');
const roster = readRosterFile(resolve(CONFIG, 'roster', 'jincheng-2019.yaml'));
const rules: ActivationRules = readActivationRules(resolve(CONFIG, 'activation-rules.yaml'));
const types = readIncidentTypes(resolve(CONFIG, 'incident-types.yaml')).types;
const view = rosterViewFromFile(roster);
const AT = new Date('2024-06-01T08:00:00+08:00');

const typeOf = (code: string): IncidentTypeDef => {
  const type = types.find((t) => t.code === code);
  if (!type) throw new Error(`no type ${code}`);
  return type;
};
const activate = (code: string, severity: Severity, at = AT, v: RosterView = view): ActivationResult =>
  resolveActivation(v, rules, typeOf(code), severity, at);
const names = (a: ActivationResult) => a.recipients.map((r) => r.personName);
const rolesOf = (a: ActivationResult, name: string) =>
  a.recipients.find((r) => r.personName === name)?.roles.map((r) => `${r.body} ${r.role}`);

/** The thresholds domain.md reads from each post's name and duties (written out, not read from config). */
const THRESHOLD: Record<string, Severity> = {
  EARTHQUAKE: Severity.IV,
  FOREST_GRASSLAND_FIRE: Severity.III,
  FLOOD_DROUGHT: Severity.II,
  GEOLOGICAL_DISASTER: Severity.III,
  METEOROLOGICAL_DISASTER: Severity.III,
  PRODUCTION_SAFETY: Severity.III,
  COAL_MINE_SAFETY: Severity.III,
  TRAFFIC_ACCIDENT: Severity.III,
  CULTURE_TOURISM: Severity.III,
  CAMPUS_SAFETY: Severity.III,
  URBAN_RURAL_CONSTRUCTION: Severity.III,
  SPECIAL_EQUIPMENT: Severity.IV,
  ECO_ENVIRONMENT: Severity.III,
  PUBLIC_HEALTH: Severity.III,
  MARKET_SUPERVISION: Severity.III,
  ANIMAL_EPIDEMIC: Severity.III,
  SOCIAL_SECURITY: Severity.II,
};
const rank = (s: Severity) => SEVERITIES.indexOf(s);

/**
 * Who domain.md says is told, computed straight from the roster FILE (not the view): the post's
 * commanders, deputies and office directors when it commands, else its office directors; the HQ
 * office director always; the HQ commander and executive deputy for grade I.
 */
function expectedFromFile(code: string, severity: Severity): Map<string, string[]> {
  const canonical = canonicalNames(roster);
  const post = roster.posts.find((p) => p.code === code)!;
  const hq = roster.headquarters;
  const active = rank(severity) <= rank(THRESHOLD[code]);
  const told = new Map<string, string[]>();
  const add = (body: RosterBody, roles: CommandRole[]) => {
    for (const seat of body.seats.filter((s) => roles.includes(s.role))) {
      const name = canonical.get(seat.person) ?? seat.person;
      const list = told.get(name) ?? [];
      const role = `${body.code} ${seat.role}`;
      if (!list.includes(role)) list.push(role);
      told.set(name, list);
    }
  };
  if (severity === Severity.I) add(hq, [CommandRole.COMMANDER, CommandRole.EXECUTIVE_DEPUTY_COMMANDER]);
  add(
    post,
    active
      ? [CommandRole.COMMANDER, CommandRole.DEPUTY_COMMANDER, CommandRole.OFFICE_DIRECTOR]
      : [CommandRole.OFFICE_DIRECTOR],
  );
  add(hq, [CommandRole.OFFICE_DIRECTOR]);
  return told;
}

describe('resolveActivation against the Jincheng 2019 roster', () => {
  it('has a post for each of the 17 types, with the thresholds of domain.md', () => {
    expect(types.map((t) => t.code).sort()).toEqual(Object.keys(THRESHOLD).sort());
    for (const type of types) expect(activate(type.code, Severity.IV).commandThreshold).toBe(THRESHOLD[type.code]);
  });

  const cases = Object.keys(THRESHOLD).flatMap((code) => SEVERITIES.map((severity) => ({ code, severity })));
  it.each(cases)('$code at grade $severity: activation and the exact recipients', ({ code, severity }) => {
    const a = activate(code, severity);
    expect(a.postCode).toBe(code);
    expect(a.activated).toBe(rank(severity) <= rank(THRESHOLD[code]));
    expect(a.headquarters).toBe(severity === Severity.I);
    const expected = expectedFromFile(code, severity);
    // Exactly these persons, each once, each with every role they hold in this activation.
    expect(names(a).sort()).toEqual([...expected.keys()].sort());
    expect(new Set(a.recipients.map((r) => r.personId)).size).toBe(a.recipients.length);
    for (const [name, roles] of expected) expect(rolesOf(a, name)?.sort()).toEqual([...roles].sort());
    expect(a.vacancies).toEqual([]);
    expect(a.reason).toContain(rules.posts[code].source);
    expect(a.reason).toContain('晋市政办〔2019〕37号');
  });

  it('a 较大 (III) coal-mine accident tells exactly the eight leaders of the post, each once', () => {
    const a = activate('COAL_MINE_SAFETY', Severity.III);
    expect(a.activated).toBe(true);
    expect(a.headquarters).toBe(false);
    expect(names(a)).toEqual(['张利锋', '李子荣', '鲍瑞卿', '席学武', '祁砖', '刘同兴', '胡锐', '赵新']);
    expect(rolesOf(a, '鲍瑞卿')).toEqual([
      'COAL_MINE_SAFETY DEPUTY_COMMANDER',
      'COAL_MINE_SAFETY OFFICE_DIRECTOR',
      'HQ OFFICE_DIRECTOR',
    ]);
    expect(rolesOf(a, '席学武')).toEqual(['COAL_MINE_SAFETY DEPUTY_COMMANDER', 'COAL_MINE_SAFETY OFFICE_DIRECTOR']);
    expect(rolesOf(a, '张利锋')).toEqual(['COAL_MINE_SAFETY COMMANDER']);
    const zhang = a.recipients[0].roles[0];
    expect(zhang).toEqual({
      body: 'COAL_MINE_SAFETY',
      bodyName: '较大及以上煤矿生产安全事故应急指挥部',
      role: CommandRole.COMMANDER,
      roleName: '指挥长',
      title: '市委常委、常务副市长',
      acting: false,
    });
    expect(a.reason).toContain(
      'III级(较大)煤矿生产安全事故达到较大及以上煤矿生产安全事故应急指挥部的指挥级别(III级(较大)及以上)',
    );
    expect(a.reason).toContain('"较大及以上煤矿生产安全事故应急指挥部" (晋市政办〔2019〕37号)');
    expect(a.reason).toContain('"负责自然灾害、事故灾难等突发事件信息收集、统计和发布工作"');
    expect(a.citations.map((c) => `${c.rule} ${c.body}`)).toEqual(['POST_ACTIVATED COAL_MINE_SAFETY', 'ALWAYS HQ']);
  });

  it('a 一般 (IV) traffic accident does not activate the traffic post; its office and the HQ office are told', () => {
    const a = activate('TRAFFIC_ACCIDENT', Severity.IV);
    expect(a.activated).toBe(false);
    expect(a.postCode).toBe('TRAFFIC_ACCIDENT');
    expect(names(a)).toEqual(['张海芳', '张鹏', '鲍瑞卿']);
    expect(rolesOf(a, '张海芳')).toEqual(['TRAFFIC_ACCIDENT OFFICE_DIRECTOR']);
    expect(rolesOf(a, '鲍瑞卿')).toEqual(['HQ OFFICE_DIRECTOR']);
    expect(a.reason).toContain('低于较大及以上交通事故应急指挥部的指挥级别');
    expect(a.reason).toContain('属地管理');
    expect(a.reason).toContain('"指导各县(市、区)做好交通事故应对等工作"');
    expect(a.citations[0]).toMatchObject({
      rule: 'POST_BELOW_THRESHOLD',
      source: '指导各县(市、区)做好交通事故应对等工作',
    });
    expect(a.citations[0].decision).toContain('属地');
    const coal = activate('COAL_MINE_SAFETY', Severity.IV);
    expect(coal.citations[0].source).toBe('指导县(市、区)煤矿生产安全事故应对等工作');
    expect(a.citations.map((c) => c.rule)).toEqual(['POST_BELOW_THRESHOLD', 'ALWAYS']);
  });

  it('grade I adds the headquarters leadership, 刘锋 and 张利锋, with headquarters: true', () => {
    const a = activate('COAL_MINE_SAFETY', Severity.I);
    expect(a.headquarters).toBe(true);
    expect(names(a)).toEqual(['刘锋', '张利锋', '李子荣', '鲍瑞卿', '席学武', '祁砖', '刘同兴', '胡锐', '赵新']);
    expect(rolesOf(a, '刘锋')).toEqual(['HQ COMMANDER']);
    expect(rolesOf(a, '张利锋')).toEqual(['HQ EXECUTIVE_DEPUTY_COMMANDER', 'COAL_MINE_SAFETY COMMANDER']);
    expect(a.recipients[0].roles[0].roleName).toBe('总指挥');
    expect(a.recipients[1].roles[0].roleName).toBe('常务副总指挥');
    expect(a.reason).toContain('"统一领导全市自然灾害、事故灾难等突发事件防范和应对工作"');
    // The grade is a decision, said as one; the quote is the headquarters' duty, which names no grade.
    expect(a.citations[0]).toMatchObject({
      rule: 'HEADQUARTERS',
      source: '统一领导全市自然灾害、事故灾难等突发事件防范和应对工作',
    });
    expect(a.citations[0].decision).toContain('文件未规定');
    expect(a.reason).toContain('(决定: 文件未规定');
  });

  it('a 重大 (II) social-security event activates its post; 一般 (IV) does not', () => {
    expect(activate('SOCIAL_SECURITY', Severity.II).activated).toBe(true);
    expect(activate('SOCIAL_SECURITY', Severity.III).activated).toBe(false);
    expect(names(activate('SOCIAL_SECURITY', Severity.III))).toEqual(['赵建云', '鲍瑞卿']);
  });

  it('is plain JSON-safe data that survives a round trip (frozen on incidents)', () => {
    const a = activate('FLOOD_DROUGHT', Severity.II);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.asOf).toBe(AT.toISOString());
    expect(a.rosterRevision).toBe(1);
  });

  it('refuses an instant before the roster took effect', () => {
    expect(() => activate('EARTHQUAKE', Severity.IV, new Date('2019-09-10T00:00:00+08:00'))).toThrow(DomainException);
    expect(() => activate('EARTHQUAKE', Severity.IV, new Date('2019-09-10T00:00:00+08:00'))).toThrow(
      /asOf: .*established on/,
    );
  });
});

describe('resolveActivation with vacancies and personnel changes', () => {
  /** The roster rows with the assignment of `person` on `body`'s `role` seat changed by `edit`. */
  function editAssignment(
    body: string,
    role: CommandRole,
    person: string,
    edit: (rows: ReturnType<typeof rosterRowsFromFile>, a: SeatAssignmentEntity) => void,
  ): RosterView {
    const rows = rosterRowsFromFile(roster);
    const bodyId = rows.bodies.find((b) => b.code === body)!.id;
    const personId = rows.persons.find((p) => p.name === person)!.id;
    const seatIds = new Set(rows.seats.filter((s) => s.bodyId === bodyId && s.role === role).map((s) => s.id));
    const assignment = rows.assignments.find((a) => seatIds.has(a.seatId) && a.personId === personId)!;
    edit(rows, assignment);
    return new RosterView(rows);
  }

  it('lists a vacant seat instead of dropping it silently', () => {
    const vacant = editAssignment('COAL_MINE_SAFETY', CommandRole.COMMANDER, '张利锋', (_rows, a) => {
      a.personId = null;
    });
    const a = activate('COAL_MINE_SAFETY', Severity.III, AT, vacant);
    expect(names(a)).toEqual(['李子荣', '鲍瑞卿', '席学武', '祁砖', '刘同兴', '胡锐', '赵新']);
    expect(a.vacancies).toEqual([
      {
        body: 'COAL_MINE_SAFETY',
        bodyName: '较大及以上煤矿生产安全事故应急指挥部',
        role: CommandRole.COMMANDER,
        roleName: '指挥长',
        title: '市委常委、常务副市长',
      },
    ]);
    expect(a.reason).toContain('空缺席位需上报补位: 较大及以上煤矿生产安全事故应急指挥部指挥长(市委常委、常务副市长)');
  });

  it('a seat whose holder left (assignment ended) is vacant after, filled before', () => {
    const left = new Date('2023-01-01T00:00:00+08:00');
    const ended = editAssignment('HQ', CommandRole.OFFICE_DIRECTOR, '鲍瑞卿', (_rows, a) => {
      a.effectiveTo = left;
    });
    const after = activate('TRAFFIC_ACCIDENT', Severity.IV, AT, ended);
    expect(names(after)).toEqual(['张海芳', '张鹏']);
    expect(after.vacancies.map((v) => `${v.body} ${v.role} ${v.title}`)).toEqual([
      'HQ OFFICE_DIRECTOR 市应急管理局局长',
    ]);
    const before = activate('TRAFFIC_ACCIDENT', Severity.IV, new Date('2022-06-01T00:00:00+08:00'), ended);
    expect(names(before)).toEqual(['张海芳', '张鹏', '鲍瑞卿']);
    expect(before.vacancies).toEqual([]);
  });

  it('follows a personnel change: the new holder from the date it takes effect', () => {
    const from = new Date('2023-03-01T00:00:00+08:00');
    const changed = editAssignment('COAL_MINE_SAFETY', CommandRole.DEPUTY_COMMANDER, '席学武', (rows, a) => {
      const successor = Object.assign(new PersonEntity(), { id: randomUUID(), name: '王新任', recordedAt: from });
      rows.persons.push(successor);
      a.effectiveTo = from;
      rows.assignments.push(
        Object.assign(new SeatAssignmentEntity(), {
          ...a,
          id: randomUUID(),
          personId: successor.id,
          effectiveFrom: from,
          effectiveTo: null,
        }),
      );
    });
    expect(names(activate('COAL_MINE_SAFETY', Severity.III, new Date('2023-02-28T00:00:00+08:00'), changed))).toContain(
      '席学武',
    );
    const a = activate('COAL_MINE_SAFETY', Severity.III, AT, changed);
    // 席学武 is still the post's office director; 王新任 now fills the deputy seat.
    expect(rolesOf(a, '王新任')).toEqual(['COAL_MINE_SAFETY DEPUTY_COMMANDER']);
    expect(rolesOf(a, '席学武')).toEqual(['COAL_MINE_SAFETY OFFICE_DIRECTOR']);
  });
});
