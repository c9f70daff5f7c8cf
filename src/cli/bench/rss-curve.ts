/** One reading of a process's memory during the soak: seconds since the load started, megabytes. */
export interface MemorySample {
  at: number;
  rssMb: number;
  /** V8's heap: in use, and committed (what it holds of the RSS); null when the process did not say. */
  heapMb: number | null;
  heapTotalMb?: number | null;
  /** Memory of Buffers and other objects outside V8's heap that JS objects hold. */
  externalMb?: number | null;
}

export interface RssSummary {
  startMb: number;
  peakMb: number;
  endMb: number;
  /** Least-squares slope of RSS over the second half of the measured window, MB per minute. */
  slopeMbPerMin: number;
  samples: number;
}

/**
 * The soak's figures from the samples of one process: RSS at the first sample at or after `from`
 * (the end of the warm-up), the highest and the last from there on, and how fast it still grows over the
 * second half of that window (a line fitted through those samples, so one garbage collection more or
 * less at the last sample does not decide it).
 */
export function summarizeRss(samples: MemorySample[], from: number): RssSummary {
  const measured = samples.filter((s) => s.at >= from);
  if (measured.length === 0) return { startMb: NaN, peakMb: NaN, endMb: NaN, slopeMbPerMin: NaN, samples: 0 };
  const last = measured[measured.length - 1];
  const half = (measured[0].at + last.at) / 2;
  return {
    startMb: measured[0].rssMb,
    peakMb: Math.max(...measured.map((s) => s.rssMb)),
    endMb: last.rssMb,
    slopeMbPerMin: slope(measured.filter((s) => s.at >= half).map((s) => [s.at / 60, s.rssMb])),
    samples: measured.length,
  };
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}
