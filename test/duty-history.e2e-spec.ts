import { ManualClock } from '../src/common/clock.provider';
import { addDays, dutyMonthRows, MONTH_HEADER, sheetMonth } from './support/duty';
import { createTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const IMPORT = `mutation($input: ImportDutyRosterInput!) { importDutyRoster(input: $input) { changeId } }`;
const SHIFTS = `query($from: DateTime!, $to: DateTime!, $knownAt: DateTime) {
  dutyShifts(from: $from, to: $to, knownAt: $knownAt) { date shift leader { person { name } replaces { name } } } }`;
const SWAP = `mutation($input: SwapDutyShiftsInput!) { swapDutyShifts(input: $input) { change { id recordedAt } } }`;

const csv = (rows: string[][]) =>
  Buffer.from([MONTH_HEADER, ...rows].map((r) => r.join(',')).join('\r\n'), 'utf8').toString('base64');
const at = (date: string, clock: string) => `${date}T${clock}:00+08:00`;
type Shift = { date: string; shift: string; leader: { person: { name: string }; replaces: { name: string } | null } };
const leaders = (shifts: Shift[]) =>
  shifts
    .filter((s) => s.date === shifts[shifts.length - 1].date)
    .map((s) => `${s.date} ${s.shift} ${s.leader.person.name}`);

/**
 * The roster as it stood last week: the service's clock moves on eight days between the import and
 * a swap, and asking as known a week before "now" gives the roster without the swap.
 */
describe('the duty roster as it stood last week (knownAt)', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const month = sheetMonth(new Date());
  const day = `${month}-05`;
  const range = { from: at(day, '00:00'), to: at(addDays(day, 1), '00:00') };

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' }, { clock });
    await t.query(IMPORT, { input: { month, format: 'CSV', contentBase64: csv(dutyMonthRows(month)) } });
    clock.advance(8 * DAY_MS);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the shifts as recorded a week ago, and as they stand now after a swap', async () => {
    const { swapDutyShifts } = await t.query(SWAP, {
      input: {
        first: { date: day, shift: '白班', person: '李东升' },
        second: { date: day, shift: '夜班', person: '史小军' },
        reason: '家中有事',
      },
    });
    // The change is journalled at the service's time, a week and a day after the import.
    expect(swapDutyShifts.change.recordedAt).toBe(clock.now().toISOString());
    const lastWeek = new Date(clock.now().getTime() - 7 * DAY_MS).toISOString();
    const then = (await t.query(SHIFTS, { ...range, knownAt: lastWeek })).dutyShifts as Shift[];
    expect(leaders(then)).toEqual([`${day} DAY 李东升`, `${day} NIGHT 史小军`]);
    expect(then.every((s) => s.leader.replaces === null)).toBe(true);
    const now = (await t.query(SHIFTS, range)).dutyShifts as Shift[];
    expect(leaders(now)).toEqual([`${day} DAY 史小军`, `${day} NIGHT 李东升`]);
    expect(now.find((s) => s.shift === 'DAY' && s.date === day)?.leader.replaces).toEqual({ name: '李东升' });
    // The export of last week's roster is the month as imported.
    const { exportDutyRoster } = await t.query(
      `query($m: String!, $k: DateTime) { exportDutyRoster(month: $m, format: CSV, knownAt: $k) { contentBase64 } }`,
      { m: month, k: lastWeek },
    );
    const text = Buffer.from(exportDutyRoster.contentBase64, 'base64').toString('utf8');
    expect(text).toContain(`${day},白班,卢海建,李东升,`);
    expect(text).toContain(`${day},夜班,司国奇、李子荣,史小军,`);
    // Who is on duty "now" follows the service's clock too.
    const { onDuty } = await t.query(`{ onDuty { startsAt endsAt } }`);
    expect(new Date(onDuty.startsAt).getTime()).toBeLessThanOrEqual(clock.now().getTime());
    expect(new Date(onDuty.endsAt).getTime()).toBeGreaterThan(clock.now().getTime());
  });
});
