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
  /** Slope of RSS over the second half of the measured window (Theil–Sen), MB per minute. */
  slopeMbPerMin: number;
  samples: number;
}

/**
 * The soak's figures from the samples of one process: RSS at the first sample at or after `from`
 * (the end of the warm-up), the highest and the last from there on, and how fast it still grows over the
 * second half of that window: the median of the slopes between every two of those samples (Theil–Sen), so
 * one sample caught just before or after a full garbage collection does not decide it, as it would the
 * last-minus-first difference or a least-squares line.
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

/** Theil–Sen slope of y over x: the median of the slopes between every two points of distinct x; NaN without such a pair. */
export function slope(points: Array<[number, number]>): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++)
      if (points[j][0] !== points[i][0]) slopes.push((points[j][1] - points[i][1]) / (points[j][0] - points[i][0]));
  if (slopes.length === 0) return NaN;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
}
