import { rosterServicesForSuite } from '../../test/support/roster-services';
import { SYSTEM_ACTOR } from '../auth/principal.types';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';

const START = new Date('2021-06-01T02:00:00Z');
const DAY = 24 * 3600_000;

/**
 * Changes entered out of the order they take effect in (a later appointment entered first, a seat
 * change dated before one already recorded): a change already recorded is never erased, and the
 * roster ends as it would have had they been entered in order.
 */
describe('roster changes entered out of order', () => {
  const r = rosterServicesForSuite(START, DAY);
  const clock = r.clock;
  const later = (days: number) => new Date(clock.now().getTime() + days * DAY);

  /** Who fills the seats listed under `title` at `at` (`*` marks an acting holder), as a sorted set. */
  async function seated(title: string, at: Date): Promise<string[]> {
    const view = await r.views.current();
    const seats = view.seatsOfPositionAt(view.positionByTitle(title)!.id, at);
    return [...new Set(seats.map((s) => (s.person ? `${s.person.name}${s.acting ? '*' : ''}` : '-')))].sort();
  }
  /** A 副市长 seat of `name`, and the other 副市长 who fill no seat of its role on its body (at least two). */
  async function seatOf(name: string) {
    const view = await r.views.current();
    const all = view.allSeatsAt(clock.now());
    const holders = view.holdersAt(view.positionByTitle('副市长')!.id, clock.now()).map((t) => t.person.name);
    for (const seat of all.filter((s) => s.person?.name === name && s.title === '副市长')) {
      const taken = all.filter((o) => o.body.id === seat.body.id && o.role === seat.role).map((o) => o.person?.name);
      const free = holders.filter((n) => n !== name && !taken.includes(n));
      if (free.length >= 2) return { seat, free };
    }
    throw new Error(`no seat of ${name} with two other 副市长 free for it`);
  }
  const seatHolder = async (seatId: string, at: Date) => (await r.views.current()).seatById(seatId, at)?.person?.name;
  const summary = async (id: string) => (await r.ds.getRepository(RosterChangeEntity).findOneByOrFail({ id })).summary;

  it('an acting period entered after a later appointment ends at the appointment, whatever its until', async () => {
    const title = '市住建局局长';
    const [holder] = await seated(title, clock.now());
    const appointed = later(150);
    await r.tenures.appoint({ positionTitle: title, personName: '新住建', effectiveFrom: appointed }, SYSTEM_ACTOR);
    const outcome = await r.tenures.appointActing(
      { positionTitle: title, personName: '代住建', effectiveFrom: later(30), until: later(240) },
      SYSTEM_ACTOR,
    );
    expect(await seated(title, later(29))).toEqual([holder]);
    expect(await seated(title, later(31))).toEqual(['代住建*']);
    expect(await seated(title, new Date(appointed.getTime() - 1))).toEqual(['代住建*']);
    expect(await seated(title, appointed)).toEqual(['新住建']);
    expect(await seated(title, later(2000))).toEqual(['新住建']);
    const view = await r.views.current();
    const acting = view.holdersAt(view.positionByTitle(title)!.id, later(31)).find((t) => t.acting)!;
    expect(acting.effectiveTo).toEqual(appointed);
    expect(await summary(outcome.changeIds[0])).toContain(`代住建 代理 ${title}（`);
  });

  it('an open-ended acting period entered after a later appointment ends there too', async () => {
    const title = '市能源局局长';
    const appointed = later(150);
    await r.tenures.appoint({ positionTitle: title, personName: '未来能源', effectiveFrom: appointed }, SYSTEM_ACTOR);
    await r.tenures.appointActing(
      { positionTitle: title, personName: '代能源', effectiveFrom: later(30) },
      SYSTEM_ACTOR,
    );
    expect(await seated(title, later(31))).toEqual(['代能源*']);
    expect(await seated(title, appointed)).toEqual(['未来能源']);
  });

  it('an acting period within it returns the seats to the holder, and the appointment takes them after', async () => {
    const title = '市商务局局长';
    const [holder] = await seated(title, clock.now());
    const appointed = later(150);
    await r.tenures.appoint({ positionTitle: title, personName: '未来商务', effectiveFrom: appointed }, SYSTEM_ACTOR);
    await r.tenures.appointActing(
      { positionTitle: title, personName: '代商务', effectiveFrom: later(30), until: later(60) },
      SYSTEM_ACTOR,
    );
    expect(await seated(title, later(45))).toEqual(['代商务*']);
    expect(await seated(title, later(90))).toEqual([holder]);
    expect(await seated(title, appointed)).toEqual(['未来商务']);
  });

  it('two acting periods, the later entered first, are both kept', async () => {
    const title = '市体育局局长';
    const [holder] = await seated(title, clock.now());
    await r.tenures.appointActing(
      { positionTitle: title, personName: '测甲', effectiveFrom: later(180), until: later(300) },
      SYSTEM_ACTOR,
    );
    await r.tenures.appointActing(
      { positionTitle: title, personName: '测乙', effectiveFrom: later(30), until: later(90) },
      SYSTEM_ACTOR,
    );
    expect(await seated(title, later(31))).toEqual(['测乙*']);
    expect(await seated(title, later(120))).toEqual([holder]);
    expect(await seated(title, later(181))).toEqual(['测甲*']);
    expect(await seated(title, later(301))).toEqual([holder]);
    // Open-ended, the earlier one ends where the later begins.
    await r.tenures.appointActing(
      { positionTitle: title, personName: '测丙', effectiveFrom: later(120) },
      SYSTEM_ACTOR,
    );
    expect(await seated(title, later(150))).toEqual(['测丙*']);
    expect(await seated(title, later(181))).toEqual(['测甲*']);
  });

  it('an appointment dated before an acting period already recorded is refused, naming the acting period', async () => {
    const title = '市教育局局长';
    await r.tenures.appointActing(
      { positionTitle: title, personName: '教代', effectiveFrom: later(240) },
      SYSTEM_ACTOR,
    );
    await expect(
      r.tenures.appoint({ positionTitle: title, personName: '教新', effectiveFrom: later(30) }, SYSTEM_ACTOR),
    ).rejects.toThrow(/^effectiveFrom: is before .*, when 教代 began acting as 市教育局局长 \(already recorded\)/);
  });

  it('a seat moved to another title before a later holder of its old title was recorded follows its new title', async () => {
    const view = await r.views.current();
    const seat = view
      .allSeatsAt(clock.now())
      .find((s) => s.title === '市水务局局长' && s.body.code === 'FLOOD_DROUGHT')!;
    const newTitleHolder = view.holdersAt(view.positionByTitle('市文旅局局长')!.id, clock.now())[0].person.name;
    await r.tenures.appoint(
      { positionTitle: '市水务局局长', personName: '水务新', effectiveFrom: later(200) },
      SYSTEM_ACTOR,
    );
    await r.seats.reassignSeat(
      { seatId: seat.seatId, positionTitle: '市文旅局局长', effectiveFrom: later(30) },
      SYSTEM_ACTOR,
    );
    const after = await r.views.current();
    for (const day of [31, 201, 2000]) {
      const s = after.seatById(seat.seatId, later(day))!;
      expect([s.title, s.person?.name]).toEqual(['市文旅局局长', newTitleHolder]);
    }
  });

  it('the same two changes entered in order end the roster the same way', async () => {
    const title = '市生态环境局局长';
    const appointed = later(150);
    await r.tenures.appointActing(
      { positionTitle: title, personName: '代生态', effectiveFrom: later(30), until: later(240) },
      SYSTEM_ACTOR,
    );
    await r.tenures.appoint({ positionTitle: title, personName: '新生态', effectiveFrom: appointed }, SYSTEM_ACTOR);
    expect(await seated(title, later(31))).toEqual(['代生态*']);
    expect(await seated(title, appointed)).toEqual(['新生态']);
    expect(await seated(title, later(2000))).toEqual(['新生态']);
  });

  it('a seat reassignment dated before one already recorded fills the seat until it, and keeps it', async () => {
    const { seat, free } = await seatOf('王宏微');
    const [first, second] = free;
    await r.seats.reassignSeat({ seatId: seat.seatId, personName: first, effectiveFrom: later(120) }, SYSTEM_ACTOR);
    await r.seats.reassignSeat({ seatId: seat.seatId, personName: second, effectiveFrom: later(30) }, SYSTEM_ACTOR);
    expect(await seatHolder(seat.seatId, later(29))).toBe('王宏微');
    expect(await seatHolder(seat.seatId, later(31))).toBe(second);
    expect(await seatHolder(seat.seatId, later(121))).toBe(first);
    expect(await seatHolder(seat.seatId, later(2000))).toBe(first);
    // The same date corrects the change recorded for it.
    await r.seats.reassignSeat({ seatId: seat.seatId, personName: second, effectiveFrom: later(120) }, SYSTEM_ACTOR);
    expect(await seatHolder(seat.seatId, later(121))).toBe(second);
  });

  it('an appointment dated before a later change of one of its seats keeps that change', async () => {
    const { seat, free } = await seatOf('武健鹏');
    const other = free[0];
    await r.seats.reassignSeat({ seatId: seat.seatId, personName: other, effectiveFrom: later(120) }, SYSTEM_ACTOR);
    await r.tenures.appoint(
      { positionTitle: '副市长', personName: '副市长乙', replacing: '武健鹏', effectiveFrom: later(30) },
      SYSTEM_ACTOR,
    );
    expect(await seatHolder(seat.seatId, later(31))).toBe('副市长乙');
    expect(await seatHolder(seat.seatId, later(121))).toBe(other);
  });

  it('a departure dated before an appointment already recorded is refused, naming it', async () => {
    const title = '市审计局局长';
    const appointed = later(150);
    await r.tenures.appoint({ positionTitle: title, personName: '新审计', effectiveFrom: appointed }, SYSTEM_ACTOR);
    await expect(
      r.tenures.vacatePosition({ positionTitle: title, effectiveFrom: later(30) }, SYSTEM_ACTOR),
    ).rejects.toThrow(/^effectiveFrom: is before .*新审计 took office as 市审计局局长/);
  });
});
