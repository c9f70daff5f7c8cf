/**
 * Spreadsheet files in and out: .xlsx through exceljs, .csv through csv-parse (UTF-8 with or without
 * BOM, or GB18030 as Excel saves CSV on Chinese Windows). Cells become text; date cells become
 * YYYY-MM-DD. Writing gives the layout of SHEET_LAYOUT.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { SHEET_LAYOUT, SheetColumnKey, SheetTable } from './duty-sheet';

export type SheetFormat = 'XLSX' | 'CSV';

/** Larger files are refused before they are opened (a month is a few kilobytes). */
export const MAX_SHEET_BYTES = 512 * 1024;
export const MAX_SHEET_ROWS = 1000;

export class SheetFileError extends Error {}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

export async function readSheet(bytes: Buffer, format: SheetFormat): Promise<SheetTable> {
  if (bytes.length > MAX_SHEET_BYTES)
    throw new SheetFileError(`is ${bytes.length} bytes; at most ${MAX_SHEET_BYTES} are accepted`);
  const table = format === 'XLSX' ? await readXlsx(bytes) : readCsv(bytes);
  if (table.length > MAX_SHEET_ROWS)
    throw new SheetFileError(`has ${table.length} rows; at most ${MAX_SHEET_ROWS} are accepted`);
  return table;
}

async function readXlsx(bytes: Buffer): Promise<SheetTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new SheetFileError(`is not a readable .xlsx workbook (${(error as Error).message.slice(0, 120)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetFileError('has no worksheet');
  if (sheet.rowCount > MAX_SHEET_ROWS)
    throw new SheetFileError(`has ${sheet.rowCount} rows; at most ${MAX_SHEET_ROWS} are accepted`);
  const table: SheetTable = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 0); c++) cells.push(cellText(row.getCell(c).value).trim());
    table.push(cells);
  }
  return table;
}

function decodeText(bytes: Buffer): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function readCsv(bytes: Buffer): SheetTable {
  try {
    return parseCsv(decodeText(bytes), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw new SheetFileError(`is not a readable CSV file (${(error as Error).message.slice(0, 120)})`);
  }
}

export type SheetRow = Record<SheetColumnKey, string>;

/** A sheet in the import layout; `title` goes in a first row above the header when given. */
export async function writeSheet(rows: SheetRow[], format: SheetFormat, title: string | null): Promise<Buffer> {
  const header = SHEET_LAYOUT.map((c) => c.header);
  const body = rows.map((row) => SHEET_LAYOUT.map((c) => row[c.key]));
  if (format === 'CSV') {
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = [...(title ? [[title]] : []), header, ...body].map((cells) => cells.map(quote).join(','));
    // A BOM, so that Excel opens the Chinese text as UTF-8.
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('值班表');
  if (title) sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow(header).font = { bold: true };
  for (const cells of body) sheet.addRow(cells);
  sheet.columns.forEach((column, i) => (column.width = [12, 8, 24, 12, 28][i] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
