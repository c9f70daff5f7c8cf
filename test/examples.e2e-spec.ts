import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate } from 'graphql';
import { createTestApp, TestApp } from './support/test-app';

const EXAMPLES = join(__dirname, '..', 'graphql', 'examples');

describe('graphql/examples', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ROSTER_AUTOLOAD: 'off' });
  });
  afterAll(async () => {
    await t.close();
  });

  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql'));

  it('has examples', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s is valid against the served schema', (file) => {
    const schema = t.get(GraphQLSchemaHost).schema;
    const errors = validate(schema, parse(readFileSync(join(EXAMPLES, file), 'utf8')));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
