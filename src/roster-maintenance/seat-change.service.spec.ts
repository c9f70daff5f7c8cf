import { expectRefused, rosterServicesForSuite } from '../../test/support/roster-services';
import { SYSTEM_ACTOR } from '../auth/principal.types';
import { CommandRole } from '../roster/core/command-role';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';

const START = new Date('2021-06-01T02:00:00Z');
const DAY = 24 * 3600_000;
const DEPUTY = CommandRole.DEPUTY_COMMANDER;

/** Adding, removing, reassigning and reordering seats on the Jincheng roster in a real database. */
describe('SeatChangeService', () => {
  const r = rosterServicesForSuite(START, DAY);
  const clock = r.clock;

  /** The seats of one role on a body at `at`, in order: `title/person` (`-` for vacant). */
  async function seats(body: string, role: CommandRole, at: Date): Promise<string[]> {
    const view = await r.views.current();
    return view.seatsAt(view.body(body)!, at, role).map((s) => `${s.title}/${s.person?.name ?? '-'}`);
  }
  async function seatIds(body: string, role: CommandRole, at: Date): Promise<string[]> {
    const view = await r.views.current();
    return view.seatsAt(view.body(body)!, at, role).map((s) => s.seatId);
  }
  const journalRow = (id: string) => r.ds.getRepository(RosterChangeEntity).findOneByOrFail({ id });
  const refused = (change: () => Promise<unknown>, message: RegExp) => expectRefused(r, change, message);

  describe('addSeat', () => {
    it('adds a seat last under a title, filled by its holder', async () => {
      const now = clock.now();
      const before = await seats('EARTHQUAKE', DEPUTY, now);
      const outcome = await r.seats.addSeat(
        { body: 'EARTHQUAKE', role: DEPUTY, positionTitle: '市教育局局长' },
        SYSTEM_ACTOR,
      );
      expect(await seats('EARTHQUAKE', DEPUTY, now)).toEqual([...before, '市教育局局长/李志忠']);
      expect(await seats('EARTHQUAKE', DEPUTY, new Date(now.getTime() - 1))).toEqual(before);
      const row = await journalRow(outcome.changeIds[0]);
      expect(row).toMatchObject({
        kind: 'ADD_SEAT',
        summary: '抗震救灾指挥部 增设 副指挥长 席位：市教育局局长（李志忠）',
      });
      expect(JSON.parse(row.data)).toMatchObject({ seatId: outcome.seatId, ordinal: before.length + 1 });
    });

    it('creates a position when told, with its first holder', async () => {
      const now = clock.now();
      await refused(
        () => r.seats.addSeat({ body: 'EARTHQUAKE', role: DEPUTY, positionTitle: '市地震局局长' }, SYSTEM_ACTOR),
        /^positionTitle: .*pass createPosition: true to create a new position/,
      );
      const outcome = await r.seats.addSeat(
        { body: 'EARTHQUAKE', role: DEPUTY, positionTitle: '市地震局局长', personName: '地震甲', createPosition: true },
        SYSTEM_ACTOR,
      );
      expect((await seats('EARTHQUAKE', DEPUTY, now)).at(-1)).toBe('市地震局局长/地震甲');
      const view = await r.views.current();
      expect(view.holdersAt(outcome.positionId!, now).map((t) => t.person.name)).toEqual(['地震甲']);
    });

    it('refuses a second seat of the same role for one person, and a member seat on a post', async () => {
      await refused(
        () => r.seats.addSeat({ body: 'EARTHQUAKE', role: DEPUTY, positionTitle: '市气象局局长' }, SYSTEM_ACTOR),
        /^personName: 张平 already fills a DEPUTY_COMMANDER seat on EARTHQUAKE/,
      );
      await refused(
        () =>
          r.seats.addSeat(
            { body: 'EARTHQUAKE', role: CommandRole.MEMBER, positionTitle: '市教育局局长' },
            SYSTEM_ACTOR,
          ),
        /^role: is for the headquarters only/,
      );
    });
  });

  describe('removeSeat', () => {
    it('ends the seat and its filling from now, and cannot remove it before it existed', async () => {
      const now = clock.now();
      const before = await seats('EARTHQUAKE', DEPUTY, now);
      const seatId = (await seatIds('EARTHQUAKE', DEPUTY, now))[0];
      await refused(
        () => r.seats.removeSeat({ seatId, effectiveFrom: new Date('2019-09-01T00:00:00Z') }, SYSTEM_ACTOR),
        /^effectiveFrom: /,
      );
      const outcome = await r.seats.removeSeat({ seatId, reason: '机构调整' }, SYSTEM_ACTOR);
      expect(await seats('EARTHQUAKE', DEPUTY, now)).toEqual(before.slice(1));
      expect(await seats('EARTHQUAKE', DEPUTY, new Date(now.getTime() - 1))).toEqual(before);
      const row = await journalRow(outcome.changeIds[0]);
      expect(row).toMatchObject({ kind: 'REMOVE_SEAT', reason: '机构调整' });
      expect(row.summary).toBe(`抗震救灾指挥部 撤销 副指挥长 席位：${before[0].replace('/', '（')}）`);
    });
  });

  describe('reassignSeat', () => {
    it('gives a seat of a multi-holder title to another holder of it', async () => {
      const now = clock.now();
      const view = await r.views.current();
      const all = view.allSeatsAt(now);
      // A seat of 梁丽萍 on a body where 冯志亮 has no seat of that role yet.
      const seat = all.find(
        (s) =>
          s.person?.name === '梁丽萍' &&
          s.title === '副市长' &&
          !all.some((o) => o.body.id === s.body.id && o.role === s.role && o.person?.name === '冯志亮'),
      )!;
      const outcome = await r.seats.reassignSeat({ seatId: seat.seatId, personName: '冯志亮' }, SYSTEM_ACTOR);
      const after = await r.views.current();
      expect(after.seatById(seat.seatId, now)?.person?.name).toBe('冯志亮');
      expect(after.seatById(seat.seatId, new Date(now.getTime() - 1))?.person?.name).toBe('梁丽萍');
      const row = await journalRow(outcome.changeIds[0]);
      expect(row.kind).toBe('REASSIGN_SEAT');
      expect(row.summary).toMatch(/席位由 梁丽萍（副市长）改为 冯志亮（副市长）$/);
    });

    it('refuses a holder who does not hold the title, and a change that changes nothing', async () => {
      const now = clock.now();
      const seat = (await r.views.current()).allSeatsAt(now).find((s) => s.person?.name === '王宏微')!;
      await refused(
        () => r.seats.reassignSeat({ seatId: seat.seatId, personName: '张平' }, SYSTEM_ACTOR),
        /^personName: does not hold 副市长 on .*; appoint them first/,
      );
      await refused(
        () => r.seats.reassignSeat({ seatId: seat.seatId, personName: '王宏微' }, SYSTEM_ACTOR),
        /^personName: the seat is already filled by 王宏微 under 副市长; nothing would change/,
      );
      await refused(
        () => r.seats.reassignSeat({ seatId: seat.seatId }, SYSTEM_ACTOR),
        /^personName: name the new holder/,
      );
    });
  });

  describe('reorderSeats', () => {
    it('puts the seats in a new order from now; earlier instants keep the old order', async () => {
      const now = clock.now();
      const before = await seats('HQ', DEPUTY, now);
      const ids = await seatIds('HQ', DEPUTY, now);
      const outcome = await r.seats.reorderSeats(
        { body: 'HQ', role: DEPUTY, seatIds: [...ids].reverse() },
        SYSTEM_ACTOR,
      );
      expect(await seats('HQ', DEPUTY, now)).toEqual([...before].reverse());
      expect(await seatIds('HQ', DEPUTY, now)).toEqual([...ids].reverse());
      expect(await seats('HQ', DEPUTY, new Date(now.getTime() - 1))).toEqual(before);
      expect((await journalRow(outcome.changeIds[0])).kind).toBe('REORDER_SEATS');
    });

    it('refuses an order that is no change, or that leaves a seat out', async () => {
      const ids = await seatIds('HQ', DEPUTY, clock.now());
      await refused(
        () => r.seats.reorderSeats({ body: 'HQ', role: DEPUTY, seatIds: ids }, SYSTEM_ACTOR),
        /^seatIds: is the current order already; nothing would change/,
      );
      await refused(
        () => r.seats.reorderSeats({ body: 'HQ', role: DEPUTY, seatIds: ids.slice(1) }, SYSTEM_ACTOR),
        new RegExp(`^seatIds: must list each of the ${ids.length} DEPUTY_COMMANDER seats of HQ`),
      );
    });
  });
});
