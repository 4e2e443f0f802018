// The steps of an inspection's online check record (网上检查记录表), the same for the review pages
// and the command line: the form as it stands (frozen once someone signed it, else built from the
// results), saving the inspectors' 处理结果, signing what one saw, and printing a signed version to
// a kept PDF with its audit entry, each refused here to whoever may not (acts.ts), so both callers refuse alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { sha256 } from '../evidence/bundle.js';
import { beijingDay } from '../time.js';
import { certificateExpired } from '../registry/inspectors.js';
import { getUser } from '../store/accounts.js';
import { actorOf, mayAct, maySign, ReviewError, type Actor } from './acts.js';
import type { Db } from '../store/database.js';
import { nightlyScansOf } from '../store/nightly.js';
import { appendAudit } from '../store/audit-log.js';
import { currentRecordForm, recordFormVersions, type RecordFormVersion } from '../store/record-forms.js';
import { reviewItems } from '../store/review-items.js';
import { saveRecordDraft, signRecordForm } from './record-versions.js';
import type { Inspection } from '../store/inspections.js';
import { getRun } from '../store/scans.js';
import { violationHistory } from '../store/tracks.js';
import { buildRecordForm, type BuiltRecordForm, type RecordFormContent, type RecordOutcome } from './record-form.js';
import type { RecordFormMeta } from './record-html.js';
import type { WrittenPdf } from './record-pdf.js';

// Printing loads Playwright (a second of start-up): only the steps that print load it, so the
// commands that list and review start at once.
const printing = () => import('./record-pdf.js');

/** The run folder the inspection's evidence paths are relative to; a relative one is under `runsRoot`. */
export function runFolder(db: Db, runsRoot: string, inspection: Inspection): string | null {
  if (!inspection.runId) return null;
  const run = getRun(db, inspection.runId);
  if (!run) return null;
  return isAbsolute(run.outDir) ? run.outDir : resolve(runsRoot, run.outDir);
}

/** Where signed forms' PDFs are kept: beside the database, in the storage folder it belongs to. */
export const recordPdfFolder = (db: Db): string => join(dirname(db.name), 'record-forms');

/** How far the inspection's record form has come, as the work list says it. */
export function recordFormStatus(db: Db, inspection: Inspection): string {
  const form = currentRecordForm(db, inspection.id);
  if (!form) return '未填写';
  if (form.status === 'signed') return form.correctionOf ? `已签署（更正 第${form.version}版）` : '已签署';
  if (form.signatures.length) return `签名中 ${form.signatures.length}/${inspection.inspectors.length}`;
  return form.correctionOf ? `更正中（第${form.version}版）` : '草稿';
}

/** The form as the store holds it once someone has signed it (frozen), or as built now from the results. */
export interface RecordState {
  form: RecordFormVersion | undefined;
  frozen: boolean;
  content: RecordFormContent;
  contentSha256: string;
  built: BuiltRecordForm | null;
  meta: RecordFormMeta;
}

/** The inspection's people as their accounts name them, with the 执法证号 the roster gave each. */
function people(db: Db, inspection: Inspection) {
  return [...inspection.inspectors, ...inspection.assistants].flatMap((id) => {
    const u = getUser(db, id);
    return u ? [{ id, name: u.name, unit: u.unit, certificate: u.certificate }] : [];
  });
}

/** The form built now from the inspection's results, people and history, with `outcome` as its 处理结果. */
export function buildRecord(db: Db, inspection: Inspection, outcome: RecordOutcome | null): BuiltRecordForm {
  return buildRecordForm({ inspection, items: reviewItems(db, inspection.id), people: people(db, inspection), history: { scans: nightlyScansOf(db, inspection.platform.id), tracks: violationHistory(db, inspection.platform.id) }, outcome });
}

/** A stored version as it was signed or is being signed: its content no longer follows the results. */
export function frozenState(form: RecordFormVersion): RecordState {
  return { form, frozen: true, content: form.content as RecordFormContent, contentSha256: form.contentSha256!, built: null, meta: form };
}

/** The newest signed version (a correction under way does not unsign the check it corrects). */
export function newestSigned(db: Db, inspectionId: number): RecordFormVersion | undefined {
  return recordFormVersions(db, inspectionId).reverse().find((f) => f.status === 'signed');
}

export function recordState(db: Db, inspection: Inspection): RecordState {
  const form = currentRecordForm(db, inspection.id);
  if (form !== undefined && (form.status !== 'draft' || form.signatures.length > 0)) return frozenState(form);
  // A draft (or a correction, which starts from the signed content) keeps only the inspectors' 处理结果; the rest follows the results.
  const built = buildRecord(db, inspection, (form?.content as RecordFormContent | null)?.outcome ?? null);
  return {
    form,
    frozen: false,
    content: built.content,
    contentSha256: built.contentSha256,
    built,
    meta: { version: form?.version ?? 1, status: 'draft', signatures: [], correctionReason: form?.correctionReason ?? null, contentSha256: built.contentSha256 },
  };
}

const MAX_OUTCOME_NOTE = 2000;

/** 督促删除违法商品信息条数 as typed (empty is none): a whole number, or refused. */
export function removalsCount(typed: string): number {
  const count = typed.trim() || '0';
  if (!/^\d{1,6}$/.test(count)) throw new ReviewError('督促删除违法商品信息条数须为非负整数 (the removals must be a whole number)');
  return Number(count);
}

