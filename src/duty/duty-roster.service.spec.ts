import { newId } from '../database/columns.helper';
import { openTestDatabase, TestDatabase } from '../database/test-database.fixture';
import type { DirectoryService } from '../roster/directory.service';
import { DutyAssignmentEntity } from './entities/duty-assignment.entity';
import { DutyRosterService, NOT_KEEPING_TRUST_MS } from './duty-roster.service';
import type { DutySettingsService } from './duty-settings.service';

describe('DutyRosterService.keepsRoster', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const record = (office: string, recordedAt: Date) =>
    db.dataSource.manager.insert(
      DutyAssignmentEntity,
      Object.assign(new DutyAssignmentEntity(), {
        id: newId(),
        office,
        shiftDate: '2026-11-30',
        shiftCode: 'DAY',
        shiftName: '白班',
        startsAt: new Date('2026-11-30T00:30:00Z'),
        endsAt: new Date('2026-11-30T12:30:00Z'),
        personId: newId(),
        role: 'LEADER',
        ordinal: 0,
        recordedAt,
        supersededAt: null,
        changeId: newId(),
        replacesPersonId: null,
        note: null,
      }),
    );

  it('says no until the office records a roster, then yes without asking the database again', async () => {
    const service = new DutyRosterService(db.dataSource, {} as DutySettingsService, {} as DirectoryService);
    const queries = jest.spyOn(db.dataSource, 'getRepository');
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(false);
    now += NOT_KEEPING_TRUST_MS - 1;
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(false); // a no is trusted a moment
    expect(queries).toHaveBeenCalledTimes(1);

    await record('MUNICIPAL', new Date('2026-11-30T01:00:00Z'));
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(false); // recorded elsewhere: not seen yet
    now += 1;
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(true); // then asked again
    now += 10 * NOT_KEEPING_TRUST_MS;
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(true);
    expect(queries).toHaveBeenCalledTimes(2);
    expect(await service.keepsRoster('COUNTY', null)).toBe(false);
    clock.mockRestore();

    // As known at an earlier instant the office kept none yet: always asked.
    expect(await service.keepsRoster('MUNICIPAL', new Date('2026-11-30T00:00:00Z'))).toBe(false);
    expect(await service.keepsRoster('MUNICIPAL', new Date('2026-11-30T02:00:00Z'))).toBe(true);
    queries.mockRestore();
  });

  it('hears at once of a roster this process records', async () => {
    const service = new DutyRosterService(db.dataSource, {} as DutySettingsService, {} as DirectoryService);
    const queries = jest.spyOn(db.dataSource, 'getRepository');
    expect(await service.keepsRoster('DISTRICT', null)).toBe(false);
    await record('DISTRICT', new Date('2026-11-30T01:00:00Z'));
    service.recorded('DISTRICT');
    expect(await service.keepsRoster('DISTRICT', null)).toBe(true);
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
  });
});
