import { hostname } from 'node:os';
import { EntityManager, In } from 'typeorm';
import type DataLoader from 'dataloader';
import { AppConfig } from '../../config/app.config';
import { Clock } from '../../common/clock.provider';
import { batchLoader } from '../../common/batch-loader.helper';
import { instantParam, newId } from '../../database/columns.helper';
import { insertRows } from '../../database/insert-rows.helper';
import { findByIdsForUpdate } from '../../database/row-lock.helper';
import { isDatabaseWideFault } from '../../database/database-fault.helper';
import { TransactionService } from '../../database/transaction.service';
import { updateReturningRows } from '../../database/update-returning.helper';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { firstContact, nextContact, orderedContacts } from '../../contacts/core/contact-route';
import type { ChannelResult, ChannelRoute } from '../channels/channel.types';
import { ensureReplyCode, PROVIDER_CHANNELS } from '../providers/provider-delivery.helper';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { LiveEventsService, notificationChanged } from '../live/live-events.service';
import { maskToken } from '../core/message-renderer';
import { NotificationStatus } from '../models/notification-status.enum';
import {
  BeginRequest,
  Begun,
  DeliveryOutcomeSummary,
  hashToken,
  RecordTries,
  Render,
  SuccessRequest,
} from './delivery.types';

/** Most jobs whose database work shares one transaction. */
export const DELIVERY_BATCH_MAX = 64;

/**
 * How long a begin batch stays open for more jobs after its first (ms). BullMQ hands a worker the
 * jobs of one incident one fetch after the other; without it they began in several transactions.
 */
export const BEGIN_WINDOW_MS = 4;

/** A job whose begin goes ahead: its index in the batch, what it sends, and the contact step it is at. */
interface Ready {
  i: number;
  begun: Begun;
  contact: ContactMethodEntity | null;
  step: number;
}

const UNSENT = [NotificationStatus.PENDING, NotificationStatus.FAILED];

/**
 * The database side of the delivery jobs running at once in this worker, in batches: the begin of
 * every job that arrived while the previous batch ran (notification rows locked and read in one
 * query, their incidents and contact methods in one query each, old SENDING attempts marked, the new
 * attempts inserted and the notifications updated in one statement each) is one transaction, and so
 * is the record of their successful sends. Live events go out once per batch. Each job's outcome is
 * decided exactly as one job alone would decide it (DeliveryService's doc comment); a batch whose
 * transaction fails is run again one job at a time, so that one job's fault fails that job only,
 * unless the database itself is at fault (locked, unreachable): then every job of the batch fails at
 * once, for BullMQ to retry, as each would have alone.
 */
