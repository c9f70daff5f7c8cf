import { RosterChangeEntity } from '../src/roster/entities/roster-change.entity';
import { TenureEntity } from '../src/roster/entities/tenure.entity';
import { createTestApp, TestApp } from './support/test-app';

const APPOINT = `mutation($input: AppointInput!) { appoint(input: $input) { title holders { name } } }`;
const REVISION = `query { rosterRevision }`;
const TITLE = '市应急管理局局长';

/**
 * Roster changes against each other (issue 9 item 8): concurrent changes to one position take
 * turns and never leave a zero-length tenure; a change based on a revision the roster has moved
 * past is refused with CONFLICT and writes nothing.
 */
describe('roster changes: concurrency and expectedRevision', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const revision = async (): Promise<number> => (await t.query<{ rosterRevision: number }>(REVISION)).rosterRevision;
  const journalCount = () => t.dataSource.getRepository(RosterChangeEntity).count();

  it('serialises 20 concurrent appointments to one title: no zero-length tenure, one consistent holder', async () => {
    const position = (await t.query(`query($title: String!) { position(title: $title) { id } }`, { title: TITLE }))
      .position as { id: string };
    const before = await revision();
    const names = Array.from({ length: 20 }, (_, i) => `并发测试${String.fromCharCode(0x4e00 + i)}`);
    const results = await Promise.all(
      names.map((personName) => t.gql(APPOINT, { input: { positionTitle: TITLE, personName } })),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(await revision()).toBe(before + 20);

    const tenures = (
      await t.dataSource.getRepository(TenureEntity).find({ where: { positionId: position.id } })
    ).filter((row) => row.supersededAt === null);
    const zeroLength = tenures.filter(
      (row) => row.effectiveTo && row.effectiveTo.getTime() <= row.effectiveFrom.getTime(),
    );
    expect(zeroLength).toEqual([]);
    // A single-holder title: the periods follow one another without overlap, and the last one is open.
    const sorted = [...tenures].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i - 1].effectiveTo?.getTime()).toBe(sorted[i].effectiveFrom.getTime());
    }
    const open = sorted.filter((row) => row.effectiveTo === null);
    expect(open).toHaveLength(1);

    // The holder is whoever the last recorded appointment named, and every seat of the title is theirs.
    const last = await t.dataSource
      .getRepository(RosterChangeEntity)
      .findOne({ where: { kind: 'APPOINT' }, order: { recordedAt: 'DESC', sequence: 'DESC' } });
    const lastName = (JSON.parse(last!.data) as { personName: string }).personName;
    const { position: now } = await t.query(`query($title: String!) { position(title: $title) { holders { name } } }`, {
      title: TITLE,
    });
    expect(now.holders).toEqual([{ name: lastName }]);
    const { headquarters: hq } = await t.query(
      `query { headquarters { members { title person { name } } office { directors { title person { name } } } } }`,
    );
    const seats = [...hq.members, ...hq.office.directors].filter((s: { title: string }) => s.title === TITLE);
    expect(seats.length).toBeGreaterThan(1);
    expect(seats.every((s: { person: { name: string } | null }) => s.person?.name === lastName)).toBe(true);
    expect(sorted.map((row) => row.personId)).toContain(open[0].personId);
  });

  it('refuses an appointment based on a stale revision with CONFLICT and writes nothing', async () => {
    const seen = await revision();
    await t.query(APPOINT, { input: { positionTitle: TITLE, personName: '先到者', expectedRevision: seen } });
    expect(await revision()).toBe(seen + 1);
    const journal = await journalCount();

    const stale = await t.gql(APPOINT, {
      input: { positionTitle: TITLE, personName: '后到者', expectedRevision: seen },
    });
    expect(stale.data).toBeNull();
    expect(stale.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      expectedRevision: seen,
      revision: seen + 1,
    });
    expect(stale.errors?.[0].message).toMatch(/^expectedRevision: /);
    expect(await revision()).toBe(seen + 1);
    expect(await journalCount()).toBe(journal);
    const people = await t.query(`query { people(search: "后到者") { id } }`);
    expect(people.people).toEqual([]);

    // Based on the current revision it goes through.
    const fresh = await t.query(APPOINT, {
      input: { positionTitle: TITLE, personName: '后到者', expectedRevision: seen + 1 },
    });
    expect(fresh.appoint.holders).toEqual([{ name: '后到者' }]);
  });
});
