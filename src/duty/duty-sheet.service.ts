import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Principal } from '../auth/principal.types';
import { ApiRole, grants } from '../auth/api-role.enum';
import { Clock } from '../common/clock.provider';
import { BadInputException, DomainException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { ContactMethodService } from '../contacts/contact-method.service';
import { ContactMethodEntity } from '../contacts/entities/contact-method.entity';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { JournalEntry, rosterChangeRow } from '../roster/roster-change-row.helper';
import type { NewDutyRow } from './core/duty-changes';
import type { OfficeDef } from './core/duty-config';
import { DutyRowData, ShiftState, shiftsBetween } from './core/duty-roster';
import { monthDates, parseDutySheet, parseMonth, SheetEntry, SheetProblem } from './core/duty-sheet';
import { readSheet, SheetFileError, SheetFormat, SheetRow, writeSheet } from './core/duty-sheet-file';
import { chinaInstant, slotOf } from './core/shift-calendar';
import { DutyAccessService } from './duty-access.service';
import { classifyPhone, nameLookup } from './duty-people.helper';
import { DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';
import { writeDutyChange } from './duty-writes.helper';

export interface DutyImportOutcome {
  office: OfficeDef;
  month: string;
  dryRun: boolean;
  changeId: string | null;
  shifts: number;
  assignments: number;
  replaced: number;
  contactMethodsAdded: number;
  /** The month's shifts as they stand after the import (or would, on a dry run). */
  states: ShiftState[];
}

/** How many problems an error message lists (all of them are in extensions.problems). */
const LISTED_PROBLEMS = 20;

/**
 * A month of an office's duty roster in and out of a spreadsheet (.xlsx or .csv). An import
 * replaces that month's shifts in one transaction (superseding, never deleting, the rows it
 * replaces) or, on any problem, writes nothing and names every bad row and column.
 */
@Injectable()
export class DutySheetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly roster: DutyRosterService,
    private readonly settings: DutySettingsService,
    private readonly access: DutyAccessService,
    private readonly contacts: ContactMethodService,
    private readonly clock: Clock,
  ) {}

  async import(
    input: {
      office?: string | null;
      month?: string | null;
      format: SheetFormat;
      contentBase64: string;
      dryRun?: boolean | null;
    },
    principal: Principal | null,
  ): Promise<DutyImportOutcome> {
    const view = await this.roster.view();
    const office = this.settings.office(input.office, view);
    await this.access.assertMayChange(principal, office.code);
    const month = input.month ? parseMonth(input.month) : null;
    if (input.month && !month)
      throw new BadInputException('month', input.month, 'must be a month YYYY-MM, e.g. 2026-12');
    const bytes = decodeBase64(input.contentBase64);
    let table;
    try {
      table = await readSheet(bytes, input.format);
    } catch (error) {
      if (error instanceof SheetFileError)
        throw new BadInputException(
          'contentBase64',
          `(${bytes.length} bytes)`,
          `the ${input.format} file ${error.message}`,
        );
      throw error;
    }
    const parsed = parseDutySheet(table, office, nameLookup(view), classifyPhone, month);
    if (parsed.problems.length > 0) throw sheetError(parsed.problems);

    const { first, after } = monthDates(parsed.month);
    const from = chinaInstant(first);
    const to = chinaInstant(after);
    const inserts = parsed.entries.flatMap((e) => rowsOf(office, e));
    const now = this.clock.now();
    const apply = async (m: EntityManager) => {
      const current = (
        await this.roster.rows(office.code, new Date(from.getTime() - 86_400_000), to, null, null, m)
      ).filter((r) => r.shiftDate >= first && r.shiftDate < after);
      const added = input.dryRun ? 0 : await this.addPhones(m, parsed.entries, principal, now);
      const change = input.dryRun
        ? null
        : await writeDutyChange(
            m,
            {
              kind: 'IMPORT',
              office: office.code,
              summary: `${office.name} 导入 ${parsed.month} 值班表: ${parsed.entries.length} 个班次, ${inserts.length} 人次 (替换 ${current.length} 条)`,
              reason: null,
              data: {
                month: parsed.month,
                format: input.format,
                shifts: parsed.entries.length,
                assignments: inserts.length,
                replaced: current.length,
                contactMethodsAdded: added,
              },
            },
            { supersedeIds: current.map((r) => r.id), insert: inserts },
            actorOf(principal),
            now,
          );
      return { current, added, change };
    };
    const { current, added, change } = input.dryRun
      ? await apply(this.dataSource.manager)
      : await this.transactions.run(apply);
    if (!input.dryRun && inserts.length > 0) this.roster.recorded(office.code);
    const states = input.dryRun
      ? this.preview(office, inserts, from, to)
      : await this.roster.shifts(office, from, to, null);
    return {
      office,
      month: parsed.month,
      dryRun: Boolean(input.dryRun),
      changeId: change?.id ?? null,
      shifts: parsed.entries.length,
      assignments: inserts.length,
      replaced: current.length,
      contactMethodsAdded: added,
      states,
    };
  }

  /** The month's shifts as the import would leave them. */
  private preview(office: OfficeDef, inserts: NewDutyRow[], from: Date, to: Date): ShiftState[] {
    const rows: DutyRowData[] = inserts.map((r) => ({
      ...r,
      id: newId(),
      recordedAt: new Date(),
      supersededAt: null,
      changeId: '',
    }));
    return shiftsBetween(office, rows, from, to);
  }

  /**
   * The phone column as contact methods: a number the person does not have yet is added as their
   * next contact method (label 值班表), journalled like any contact change without its value.
   */
  private async addPhones(
    m: EntityManager,
    entries: SheetEntry[],
    principal: Principal | null,
    now: Date,
  ): Promise<number> {
    const wanted = new Map<string, Map<string, SheetEntry['phones'][number]>>();
    for (const e of entries) {
      e.phones.forEach((phone, i) => {
        const person = e.officers[i];
        if (!person) return;
        const mine = wanted.get(person.id) ?? new Map();
        mine.set(`${phone.kind}|${phone.value}`, phone);
        wanted.set(person.id, mine);
      });
    }
    if (wanted.size === 0) return 0;
    const existing = await this.contacts.byPersons([...wanted.keys()]);
    const actor = actorOf(principal);
    let added = 0;
    for (const [personId, phones] of wanted) {
      const have = existing.get(personId) ?? [];
      let priority = Math.max(0, ...have.map((c) => c.priority));
      for (const phone of phones.values()) {
        if (have.some((c) => c.kind === phone.kind && c.value === phone.value)) continue;
        priority = Math.min(99, priority + 1);
        const row = Object.assign(new ContactMethodEntity(), {
          id: newId(),
          personId,
          kind: phone.kind,
          value: phone.value,
          priority,
          label: '值班表',
          active: true,
          createdAt: now,
          updatedAt: now,
        });
        await m.insert(ContactMethodEntity, row);
        const entry: JournalEntry = {
          kind: 'CONTACT_METHOD',
          summary: `值班表导入为人员添加联系方式: ${phone.kind === 'MOBILE' ? '手机' : '办公电话'}(优先级 ${priority})`,
          reason: '值班表导入',
          data: {
            action: 'ADD',
            contactMethodId: row.id,
            personId,
            kind: phone.kind,
            priority,
            active: true,
            source: 'DUTY_IMPORT',
          },
        };
        await m.insert(RosterChangeEntity, rosterChangeRow(entry, actor, now, added));
        added++;
      }
    }
    return added;
  }

  /** The month in the import layout; the phone column only for keys that may read contact data. */
  async export(
    input: { office?: string | null; month: string; format: SheetFormat; knownAt?: Date | null },
    principal: Principal | null,
  ): Promise<{ filename: string; mimeType: string; contentBase64: string; office: OfficeDef; month: string }> {
    const view = await this.roster.view(input.knownAt ?? null);
    const office = this.settings.office(input.office, view);
    const month = parseMonth(input.month);
    if (!month) throw new BadInputException('month', input.month, 'must be a month YYYY-MM, e.g. 2026-12');
    const { first, after } = monthDates(month);
    const states = (
      await this.roster.shifts(office, chinaInstant(first), chinaInstant(after), input.knownAt ?? null)
    ).filter((s) => s.slot.date >= first && s.slot.date < after);
    const showPhones = Boolean(
      principal && (grants(principal.roles, ApiRole.roster_editor) || grants(principal.roles, ApiRole.duty_officer)),
    );
    const contacts = showPhones
      ? await this.contacts.byPersons([...new Set(states.flatMap((s) => s.officers.map((o) => o.personId)))])
      : new Map();
    const name = (id: string) => view.person(id)?.name ?? id;
    const rows: SheetRow[] = states.map((s) => ({
      date: s.slot.date,
      shift: s.slot.name,
      officers: s.officers.map((o) => name(o.personId)).join('、'),
      leader: s.leader ? name(s.leader.personId) : '',
      phone: showPhones
        ? s.officers
            .map(
              (o) =>
                (contacts.get(o.personId) as ContactMethodEntity[] | undefined)?.find(
                  (c) => c.active && (c.kind === 'MOBILE' || c.kind === 'OFFICE_PHONE'),
                )?.value ?? '',
            )
            .join('、')
            .replace(/^、+$/, '')
        : '',
    }));
    const bytes = await writeSheet(rows, input.format, `${office.name} ${month.replace('-', '年')}月值班表`);
    const ext = input.format === 'XLSX' ? 'xlsx' : 'csv';
    return {
      office,
      month,
      filename: `duty-${office.code}-${month}.${ext}`,
      mimeType:
        input.format === 'XLSX'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8',
      contentBase64: bytes.toString('base64'),
    };
  }
}

