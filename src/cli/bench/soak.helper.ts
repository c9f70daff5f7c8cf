import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deployedSettings, launchDeployed, running } from './deployed-api.helper';
import { MixedResult } from './mixed-load';
import { figure, note, walFileSize } from './output.helper';
import { eightLeaderCombos, Endpoint, reportBody, WHO } from './queries.helper';
import { MemorySample, summarizeRss } from './rss-curve';
import { Receiver, runLoad } from './service.helper';

/**
 * The soak of `npm run bench -- --soak <seconds>` (issue 13: "RSS after a 5-minute mixed soak ≤ 300 MB and
 * flat"). The service is `node dist/main.js` in a process of its own, with its workers in that process (the
 * default deployment), on a fresh database; a mixed load comes from the load generator process for a
 * warm-up and then `seconds`; the process's RSS (/proc/<pid>/status VmRSS) and its JS heap in use (from
 * its own GET /metrics) are read every 10 s.
 */

const SAMPLE_SECONDS = 10;
const WARMUP_SECONDS = 30;
const IDLE_SECONDS = 30;
const RSS_TARGET_MB = 300;
/**
 * Growth a 5-minute run can tell from the ups and downs of garbage collection: with samples scattered by
 * ±4 MB around a level, the slope fitted through the 15 samples of the second half has a standard error
 * of about 1.4 MB/min, so a flat process stays under 3 (two standard errors) 19 times in 20.
 */
const SLOPE_TARGET_MB_PER_MIN = 3;

const HEADQUARTERS = `query { headquarters { name commanders { roleName title person { id name } }
  deputyCommanders { roleName title person { id name } } members { title person { name } } } }`;
const INCIDENTS = `query($first: Int) { incidents(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id incidentType severity status title reportedAt activation { activated post { name } }
  notifications { person { name } status } } } }`;
/** With the id as a variable, as clients send it (graphql/examples): one document, parsed once. */
const ACK = `mutation($id: ID!) { acknowledgeNotification(id: $id) { id status acknowledgedAt } }`;

export interface SoakOptions {
  seconds: number;
  /** reportIncident per second (eight leaders each). */
  rate: number;
}

