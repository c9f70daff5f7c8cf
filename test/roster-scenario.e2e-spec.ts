import { AuditLogEntity } from '../src/audit/entities/audit-log.entity';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The scenario of issue 5, end to end through GraphQL with API keys: a new 市应急管理局局长 takes
 * over every seat of 鲍瑞卿, activations name the new holder, and the change is in the roster
 * journal and the audit log with its document; then the role boundaries around incidents.
 */
const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const SEAT = 'body role title acting vacant person { id name }';
type Seat = {
  body: string;
  role: string;
  title: string;
  acting: boolean;
  vacant: boolean;
  person: { id: string; name: string } | null;
};
const WHO = `query($asOf: DateTime) { whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III, asOf: $asOf) {
  activated recipients { person { name } roles { body role roleName title acting } } vacancies { body role title } } }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id person { name } } events { actor } } }`;
const DOCUMENT = '晋市政任〔2020〕3号';

describe('issue 5 scenario: a new 市应急管理局局长 (GraphQL, with API keys)', () => {
  let t: TestApp;
  const key: Record<'editor' | 'duty' | 'reader', { id: string; secret: string }> = {} as never;
  let effectiveFrom: string;

  const seatsOf = async (asOf: string | null, headers = bearer(key.reader.secret)): Promise<Seat[]> => {
    const data = await t.query(
      `query($asOf: DateTime) {
        headquarters(asOf: $asOf) { members { ${SEAT} } office { directors { ${SEAT} } } }
        commandPosts(asOf: $asOf) { commanders { ${SEAT} } deputyCommanders { ${SEAT} } office { directors { ${SEAT} } } } }`,
      { asOf },
      headers,
    );
    return [
      ...data.headquarters.members,
      ...data.headquarters.office.directors,
      ...data.commandPosts.flatMap((p: Record<string, unknown>) => [
        ...(p.commanders as Seat[]),
        ...(p.deputyCommanders as Seat[]),
        ...(p.office as { directors: Seat[] }).directors,
      ]),
    ];
  };

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, roles] of [
      ['editor', ['roster_editor']],
      ['duty', ['duty_officer']],
      ['reader', ['reader']],
    ] as const) {
      const { createApiKey } = await t.query(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`,
        {
          input: { name: `市应急管理局-${name}`, roles },
        },
      );
      key[name] = { id: createApiKey.apiKey.id, secret: createApiKey.secret };
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('a roster_editor appoints 测试甲: every seat 鲍瑞卿 held under the title shows 测试甲; asOf just before shows 鲍瑞卿', async () => {
    const before = (await seatsOf(null)).filter((s) => s.person?.name === '鲍瑞卿');
    expect(before.length).toBe(25);
    expect(before.every((s) => s.title === '市应急管理局局长')).toBe(true);

    effectiveFrom = new Date(Date.now() - 1000).toISOString();
    const { appoint } = await t.query(
      `mutation($input: AppointInput!) { appoint(input: $input) { id title holders { id name } } }`,
      { input: { positionTitle: '市应急管理局局长', personName: '测试甲', effectiveFrom, documentRef: DOCUMENT } },
      bearer(key.editor.secret),
    );
    expect(appoint.holders.map((h: { name: string }) => h.name)).toEqual(['测试甲']);

    const after = await seatsOf(null);
    expect(after.filter((s) => s.person?.name === '鲍瑞卿')).toEqual([]);
    const now = after.filter((s) => s.title === '市应急管理局局长');
    expect(now.map((s) => `${s.body}/${s.role}`).sort()).toEqual(before.map((s) => `${s.body}/${s.role}`).sort());
    expect(now.every((s) => s.person?.name === '测试甲' && s.person.id === appoint.holders[0].id)).toBe(true);
    expect(now.filter((s) => s.role === 'DEPUTY_COMMANDER')).toHaveLength(17);
    expect(now.filter((s) => s.role === 'OFFICE_DIRECTOR')).toHaveLength(7);
    expect(now.filter((s) => s.role === 'MEMBER')).toHaveLength(1);

    const justBefore = new Date(Date.parse(effectiveFrom) - 1).toISOString();
    expect(
      (await seatsOf(justBefore))
        .filter((s) => s.title === '市应急管理局局长')
        .every((s) => s.person?.name === '鲍瑞卿'),
    ).toBe(true);
  });

  it('whoCommands for a coal-mine accident now names 测试甲 in every role 鲍瑞卿 had, and 鲍瑞卿 before', async () => {
    const { whoCommands } = await t.query(WHO, {}, bearer(key.reader.secret));
    const recipients = whoCommands.recipients as Array<{
      person: { name: string };
      roles: Array<{ body: string; roleName: string }>;
    }>;
    expect(recipients.map((r) => r.person.name)).toContain('测试甲');
    expect(recipients.map((r) => r.person.name)).not.toContain('鲍瑞卿');
    expect(recipients.find((r) => r.person.name === '测试甲')!.roles.map((r) => `${r.body} ${r.roleName}`)).toEqual([
      'COAL_MINE_SAFETY 副指挥长',
      'COAL_MINE_SAFETY 办公室主任',
      'HQ 办公室主任',
    ]);
    const then = await t.query(
      WHO,
      { asOf: new Date(Date.parse(effectiveFrom) - 1).toISOString() },
      bearer(key.reader.secret),
    );
    expect(then.whoCommands.recipients.map((r: { person: { name: string } }) => r.person.name)).toContain('鲍瑞卿');
  });

  it('the change is in rosterChanges and the audit log, with its document and the key that made it', async () => {
    const { rosterChanges } = await t.query(
      `{ rosterChanges(kind: APPOINT) { kind summary documentRef effectiveFrom actorKeyId actorName } }`,
      {},
      bearer(key.reader.secret),
    );
    expect(rosterChanges).toEqual([
      {
        kind: 'APPOINT',
        summary: '测试甲 任 市应急管理局局长，接替 鲍瑞卿（25 个席位随职务变更）',
        documentRef: DOCUMENT,
        effectiveFrom,
        actorKeyId: key.editor.id,
        actorName: '市应急管理局-editor',
      },
    ]);
    const { auditLog } = await t.query(
      `{ auditLog(filter: { operation: "appoint" }) { entries { keyId keyName roles arguments result } } }`,
    );
    expect(auditLog.entries).toHaveLength(1);
    expect(auditLog.entries[0]).toMatchObject({
      keyId: key.editor.id,
      keyName: '市应急管理局-editor',
      roles: ['roster_editor'],
      result: 'ok',
    });
    expect(JSON.parse(auditLog.entries[0].arguments).input).toMatchObject({
      positionTitle: '市应急管理局局长',
      personName: '测试甲',
      documentRef: DOCUMENT,
    });
  });

  it('a duty_officer reports incidents and acknowledges notifications; the events name its key', async () => {
    const { reportIncident } = await t.query(
      REPORT,
      { input: { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '某煤矿瓦斯爆炸' } },
      bearer(key.duty.secret),
    );
    expect(reportIncident.notifications.map((n: { person: { name: string } }) => n.person.name)).toContain('测试甲');
    expect(reportIncident.events[0].actor).toBe('市应急管理局-duty');
    const ack = await t.gql(
      `mutation($id: ID!) { acknowledgeNotification(id: $id) { id status } }`,
      { id: reportIncident.notifications[0].id },
      bearer(key.duty.secret),
    );
    expect(ack.errors).toBeUndefined();
    expect(ack.data?.acknowledgeNotification.status).toBe('ACKNOWLEDGED');
    const read = await t.query(
      `query($id: ID!) { incident(id: $id) { id } }`,
      { id: reportIncident.id },
      bearer(key.reader.secret),
    );
    expect(read.incident.id).toBe(reportIncident.id);
  });

  it.each([
    ['reader', 'reportIncident'],
    ['editor', 'reportIncident'],
    ['reader', 'acknowledgeNotification'],
    ['duty', 'appoint'],
  ] as const)('a %s key cannot %s, and nothing is written', async (who, operation) => {
    const audits = await t.dataSource.getRepository(AuditLogEntity).count();
    const incidents = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM incident'))[0].n);
    const queries = {
      reportIncident: [REPORT, { input: { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '不应记录' } }],
      acknowledgeNotification: [`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id: 'x' }],
      appoint: [
        `mutation($input: AppointInput!) { appoint(input: $input) { id } }`,
        { input: { positionTitle: '市应急管理局局长', personName: '测试乙' } },
      ],
    } as const;
    const [query, variables] = queries[operation];
    const result = await t.gql(query, variables as Record<string, unknown>, bearer(key[who].secret));
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0].message).toContain(operation);
    expect(await t.dataSource.getRepository(AuditLogEntity).count()).toBe(audits);
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM incident'))[0].n)).toBe(incidents);
  });

  it('a vacancy shows in activations as such', async () => {
    await t.query(
      `mutation { vacatePosition(input: { positionTitle: "市应急管理局局长", documentRef: "晋市政任〔2020〕8号" }) { id } }`,
      {},
      bearer(key.editor.secret),
    );
    const { whoCommands } = await t.query(WHO, {}, bearer(key.reader.secret));
    expect(whoCommands.recipients.map((r: { person: { name: string } }) => r.person.name)).not.toContain('测试甲');
    expect(
      whoCommands.vacancies
        .map((v: { body: string; role: string; title: string }) => `${v.body} ${v.role} ${v.title}`)
        .sort(),
    ).toEqual(
      [
        'COAL_MINE_SAFETY DEPUTY_COMMANDER 市应急管理局局长',
        'COAL_MINE_SAFETY OFFICE_DIRECTOR 市应急管理局局长',
        'HQ OFFICE_DIRECTOR 市应急管理局局长',
      ].sort(),
    );
  });
});
