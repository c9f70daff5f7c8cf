import type { JobsOptions } from 'bullmq';
import type { NotificationsConfig } from '../config/notifications.config';

/**
 * THE catalogue of notification jobs: queue names, job names, payloads and every job option, in
 * one place. Payloads carry ids only; handlers reload everything from the database and are
 * idempotent, so a job run twice (a retry, a worker killed mid-job, a relay repeating itself)
 * changes nothing the first run did not.
 */

/** Queue names; BullMQ keys are `${QUEUE_PREFIX}:${queue}:…`. */
export const QUEUES = {
  delivery: 'notify-delivery',
  escalation: 'notify-escalation',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Send one notification's current send on its contact method. Queue: delivery. */
  deliver: 'deliver',
  /** An incident's escalation clock ran out. Queue: escalation. */
  escalate: 'escalate',
} as const;

export interface DeliverJob {
  notificationId: string;
  /** The notification's send_seq this job sends; a job for an older send does nothing. */
  seq: number;
}

export interface EscalateJob {
  incidentId: string;
  /** The level this job fires (escalation.level + 1 when it was queued). */
  level: number;
}

/**
 * Job id of a send: the notification id for its first message (so a relay that hands the same
 * row over twice never makes two jobs), `<id>_<seq>` for later sends. BullMQ ids may not hold ":".
 */
export function deliveryJobId(notificationId: string, seq: number): string {
  return seq === 0 ? notificationId : `${notificationId}_${seq}`;
}

export function escalationJobId(incidentId: string, level: number): string {
  return `esc_${incidentId}_${level}`;
}

/** The key a channel gets to recognise a repeated send (webhook Idempotency-Key): same for every try of one send. */
export function dedupKey(notificationId: string, seq: number): string {
  return `${notificationId}.${seq}`;
}

/** Options of delivery jobs: retries with exponential backoff and jitter, bounded retention. */
export function deliveryJobOptions(config: NotificationsConfig, job: DeliverJob): JobsOptions {
  const d = config.delivery;
  return {
    jobId: deliveryJobId(job.notificationId, job.seq),
    attempts: d.attempts,
    backoff: { type: 'exponential', delay: d.backoffMs, jitter: d.jitter },
    ...retention(config),
  };
}

/** Options of escalation jobs: delayed until the clock runs out; retried a few times on a fault. */
export function escalationJobOptions(config: NotificationsConfig, job: EscalateJob, delayMs: number): JobsOptions {
  return {
    jobId: escalationJobId(job.incidentId, job.level),
    delay: Math.max(0, Math.round(delayMs)),
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
    ...retention(config),
  };
}

function retention(config: NotificationsConfig): Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> {
  return {
    removeOnComplete: { age: Math.round(config.delivery.keepCompletedHours * 3600) },
    removeOnFail: { age: Math.round(config.delivery.keepFailedDays * 86400) },
  };
}
