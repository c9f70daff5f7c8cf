import DataLoader from 'dataloader';

/**
 * A micro-batcher for work units that run concurrently in one process (e.g. the jobs of a BullMQ
 * worker): every `load(item)` made while the previous batch is still running joins the next batch,
 * which starts as soon as the previous one is done (at the next turn of the event loop when none
 * runs). So an idle process adds no delay, and a busy one shares one round of database work between
 * all the units that arrived meanwhile. `run` answers one value or Error per item, in order: an
 * Error fails that item's load only.
 */
export function batchLoader<K, V>(
  run: (items: readonly K[]) => Promise<Array<V | Error>>,
  maxBatchSize: number,
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
      batchScheduleFn: (dispatch) => void running.then(() => setImmediate(dispatch)),
    },
  );
}
