import { ApiKeyService } from '../src/auth/api-key.service';
import { ApiRole } from '../src/auth/api-role.enum';
import { EscalationEntity } from '../src/notifications/entities/escalation.entity';
import {
  attemptsOf,
  commandersOnlyPolicies,
  notificationsConfig,
  notificationsOf,
  report,
  sleep,
  waitFor,
} from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

/** Escalation in seconds: 3 s per level. */
const MINUTES = 0.05;

const INCIDENT = `query($id: ID!) { incident(id: $id) {
  events { kind summary data }
  confirmationPolicy { source description met metAt requirements { body role need needed holders confirmed met } }
  confirmations { notificationId person { name } roles { body role } required state notificationStatus channel confirmedAt via recordedBy note }
} }`;
type Confirmation = {
  notificationId: string;
  person: { name: string };
  roles: Array<{ body: string; role: string }>;
  required: boolean;
  state: string;
  notificationStatus: string;
  channel: string;
  confirmedAt: string | null;
  via: string | null;
  recordedBy: string | null;
  note: string | null;
};
type IncidentView = {
  events: Array<{ kind: string; summary: string; data: string }>;
  confirmationPolicy: {
    source: string;
    description: string;
    met: boolean;
    metAt: string | null;
    requirements: Array<{ needed: number; holders: number; confirmed: number; met: boolean }>;
  };
  confirmations: Confirmation[];
};

const ACK = `mutation($id: ID!, $via: AcknowledgementVia, $note: String) {
  acknowledgeNotification(id: $id, via: $via, note: $note) { id status acknowledgedAt acknowledgedVia acknowledgedBy acknowledgementNote }
}`;
const RESEND = `mutation($id: ID!) { resendToUnconfirmed(incidentId: $id) { id status messageKind person { name } } }`;

