import { Inject } from '@nestjs/common';
import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { RequestAuthenticatorService } from '../../auth/request-authenticator.service';
import { Roles } from '../../auth/auth.decorators';
import { ApiRole } from '../../auth/api-role.enum';
import type { RequestContext } from '../../common/request-context.helper';
import { AppConfig } from '../../config/app.config';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { toIncidentModel } from '../../incidents/incident.mapper';
import { IncidentModel } from '../../incidents/models/incident.model';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationModel } from '../models/notification.model';
import { toNotificationModel } from '../notification.mapper';
import { LiveEvent, LiveEventsService, liveIterator } from './live-events.service';

/**
 * GraphQL subscriptions over graphql-ws (path /graphql), so a duty board can watch without polling.
 * Send the API key as connectionParams { Authorization: "Bearer <key>" }; role reader.
 */
@Resolver()
export class LiveUpdatesResolver {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly live: LiveEventsService,
    private readonly authenticator: RequestAuthenticatorService,
  ) {}

  /**
   * A subscription keeps one context for its whole life: before each event, check the key or session again
   * (a revoked key, an ended session stops the stream) and drop the DataLoaders' caches, so nested fields
   * (Incident.notifications …) show the state of this event, not of the first one.
   */
  private async freshFor(ctx: RequestContext): Promise<void> {
    await this.authenticator.authenticate(ctx.req.headers);
    ctx.loaders.clear();
  }

  @Subscription(() => NotificationModel, {
    description:
      'A notification changed status (queued, sent, delivered, failed, acknowledged, re-sent by escalation): one event per change, in order, never repeated, each with the notification as that change left it. Optionally only those of one incident.',
  })
  @Roles(ApiRole.reader)
  notificationStatusChanged(
    @Context() ctx: RequestContext,
    @Args('incidentId', { type: () => ID, nullable: true, description: 'Only the notifications of this incident.' })
    incidentId?: string | null,
  ): AsyncIterableIterator<{ notificationStatusChanged: NotificationModel }> {
    const events = liveIterator(
      this.live,
      (e) => e.type === 'notification' && (!incidentId || e.incidentId === incidentId),
    );
    return mapIterator(events, async (event) => {
      await this.freshFor(ctx);
      // The row as the state change left it (not as it is by now: a later change has its own event).
      const row =
        event.type === 'notification' && event.row
          ? event.row
          : await this.dataSource.manager.findOne(NotificationEntity, { where: { id: event.id } });
      return row ? { notificationStatusChanged: toNotificationModel(row) } : null;
    });
  }

  @Subscription(() => IncidentModel, {
    description:
      'An incident changed: reported, corrected, regraded, closed, escalated, or one of its notifications changed status. Its current state. Optionally only one incident.',
  })
  @Roles(ApiRole.reader)
  incidentChanged(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, nullable: true, description: 'Only this incident.' }) id?: string | null,
  ): AsyncIterableIterator<{ incidentChanged: IncidentModel }> {
    const events = liveIterator(this.live, (e) => e.type === 'incident' && (!id || e.id === id));
    return mapIterator(events, async (event) => {
      await this.freshFor(ctx);
      const row = await this.dataSource.manager.findOne(IncidentEntity, { where: { id: event.id } });
      const typeName = row
        ? (this.config.incidentTypes.types.find((t) => t.code === row.incidentType)?.name ?? row.incidentType)
        : '';
      return row ? { incidentChanged: toIncidentModel(row, typeName) } : null;
    });
  }
}

/** The events of `source`, each turned into a payload by `map` (null: skipped). */
export function mapIterator<T>(
  source: AsyncIterableIterator<LiveEvent>,
  map: (event: LiveEvent) => Promise<T | null>,
): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const next = await source.next();
        if (next.done) return { value: undefined, done: true };
        const value = await map(next.value);
        if (value !== null) return { value, done: false };
      }
    },
    async return(): Promise<IteratorResult<T>> {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown): Promise<IteratorResult<T>> {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
