import { EntityManager, In, IsNull } from 'typeorm';
import type { Actor } from '../auth/principal.types';
import { newId } from '../database/columns.helper';
import type { DutyPlan, NewDutyRow } from './core/duty-changes';
import { DutyAssignmentEntity } from './entities/duty-assignment.entity';
import { DutyChangeEntity, DutyChangeKind } from './entities/duty-change.entity';

/** Records a duty change: its journal entry, the rows it supersedes (closed, never deleted) and the rows it adds. */
export async function writeDutyChange(
  m: EntityManager,
  change: {
    kind: DutyChangeKind;
    office: string;
    summary: string;
    reason: string | null;
    data: Record<string, unknown>;
  },
  plan: { supersedeIds: string[]; insert: NewDutyRow[] },
  actor: Actor,
  now: Date,
): Promise<DutyChangeEntity> {
  const entry = Object.assign(new DutyChangeEntity(), {
    id: newId(),
    kind: change.kind,
    office: change.office,
    summary: change.summary,
    reason: change.reason,
    recordedAt: now,
    actorKeyId: actor.keyId,
    actorName: actor.name,
    data: JSON.stringify(change.data),
  });
  await m.insert(DutyChangeEntity, entry);
  for (let i = 0; i < plan.supersedeIds.length; i += 500) {
    const ids = plan.supersedeIds.slice(i, i + 500);
    const result = await m.update(DutyAssignmentEntity, { id: In(ids), supersededAt: IsNull() }, { supersededAt: now });
    // Another change superseded a row since it was read: refuse rather than fork the history.
    if (result.affected !== undefined && result.affected !== ids.length) throw new ConcurrentDutyChange();
  }
  const rows = plan.insert.map((r) =>
    Object.assign(new DutyAssignmentEntity(), {
      ...r,
      id: newId(),
      recordedAt: now,
      supersededAt: null,
      changeId: entry.id,
    }),
  );
  for (let i = 0; i < rows.length; i += 200) await m.insert(DutyAssignmentEntity, rows.slice(i, i + 200));
  return entry;
}

export class ConcurrentDutyChange extends Error {
  constructor() {
    super('the duty roster changed while this change was prepared; try again');
  }
}

export const planIds = (plan: DutyPlan) => ({ supersedeIds: plan.supersede.map((r) => r.id), insert: plan.insert });
