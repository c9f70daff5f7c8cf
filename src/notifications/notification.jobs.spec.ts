import { resolve } from 'node:path';
import { readNotificationsConfig } from '../config/notifications.config';
import {
  dedupKey,
  deliveryJobId,
  deliveryJobOptions,
  escalationJobId,
  escalationJobOptions,
} from './notification.jobs';

const config = readNotificationsConfig(resolve(__dirname, '..', '..', 'config', 'notifications.yaml'));
const id = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

describe('the job catalogue', () => {
  it('derives job ids from the notification and its send, so a repeat adds nothing', () => {
    expect(deliveryJobId(id, 0)).toBe(id);
    expect(deliveryJobId(id, 2)).toBe(`${id}_2`);
    expect(escalationJobId(id, 1)).toBe(`esc_${id}_1`);
    for (const jobId of [deliveryJobId(id, 3), escalationJobId(id, 1)]) expect(jobId).not.toContain(':');
    expect(dedupKey(id, 1)).toBe(`${id}.1`);
  });

  it('sets retries with exponential backoff and jitter, and bounded retention, in one place', () => {
    expect(deliveryJobOptions(config, { notificationId: id, seq: 0 })).toEqual({
      jobId: id,
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 86400 },
    });
    const escalation = escalationJobOptions(config, { incidentId: id, level: 1 }, 900_000.4);
    expect(escalation).toMatchObject({ jobId: `esc_${id}_1`, delay: 900_000, attempts: 5 });
    expect(escalationJobOptions(config, { incidentId: id, level: 1 }, -5).delay).toBe(0);
  });
});
