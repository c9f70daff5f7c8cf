import { join } from 'node:path';
import { CommandRole } from './command-role';
import { readRosterFile } from '../../roster-io/roster-file.schema';
import { rosterRowsFromFile } from '../../roster-io/roster-view.fixture';
import { RosterView } from './roster-view';
import { versionsAsKnown } from './roster-versions';

const JINCHENG = join(__dirname, '..', '..', '..', 'config', 'roster', 'jincheng-2019.yaml');
const LOADED = new Date('2019-09-12T00:00:00Z');
const CORRECTED = new Date('2021-01-05T00:00:00Z'); // when a change effective 2020-07-01 was recorded
const EFFECTIVE = new Date('2020-07-01T00:00:00+08:00');

/** The Jincheng roster with 冯志亮's flood-control seat handed to 王宏微 from 2020-07-01, recorded on 2021-01-05. */
function rows() {
  const r = rosterRowsFromFile(readRosterFile(JINCHENG), LOADED);
  const flood = r.bodies.find((b) => b.code === 'FLOOD_DROUGHT')!;
  const feng = r.persons.find((p) => p.name === '冯志亮')!;
  const wang = r.persons.find((p) => p.name === '王宏微')!;
  const seat = r.seats.find(
    (s) =>
      s.bodyId === flood.id &&
      s.role === CommandRole.COMMANDER &&
      r.assignments.some((a) => a.seatId === s.id && a.personId === feng.id),
  )!;
  const old = r.assignments.find((a) => a.seatId === seat.id)!;
  old.effectiveTo = EFFECTIVE;
  old.endRecordedAt = CORRECTED;
  r.assignments.push({
    ...old,
    id: 'new',
    personId: wang.id,
    effectiveFrom: EFFECTIVE,
    effectiveTo: null,
    recordedAt: CORRECTED,
    endRecordedAt: null,
  });
  return r;
}

const commanders = (view: RosterView, at: Date) =>
  view.seatsAt(view.body('FLOOD_DROUGHT')!, at, CommandRole.COMMANDER).map((s) => s.person?.name);

describe('RosterView.knownAt ("as we knew it then")', () => {
  const view = new RosterView(rows());
  const july15 = new Date('2020-07-15T00:00:00+08:00');

  it('answers with everything recorded by default', () => {
    expect(commanders(view, july15)).toEqual(['张利锋', '王宏微']);
    expect(commanders(view, new Date(EFFECTIVE.getTime() - 1))).toEqual(['张利锋', '冯志亮']);
  });

  it('ignores rows recorded after knownAt and reopens ends recorded after it', () => {
    const then = view.knownAt(new Date('2020-08-01T00:00:00Z'));
    expect(then.knownAtInstant).toEqual(new Date('2020-08-01T00:00:00Z'));
    expect(commanders(then, july15)).toEqual(['张利锋', '冯志亮']);
    expect(commanders(view.knownAt(CORRECTED), july15)).toEqual(['张利锋', '王宏微']);
  });

  it('knows nothing before the roster was loaded', () => {
    expect(view.knownAt(new Date(LOADED.getTime() - 1)).isEmpty).toBe(true);
  });

  it('is pure: the rows are not changed, and views are reused per instant', () => {
    const r = rows();
    const before = JSON.stringify(r);
    const filtered = versionsAsKnown(r, new Date('2020-08-01T00:00:00Z'));
    expect(JSON.stringify(r)).toBe(before);
    expect(filtered.assignments.find((a) => a.effectiveTo?.getTime() === EFFECTIVE.getTime())).toBeUndefined();
    const instant = new Date('2020-08-01T00:00:00Z');
    expect(view.knownAt(instant)).toBe(view.knownAt(new Date(instant.getTime())));
    expect(view.knownAt(null)).toBe(view);
  });
});
