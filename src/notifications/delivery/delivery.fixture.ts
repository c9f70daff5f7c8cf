import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ActivationResult, resolveActivation } from '../../activation/core/resolve-activation';
import { ManualClock, Clock } from '../../common/clock.provider';
import type { Severity } from '../../common/core/severity';
import { AppConfig } from '../../config/app.config';
import { ContactKind, ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { newId } from '../../database/columns.helper';
import { openTestDatabase, TestDatabase } from '../../database/test-database.fixture';
import { TransactionService } from '../../database/transaction.service';
import { DutyOnShiftService } from '../../duty/duty-on-shift.service';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { IncidentStatus } from '../../incidents/models/incident-status.enum';
import { readRosterFile } from '../../roster-io/roster-file.schema';
import { rosterViewFromFile } from '../../roster-io/roster-view.fixture';
import { RosterView } from '../../roster/core/roster-view';
import { PersonEntity } from '../../roster/entities/person.entity';
import { RosterViewService } from '../../roster/roster-view.service';
import type { Channel, ChannelResult, ChannelRoute, OutgoingMessage } from '../channels/channel.types';
import { DingtalkChannel } from '../channels/dingtalk.channel';
import { EmailChannel } from '../channels/email.channel';
import { LogChannel } from '../channels/log.channel';
import { SmsChannel } from '../channels/sms.channel';
import { VoiceChannel } from '../channels/voice.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import type { ChannelName } from '../../config/notifications.config';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { EscalationEntity } from '../entities/escalation.entity';
import { newPendingNotification, NotificationEntity } from '../entities/notification.entity';
import { LiveEvent, LiveEventsService } from '../live/live-events.service';
import { DeliverJob, deliveryJobId, EscalateJob, escalationJobId } from '../notification.jobs';
import { NotificationQueuesService } from '../queue/notification-queues.service';
import { DeliveryService } from './delivery.service';
import { EscalationLimitsService } from './escalation-limits.service';
import { EscalationService } from './escalation.service';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * Test helper for the unit specs of delivery, escalation and the outbox relay: the three services
 * wired by Nest against a real test database (migrated, see openTestDatabase), a ManualClock, and
 * recording fakes for what lies beyond the database: the queue port (no Redis), the channels, live
 * events and the roster view (the roster file, as imported).
 */

const CONFIG_DIR = join(__dirname, '..', '..', '..', 'config');

/** The queue port without Redis: connected, remembers every call and the ids of the jobs it holds. */
export class FakeQueues {
  connected = true;
  /** Each addDeliveries call, with its jobs. */
  readonly deliveryCalls: DeliverJob[][] = [];
  readonly escalations: Array<{ job: EscalateJob; delayMs: number }> = [];
  private readonly held = new Set<string>();
  private lost = false;
  /** How many releasedJobs calls (each one Redis round trip for the real queues). */
  stateCalls = 0;

  onReady(): void {}
  async queues(): Promise<object> {
    return {};
  }
  async lostData(): Promise<boolean> {
    const lost = this.lost;
    this.lost = false;
    return lost;
  }
  async addDeliveries(jobs: DeliverJob[]): Promise<void> {
    this.deliveryCalls.push([...jobs]);
    for (const j of jobs) this.held.add(`delivery:${deliveryJobId(j.notificationId, j.seq)}`);
  }
  async addEscalation(job: EscalateJob, delayMs: number): Promise<void> {
    this.escalations.push({ job: { ...job }, delayMs });
    this.held.add(`escalation:${escalationJobId(job.incidentId, job.level)}`);
  }
  async addEscalations(jobs: Array<{ job: EscalateJob; delayMs: number }>): Promise<void> {
    for (const { job, delayMs } of jobs) await this.addEscalation(job, delayMs);
  }
  /** Jobs waiting in the queue are still held (none is ever completed or failed here), the others released. */
  async releasedJobs(queue: string, ids: readonly string[]): Promise<boolean[]> {
    this.stateCalls++;
    return ids.map((id) => !this.held.has(`${queue}:${id}`));
  }
  /** Redis lost its data (a restart without persistence): the jobs are gone and the next pass notices. */
  loseData(): void {
    this.held.clear();
    this.lost = true;
  }
  get deliveries(): DeliverJob[] {
    return this.deliveryCalls.flat();
  }
}

/** What a fake channel answers a send: a result, an error it throws, or a function that decides (and may wait). */
export type FakeAnswer = ChannelResult | Error | (() => Promise<ChannelResult>);

/** A channel that answers what it is told to (DELIVERED for log, SENT otherwise) and records every send. */
export class FakeChannel implements Channel {
  readonly sent: Array<{ message: OutgoingMessage; route: ChannelRoute }> = [];
  private readonly answers: FakeAnswer[] = [];

  constructor(readonly name: ChannelName) {}

  /** The next sends answer these, in order. */
  answer(...answers: FakeAnswer[]): void {
    this.answers.push(...answers);
  }

  async send(message: OutgoingMessage, route: ChannelRoute): Promise<ChannelResult> {
    this.sent.push({ message, route });
    const next = this.answers.shift();
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next ?? { status: this.name === 'log' ? 'DELIVERED' : 'SENT' };
  }
}

export class RecordingLive {
  readonly events: LiveEvent[] = [];
  publish(events: LiveEvent[]): void {
    this.events.push(...events);
  }
}

/** The relay as DeliveryService sees it: counts the kicks, runs nothing. */
export class CountingRelay {
  kicks = 0;
  kick(): void {
    this.kicks++;
  }
}

export interface ReportedIncident {
  incident: IncidentEntity;
  activation: ActivationResult;
  notices: NotificationEntity[];
}

export class DeliveryBench {
  readonly queues = new FakeQueues();
  readonly live = new RecordingLive();
  readonly relayFake = new CountingRelay();
  readonly channels = Object.fromEntries(
    (['log', 'webhook', 'email', 'sms', 'voice', 'dingtalk'] as const).map((name) => [name, new FakeChannel(name)]),
  ) as Record<'log' | 'webhook' | 'email' | 'sms' | 'voice' | 'dingtalk', FakeChannel>;
  view!: RosterView;
  private module!: TestingModule;

  private constructor(
    readonly db: TestDatabase,
    readonly config: AppConfig,
    readonly clock: ManualClock,
  ) {}

  /**
   * `realRelay`: the OutboxRelayService itself (its spec); otherwise DeliveryService gets a relay
   * that only counts kicks, so nothing runs behind a test's back.
   */
  static async open(options: { realRelay?: boolean; env?: Record<string, string> } = {}): Promise<DeliveryBench> {
    const db = await openTestDatabase({ CONFIG_DIR, ...options.env });
    const config = AppConfig.load(db.env);
    const bench = new DeliveryBench(db, config, new ManualClock(new Date('2026-03-02T01:00:00.000Z')));
    bench.view = rosterViewFromFile(readRosterFile(config.rosterPath));
    const value = <T>(provide: unknown, useValue: T) => ({ provide: provide as never, useValue });
    let builder = Test.createTestingModule({
      providers: [
        value(AppConfig, config),
        value(DataSource, db.dataSource),
        value(Clock, bench.clock),
        value(NotificationQueuesService, bench.queues),
        value(LiveEventsService, bench.live),
        value(RosterViewService, { current: async () => bench.view }),
        value(DutyOnShiftService, { people: async () => [] }),
        value(LogChannel, bench.channels.log),
        value(WebhookChannel, bench.channels.webhook),
        value(EmailChannel, bench.channels.email),
        value(SmsChannel, bench.channels.sms),
        value(VoiceChannel, bench.channels.voice),
        value(DingtalkChannel, bench.channels.dingtalk),
        TransactionService,
        EscalationLimitsService,
        EscalationService,
        OutboxRelayService,
        DeliveryService,
      ],
    });
    if (!options.realRelay) builder = builder.overrideProvider(OutboxRelayService).useValue(bench.relayFake);
    bench.module = await builder.compile();
    // The services' warnings (an escalation fired, a notification FAILED) are what the tests provoke.
    Logger.overrideLogger(false);
    return bench;
  }

  get<T>(token: new (...args: never[]) => T): T {
    return this.module.get(token);
  }

  get dataSource(): DataSource {
    return this.db.dataSource;
  }

  /** An incident as intake writes it: the activation resolved from the roster now, a PENDING notice per recipient. */
  async report(incidentType: string, severity: Severity, title = '高速公路多车相撞'): Promise<ReportedIncident> {
    const now = this.clock.now();
    const type = this.config.incidentTypes.types.find((t) => t.code === incidentType);
    if (!type) throw new Error(`no incident type ${incidentType}`);
    const activation = resolveActivation(this.view, this.config.activationRules, type, severity, now);
    const incident = Object.assign(new IncidentEntity(), {
      id: newId(),
      incidentType,
      severity,
      status: IncidentStatus.OPEN,
      title,
      description: null,
      location: null,
      county: null,
      reporter: null,
      occurredAt: null,
      reportedAt: now,
      updatedAt: now,
      closedAt: null,
      idempotencyKey: null,
      requestHash: null,
      activationJson: JSON.stringify(activation),
      exercise: false,
    });
    const notices = activation.recipients.map((r, i) =>
      newPendingNotification(
        {
          incidentId: incident.id,
          ordinal: i + 1,
          personId: r.personId,
          personName: r.personName,
          roles: JSON.stringify(r.roles),
          channel: this.config.notifications.fallbackChannel,
          reason: '事件启动',
        },
        now,
      ),
    );
    await this.dataSource.transaction(async (m) => {
      await m.insert(IncidentEntity, incident);
      await m.insert(NotificationEntity, notices);
    });
    return { incident, activation, notices };
  }

  /** Gives the person these contact methods instead of any before, priority in the order given (writes the person's row if missing). */
  async giveContacts(
    person: { personId: string; personName: string },
    methods: Array<{ kind: ContactKind; value: string }>,
  ): Promise<ContactMethodEntity[]> {
    const now = this.clock.now();
    const m = this.dataSource.manager;
    if (!(await m.findOne(PersonEntity, { where: { rowId: person.personId } }))) {
      await m.insert(PersonEntity, {
        rowId: person.personId,
        id: person.personId,
        supersededAt: null,
        name: person.personName,
        recordedAt: now,
      });
    }
    await m.delete(ContactMethodEntity, { personId: person.personId });
    const rows = methods.map((method, i) =>
      Object.assign(new ContactMethodEntity(), {
        id: newId(),
        personId: person.personId,
        kind: method.kind,
        value: method.value,
        priority: i + 1,
        label: null,
        active: true,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await m.insert(ContactMethodEntity, rows);
    // Read back in priority order (an insert of several rows may reorder the array it is given).
    return m.find(ContactMethodEntity, { where: { personId: person.personId }, order: { priority: 'ASC' } });
  }

  notification(id: string): Promise<NotificationEntity> {
    return this.dataSource.manager.findOneOrFail(NotificationEntity, { where: { id } });
  }

  notificationsOf(incidentId: string): Promise<NotificationEntity[]> {
    return this.dataSource.manager.find(NotificationEntity, { where: { incidentId }, order: { ordinal: 'ASC' } });
  }

  attemptsOf(notificationId: string): Promise<DeliveryAttemptEntity[]> {
    return this.dataSource.manager.find(DeliveryAttemptEntity, {
      where: { notificationId },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  escalationOf(incidentId: string): Promise<EscalationEntity | null> {
    return this.dataSource.manager.findOne(EscalationEntity, { where: { incidentId } });
  }

  async close(): Promise<void> {
    await this.module?.close();
    await this.db.close();
  }
}
