import { expectRefused, rosterServicesForSuite } from '../../test/support/roster-services';
import { SYSTEM_ACTOR } from '../auth/principal.types';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';

const START = new Date('2021-06-01T02:00:00Z');
const DAY = 24 * 3600_000;

/** Appointments, acting periods and departures on the Jincheng roster in a real database. */
describe('TenureChangeService', () => {
  const r = rosterServicesForSuite(START, DAY);
  const clock = r.clock;

  /** Who fills each seat listed under `title` at `at` (`*` marks an acting holder). */
  async function seated(title: string, at: Date): Promise<string[]> {
    const view = await r.views.current();
    const position = view.positionByTitle(title)!;
    return view
      .seatsOfPositionAt(position.id, at)
      .map((s) => (s.person ? `${s.person.name}${s.acting ? '*' : ''}` : '-'));
  }
  async function holders(title: string, at: Date): Promise<string[]> {
    const view = await r.views.current();
    return view
      .holdersAt(view.positionByTitle(title)!.id, at)
      .map((t) => `${t.person.name}${t.acting ? '*' : ''}`)
      .sort();
  }
  const journalRow = (id: string) => r.ds.getRepository(RosterChangeEntity).findOneByOrFail({ id });
  const refused = (change: () => Promise<unknown>, message: RegExp) => expectRefused(r, change, message);

  describe('appoint', () => {
    it('gives a single-holder title to a new person: the holder leaves, every seat follows, one journal row', async () => {
      const now = clock.now();
      const title = '市气象局局长';
      expect(new Set(await seated(title, now))).toEqual(new Set(['张平']));
      const outcome = await r.tenures.appoint(
        { positionTitle: title, personName: '气象甲', documentRef: '晋市政任〔2021〕5号', reason: '调任' },
        SYSTEM_ACTOR,
      );
      expect(outcome.at).toEqual(now);
      expect(await holders(title, now)).toEqual(['气象甲']);
      expect(await holders(title, new Date(now.getTime() - 1))).toEqual(['张平']);
      const seats = await seated(title, now);
      expect(seats).toHaveLength(7);
      expect(new Set(seats)).toEqual(new Set(['气象甲']));
      const row = await journalRow(outcome.changeIds[0]);
      expect(row).toMatchObject({
        kind: 'APPOINT',
        summary: '气象甲 任 市气象局局长，接替 张平（7 个席位随职务变更）',
        effectiveFrom: now,
        documentRef: '晋市政任〔2021〕5号',
        reason: '调任',
      });
      expect(JSON.parse(row.data)).toMatchObject({
        positionTitle: title,
        personName: '气象甲',
        personCreated: true,
        replacedPersonName: '张平',
      });
    });

    it('refuses to appoint the current holder again, and writes nothing', async () => {
      await refused(
        () => r.tenures.appoint({ positionTitle: '市水务局局长', personName: '张国文' }, SYSTEM_ACTOR),
        /^personName: already holds 市水务局局长 on /,
      );
    });

    it('on a multi-holder title wants the holder replaced, and moves only their seats', async () => {
      const now = clock.now();
      await refused(
        () => r.tenures.appoint({ positionTitle: '副市长', personName: '副市长甲' }, SYSTEM_ACTOR),
        /^replacing: 副市长 is held by several people at once \(.*梁丽萍.*\); name the holder being replaced/,
      );
      await r.tenures.appoint({ positionTitle: '副市长', personName: '副市长甲', replacing: '梁丽萍' }, SYSTEM_ACTOR);
      expect(await holders('副市长', now)).toEqual(['冯志亮', '副市长甲', '武健鹏', '王宏微'].sort());
      const seats = await seated('副市长', now);
      expect(seats.filter((s) => s === '副市长甲')).toHaveLength(4);
      expect(seats.filter((s) => s === '王宏微')).toHaveLength(6);
      expect(seats).not.toContain('梁丽萍');
    });
  });

  describe('appointActing', () => {
    it('seats the acting holder until `until`, then gives the seats back to the holder', async () => {
      const now = clock.now();
      const until = new Date(now.getTime() + 10 * DAY);
      const title = '市教育局局长';
      const outcome = await r.tenures.appointActing(
        { positionTitle: title, personName: '教育代', until },
        SYSTEM_ACTOR,
      );
      expect(await holders(title, now)).toEqual(['教育代*', '李志忠']);
      expect(await seated(title, now)).toEqual(['教育代*', '教育代*', '教育代*']);
      expect(await seated(title, until)).toEqual(['李志忠', '李志忠', '李志忠']);
      expect(await holders(title, until)).toEqual(['李志忠']);
      const row = await journalRow(outcome.changeIds[0]);
      expect(row.kind).toBe('APPOINT_ACTING');
      expect(row.summary).toMatch(/^教育代 代理 市教育局局长（.* 至 .*，代 李志忠；3 个席位）$/);
      expect(JSON.parse(row.data)).toMatchObject({ until: until.toISOString(), personCreated: true });
    });

    it('refuses an end before the start, and the holder standing in for themself', async () => {
      await refused(
        () =>
          r.tenures.appointActing(
            { positionTitle: '市工信局局长', personName: '工信代', until: clock.now() },
            SYSTEM_ACTOR,
          ),
        /^until: must be after effectiveFrom/,
      );
      await refused(
        () => r.tenures.appointActing({ positionTitle: '市工信局局长', personName: '田志军' }, SYSTEM_ACTOR),
        /^personName: holds 市工信局局长 already; an acting holder stands in for someone else/,
      );
      expect((await r.views.current()).personsNamed('工信代')).toEqual([]);
    });
  });

  describe('vacatePosition', () => {
    it('ends the tenure and leaves the seats vacant', async () => {
      const now = clock.now();
      const title = '市生态环境局局长';
      const outcome = await r.tenures.vacatePosition({ positionTitle: title }, SYSTEM_ACTOR);
      expect(await holders(title, now)).toEqual([]);
      expect(await seated(title, now)).toEqual(['-', '-', '-']);
      expect(await seated(title, new Date(now.getTime() - 1))).toEqual(['郎诗华', '郎诗华', '郎诗华']);
      const row = await journalRow(outcome.changeIds[0]);
      expect(row).toMatchObject({ kind: 'VACATE', summary: '郎诗华 不再担任 市生态环境局局长，3 个席位空缺' });
      expect(JSON.parse(row.data)).toMatchObject({ personNames: ['郎诗华'], endedAssignments: 3, seatsGoTo: null });
      await refused(
        () => r.tenures.vacatePosition({ positionTitle: title }, SYSTEM_ACTOR),
        /^positionTitle: 市生态环境局局长 is already vacant on /,
      );
    });

    it('gives the seats to the acting holder when the holder leaves', async () => {
      const now = clock.now();
      const title = '市文旅局局长';
      await r.tenures.appointActing({ positionTitle: title, personName: '文旅代' }, SYSTEM_ACTOR);
      clock.advance(DAY);
      const outcome = await r.tenures.vacatePosition({ positionTitle: title, personName: '王丽' }, SYSTEM_ACTOR);
      expect(outcome.at.getTime()).toBe(now.getTime() + DAY);
      expect(await holders(title, outcome.at)).toEqual(['文旅代*']);
      expect(await seated(title, outcome.at)).toEqual(['文旅代*', '文旅代*', '文旅代*']);
      expect((await journalRow(outcome.changeIds[0])).summary).toBe(
        '王丽 不再担任 市文旅局局长，3 个席位由 文旅代 代理',
      );
    });

    it('on a multi-holder title wants the holder who leaves, and frees only their seats', async () => {
      const now = clock.now();
      await refused(
        () => r.tenures.vacatePosition({ positionTitle: '市政府副秘书长' }, SYSTEM_ACTOR),
        /^personName: 市政府副秘书长 is held by several people at once .*; name the holder who leaves/,
      );
      await r.tenures.vacatePosition({ positionTitle: '市政府副秘书长', personName: '史小军' }, SYSTEM_ACTOR);
      const seats = await seated('市政府副秘书长', now);
      expect(seats.filter((s) => s === '-')).toHaveLength(4);
      expect(seats.filter((s) => s === '李子荣')).toHaveLength(9);
      expect(await holders('市政府副秘书长', now)).not.toContain('史小军');
    });
  });
});
