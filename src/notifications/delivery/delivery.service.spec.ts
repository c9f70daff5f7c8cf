import { Severity } from '../../common/core/severity';
import type { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { ChannelError } from '../channels/channel.types';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { DeliveryBench } from './delivery.fixture';
import { DeliveryService } from './delivery.service';
import { RetryLaterError } from './delivery.errors';
import { TransactionService } from '../../database/transaction.service';
import { DatabaseUnavailableException } from '../../database/sqlite-write-lock.helper';

const FIRST_TRY = { attempt: 1, last: false };

describe('DeliveryService', () => {
  let bench: DeliveryBench;
  let delivery: DeliveryService;
  beforeAll(async () => {
    bench = await DeliveryBench.open();
    delivery = bench.get(DeliveryService);
  });
  afterAll(async () => {
    await bench?.close();
  });

  /** A commander's notice of a new incident, PENDING, and the contact methods given to the commander. */
  const notice = async (
    methods: Array<{ kind: 'MOBILE' | 'OFFICE_PHONE' | 'EMAIL'; value: string }> = [
      { kind: 'MOBILE', value: '13900000001' },
      { kind: 'EMAIL', value: 'wang@jcs.example.gov.cn' },
    ],
  ): Promise<{ n: NotificationEntity; contacts: ContactMethodEntity[] }> => {
    const { notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const n = notices.find((row) => row.personName === '王斌权')!;
    return { n, contacts: await bench.giveContacts(n, methods) };
  };
  /** The channel takes `ms` of the clock to answer, then answers `result`. */
  const slow = (ms: number, result: { status: 'SENT' | 'DELIVERED' }) => async () => {
    bench.clock.advance(ms);
    return result;
  };
  const sends = () => bench.channels.log.sent.length + bench.channels.email.sent.length;

  it('sends the first message on the first contact method and records DELIVERED with the times of the clock', async () => {
    const { n, contacts } = await notice();
    const startedAt = bench.clock.advance(1000);
    bench.channels.log.answer(slow(2000, { status: 'DELIVERED' }));

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('DELIVERED');

    const doneAt = bench.clock.now();
    const sent = bench.channels.log.sent.at(-1)!;
    expect(sent.message.contact).toEqual({ id: contacts[0].id, kind: 'MOBILE', value: '13900000001' });
    expect(await bench.notification(n.id)).toMatchObject({
      status: NotificationStatus.DELIVERED,
      channel: 'log',
      contactMethodId: contacts[0].id,
      contactStep: 0,
      attempts: 1,
      queuedSends: 1,
      queuedAt: startedAt,
      sentAt: doneAt,
      deliveredAt: doneAt,
      updatedAt: doneAt,
    });
    const [attempt] = await bench.attemptsOf(n.id);
    expect(attempt).toMatchObject({
      outcome: 'DELIVERED',
      sendSeq: 0,
      jobAttempt: 1,
      channel: 'log',
      contactKind: 'MOBILE',
      at: startedAt,
      finishedAt: doneAt,
      dedupKey: sent.message.dedupKey,
    });
  });

  it('records SENT (not delivered yet) when the channel only handed the message over', async () => {
    const { n } = await notice([{ kind: 'EMAIL', value: 'wang@jcs.example.gov.cn' }]);
    bench.channels.email.answer(slow(500, { status: 'SENT' }));

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('SENT');

    expect(await bench.notification(n.id)).toMatchObject({
      status: NotificationStatus.SENT,
      channel: 'email',
      sentAt: bench.clock.now(),
      deliveredAt: null,
    });
  });

  it('a retryable failure keeps the send where it is and throws for the queue to retry it', async () => {
    const { n, contacts } = await notice();
    bench.channels.log.answer(new ChannelError('TIMEOUT', 'no answer within 5000 ms', true));

    await expect(delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).rejects.toThrow(RetryLaterError);

    expect(await bench.notification(n.id)).toMatchObject({
      status: NotificationStatus.QUEUED,
      sendSeq: 0,
      contactMethodId: contacts[0].id,
      lastErrorCode: 'TIMEOUT',
      lastError: 'no answer within 5000 ms',
      failedAt: null,
    });
    expect((await bench.attemptsOf(n.id)).map((a) => a.outcome)).toEqual(['RETRYABLE_ERROR']);
    // The retry sends on the same contact method.
    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, { attempt: 2, last: false })).toBe('DELIVERED');
    expect(bench.channels.log.sent.at(-1)!.message.contact?.id).toBe(contacts[0].id);
  });

  it('a permanent failure moves the notification to the next contact method as a new send for the relay', async () => {
    const { n, contacts } = await notice();
    const kicks = bench.relayFake.kicks;
    bench.channels.log.answer(new ChannelError('INVALID_NUMBER', 'number not in service', false));
    const failedAt = bench.clock.advance(1000);

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('NEXT_CONTACT');

    expect(await bench.notification(n.id)).toMatchObject({
      status: NotificationStatus.FAILED,
      sendSeq: 1,
      queuedSends: 1, // the new send is not queued yet: the relay will
      contactMethodId: contacts[1].id,
      contactStep: 1,
      failedAt,
      lastErrorCode: 'INVALID_NUMBER',
      lastError: 'number not in service',
    });
    expect(bench.relayFake.kicks).toBe(kicks + 1);
    // The job of the new send goes out by email.
    bench.clock.advance(1000);
    expect(await delivery.deliver({ notificationId: n.id, seq: 1 }, FIRST_TRY)).toBe('SENT');
    expect(bench.channels.email.sent.at(-1)!.message.contact?.id).toBe(contacts[1].id);
    expect((await bench.attemptsOf(n.id)).map((a) => `${a.sendSeq} ${a.contactKind} ${a.outcome}`)).toEqual([
      '0 MOBILE PERMANENT_ERROR',
      '1 EMAIL SENT',
    ]);
  });

  it('a permanent failure on the last contact method leaves the notification FAILED for good', async () => {
    const { n } = await notice([{ kind: 'MOBILE', value: '13900000001' }]);
    bench.channels.log.answer(new ChannelError('INVALID_NUMBER', 'number not in service', false));

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('FAILED');

    expect(await bench.notification(n.id)).toMatchObject({
      status: NotificationStatus.FAILED,
      sendSeq: 0,
      queuedSends: 1,
      failedAt: bench.clock.now(),
      lastErrorCode: 'INVALID_NUMBER',
      lastError: 'number not in service; 已无其他联系方式',
    });
    // A repeated job for that send does nothing.
    const before = sends();
    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('SKIPPED_DONE');
    expect(sends()).toBe(before);
  });

  it('the last retry of a retryable failure counts as permanent and says how often it was tried', async () => {
    const { n, contacts } = await notice();
    bench.channels.log.answer(new ChannelError('TIMEOUT', 'no answer', true));

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, { attempt: 4, last: true })).toBe('NEXT_CONTACT');

    expect(await bench.notification(n.id)).toMatchObject({
      status: NotificationStatus.FAILED,
      sendSeq: 1,
      contactMethodId: contacts[1].id,
      lastError: 'no answer (已重试4次)',
    });
    expect((await bench.attemptsOf(n.id)).map((a) => a.outcome)).toEqual(['RETRYABLE_ERROR']);
  });

  it('a repeated job for a send already delivered does nothing', async () => {
    const { n } = await notice();
    await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY);
    const before = { row: await bench.notification(n.id), attempts: await bench.attemptsOf(n.id), sends: sends() };
    bench.clock.advance(60_000);

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('SKIPPED_DONE');

    expect({ row: await bench.notification(n.id), attempts: await bench.attemptsOf(n.id), sends: sends() }).toEqual(
      before,
    );
  });

  it('skips an acknowledged notification and a job for a superseded send, writing nothing', async () => {
    const { n } = await notice();
    await bench.dataSource.manager.update(
      NotificationEntity,
      { id: n.id },
      { status: NotificationStatus.ACKNOWLEDGED, acknowledgedAt: bench.clock.now() },
    );
    const before = sends();
    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('SKIPPED_ACKNOWLEDGED');

    const other = await notice();
    await bench.dataSource.manager.update(NotificationEntity, { id: other.n.id }, { sendSeq: 1 });
    expect(await delivery.deliver({ notificationId: other.n.id, seq: 0 }, FIRST_TRY)).toBe('SKIPPED_SUPERSEDED');

    expect(sends()).toBe(before);
    expect(await bench.attemptsOf(n.id)).toEqual([]);
    expect(await bench.attemptsOf(other.n.id)).toEqual([]);
    expect(await bench.notification(other.n.id)).toMatchObject({ status: NotificationStatus.PENDING, attempts: 0 });
  });

  it('marks the attempt of a worker that stopped mid-send INTERRUPTED and sends again with the same dedup key', async () => {
    const { n } = await notice();
    // The first worker never hears back from the channel (it was killed): its attempt stays SENDING.
    bench.channels.log.answer(() => new Promise(() => undefined));
    void delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY);
    for (let i = 0; i < 10_000 && (await bench.attemptsOf(n.id)).length === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect((await bench.attemptsOf(n.id)).map((a) => a.outcome)).toEqual(['SENDING']);
    const retriedAt = bench.clock.advance(30_000);

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, { attempt: 2, last: false })).toBe('DELIVERED');

    const [interrupted, retried] = await bench.attemptsOf(n.id);
    expect(interrupted).toMatchObject({ outcome: 'INTERRUPTED', errorCode: 'INTERRUPTED', finishedAt: retriedAt });
    expect(retried).toMatchObject({ outcome: 'DELIVERED', jobAttempt: 2, dedupKey: interrupted.dedupKey });
  });

  it('marks it INTERRUPTED also when its retry begins in one batch with first sends, which have nothing to mark', async () => {
    const { n } = await notice();
    const { n: fresh } = await notice();
    bench.channels.log.answer(() => new Promise(() => undefined));
    void delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY);
    for (let i = 0; i < 10_000 && (await bench.attemptsOf(n.id)).length === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));

    const [retry, first] = await Promise.all([
      delivery.deliver({ notificationId: n.id, seq: 0 }, { attempt: 2, last: false }),
      delivery.deliver({ notificationId: fresh.id, seq: 0 }, FIRST_TRY),
    ]);

    expect([retry, first]).toEqual(['DELIVERED', 'DELIVERED']);
    expect((await bench.attemptsOf(n.id)).map((a) => a.outcome)).toEqual(['INTERRUPTED', 'DELIVERED']);
    expect((await bench.attemptsOf(fresh.id)).map((a) => a.outcome)).toEqual(['DELIVERED']);
  });

  it('never records the contact value a channel quotes in its error', async () => {
    const { n } = await notice([{ kind: 'MOBILE', value: '13900000001' }]);
    bench.channels.log.answer(new ChannelError('INVALID_NUMBER', 'gateway: 13900000001 is not a valid number', false));

    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('FAILED');

    const row = await bench.notification(n.id);
    const [attempt] = await bench.attemptsOf(n.id);
    expect(row.lastError).toContain('is not a valid number');
    expect(`${row.lastError} ${attempt.error}`).not.toContain('13900000001');
  });

  it('sends on the fallback channel to a person without any contact method', async () => {
    const { n } = await notice([]);
    expect(await delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)).toBe('DELIVERED');
    expect(bench.channels.log.sent.at(-1)!.message).toMatchObject({ notificationId: n.id, contact: null });
    expect(await bench.notification(n.id)).toMatchObject({ channel: 'log', contactMethodId: null });
  });

  it('jobs running at once share one transaction to begin and one to record their sends, and one live event call each', async () => {
    const { notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    expect(notices.length).toBeGreaterThan(2);
    const transactions = jest.spyOn(bench.get(TransactionService), 'run');
    const publish = jest.spyOn(bench.live, 'publish');
    try {
      const outcomes = await Promise.all(
        notices.map((n) => delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)),
      );

      expect(outcomes).toEqual(notices.map(() => 'DELIVERED'));
      expect(transactions).toHaveBeenCalledTimes(2);
      expect(publish).toHaveBeenCalledTimes(2);
      const told = publish.mock.calls.map(([events]) => events.map((e) => e.id).sort());
      expect(told).toEqual([notices.map((n) => n.id).sort(), notices.map((n) => n.id).sort()]);
      for (const n of notices) {
        expect(await bench.notification(n.id)).toMatchObject({
          status: NotificationStatus.DELIVERED,
          attempts: 1,
          queuedSends: 1,
        });
        expect((await bench.attemptsOf(n.id)).map((a) => a.outcome)).toEqual(['DELIVERED']);
      }
    } finally {
      transactions.mockRestore();
      publish.mockRestore();
    }
  });

  it('one job of a batch that fails, is skipped or is gone leaves the others of its batch to go out', async () => {
    const { notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const [broken, acknowledged, ...fine] = notices;
    await bench.dataSource.manager.update(
      NotificationEntity,
      { id: acknowledged.id },
      { status: NotificationStatus.ACKNOWLEDGED, acknowledgedAt: bench.clock.now() },
    );
    const internals = delivery as unknown as {
      render: (n: NotificationEntity, ...rest: unknown[]) => Promise<unknown>;
    };
    const render = internals.render.bind(delivery);
    const spy = jest.spyOn(internals, 'render').mockImplementation(async (n, ...rest) => {
      if (n.id === broken.id) throw new Error('template broken');
      return render(n, ...rest);
    });
    try {
      const outcomes = await Promise.allSettled([
        ...[broken, acknowledged, ...fine].map((n) => delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)),
        delivery.deliver({ notificationId: '00000000-0000-4000-8000-000000000001', seq: 0 }, FIRST_TRY),
      ]);

      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
        'template broken',
        'SKIPPED_ACKNOWLEDGED',
        ...fine.map(() => 'DELIVERED'),
        expect.stringMatching(/is not in this database/),
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(await bench.notification(broken.id)).toMatchObject({ status: NotificationStatus.PENDING, attempts: 0 });
    expect(await bench.attemptsOf(broken.id)).toEqual([]);
    for (const n of fine)
      expect(await bench.notification(n.id)).toMatchObject({ status: NotificationStatus.DELIVERED });
  });

  it('a batch the database cannot take (locked by another process) fails every job of it at once, without a retry per job', async () => {
    const { notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const transactions = jest
      .spyOn(bench.get(TransactionService), 'run')
      .mockRejectedValue(new DatabaseUnavailableException('the write lock is held by another process', 500));
    try {
      const outcomes = await Promise.allSettled(
        notices.map((n) => delivery.deliver({ notificationId: n.id, seq: 0 }, FIRST_TRY)),
      );

      expect(outcomes.map((o) => o.status === 'rejected' && (o.reason as Error).name)).toEqual(
        notices.map(() => 'DomainException'),
      );
      expect(transactions).toHaveBeenCalledTimes(1);
    } finally {
      transactions.mockRestore();
    }
    for (const n of notices) expect(await bench.attemptsOf(n.id)).toEqual([]);
  });

  it('fails the try for a notification this database does not have (a worker of another deployment)', async () => {
    await expect(
      delivery.deliver({ notificationId: '00000000-0000-4000-8000-000000000000', seq: 0 }, FIRST_TRY),
    ).rejects.toThrow(/is not in this database/);
  });
});
