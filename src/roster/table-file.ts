// Reads a roster-like file, CSV (UTF-8, BOM and CRLF accepted: offices export from
// spreadsheets; GBK/GB18030, as Excel and WPS save CSV on Chinese Windows) or JSON (an array of
// objects), validates each record with a zod schema, and either returns every record or throws
// one error listing every problem with file, line or record, field and expectation: nothing is
// half-imported, and nothing is imported garbled.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { InputError } from '../input-error.js';

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
  /** "line 4" for CSV, "record 3" for JSON. */
  where: string;
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

function readRows(file: string): Located<Record<string, unknown>>[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputFileError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  const text = decodeText(file, bytes);
  if (extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new InputFileError(file, [`is not valid JSON: ${(error as Error).message}`]);
    }
    if (!Array.isArray(data)) throw new InputFileError(file, ['expected a JSON array of objects']);
    return data.map((value, i) => ({ value: (value ?? {}) as Record<string, unknown>, where: `record ${i + 1}` }));
  }
  try {
    const rows = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, trim: true, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    // Empty cells mean "not given", as they do in a spreadsheet.
    return rows.map(({ record, info }) => ({
      value: Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')),
      where: `line ${info.lines}`,
    }));
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputFileError(file, [`${e.lines ? `line ${e.lines}: ` : ''}is not valid CSV: ${e.message}`]);
  }
}

export function readTableFile<S extends z.ZodType>(file: string, schema: S, requiredColumns: readonly string[]): Located<z.output<S>>[] {
  const rows = readRows(file);
  const problems: string[] = [];
  if (rows.length === 0) throw new InputFileError(file, ['holds no records']);
  const present = new Set(rows.flatMap((r) => Object.keys(r.value)));
  const missing = requiredColumns.filter((c) => !present.has(c));
  if (missing.length) throw new InputFileError(file, [`missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}`]);
  const out: Located<z.output<S>>[] = [];
  for (const row of rows) {
    const result = schema.safeParse(row.value);
    if (result.success) {
      out.push({ value: result.data, where: row.where });
      continue;
    }
    for (const issue of result.error.issues) {
      const field = issue.path.join('.') || '(record)';
      const got = issue.path.length ? (row.value as Record<string, unknown>)[String(issue.path[0])] : undefined;
      problems.push(`${row.where}, field "${field}": ${issue.message}${got === undefined ? '' : `; got ${JSON.stringify(got)}`}`);
    }
  }
  if (problems.length) throw new InputFileError(file, problems);
  return out;
}

