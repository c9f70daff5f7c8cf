import { loadEnv } from '../src/config/env.schema';
import { ADMIN_HEADERS, createTestApp, TestApp } from './support/test-app';

/**
 * Issue 9, "one reader request took the service down" and "development mode by default": every
 * bound is refused with QUERY_TOO_COMPLEX before anything executes, quickly, and errors carry no
 * stack, no schema hints and no explorer. Rate limits answer 429 with Retry-After.
 */
const HEAVY = (first: number) =>
  `incidents(first: ${first}) { nodes { id title activation { recipients { person { name seats { title bodyName } } } } notifications { status deliveryAttempts { outcome error } } events { kind summary } } }`;

describe('bounded queries and production defaults', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: unknown, headers: Record<string, string> = ADMIN_HEADERS) =>
    t
      .http()
      .post('/graphql')
      .set(headers)
      .send(body as object);
  const timed = async (body: unknown) => {
    const started = Date.now();
    const res = await post(body);
    return { res, ms: Date.now() - started };
  };

  it('refuses 400 aliases of a heavy incidents page in a 64 KB body, before executing it', async () => {
    const query = `{ ${Array.from({ length: 400 }, (_, i) => `a${i}: ${HEAVY(100)}`).join(' ')} }`;
    expect(query.length).toBeGreaterThan(60_000);
    const { res, ms } = await timed({ query });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].message).toMatch(/at most 3000 tokens/);
    expect(res.body.data).toBeUndefined();
    console.log(`refused in ${ms} ms (timings: npm run bench:abuse)`);
  });

  it('refuses 1,900 aliases of people(search: "")', async () => {
    const query = `{ ${Array.from({ length: 1900 }, (_, i) => `p${i}: people(search: "") { id }`).join(' ')} }`;
    const { res, ms } = await timed({ query });
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    console.log(`refused in ${ms} ms (timings: npm run bench:abuse)`);
  });

  it('refuses 20 aliases (within the token limit) by the alias limit', async () => {
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: people(search: "") { id }`).join(' ')} }`;
    const res = await post({ query });
    expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain(
      'QUERY_TOO_COMPLEX',
    );
    expect(JSON.stringify(res.body.errors)).toMatch(/aliases: at most 15 allowed, the operation has 20/);
  });

  it('prices a page by its first, also from variables, before executing', async () => {
    const res = await post({ query: `{ ${HEAVY(100)} }` });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 6000 });
    expect(res.body.errors[0].message).toMatch(/query cost \d+ exceeds the budget of 6000/);
    const viaVariable = await post({
      query: `query($n: Int!) { ${HEAVY(100).replace('first: 100', 'first: $n')} }`,
      variables: { n: 100 },
    });
    expect(viaVariable.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const small = await post({
      query: `query($n: Int!) { ${HEAVY(100).replace('first: 100', 'first: $n')} }`,
      variables: { n: 5 },
    });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.incidents.nodes).toEqual([]);
    // Costs are kept per document and variables: the large page asked again is refused again.
    const again = await post({
      query: `query($n: Int!) { ${HEAVY(100).replace('first: 100', 'first: $n')} }`,
      variables: { n: 100 },
    });
    expect(again.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses too many root fields and too deep a query', async () => {
    const roots = await post({
      query: `{ ${Array.from({ length: 11 }, (_, i) => `t${i}: incidentTypes { code }`).join(' ')} }`,
    });
    expect(JSON.stringify(roots.body.errors)).toMatch(/root fields: at most 10 allowed, the operation has 11/);
    const deep = await post({
      query:
        '{ incidents { nodes { events { activation { post { office { directors { person { seats { title } } } } } } } } } }',
    });
    expect(deep.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(deep.body.errors[0].message).toMatch(/query depth: at most 8 allowed/);
  });

  it('gives no field suggestions and no stack traces, to anyone', async () => {
    const anonymous = await post({ query: '{ headquarter { nam } }' }, {});
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/Did you mean|headquarters/);
    const keyed = await post({ query: '{ headquarter { nam } }' });
    expect(JSON.stringify(keyed.body)).not.toMatch(/Did you mean|stacktrace|\/src\/|node_modules/);
    expect(keyed.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a document whose operation it cannot pick with 400, not a server error', async () => {
    for (const body of [
      { query: 'query A { rosterRevision } query B { rosterRevision }' },
      { query: 'query A { rosterRevision }', operationName: 'Zzz' },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(res.body.errors[0].message).toMatch(/operation/i);
    }
  });

  it('names the argument or the path of a refused variable, with its value and no schema hint', async () => {
    const who =
      'query($s: Severity!, $at: DateTime) { whoCommands(incidentType: "EARTHQUAKE", severity: $s, asOf: $at) { activated } }';
    const severity = await post({ query: who, variables: { s: 'III ' } });
    expect(severity.status).toBe(400);
    expect(JSON.stringify(severity.body)).not.toMatch(/Did you mean|"II"/);
    expect(severity.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 's', value: 'III ' });
    expect(severity.body.errors[0].extensions.messageZh).toMatch(/不是 Severity 的有效取值/);
    const asOf = await post({ query: who, variables: { s: 'III', at: 'not-a-date' } });
    expect(asOf.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at', value: 'not-a-date' });
    expect(asOf.body.errors[0].extensions.messageZh).toMatch(/不是有效的时间/);
    const literal = await post({
      query: '{ whoCommands(incidentType: "EARTHQUAKE", severity: III, asOf: "garbage") { activated } }',
    });
    expect(literal.body.errors[0].extensions).toMatchObject({ field: 'asOf', value: 'garbage' });
    expect(literal.body.errors[0].extensions.messageZh).toMatch(
      /^输入有误：查询时点（asOf，当前值 "garbage"），不是有效的时间/,
    );
    const nested = await post({
      query: 'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }',
      variables: { i: { incidentType: 'EARTHQUAKE', severity: 'V', title: 't', idempotencyKey: 'k-nested-1' } },
    });
    expect(nested.body.errors[0].extensions).toMatchObject({ field: 'i.severity', value: 'V' });
    expect(nested.body.errors[0].message).toMatch(
      /^i\.severity: Value "V" does not exist in "Severity" enum \(got "V"\)$/,
    );
    const unknownField = await post({
      query: 'query($f: IncidentFilter) { incidents(filter: $f) { nodes { id } } }',
      variables: { f: { statuz: 'OPEN' } },
    });
    expect(JSON.stringify(unknownField.body)).not.toMatch(/Did you mean|"status"/);
    expect(unknownField.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'f' });
  });

  it('serves no explorer or CDN page on GET /graphql', async () => {
    const anonymous = await t.http().get('/graphql').set('Accept', 'text/html');
    expect(anonymous.status).toBe(401);
    const keyed = await t.http().get('/graphql').set('Accept', 'text/html').set(ADMIN_HEADERS);
    expect(keyed.text).not.toMatch(/unpkg|cdn|<script/i);
  });

  it('runs as production without NODE_ENV', () => {
    expect(loadEnv({}).NODE_ENV).toBe('production');
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_KEY: '5', AUTH_FAILURES_PER_IP: '3', ROSTER_AUTOLOAD: 'off' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After once a key spent its budget', async () => {
    const statuses: number[] = [];
    let last: { status: number; headers: Record<string, string>; body: any } | undefined;
    for (let i = 0; i < 7; i++) {
      last = await t.http().post('/graphql').set(ADMIN_HEADERS).send({ query: '{ __typename }' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('throttles failed authentication per address: 1,000 bad keys do not all get an answer', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t
        .http()
        .post('/graphql')
        .set({ Authorization: `Bearer wrong-key-${i}-0123456789abcdef` })
        .send({ query: '{ __typename }' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });
});

describe('rate limits without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_PER_KEY: '3',
      ROSTER_AUTOLOAD: 'off',
      REDIS_URL: 'redis://127.0.0.1:9',
      WORKERS: 'off',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('count in memory instead', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.http().post('/graphql').set(ADMIN_HEADERS).send({ query: '{ __typename }' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
