// Reads a roster-like file as offices keep it, validates each record with a zod schema, and
// either returns every record or throws one error listing every problem with file, row or line,
// the column as headed and the expectation: nothing is half-imported, and nothing garbled.
//   XLSX (Excel, WPS): the sheet whose header row names the most known columns; rows above it
//     (a merged title such as 2026年电子商务平台经营者名录库) and blank rows are skipped.
//   CSV: UTF-8 (BOM and CRLF accepted), or GBK/GB18030 as Excel and WPS save CSV on Chinese
//     Windows; the header row found the same way.
//   JSON: an array of objects.
// A column is known by its field name or by the headers offices write for it (Headers), so
// `uscc` and 统一社会信用代码 are one column.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { InputError } from '../input-error.js';
import type { CellValue } from 'exceljs';
import { cellText, isXls, isXlsx, LIMITS, readWorkbook, type Sheet, type SheetRow, XLS_REFUSED } from './spreadsheet.js';

export class InputFileError extends InputError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported\n  ${shown.join('\n  ')}${more}`);
    this.name = 'InputFileError';
  }
}

export interface Located<T> {
  value: T;
  /** "row 4" for a spreadsheet, "line 4" for CSV, "record 3" for JSON. */
  where: string;
  /** The header each field was read from, as written (统一社会信用代码 for uscc). */
  written: Readonly<Record<string, string>>;
}

/** The headers a field may be written under besides its own name. */
export type Headers = Readonly<Record<string, readonly string[]>>;

/**
 * A header as compared: NFKC (full-width letters and brackets folded), without spaces, line
 * breaks or the * that marks a required column, nor a closing note in brackets (网址（URL）).
 */
function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/[\s*]+/g, '').replace(/\([^()]*\)$/, '').toLowerCase();
}

/** The table's columns: each field by its header, compared as headerKey does. */
interface Columns {
  fieldOf: Map<string, string>;
  /** Some columns, to say what a header row should look like. */
  examples: string;
}

function columnsOf(fields: readonly string[], headers: Headers): Columns {
  return {
    fieldOf: new Map(fields.flatMap((field) => [field, ...(headers[field] ?? [])].map((h) => [headerKey(h), field] as const))),
    examples: fields.slice(0, 3).map((f) => [f, ...(headers[f] ?? []).slice(0, 1)].join(' or ')).join(', '),
  };
}

function decoded(bytes: Uint8Array): string | null {
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // not this encoding
    }
  }
  return null;
}

/**
 * The file's text: UTF-8 when its bytes are valid UTF-8, else GB18030 (a superset of GBK) when
 * they are valid GB18030, else refused with the first line that is neither.
 */
export function decodeText(file: string, bytes: Uint8Array): string {
  const text = decoded(bytes);
  if (text !== null) return text;
  let line = 1;
  for (let start = 0, i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (decoded(bytes.subarray(start, i)) === null) break;
    line++;
    start = i + 1;
  }
  throw new InputFileError(file, [`line ${line}: is neither UTF-8 nor GBK/GB18030 text; save the file as CSV UTF-8 and import it again`]);
}

/** A record as read, before validation, with the problems of its cells. */
interface RawRecord {
  where: string;
  value: Record<string, unknown>;
  written: Record<string, string>;
  problems: string[];
  /** Fields whose cell could not be read: named once, in problems, not again as missing. */
  unread: Set<string>;
}

interface Read {
  records: RawRecord[];
  /** The fields the file has a column for. */
  columns: Set<string>;
}

const HEADER_SEARCH_ROWS = 20;

/** A cell's text, trimmed; a cell that cannot be read as text gives why, which names no column. */
function textOf(cell: CellValue | undefined): string {
  const read = cellText(cell);
  return 'text' in read ? read.text.trim() : read.problem;
}

const isBlank = (row: SheetRow) => row.cells.every((c) => textOf(c) === '');

/**
 * The records of the table whose header row names the most known columns among the first rows
 * of each sheet. `sameWidth`: every row below the header has as many cells (CSV, where a row of
 * another width means broken quoting).
 */
function fromTables(file: string, sheets: readonly Sheet[], columns: Columns, sameWidth: boolean): Read {
  const byHeader = columns.fieldOf;
  let best: { sheet: Sheet; index: number; known: number } | undefined;
  for (const sheet of sheets) {
    let seen = 0;
    for (let index = 0; index < sheet.rows.length && seen < HEADER_SEARCH_ROWS; index++) {
      if (isBlank(sheet.rows[index]!)) continue;
      seen++;
      const known = new Set(sheet.rows[index]!.cells.map((c) => byHeader.get(headerKey(textOf(c)))).filter((f) => f !== undefined)).size;
      if (known > (best?.known ?? 0)) best = { sheet, index, known };
    }
  }
  if (!best) throw new InputFileError(file, [`has no header row: none of its first ${HEADER_SEARCH_ROWS} rows names a column such as ${columns.examples}`]);
  const header = best.sheet.rows[best.index]!;
  const fieldOf: (string | undefined)[] = [];
  const written: Record<string, string> = {};
  const problems: string[] = [];
  header.cells.forEach((cell, i) => {
    const text = textOf(cell);
    const field = byHeader.get(headerKey(text));
    if (field === undefined) return;
    if (written[field] !== undefined) problems.push(`${header.where}: columns "${written[field]}" and "${text}" both give the ${field}; keep one of them`);
    written[field] = text;
    fieldOf[i] = field;
  });
  if (problems.length) throw new InputFileError(file, problems);
  const records: RawRecord[] = [];
  for (const row of best.sheet.rows.slice(best.index + 1)) {
    if (isBlank(row)) continue;
    const record: RawRecord = { where: row.where, value: {}, written, problems: [], unread: new Set() };
    if (sameWidth && row.cells.length !== header.cells.length) {
      record.problems.push(`${row.where}: is not valid CSV: ${row.cells.length} fields where the header has ${header.cells.length}`);
    }
    row.cells.forEach((cell, i) => {
      const field = fieldOf[i];
      if (field === undefined) return;
      const read = cellText(cell);
      // Empty cells mean "not given", as they do in a spreadsheet.
      if ('problem' in read) {
        record.problems.push(`${row.where}, field "${written[field]}": ${read.problem}`);
        record.unread.add(field);
      } else if (read.text.trim() !== '') record.value[field] = read.text.trim();
    });
    records.push(record);
  }
  return { records, columns: new Set(Object.keys(written)) };
}

function fromJson(file: string, text: string, columns: Columns): Read {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputFileError(file, [`is not valid JSON: ${(error as Error).message}`]);
  }
  if (!Array.isArray(data)) throw new InputFileError(file, ['expected a JSON array of objects']);
  if (data.length > LIMITS.rows) throw new InputFileError(file, [`holds more than ${LIMITS.rows} records, more than a roster has: is it a roster?`]);
  const records = data.map((item, i): RawRecord => {
    const record: RawRecord = { where: `record ${i + 1}`, value: {}, written: {}, problems: [], unread: new Set() };
    for (const [key, value] of Object.entries((item ?? {}) as Record<string, unknown>)) {
      const field = columns.fieldOf.get(headerKey(key)) ?? key;
      if (record.written[field] !== undefined) record.problems.push(`${record.where}: keys "${record.written[field]}" and "${key}" both give the ${field}; keep one of them`);
      record.value[field] = value;
      record.written[field] = key;
    }
    return record;
  });
  return { records, columns: new Set(records.flatMap((r) => Object.keys(r.value))) };
}

function fromCsv(file: string, text: string, columns: Columns): Read {
  if ((text.match(/\n/g)?.length ?? 0) > LIMITS.rows) throw new InputFileError(file, [`has more than ${LIMITS.rows} lines, more than a roster has: is it a roster?`]);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputFileError(file, [`${e.lines ? `line ${e.lines}: ` : ''}is not valid CSV: ${e.message}`]);
  }
  return fromTables(file, [{ name: '', rows: rows.map(({ record, info }) => ({ where: `line ${info.lines}`, cells: record })) }], columns, true);
}

async function readRecords(file: string, columns: Columns): Promise<Read> {
  let bytes: Buffer;
  try {
    if (statSync(file).size > LIMITS.fileBytes) throw new InputFileError(file, [`is larger than ${LIMITS.fileBytes / 2 ** 20} MB, more than a roster needs: is it a roster?`]);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  // The bytes decide, not the name: a workbook saved as roster.csv is still a workbook.
  if (isXls(bytes)) throw new InputFileError(file, [XLS_REFUSED]);
  if (isXlsx(bytes)) return fromTables(file, await readWorkbook(file, bytes), columns, false);
  const ext = extname(file).toLowerCase();
  if (['.xlsx', '.xls', '.et'].includes(ext)) throw new InputFileError(file, [`is named ${ext} but is not an Excel workbook: open it in Excel or WPS and save it as an Excel workbook (.xlsx) or CSV`]);
  const text = decodeText(file, bytes);
  return ext === '.json' ? fromJson(file, text, columns) : fromCsv(file, text, columns);
}

/** How the columns a record must have are named: the field, then the headers it may have. */
function columnName(field: string, headers: Headers): string {
  const written = headers[field] ?? [];
  return `"${field}"${written.length ? ` (or ${written.join(', ')})` : ''}`;
}

/** The records of a roster-like file, each field read from its own name or one of `headers`. */
export async function readTableFile<S extends z.ZodObject>(file: string, schema: S, requiredColumns: readonly string[], headers: Headers = {}): Promise<Located<z.output<S>>[]> {
  const { records, columns } = await readRecords(file, columnsOf(Object.keys(schema.shape), headers));
  if (records.length === 0) throw new InputFileError(file, ['holds no records']);
  const missing = requiredColumns.filter((c) => !columns.has(c));
  if (missing.length) throw new InputFileError(file, [`missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => columnName(c, headers)).join(', ')}`]);
  const out: Located<z.output<S>>[] = [];
  const problems: string[] = [];
  for (const record of records) {
    problems.push(...record.problems);
    const result = schema.safeParse(record.value);
    if (result.success) {
      out.push({ value: result.data, where: record.where, written: record.written });
      continue;
    }
    for (const issue of result.error.issues) {
      const [first, ...rest] = issue.path.map(String);
      if (first !== undefined && record.unread.has(first)) continue;
      const field = first === undefined ? '(record)' : [record.written[first] ?? first, ...rest].join('.');
      const got = first === undefined ? undefined : record.value[first];
      problems.push(`${record.where}, field "${field}": ${issue.message}${got === undefined ? '' : `; got ${JSON.stringify(got)}`}`);
    }
  }
  if (problems.length) throw new InputFileError(file, problems);
  return out;
}
