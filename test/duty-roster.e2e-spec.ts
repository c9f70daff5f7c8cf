import ExcelJS from 'exceljs';
import * as ical from 'node-ical';
import { ContactMethodEntity } from '../src/contacts/entities/contact-method.entity';
import { DutyAssignmentEntity } from '../src/duty/entities/duty-assignment.entity';
import { createTestApp, TestApp } from './support/test-app';
import { addDays, dutyMonthRows, gapDate, MONTH_HEADER, sheetMonth } from './support/duty';

const IMPORT = `mutation($input: ImportDutyRosterInput!) {
  importDutyRoster(input: $input) { office month dryRun changeId shiftsRead assignments replaced contactMethodsAdded gaps { date shift missing } } }`;
const ON_DUTY = `query($at: DateTime, $knownAt: DateTime) {
  onDuty(at: $at, knownAt: $knownAt) { office date shift shiftName startsAt endsAt missing
    officers { person { name } role } leader { person { name } replaces { name } note } } }`;
const SWAP = `mutation($input: SwapDutyShiftsInput!) { swapDutyShifts(input: $input) { change { id kind summary reason } shifts { date shift leader { person { name } } } } }`;
const ABSENCE = `mutation($input: RecordDutyAbsenceInput!) { recordDutyAbsence(input: $input) { change { id kind summary } shifts { date shift officers { person { name } } leader { person { name } } } } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;

/** An .xlsx workbook as offices keep it: a title row, the header, one row per shift. */
async function workbook(rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('12月');
  sheet.addRow(['市应急管理局值班表']);
  sheet.addRow(MONTH_HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** The China instant of a date and clock time. */
const at = (date: string, clock: string) => `${date}T${clock}:00+08:00`;

describe('the duty roster (值班表)', () => {
  let t: TestApp;
  const month = sheetMonth(new Date());
  const rows = dutyMonthRows(month);
  // Day 5 of the month: 03:00 falls in the night shift of day 4, 15:00 in the day shift of day 5.
  const day = `${month}-05`;
  let readerKey: string;
  let officerKey: { id: string; secret: string };
  let imported = 0;
  /** After the command roster was loaded, before any duty roster was imported. */
  let beforeImport = '';

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
    beforeImport = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reader = await t.query(CREATE_KEY, { input: { name: '只读', roles: ['reader'] } });
    readerKey = reader.createApiKey.secret;
    const officer = await t.query(CREATE_KEY, { input: { name: '值班室', roles: ['duty_officer'] } });
    officerKey = { id: officer.createApiKey.apiKey.id, secret: officer.createApiKey.secret };
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a month with one bad row, naming its row and column, and writes nothing', async () => {
    const bad = rows.map((r) => [...r]);
    bad[4][2] = '张三丰'; // sheet row 7 (title, header, then rows from 3), column C (值班员)
    const result = await t.gql(IMPORT, { input: { month, format: 'XLSX', contentBase64: await workbook(bad) } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('row 7, column C(值班员): 张三丰 is not a person of the directory');
    expect(result.errors?.[0].extensions?.problems).toEqual([
      expect.objectContaining({
        row: 7,
        column: 'C(值班员)',
        messageZh: expect.stringContaining('张三丰 不在人员名录中'),
      }),
    ]);
    // People read the same in Chinese: the row, the column and the problem.
    expect(result.errors?.[0].extensions?.messageZh).toContain('第 7 行 C(值班员) 列：张三丰 不在人员名录中');
    expect(await t.dataSource.getRepository(DutyAssignmentEntity).count()).toBe(0);
    expect(await t.dataSource.getRepository(ContactMethodEntity).count()).toBe(0);
    const { dutyChanges } = await t.query(`{ dutyChanges { id } }`);
    expect(dutyChanges).toEqual([]);
    // An office that keeps no roster yet: no one is told as its 带班领导, and the activation says why.
    const { whoCommands } = await t.query(
      `{ whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III) { recipients { roles { role } } leaderOnDuty { fallback note } } }`,
    );
    expect(JSON.stringify(whoCommands.recipients)).not.toContain('LEADER_ON_DUTY');
    expect(whoCommands.leaderOnDuty).toEqual({ fallback: false, note: expect.stringContaining('尚未录入值班表') });
  });

  it('names a hidden control character pasted into a name, escaped so the message reads the right way round', async () => {
    const bad = rows.map((r) => [...r]);
    bad[4][2] = `${bad[4][2]}\u202e`; // a right-to-left override after a real name
    bad[5][1] = `白班\u202e`;
    const result = await t.gql(IMPORT, { input: { month, format: 'XLSX', contentBase64: await workbook(bad) } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const text = JSON.stringify(result.errors);
    expect(text).not.toMatch(/\u202e/);
    const problems = result.errors?.[0].extensions?.problems as Array<{ row: number; messageZh: string }>;
    expect(problems.find((p) => p.row === 7)?.messageZh).toMatch(/\\u202e”含有不可见的控制字符/);
    expect(problems.find((p) => p.row === 8)?.messageZh).toMatch(/\\u202e”不是.*班次/);
    expect(await t.dataSource.getRepository(DutyAssignmentEntity).count()).toBe(0);
  });

  it('imports the month, reporting the empty shift as a gap and storing phones as contact methods', async () => {
    const { importDutyRoster } = await t.query(IMPORT, {
      input: { month, format: 'XLSX', contentBase64: await workbook(rows) },
    });
    const days = rows.length / 2;
    expect(importDutyRoster).toMatchObject({ office: 'HQ', month, dryRun: false, shiftsRead: days * 2, replaced: 0 });
    // Day shift: 1 officer + leader; night: 2 officers + leader; the empty night has no one.
    expect(importDutyRoster.assignments).toBe(days * 2 + (days - 1) * 3);
    expect(importDutyRoster.gaps).toEqual([{ date: gapDate(month), shift: 'NIGHT', missing: ['OFFICER', 'LEADER'] }]);
    imported = importDutyRoster.assignments;
    // Two numbers, for 司国奇 and 李子荣, added once however many rows repeat them.
    expect(importDutyRoster.contactMethodsAdded).toBe(2);
    // Each added number is a line of the roster journal, by the importing key, without the number.
    const { rosterChanges } = await t.query(
      `{ rosterChanges(kind: CONTACT_METHOD) { kind summary reason documentRef actorName details } }`,
    );
    expect(rosterChanges).toHaveLength(2);
    for (const change of rosterChanges) {
      expect(change).toMatchObject({ reason: '值班表导入', documentRef: null, actorName: expect.any(String) });
      expect(change.summary).toMatch(/^值班表导入为人员添加联系方式: (手机|办公电话)\(优先级 \d+\)$/);
      expect(JSON.parse(change.details)).toMatchObject({ action: 'ADD', source: 'DUTY_IMPORT', active: true });
      expect(change.details).not.toMatch(/1\d{10}/);
    }
  });

  it('answers who is on duty at 03:00 and at 15:00 China time', async () => {
    const night = (await t.query(ON_DUTY, { at: at(day, '03:00') })).onDuty;
    expect(night).toMatchObject({
      office: 'HQ',
      date: addDays(day, -1),
      shift: 'NIGHT',
      shiftName: '夜班',
      missing: [],
    });
    expect(night.leader.person.name).toBe('史小军');
    expect(night.officers.map((o: { person: { name: string } }) => o.person.name)).toEqual(['司国奇', '李子荣']);
    expect(night.startsAt).toBe(new Date(at(addDays(day, -1), '17:30')).toISOString());
    expect(night.endsAt).toBe(new Date(at(day, '08:30')).toISOString());
    const afternoon = (await t.query(ON_DUTY, { at: at(day, '15:00') })).onDuty;
    expect(afternoon).toMatchObject({ date: day, shift: 'DAY' });
    expect(afternoon.leader.person.name).toBe('李东升');
  });

  it('never shows phone numbers to a reader; a roster editor’s export has them', async () => {
    const query = `{ exportDutyRoster(month: "${month}", format: CSV) { filename contentBase64 } }`;
    const asReader = await t.query(query, {}, { Authorization: `Bearer ${readerKey}` });
    const readerCsv = Buffer.from(asReader.exportDutyRoster.contentBase64, 'base64').toString('utf8');
    expect(readerCsv).toContain('日期,班次,值班员,带班领导,联系电话');
    expect(readerCsv).toContain(`${addDays(day, -1)},夜班,司国奇、李子荣,史小军,\r\n`);
    expect(readerCsv).not.toMatch(/1380000000\d/);
    const asEditor = await t.query(query);
    expect(Buffer.from(asEditor.exportDutyRoster.contentBase64, 'base64').toString('utf8')).toContain(
      '13800000001、0356-2021234',
    );
    const onDutyText = JSON.stringify(
      await t.query(ON_DUTY, { at: at(day, '03:00') }, { Authorization: `Bearer ${readerKey}` }),
    );
    expect(onDutyText).not.toContain('13800000001');
  });

  it('exports a workbook that imports again unchanged (dry run)', async () => {
    const { exportDutyRoster } = await t.query(
      `{ exportDutyRoster(month: "${month}") { filename mimeType contentBase64 } }`,
    );
    expect(exportDutyRoster.filename).toBe(`duty-HQ-${month}.xlsx`);
    const { importDutyRoster } = await t.query(IMPORT, {
      input: { format: 'XLSX', contentBase64: exportDutyRoster.contentBase64, dryRun: true },
    });
    expect(importDutyRoster).toMatchObject({
      month,
      dryRun: true,
      changeId: null,
      shiftsRead: rows.length,
      assignments: imported,
      replaced: imported,
    });
  });

  it('lets a duty officer change only the office their key is bound to', async () => {
    const officer = { Authorization: `Bearer ${officerKey.secret}` };
    const input = {
      first: { date: day, shift: '白班', person: '李东升' },
      second: { date: day, shift: '夜班', person: '史小军' },
      reason: '家中有事',
    };
    const refused = await t.gql(SWAP, { input }, officer);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reader = await t.gql(SWAP, { input }, { Authorization: `Bearer ${readerKey}` });
    expect(reader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await t.query(`mutation($k: ID!) { bindDutyOfficeKey(keyId: $k, office: "HQ") }`, { k: officerKey.id }))
        .bindDutyOfficeKey,
    ).toEqual(['HQ']);
  });

  let beforeSwap: string;
  it('swaps two shifts (换班): the leaders trade places, with the reason', async () => {
    beforeSwap = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const input = {
      first: { date: day, shift: '白班', person: '李东升' },
      second: { date: day, shift: '夜班', person: '史小军' },
      reason: '家中有事',
    };
    const { swapDutyShifts } = await t.query(SWAP, { input }, { Authorization: `Bearer ${officerKey.secret}` });
    expect(swapDutyShifts.change).toMatchObject({ kind: 'SWAP', reason: '家中有事' });
    expect(swapDutyShifts.shifts).toEqual([
      { date: day, shift: 'DAY', leader: { person: { name: '史小军' } } },
      { date: day, shift: 'NIGHT', leader: { person: { name: '李东升' } } },
    ]);
    const afternoon = (await t.query(ON_DUTY, { at: at(day, '15:00') })).onDuty;
    expect(afternoon.leader).toEqual({
      person: { name: '史小军' },
      replaces: { name: '李东升' },
      note: '换班: 家中有事',
    });
  });

  it('records an absence (出差): the substitute takes every shift of the period', async () => {
    const from = at(addDays(day, 1), '00:00');
    const to = at(addDays(day, 3), '00:00');
    const input = {
      person: '司国奇',
      substitute: '刘宇亮',
      from,
      to,
      kind: 'BUSINESS_TRIP',
      reason: '赴省应急厅参加培训',
    };
    const { recordDutyAbsence } = await t.query(ABSENCE, { input });
    // 司国奇 is on the nights: the night of `day` runs into the period (until 08:30), the next two lie in it.
    expect(recordDutyAbsence.shifts.map((s: { date: string; shift: string }) => `${s.date} ${s.shift}`)).toEqual([
      `${day} NIGHT`,
      `${addDays(day, 1)} NIGHT`,
      `${addDays(day, 2)} NIGHT`,
    ]);
    const onNight = (await t.query(ON_DUTY, { at: at(addDays(day, 2), '23:00') })).onDuty;
    expect(onNight.officers.map((o: { person: { name: string } }) => o.person.name)).toEqual(['刘宇亮', '李子荣']);
    const bad = await t.gql(ABSENCE, { input: { ...input, person: '卢海建', substitute: '卢海建' } });
    expect(bad.errors?.[0].message).toContain('substitute');
  });

  it('answers as the roster stood before a change was recorded (knownAt)', async () => {
    const then = (await t.query(ON_DUTY, { at: at(day, '15:00'), knownAt: beforeSwap })).onDuty;
    expect(then.leader.person.name).toBe('李东升');
    const empty = (await t.query(ON_DUTY, { at: at(day, '15:00'), knownAt: beforeImport })).onDuty;
    expect(empty).toMatchObject({ leader: null, officers: [], missing: ['OFFICER', 'LEADER'] });
  });

  it('serves a per-person calendar feed that a calendar library reads; a new link revokes the old', async () => {
    const { personByName } = { personByName: (await t.query(`{ people(search: "史小军") { id name } }`)).people[0] };
    const issue = `mutation($p: ID!) { issueDutyCalendarLink(personId: $p) { url person { name } } }`;
    const { issueDutyCalendarLink } = await t.query(issue, { p: personByName.id });
    const path = new URL(issueDutyCalendarLink.url).pathname;
    expect(path).toMatch(/^\/duty\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    const res = await t.http().get(path).expect(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const events = Object.values(ical.sync.parseICS(res.text)).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
    const dayShift = events.find((e) => e.start.toISOString() === new Date(at(day, '08:30')).toISOString());
    expect(dayShift?.summary).toBe('白班带班领导(市应急管理局总值班室)');
    expect(String(dayShift?.description)).toContain('代替 李东升');
    // He gave his night of `day` to 李东升 in the swap.
    expect(events.some((e) => e.start.toISOString() === new Date(at(day, '17:30')).toISOString())).toBe(false);
    await t.query(issue, { p: personByName.id });
    await t.http().get(path).expect(404);
    const stored = await t.dataSource.query(`SELECT token_hash FROM duty_calendar_token`);
    expect(JSON.stringify(stored)).not.toContain(path.slice('/duty/calendar/'.length, -4));
  });
});
