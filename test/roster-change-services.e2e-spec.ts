import { DataSource } from 'typeorm';
import { openRosterServices, RosterServices } from './support/roster-services';
import { SYSTEM_ACTOR } from '../src/auth/principal.types';
import { ManualClock } from '../src/common/clock.provider';
import { DomainException } from '../src/common/domain.exception';
import { RosterChangeEntity } from '../src/roster/entities/roster-change.entity';
import { TenureEntity } from '../src/roster/entities/tenure.entity';
import { RosterViewService } from '../src/roster/roster-view.service';
import { PersonChangeService } from '../src/roster-maintenance/person-change.service';
import { RosterTransactionService } from '../src/roster-maintenance/roster-transaction.service';
import { SeatChangeService } from '../src/roster-maintenance/seat-change.service';
import { TenureChangeService } from '../src/roster-maintenance/tenure-change.service';

const START = new Date('2021-06-01T02:00:00Z');
const TITLE = '市应急管理局局长';

/**
 * The change services and their transaction helper on a real database (SQLite file, or Postgres
 * with DB_TYPE=postgres), built without Nest, with a clock that moves only when told.
 */
describe('roster changes (services, fake clock)', () => {
  let services: RosterServices;
  let ds: DataSource;
  const clock = new ManualClock();
  let views: RosterViewService;
  let transactions: RosterTransactionService;
  let tenures: TenureChangeService;
  let seats: SeatChangeService;
  let persons: PersonChangeService;

  beforeAll(async () => {
    services = await openRosterServices(clock);
    ({ ds, views, transactions, tenures, seats, persons } = services);
  });
  afterAll(async () => {
    await services?.close();
  });

  const revision = () => services.revision();
  const journal = () => services.journalRows();
  const tenuresOf = async (positionId: string) =>
    (await ds.getRepository(TenureEntity).find({ where: { positionId } }))
      .filter((t) => t.supersededAt === null)
      .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());

  it("records an appointment at the clock's now: tenure, journal line and revision", async () => {
    clock.set(START);
    const before = await revision();
    const outcome = await tenures.appoint(
      { positionTitle: TITLE, personName: '测试甲', documentRef: ' 晋市政任〔2021〕1号 ' },
      SYSTEM_ACTOR,
    );
    expect(outcome.at).toEqual(START);
    expect(await revision()).toBe(before + 1);
    const row = await ds.getRepository(RosterChangeEntity).findOneByOrFail({ id: outcome.changeIds[0] });
    expect(row).toMatchObject({
      kind: 'APPOINT',
      recordedAt: START,
      effectiveFrom: START,
      documentRef: '晋市政任〔2021〕1号',
      actorName: 'system',
    });
    expect(row.summary).toBe(
      '测试甲 任 市应急管理局局长，接替 鲍瑞卿（4 个席位随职务变更）'.replace(
        '4',
        String(JSON.parse(row.data).seatIds.length),
      ),
    );
    const all = await tenuresOf(outcome.positionId!);
    expect(all.at(-1)).toMatchObject({ effectiveFrom: START, effectiveTo: null });
    expect(all.at(-2)?.effectiveTo).toEqual(START);
    const view = await views.current();
    expect(view.holdersAt(outcome.positionId!, START).map((h) => h.person.name)).toEqual(['测试甲']);
  });

  it('records a change that comes while the clock stands still strictly after the one before: no zero-length tenure', async () => {
    clock.set(START); // the same instant as the appointment above
    const outcome = await tenures.appoint({ positionTitle: TITLE, personName: '测试乙' }, SYSTEM_ACTOR);
    expect(outcome.at.getTime()).toBe(START.getTime() + 1);
    const all = await tenuresOf(outcome.positionId!);
    expect(all.filter((t) => t.effectiveTo && t.effectiveTo.getTime() <= t.effectiveFrom.getTime())).toEqual([]);
    expect(all.slice(-2).map((t) => [t.effectiveFrom.getTime(), t.effectiveTo?.getTime() ?? null])).toEqual([
      [START.getTime(), START.getTime() + 1],
      [START.getTime() + 1, null],
    ]);
  });

  it('refuses a change decided on an older revision with CONFLICT and writes nothing', async () => {
    clock.advance(60_000);
    const current = await revision();
    const lines = await journal();
    const error = await tenures
      .appoint({ positionTitle: TITLE, personName: '测试丙', expectedRevision: current - 1 }, SYSTEM_ACTOR)
      .catch((e: unknown) => e as DomainException);
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe('CONFLICT');
    expect((error as DomainException).details).toMatchObject({ expectedRevision: current - 1, revision: current });
    expect(await revision()).toBe(current);
    expect(await journal()).toBe(lines);
    expect((await views.current()).personsNamed('测试丙')).toEqual([]);
    const applied = await persons.renamePerson(
      { personId: (await views.current()).personsNamed('测试乙')[0].id, name: '测试乙二', expectedRevision: current },
      SYSTEM_ACTOR,
    );
    expect(applied.changeIds).toHaveLength(1);
    expect(await revision()).toBe(current + 1);
  });

  it('rolls a failed change back whole: no row, no journal line, no new revision', async () => {
    clock.advance(60_000);
    const current = await revision();
    const lines = await journal();
    const failed = transactions.run(SYSTEM_ACTOR, async (tx) => {
      await tenures.appointIn(tx, { positionTitle: TITLE, personName: '测试丁' });
      throw new Error('the second half of the change failed');
    });
    await expect(failed).rejects.toThrow('the second half of the change failed');
    expect(await revision()).toBe(current);
    expect(await journal()).toBe(lines);
    expect((await views.current()).personsNamed('测试丁')).toEqual([]);
  });

  it('refuses a seat change before the seat existed, naming the field, and writes nothing', async () => {
    const view = await views.current();
    const seat = view.seatsAt(view.body('EARTHQUAKE')!, clock.now())[0];
    const lines = await journal();
    await expect(
      seats.removeSeat({ seatId: seat.seatId, effectiveFrom: new Date('2019-09-01T00:00:00Z') }, SYSTEM_ACTOR),
    ).rejects.toThrow(/^effectiveFrom: /);
    expect(await journal()).toBe(lines);
  });

  it('takes turns: concurrent appointments each see the one before', async () => {
    clock.advance(60_000);
    const names = ['并发一', '并发二', '并发三', '并发四', '并发五'];
    const outcomes = await Promise.all(
      names.map((personName) => tenures.appoint({ positionTitle: TITLE, personName }, SYSTEM_ACTOR)),
    );
    const instants = outcomes.map((o) => o.at.getTime()).sort((a, b) => a - b);
    expect(new Set(instants).size).toBe(names.length);
    const all = await tenuresOf(outcomes[0].positionId!);
    expect(all.filter((t) => t.effectiveTo && t.effectiveTo.getTime() <= t.effectiveFrom.getTime())).toEqual([]);
    expect(all.filter((t) => t.effectiveTo === null)).toHaveLength(1);
  });
});
