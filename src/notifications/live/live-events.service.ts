import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app.config';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationQueuesService, subscriberRedisOptions } from '../queue/notification-queues.service';

/**
 * Something changed. A notification event is one state change (QUEUED, SENT, DELIVERED, FAILED,
 * ACKNOWLEDGED, or a re-send by escalation) and carries the row as that change left it, so a
 * subscriber sees every change once, in order, even when the next one follows within a millisecond.
 * Incident events carry the id; subscribers load the incident's current state.
 */
export type LiveEvent =
  { type: 'notification'; id: string; incidentId: string; row?: NotificationEntity } | { type: 'incident'; id: string };

/** The event of one notification state change: the row as the change's transaction left it. */
export function notificationChanged(row: NotificationEntity): LiveEvent {
  return { type: 'notification', id: row.id, incidentId: row.incidentId, row: { ...row } };
}

const NOTIFICATION_INSTANTS = [
  'createdAt',
  'updatedAt',
  'queuedAt',
  'sentAt',
  'deliveredAt',
  'acknowledgedAt',
  'failedAt',
] as const;

/** A notification row received as JSON (from another process) with its instants as Dates again. */
function reviveRow(row: NotificationEntity): NotificationEntity {
  const revived = Object.assign(new NotificationEntity(), row);
  for (const key of NOTIFICATION_INSTANTS) {
    const value = row[key] as unknown;
    (revived as unknown as Record<string, Date | null>)[key] =
      typeof value === 'string' ? new Date(value) : (value as Date | null);
  }
  return revived;
}

/**
 * Change events for GraphQL subscriptions (duty boards). Published in whatever process made the
 * change (API or worker) to the listeners of this process and, through Redis pub/sub, to every
 * other process of the deployment (channel `${QUEUE_PREFIX}:live`), so a subscription on any API
 * node sees what a separate worker process delivered. While Redis is down, only this process hears.
 */
@Injectable()
export class LiveEventsService implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsService.name);
  private readonly origin = randomUUID();
  private readonly local = new EventEmitter();
  private subscriber: Redis | null = null;
  /** Events told locally and not yet sent to the other processes: one PUBLISH for all of one turn of the event loop. */
  private outgoing: LiveEvent[] = [];

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly queues: NotificationQueuesService,
  ) {
    this.local.setMaxListeners(0);
  }

  get channel(): string {
    return `${this.config.env.QUEUE_PREFIX}:live`;
  }

  /**
   * Tells local listeners now and other processes through Redis (best effort, never waits for Redis):
   * what one turn of the event loop publishes (a report's handlers, a relay batch) goes out in one
   * message, an incident named once.
   */
  publish(events: LiveEvent[]): void {
    if (events.length === 0) return;
    const all = withIncidents(events);
    for (const event of all) this.local.emit('event', event);
    if (this.outgoing.length === 0) setImmediate(() => this.send());
    this.outgoing.push(...all);
  }

  private send(): void {
    const events = onceEachIncident(this.outgoing);
    this.outgoing = [];
    if (events.length === 0 || !this.queues.connected) return;
    this.queues.redis.publish(this.channel, JSON.stringify({ origin: this.origin, events })).catch(() => undefined);
  }

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  listen(listener: (event: LiveEvent) => void): () => void {
    this.subscribeRemote();
    this.local.on('event', listener);
    return () => this.local.off('event', listener);
  }

  private subscribeRemote(): void {
    if (this.subscriber) return;
    const subscriber = new Redis(this.config.env.REDIS_URL, subscriberRedisOptions());
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, text: string) => {
      try {
        const message = JSON.parse(text) as { origin?: string; events?: LiveEvent[] };
        if (message.origin === this.origin || !Array.isArray(message.events)) return;
        for (const event of message.events)
          this.local.emit(
            'event',
            event.type === 'notification' && event.row ? { ...event, row: reviveRow(event.row) } : event,
          );
      } catch (error) {
        this.logger.warn(`ignored a malformed live event: ${(error as Error).message}`);
      }
    });
    subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    this.send();
    this.subscriber?.disconnect();
    this.subscriber = null;
    this.local.removeAllListeners();
  }
}

/** A notification changing changes its incident (Incident.notifications) too. */
function withIncidents(events: LiveEvent[]): LiveEvent[] {
  const all = [...events];
  const incidents = new Set(events.filter((e) => e.type === 'incident').map((e) => e.id));
  for (const event of events) {
    if (event.type === 'notification' && !incidents.has(event.incidentId)) {
      incidents.add(event.incidentId);
      all.push({ type: 'incident', id: event.incidentId });
    }
  }
  return all;
}

/** The events in order, each incident's event kept at its first place only (subscribers load its state anyway). */
function onceEachIncident(events: LiveEvent[]): LiveEvent[] {
  const incidents = new Set<string>();
  return events.filter((e) => e.type !== 'incident' || (!incidents.has(e.id) && incidents.add(e.id)));
}

/**
 * An async iterator over the events `accept` lets through, for a GraphQL subscription. Its buffer
 * is bounded. Notification state changes are all kept, in order; an incident event for an incident
 * already waiting in the buffer is dropped (the subscriber loads its current state anyway).
 */
export function liveIterator(
  events: LiveEventsService,
  accept: (event: LiveEvent) => boolean,
  max = 1000,
): AsyncIterableIterator<LiveEvent> {
  const buffer: LiveEvent[] = [];
  const waiting: Array<(result: IteratorResult<LiveEvent>) => void> = [];
  let done = false;
  const key = (e: LiveEvent) => `${e.type}:${e.id}`;
  const stop = events.listen((event) => {
    if (done || !accept(event)) return;
    const next = waiting.shift();
    if (next) return next({ value: event, done: false });
    if (event.type === 'incident' && buffer.some((e) => key(e) === key(event))) return;
    buffer.push(event);
    if (buffer.length > max) buffer.shift();
  });
  const finish = (): Promise<IteratorResult<LiveEvent>> => {
    done = true;
    stop();
    buffer.length = 0;
    for (const next of waiting.splice(0)) next({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () => {
      const value = buffer.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
