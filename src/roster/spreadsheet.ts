// Reads an XLSX workbook as offices save it (Excel, WPS) into rows of cells, each row with its
// spreadsheet row number. A workbook is a zip: before exceljs, which unpacks every part into
// memory, each part is inflated here against a budget, so a zip bomb or a sheet of a million rows
// is refused in a line instead of taking the machine's memory.
import { inflateRawSync } from 'node:zlib';
import type { CellValue } from 'exceljs';
import { InputFileError } from './table-file.js';

/** What the roster readers accept at most: a province's roster is a few thousand rows. */
export const LIMITS = { fileBytes: 16 * 2 ** 20, unpackedBytes: 32 * 2 ** 20, rows: 20_000, parts: 1_000 } as const;

const XLS_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

export function isXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** An OLE2 compound file: an Excel 97–2003 .xls (or WPS .et), or an XLSX under a password. */
export function isXls(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(XLS_MAGIC);
}

export const XLS_REFUSED =
  'is an Excel 97–2003 workbook (.xls or .et) or a workbook under a password, which wangjian does not read: open it in Excel or WPS and save it as an Excel workbook (.xlsx) or CSV, without a password';

const MB = (n: number) => `${n / 2 ** 20} MB`;

/**
 * Inflates every part of the zip against LIMITS.unpackedBytes, and counts the rows of its sheets.
 * The sizes a zip declares can lie, so the parts are inflated, not their headers believed.
 */
function checkZip(file: string, bytes: Buffer): void {
  const refuse = (why: string): never => {
    throw new InputFileError(file, [why]);
  };
  const unreadable = 'is not a readable XLSX workbook (its zip structure is damaged): open it in Excel or WPS and save it again';
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length) refuse(unreadable);
  const parts = bytes.readUInt16LE(eocd + 10);
  if (parts > LIMITS.parts) refuse(`holds ${parts} parts, more than a workbook of a roster has (${LIMITS.parts} at most)`);
  let at = bytes.readUInt32LE(eocd + 16);
  let unpacked = 0;
  let rows = 0;
  for (let n = 0; n < parts; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) refuse(unreadable);
    const method = bytes.readUInt16LE(at + 10);
    const packedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) refuse(unreadable);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const packed = bytes.subarray(start, start + packedSize);
    let part: Buffer;
    if (method === 0) part = packed;
    else if (method === 8) {
      try {
        part = inflateRawSync(packed, { maxOutputLength: LIMITS.unpackedBytes - unpacked + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') part = Buffer.alloc(LIMITS.unpackedBytes - unpacked + 1);
        else return refuse(unreadable);
      }
    } else return refuse(`is not a readable XLSX workbook (part ${name} is packed by method ${method})`);
    unpacked += part.length;
    if (unpacked > LIMITS.unpackedBytes) refuse(`unpacks to more than ${MB(LIMITS.unpackedBytes)}, more than a roster needs: is it a roster?`);
    if (name.startsWith('xl/worksheets/')) {
      for (let i = part.indexOf('<row'); i >= 0; i = part.indexOf('<row', i + 4)) rows++;
      if (rows > LIMITS.rows) refuse(`has more than ${LIMITS.rows} rows, more than a roster has: is it a roster?`);
    }
  }
}

/** A row of a sheet: its cells from column A, and where it is as an office would name it. */
export interface SheetRow {
  where: string;
  cells: CellValue[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

/** The visible sheets of an XLSX workbook, each row with its spreadsheet row number. */
export async function readWorkbook(file: string, bytes: Buffer): Promise<Sheet[]> {
  checkZip(file, bytes);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want its own Buffer type, which Node's Buffer is at run time.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new InputFileError(file, [`is not a readable XLSX workbook: ${(error as Error).message}`]);
  }
  const visible = workbook.worksheets.filter((ws) => ws.state === 'visible');
  return visible.map((ws) => {
    const rows: SheetRow[] = [];
    // A merged cell reads as its first cell's value in each cell it spans (exceljs), so a
    // 登记机关 merged down a group of rows is each row's.
    ws.eachRow((row, number) => {
      const values = row.values as CellValue[];
      rows.push({ where: visible.length > 1 ? `sheet "${ws.name}", row ${number}` : `row ${number}`, cells: values.slice(1) });
    });
    return { name: ws.name, rows };
  });
}

/** Whole numbers Excel keeps exactly: it stores 15 significant digits. */
const EXACT_DIGITS = 15;

/**
 * The text of a cell as the office sees it, or why it cannot be trusted: a number of more than 15
 * digits (a credit code typed into a cell formatted as a number) has lost its last digits.
 */
export function cellText(value: CellValue | undefined): { text: string } | { problem: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) >= 10 ** EXACT_DIGITS) {
      return { problem: `is a number of more than ${EXACT_DIGITS} digits (${value}), of which Excel keeps only the first ${EXACT_DIGITS}: format the column as text (文本) and type the value again` };
    }
    return { text: String(value) };
  }
  if (typeof value === 'boolean') return { text: String(value) };
  // exceljs reads a date cell as midnight UTC of that day.
  if (value instanceof Date) return { text: value.toISOString().replace(/T00:00:00\.000Z$/, '') };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('error' in value) return { text: String(value.error) };
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('result' in value) return cellText(value.result as CellValue);
  return { text: '' };
}
