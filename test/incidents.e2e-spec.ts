import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, parse } from 'graphql';
import { createRequestContext } from '../src/common/request-context.helper';
import { createTestApp, GraphqlResult, TEST_ADMIN_KEY, TestApp } from './support/test-app';

const ACTIVATION = `activated headquarters reason postCode commandThreshold asOf
  post { code name commandThreshold }
  recipients { person { id name } roles { body role roleName title } }
  vacancies { body role title }`;
const INCIDENT = `id incidentType incidentTypeName severity status title description location county reporter occurredAt reportedAt closedAt
  activation { ${ACTIVATION} }
  notifications { id channel status reason person { id name } roles { body role } }
  events { seq kind actor summary data activation { activated recipients { person { name } } } }`;

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { ${INCIDENT} } }`;
const REGRADE = `mutation($id: ID!, $severity: Severity!, $reason: String!) { regradeIncident(id: $id, severity: $severity, reason: $reason) { ${INCIDENT} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { ${INCIDENT} } }`;
const CLOSE = `mutation($id: ID!, $reason: String!) { closeIncident(id: $id, reason: $reason) { ${INCIDENT} } }`;
const WHO = `query($type: String!, $severity: Severity!, $asOf: DateTime) { whoCommands(incidentType: $type, severity: $severity, asOf: $asOf) { ${ACTIVATION} } }`;

type Recipient = {
  person: { id: string; name: string };
  roles: Array<{ body: string; role: string; roleName: string; title: string }>;
};
type Activation = {
  activated: boolean;
  headquarters: boolean;
  reason: string;
  postCode: string;
  post: { code: string; commandThreshold: string } | null;
  recipients: Recipient[];
  vacancies: Array<{ body: string; role: string; title: string }>;
};
type Notification = {
  id: string;
  channel: string;
  status: string;
  reason: string;
  person: { id: string; name: string };
  roles: Array<{ body: string; role: string }>;
};
type Incident = {
  id: string;
  incidentType: string;
  incidentTypeName: string;
  severity: string;
  status: string;
  title: string;
  description: string | null;
  location: string | null;
  county: string | null;
  reporter: string | null;
  occurredAt: string | null;
  reportedAt: string;
  closedAt: string | null;
  activation: Activation;
  notifications: Notification[];
  events: Array<{
    seq: number;
    kind: string;
    actor: string | null;
    summary: string;
    data: string;
    activation: { activated: boolean; recipients: Array<{ person: { name: string } }> } | null;
  }>;
};

const names = (recipients: Recipient[]) => recipients.map((r) => r.person.name);
const notified = (incident: Incident) => incident.notifications.map((n) => n.person.name);
const COAL_III = ['张利锋', '李子荣', '鲍瑞卿', '席学武', '祁砖', '刘同兴', '胡锐', '赵新'];

const OCCURRED_AT = new Date(Date.now() - 30 * 60 * 1000).toISOString();
let keySeq = 0;
const uniqueKey = () => `test-key-${process.pid}-${Date.now()}-${++keySeq}`;

function report(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    incidentType: 'COAL_MINE_SAFETY',
    severity: 'III',
    title: '某煤矿井下瓦斯爆炸',
    description: '井下采煤工作面发生瓦斯爆炸, 3人死亡',
    location: '某煤矿',
    county: '沁水县',
    occurredAt: OCCURRED_AT,
    reporter: '市应急管理局值班员',
    ...overrides,
  };
}

async function counts(t: TestApp): Promise<{ incidents: number; notifications: number; events: number }> {
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return {
    incidents: await count('incident'),
    notifications: await count('notification'),
    events: await count('incident_event'),
  };
}

/**
 * These suites check the outbox as intake leaves it, so notification delivery is kept offline here
 * (Redis unreachable: the notifications stay PENDING, as the issue requires while Redis is down).
 * Delivery itself is tested in test/notification-*.e2e-spec.ts.
 */
const INTAKE_ONLY = { REDIS_URL: 'redis://127.0.0.1:9' };

function errorOf(result: GraphqlResult): { message: string; code: unknown; field: unknown } {
  expect(result.errors?.length).toBeGreaterThan(0);
  const error = result.errors![0];
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field };
}

describe('whoCommands, reportIncident and the incident lifecycle (GraphQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(INTAKE_ONLY);
  });
  afterAll(async () => {
    await t.close();
  });

  const reportOk = async (overrides: Record<string, unknown> = {}): Promise<Incident> =>
    (await t.query<{ reportIncident: Incident }>(REPORT, { input: report(overrides) })).reportIncident;

  describe('whoCommands', () => {
    it('a 较大 coal-mine accident: the post commands and exactly eight leaders are told', async () => {
      const { whoCommands: a } = await t.query<{ whoCommands: Activation }>(WHO, {
        type: 'COAL_MINE_SAFETY',
        severity: 'III',
      });
      expect(a.activated).toBe(true);
      expect(a.headquarters).toBe(false);
      expect(a.post).toEqual({
        code: 'COAL_MINE_SAFETY',
        name: '较大及以上煤矿生产安全事故应急指挥部',
        commandThreshold: 'III',
      });
      expect(names(a.recipients)).toEqual(COAL_III);
      expect(a.recipients.find((r) => r.person.name === '鲍瑞卿')!.roles.map((r) => `${r.body} ${r.roleName}`)).toEqual(
        ['COAL_MINE_SAFETY 副指挥长', 'COAL_MINE_SAFETY 办公室主任', 'HQ 办公室主任'],
      );
      expect(a.reason).toContain('"较大及以上煤矿生产安全事故应急指挥部" (晋市政办〔2019〕37号)');
      expect(a.vacancies).toEqual([]);
    });

    it('a 一般 traffic accident does not activate the traffic post, whose office is still told', async () => {
      const { whoCommands: a } = await t.query<{ whoCommands: Activation }>(WHO, {
        type: 'TRAFFIC_ACCIDENT',
        severity: 'IV',
      });
      expect(a.activated).toBe(false);
      expect(a.post?.code).toBe('TRAFFIC_ACCIDENT');
      expect(names(a.recipients)).toEqual(['张海芳', '张鹏', '鲍瑞卿']);
      expect(a.reason).toContain('属地管理');
    });

    it('grade I adds the headquarters leadership', async () => {
      const { whoCommands: a } = await t.query<{ whoCommands: Activation }>(WHO, { type: 'EARTHQUAKE', severity: 'I' });
      expect(a.headquarters).toBe(true);
      expect(names(a.recipients).slice(0, 2)).toEqual(['刘锋', '张利锋']);
    });

    it('names an unknown incident type and lists the known codes', async () => {
      const error = errorOf(await t.gql(WHO, { type: 'VOLCANO', severity: 'III' }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(
        /^incidentType: is not a known incident type; known codes: EARTHQUAKE, .*SOCIAL_SECURITY \(got "VOLCANO"\)$/,
      );
    });

    it.each([
      ['earthquake', 'EARTHQUAKE', '地震灾害'],
      ['地震', 'EARTHQUAKE', '地震灾害'],
      ['煤矿生产安全事故', 'COAL_MINE_SAFETY', '煤矿生产安全事故'],
    ])('for %j, suggests the type it most likely meant', async (type, code, name) => {
      const result = await t.gql(WHO, { type, severity: 'III' });
      const error = errorOf(result);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`did you mean ${code} (${name})?`);
      expect(result.errors?.[0].extensions?.messageZh).toContain(`，不是事件类型代码，是否为 ${code}（${name}）？`);
    });

    it('names an unknown grade', async () => {
      const result = await t.gql(WHO, { type: 'EARTHQUAKE', severity: 'V' });
      expect(result.errors?.[0].message).toMatch(/"V".*Severity/);
    });

    it('refuses an instant before the roster took effect', async () => {
      const error = errorOf(await t.gql(WHO, { type: 'EARTHQUAKE', severity: 'IV', asOf: '2019-01-01' }));
      expect(error.code).toBe('NOT_ESTABLISHED');
      expect(error.field).toBe('asOf');
    });
  });

  describe('reportIncident', () => {
    it('records the incident, the frozen activation, one PENDING notification per recipient and a REPORTED event', async () => {
      const before = await counts(t);
      const incident = await reportOk();
      expect(incident).toMatchObject({
        incidentType: 'COAL_MINE_SAFETY',
        incidentTypeName: '煤矿生产安全事故',
        severity: 'III',
        status: 'OPEN',
        title: '某煤矿井下瓦斯爆炸',
        county: '沁水县',
        location: '某煤矿',
        reporter: '市应急管理局值班员',
        closedAt: null,
      });
      expect(incident.activation.activated).toBe(true);
      expect(names(incident.activation.recipients)).toEqual(COAL_III);
      expect(notified(incident)).toEqual(COAL_III);
      expect(incident.notifications.every((n) => n.status === 'PENDING' && n.channel === 'log')).toBe(true);
      expect(incident.notifications.find((n) => n.person.name === '鲍瑞卿')!.roles).toEqual([
        { body: 'COAL_MINE_SAFETY', role: 'DEPUTY_COMMANDER' },
        { body: 'COAL_MINE_SAFETY', role: 'OFFICE_DIRECTOR' },
        { body: 'HQ', role: 'OFFICE_DIRECTOR' },
      ]);
      expect(incident.events.map((e) => `${e.seq} ${e.kind}`)).toEqual(['1 REPORTED']);
      // The admin key of the test app (its name); API keys with other names are tested below.
      expect(incident.events[0].actor).toBe('ADMIN_API_KEY');
      expect(incident.events[0].summary).toContain('通知8人');
      expect(names(incident.events[0].activation!.recipients as Recipient[])).toEqual(COAL_III);
      expect(await counts(t)).toEqual({
        incidents: before.incidents + 1,
        notifications: before.notifications + 8,
        events: before.events + 1,
      });

      const { incident: again } = await t.query<{ incident: Incident }>(
        `query($id: ID!) { incident(id: $id) { ${INCIDENT} } }`,
        { id: incident.id },
      );
      expect(again).toEqual(incident);
    });

    it('records the API key that made each change as the actor of its event', async () => {
      const { createApiKey } = await t.query<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(input: { name: "市应急管理局值班室", roles: [admin] }) { secret } }`,
      );
      const duty = { Authorization: `Bearer ${createApiKey.secret}` };
      const { reportIncident } = await t.query<{ reportIncident: Incident }>(REPORT, { input: report() }, duty);
      const { closeIncident } = await t.query<{ closeIncident: Incident }>(CLOSE, {
        id: reportIncident.id,
        reason: '误报',
      });
      expect(closeIncident.events.map((e) => `${e.kind} ${e.actor}`)).toEqual([
        'REPORTED 市应急管理局值班室',
        'CLOSED ADMIN_API_KEY',
      ]);
    });

    it('reads a county alias as the county', async () => {
      expect((await reportOk({ county: '经开区' })).county).toBe('开发区');
    });

    it('incident(id) is null for an unknown id', async () => {
      expect(await t.query(`{ incident(id: "00000000-0000-0000-0000-000000000000") { id } }`)).toEqual({
        incident: null,
      });
    });

    it('the same idempotency key and content returns the first incident and writes nothing', async () => {
      const key = uniqueKey();
      const first = await reportOk({ idempotencyKey: key });
      const before = await counts(t);
      const second = await reportOk({ idempotencyKey: key, title: '  某煤矿井下瓦斯爆炸 ' });
      expect(second.id).toBe(first.id);
      expect(second.notifications.map((n) => n.id)).toEqual(first.notifications.map((n) => n.id));
      expect(await counts(t)).toEqual(before);
    });

    it('the same key with different content is refused, naming the key, and writes nothing', async () => {
      const key = uniqueKey();
      const first = await reportOk({ idempotencyKey: key });
      const before = await counts(t);
      const error = errorOf(await t.gql(REPORT, { input: report({ idempotencyKey: key, severity: 'II' }) }));
      expect(error.code).toBe('CONFLICT');
      expect(error.field).toBe('idempotencyKey');
      expect(error.message).toContain(
        `idempotencyKey: "${key}" was already used for a different report (incident ${first.id}`,
      );
      expect(await counts(t)).toEqual(before);
    });

    it('is idempotent under 10 concurrent duplicate submissions: one incident, one set of notifications', async () => {
      const key = uniqueKey();
      const before = await counts(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.gql<{ reportIncident: { id: string; notifications: Array<{ id: string }> } }>(
            `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id } } }`,
            { input: report({ idempotencyKey: key }) },
          ),
        ),
      );
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
      const ids = new Set(results.map((r) => r.data!.reportIncident.id));
      expect(ids.size).toBe(1);
      for (const r of results) expect(r.data!.reportIncident.notifications).toHaveLength(8);
      expect(await counts(t)).toEqual({
        incidents: before.incidents + 1,
        notifications: before.notifications + 8,
        events: before.events + 1,
      });
      const rows = await t.dataSource.query(
        `SELECT COUNT(*) AS n FROM incident WHERE idempotency_key = $1`.replace(
          '$1',
          t.env.DB_TYPE === 'postgres' ? '$1' : '?',
        ),
        [key],
      );
      expect(Number(rows[0].n)).toBe(1);
    });

    it('under concurrent submissions of one key with two contents, one wins and the other is refused', async () => {
      const key = uniqueKey();
      const before = await counts(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.gql<{ reportIncident: { id: string } }>(
            `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
            { input: report({ idempotencyKey: key, title: i % 2 === 0 ? '甲' : '乙' }) },
          ),
        ),
      );
      const ok = results.filter((r) => !r.errors);
      const refused = results.filter((r) => r.errors);
      expect(new Set(ok.map((r) => r.data!.reportIncident.id)).size).toBe(1);
      expect(ok).toHaveLength(5);
      expect(refused.map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
      expect(await counts(t)).toEqual({
        incidents: before.incidents + 1,
        notifications: before.notifications + 8,
        events: before.events + 1,
      });
    });

    const future = () => new Date(Date.now() + 10 * 60 * 1000).toISOString();
    it.each([
      [
        'an unknown type',
        { incidentType: 'VOLCANO' },
        /^incidentType: is not a known incident type; known codes: .* \(got "VOLCANO"\)$/,
      ],
      ['an empty title', { title: '' }, /^title: must not be empty \(got ""\)$/],
      [
        'a blank title',
        { title: '   ' },
        /^input\.title: is empty once spaces and invisible \(zero-width\) characters are removed \(got " {3}"\)$/,
      ],
      [
        'a title over 200 characters',
        { title: '瓦'.repeat(201) },
        /^title: is longer than 200 characters \(201\) \(got "瓦{40}… \(201 characters\)"\)$/,
      ],
      [
        'a description over 5000 characters',
        { description: 'x'.repeat(5001) },
        /^description: is longer than 5000 characters \(5001\)/,
      ],
      [
        'a location over 100 characters',
        { location: '地'.repeat(101) },
        /^location: is longer than 100 characters \(101\)/,
      ],
      [
        'a reporter over 100 characters',
        { reporter: '人'.repeat(101) },
        /^reporter: is longer than 100 characters \(101\)/,
      ],
      [
        'an occurredAt in the future',
        { occurredAt: 'FUTURE' },
        /^occurredAt: is in the future \(server time is .*; up to 5 minutes of clock skew are allowed\) \(got "\d{4}-/,
      ],
      [
        'an unknown county',
        { county: '太原市' },
        /^county: is not a county or district of 晋城市; expected one of 城区, 泽州县, 高平市, 阳城县, 陵川县, 沁水县, 开发区 \(got "太原市"\)$/,
      ],
      [
        'an empty idempotency key',
        { idempotencyKey: ' ' },
        /^input\.idempotencyKey: is empty once spaces and invisible/,
      ],
      [
        'an idempotency key over 128 characters',
        { idempotencyKey: 'k'.repeat(129) },
        /^idempotencyKey: is longer than 128 characters/,
      ],
    ])('refuses %s, naming the field and the value, and writes nothing', async (_what, overrides, message) => {
      const before = await counts(t);
      const input = report(overrides);
      if (input.occurredAt === 'FUTURE') input.occurredAt = future();
      const error = errorOf(await t.gql(REPORT, { input }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(message);
      expect(await counts(t)).toEqual(before);
    });

    it('refuses an unknown grade and an invalid occurredAt at the GraphQL layer, writing nothing', async () => {
      const before = await counts(t);
      const grade = await t.gql(REPORT, { input: report({ severity: 'V' }) });
      expect(grade.errors?.[0].message).toMatch(/"V".*severity.*Severity|severity.*"V"/s);
      const when = await t.gql(REPORT, { input: report({ occurredAt: '2020-02-30' }) });
      expect(when.errors?.[0].message).toMatch(/2020-02-30/);
      expect(await counts(t)).toEqual(before);
    });

    it('allows an occurredAt a little ahead (clock skew under 5 minutes)', async () => {
      const incident = await reportOk({ occurredAt: new Date(Date.now() + 2 * 60 * 1000).toISOString() });
      expect(incident.occurredAt).not.toBeNull();
    });
  });

  describe('lifecycle', () => {
    it('regrading a 一般 traffic accident to 较大 notifies only the newly required leaders, never twice', async () => {
      const incident = await reportOk({
        incidentType: 'TRAFFIC_ACCIDENT',
        severity: 'IV',
        title: '二广高速多车相撞',
        county: '泽州县',
      });
      expect(incident.activation.activated).toBe(false);
      expect(notified(incident)).toEqual(['张海芳', '张鹏', '鲍瑞卿']);

      const before = await counts(t);
      const { regradeIncident: r } = await t.query<{ regradeIncident: Incident }>(REGRADE, {
        id: incident.id,
        severity: 'III',
        reason: '死亡人数升至3人',
      });
      expect(r.severity).toBe('III');
      expect(r.activation.activated).toBe(true);
      expect(notified(r)).toEqual([
        '张海芳',
        '张鹏',
        '鲍瑞卿',
        '王斌权',
        '王宏微',
        '杨金中',
        '刘宇亮',
        '赵建云',
        '刘同兴',
        '胡锐',
        '赵新',
      ]);
      expect(new Set(notified(r)).size).toBe(r.notifications.length);
      expect(r.notifications.slice(3).every((n) => n.reason.includes('IV级(一般) → III级(较大)'))).toBe(true);
      expect(await counts(t)).toEqual({
        incidents: before.incidents,
        notifications: before.notifications + 8,
        events: before.events + 1,
      });
      const regraded = r.events[1];
      expect(regraded.kind).toBe('REGRADED');
      expect(regraded.summary).toContain('级别由IV级(一般)调整为III级(较大): 死亡人数升至3人');
      const data = JSON.parse(regraded.data);
      expect(data).toMatchObject({ from: 'IV', to: 'III', reason: '死亡人数升至3人' });
      expect(data.previousActivation.activated).toBe(false);
      expect(data.notified.map((n: { personName: string }) => n.personName)).toEqual([
        '王斌权',
        '王宏微',
        '杨金中',
        '刘宇亮',
        '赵建云',
        '刘同兴',
        '胡锐',
        '赵新',
      ]);
      expect(data.alreadyNotified.map((n: { personName: string }) => n.personName).sort()).toEqual(
        ['张海芳', '张鹏', '鲍瑞卿'].sort(),
      );
      // The original activation stays visible in the REPORTED event.
      expect(r.events[0].activation!.activated).toBe(false);

      const { regradeIncident: top } = await t.query<{ regradeIncident: Incident }>(REGRADE, {
        id: incident.id,
        severity: 'I',
        reason: '死亡30人',
      });
      expect(top.activation.headquarters).toBe(true);
      expect(notified(top).slice(11)).toEqual(['刘锋', '张利锋']);

      const { regradeIncident: down } = await t.query<{ regradeIncident: Incident }>(REGRADE, {
        id: incident.id,
        severity: 'IV',
        reason: '核实后下调',
      });
      expect(down.notifications).toHaveLength(13);
      expect(down.events.map((e) => e.kind)).toEqual(['REPORTED', 'REGRADED', 'REGRADED', 'REGRADED']);
    });

    it('refuses a regrade to the same grade or without a reason', async () => {
      const incident = await reportOk();
      expect(errorOf(await t.gql(REGRADE, { id: incident.id, severity: 'III', reason: 'x' })).message).toMatch(
        /^severity: is already the grade of incident .* \(got "III"\)$/,
      );
      expect(errorOf(await t.gql(REGRADE, { id: incident.id, severity: 'II', reason: ' ' })).message).toMatch(
        /^reason: is empty once spaces and invisible/,
      );
      const missing = errorOf(
        await t.gql(REGRADE, { id: '00000000-0000-0000-0000-000000000000', severity: 'II', reason: 'x' }),
      );
      expect(missing.code).toBe('NOT_FOUND');
    });

    it('updateIncident corrects facts and keeps each change as an event', async () => {
      const incident = await reportOk();
      const before = await counts(t);
      const { updateIncident: u } = await t.query<{ updateIncident: Incident }>(UPDATE, {
        id: incident.id,
        input: { title: '某煤矿瓦斯爆炸事故', county: '阳城', location: null, description: incident.description },
      });
      expect(u).toMatchObject({ title: '某煤矿瓦斯爆炸事故', county: '阳城县', location: null, severity: 'III' });
      expect(u.notifications).toEqual(incident.notifications);
      const event = u.events[1];
      expect(event.kind).toBe('UPDATED');
      expect(event.summary).toBe('更正事实: 标题、地点、县(市、区)');
      expect(JSON.parse(event.data).changes).toEqual({
        title: { from: '某煤矿井下瓦斯爆炸', to: '某煤矿瓦斯爆炸事故' },
        location: { from: '某煤矿', to: null },
        county: { from: '沁水县', to: '阳城县' },
      });
      expect(await counts(t)).toEqual({ ...before, events: before.events + 1 });

      // The same values again: nothing changes, no event.
      const { updateIncident: same } = await t.query<{ updateIncident: Incident }>(UPDATE, {
        id: incident.id,
        input: { title: '某煤矿瓦斯爆炸事故' },
      });
      expect(same.events).toHaveLength(2);

      const bad = await counts(t);
      expect(errorOf(await t.gql(UPDATE, { id: incident.id, input: { title: null } })).message).toBe(
        'title: must not be empty (got null)',
      );
      expect(errorOf(await t.gql(UPDATE, { id: incident.id, input: { county: '太原' } })).field).toBe('county');
      expect(errorOf(await t.gql(UPDATE, { id: incident.id, input: {} })).field).toBe('input');
      expect(await counts(t)).toEqual(bad);
    });

    it('closeIncident closes; a closed incident cannot be changed', async () => {
      const incident = await reportOk();
      const { closeIncident: c } = await t.query<{ closeIncident: Incident }>(CLOSE, {
        id: incident.id,
        reason: '处置完毕',
      });
      expect(c.status).toBe('CLOSED');
      expect(c.closedAt).not.toBeNull();
      expect(c.events.map((e) => `${e.kind} ${e.summary}`).pop()).toBe('CLOSED 关闭: 处置完毕');
      const before = await counts(t);
      for (const result of [
        await t.gql(CLOSE, { id: incident.id, reason: '再次关闭' }),
        await t.gql(UPDATE, { id: incident.id, input: { title: '新标题' } }),
        await t.gql(REGRADE, { id: incident.id, severity: 'II', reason: '升级' }),
      ]) {
        const error = errorOf(result);
        expect(error.code).toBe('CONFLICT');
        expect(error.message).toContain(`id: incident ${incident.id} was closed at`);
      }
      expect(await counts(t)).toEqual(before);
    });
  });

  describe('incidents (filter, pages)', () => {
    const LIST = `query($filter: IncidentFilter, $first: Int, $after: String) {
      incidents(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        nodes { id incidentType severity county status reportedAt notifications { person { name } } } } }`;
    type Page = {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        id: string;
        incidentType: string;
        severity: string;
        county: string;
        status: string;
        reportedAt: string;
        notifications: unknown[];
      }>;
    };
    const list = async (variables: Record<string, unknown>) =>
      (await t.query<{ incidents: Page }>(LIST, variables)).incidents;

    it('filters by type, grade, county, status and time, and pages through all with a cursor', async () => {
      const start = new Date().toISOString();
      const made: string[] = [];
      for (const [incidentType, severity, county] of [
        ['GEOLOGICAL_DISASTER', 'III', '陵川县'],
        ['GEOLOGICAL_DISASTER', 'IV', '陵川县'],
        ['GEOLOGICAL_DISASTER', 'III', '高平市'],
        ['SPECIAL_EQUIPMENT', 'IV', '城区'],
        ['SPECIAL_EQUIPMENT', 'IV', '陵川县'],
      ])
        made.push(
          (await reportOk({ incidentType, severity, county, title: `${incidentType} ${severity} ${county}` })).id,
        );
      await t.query(CLOSE, { id: made[4], reason: '已处置' });
      const window = { reportedFrom: start };

      expect((await list({ filter: { ...window, incidentType: 'GEOLOGICAL_DISASTER' } })).totalCount).toBe(3);
      expect(
        (await list({ filter: { ...window, incidentType: 'GEOLOGICAL_DISASTER', severity: 'III' } })).nodes
          .map((n) => n.id)
          .sort(),
      ).toEqual([made[0], made[2]].sort());
      expect((await list({ filter: { ...window, county: '陵川县' } })).totalCount).toBe(3);
      expect(
        (await list({ filter: { ...window, county: '陵川县', status: 'CLOSED' } })).nodes.map((n) => n.id),
      ).toEqual([made[4]]);
      expect((await list({ filter: { ...window, status: 'OPEN' } })).totalCount).toBe(4);
      expect((await list({ filter: { reportedTo: start, incidentType: 'SPECIAL_EQUIPMENT' } })).totalCount).toBe(0);

      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: Page = await list({ filter: window, first: 2, after });
        expect(page.totalCount).toBe(5);
        expect(page.nodes.length).toBeLessThanOrEqual(2);
        seen.push(...page.nodes.map((n) => n.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(seen).toEqual([...made].reverse());
      const all = await list({ filter: window, first: 100 });
      // Notifications of all incidents of a page come through one batched loader; each matches its activation.
      for (const node of all.nodes) {
        const { whoCommands } = await t.query<{ whoCommands: Activation }>(WHO, {
          type: node.incidentType,
          severity: node.severity,
        });
        expect(node.notifications).toEqual(whoCommands.recipients.map((r) => ({ person: { name: r.person.name } })));
      }
    });

    it('names bad filter values', async () => {
      expect(errorOf(await t.gql(LIST, { filter: { county: '太原' } })).field).toBe('filter.county');
      expect(errorOf(await t.gql(LIST, { filter: { incidentType: 'X' } })).field).toBe('filter.incidentType');
      expect(errorOf(await t.gql(LIST, { first: 0 })).field).toBe('first');
      expect(errorOf(await t.gql(LIST, { after: 'nonsense' })).field).toBe('after');
    });
  });

  describe('intake assistants', () => {
    const ASSESS = `query($input: AssessSeverityInput!) { assessSeverity(input: $input) {
      incidentType qualitative suggested criterion regulation table matched { figure value severity criterion } notes decisions message } }`;
    const assess = async (input: Record<string, unknown>) =>
      (await t.query<{ assessSeverity: Record<string, any> }>(ASSESS, { input })).assessSeverity;

    it.each([
      [{ incidentType: 'COAL_MINE_SAFETY', deaths: 2 }, 'IV', '死亡(含失踪)3人以下'],
      [{ incidentType: 'COAL_MINE_SAFETY', deaths: 3 }, 'III', '死亡(含失踪)3人以上10人以下'],
      [{ incidentType: 'TRAFFIC_ACCIDENT', deaths: 2, missing: 1 }, 'III', '死亡(含失踪)3人以上10人以下'],
      [
        { incidentType: 'FOREST_GRASSLAND_FIRE', burnedHectares: 500, burnedLand: 'FOREST' },
        'II',
        '受害森林面积在100公顷以上1000公顷以下',
      ],
      [
        { incidentType: 'FOREST_GRASSLAND_FIRE', burnedHectares: 500, burnedLand: 'GRASSLAND' },
        'IV',
        '受害草原面积10公顷以上1000公顷以下',
      ],
      [{ incidentType: 'PRODUCTION_SAFETY', directLossYuan: 9999999 }, 'IV', '直接经济损失1000万元以下'],
      [{ incidentType: 'PRODUCTION_SAFETY', directLossYuan: 10000000 }, 'III', '直接经济损失1000万元以上5000万元以下'],
      [{ incidentType: 'EARTHQUAKE', magnitude: 6.0, denselyPopulated: true }, 'I', null],
      [{ incidentType: 'EARTHQUAKE', magnitude: 6.0, denselyPopulated: false }, 'II', null],
    ])('%j → %s', async (input, grade, criterion) => {
      const a = await assess(input);
      expect(a.suggested).toBe(grade);
      expect(a.qualitative).toBe(false);
      if (criterion) expect(a.criterion).toBe(criterion);
      expect(a.message).toContain(a.regulation);
    });

    it('chooses the fire table by the reported land and returns its decisions apart from the criterion', async () => {
      const grass = await assess({
        incidentType: 'FOREST_GRASSLAND_FIRE',
        deaths: 2,
        seriouslyInjured: 8,
        burnedLand: 'GRASSLAND',
      });
      expect(grass).toMatchObject({
        table: 'GRASSLAND_FIRE',
        suggested: 'II',
        criterion: '造成死亡和重伤合计10人以上20人以下',
        notes: [],
      });
      expect(grass.decisions.join(' ')).toContain('死亡和重伤合计');
      const unsaid = await assess({ incidentType: 'FOREST_GRASSLAND_FIRE', burnedHectares: 500 });
      expect(unsaid).toMatchObject({ table: 'FOREST_FIRE', suggested: 'II', notes: ['未说明森林或草原, 按森林评估'] });
      expect(
        errorOf(await t.gql(ASSESS, { input: { incidentType: 'FOREST_GRASSLAND_FIRE', burnedLand: 'DESERT' } }))
          .message,
      ).toContain('DESERT');
    });

    it('says so for qualitative criteria instead of guessing', async () => {
      const a = await assess({ incidentType: 'PUBLIC_HEALTH', deaths: 5 });
      expect(a).toMatchObject({ qualitative: true, suggested: null, criterion: null });
      expect(a.message).toContain('定性');
    });

    it('names a negative figure and an unknown type', async () => {
      expect(errorOf(await t.gql(ASSESS, { input: { incidentType: 'COAL_MINE_SAFETY', deaths: -1 } })).message).toMatch(
        /^input\.deaths: must be zero or more .* \(got -1\)$/,
      );
      expect(errorOf(await t.gql(ASSESS, { input: { incidentType: 'NOPE' } })).field).toBe('input.incidentType');
    });

    it('suggestIncidentTypes ranks types for a Chinese description, with the matched words', async () => {
      const SUGGEST = `query($text: String!, $limit: Int) { suggestIncidentTypes(text: $text, limit: $limit) { code name score matchedWords explanation categoryName postCode } }`;
      const { suggestIncidentTypes: coal } = await t.query(SUGGEST, { text: '某煤矿井下发生瓦斯爆炸, 3人被困' });
      expect(coal[0]).toMatchObject({
        code: 'COAL_MINE_SAFETY',
        categoryName: '事故灾难',
        postCode: 'COAL_MINE_SAFETY',
      });
      expect(coal[0].matchedWords).toContain('瓦斯爆炸');
      expect(coal[0].explanation).toContain('瓦斯爆炸(8)');
      const { suggestIncidentTypes: lift } = await t.query(SUGGEST, { text: '小区电梯困人已超过2小时', limit: 1 });
      expect(lift.map((s: { code: string }) => s.code)).toEqual(['SPECIAL_EQUIPMENT']);
      const { suggestIncidentTypes: food } = await t.query(SUGGEST, { text: '学校食堂集体食物中毒' });
      expect(food.map((s: { code: string }) => s.code)).toEqual(
        expect.arrayContaining(['MARKET_SUPERVISION', 'PUBLIC_HEALTH']),
      );
      expect(errorOf(await t.gql(SUGGEST, { text: 'x', limit: 0 })).field).toBe('limit');
    });

    it('parseSeverity reads I…IV, Ⅰ…Ⅳ and 一级…四级', async () => {
      for (const [text, grade] of [
        ['三级', 'III'],
        ['Ⅳ', 'IV'],
        ['I', 'I'],
        ['较大', 'III'],
      ]) {
        expect(await t.query(`query($text: String!) { parseSeverity(text: $text) }`, { text })).toEqual({
          parseSeverity: grade,
        });
      }
      expect(errorOf(await t.gql(`{ parseSeverity(text: "五级") }`)).message).toMatch(
        /^text: is not a grade.* \(got "五级"\)$/,
      );
    });
  });
});

describe('database work per request (no query per recipient, batched relations)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(INTAKE_ONLY);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The SQL statements on the roster and incident tables that `work` itself runs: queries are
   * attributed through an AsyncLocalStorage, so background pollers of other modules do not count,
   * and the roster revision check (at most one a second) is left aside.
   */
  const WATCHED =
    /("\w+"\.)?"(incident|incident_event|notification|person|person_alias|position|tenure|command_body|seat|seat_assignment)"/;
  const requestScope = new AsyncLocalStorage<string>();
  async function queriesDuring(work: () => Promise<unknown>): Promise<string[]> {
    const mark = randomUUID();
    const seen: string[] = [];
    const logger = t.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const spy = jest.spyOn(logger, 'logQuery').mockImplementation((query, ...rest) => {
      if (requestScope.getStore() === mark) seen.push(String(query));
      return original(query, ...rest);
    });
    try {
      await requestScope.run(mark, work);
    } finally {
      spy.mockRestore();
    }
    return seen.filter((sql) => WATCHED.test(sql));
  }

  /** Executes an operation in this process (so that its queries can be attributed), with the admin key. */
  async function run(query: string, variables: Record<string, unknown> = {}): Promise<void> {
    const result = await execute({
      schema: t.get(GraphQLSchemaHost).schema,
      document: parse(query),
      variableValues: variables,
      contextValue: createRequestContext({ req: { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } } }),
    });
    if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  }

  it('whoCommands reads no table: the roster comes from the in-memory view', async () => {
    await t.query(WHO, { type: 'EARTHQUAKE', severity: 'IV' });
    const queries = await queriesDuring(() => run(WHO, { type: 'FLOOD_DROUGHT', severity: 'I' }));
    expect(queries).toEqual([]);
  });

  it('reportIncident runs the same statements for 3 recipients as for 9', async () => {
    await t.query(WHO, { type: 'EARTHQUAKE', severity: 'IV' });
    const few = await queriesDuring(() =>
      run(REPORT, { input: report({ incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', idempotencyKey: uniqueKey() }) }),
    );
    const many = await queriesDuring(() =>
      run(REPORT, { input: report({ severity: 'I', idempotencyKey: uniqueKey() }) }),
    );
    expect(many.length).toBe(few.length);
    expect(few.filter((sql) => /INSERT INTO ("\w+"\.)?"notification"/.test(sql))).toHaveLength(1);
  });

  it('incidents loads the notifications and events of a whole page in one query each', async () => {
    for (let i = 0; i < 6; i++) await t.query(REPORT, { input: report({ title: `第${i}起` }) });
    const LIST = `query($first: Int) { incidents(first: $first) { nodes { id notifications { id person { name } } events { seq } } } }`;
    const two = await queriesDuring(() => run(LIST, { first: 2 }));
    const six = await queriesDuring(() => run(LIST, { first: 6 }));
    expect(six.length).toBe(two.length);
    expect(six.filter((sql) => /FROM ("\w+"\.)?"notification"/.test(sql))).toHaveLength(1);
    expect(six.filter((sql) => /FROM ("\w+"\.)?"incident_event"/.test(sql))).toHaveLength(1);
  });

  it("over HTTP, a report's answer lists the notifications it wrote without reading them back", async () => {
    const selects: unknown[][] = [];
    const logger = t.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const spy = jest.spyOn(logger, 'logQuery').mockImplementation((query, parameters, ...rest) => {
      if (/^SELECT[\s\S]*FROM ("\w+"\.)?"notification"/.test(String(query)))
        selects.push(Array.isArray(parameters) ? parameters : []);
      return original(query, parameters, ...rest);
    });
    const key = uniqueKey();
    let reported: { reportIncident: { id: string; notifications: Notification[] } };
    try {
      reported = await t.query(REPORT, { input: report({ severity: 'I', idempotencyKey: key }) });
    } finally {
      spy.mockRestore();
    }
    const { id, notifications } = reported.reportIncident;
    expect(notifications.length).toBeGreaterThan(3);
    expect(selects.filter((parameters) => parameters.includes(id))).toEqual([]);
    // What a later read finds, field for field.
    const read = await t.query<{ incident: { notifications: Notification[] } }>(
      `query($id: ID!) { incident(id: $id) { notifications { id channel status reason person { id name } roles { body role } } } }`,
      { id },
    );
    expect(notifications).toEqual(read.incident.notifications);
    // Asked again with the same key, the answer is read (nothing was written this time) and is the same.
    const again = await t.query<typeof reported>(REPORT, { input: report({ severity: 'I', idempotencyKey: key }) });
    expect(again.reportIncident.notifications).toEqual(notifications);
  });
});

describe('frozen activations and roster changes (GraphQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(INTAKE_ONLY);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A personnel change through the contract's appoint: newName holds 市委常委、常务副市长 (张利锋's title) from now on. */
  async function appointExecutiveDeputyMayor(newName: string): Promise<void> {
    await t.query(`mutation($input: AppointInput!) { appoint(input: $input) { title holders { name } } }`, {
      input: { positionTitle: '市委常委、常务副市长', personName: newName, documentRef: '测试任免' },
    });
  }

  it('keeps who was told when the roster changes later; a regrade tells only the new holder', async () => {
    const { reportIncident: incident } = await t.query<{ reportIncident: Incident }>(REPORT, { input: report() });
    expect(notified(incident)).toEqual(COAL_III);

    await appointExecutiveDeputyMayor('王新任');
    const { whoCommands } = await t.query<{ whoCommands: Activation }>(WHO, {
      type: 'COAL_MINE_SAFETY',
      severity: 'III',
    });
    expect(names(whoCommands.recipients)[0]).toBe('王新任');

    const { incident: frozen } = await t.query<{ incident: Incident }>(
      `query($id: ID!) { incident(id: $id) { ${INCIDENT} } }`,
      { id: incident.id },
    );
    expect(names(frozen.activation.recipients)).toEqual(COAL_III);
    expect(frozen.activation).toEqual(incident.activation);

    const { regradeIncident: r } = await t.query<{ regradeIncident: Incident }>(REGRADE, {
      id: incident.id,
      severity: 'II',
      reason: '死亡人数升至10人',
    });
    expect(names(r.activation.recipients)[0]).toBe('王新任');
    expect(notified(r)).toEqual([...COAL_III, '王新任']);
    expect(notified(r).filter((n) => n === '张利锋')).toHaveLength(1);
  });
});
