import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { NotFoundException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { CalendarShift, dutyCalendar } from './core/duty-calendar';
import { rowsKnownAt, shiftsBetween } from './core/duty-roster';
import { DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';
import { DutyCalendarTokenEntity } from './entities/duty-calendar-token.entity';

export const CALENDAR_PATH = '/duty/calendar/';
/** The feed covers shifts from this many days back to this many ahead. */
export const CALENDAR_PAST_DAYS = 31;
export const CALENDAR_FUTURE_DAYS = 92;
const DAY_MS = 86_400_000;

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Per-person calendar feeds (.ics) of duty shifts. A feed is reached by an unguessable token (256
 * random bits) that is shown once; only its SHA-256 is stored, and a new token for a person revokes
 * the old one.
 */
@Injectable()
export class DutyCalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly roster: DutyRosterService,
    private readonly settings: DutySettingsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  get baseUrl(): string {
    return this.config.env.PUBLIC_BASE_URL ?? `http://localhost:${this.config.env.PORT}`;
  }

  async issue(personId: string): Promise<{ token: string; url: string; personId: string; personName: string }> {
    const view = await this.roster.view();
    const person = view.person(personId);
    if (!person) throw new NotFoundException('person', 'personId', personId);
    const token = `cal_${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    await this.transactions.run(async (m) => {
      await m.update(DutyCalendarTokenEntity, { personId, revokedAt: IsNull() }, { revokedAt: now });
      await m.insert(DutyCalendarTokenEntity, {
        id: newId(),
        personId,
        tokenHash: hash(token),
        createdAt: now,
        revokedAt: null,
      });
    });
    return { token, url: `${this.baseUrl}${CALENDAR_PATH}${token}.ics`, personId, personName: person.name };
  }

  async revoke(personId: string): Promise<number> {
    const result = await this.transactions.run((m) =>
      m.update(DutyCalendarTokenEntity, { personId, revokedAt: IsNull() }, { revokedAt: new Date() }),
    );
    return result.affected ?? 0;
  }

  /** The feed of the token's person, or null for an unknown or revoked token. */
  async feed(token: string, now: Date = new Date()): Promise<string | null> {
    if (!/^cal_[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const row = await this.dataSource
      .getRepository(DutyCalendarTokenEntity)
      .findOne({ where: { tokenHash: hash(token), revokedAt: IsNull() } });
    if (!row) return null;
    const view = await this.roster.view();
    const person = view.person(row.personId);
    if (!person) return null;
    const from = new Date(now.getTime() - CALENDAR_PAST_DAYS * DAY_MS);
    const to = new Date(now.getTime() + CALENDAR_FUTURE_DAYS * DAY_MS);
    const mine = await this.roster.rows(null, from, to, null, row.personId);
    const name = (id: string) => view.person(id)?.name ?? '';
    const shifts: CalendarShift[] = [];
    for (const officeCode of [...new Set(mine.map((r) => r.office))]) {
      const office = this.settings.office(officeCode, view);
      const mineHere = mine.filter((r) => r.office === officeCode);
      const starts = mineHere.map((r) => r.startsAt.getTime());
      const all = rowsKnownAt(
        await this.roster.rows(officeCode, new Date(Math.min(...starts)), new Date(Math.max(...starts) + 1), null),
        null,
      );
      for (const state of shiftsBetween(
        office,
        all,
        new Date(Math.min(...starts)),
        new Date(Math.max(...starts) + 1),
      )) {
        const own = [...state.officers, ...(state.leader ? [state.leader] : [])].find(
          (r) => r.personId === row.personId,
        );
        if (!own) continue;
        shifts.push({
          office: office.code,
          officeName: office.name,
          date: state.slot.date,
          shiftCode: state.slot.code,
          shiftName: state.slot.name,
          startsAt: state.slot.startsAt,
          endsAt: state.slot.endsAt,
          role: own.role,
          officers: state.officers.map((o) => name(o.personId)),
          leader: state.leader ? name(state.leader.personId) : null,
          replaces: own.replacesPersonId ? name(own.replacesPersonId) : null,
          note: own.note,
        });
      }
    }
    shifts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    return dutyCalendar(person.name, shifts, new URL(this.baseUrl).host, now);
  }
}
