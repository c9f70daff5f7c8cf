import { EntityManager } from 'typeorm';
import { RosterRevisionEntity } from './entities/roster-revision.entity';

/** Every roster write calls this inside its transaction, so that all processes see the change. */
export async function bumpRosterRevision(manager: EntityManager, at: Date): Promise<void> {
  const current = await manager.findOne(RosterRevisionEntity, { where: { id: 1 } });
  if (current) {
    await manager.update(RosterRevisionEntity, { id: 1 }, { revision: current.revision + 1, changedAt: at });
  } else {
    await manager.insert(RosterRevisionEntity, { id: 1, revision: 1, changedAt: at });
  }
}
