import { MemorySample, slope, summarizeRss } from './rss-curve';

const curve = (rss: number[], every = 10): MemorySample[] =>
  rss.map((rssMb, i) => ({ at: i * every, rssMb, heapMb: null }));

describe('summarizeRss', () => {
  it('starts at the first sample after the warm-up and ends at the last', () => {
    const r = summarizeRss(curve([100, 150, 200, 240, 230, 235]), 20);
    expect(r).toMatchObject({ startMb: 200, peakMb: 240, endMb: 235, samples: 4 });
  });

  it('tells growth over the second half of the window in MB per minute', () => {
    // Flat for the first half, then +5 MB every 10 s: 30 MB/min.
    const r = summarizeRss(curve([200, 200, 200, 200, 205, 210, 215, 220]), 0);
    expect(r.slopeMbPerMin).toBeCloseTo(30, 5);
  });

  it('is flat when the second half only goes up and down around one level', () => {
    const r = summarizeRss(curve([150, 190, 230, 235, 230, 235, 230, 235, 230]), 0);
    expect(Math.abs(r.slopeMbPerMin)).toBeLessThan(3);
  });

  it('has no figures without a sample after the warm-up', () => {
    expect(summarizeRss(curve([100, 120]), 30).samples).toBe(0);
  });
});

describe('slope', () => {
  it('is not decided by one outlying sample (one full collection more or less)', () => {
    // Level at 240 MB with one spike to 263 at the second-to-last sample: a least-squares line says +6 MB/min.
    const rss = [240, 238, 241, 239, 240, 241, 238, 240, 263, 240];
    expect(Math.abs(slope(rss.map((y, i): [number, number] => [i / 6, y])))).toBeLessThan(2);
  });

  it('is the slope of points on a line', () => {
    expect(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2, 10);
  });

  it('is NaN with fewer than two distinct x', () => {
    expect(slope([[1, 2]])).toBeNaN();
    expect(
      slope([
        [1, 2],
        [1, 3],
      ]),
    ).toBeNaN();
  });
});
