import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BreakingChange, buildSchema, findBreakingChanges } from 'graphql';
import { printServedSchema } from '../src/common/schema-printer.helper';
import { createTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
/** The public contract, copied into the repository so that a clone with nothing beside it tests on its own. */
const CONTRACT = join(ROOT, 'graphql', 'contract', 'core.graphql');
/** The shared original, when the repository sits beside it: the copy must not drift from it. */
const SHARED_CONTRACT = join(ROOT, '..', 'shared', 'contract', 'core.graphql');

/**
 * Contract operations (and the types only they use) that are not served yet. Each issue that
 * serves one removes it from here; nothing on this list may be served by a stub, and the test
 * fails if something listed here is in fact served.
 */
const NOT_SERVED_YET: string[] = [];

const concerns = (change: BreakingChange, item: string) =>
  change.description === `${item} was removed.` || change.description.startsWith(`${item}.`);

describe('GraphQL schema', () => {
  let t: TestApp;
  let served: string;
  beforeAll(async () => {
    t = await createTestApp({ ROSTER_AUTOLOAD: 'off' });
    served = printServedSchema(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is committed as generated (run `npm run schema:write` after an API change)', () => {
    expect(readFileSync(join(ROOT, 'graphql', 'schema.graphql'), 'utf8')).toBe(served);
  });

  it('keeps every name of the public contract, but for the operations listed as not served yet', () => {
    const changes = findBreakingChanges(buildSchema(readFileSync(CONTRACT, 'utf8')), buildSchema(served));
    const unexpected = changes.filter((c) => !NOT_SERVED_YET.some((item) => concerns(c, item)));
    expect(unexpected.map((c) => c.description)).toEqual([]);
  });

  it('keeps its copy of the contract equal to the shared original (when there is one beside the repository)', () => {
    if (!existsSync(SHARED_CONTRACT)) return;
    expect(readFileSync(CONTRACT, 'utf8')).toBe(readFileSync(SHARED_CONTRACT, 'utf8'));
  });

  it('lists only operations that are really not served', () => {
    const schema = buildSchema(served);
    for (const item of NOT_SERVED_YET) {
      const [type, field] = item.split('.');
      const found = schema.getType(type);
      const isServed = field ? Boolean(found && 'getFields' in found && found.getFields()[field]) : Boolean(found);
      expect({ item, isServed }).toEqual({ item, isServed: false });
    }
  });
});