describe('confirmation policies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      NOTIFICATIONS_FILE: notificationsConfig({
        escalation: { minutes: { I: MINUTES, II: MINUTES, III: 60, IV: 60 }, maxLevels: 3 },
      }),
      CONFIRMATION_POLICIES_FILE: commandersOnlyPolicies(),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const view = async (id: string) => (await t.query<{ incident: IncidentView }>(INCIDENT, { id })).incident;
  const escalationOf = (incidentId: string) =>
    t.dataSource.getRepository(EscalationEntity).findOneOrFail({ where: { incidentId } });
  const escalations = async (id: string) => (await view(id)).events.filter((e) => e.kind === 'ESCALATED');

  it('a grade-II incident needing both commanders keeps escalating after the first confirms and stops after the second', async () => {
    const incident = await report(t, {
      incidentType: 'TRAFFIC_ACCIDENT',
      severity: 'II',
      title: '高速公路危化品车辆泄漏',
    });
    let state = await view(incident.id);
    expect(state.confirmationPolicy).toMatchObject({
      source: 'default.II',
      description: '指挥长全部确认',
      met: false,
      metAt: null,
    });
    const commanders = state.confirmations.filter((c) => c.required);
    expect(commanders.map((c) => c.person.name).sort()).toEqual(['王宏微', '王斌权']);
    expect(state.confirmations.filter((c) => !c.required).length).toBeGreaterThan(0); // deputies, office directors: informed
    await waitFor(
      'the escalation clock',
      async () => (await escalationOf(incident.id).catch(() => null))?.status === 'WAITING',
    );

    // The first commander confirms: not enough.
    const first = commanders.find((c) => c.person.name === '王斌权')!;
    await t.query(ACK, { id: first.notificationId });
    expect((await escalationOf(incident.id)).status).toBe('WAITING');
    state = await view(incident.id);
    expect(state.confirmationPolicy.met).toBe(false);
    expect(state.confirmationPolicy.requirements).toEqual([
      { body: 'POST', role: 'COMMANDER', need: 'ALL', needed: 2, holders: 2, confirmed: 1, met: false },
    ]);
    const ackAt = state.events.findIndex((e) => e.kind === 'ACKNOWLEDGED');
    expect(state.events[ackAt].summary).toBe('王斌权确认收到通知(值班员登记: ADMIN_API_KEY)');

    // It escalates after that, reminding only the commander who has not confirmed.
    const escalated = await waitFor(
      'an escalation after the first confirmation',
      async () => (await view(incident.id)).events.slice(ackAt + 1).find((e) => e.kind === 'ESCALATED'),
      30000,
      100,
    );
    const data = JSON.parse(escalated.data) as { unacknowledged: string[]; resent: string[] };
    expect(data.unacknowledged).toEqual(['王宏微']);
    expect(data.resent).toEqual(['王宏微']);
    const rows = await notificationsOf(t.dataSource, incident.id);
    expect(rows.find((n) => n.personName === '王斌权')).toMatchObject({ status: 'ACKNOWLEDGED', sendSeq: 0 });

    // The second commander confirms by telephone: the policy is met and escalation stops.
    const second = commanders.find((c) => c.person.name === '王宏微')!;
    const { acknowledgeNotification: acked } = await t.query<{ acknowledgeNotification: Record<string, string> }>(ACK, {
      id: second.notificationId,
      via: 'PHONE',
      note: '王宏微来电确认，正赶赴现场',
    });
    expect(acked).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedVia: 'PHONE',
      acknowledgedBy: 'ADMIN_API_KEY',
      acknowledgementNote: '王宏微来电确认，正赶赴现场',
    });
    const escalation = await escalationOf(incident.id);
    expect(escalation.status).toBe('CANCELLED');
    const level = escalation.level;
    const count = (await escalations(incident.id)).length;
    expect(count).toBe(level);
    await sleep(3000 + 3000);
    expect((await escalations(incident.id)).length).toBe(count);
    expect((await escalationOf(incident.id)).level).toBe(level);

    state = await view(incident.id);
    expect(state.confirmationPolicy).toMatchObject({ met: true, metAt: acked.acknowledgedAt });
    const phone = state.confirmations.find((c) => c.person.name === '王宏微')!;
    expect(phone).toMatchObject({
      required: true,
      state: 'CONFIRMED',
      via: 'PHONE',
      recordedBy: 'ADMIN_API_KEY',
      note: '王宏微来电确认，正赶赴现场',
      confirmedAt: acked.acknowledgedAt,
    });
    const event = state.events.filter((e) => e.kind === 'ACKNOWLEDGED').at(-1)!;
    expect(event.summary).toBe(
      '王宏微确认收到通知(电话确认, 值班员登记: ADMIN_API_KEY; 备注: 王宏微来电确认，正赶赴现场); 确认要求已满足, 停止升级',
    );
  });

  it('resendToUnconfirmed reaches only those who have not confirmed', async () => {
    const incident = await report(t, { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '煤矿透水' });
    const rows = await waitFor('delivered', async () => {
      const found = await notificationsOf(t.dataSource, incident.id);
      return found.every((n) => n.status === 'DELIVERED') && found;
    });
    expect(rows.length).toBeGreaterThan(3);
    const confirmed = rows.slice(0, 2);
    for (const n of confirmed) await t.query(ACK, { id: n.id });

    const { secret: reader } = await t.get(ApiKeyService).create({ name: 'board', roles: [ApiRole.reader] });
    const refused = await t.gql(RESEND, { id: incident.id }, { Authorization: `Bearer ${reader}` });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const { resendToUnconfirmed: resent } = await t.query<{
      resendToUnconfirmed: Array<{ id: string; messageKind: string; status: string }>;
    }>(RESEND, { id: incident.id });
    const waiting = rows.slice(2);
    expect(resent.map((n) => n.id).sort()).toEqual(waiting.map((n) => n.id).sort());
    expect(resent.every((n) => n.messageKind === 'RESEND')).toBe(true);

    await waitFor('the resends delivered', async () => {
      const now = await notificationsOf(t.dataSource, incident.id);
      return (
        now.filter((n) => n.sendSeq === 1).length === waiting.length &&
        now.filter((n) => n.sendSeq === 1).every((n) => n.status === 'DELIVERED')
      );
    });
    for (const n of confirmed) {
      expect((await attemptsOf(t.dataSource, n.id)).length).toBe(1);
      expect((await notificationsOf(t.dataSource, incident.id)).find((r) => r.id === n.id)).toMatchObject({
        status: 'ACKNOWLEDGED',
        sendSeq: 0,
      });
    }
    for (const n of waiting) {
      const attempts = await attemptsOf(t.dataSource, n.id);
      expect(attempts.map((a) => a.sendSeq)).toEqual([0, 1]);
      expect(attempts[1].message).toContain('煤矿透水');
    }
    const events = (await view(incident.id)).events;
    expect(events.at(-1)!.kind).toBe('RESENT');
    expect(events.at(-1)!.summary).toContain(`再次通知未确认的${waiting.length}人`);

    // Everyone confirmed: nothing to send.
    for (const n of waiting) await t.query(ACK, { id: n.id });
    expect(
      (await t.query<{ resendToUnconfirmed: unknown[] }>(RESEND, { id: incident.id })).resendToUnconfirmed,
    ).toEqual([]);
    const missing = await t.gql(RESEND, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a note longer than 500 characters is refused and nothing is recorded', async () => {
    const incident = await report(t, { incidentType: 'COAL_MINE_SAFETY', severity: 'IV', title: '煤矿皮带伤人' });
    const result = await t.gql(ACK, { id: incident.notifications[0].id, via: 'PHONE', note: '长'.repeat(501) });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('note');
    expect((await notificationsOf(t.dataSource, incident.id))[0].status).not.toBe('ACKNOWLEDGED');
  });
});
