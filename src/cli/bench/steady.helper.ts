import { DataSource } from 'typeorm';
import { latencyStages } from './latency-stages.helper';
import { OpenResult, percentile } from './load-generator';
import { figure, note } from './output.helper';
import { Endpoint, graphql, LEADERS, reportBody } from './queries.helper';
import { Receiver, runLoad, waitUntil } from './service.helper';

/**
 * Report → delivered at a steady rate: one warm-up report delivered first, then `rate` reports/s for
 * `seconds` from the load generator process (open loop), each telling eight leaders; latency is from the
 * request leaving the load generator to the receiver's first arrival of each message. Prints the figure,
 * the stages note and the steady-rate intake latency under `label`.
 */
export async function steadyReportToDelivered(
  engine: string,
  label: string,
  endpoint: Endpoint,
  ds: DataSource,
  receiver: Receiver,
  combos: Array<[string, string]>,
  o: { seconds: number; rate: number },
): Promise<void> {
  const [type0, severity0] = combos[0];
  const warm = (await graphql(endpoint, reportBody(type0, severity0, `warm-${Date.now()}`).replace(/__N__/g, '0'))) as {
    reportIncident: { id: string; notifications: unknown[] };
  };
  const warmed = () => [...receiver.arrivals.values()].filter((a) => a.incidentId === warm.reportIncident.id).length;
  await waitUntil('the warm-up delivery', () => warmed() >= warm.reportIncident.notifications.length, 60_000);
  const steady = await runLoad<OpenResult>({
    mode: 'open',
    url: endpoint.url,
    headers: endpoint.headers,
    bodies: combos.map(([type, severity]) => reportBody(type, severity, `steady-${Date.now()}`)),
    seconds: o.seconds,
    rate: o.rate,
  });
  if (steady.errors) note(engine, `steady reports: ${steady.errors} errors, first: ${steady.firstError}`);
  const sentAt = new Map<string, number>();
  let expected = 0;
  for (const a of steady.answers) {
    const r = (a.data as { reportIncident: { id: string; notifications: unknown[] } }).reportIncident;
    sentAt.set(r.id, a.sentAt);
    expected += r.notifications.length;
  }
  const arrived = () => [...receiver.arrivals.values()].filter((a) => sentAt.has(a.incidentId));
  const all = await waitUntil('delivery of the steady-rate incidents', () => arrived().length >= expected, 60_000);
  const latencies = arrived()
    .map((a) => a.at - sentAt.get(a.incidentId)!)
    .sort((a, b) => a - b);
  figure(
    engine,
    `report→delivered ${o.rate}/s x${LEADERS}${label}`,
    percentile(latencies, 99),
    'ms p99',
    percentile(latencies, 50),
    percentile(latencies, 99),
    undefined,
    '<= 1000',
  );
  if (!all) note(engine, `only ${latencies.length} of ${expected} notifications arrived within 60 s`);
  note(engine, `report→delivered${label} stages (ms): ${await latencyStages(ds, [...sentAt.keys()])}`);
  const intake = label ? `reportIncident steady${label}` : 'reportIncident at steady rate';
  figure(engine, intake, steady.p99, 'ms p99', steady.p50, steady.p99);
}
