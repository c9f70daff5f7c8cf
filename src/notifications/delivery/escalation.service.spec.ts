import { Severity } from '../../common/core/severity';
import { IncidentEventEntity } from '../../incidents/entities/incident-event.entity';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { IncidentStatus } from '../../incidents/models/incident-status.enum';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { DeliveryBench, ReportedIncident } from './delivery.fixture';
import { EscalationService } from './escalation.service';

const MINUTE = 60_000;

describe('EscalationService', () => {
  let bench: DeliveryBench;
  let escalations: EscalationService;
  beforeAll(async () => {
    bench = await DeliveryBench.open();
    escalations = bench.get(EscalationService);
  });
  afterAll(async () => {
    await bench?.close();
  });

  /** Starts the clock as the relay does when it first queues the incident's notices. */
  const started = async (type: string, severity: Severity): Promise<ReportedIncident> => {
    const reported = await bench.report(type, severity);
    await bench.dataSource.transaction((m) => escalations.ensure(m, [reported.incident.id], bench.clock.now()));
    return reported;
  };
  const named = (rows: NotificationEntity[], name: string) => rows.find((n) => n.personName === name)!;
  const eventsOf = (incidentId: string) =>
    bench.dataSource.manager.find(IncidentEventEntity, { where: { incidentId }, order: { seq: 'ASC' } });
  /** Everything fire() may write for an incident, to prove a call wrote nothing. */
  const snapshot = async (incidentId: string) => ({
    escalation: await bench.escalationOf(incidentId),
    notifications: await bench.notificationsOf(incidentId),
    events: await eventsOf(incidentId),
  });

  describe('ensure()', () => {
    it('starts a WAITING clock due one interval of the grade from now when the policy requires a commander', async () => {
      const now = bench.clock.now();
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      expect(await bench.escalationOf(incident.id)).toMatchObject({
        status: 'WAITING',
        level: 0,
        queuedJobs: 0,
        intervalMs: 15 * MINUTE,
        dueAt: new Date(now.getTime() + 15 * MINUTE),
        createdAt: now,
      });
    });

    it('takes the interval from the grade (I: 5 minutes, II: 10)', async () => {
      const now = bench.clock.now();
      const first = await started('TRAFFIC_ACCIDENT', Severity.I);
      const second = await started('TRAFFIC_ACCIDENT', Severity.II);
      expect((await bench.escalationOf(first.incident.id))!.dueAt).toEqual(new Date(now.getTime() + 5 * MINUTE));
      expect((await bench.escalationOf(second.incident.id))!.dueAt).toEqual(new Date(now.getTime() + 10 * MINUTE));
    });

    it('runs no clock below the post’s threshold, where nobody is required (NONE)', async () => {
      const { incident, activation } = await started('TRAFFIC_ACCIDENT', Severity.IV);
      expect(activation.activated).toBe(false);
      expect(await bench.escalationOf(incident.id)).toMatchObject({ status: 'NONE', level: 0 });
    });

    it('does not restart a running clock when the relay ensures it again later', async () => {
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      const before = await bench.escalationOf(incident.id);
      bench.clock.advance(3 * MINUTE);
      await bench.dataSource.transaction((m) => escalations.ensure(m, [incident.id], bench.clock.now()));
      expect(await bench.escalationOf(incident.id)).toEqual(before);
    });

    it('starts the clocks of a relay batch with one INSERT, each by its own grade, and leaves a running one alone', async () => {
      const running = await started('TRAFFIC_ACCIDENT', Severity.II);
      const before = await bench.escalationOf(running.incident.id);
      const third = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
      const fourth = await bench.report('TRAFFIC_ACCIDENT', Severity.IV);
      const now = bench.clock.advance(MINUTE);
      const inserts: string[] = [];
      await bench.dataSource.transaction(async (m) => {
        const query = m.queryRunner!.query.bind(m.queryRunner);
        jest.spyOn(m.queryRunner!, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
          if (/^INSERT\b.*"notification_escalation"/is.test(sql)) inserts.push(sql);
          return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
        });
        await escalations.ensure(
          m,
          [third.incident.id, running.incident.id, fourth.incident.id, third.incident.id],
          now,
        );
      });
      expect(inserts).toHaveLength(1);
      expect(await bench.escalationOf(third.incident.id)).toMatchObject({
        status: 'WAITING',
        intervalMs: 15 * MINUTE,
        dueAt: new Date(now.getTime() + 15 * MINUTE),
      });
      expect(await bench.escalationOf(fourth.incident.id)).toMatchObject({ status: 'NONE', level: 0 });
      expect(await bench.escalationOf(running.incident.id)).toEqual(before);
    });
  });

  describe('fire()', () => {
    it('at the due level reminds the unconfirmed commanders, tells the next level up and waits one more interval', async () => {
      const { incident, notices } = await started('TRAFFIC_ACCIDENT', Severity.III);
      const wang = named(notices, '王斌权');
      const [mobile, office] = await bench.giveContacts(wang, [
        { kind: 'MOBILE', value: '13900000001' },
        { kind: 'OFFICE_PHONE', value: '0356-2021234' },
      ]);
      // The first send went out on the mobile (as delivery records it).
      await bench.dataSource.manager.update(
        NotificationEntity,
        { incidentId: incident.id },
        { status: NotificationStatus.DELIVERED, queuedSends: 1 },
      );
      await bench.dataSource.manager.update(NotificationEntity, { id: wang.id }, { contactMethodId: mobile.id });
      const firedAt = bench.clock.advance(15 * MINUTE);

      const result = await escalations.fire(incident.id, 1);

      expect(result.outcome).toBe('ESCALATED');
      const rows = await bench.notificationsOf(incident.id);
      // The commanders: a reminder, as a new send (the relay queues it), on their next contact method.
      for (const name of ['王斌权', '王宏微'])
        expect(named(rows, name)).toMatchObject({
          messageKind: 'REMINDER',
          escalationLevel: 1,
          sendSeq: 1,
          queuedSends: 1,
          status: NotificationStatus.PENDING,
          updatedAt: firedAt,
        });
      expect(named(rows, '王斌权')).toMatchObject({ contactMethodId: office.id, contactStep: 1 });
      // The next level up: the executive deputy, not told before (a new notice), and the HQ office director again.
      expect(named(rows, '张利锋')).toMatchObject({
        messageKind: 'ESCALATION',
        escalationLevel: 1,
        sendSeq: 0,
        status: NotificationStatus.PENDING,
        createdAt: firedAt,
      });
      expect(named(rows, '鲍瑞卿')).toMatchObject({ messageKind: 'ESCALATION', escalationLevel: 1, sendSeq: 1 });
      // The deputies are informed, not required: not re-sent.
      expect(named(rows, '张海芳')).toMatchObject({ messageKind: 'INITIAL', sendSeq: 0 });
      expect(await bench.escalationOf(incident.id)).toMatchObject({
        status: 'WAITING',
        level: 1,
        dueAt: new Date(firedAt.getTime() + 15 * MINUTE),
        updatedAt: firedAt,
      });
      const [escalated] = (await eventsOf(incident.id)).filter((e) => e.kind === 'ESCALATED');
      expect(escalated.at).toEqual(firedAt);
      expect(JSON.parse(escalated.data)).toMatchObject({
        level: 1,
        unacknowledged: ['王斌权', '王宏微'],
        resent: ['王斌权', '王宏微'],
        notified: ['张利锋', '鲍瑞卿'],
      });
      expect(result.events).toContainEqual({ type: 'incident', id: incident.id });
    });

    it('a repeated job for a level already fired is STALE and writes nothing', async () => {
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      bench.clock.advance(15 * MINUTE);
      expect((await escalations.fire(incident.id, 1)).outcome).toBe('ESCALATED');
      const before = await snapshot(incident.id);
      bench.clock.advance(MINUTE);

      expect(await escalations.fire(incident.id, 1)).toEqual({ outcome: 'STALE', events: [] });
      expect(await snapshot(incident.id)).toEqual(before);
    });

    it('two runs of one level at once (the job and a retry, two workers) escalate once; the other is STALE', async () => {
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      bench.clock.advance(15 * MINUTE);
      const outcomes = (await Promise.all([escalations.fire(incident.id, 1), escalations.fire(incident.id, 1)]))
        .map((r) => r.outcome)
        .sort();
      expect(outcomes).toEqual(['ESCALATED', 'STALE']);
      const escalated = (await eventsOf(incident.id)).filter((e) => e.kind === 'ESCALATED');
      expect(escalated).toHaveLength(1);
      expect((await bench.escalationOf(incident.id))!.level).toBe(1);
    });

    it('a job for a level not due yet is STALE and writes nothing', async () => {
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      const before = await snapshot(incident.id);
      expect(await escalations.fire(incident.id, 2)).toEqual({ outcome: 'STALE', events: [] });
      expect(await snapshot(incident.id)).toEqual(before);
    });

    it('after the policy is met cancels the clock and sends nothing', async () => {
      const { incident, notices } = await started('TRAFFIC_ACCIDENT', Severity.III);
      const commander = named(notices, '王宏微');
      const ackedAt = bench.clock.advance(MINUTE);
      await bench.dataSource.manager.update(
        NotificationEntity,
        { id: commander.id },
        { status: NotificationStatus.ACKNOWLEDGED, acknowledgedAt: ackedAt },
      );
      const before = await bench.notificationsOf(incident.id);
      const firedAt = bench.clock.advance(14 * MINUTE);

      expect(await escalations.fire(incident.id, 1)).toEqual({ outcome: 'CANCELLED', events: [] });
      expect(await bench.escalationOf(incident.id)).toMatchObject({
        status: 'CANCELLED',
        cancelledBy: commander.id,
        level: 0,
        updatedAt: firedAt,
      });
      expect(await bench.notificationsOf(incident.id)).toEqual(before);
      expect((await eventsOf(incident.id)).map((e) => e.kind)).not.toContain('ESCALATED');
    });

    it('for a closed incident closes the clock and sends nothing', async () => {
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      const closedAt = bench.clock.advance(5 * MINUTE);
      await bench.dataSource.manager.update(
        IncidentEntity,
        { id: incident.id },
        { status: IncidentStatus.CLOSED, closedAt },
      );
      const before = await bench.notificationsOf(incident.id);
      const firedAt = bench.clock.advance(10 * MINUTE);

      expect(await escalations.fire(incident.id, 1)).toEqual({ outcome: 'CLOSED', events: [] });
      expect(await bench.escalationOf(incident.id)).toMatchObject({ status: 'CLOSED', level: 0, updatedAt: firedAt });
      expect(await bench.notificationsOf(incident.id)).toEqual(before);
      // And once closed, a later job is stale.
      expect((await escalations.fire(incident.id, 1)).outcome).toBe('STALE');
    });

    it('stops after the last level (maxLevels): EXHAUSTED, and a later job is stale', async () => {
      const { incident } = await started('TRAFFIC_ACCIDENT', Severity.III);
      const outcomes: string[] = [];
      for (let level = 1; level <= 3; level++) {
        bench.clock.advance(15 * MINUTE);
        outcomes.push((await escalations.fire(incident.id, level)).outcome);
      }
      expect(outcomes).toEqual(['ESCALATED', 'ESCALATED', 'EXHAUSTED']);
      expect(await bench.escalationOf(incident.id)).toMatchObject({ status: 'EXHAUSTED', level: 3 });
      expect((await eventsOf(incident.id)).map((e) => e.kind)).toContain('ESCALATION_EXHAUSTED');
      bench.clock.advance(15 * MINUTE);
      expect((await escalations.fire(incident.id, 4)).outcome).toBe('STALE');
    });

    it('fails the try for an incident this database has no clock for (a worker of another deployment)', async () => {
      await expect(escalations.fire('00000000-0000-4000-8000-000000000000', 1)).rejects.toThrow(
        /has no escalation in this database/,
      );
    });
  });
});