export class DeliveryBatchWriter {
  private readonly worker = `${hostname()}:${process.pid}`;
  private readonly begins: DataLoader<BeginRequest, Begun | DeliveryOutcomeSummary>;
  private readonly successes: DataLoader<SuccessRequest, DeliveryOutcomeSummary>;

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly live: LiveEventsService,
    private readonly clock: Clock,
    private readonly render: Render,
    private readonly recordTries: RecordTries,
  ) {
    this.begins = batchLoader(
      (items) => this.oneByOneOnFailure(items, (part) => this.beginAll(part)),
      DELIVERY_BATCH_MAX,
      BEGIN_WINDOW_MS,
    );
    this.successes = batchLoader(
      (items) => this.oneByOneOnFailure(items, (part) => this.recordSuccesses(part)),
      DELIVERY_BATCH_MAX,
    );
  }

  /** Writes the attempt (SENDING) and takes the notification to QUEUED, or says why the job does nothing. */
  begin(request: BeginRequest): Promise<Begun | DeliveryOutcomeSummary> {
    return this.begins.load(request);
  }

  /** Records what the channel answered (SENT or DELIVERED) on the attempt and the notification. */
  recordSuccess(request: SuccessRequest): Promise<DeliveryOutcomeSummary> {
    return this.successes.load(request);
  }

  private async oneByOneOnFailure<K, V>(
    items: readonly K[],
    run: (items: readonly K[]) => Promise<Array<V | Error>>,
  ): Promise<Array<V | Error>> {
    try {
      return await run(items);
    } catch (error) {
      // The database away or locked fails every job at once (one wait, not one per job).
      if (items.length === 1 || isDatabaseWideFault(error))
        return items.map(() => (error instanceof Error ? error : new Error(String(error))));
      const answers: Array<V | Error> = [];
      for (const item of items) answers.push(...(await this.oneByOneOnFailure([item], run)));
      return answers;
    }
  }

  /** A notification at most once per transaction: a second job for it waits for the next one. */
  private async beginAll(items: readonly BeginRequest[]): Promise<Array<Begun | DeliveryOutcomeSummary | Error>> {
    const seen = new Set<string>();
    const first: number[] = [];
    const later: number[] = [];
    items.forEach((item, i) => {
      (seen.has(item.job.notificationId) ? later : first).push(i);
      seen.add(item.job.notificationId);
    });
    const answers = new Array<Begun | DeliveryOutcomeSummary | Error>(items.length);
    const done = await this.beginBatch(first.map((i) => items[i]));
    first.forEach((i, k) => (answers[i] = done[k]));
    // Told after the commit, once for the batch: the notifications this batch moved to QUEUED.
    const queued = done.filter((a): a is Begun => typeof a === 'object' && !(a instanceof Error) && a.queued);
    if (queued.length) this.live.publish(queued.map((b) => notificationChanged(b.notification)));
    if (later.length) {
      const rest = await this.oneByOneOnFailure(
        later.map((i) => items[i]),
        (part) => this.beginAll(part),
      );
      later.forEach((i, k) => (answers[i] = rest[k]));
    }
    return answers;
  }

  private async beginBatch(items: readonly BeginRequest[]): Promise<Array<Begun | DeliveryOutcomeSummary | Error>> {
    const now = this.clock.now();
    return this.transactions.run(async (m) => {
      const answers = new Array<Begun | DeliveryOutcomeSummary | Error>(items.length);
      // Locked for update, so a relay committing QUEUED meanwhile is seen (and not announced twice).
      const rows = await findByIdsForUpdate(
        m,
        NotificationEntity,
        items.map((r) => r.job.notificationId),
      );
      const byId = new Map(rows.map((n) => [n.id, n]));
      const going: number[] = [];
      items.forEach(({ job }, i) => {
        const n = byId.get(job.notificationId);
        if (!n) answers[i] = 'SKIPPED_GONE';
        else if (n.status === NotificationStatus.ACKNOWLEDGED) answers[i] = 'SKIPPED_ACKNOWLEDGED';
        else if (n.sendSeq !== job.seq) answers[i] = 'SKIPPED_SUPERSEDED';
        else if (n.status === NotificationStatus.SENT || n.status === NotificationStatus.DELIVERED)
          answers[i] = 'SKIPPED_DONE';
        else if (n.status === NotificationStatus.FAILED && n.queuedSends > n.sendSeq) answers[i] = 'SKIPPED_DONE';
        else going.push(i);
      });
      if (going.length === 0) return answers;
      const ns = going.map((i) => byId.get(items[i].job.notificationId)!);
      const incidents = new Map(
        (await m.find(IncidentEntity, { where: { id: In([...new Set(ns.map((n) => n.incidentId))]) } })).map((x) => [
          x.id,
          x,
        ]),
      );
      const methodsOf = new Map<string, ContactMethodEntity[]>();
      for (const c of await m.find(ContactMethodEntity, {
        where: { personId: In([...new Set(ns.map((n) => n.personId))]) },
      }))
        methodsOf.set(c.personId, [...(methodsOf.get(c.personId) ?? []), c]);

      const ready: Ready[] = [];
      for (const i of going) {
        const n = byId.get(items[i].job.notificationId)!;
        const incident = incidents.get(n.incidentId);
        if (!incident) {
          answers[i] = 'SKIPPED_GONE';
          continue;
        }
        try {
          const { contact, step } = this.contactOf(n, methodsOf.get(n.personId) ?? []);
          const route: ChannelRoute = contact
            ? this.config.notifications.channels[contact.kind]
            : { channel: this.config.notifications.fallbackChannel };
          const replyCode = PROVIDER_CHANNELS.has(route.channel) ? await ensureReplyCode(m, n) : undefined;
          const message = await this.render(n, incident, contact, items[i].token, replyCode);
          ready.push({
            i,
            step,
            contact,
            begun: { notification: n, attemptId: newId(), route, message, queued: false },
          });
        } catch (error) {
          answers[i] = error instanceof Error ? error : new Error(String(error));
        }
      }
      if (ready.length === 0) return answers;
      await this.writeBegins(m, items, ready, now);
      for (const { i, begun } of ready) answers[i] = begun;
      return answers;
    });
  }

  /** The contact method of this send: chosen now for a first message, when the send was made otherwise. */
  private contactOf(
    n: NotificationEntity,
    methods: ContactMethodEntity[],
  ): { contact: ContactMethodEntity | null; step: number } {
    const ordered = orderedContacts(methods);
    if (n.contactMethodId) {
      const contact = ordered.find((c) => c.id === n.contactMethodId);
      if (contact) return { contact, step: n.contactStep };
      // Deleted or deactivated since it was chosen: the next one, or the fallback channel.
      const next = nextContact(ordered, n.contactMethodId, n.contactStep);
      return { contact: next?.method ?? null, step: next?.step ?? 0 };
    }
    if (n.sendSeq === 0 || n.messageKind === 'ESCALATION') {
      const first = firstContact(ordered);
      return { contact: first.method, step: first.step };
    }
    return { contact: null, step: n.contactStep };
  }

  private async writeBegins(
    m: EntityManager,
    items: readonly BeginRequest[],
    ready: Ready[],
    now: Date,
  ): Promise<void> {
    const ids = ready.map((r) => r.begun.notification.id);
    // A send begun before and never finished (its worker killed mid-send) is marked INTERRUPTED. Only a
    // notification begun before has one (`attempts` counts the begins): a batch of first sends skips the statement.
    const begunBefore = ready.filter((r) => r.begun.notification.attempts > 0).map((r) => r.begun.notification.id);
    if (begunBefore.length)
      await m
        .createQueryBuilder()
        .update(DeliveryAttemptEntity)
        .set({
          outcome: 'INTERRUPTED',
          finishedAt: now,
          errorCode: 'INTERRUPTED',
          error:
            'the worker stopped before the channel answered (killed or crashed); sent again with the same dedup key',
        })
        .where('notification_id IN (:...ids) AND outcome = :sending', { ids: begunBefore, sending: 'SENDING' })
        .execute();
    await insertRows(
      m,
      DeliveryAttemptEntity,
      ready.map(({ i, contact, begun: { notification: n, attemptId, route, message } }) => {
        const token = items[i].token;
        return {
          id: attemptId,
          notificationId: n.id,
          sendSeq: n.sendSeq,
          jobAttempt: items[i].attempt.attempt,
          channel: route.channel,
          contactMethodId: contact?.id ?? null,
          contactKind: contact?.kind ?? null,
          at: now,
          finishedAt: null,
          outcome: 'SENDING' as const,
          error: null,
          errorCode: null,
          dedupKey: message.dedupKey,
          ackTokenHash: hashToken(token),
          message: maskToken(`${message.subject}\n${message.text}`, token),
          worker: this.worker,
          provider: null,
          providerMessageId: null,
          receipt: null,
          receiptAt: null,
        };
      }),
    );
    // One UPDATE for the batch: the values that differ per row by CASE on the id, the rest as the
    // single-row update computed them (the rows are locked, so the old values are the ones read).
    const params: Record<string, unknown> = {
      ids,
      now: instantParam(now),
      unsent: UNSENT,
      queued: NotificationStatus.QUEUED,
    };
    const byRow = (value: (r: Ready, k: number) => string) => () =>
      `CASE id ${ready.map((r, k) => `WHEN :b${k} THEN ${value(r, k)}`).join(' ')} END`;
    ready.forEach((r, k) => {
      params[`b${k}`] = r.begun.notification.id;
      params[`ch${k}`] = r.begun.route.channel;
      params[`cm${k}`] = r.contact?.id ?? null;
    });
    await m
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({
        attempts: () => 'attempts + 1',
        channel: byRow((_, k) => `:ch${k}`),
        contactMethodId: byRow((r, k) => (r.contact ? `:cm${k}` : 'NULL')),
        contactStep: byRow((r) => String(Math.trunc(r.step))),
        queuedSends: () => 'CASE WHEN queued_sends > send_seq THEN queued_sends ELSE send_seq + 1 END',
        status: () => 'CASE WHEN status IN (:...unsent) THEN :queued ELSE status END',
        queuedAt: () => 'CASE WHEN status IN (:...unsent) THEN :now ELSE queued_at END',
        updatedAt: now,
      })
      .where('id IN (:...ids)')
      .setParameters(params)
      .execute();
    for (const { begun, step, contact } of ready) {
      const n = begun.notification;
      const changes: Partial<NotificationEntity> = {
        attempts: n.attempts + 1,
        channel: begun.route.channel,
        contactMethodId: contact?.id ?? null,
        contactStep: step,
        queuedSends: Math.max(n.queuedSends, n.sendSeq + 1),
        updatedAt: now,
      };
      if (UNSENT.includes(n.status)) {
        changes.status = NotificationStatus.QUEUED;
        changes.queuedAt = now;
      }
      Object.assign(n, changes);
      begun.queued = changes.status === NotificationStatus.QUEUED;
    }
  }

  private async recordSuccesses(items: readonly SuccessRequest[]): Promise<Array<DeliveryOutcomeSummary | Error>> {
    const now = this.clock.now();
    const changed = await this.transactions.run(async (m) => {
      const plain = new Map<ChannelResult['status'], string[]>();
      for (const { begun, result } of items) {
        await this.recordTries(m, begun, result.tries, now);
        if (!result.provider && !result.sentText) {
          plain.set(result.status, [...(plain.get(result.status) ?? []), begun.attemptId]);
          continue;
        }
        await m.update(
          DeliveryAttemptEntity,
          { id: begun.attemptId },
          {
            outcome: result.status,
            finishedAt: now,
            error: null,
            errorCode: null,
            ...(result.provider
              ? { provider: result.provider, providerMessageId: result.providerMessageId ?? null }
              : {}),
            ...(result.sentText ? { message: result.sentText } : {}),
          },
        );
      }
      for (const [outcome, ids] of plain)
        await m
          .createQueryBuilder()
          .update(DeliveryAttemptEntity)
          .set({ outcome, finishedAt: now, error: null, errorCode: null })
          .where('id IN (:...ids)', { ids })
          .execute();
      // The notifications, grouped by the status they take and the send they are at.
      const groups = new Map<string, { status: NotificationStatus; seq: number; ids: string[] }>();
      for (const { begun, job, result } of items) {
        const status = result.status === 'DELIVERED' ? NotificationStatus.DELIVERED : NotificationStatus.SENT;
        const key = `${status} ${job.seq}`;
        const group = groups.get(key) ?? { status, seq: job.seq, ids: [] };
        group.ids.push(begun.notification.id);
        groups.set(key, group);
      }
      const moved: NotificationEntity[] = [];
      for (const { status, seq, ids } of groups.values()) {
        const updated = await updateReturningRows(
          m,
          m
            .createQueryBuilder()
            .update(NotificationEntity)
            .set({
              status,
              ...(status === NotificationStatus.DELIVERED ? { deliveredAt: now } : {}),
              sentAt: now,
              updatedAt: now,
            })
            .where('id IN (:...ids) AND send_seq = :seq AND status NOT IN (:...final)', {
              ids,
              seq,
              final: [NotificationStatus.ACKNOWLEDGED, status],
            }),
        );
        moved.push(...updated);
      }
      return moved;
    });
    if (changed.length) this.live.publish(changed.map(notificationChanged));
    return items.map((item) => item.result.status);
  }
}