export async function soak(
  engine: 'sqlite' | 'postgres',
  o: SoakOptions,
  dir: string,
  receiver: Receiver,
): Promise<void> {
  const settings = deployedSettings();
  if (process.env.SOAK_NODE_OPTIONS !== undefined) settings.NODE_OPTIONS = process.env.SOAK_NODE_OPTIONS;
  if (process.env.MALLOC_ARENA_MAX !== undefined) settings.MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX;
  note(
    engine,
    `soak: node dist/main.js with workers, ${
      Object.entries(settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || 'no process settings'
    } (docker/Dockerfile's unless overridden)`,
  );
  const deployed = await launchDeployed(engine, dir, receiver, 'soak', null, settings);
  const { api, endpoint } = deployed;
  const samples: MemorySample[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const combos = await eightLeaderCombos(endpoint);
    const t0 = Date.now();
    const sample = async () => {
      const at = (Date.now() - t0) / 1000;
      const rss = running(api) ? rssMb(api.pid!) : null;
      if (rss !== null) samples.push({ at, rssMb: rss, ...(await heapMb(endpoint).catch(() => ({ heapMb: null }))) });
    };
    await sample();
    timer = setInterval(() => void sample(), SAMPLE_SECONDS * 1000);
    const result = await runLoad<MixedResult>({
      mode: 'mixed',
      url: endpoint.url,
      headers: endpoint.headers,
      seconds: WARMUP_SECONDS + o.seconds,
      reads: {
        rate: 50,
        bodies: [
          ...combos.map(([type, severity]) => JSON.stringify({ query: WHO, variables: { type, severity } })),
          JSON.stringify({ query: HEADQUARTERS }),
        ],
      },
      reports: {
        rate: o.rate,
        bodies: combos.map(([type, severity]) => reportBody(type, severity, `soak-${Date.now()}`)),
      },
      acks: { body: JSON.stringify({ query: ACK, variables: { id: '__ID__' } }), perIncident: 2, afterMs: 2000 },
      lists: { rate: 5, bodies: [JSON.stringify({ query: INCIDENTS, variables: { first: 20 } })] },
    });
    clearInterval(timer);
    if (!running(api))
      throw new Error(`the API exited during the soak (${api.exitCode ?? api.signalCode}):\n${deployed.tail()}`);
    await sample();
    // Idle: what the process gives back once the load stops (V8's memory reducer starts after 8 s).
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const after = running(api) ? rssMb(api.pid!) : null;
    for (const s of result.streams) {
      figure(engine, `soak ${s.name}`, s.sent / (WARMUP_SECONDS + o.seconds), 'req/s', s.p50, s.p99);
      if (s.errors || s.skipped)
        note(engine, `soak ${s.name}: ${s.errors} errors, ${s.skipped} turns skipped; first error: ${s.firstError}`);
    }
    const r = summarizeRss(samples, WARMUP_SECONDS);
    const target = `<= ${RSS_TARGET_MB}`;
    figure(engine, 'soak api RSS at start', r.startMb, 'MB', undefined, undefined, undefined, target);
    figure(engine, 'soak api RSS peak', r.peakMb, 'MB', undefined, undefined, undefined, target);
    figure(engine, 'soak api RSS at end', r.endMb, 'MB', undefined, undefined, undefined, target);
    figure(engine, `soak api RSS ${IDLE_SECONDS} s after`, after ?? NaN, 'MB', undefined, undefined, undefined, target);
    figure(
      engine,
      'soak api RSS slope 2nd half',
      r.slopeMbPerMin,
      'MB/min',
      undefined,
      undefined,
      undefined,
      `<= ${SLOPE_TARGET_MB_PER_MIN}`,
    );
    const curve = (f: (s: MemorySample) => number | null) =>
      samples.map((s) => (f(s) === null ? '-' : f(s)!.toFixed(0))).join(' ');
    note(
      engine,
      `soak api RSS MB every ${SAMPLE_SECONDS} s (first ${WARMUP_SECONDS} s warm-up): ${curve((s) => s.rssMb)}`,
    );
    note(engine, `soak api JS heap used MB, same instants: ${curve((s) => s.heapMb)}`);
    note(engine, `soak api JS heap committed MB, same instants: ${curve((s) => s.heapTotalMb ?? null)}`);
    note(engine, `soak api external (Buffers) MB, same instants: ${curve((s) => s.externalMb ?? null)}`);
    note(engine, `soak ${receiver.arrivals.size} notifications received in all so far`);
    if (engine === 'sqlite') note(engine, `soak: ${walFileSize(`${String(deployed.ds.options.database)}-wal`)}`);
  } finally {
    clearInterval(timer);
    await deployed.close();
  }
}

/** Resident set size of a process in MB: VmRSS from /proc where there is one, else `ps`; null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    // not Linux (or gone): ask ps
  }
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  } catch {
    return null;
  }
}

/** The process's own report of its JS heap and external memory (prom-client's default metrics, GET /metrics). */
async function heapMb(endpoint: Endpoint): Promise<Omit<MemorySample, 'at' | 'rssMb'>> {
  const res = await fetch(endpoint.url.replace(/\/graphql$/, '/metrics'), {
    headers: { authorization: endpoint.headers.authorization },
  });
  const text = await res.text();
  const mb = (name: string) => {
    const m = new RegExp(`^emergency_process_${name}\\s+([\\d.e+]+)`, 'm').exec(text);
    return m ? Number(m[1]) / 1024 / 1024 : null;
  };
  return {
    heapMb: mb('nodejs_heap_size_used_bytes'),
    heapTotalMb: mb('nodejs_heap_size_total_bytes'),
    externalMb: mb('nodejs_external_memory_bytes'),
  };
}
