import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { Actor } from '../auth/principal.types';
import { BadInputException, NotFoundException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { CONTACT_KINDS, ContactKind, ContactMethodEntity } from './entities/contact-method.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { rosterChangeRow } from '../roster/roster-change-row.helper';

export const CONTACT_KIND_NAMES: Record<ContactKind, string> = {
  MOBILE: '手机',
  OFFICE_PHONE: '办公电话',
  EMAIL: '电子邮箱',
  WEBHOOK: 'Webhook',
};

export interface ContactMethodValues {
  kind: ContactKind;
  value: string;
  priority?: number | null;
  label?: string | null;
  active?: boolean | null;
}

/**
 * Checks and normalises a contact value for its kind. Messages never repeat the value: it is
 * personal data, and the audit log keeps error messages.
 */
export function normaliseContactValue(kind: ContactKind, raw: string): string {
  const value = raw.trim();
  const fail = (problem: string): never => {
    throw new BadInputException('value', '***', problem);
  };
  if (value === '') fail('must not be empty');
  if (value.length > 512) fail('must be at most 512 characters');
  switch (kind) {
    case 'MOBILE': {
      const digits = value.replace(/[\s-]/g, '');
      if (!/^(\+?86)?1[3-9]\d{9}$/.test(digits))
        fail('is not a mainland China mobile number (11 digits starting with 1, optionally +86)');
      return digits.replace(/^\+?86/, '');
    }
    case 'OFFICE_PHONE': {
      const phone = value.replace(/\s/g, '');
      if (!/^(\+?86-?)?(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$/.test(phone))
        fail('is not a telephone number such as 0356-2021234 or 0356-2021234-801');
      return phone;
    }
    case 'EMAIL':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) fail('is not an e-mail address');
      return value;
    case 'WEBHOOK': {
      let url: URL | null = null;
      try {
        url = new URL(value);
      } catch {
        fail('is not a URL');
      }
      if (url && url.protocol !== 'https:' && url.protocol !== 'http:') fail('must be an http(s) URL');
      return value;
    }
    default:
      return fail(`unknown kind; expected one of ${CONTACT_KINDS.join(', ')}`);
  }
}

/** Contact methods of persons: personal data, changed by roster editors, journalled without values. */
@Injectable()
export class ContactMethodService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {}

  /** The contact methods of several persons at once (for DataLoaders), by priority. */
  async byPersons(personIds: readonly string[]): Promise<Map<string, ContactMethodEntity[]>> {
    const result = new Map<string, ContactMethodEntity[]>();
    if (personIds.length === 0) return result;
    const rows: ContactMethodEntity[] = [];
    for (let i = 0; i < personIds.length; i += 500) {
      rows.push(
        ...(await this.dataSource
          .getRepository(ContactMethodEntity)
          .find({ where: { personId: In(personIds.slice(i, i + 500)) } })),
      );
    }
    rows.sort((a, b) => a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime());
    for (const row of rows) result.set(row.personId, [...(result.get(row.personId) ?? []), row]);
    return result;
  }

  /** The ids of persons who have at least one active contact method. */
  async personsWithActiveContact(): Promise<Set<string>> {
    const rows = await this.dataSource
      .getRepository(ContactMethodEntity)
      .createQueryBuilder('c')
      .select('DISTINCT c.person_id', 'personId')
      .where('c.active = :active', { active: true })
      .getRawMany<{ personId: string }>();
    return new Set(rows.map((r) => r.personId));
  }

  async add(personId: string, values: ContactMethodValues, actor: Actor): Promise<ContactMethodEntity> {
    return this.transactions.run(async (m) => {
      const person = await m.findOne(PersonEntity, { where: { id: personId, supersededAt: IsNull() } });
      if (!person) throw new NotFoundException('person', 'personId', personId);
      const now = new Date();
      const row = Object.assign(new ContactMethodEntity(), {
        id: newId(),
        personId,
        kind: values.kind,
        value: normaliseContactValue(values.kind, values.value),
        priority: checkPriority(values.priority ?? (await nextPriority(m, personId))),
        label: checkLabel(values.label),
        active: values.active ?? true,
        createdAt: now,
        updatedAt: now,
      });
      await m.insert(ContactMethodEntity, row);
      await m.insert(
        RosterChangeEntity,
        journal(
          actor,
          now,
          `为 ${person.name} 添加联系方式：${CONTACT_KIND_NAMES[row.kind]}（优先级 ${row.priority}）`,
          {
            action: 'ADD',
            contactMethodId: row.id,
            personId,
            kind: row.kind,
            priority: row.priority,
            active: row.active,
          },
        ),
      );
      return row;
    });
  }

  async update(
    id: string,
    values: { [K in keyof ContactMethodValues]?: ContactMethodValues[K] | null },
    actor: Actor,
  ): Promise<ContactMethodEntity> {
    return this.transactions.run(async (m) => {
      const row = await m.findOne(ContactMethodEntity, { where: { id } });
      if (!row) throw new NotFoundException('contact method', 'id', id);
      const person = await m.findOneOrFail(PersonEntity, { where: { id: row.personId, supersededAt: IsNull() } });
      const kind: ContactKind = values.kind ?? row.kind;
      const changed: string[] = [];
      if (values.kind && values.kind !== row.kind) changed.push('kind');
      if (values.value !== undefined && values.value !== null) {
        row.value = normaliseContactValue(kind, values.value);
        changed.push('value');
      } else if (values.kind && values.kind !== row.kind) {
        row.value = normaliseContactValue(kind, row.value);
      }
      row.kind = kind;
      if (values.priority !== undefined && values.priority !== null) {
        row.priority = checkPriority(values.priority);
        changed.push('priority');
      }
      if (values.label !== undefined) {
        row.label = checkLabel(values.label);
        changed.push('label');
      }
      if (values.active !== undefined && values.active !== null) {
        row.active = values.active;
        changed.push('active');
      }
      row.updatedAt = new Date();
      await m.update(
        ContactMethodEntity,
        { id },
        {
          kind: row.kind,
          value: row.value,
          priority: row.priority,
          label: row.label,
          active: row.active,
          updatedAt: row.updatedAt,
        },
      );
      await m.insert(
        RosterChangeEntity,
        journal(
          actor,
          row.updatedAt,
          `修改 ${person.name} 的联系方式：${CONTACT_KIND_NAMES[row.kind]}（${changed.join(', ') || '无变化'}）`,
          {
            action: 'UPDATE',
            contactMethodId: id,
            personId: row.personId,
            kind: row.kind,
            changed,
            priority: row.priority,
            active: row.active,
          },
        ),
      );
      return row;
    });
  }

  async remove(id: string, actor: Actor): Promise<ContactMethodEntity> {
    return this.transactions.run(async (m) => {
      const row = await m.findOne(ContactMethodEntity, { where: { id } });
      if (!row) throw new NotFoundException('contact method', 'id', id);
      const person = await m.findOneOrFail(PersonEntity, { where: { id: row.personId, supersededAt: IsNull() } });
      await m.delete(ContactMethodEntity, { id });
      const now = new Date();
      await m.insert(
        RosterChangeEntity,
        journal(actor, now, `删除 ${person.name} 的联系方式：${CONTACT_KIND_NAMES[row.kind]}`, {
          action: 'REMOVE',
          contactMethodId: id,
          personId: row.personId,
          kind: row.kind,
        }),
      );
      return row;
    });
  }
}

async function nextPriority(m: import('typeorm').EntityManager, personId: string): Promise<number> {
  const rows = await m.find(ContactMethodEntity, { where: { personId } });
  return Math.max(0, ...rows.map((r) => r.priority)) + 1;
}

function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 1 || priority > 99)
    throw new BadInputException('priority', priority, 'must be an integer from 1 (tried first) to 99');
  return priority;
}

function checkLabel(label: string | null | undefined): string | null {
  const text = label?.trim() ?? '';
  if (text.length > 64) throw new BadInputException('label', label, 'must be at most 64 characters');
  return text === '' ? null : text;
}

/** The roster journal row of a contact method change. */
function journal(actor: Actor, now: Date, summary: string, data: Record<string, unknown>): RosterChangeEntity {
  return rosterChangeRow({ kind: 'CONTACT_METHOD', summary, data }, actor, now);
}
