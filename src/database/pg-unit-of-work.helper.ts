import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { InsertHolder, insertsHeldBy, preparedText } from './insert-rows.helper';

/** The most parameters one combined statement carries (Postgres allows 65,535). */
export const HELD_PARAMETERS_MAX = 30_000;

/**
 * A Postgres unit of work that sends BEGIN only once it must. The INSERTs insertRows() makes are held
 * until the unit does anything else (a read, an update, a lock), which sends BEGIN, then the held
 * INSERTs in order, then the statement; COMMIT ends it as usual. A unit that only inserted (an
 * incident report: the incident, its notifications, deadlines, event and escalation) sends them at
 * the end as ONE statement (`WITH w0 AS (INSERT …), w1 AS (INSERT …) INSERT …`) without BEGIN and
 * COMMIT: a single statement is atomic by itself, its foreign keys are checked at its end, and a
 * constraint it breaks fails it whole with the same error. One round trip instead of seven.
 * The unit's manager says a transaction is active from the start, so TypeORM's save() opens none of
 * its own and a reader reads through the unit's connection.
 */
export async function runUnitOfWork<T>(dataSource: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const unit = new LazyTransaction(runner);
  try {
    const result = await work(runner.manager);
    await unit.commit();
    return result;
  } catch (error) {
    await unit.rollback();
    throw error;
  } finally {
    unit.end();
    await runner.release();
  }
}

interface Held {
  text: string;
  values: unknown[];
}

class LazyTransaction implements InsertHolder {
  private held: Held[] = [];
  private parameters = 0;
  private beginning: Promise<void> | null = null;
  private readonly send: (query: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
  private readonly state: { isTransactionActive: boolean; transactionDepth: number };

  constructor(private readonly runner: QueryRunner) {
    this.send = runner.query.bind(runner) as LazyTransaction['send'];
    runner.query = (async (query: string, parameters?: unknown[], structured?: boolean) => {
      await this.begin();
      return this.send(query, parameters, structured);
    }) as QueryRunner['query'];
    this.state = runner as unknown as LazyTransaction['state'];
    this.state.isTransactionActive = true;
    this.state.transactionDepth = 1;
    insertsHeldBy.set(runner, this);
  }

  get holding(): boolean {
    return this.beginning === null;
  }

  async hold(text: string, values: unknown[]): Promise<void> {
    if (!this.holding || this.parameters + values.length > HELD_PARAMETERS_MAX) {
      await this.begin();
      await this.send(preparedText(this.runner.manager, text), values);
      return;
    }
    this.held.push({ text, values });
    this.parameters += values.length;
  }

  /** BEGIN, then what is held; once, whoever asks first. */
  private begin(): Promise<void> {
    this.beginning ??= (async () => {
      await this.send('START TRANSACTION');
      await this.flush();
    })();
    return this.beginning;
  }

  private async flush(): Promise<void> {
    const held = this.held;
    this.held = [];
    this.parameters = 0;
    for (const statement of held) await this.send(preparedText(this.runner.manager, statement.text), statement.values);
  }

  async commit(): Promise<void> {
    if (this.beginning) {
      await this.beginning; // it sent what was held; nothing is held after it (hold() sends)
      await this.send('COMMIT');
    } else if (this.held.length > 0) {
      const { text, values } = combined(this.held);
      this.held = [];
      await this.send(preparedText(this.runner.manager, text), values);
    }
    this.state.isTransactionActive = false;
  }

  async rollback(): Promise<void> {
    this.held = [];
    // Whatever began is ended before the connection goes back to the pool (after a failed COMMIT Postgres
    // has already rolled back and only warns); the unit's own error is what the caller hears.
    if (this.beginning) await this.send('ROLLBACK').catch(() => undefined);
  }

  end(): void {
    this.state.isTransactionActive = false;
    this.state.transactionDepth = 0;
    insertsHeldBy.delete(this.runner);
  }
}

/** The held INSERTs as one statement: each but the last in a WITH, their parameters numbered on. */
export function combined(held: Held[]): Held {
  if (held.length === 1) return held[0];
  const values: unknown[] = [];
  for (const statement of held) values.push(...statement.values);
  return { text: combinedText(held), values };
}

/** Combined texts made before, by the sequence of texts they combine (the same few on the hot path). */
interface Combination {
  next: Map<string, Combination>;
  text?: string;
}
const combinations: Combination = { next: new Map() };
let combinationNodes = 0;
const COMBINATION_NODES_MAX = 2000;

function combinedText(held: Held[]): string {
  let node = combinations;
  for (const statement of held) {
    let next = node.next.get(statement.text);
    if (!next) {
      if (combinationNodes >= COMBINATION_NODES_MAX) return buildCombined(held);
      next = { next: new Map() };
      node.next.set(statement.text, next);
      combinationNodes++;
    }
    node = next;
  }
  return (node.text ??= buildCombined(held));
}

function buildCombined(held: Held[]): string {
  const parts: string[] = [];
  let offset = 0;
  for (const statement of held) {
    const at = offset;
    parts.push(at ? statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + at}`) : statement.text);
    offset += statement.values.length;
  }
  const last = parts.pop()!;
  return `WITH ${parts.map((part, i) => `w${i} AS (${part})`).join(', ')} ${last}`;
}
