import { DataSource } from 'typeorm';
import { openDataSource } from '../src/database/data-source.config';
import { dropTestDatabase, testEnv } from './support/test-app';

describe('migrations', () => {
  const env = testEnv();
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource(env);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(env);
  });

  it('build exactly the schema the entities describe (nothing left for synchronize to do)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied, and a second run has nothing to do', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('can be reverted and applied again', async () => {
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration();
    expect(await dataSource.showMigrations()).toBe(true);
    expect((await dataSource.runMigrations()).length).toBe(count);
  });
});
