import type { Actor } from '../auth/principal.types';
import { newId } from '../database/columns.helper';
import { RosterChangeEntity, RosterChangeKind } from './entities/roster-change.entity';

/** One line of the roster journal, as a change describes it. */
export interface JournalEntry {
  kind: RosterChangeKind;
  /** One line in Chinese: 测试甲 任 市应急管理局局长（接替 鲍瑞卿）. */
  summary: string;
  /** When the change takes effect (default: when it is recorded). */
  effectiveFrom?: Date;
  documentRef?: string | null;
  reason?: string | null;
  data: Record<string, unknown>;
}

/**
 * The one constructor of roster journal rows (roster_change): personnel and seat changes, imports,
 * contact methods and duty-roster imports all record their changes through it.
 * `sequence` orders the rows one transaction records at the same instant.
 */
export function rosterChangeRow(entry: JournalEntry, actor: Actor, recordedAt: Date, sequence = 0): RosterChangeEntity {
  return Object.assign(new RosterChangeEntity(), {
    id: newId(),
    kind: entry.kind,
    summary: entry.summary,
    effectiveFrom: entry.effectiveFrom ?? recordedAt,
    recordedAt,
    sequence,
    documentRef: entry.documentRef?.trim() || null,
    reason: entry.reason?.trim() || null,
    actorKeyId: actor.keyId,
    actorName: actor.name.slice(0, 128),
    data: JSON.stringify(entry.data),
  });
}
