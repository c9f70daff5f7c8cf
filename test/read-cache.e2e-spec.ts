import { ActivationService } from '../src/activation/activation.service';
import { DirectoryService } from '../src/roster/directory.service';
import { ReadCachePlugin } from '../src/roster/read-cache.plugin';
import { ROSTER_REVISION_CHECK_MS } from '../src/roster/roster-view.service';
import { createTestApp, TestApp } from './support/test-app';

const WHO = `query($type: String!, $severity: Severity!, $asOf: DateTime) {
  whoCommands(incidentType: $type, severity: $severity, asOf: $asOf) {
    activated headquarters reason commandThreshold
    recipients { person { id name seats { body title } } roles { body bodyName role roleName title acting } }
    vacancies { body role title } citations { body documentRef decision roles }
    post { code name commanders { title person { name } } }
  } }`;
const WHO_NOW = `query($type: String!, $severity: Severity!) { whoCommands(incidentType: $type, severity: $severity) {
  activated reason recipients { person { id name } roles { body role title } } vacancies { body role } } }`;
const SEAT = 'title vacant acting person { id name }';
const DIRECTORY = `query($asOf: DateTime) {
  headquarters(asOf: $asOf) { name commanders { ${SEAT} } deputyCommanders { ${SEAT} } members { ${SEAT} } office { directors { ${SEAT} } } }
  commandPosts(asOf: $asOf) { code name commanders { ${SEAT} } deputyCommanders { ${SEAT} } office { directors { ${SEAT} } } }
}`;
const TYPES = ['EARTHQUAKE', 'COAL_MINE_SAFETY', 'TRAFFIC_ACCIDENT', 'PUBLIC_HEALTH', 'FLOOD_DROUGHT'];
const GRADES = ['I', 'II', 'III', 'IV'];

/**
 * Directory and whoCommands reads are answered again from memory (ReadCachePlugin) without being
 * executed: the answers are the same as a fresh execution's, a write is seen by the next read, and
 * callers with other roles or operations touching personal data never share an answer.
 */
