/**
 * A month of the duty roster as offices keep it in a spreadsheet: one row per shift with the columns
 * 日期, 班次, 值班员, 带班领导 and (optionally) 联系电话, under a header row that may follow a title
 * row. Pure: the cells come in as text, names are matched by a lookup the caller gives, and every
 * problem names the spreadsheet row and column. No problem, no entries: the caller writes nothing.
 */
import { hiddenShown, quotedValue } from '../../common/core/quoted-value';
import { OfficeDef, ShiftDef } from './duty-config';
import { findShift, isDate, monthDates } from './shift-calendar';

/** The spreadsheet's cells as text, row by row (row 1 first); empty cells as ''. */
export type SheetTable = string[][];

export type SheetColumnKey = 'date' | 'shift' | 'officers' | 'leader' | 'phone';

/** The header words each column is recognised by (lower-cased, spaces removed). */
export const SHEET_HEADERS: Record<SheetColumnKey, string[]> = {
  date: ['日期', '值班日期', 'date'],
  shift: ['班次', '班别', '班次名称', 'shift'],
  officers: ['值班员', '值班人员', '值班人', 'dutyofficer', 'dutyofficers', 'officers'],
  leader: ['带班领导', '值班领导', '带班', 'leader', 'leaderonduty'],
  phone: ['联系电话', '电话', '手机', '值班电话', 'phone'],
};

/** The layout written on export, in this order. */
export const SHEET_LAYOUT: Array<{ key: SheetColumnKey; header: string }> = [
  { key: 'date', header: '日期' },
  { key: 'shift', header: '班次' },
  { key: 'officers', header: '值班员' },
  { key: 'leader', header: '带班领导' },
  { key: 'phone', header: '联系电话' },
];

