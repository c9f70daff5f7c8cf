/** Retries `attempt` with backoff until it succeeds, it throws a final error, or `timeoutMs` runs out. */
export interface WaitOptions {
  what: string;
  timeoutMs: number;
  /** One line per failed attempt. */
  log: (line: string) => void;
  /** Errors that retrying cannot fix (a wrong password, a missing database): thrown at once. */
  isFinal?: (error: unknown) => boolean;
  describe?: (error: unknown) => string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const BACKOFF_MS = [500, 1000, 2000, 4000, 5000];

export async function waitFor<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const describe = options.describe ?? ((error: unknown) => (error as Error)?.message ?? String(error));
  const deadline = now() + options.timeoutMs;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (options.isFinal?.(error)) throw error;
      const delay = BACKOFF_MS[Math.min(tries - 1, BACKOFF_MS.length - 1)];
      if (now() + delay > deadline) {
        throw new WaitTimeoutError(`${options.what} not reachable after ${tries} attempts: ${describe(error)}`);
      }
      options.log(`${options.what} not reachable (${describe(error)}); attempt ${tries}, next in ${delay / 1000} s`);
      await sleep(delay);
    }
  }
}

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}