describe('reads from memory (identical operations)', () => {
  let t: TestApp;
  let plugin: ReadCachePlugin;
  beforeAll(async () => {
    t = await createTestApp();
    plugin = t.get(ReadCachePlugin);
    // A busy machine may take longer than READ_CACHE_TTL_MS between two requests: here the
    // revision and the mutation generation alone decide (the ttl is a unit test's business).
    plugin.cache.ttlMs = 60_000;
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers an identical operation without executing it, exactly as a fresh execution does', async () => {
    const resolve = jest.spyOn(t.get(ActivationService), 'resolve');
    const directory = jest.spyOn(t.get(DirectoryService), 'commandPosts');
    const operations: Array<[string, Record<string, unknown>]> = [
      [DIRECTORY, { asOf: null }],
      [DIRECTORY, { asOf: '2020-06-01T00:00:00Z' }],
      ...TYPES.flatMap((type) =>
        GRADES.flatMap((severity): Array<[string, Record<string, unknown>]> => [
          [WHO, { type, severity, asOf: '2024-03-01T08:00:00+08:00' }],
          [WHO_NOW, { type, severity }],
        ]),
      ),
    ];
    for (const [query, variables] of operations) {
      plugin.cache.invalidate();
      const executions = resolve.mock.calls.length + directory.mock.calls.length;
      const first = await t.query(query, variables);
      expect(resolve.mock.calls.length + directory.mock.calls.length).toBeGreaterThan(executions);
      const afterFirst = resolve.mock.calls.length + directory.mock.calls.length;
      const cached = await t.query(query, variables);
      // Served from memory: no resolver ran.
      expect(resolve.mock.calls.length + directory.mock.calls.length).toBe(afterFirst);
      expect(cached).toEqual(first);
      plugin.cache.invalidate();
      const fresh = await t.query(query, variables);
      expect(resolve.mock.calls.length + directory.mock.calls.length).toBeGreaterThan(afterFirst);
      expect(cached).toEqual(fresh);
    }
  });

  it('a roster change in this process is seen by the very next read', async () => {
    const holders = async () =>
      JSON.stringify(await t.query(DIRECTORY, { asOf: null })).includes('读缓存甲') ||
      JSON.stringify(await t.query(WHO_NOW, { type: 'COAL_MINE_SAFETY', severity: 'III' })).includes('读缓存甲');
    const before = await t.query(DIRECTORY, { asOf: null });
    expect(await holders()).toBe(false);
    await t.query(`mutation($input: AppointInput!) { appoint(input: $input) { id } }`, {
      input: { positionTitle: '市应急管理局局长', personName: '读缓存甲' },
    });
    const after = await t.query(DIRECTORY, { asOf: null });
    expect(JSON.stringify(after)).toContain('读缓存甲');
    expect(after).not.toEqual(before);
    plugin.cache.invalidate();
    expect(await t.query(DIRECTORY, { asOf: null })).toEqual(after);
  });

  it('a roster write by another process (the revision row) is seen within a revision check', async () => {
    const answer = await t.query(WHO_NOW, { type: 'EARTHQUAKE', severity: 'II' });
    const someone = (answer.whoCommands.recipients as Array<{ person: { id: string; name: string } }>)[0].person;
    expect(await t.query(WHO_NOW, { type: 'EARTHQUAKE', severity: 'II' })).toEqual(answer);
    // What roster-import in another process does: rows changed and the revision bumped, in the database only.
    await t.dataSource.query(`UPDATE person SET name = '读缓存乙' WHERE id = '${someone.id}'`);
    await t.dataSource.query('UPDATE roster_revision SET revision = revision + 1 WHERE id = 1');
    await new Promise((resolve) => setTimeout(resolve, ROSTER_REVISION_CHECK_MS + 100));
    const seen = await t.query(WHO_NOW, { type: 'EARTHQUAKE', severity: 'II' });
    expect(JSON.stringify(seen)).toContain('读缓存乙');
    expect(JSON.stringify(seen)).not.toContain(`"${someone.name}"`);
  });

  it('never shares an answer between roles, never keeps errors or contact data', async () => {
    const created = await t.query(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
      input: { name: 'read-cache reader', roles: ['reader'] },
    });
    const reader = { Authorization: `Bearer ${created.createApiKey.secret as string}` };
    const contacts = `query { whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III) {
      recipients { person { name contactMethods { kind } } } } }`;
    plugin.cache.invalidate();
    const admin = await t.gql(contacts);
    expect(admin.errors).toBeUndefined();
    expect(plugin.cache.size).toBe(0); // contact data: executed every time
    const refused = await t.gql(contacts, {}, reader);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(plugin.cache.size).toBe(0); // errors are not kept
    const variables = { type: 'COAL_MINE_SAFETY', severity: 'III' };
    const asAdmin = await t.query(WHO_NOW, variables);
    expect(plugin.cache.size).toBe(1);
    const asReader = await t.query(WHO_NOW, variables, reader);
    expect(plugin.cache.size).toBe(2); // the reader's answer is computed and kept apart
    expect(asReader).toEqual(asAdmin);
    const unauthenticated = await t.gql(WHO_NOW, variables, {});
    expect(unauthenticated.data ?? null).toBeNull();
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('identical operations arriving together while the answer is computed are executed once, all answered alike', async () => {
    const activations = t.get(ActivationService);
    const original = activations.resolve.bind(activations);
    // A slow answer (a busy database): all twelve arrive while the first is computed.
    const resolve = jest.spyOn(activations, 'resolve').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return original(...args);
    });
    const variables = { type: 'EARTHQUAKE', severity: 'I' };
    plugin.cache.invalidate();
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.gql(WHO_NOW, variables)));
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(resolve).toHaveBeenCalledTimes(1);
    // Another grade is another operation: computed on its own.
    await Promise.all([t.gql(WHO_NOW, variables), t.gql(WHO_NOW, { ...variables, severity: 'II' })]);
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});
