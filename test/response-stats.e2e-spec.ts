import { newId } from '../src/database/columns.helper';
import { TransactionService } from '../src/database/transaction.service';
import { IncidentEntity } from '../src/incidents/entities/incident.entity';
import { IncidentStatus } from '../src/incidents/models/incident-status.enum';
import { DeliveryAttemptEntity } from '../src/notifications/entities/delivery-attempt.entity';
import { newPendingNotification, NotificationEntity } from '../src/notifications/entities/notification.entity';
import { NotificationStatus } from '../src/notifications/models/notification-status.enum';
import { attemptsOf, notificationsOf, REPORT_MUTATION, waitFor } from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

/**
 * After-action figures against a fixture written straight into the database, with instants chosen
 * so that every figure below can be checked by hand (seconds after each report):
 *
 *   A  TRAFFIC II  00:00  王斌权 (commander)  log 30 ack 120 | 王宏微 (commander) webhook 60 ack 300 | 张海芳 (office director) log 45 ack 200
 *                         policy (default II: every commander + one office director) met at 300
 *   B  TRAFFIC III 02:00  王斌权 log 10 no ack | 王宏微 webhook: failed at 20, sent 50, ack 90          policy (any commander) met at 90
 *   C  COAL    III 04:00  梁丽萍 (commander) log 5 ack 40                                               policy met at 40
 *   D  TRAFFIC III 05:00  exercise: 王斌权 log 1 ack 2                                                  left out unless asked for
 *   E  TRAFFIC III  (the next day, outside the period)
 */
const DAY = '2024-03-01';
const t0 = (hour: number) => new Date(`${DAY}T0${hour}:00:00.000Z`);

