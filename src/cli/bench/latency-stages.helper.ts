import { DataSource } from 'typeorm';
import { percentile } from './load-generator';

/**
 * Where report → delivered time goes, for the notifications of the given incidents, from the service's
 * own records: outbox (row written → relay marked it QUEUED), queue (QUEUED → a worker began the send),
 * send (began → the channel answered). One `#` note line; p50/p99 in ms.
 */
export async function latencyStages(ds: DataSource, incidentIds: string[]): Promise<string> {
  const stages: Record<'outbox' | 'queue' | 'send', number[]> = { outbox: [], queue: [], send: [] };
  for (let i = 0; i < incidentIds.length; i += 200) {
    const chunk = incidentIds.slice(i, i + 200);
    const rows = (await ds.query(
      `SELECT n.created_at AS created, n.queued_at AS queued, a.at AS began, a.finished_at AS finished
         FROM notification n JOIN delivery_attempt a ON a.notification_id = n.id AND a.send_seq = 0
        WHERE n.incident_id IN (${chunk.map((_, k) => (ds.options.type === 'postgres' ? `$${k + 1}` : '?')).join(',')})`,
      chunk,
    )) as Array<{ created: string; queued: string | null; began: string; finished: string | null }>;
    for (const r of rows) {
      const t = (s: string | null) => (s ? Date.parse(s) : NaN);
      stages.outbox.push(t(r.queued) - t(r.created));
      stages.queue.push(t(r.began) - t(r.queued));
      stages.send.push(t(r.finished) - t(r.began));
    }
  }
  return Object.entries(stages)
    .map(([name, values]) => {
      const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
      return `${name} p50 ${percentile(sorted, 50).toFixed(0)} p99 ${percentile(sorted, 99).toFixed(0)}`;
    })
    .join(' · ');
}
