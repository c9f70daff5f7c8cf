import { newId } from '../database/columns.helper';
import { openTestDatabase, TestDatabase } from '../database/test-database.fixture';
import type { DirectoryService } from '../roster/directory.service';
import { DutyAssignmentEntity } from './entities/duty-assignment.entity';
import { DutyRosterService } from './duty-roster.service';
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
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(false);
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(false); // a no is asked again each time
    expect(queries).toHaveBeenCalledTimes(2);

    await record('MUNICIPAL', new Date('2026-11-30T01:00:00Z'));
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(true);
    expect(await service.keepsRoster('MUNICIPAL', null)).toBe(true);
    expect(queries).toHaveBeenCalledTimes(3);
    expect(await service.keepsRoster('COUNTY', null)).toBe(false);

    // As known at an earlier instant the office kept none yet: always asked.
    expect(await service.keepsRoster('MUNICIPAL', new Date('2026-11-30T00:00:00Z'))).toBe(false);
    expect(await service.keepsRoster('MUNICIPAL', new Date('2026-11-30T02:00:00Z'))).toBe(true);
    queries.mockRestore();
  });
});
