import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DocumentNode, Kind, OperationDefinitionNode, parse, print, validate } from 'graphql';
import type { Client } from 'graphql-ws';
import { listen, subscribe, wsClient } from './support/live';
import { ADMIN_HEADERS, createTestApp, TestApp } from './support/test-app';

const EXAMPLES = join(__dirname, '..', 'graphql', 'examples');

type Json = Record<string, unknown>;

/**
 * The variables a file documents (graphql/examples/README.md): `# OperationName: {…}` lines, or
 * `# Variables: {…}` for a file of one operation (a JSON value may continue on the next comment
 * lines); in a file of one operation every `# Label: {…}` line is a further set to run.
 */
export function documentedVariables(
  text: string,
  operations: string[],
): Array<{ operation: string; label: string; variables: Json }> {
  const comments = text
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^#\s?/, ''));
  const sets: Array<{ operation: string; label: string; variables: Json }> = [];
  for (let i = 0; i < comments.length; i++) {
    const match = /^([A-Za-z][\w ]*?|[^:{]{1,60}?):\s*(\{.*)?$/.exec(comments[i]);
    if (!match) continue;
    const label = match[1].trim();
    const operation = operations.includes(label) ? label : operations.length === 1 ? operations[0] : null;
    if (!operation) continue;
    let json = match[2] ?? '';
    let j = i;
    let parsed: Json | null;
    for (;;) {
      try {
        parsed = json.trim() ? (JSON.parse(json.replace(/\s+\(.*\)\s*$/, '')) as Json) : null;
      } catch {
        parsed = null;
      }
      if (parsed || j + 1 >= comments.length || !/^\s*[{}"\][]/.test(comments[j + 1])) break;
      json += `\n${comments[++j]}`;
    }
    if (parsed) {
      sets.push({ operation, label, variables: parsed });
      i = j;
    }
  }
  return sets;
}

describe('graphql/examples', () => {
  let t: TestApp;
  let url: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    t = await createTestApp(); // a fresh install: the Jincheng 2019 roster loaded, nothing else
    url = await listen(t);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  const documents = new Map(files.map((f) => [f, parse(readFileSync(join(EXAMPLES, f), 'utf8'))]));
  const operationsOf = (doc: DocumentNode) =>
    doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const mutates = (f: string) => operationsOf(documents.get(f)!).some((op) => op.operation === 'mutation');
  // Read-only examples first, so each sees the install as fresh; then those that change it.
  const ordered = [...files.filter((f) => !mutates(f)), ...files.filter(mutates)];

  it('has examples', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s is valid against the served schema', (file) => {
    const schema = t.get(GraphQLSchemaHost).schema;
    const errors = validate(schema, documents.get(file)!);
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  /** A new incident, reported with report-incident.graphql's own variables (a fresh idempotency key). */
  async function reportedIncident(): Promise<{ id: string; notifications: Array<{ id: string }> }> {
    const text = readFileSync(join(EXAMPLES, 'report-incident.graphql'), 'utf8');
    const [set] = documentedVariables(text, ['ReportIncident']);
    const input = {
      ...(set.variables.input as Json),
      idempotencyKey: `example-${Math.random().toString(36).slice(2)}`,
    };
    const data = await t.query<{ reportIncident: { id: string; notifications: Array<{ id: string }> } }>(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id } } }`,
      { input },
    );
    return data.reportIncident;
  }

  it.each(ordered)('%s runs with its documented variables on a fresh install, without errors', async (file) => {
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    const doc = documents.get(file)!;
    const operations = operationsOf(doc);
    const names = operations.map((op) => op.name?.value ?? '');
    const sets = documentedVariables(text, names);
    const answers: Record<string, unknown> = {};
    let incident: { id: string; notifications: Array<{ id: string }> } | null = null;
    const resolve = async (value: unknown): Promise<unknown> => {
      if (Array.isArray(value)) return Promise.all(value.map(resolve));
      if (value && typeof value === 'object') {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v)] as const));
        return Object.fromEntries(entries);
      }
      if (typeof value !== 'string') return value;
      const ref = /^\{\{([\w.]+)\}\}$/.exec(value);
      if (ref) {
        const found = ref[1]
          .split('.')
          .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], answers);
        if (found === undefined || found === null)
          throw new Error(`${file}: ${value} names nothing in the answers so far: ${JSON.stringify(answers)}`);
        return found;
      }
      if (value === '<incident id>' || value === '<notification id>') {
        incident ??= await reportedIncident();
        return value === '<incident id>' ? incident.id : incident.notifications[0].id;
      }
      if (/^<.*>$/.test(value))
        throw new Error(`${file}: placeholder ${value} is not explained in graphql/examples/README.md`);
      return value;
    };

    for (const operation of operations) {
      const name = operation.name?.value ?? '';
      const mine = sets.filter((s) => s.operation === name);
      const required = (operation.variableDefinitions ?? []).some(
        (v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue,
      );
      if (mine.length === 0 && required)
        throw new Error(`${file}: operation ${name} needs variables but the file documents none`);
      for (const set of mine.length ? mine : [{ label: name, variables: {} as Json }]) {
        const variables = (await resolve(set.variables)) as Json;
        const query = print(operation);
        if (operation.operation === 'subscription') {
          const client = wsClient(url, ADMIN_HEADERS.Authorization);
          clients.push(client);
          const live = subscribe<Json>(client, query, variables);
          await new Promise((done) => setTimeout(done, 300));
          live.stop();
          expect({
            file,
            operation: name,
            label: set.label,
            errors: live.received.flatMap((r) => r.errors ?? []),
          }).toEqual({ file, operation: name, label: set.label, errors: [] });
          continue;
        }
        const result = await t.gql(query, variables);
        expect({ file, operation: name, label: set.label, errors: result.errors ?? [] }).toEqual({
          file,
          operation: name,
          label: set.label,
          errors: [],
        });
        answers[name] = result.data;
      }
    }
  });
});
