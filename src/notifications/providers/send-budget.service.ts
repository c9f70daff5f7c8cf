import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { Provider, SendBudget } from '../../config/providers.config';
import { NotificationQueuesService } from '../queue/notification-queues.service';
import { nationalNumber } from './core/phone';

export type BudgetChannel = 'sms' | 'voice';

/** A taken budget (released again when the provider did not send), or why not. */
export type BudgetAnswer =
  | { ok: true; reservation: BudgetReservation | null; note?: string }
  | { ok: false; reason: 'IDENTICAL' | 'HOURLY' | 'DAILY'; waitMs: number; message: string };

export interface BudgetReservation {
  keys: [string, string, string];
  member: string;
}

/**
 * Atomic check-and-take, all limits at once: one identical message per window, a rolling hour
 * (sorted set of send times) and the natural day (China time) counter. Answers [0] when taken,
 * [reason, wait ms] when not: 1 identical, 2 hourly, 3 daily.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local same = tonumber(ARGV[2])
if same > 0 then
  local left = redis.call('PTTL', KEYS[1])
  if left > 0 then return {1, left} end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600000)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {2, tonumber(oldest[2]) + 3600000 - now}
end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[4]) then
  return {3, redis.call('PTTL', KEYS[3])}
end
if same > 0 then redis.call('SET', KEYS[1], ARGV[5], 'PX', same) end
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('PEXPIRE', KEYS[2], 3600000)
redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[6]))
return {0, 0}
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  local n = tonumber(redis.call('GET', KEYS[3]) or '0')
  if n > 0 then redis.call('DECR', KEYS[3]) end
end
return 1
`;

const REASONS = { 1: 'IDENTICAL', 2: 'HOURLY', 3: 'DAILY' } as const;

/**
 * Per-number send budgets, kept in Redis so every worker process shares them (keys under
 * QUEUE_PREFIX, the number only as a hash): one identical message per number and window whichever
 * provider sends it, hourly and daily caps per provider. Numbers on budgets.exempt have none.
 * With Redis unreachable the message is sent anyway (the provider enforces its own limits) and
 * the attempt says so.
 */
@Injectable()
export class SendBudgetService {
  private readonly logger = new Logger(SendBudgetService.name);
  private readonly exempt: Set<string>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly queues: NotificationQueuesService,
  ) {
    this.exempt = new Set((config.notifications.budgets?.exempt ?? []).map((n) => nationalNumber(n) ?? n));
  }

  async take(
    channel: BudgetChannel,
    provider: Provider,
    phone: string,
    content: string,
    now = Date.now(),
  ): Promise<BudgetAnswer> {
    const national = nationalNumber(phone) ?? phone;
    if (this.exempt.has(national)) return { ok: true, reservation: null, note: '号码在豁免名单' };
    const budget: SendBudget | undefined = this.config.notifications.budgets?.[channel][provider];
    if (!budget) return { ok: true, reservation: null };
    // The identical-message window is the number's, whichever provider sends (the person would read it
    // twice); the hourly and daily caps are each provider's.
    const number = digest(national);
    const base = `${this.queues.prefix}:budget:${channel}:${provider}:${number}`;
    const keys: [string, string, string] = [
      `${this.queues.prefix}:budget:${channel}:same:${number}:${digest(content)}`,
      `${base}:hour`,
      `${base}:day:${chinaDay(now)}`,
    ];
    const member = `${now}:${randomUUID()}`;
    let answer: [number, number];
    try {
      answer = (await this.queues.redis.eval(
        TAKE,
        3,
        ...keys,
        now,
        budget.identicalSeconds * 1000,
        budget.perHour,
        budget.perDay,
        member,
        msToChinaMidnight(now) + 60_000,
      )) as [number, number];
    } catch (error) {
      this.logger.warn(`send budget not checked (Redis: ${(error as Error).message})`);
      return { ok: true, reservation: null, note: '发送预算未检查(Redis不可用)' };
    }
    const [code, waitMs] = answer.map(Number);
    if (code === 0) return { ok: true, reservation: { keys, member } };
    const reason = REASONS[code as 1 | 2 | 3];
    const message =
      reason === 'IDENTICAL'
        ? `${budget.identicalSeconds}秒内已向该号码发送相同内容`
        : reason === 'HOURLY'
          ? `该号码1小时内已达${budget.perHour}条上限`
          : `该号码当日已达${budget.perDay}条上限`;
    return { ok: false, reason, waitMs: Math.max(0, waitMs), message };
  }

  /** Gives a budget back (the provider refused: nothing was sent). */
  async release(reservation: BudgetReservation | null): Promise<void> {
    if (!reservation) return;
    await this.queues.redis.eval(RELEASE, 3, ...reservation.keys, reservation.member).catch(() => undefined);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24);
}

function chinaDay(now: number): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

function msToChinaMidnight(now: number): number {
  const day = 86_400_000;
  const shifted = now + 8 * 3600_000;
  return day - (shifted % day);
}