function rowsOf(office: OfficeDef, e: SheetEntry): NewDutyRow[] {
  const slot = slotOf(office, e.date, e.shift);
  const base = {
    office: office.code,
    shiftDate: e.date,
    shiftCode: slot.code,
    shiftName: slot.name,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    replacesPersonId: null,
    note: null,
  };
  const rows: NewDutyRow[] = e.officers.map((o, i) => ({ ...base, personId: o.id, role: 'OFFICER', ordinal: i + 1 }));
  if (e.leader) rows.push({ ...base, personId: e.leader.id, role: 'LEADER', ordinal: 1 });
  return rows;
}

function decodeBase64(text: string): Buffer {
  const clean = text.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.length === 0) {
    throw new BadInputException('contentBase64', `(${text.length} characters)`, 'must be the file encoded in base64');
  }
  return Buffer.from(clean, 'base64');
}

function sheetError(problems: SheetProblem[]): DomainException {
  const listed = problems.slice(0, LISTED_PROBLEMS).map((p) => `row ${p.row}, column ${p.column}: ${p.message}`);
  const more = problems.length > LISTED_PROBLEMS ? `; and ${problems.length - LISTED_PROBLEMS} more` : '';
  const listedZh = problems.slice(0, LISTED_PROBLEMS).map((p) => `第 ${p.row} 行 ${p.column} 列：${p.messageZh}`);
  const moreZh = problems.length > LISTED_PROBLEMS ? `；另有 ${problems.length - LISTED_PROBLEMS} 处` : '';
  return new DomainException(
    'BAD_USER_INPUT',
    `contentBase64: the spreadsheet has ${problems.length} problem(s); nothing was imported: ${listed.join('; ')}${more}`,
    {
      field: 'contentBase64',
      problems,
      problemZh: `表格有 ${problems.length} 处错误，未导入任何内容：${listedZh.join('；')}${moreZh}`,
    },
  );
}
