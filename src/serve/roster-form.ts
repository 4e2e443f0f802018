// An inspector roster given on a page: an office's XLSX or CSV file uploaded, or CSV pasted, read
// as `wangjian user add --inspectors` and `wangjian draw --inspectors` read a file (the bytes
// decide whether it is a workbook): refused whole, with each problem by row or line and field;
// fingerprinted as a draw fingerprints its roster file. The forms are multipart (a file input
// without script); @fastify/multipart reads them, in the route modules that take a roster only,
// into the body's fields, so the app's CSRF check reads `_csrf` as from any form.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { rosterDigestOf, type RosterDigest } from '../draw/record.js';
import { readInspectorRoster, type Inspector } from '../registry/inspectors.js';
import { InputFileError } from '../roster/table-file.js';
import { LIMITS } from '../roster/spreadsheet.js';
import { html, type Html } from '../html.js';

/** How the pages and the draw record name a roster given on a page. */
export const ROSTER_NAME = '人员名录';

/** Lets `scope`'s routes take multipart forms with one roster file (no larger than a roster file may be) and a few fields. */
export async function acceptRosterUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { files: 1, fileSize: LIMITS.fileBytes, fields: 8, fieldSize: LIMITS.fileBytes } });
}

/** The roster a form gave: the uploaded file when one was chosen, else the text pasted in `textField`. */
export function rosterBytes(body: unknown, textField: string, fileField = 'rosterFile'): Buffer {
  const fields = (body ?? {}) as Record<string, unknown>;
  const file = fields[fileField];
  if (Buffer.isBuffer(file) && file.length) return file;
  const text = fields[textField];
  return Buffer.from(typeof text === 'string' ? text : '');
}

/** The file input and the paste box of a roster form (the form is multipart). */
export function rosterInputs(textField: string, text: string): Html {
  return html`<label for="rosterFile">上传名录文件（Excel 工作簿 .xlsx 或 CSV）</label><input type="file" id="rosterFile" name="rosterFile" accept=".xlsx,.csv">
<label for="${textField}">或粘贴 CSV（含表头：编号、姓名、所属单位、行政区划代码、执法证号，可有专业领域、回避、执法证有效期、状态）</label>
<textarea id="${textField}" name="${textField}" rows="8">${text}</textarea>`;
}

export async function readRosterBytes(bytes: Buffer): Promise<{ inspectors: Inspector[]; digest: RosterDigest } | { problems: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-roster-'));
  try {
    // named .csv, read as a workbook when its bytes are one
    const file = join(dir, 'roster.csv');
    writeFileSync(file, bytes);
    const inspectors = await readInspectorRoster(file);
    return { inspectors, digest: rosterDigestOf(ROSTER_NAME, bytes, inspectors) };
  } catch (error) {
    if (error instanceof InputFileError) return { problems: error.problems };
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
