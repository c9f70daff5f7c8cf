import { DocumentNode, Kind, OperationDefinitionNode, visit } from 'graphql';

/** Root fields answered from the in-memory roster alone (the directory and the activation dry run). */
export const CACHED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'whoCommands',
  'headquarters',
  'commandPosts',
  'commandPost',
]);

/** Fields that read the database or personal data: an operation selecting one anywhere is never cached. */
const NEVER_CACHED_FIELDS: ReadonlySet<string> = new Set(['contactMethods']);

/** How long an answer for "now" is given again (other processes' duty changes are seen within it). */
export const READ_CACHE_TTL_MS = 250;
const MAX_ENTRIES = 2000;

/** How long identical operations wait for one already computing their answer before they compute it themselves. */
export const READ_CACHE_FOLLOW_MS = 1000;

/**
 * True when `operation` is a query whose root fields are all directory reads (CACHED_ROOT_FIELDS)
 * and that selects no field of NEVER_CACHED_FIELDS anywhere in the document (fragments included).
 */
export function cacheableOperation(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return false;
    if (!CACHED_ROOT_FIELDS.has(selection.name.value) && selection.name.value !== '__typename') return false;
  }
  let excluded = false;
  visit(document, {
    Field(node) {
      if (NEVER_CACHED_FIELDS.has(node.name.value)) excluded = true;
    },
  });
  return !excluded;
}

export interface ReadCacheStamp {
  /** The roster revision the answer was computed on. */
  revision: number;
  /** Bumped by every mutation this process runs (duty rosters, roster changes …). */
  generation: number;
}

interface Entry<T> extends ReadCacheStamp {
  value: T;
  expiresAt: number;
}

interface Flight<T> extends ReadCacheStamp {
  startedAt: number;
  answer: Promise<T | undefined>;
  settle: (value: T | undefined) => void;
}

/** What `lead` gives the one computing an answer: call it with the answer (undefined: none to keep) when done. */
export type FinishFlight<T> = (value: T | undefined, now: number) => void;

/**
 * Answers of identical operations (same caller roles, same document, same variables), valid while
 * the roster revision and this process's mutation generation are unchanged and at most `ttlMs`.
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Answers being computed: identical operations arriving meanwhile wait for them (no stampede at expiry). */
  private readonly flights = new Map<string, Flight<T>>();
  private generationValue = 0;

  constructor(
    /** How long an answer is given again at most (tests on a busy machine lengthen it). */
    public ttlMs = READ_CACHE_TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get generation(): number {
    return this.generationValue;
  }

  /** Forgets every answer: a write happened in this process. */
  invalidate(): void {
    this.generationValue++;
    this.entries.clear();
    this.flights.clear();
  }

  get(key: string, revision: number, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.revision !== revision || entry.generation !== this.generationValue || now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` computed on `stamp` (taken before it was computed); a stale stamp keeps nothing. */
  set(key: string, stamp: ReadCacheStamp, value: T, now: number): void {
    if (stamp.generation !== this.generationValue) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { ...stamp, value, expiresAt: now + this.ttlMs });
  }

  /**
   * The answer already being computed for `key` on `revision` (started less than READ_CACHE_FOLLOW_MS ago),
   * or undefined when there is none to wait for. It resolves to undefined when that computation kept
   * nothing (errors, or a write happened meanwhile): the caller then computes the answer itself.
   */
  follow(key: string, revision: number, now: number): Promise<T | undefined> | undefined {
    const flight = this.flights.get(key);
    if (!flight) return undefined;
    if (
      flight.revision !== revision ||
      flight.generation !== this.generationValue ||
      now - flight.startedAt >= READ_CACHE_FOLLOW_MS
    )
      return undefined;
    return flight.answer;
  }

  /** Says that the caller computes `key`'s answer on `stamp`; the function it gets keeps it and tells the followers. */
  lead(key: string, stamp: ReadCacheStamp, now: number): FinishFlight<T> {
    let settle: (value: T | undefined) => void = () => undefined;
    const answer = new Promise<T | undefined>((resolve) => (settle = resolve));
    const flight: Flight<T> = { ...stamp, startedAt: now, answer, settle };
    this.flights.set(key, flight);
    return (value, at) => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      const kept = value !== undefined && stamp.generation === this.generationValue;
      if (kept) this.set(key, stamp, value, at);
      flight.settle(kept ? value : undefined);
    };
  }

  get size(): number {
    return this.entries.size;
  }
}
