import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, dutyMonthRows, gapDate, MONTH_HEADER, sheetMonth } from './support/duty';
import { createTestApp, TestApp } from './support/test-app';
import { DutyRosterService } from '../src/duty/duty-roster.service';

const WHO = `query($asOf: DateTime, $knownAt: DateTime) {
  whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III, asOf: $asOf, knownAt: $knownAt) {
    reason recipients { person { name } roles { body role roleName title } }
    leaderOnDuty { office shiftDate shift shiftName fallback leader { name } officers { name } fallbackPersons { name } note } } }`;
const IMPORT = `mutation($input: ImportDutyRosterInput!) { importDutyRoster(input: $input) { shiftsRead } }`;

/** The month as an office saves it from Excel: CSV, UTF-8 with a BOM, CRLF. */
function csv(rows: string[][]): string {
  const text = [MONTH_HEADER, ...rows].map((r) => r.join(',')).join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8').toString('base64');
}

const at = (date: string, clock: string) => `${date}T${clock}:00+08:00`;
type Who = {
  recipients: Array<{
    person: { name: string };
    roles: Array<{ body: string; role: string; roleName: string; title: string }>;
  }>;
  reason: string;
  leaderOnDuty: any;
};

describe('the leader on duty (带班领导) in activations', () => {
  let t: TestApp;
  const month = sheetMonth(new Date());
  const day = `${month}-05`;
  const who = async (asOf: string, knownAt?: string): Promise<Who> =>
    (await t.query(WHO, { asOf, knownAt: knownAt ?? null })).whoCommands as Who;

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
    await t.query(IMPORT, { input: { month, format: 'CSV', contentBase64: csv(dutyMonthRows(month)) } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells the 带班领导 of the night shift first at 03:00, and of the day shift at 15:00', async () => {
    const night = await who(at(day, '03:00'));
    expect(night.recipients[0].person.name).toBe('史小军');
    expect(night.recipients[0].roles).toEqual([
      { body: 'HQ', role: 'LEADER_ON_DUTY', roleName: '带班领导', title: `${addDays(day, -1)} 夜班带班领导` },
    ]);
    expect(night.leaderOnDuty).toMatchObject({
      office: 'HQ',
      shiftDate: addDays(day, -1),
      shift: 'NIGHT',
      fallback: false,
      leader: { name: '史小军' },
    });
    expect(night.reason).toContain('带班领导 史小军, 首先通知');
    const afternoon = await who(at(day, '15:00'));
    expect(afternoon.recipients[0].person.name).toBe('李东升');
    expect(afternoon.recipients.filter((r) => r.roles.some((x) => x.role === 'LEADER_ON_DUTY'))).toHaveLength(1);
  });

  let beforeChanges: string;
  it('tells whom a swap (换班) and an absence (出差) put on the shift', async () => {
    beforeChanges = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.query(`mutation($input: SwapDutyShiftsInput!) { swapDutyShifts(input: $input) { change { id } } }`, {
      input: {
        first: { date: day, shift: '白班', person: '李东升' },
        second: { date: day, shift: '夜班', person: '史小军' },
        reason: '家中有事',
      },
    });
    expect((await who(at(day, '15:00'))).recipients[0].person.name).toBe('史小军');
    expect((await who(at(day, '20:00'))).recipients[0].person.name).toBe('李东升');
    const next = addDays(day, 1);
    await t.query(`mutation($input: RecordDutyAbsenceInput!) { recordDutyAbsence(input: $input) { change { id } } }`, {
      input: {
        person: '李东升',
        substitute: '杨金中',
        from: at(next, '00:00'),
        to: at(addDays(next, 1), '00:00'),
        kind: 'BUSINESS_TRIP',
        reason: '赴省应急厅',
      },
    });
    const covered = await who(at(next, '10:00'));
    expect(covered.recipients[0].person.name).toBe('杨金中');
    expect(covered.recipients.some((r) => r.person.name === '李东升')).toBe(false);
  });

  it('tells whom the roster named as it was known before the changes (knownAt)', async () => {
    expect((await who(at(day, '15:00'), beforeChanges)).recipients[0].person.name).toBe('李东升');
  });

  it('falls back to the headquarters office director on an empty shift, says so, and lists the gap in rosterIssues', async () => {
    const gap = gapDate(month);
    const empty = await who(at(gap, '23:00'));
    expect(empty.recipients[0].person.name).toBe('鲍瑞卿');
    // One entry for him: the fallback role first, then his seats (HQ office director, and on the coal-mine post).
    expect(empty.recipients[0].roles.map((r) => `${r.body} ${r.role}`)).toEqual(
      expect.arrayContaining(['HQ LEADER_ON_DUTY', 'HQ OFFICE_DIRECTOR']),
    );
    expect(empty.recipients[0].roles[0].role).toBe('LEADER_ON_DUTY');
    expect(empty.recipients[0].roles[0].roleName).toBe('带班领导(值班表空缺, 兜底)');
    expect(empty.recipients.filter((r) => r.person.name === '鲍瑞卿')).toHaveLength(1);
    expect(empty.leaderOnDuty).toMatchObject({
      fallback: true,
      leader: null,
      officers: [],
      fallbackPersons: [{ name: '鲍瑞卿' }],
    });
    expect(empty.reason).toContain('无带班领导、无值班员, 改为通知');
    const { rosterIssues } = await t.query(
      `query($asOf: DateTime) { rosterIssues(asOf: $asOf, kinds: [DUTY_SHIFT_WITHOUT_LEADER, DUTY_SHIFT_WITHOUT_OFFICER]) { kind body title message since } }`,
      {
        asOf: at(addDays(gap, -1), '12:00'),
      },
    );
    // Only the empty night of the window (days past the month imported would be gaps too).
    expect(rosterIssues.filter((i: { title: string }) => i.title.startsWith(month))).toEqual([
      expect.objectContaining({
        kind: 'DUTY_SHIFT_WITHOUT_OFFICER',
        body: 'HQ',
        title: `${gap} 夜班`,
        since: new Date(at(gap, '17:30')).toISOString(),
      }),
      expect.objectContaining({
        kind: 'DUTY_SHIFT_WITHOUT_LEADER',
        body: 'HQ',
        title: `${gap} 夜班`,
        since: new Date(at(gap, '17:30')).toISOString(),
      }),
    ]);
  });

  it('reportIncident notifies the 带班领导 on shift now, first', async () => {
    const { onDuty } = await t.query(`{ onDuty { leader { person { name } } } }`);
    const { reportIncident } = await t.query(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
        activation { recipients { person { name } roles { role } } } notifications { person { name } } } }`,
      {
        input: {
          incidentType: 'COAL_MINE_SAFETY',
          severity: 'III',
          title: '某煤矿瓦斯爆炸',
          idempotencyKey: `duty-${Date.now()}`,
        },
      },
    );
    const first = reportIncident.activation.recipients[0];
    expect(first.roles[0].role).toBe('LEADER_ON_DUTY');
    expect(first.person.name).toBe(onDuty.leader?.person.name ?? '鲍瑞卿');
    expect(reportIncident.notifications.map((n: { person: { name: string } }) => n.person.name)).toContain(
      first.person.name,
    );
  });
});

describe('the leader on duty switched off in config/duty.yaml', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duty-config-'));
    cpSync(join(__dirname, '..', 'config'), dir, { recursive: true });
    const file = join(dir, 'duty.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('leaderOnDuty: true', 'leaderOnDuty: false'));
    t = await createTestApp({ WORKERS: 'off', CONFIG_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the activation as the command system alone decides', async () => {
    const { whoCommands } = await t.query(WHO, { asOf: null, knownAt: null });
    expect(whoCommands.leaderOnDuty).toBeNull();
    expect(JSON.stringify(whoCommands.recipients)).not.toContain('LEADER_ON_DUTY');
  });
});

describe('an office that keeps no duty roster here yet', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('names the shift and says that no roster is kept, without reading a shift; reads it once one is imported', async () => {
    const roster = t.get(DutyRosterService);
    const onDuty = jest.spyOn(roster, 'onDuty');
    const asOf = at(`${sheetMonth(new Date())}-05`, '15:00');
    const before = (await t.query(WHO, { asOf, knownAt: null })).whoCommands as Who;
    expect(before.leaderOnDuty).toMatchObject({ shiftDate: `${sheetMonth(new Date())}-05`, leader: null });
    expect(before.leaderOnDuty.note).toContain('尚未录入值班表');
    expect(onDuty).not.toHaveBeenCalled();

    const month = sheetMonth(new Date());
    await t.query(IMPORT, { input: { month, format: 'CSV', contentBase64: csv(dutyMonthRows(month)) } });
    const after = (await t.query(WHO, { asOf, knownAt: null })).whoCommands as Who;
    expect(after.leaderOnDuty.leader).not.toBeNull();
    expect(onDuty).toHaveBeenCalledTimes(1);
    onDuty.mockRestore();
  });
});
