import { rosterServicesForSuite } from '../../test/support/roster-services';
import { SYSTEM_ACTOR } from '../auth/principal.types';
import { DomainException } from '../common/domain.exception';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { RosterRevisionEntity } from '../roster/entities/roster-revision.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { RosterTx } from './roster-tx.helper';

const START = new Date('2021-06-01T02:00:00Z');
const TITLE = '市应急管理局局长';

/** RosterTx (opened by RosterTransactionService.run) on a real database with the project's migrations. */
describe('RosterTx', () => {
  const r = rosterServicesForSuite(START, 60_000);
  const clock = r.clock;

  const journal = (ids: string[]) =>
    Promise.all(ids.map((id) => r.ds.getRepository(RosterChangeEntity).findOneBy({ id })));

  it('refuses a change decided on an older revision with CONFLICT before it writes anything', async () => {
    const revision = await r.revision();
    const rows = await r.journalRows();
    let ran = false;
    const error = await r.transactions
      .run(
        SYSTEM_ACTOR,
        async (tx) => {
          ran = true;
          await tx.resolvePerson('冲突甲', null, { create: true });
          return tx.journal({ kind: 'RENAME_PERSON', summary: 'never', data: {} });
        },
        { expectedRevision: revision - 1 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainException);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      details: { field: 'expectedRevision', expectedRevision: revision - 1, revision },
    });
    expect(ran).toBe(false);
    expect(await r.revision()).toBe(revision);
    expect(await r.journalRows()).toBe(rows);
    expect((await r.views.current()).personsNamed('冲突甲')).toEqual([]);
  });

  it('opens on the current revision, and without one', async () => {
    const revision = await r.revision();
    await r.ds.transaction(async (manager) => {
      expect((await RosterTx.open(manager, SYSTEM_ACTOR, clock, revision)).now).toEqual(clock.now());
      expect((await RosterTx.open(manager, SYSTEM_ACTOR, clock, null)).now).toEqual(clock.now());
      expect((await RosterTx.open(manager, SYSTEM_ACTOR, clock)).now).toEqual(clock.now());
    });
  });

  it('writes its journal rows and bumps the revision in the one transaction of the change', async () => {
    const now = clock.now();
    const revision = await r.revision();
    const rows = await r.journalRows();
    const written = await r.transactions.run(
      { keyId: null, name: '值班员' },
      async (tx) => {
        const first = await tx.journal({
          kind: 'RENAME_PERSON',
          summary: '第一行',
          documentRef: ' 文 1 ',
          data: { n: 1 },
        });
        const second = await tx.journal({ kind: 'RENAME_PERSON', summary: '第二行', data: { n: 2 } });
        return [first.id, second.id];
      },
      { expectedRevision: revision },
    );
    expect(await r.revision()).toBe(revision + 1);
    expect(await r.journalRows()).toBe(rows + 2);
    const [first, second] = await journal(written);
    expect(first).toMatchObject({ summary: '第一行', recordedAt: now, effectiveFrom: now, sequence: 0 });
    expect(first).toMatchObject({ documentRef: '文 1', actorName: '值班员', data: JSON.stringify({ n: 1 }) });
    expect(second).toMatchObject({ summary: '第二行', recordedAt: now, sequence: 1 });
    const latest = await r.ds.getRepository(RosterRevisionEntity).findOneByOrFail({ id: 1 });
    expect(latest.changedAt).toEqual(now);
  });

  it('rolls the journal row and the revision back with the rest when the change fails', async () => {
    const revision = await r.revision();
    const rows = await r.journalRows();
    let id = '';
    const failed = r.transactions.run(SYSTEM_ACTOR, async (tx) => {
      id = (await tx.journal({ kind: 'RENAME_PERSON', summary: '半途', data: {} })).id;
      throw new Error('the change failed half way');
    });
    await expect(failed).rejects.toThrow('the change failed half way');
    expect(id).not.toBe('');
    expect(await journal([id])).toEqual([null]);
    expect(await r.revision()).toBe(revision);
    expect(await r.journalRows()).toBe(rows);
  });

  it('takes "now" strictly after the last recorded change when the clock is behind it', async () => {
    const last = clock.now();
    await r.transactions.run(SYSTEM_ACTOR, (tx) => tx.journal({ kind: 'RENAME_PERSON', summary: '之前', data: {} }));
    clock.set(new Date(last.getTime() - 60_000));
    const now = await r.transactions.run(SYSTEM_ACTOR, async (tx) => tx.now);
    expect(now.getTime()).toBe(last.getTime() + 1);
    clock.set(last);
  });

  it('resolves a person by name or alias, refuses an unknown one naming close names, and creates one when told', async () => {
    await r.transactions.run(SYSTEM_ACTOR, async (tx) => {
      const liu = await tx.resolvePerson('刘闻', null, { create: false });
      expect(liu).toMatchObject({ person: { name: '刘闯' }, created: false });
      expect((await tx.resolvePerson('刘闯', liu.person.id, { create: false })).person.id).toBe(liu.person.id);
      await expect(tx.resolvePerson('张平', liu.person.id, { create: false })).rejects.toThrow(
        /^personName: does not name person .*\(刘闯\) \(got "张平"\)$/,
      );
      await expect(tx.resolvePerson('刘闯闯', null, { create: false, field: 'replacing' })).rejects.toThrow(
        /^replacing: no person has this name; close names: 刘闯.* \(got "刘闯闯"\)$/,
      );
      await expect(tx.resolvePerson(' ', null, { create: true })).rejects.toThrow(/a person name is required/);
      const created = await tx.resolvePerson(' 新人甲 ', null, { create: true });
      expect(created).toMatchObject({ person: { name: '新人甲' }, created: true });
      expect((await tx.resolvePerson('新人甲', null, { create: false })).person.id).toBe(created.person.id);
    });
    expect((await r.views.current()).personsNamed('新人甲')).toHaveLength(1);
  });

  it('ends a tenure from an instant keeping the earlier version, and refuses an end before its start', async () => {
    const now = clock.now();
    const position = (await r.views.current()).positionByTitle(TITLE)!;
    const { ended, rejected } = await r.transactions.run(SYSTEM_ACTOR, async (tx) => {
      const tenures = tx.tenuresOf(position.id);
      const rejected = await tx
        .end(TenureEntity, tenures, new Date('2019-09-01T00:00:00Z'), { future: 'reject', describe: () => '任职' })
        .catch((e: Error) => e.message);
      return { ended: await tx.end(TenureEntity, tenures, now, { future: 'reject' }), rejected };
    });
    expect(rejected).toMatch(
      /^effectiveFrom: is before 2019-09-1\d.*, when 任职 \(already recorded\); .*\(got "2019-09-01T00:00:00.000Z"\)$/,
    );
    expect(ended.map((t) => t.effectiveTo)).toEqual([now]);
    const versions = await r.ds.getRepository(TenureEntity).findBy({ id: ended[0].id });
    expect(versions.map((t) => [t.effectiveFrom, t.effectiveTo, t.supersededAt])).toEqual(
      expect.arrayContaining([
        [ended[0].effectiveFrom, null, now],
        [ended[0].effectiveFrom, now, null],
      ]),
    );
  });
});