describe('after-action figures and exercises', () => {
  let t: TestApp;
  let people: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    people = {};
    for (const name of ['王斌权', '王宏微', '张海芳', '梁丽萍']) {
      const rows = (await t.dataSource.query(
        `SELECT id FROM person WHERE name = ${t.env.DB_TYPE === 'postgres' ? '$1' : '?'}`,
        [name],
      )) as Array<{ id: string }>;
      people[name] = rows[0].id;
    }
    await fixture();
  });
  afterAll(async () => {
    await t.close();
  });

  type Send = { channel: string; at: number; outcome?: 'SENT' | 'DELIVERED' | 'PERMANENT_ERROR' };
  type Person = { name: string; role: string; sends: Send[]; ack?: number };

  async function incident(
    post: string,
    postName: string,
    severity: string,
    reportedAt: Date,
    exercise: boolean,
    persons: Person[],
  ): Promise<void> {
    const id = newId();
    const s = (sec: number) => new Date(reportedAt.getTime() + sec * 1000);
    await t.get(TransactionService).run(async (m) => {
      await m.insert(IncidentEntity, {
        id,
        incidentType: post,
        severity: severity as never,
        status: IncidentStatus.OPEN,
        title: `fixture ${post} ${severity}`,
        description: null,
        location: null,
        county: null,
        reporter: null,
        occurredAt: null,
        reportedAt,
        updatedAt: reportedAt,
        closedAt: null,
        idempotencyKey: null,
        requestHash: null,
        activationJson: JSON.stringify({
          incidentType: post,
          severity,
          asOf: reportedAt.toISOString(),
          rosterRevision: 1,
          activated: true,
          postCode: post,
          postName,
          commandThreshold: 'III',
          headquarters: false,
          recipients: [],
          vacancies: [],
          citations: [],
          reason: 'fixture',
        }),
        exercise,
      });
      let ordinal = 0;
      for (const p of persons) {
        const n = newPendingNotification(
          {
            incidentId: id,
            ordinal: ++ordinal,
            personId: people[p.name],
            personName: p.name,
            roles: JSON.stringify([
              { body: post, bodyName: postName, role: p.role, roleName: p.role, title: p.role, acting: false },
            ]),
            channel: p.sends.at(-1)!.channel,
            reason: 'fixture',
          },
          reportedAt,
        );
        Object.assign(n, {
          status: p.ack !== undefined ? NotificationStatus.ACKNOWLEDGED : NotificationStatus.DELIVERED,
          acknowledgedAt: p.ack !== undefined ? s(p.ack) : null,
          acknowledgedVia: p.ack !== undefined ? 'API' : null,
          queuedSends: 1,
        });
        await m.insert(NotificationEntity, n);
        for (const send of p.sends) {
          await m.insert(DeliveryAttemptEntity, {
            id: newId(),
            notificationId: n.id,
            sendSeq: 0,
            jobAttempt: 1,
            channel: send.channel,
            contactMethodId: null,
            contactKind: null,
            at: s(send.at - 1),
            finishedAt: s(send.at),
            outcome: send.outcome ?? (send.channel === 'log' ? 'DELIVERED' : 'SENT'),
            error: null,
            dedupKey: `${n.id}.0`,
            ackTokenHash: null,
            message: 'fixture',
            worker: null,
          });
        }
      }
    });
  }

  async function fixture(): Promise<void> {
    const TRAFFIC = ['TRAFFIC_ACCIDENT', '较大及以上交通事故应急指挥部'] as const;
    await incident(...TRAFFIC, 'II', t0(0), false, [
      { name: '王斌权', role: 'COMMANDER', sends: [{ channel: 'log', at: 30 }], ack: 120 },
      { name: '王宏微', role: 'COMMANDER', sends: [{ channel: 'webhook', at: 60 }], ack: 300 },
      { name: '张海芳', role: 'OFFICE_DIRECTOR', sends: [{ channel: 'log', at: 45 }], ack: 200 },
    ]);
    await incident(...TRAFFIC, 'III', t0(2), false, [
      { name: '王斌权', role: 'COMMANDER', sends: [{ channel: 'log', at: 10 }] },
      {
        name: '王宏微',
        role: 'COMMANDER',
        sends: [
          { channel: 'webhook', at: 20, outcome: 'PERMANENT_ERROR' },
          { channel: 'webhook', at: 50 },
        ],
        ack: 90,
      },
    ]);
    await incident('COAL_MINE_SAFETY', '较大及以上煤矿生产安全事故应急指挥部', 'III', t0(4), false, [
      { name: '梁丽萍', role: 'COMMANDER', sends: [{ channel: 'log', at: 5 }], ack: 40 },
    ]);
    await incident(...TRAFFIC, 'III', t0(5), true, [
      { name: '王斌权', role: 'COMMANDER', sends: [{ channel: 'log', at: 1 }], ack: 2 },
    ]);
    await incident(...TRAFFIC, 'III', new Date('2024-03-02T01:00:00.000Z'), false, [
      { name: '王斌权', role: 'COMMANDER', sends: [{ channel: 'log', at: 1 }], ack: 1 },
    ]);
  }

  const STATS = `query($groupBy: StatsGroupBy!, $ex: Boolean) {
    responseStats(from: "2024-03-01T00:00:00Z", to: "2024-03-02T00:00:00Z", groupBy: $groupBy, includeExercises: $ex) {
      key label incidents notifications confirmations
      toFirstMessage { count median p90 } toFirstConfirmation { count median p90 } toPolicyMet { count median p90 }
    }
  }`;
  type Row = {
    key: string;
    label: string;
    incidents: number;
    notifications: number;
    confirmations: number;
    toFirstMessage: S;
    toFirstConfirmation: S;
    toPolicyMet: S;
  };
  type S = { count: number; median: number | null; p90: number | null };
  const stats = async (groupBy: string, ex = false) =>
    (await t.query<{ responseStats: Row[] }>(STATS, { groupBy, ex })).responseStats;
  const s = (count: number, median: number | null, p90: number | null): S => ({ count, median, p90 });

  it('by post, as computed by hand; exercises only when asked for', async () => {
    expect(await stats('POST')).toEqual([
      {
        key: 'COAL_MINE_SAFETY',
        label: '较大及以上煤矿生产安全事故应急指挥部',
        incidents: 1,
        notifications: 1,
        confirmations: 1,
        toFirstMessage: s(1, 5, 5),
        toFirstConfirmation: s(1, 40, 40),
        toPolicyMet: s(1, 40, 40),
      },
      // first messages 30, 10 → median 20, p90 = 2nd of 2 = 30; confirmations 120, 90; policy 300, 90.
      {
        key: 'TRAFFIC_ACCIDENT',
        label: '较大及以上交通事故应急指挥部',
        incidents: 2,
        notifications: 5,
        confirmations: 4,
        toFirstMessage: s(2, 20, 30),
        toFirstConfirmation: s(2, 105, 120),
        toPolicyMet: s(2, 195, 300),
      },
    ]);
    const withExercises = (await stats('POST', true)).find((r) => r.key === 'TRAFFIC_ACCIDENT')!;
    // 30, 10, 1 → median 10, p90 = ⌈2.7⌉ = 3rd = 30; confirmations 120, 90, 2 → 90.
    expect(withExercises).toMatchObject({
      incidents: 3,
      toFirstMessage: s(3, 10, 30),
      toFirstConfirmation: s(3, 90, 120),
      toPolicyMet: s(3, 90, 300),
    });
  });

  it('by grade, channel and person', async () => {
    expect((await stats('GRADE')).map((r) => [r.key, r.label, r.incidents, r.toFirstMessage, r.toPolicyMet])).toEqual([
      ['II', 'II级(重大)', 1, s(1, 30, 30), s(1, 300, 300)],
      ['III', 'III级(较大)', 2, s(2, 7.5, 10), s(2, 65, 90)],
    ]);
    // log: 30, 45, 10, 5 → median 20, p90 = 4th = 45; webhook: 60, 50 (its first success) → 55, 60.
    expect(
      (await stats('CHANNEL')).map((r) => [
        r.key,
        r.notifications,
        r.confirmations,
        r.toFirstMessage,
        r.toFirstConfirmation,
      ]),
    ).toEqual([
      ['log', 4, 3, s(4, 20, 45), s(3, 120, 200)],
      ['webhook', 2, 2, s(2, 55, 60), s(2, 195, 300)],
    ]);
    const byPerson = new Map((await stats('PERSON')).map((r) => [r.label, r]));
    expect(byPerson.get('王斌权')).toMatchObject({
      key: people['王斌权'],
      incidents: 2,
      notifications: 2,
      confirmations: 1,
      toFirstMessage: s(2, 20, 30),
      toFirstConfirmation: s(1, 120, 120),
    });
    expect(byPerson.get('王宏微')).toMatchObject({ toFirstMessage: s(2, 55, 60), toFirstConfirmation: s(2, 195, 300) });
  });

  it('per incident, and as CSV behind an API key', async () => {
    const page = await t.query<{
      incidents: {
        nodes: Array<{
          id: string;
          severity: string;
          responseFigures: {
            toFirstMessage: number;
            toFirstConfirmation: number;
            toPolicyMet: number;
            people: Array<{
              person: { name: string };
              channel: string;
              required: boolean;
              toMessage: number;
              toConfirmation: number | null;
            }>;
          };
        }>;
      };
    }>(
      `{ incidents(filter: { reportedFrom: "2024-03-01T00:00:00Z", reportedTo: "2024-03-01T01:00:00Z" }) { nodes { id severity responseFigures { toFirstMessage toFirstConfirmation toPolicyMet people { person { name } channel required toMessage toConfirmation } } } } }`,
    );
    const [a] = page.incidents.nodes;
    expect(a.responseFigures).toEqual({
      toFirstMessage: 30,
      toFirstConfirmation: 120,
      toPolicyMet: 300,
      people: [
        { person: { name: '王斌权' }, channel: 'log', required: true, toMessage: 30, toConfirmation: 120 },
        { person: { name: '王宏微' }, channel: 'webhook', required: true, toMessage: 60, toConfirmation: 300 },
        { person: { name: '张海芳' }, channel: 'log', required: true, toMessage: 45, toConfirmation: 200 },
      ],
    });

    const url = '/reports/response-stats.csv?from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z&groupBy=POST';
    expect((await t.http().get(url)).status).toBe(401);
    const csv = await t.http().get(url).set('Authorization', 'Bearer test-admin-key-0123456789abcdef');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'group_by,key,label,incidents,notifications,confirmations,first_message_count,first_message_median_s,first_message_p90_s,first_confirmation_count,first_confirmation_median_s,first_confirmation_p90_s,policy_met_count,policy_met_median_s,policy_met_p90_s',
    );
    expect(lines[2]).toBe('POST,TRAFFIC_ACCIDENT,较大及以上交通事故应急指挥部,2,5,4,2,20,30,2,105,120,2,195,300');
    const bad = await t
      .http()
      .get('/reports/response-stats.csv?from=yesterday&to=2024-03-02&groupBy=POST')
      .set('Authorization', 'Bearer test-admin-key-0123456789abcdef');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('from');
    expect(bad.text).toContain('yesterday');
    const reversed = await t.gql(
      `{ responseStats(from: "2024-03-02T00:00:00Z", to: "2024-03-01T00:00:00Z", groupBy: POST) { key } }`,
    );
    expect(reversed.errors?.[0].message).toContain('to: must be after from');
  });

  it('an exercise: every message starts with 【演练】 and its figures are left out', async () => {
    const { reportIncident: drill } = await t.query<{ reportIncident: { id: string } }>(REPORT_MUTATION, {
      input: { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '煤矿透水事故应急演练', exercise: true },
    });
    const rows = await waitFor('delivered', async () => {
      const found = await notificationsOf(t.dataSource, drill.id);
      return found.length > 0 && found.every((n) => n.status === 'DELIVERED') && found;
    });
    for (const n of rows) {
      const [attempt] = await attemptsOf(t.dataSource, n.id);
      const [subject, ...body] = attempt.message!.split('\n');
      expect(subject.startsWith('【演练】')).toBe(true);
      expect(body.join('\n').startsWith('【演练】')).toBe(true);
    }
    const seen = await t.query<{ incident: { exercise: boolean; events: Array<{ summary: string }> } }>(
      `query($id: ID!) { incident(id: $id) { exercise events { summary } } }`,
      { id: drill.id },
    );
    expect(seen.incident.exercise).toBe(true);
    expect(seen.incident.events[0].summary.startsWith('【演练】')).toBe(true);

    // The top-level argument says the same; a contradiction is refused.
    const both = await t.gql(
      `mutation { reportIncident(exercise: true, input: { incidentType: "COAL_MINE_SAFETY", severity: IV, title: "演练2", exercise: false }) { id } }`,
    );
    expect(both.errors?.[0].message).toContain('exercise');
    const real = await t.query<{ reportIncident: { id: string; exercise: boolean } }>(
      `mutation { reportIncident(exercise: true, input: { incidentType: "COAL_MINE_SAFETY", severity: IV, title: "演练3" }) { id exercise } }`,
    );
    expect(real.reportIncident.exercise).toBe(true);

    // Left out of the figures unless asked for.
    const now = new Date();
    const around = {
      from: new Date(now.getTime() - 3600_000).toISOString(),
      to: new Date(now.getTime() + 3600_000).toISOString(),
    };
    const q = `query($from: DateTime!, $to: DateTime!, $ex: Boolean) { responseStats(from: $from, to: $to, groupBy: POST, includeExercises: $ex) { key incidents } }`;
    expect((await t.query<{ responseStats: unknown[] }>(q, { ...around, ex: false })).responseStats).toEqual([]);
    expect(
      (await t.query<{ responseStats: Array<{ key: string; incidents: number }> }>(q, { ...around, ex: true }))
        .responseStats,
    ).toEqual([{ key: 'COAL_MINE_SAFETY', incidents: 2 }]);
  });
});
