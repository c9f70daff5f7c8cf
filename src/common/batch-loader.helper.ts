import DataLoader from 'dataloader';

/**
 * A micro-batcher for work units that run concurrently in one process (e.g. the jobs of a BullMQ
 * worker): every `load(item)` made while the previous batch is still running joins the next batch,
 * which starts as soon as the previous one is done, and not before `windowMs` after its first item
 * (so that units arriving together, e.g. the jobs of one incident fetched one after the other, share
 * a batch even when none runs). A busy process shares one round of database work between all the
 * units that arrived meanwhile; an idle one adds at most `windowMs` of delay. `run` answers one value or Error per item, in order: an
 * Error fails that item's load only.
 */
export function batchLoader<K, V>(
  run: (items: readonly K[]) => Promise<Array<V | Error>>,
  maxBatchSize: number,
  windowMs = 0,
): DataLoader<K, V> {
  let running: Promise<unknown> = Promise.resolve();
  return new DataLoader<K, V>(
    (items) => {
      const batch = run(items);
      running = batch.catch(() => undefined);
      return batch;
    },
    {
      cache: false,
      maxBatchSize,
      batchScheduleFn: (dispatch) => {
        const due = Date.now() + windowMs;
        void running.then(() => {
          const wait = due - Date.now();
          if (wait > 0) setTimeout(dispatch, wait);
          else setImmediate(dispatch);
        });
      },
    },
  );
}