export interface SheetProblem {
  /** The spreadsheet row, 1 = first. */
  row: number;
  /** The column as a spreadsheet names it, with its header: "C(值班员)". */
  column: string;
  message: string;
  /** The same problem in Chinese, for the people who keep the spreadsheet (the console shows it). */
  messageZh: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

export type PhoneKind = 'MOBILE' | 'OFFICE_PHONE';

export interface SheetEntry {
  row: number;
  date: string;
  shift: ShiftDef;
  officers: PersonRef[];
  leader: PersonRef | null;
  /** One per officer, in order, when the row gives phones (contact data: never echoed in messages). */
  phones: Array<{ kind: PhoneKind; value: string }>;
}

export interface SheetResult {
  month: string;
  entries: SheetEntry[];
  problems: SheetProblem[];
}

/** Finds a person by a name as written; a problem (unknown, ambiguous, with suggestions) otherwise. */
export type NameLookup = (name: string) => { person: PersonRef } | { problem: string; problemZh?: string };
/** Classifies and normalises a phone number; null when it is neither a mobile nor an office number. */
export type PhoneClassifier = (raw: string) => { kind: PhoneKind; value: string } | null;

const NAME_SEPARATORS = /[、,，;；/／\s]+/;
const PHONE_SEPARATORS = /[、,，;；/／\n]+/;

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const normaliseHeader = (cell: string) => cell.replace(/[\s*＊:：]/g, '').toLowerCase();

/** Reads a date as offices write it: 2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日, 12月1日 (with the month's year), with an optional weekday. */
export function parseSheetDate(raw: string, month: string | null): string | null {
  const text = raw
    .replace(/[（(]?(星期|周|礼拜)[一二三四五六日天][）)]?/g, '')
    .replace(/\s+/g, '')
    .trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  let date: string | null = null;
  if (m) date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  else if ((m = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(text)) && month) {
    date = `${month.slice(0, 4)}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  }
  return date && isDate(date) ? date : null;
}

/**
 * Parses the table into entries for one office. `month` (YYYY-MM) is the month imported; when null
 * it is the month of the first dated row, and every row must fall in it.
 */
export function parseDutySheet(
  table: SheetTable,
  office: OfficeDef,
  lookup: NameLookup,
  classifyPhone: PhoneClassifier,
  month: string | null,
): SheetResult {
  const problems: SheetProblem[] = [];
  const headerIndex = table.findIndex((cells) => {
    const found = cells.map(normaliseHeader);
    return SHEET_HEADERS.date.some((h) => found.includes(h)) && SHEET_HEADERS.shift.some((h) => found.includes(h));
  });
  if (headerIndex < 0) {
    return {
      month: month ?? '',
      entries: [],
      problems: [
        {
          row: 1,
          column: 'A',
          message: `no header row found: expected columns ${SHEET_LAYOUT.map((c) => c.header).join(', ')}`,
          messageZh: `未找到表头行：应有列 ${SHEET_LAYOUT.map((c) => c.header).join('、')}`,
        },
      ],
    };
  }
  const header = table[headerIndex].map(normaliseHeader);
  const columns = new Map<SheetColumnKey, number>();
  for (const key of Object.keys(SHEET_HEADERS) as SheetColumnKey[]) {
    const index = header.findIndex((h) => SHEET_HEADERS[key].includes(h));
    if (index >= 0) columns.set(key, index);
  }
  const label = (key: SheetColumnKey) => {
    const index = columns.get(key)!;
    return `${columnLetter(index)}(${table[headerIndex][index].trim()})`;
  };
  for (const key of ['officers', 'leader'] as const) {
    if (!columns.has(key)) {
      const wanted = SHEET_LAYOUT.find((c) => c.key === key)!.header;
      problems.push({
        row: headerIndex + 1,
        column: columnLetter(header.length),
        message: `the header has no ${wanted} column`,
        messageZh: `表头缺少“${wanted}”列`,
      });
    }
  }
  if (problems.length > 0) return { month: month ?? '', entries: [], problems };

  let theMonth = month;
  const entries: SheetEntry[] = [];
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i];
    const row = i + 1;
    const cell = (key: SheetColumnKey) => (columns.has(key) ? (cells[columns.get(key)!] ?? '').trim() : '');
    if (cells.every((c) => c.trim() === '')) continue;
    const rowProblems: SheetProblem[] = [];
    const fail = (key: SheetColumnKey, message: string, messageZh: string) =>
      rowProblems.push({ row, column: label(key), message, messageZh });

    const rawDate = cell('date');
    const date = parseSheetDate(rawDate, theMonth);
    if (!date)
      fail(
        'date',
        `${quotedValue(rawDate)} is not a date (write 2026-12-01 or 2026年12月1日)`,
        `“${hiddenShown(rawDate)}”不是日期（请写作 2026-12-01 或 2026年12月1日）`,
      );
    else if (theMonth && date.slice(0, 7) !== theMonth)
      fail('date', `${date} is not in the month imported (${theMonth})`, `${date} 不在导入的月份（${theMonth}）内`);
    else theMonth ??= date.slice(0, 7);

    const rawShift = cell('shift');
    const shift = findShift(office, rawShift);
    if (!shift) {
      const known = office.shifts.map((s) => [s.name, s.code, ...s.aliases].join('/')).join('; ');
      fail(
        'shift',
        `${quotedValue(rawShift)} is not a shift of ${office.name}; expected one of ${known}`,
        `“${hiddenShown(rawShift)}”不是${office.name}的班次，应为 ${office.shifts.map((s) => s.name).join('、')} 之一`,
      );
    }
    if (date && shift) {
      const key = `${date}|${shift.code}`;
      const first = seen.get(key);
      if (first !== undefined)
        fail(
          'shift',
          `${date} ${shift.name} is already given in row ${first}`,
          `${date} ${shift.name}已在第 ${first} 行填写`,
        );
      else seen.set(key, row);
    }

    const officers: PersonRef[] = [];
    for (const name of cell('officers').split(NAME_SEPARATORS).filter(Boolean)) {
      const found = lookup(name);
      if ('problem' in found) fail('officers', found.problem, found.problemZh ?? found.problem);
      else if (officers.some((o) => o.id === found.person.id))
        fail('officers', `${hiddenShown(name)} is listed twice`, `${hiddenShown(name)} 重复填写`);
      else officers.push(found.person);
    }
    const leaderNames = cell('leader').split(NAME_SEPARATORS).filter(Boolean);
    let leader: PersonRef | null = null;
    if (leaderNames.length > 1)
      fail(
        'leader',
        `a shift has one 带班领导; got ${leaderNames.length} (${hiddenShown(leaderNames.join('、'))})`,
        `每个班次只有一名带班领导，此处填了 ${leaderNames.length} 人（${hiddenShown(leaderNames.join('、'))}）`,
      );
    else if (leaderNames.length === 1) {
      const found = lookup(leaderNames[0]);
      if ('problem' in found) fail('leader', found.problem, found.problemZh ?? found.problem);
      else if (officers.some((o) => o.id === found.person.id))
        fail(
          'leader',
          `${found.person.name} is also listed as 值班员 on this shift`,
          `${found.person.name} 在本班次同时是值班员`,
        );
      else leader = found.person;
    }

    const phones: SheetEntry['phones'] = [];
    const rawPhones = cell('phone')
      .split(PHONE_SEPARATORS)
      .map((p) => p.trim())
      .filter(Boolean);
    rawPhones.forEach((raw, k) => {
      const phone = classifyPhone(raw);
      if (!phone)
        fail(
          'phone',
          `number ${k + 1} is not a mainland mobile (11 digits) or an office number such as 0356-2021234`,
          `第 ${k + 1} 个号码既不是11位手机号，也不是 0356-2021234 这样的办公电话`,
        );
      else phones.push(phone);
    });
    if (rawPhones.length > 0 && rawPhones.length !== officers.length && officers.length > 0) {
      fail(
        'phone',
        `gives ${rawPhones.length} number(s) for ${officers.length} 值班员; give one per 值班员, in the same order, or none`,
        `填了 ${rawPhones.length} 个号码、${officers.length} 名值班员；请按值班员顺序每人一个号码，或不填`,
      );
    }

    if (rowProblems.length > 0) problems.push(...rowProblems);
    else entries.push({ row, date: date!, shift: shift!, officers, leader, phones });
  }
  if (problems.length === 0 && entries.length === 0) {
    problems.push({
      row: headerIndex + 2,
      column: 'A',
      message: 'the spreadsheet has no shifts under its header row',
      messageZh: '表头下没有任何班次',
    });
  }
  return { month: theMonth ?? '', entries: problems.length > 0 ? [] : entries, problems };
}

/** A month YYYY-MM, or null when the text is not one. */
export function parseMonth(text: string): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return text.trim();
}

export { monthDates };
