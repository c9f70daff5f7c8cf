import type { Client } from 'graphql-ws';
import { ApiKeyService } from '../src/auth/api-key.service';
import { ApiRole } from '../src/auth/api-role.enum';
import { listen, subscribe, wsClient } from './support/live';
import { notificationsConfig, notificationsOf, report, waitFor } from './support/notify';
import { ADMIN_HEADERS, createTestApp, TestApp } from './support/test-app';

type NotificationEvent = {
  notificationStatusChanged: { id: string; status: string; incidentId: string; person: { name: string } };
};
type IncidentEvent = {
  incidentChanged: { id: string; title: string; notifications: Array<{ status: string; person: { name: string } }> };
};

/** GraphQL subscriptions over graphql-ws: a duty board watching without polling. */
describe('live updates (graphql-ws)', () => {
  let t: TestApp;
  let url: string;
  const clients: Client[] = [];
  const client = (authorization?: string) => {
    const c = wsClient(url, authorization);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    t = await createTestApp({ NOTIFICATIONS_FILE: notificationsConfig() });
    url = await listen(t);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it('streams every status change of the notifications of an intake', async () => {
    const board = subscribe<NotificationEvent>(
      client(ADMIN_HEADERS.Authorization),
      `subscription { notificationStatusChanged { id status incidentId person { name } } }`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // subscribed before the report
    const incident = await report(t, { title: '某煤矿井下火灾' });
    const events = await board.until((got) => {
      const last = new Map(
        got.map((e) => [e.data?.notificationStatusChanged.id, e.data?.notificationStatusChanged.status]),
      );
      return incident.notifications.every((n) => last.get(n.id) === 'DELIVERED');
    });
    expect(events.every((e) => !e.errors && e.data!.notificationStatusChanged.incidentId === incident.id)).toBe(true);
    const statuses = new Set(events.map((e) => e.data!.notificationStatusChanged.status));
    expect(statuses.has('DELIVERED')).toBe(true);
    board.stop();
  });

  it('sends exactly one event per state change, in order, never repeated (counted against the delivery history)', async () => {
    const board = subscribe<NotificationEvent>(
      client(ADMIN_HEADERS.Authorization),
      `subscription { notificationStatusChanged { id status incidentId person { name } } }`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incident = await report(t, { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '某煤矿瓦斯突出' });
    expect(incident.notifications.length).toBeGreaterThan(3);
    await waitFor('delivered', async () =>
      (await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'DELIVERED'),
    );
    const first = incident.notifications[0].id;
    await t.query(`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id: first });
    await t.query(`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id: first }); // no change: no event
    await board.until((got) => got.some((e) => e.data?.notificationStatusChanged.status === 'ACKNOWLEDGED'));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything repeated would arrive by now
    board.stop();
    expect(board.received.filter((e) => e.errors)).toEqual([]);
    const mine = board.received
      .map((e) => e.data!.notificationStatusChanged)
      .filter((n) => n.incidentId === incident.id);
    // The history of each notification: queued, then its one send's outcome (log channel: DELIVERED), then the acknowledgement.
    const rows = await notificationsOf(t.dataSource, incident.id);
    for (const row of rows) {
      const expected = ['QUEUED', 'DELIVERED', ...(row.acknowledgedAt ? ['ACKNOWLEDGED'] : [])];
      expect({ person: row.personName, events: mine.filter((n) => n.id === row.id).map((n) => n.status) }).toEqual({
        person: row.personName,
        events: expected,
      });
    }
    expect(mine).toHaveLength(rows.length * 2 + 1);
  });

  it('streams an incident as it changes (its notifications, an acknowledgement), filtered by id', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '国道车辆侧翻' });
    const other = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '另一起事故' });
    await waitFor('delivered', async () =>
      (await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'DELIVERED'),
    );
    const watch = subscribe<IncidentEvent>(
      client(ADMIN_HEADERS.Authorization),
      `subscription($id: ID!) { incidentChanged(id: $id) { id title notifications { status person { name } } } }`,
      { id: incident.id },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.query(`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, {
      id: incident.notifications[0].id,
    });
    await t.query(`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id: other.notifications[0].id });
    const events = await watch.until((got) =>
      got.some((e) => e.data?.incidentChanged.notifications.some((n) => n.status === 'ACKNOWLEDGED')),
    );
    expect(events.every((e) => e.data?.incidentChanged.id === incident.id)).toBe(true);
    expect(events.at(-1)!.data!.incidentChanged.notifications.map((n) => n.status)).toEqual([
      'ACKNOWLEDGED',
      'DELIVERED',
      'DELIVERED',
    ]);
    watch.stop();
  });

  it('shows each event fresh (no cached nested fields), and stops when the key is revoked', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '县道客车追尾' });
    await waitFor('delivered', async () =>
      (await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'DELIVERED'),
    );
    const { key, secret } = await t.get(ApiKeyService).create({ name: 'duty-board-2', roles: [ApiRole.reader] });
    const watch = subscribe<IncidentEvent>(
      client(`Bearer ${secret}`),
      `subscription($id: ID!) { incidentChanged(id: $id) { id notifications { status } } }`,
      { id: incident.id },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ack = (id: string) => t.query(`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id });
    const acknowledged = (e: { data?: IncidentEvent | null }) =>
      e.data?.incidentChanged.notifications.filter((n) => n.status === 'ACKNOWLEDGED').length ?? 0;
    await ack(incident.notifications[0].id);
    await watch.until((got) => got.some((e) => acknowledged(e) === 1));
    await ack(incident.notifications[1].id);
    await watch.until((got) => got.some((e) => acknowledged(e) === 2));

    await t.get(ApiKeyService).revoke(key.id);
    await ack(incident.notifications[2].id);
    const events = await watch.until((got) => got.some((e) => e.errors));
    expect(events.at(-1)!.errors?.[0].message).toMatch(/revoked/);
    expect(events.at(-1)!.errors?.[0].extensions).toEqual(
      expect.objectContaining({ code: 'UNAUTHENTICATED', messageZh: expect.stringContaining('API 密钥') }),
    );
    watch.stop();
  });

  it('needs an API key in connection_init (role reader is enough)', async () => {
    const anonymous = subscribe<IncidentEvent>(client(), `subscription { incidentChanged { id } }`);
    // Refused at connection_init: the socket is closed with 4401 (WsGateService), no operation runs.
    const [refused] = await anonymous.until((got) => got.length > 0);
    expect(refused.errors?.[0].extensions?.closeCode).toBe(4401);
    const badKey = subscribe<IncidentEvent>(
      client('Bearer not-a-key-0123456789'),
      `subscription { incidentChanged { id } }`,
    );
    const [bad] = await badKey.until((got) => got.length > 0);
    expect(bad.errors?.[0].extensions?.closeCode).toBe(4401);
    const invalid = subscribe<IncidentEvent>(
      client(ADMIN_HEADERS.Authorization),
      `subscription { incidentChanged { nope } }`,
    );
    const [refusedQuery] = await invalid.until((got) => got.length > 0);
    expect(refusedQuery.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const { secret } = await t.get(ApiKeyService).create({ name: 'duty-board', roles: [ApiRole.reader] });
    const reader = subscribe<IncidentEvent>(
      client(`Bearer ${secret}`),
      `subscription { incidentChanged { id title } }`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incident = await report(t, { incidentType: 'EARTHQUAKE', severity: 'IV', title: '阳城县3.9级地震' });
    const events = await reader.until((got) => got.some((e) => e.data?.incidentChanged.id === incident.id));
    expect(events.every((e) => !e.errors)).toBe(true);
    reader.stop();
  });
});