/** Saves the inspectors' 处理结果 into the draft; an inspector or assistant of the inspection only. */
export function saveOutcome(db: Db, inspection: Inspection, by: Actor, outcome: RecordOutcome): RecordFormVersion {
  if (!mayAct(actorOf(by).actor, inspection)) throw new ReviewError('只有本检查对象的检查人员可以填写记录表 (only the inspection’s inspectors fill in the form)');
  if (outcome.note.length > MAX_OUTCOME_NOTE) throw new ReviewError(`处理结果说明不超过 ${MAX_OUTCOME_NOTE} 字 (the note is longer than ${MAX_OUTCOME_NOTE} characters)`);
  const built = buildRecord(db, inspection, outcome);
  return saveRecordDraft(db, inspection.id, by, built.content, built.contentSha256);
}

/**
 * Prints a signed version, keeps the PDF with its hash and records that in the audit log (by
 * whoever's act caused the printing: the second signature, or asking for a missing PDF again).
 */
export async function printSigned(db: Db, inspection: Inspection, form: RecordFormVersion, by: Actor | null, runsRoot: string): Promise<WrittenPdf> {
  const pdf = await (await printing()).printAndAttach(db, form, runFolder(db, runsRoot, inspection), recordPdfFolder(db));
  const { actor, ip } = by === null ? { actor: null, ip: null } : actorOf(by);
  appendAudit(db, { actor, ip, action: 'record-pdf', inspectionId: inspection.id, subject: `record form v${form.version}`, before: form.pdfSha256 ? { pdfSha256: form.pdfSha256 } : null, after: { pdfSha256: pdf.sha256, bytes: pdf.bytes } });
  return pdf;
}

export interface Signed {
  form: RecordFormVersion;
  /** The PDF printed when the signature made the form signed; an Error when printing failed (printSigned prints it again when asked). */
  pdf: WrittenPdf | Error | null;
}

/**
 * Signs the form as it stands, which must be the content the signer saw (`seenSha256`): the first
 * signature freezes the content and locks the results, the second makes it signed and prints it.
 */
export async function signRecord(db: Db, inspection: Inspection, by: Actor, seenSha256: string, runsRoot: string): Promise<Signed> {
  if (!maySign(actorOf(by).actor, inspection)) throw new ReviewError('只有本检查对象匹配的执法人员可以签名 (only the inspection’s inspectors sign)');
  // An officer signs as a holder of a valid 执法证, as the draw and a routine check require of them (validUntil is its last day, 北京时间).
  const signer = getUser(db, actorOf(by).actor);
  if (signer && certificateExpired(signer, beijingDay(new Date()))) {
    throw new ReviewError(`${signer.name}的执法证已于 ${signer.validUntil} 到期，不能签名；请更新执法证信息（wangjian user sync）后再签 (the 执法证 has expired)`);
  }
  const s = recordState(db, inspection);
  if (s.built && !s.built.ready) throw new ReviewError(`尚有未完成事项，不能签名：${s.built.pending.join('；')}`);
  // One signs what one saw: a result changed since the form was shown means reading it again.
  if (seenSha256 !== s.contentSha256) throw new ReviewError('记录表内容已变化，请重新核对后再签名 (the form changed since it was read)');
  const form = signRecordForm(db, inspection.id, by, s.content, s.contentSha256);
  if (form.status !== 'signed') return { form, pdf: null };
  const pdf = await printSigned(db, inspection, form, by, runsRoot).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  return { form, pdf };
}

export interface RecordPdf {
  name: string;
  pdf: Buffer;
}

/** Whether a signed version's kept PDF is there and unaltered. */
export function keptPdfIntact(form: RecordFormVersion): boolean {
  return form.pdfPath !== null && existsSync(form.pdfPath) && sha256(readFileSync(form.pdfPath)) === form.pdfSha256;
}

/**
 * The PDF of a version (`version`), or of the newest signed one, or of the draft as it stands
 * (marked 草稿). A signed version's kept file is given when intact; one never printed, gone or
 * altered is printed again, and kept and audited only when `keepAs` names who asked for that.
 */
export async function recordPdf(db: Db, inspection: Inspection, version: number | undefined, runsRoot: string, keepAs?: Actor): Promise<RecordPdf> {
  const form = version !== undefined ? recordFormVersions(db, inspection.id).find((f) => f.version === version) : newestSigned(db, inspection.id);
  if (version !== undefined && !form?.content) throw new ReviewError(`没有第 ${version} 版记录表 (no such version)`);
  const name = (v: number, draft: boolean) => `record-${inspection.id}-v${v}${draft ? '-draft' : ''}.pdf`;
  if (form && form.status !== 'draft') {
    if (keptPdfIntact(form)) return { name: name(form.version, false), pdf: readFileSync(form.pdfPath!) };
    const pdf = keepAs ? readFileSync((await printSigned(db, inspection, form, keepAs, runsRoot)).path) : await (await printing()).printRecordPdf(form.content as RecordFormContent, form, runFolder(db, runsRoot, inspection));
    return { name: name(form.version, false), pdf };
  }
  // The draft is always the newest version: printed as it stands.
  const s = recordState(db, inspection);
  return { name: name(s.meta.version, true), pdf: await (await printing()).printRecordPdf(s.content, s.meta, runFolder(db, runsRoot, inspection)) };
}
