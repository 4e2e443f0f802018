// The signing rules of the online check record (网上检查记录表): the matched inspectors sign the
// same content, one signature each; the first signature locks the results; a signed form changes
// only by a correction, a new version that supersedes it once signed in turn.
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import { getInspection, type Inspection } from '../store/inspections.js';
import { currentRecordForm, insertRecordForm, setRecordFormStatus, updateRecordForm, type RecordFormVersion } from '../store/record-forms.js';
import { actorOf, ReviewError, type Actor } from './acts.js';

function inspectionFor(db: Db, inspectionId: number): Inspection {
  const inspection = getInspection(db, inspectionId);
  if (!inspection) throw new ReviewError(`没有检查对象 ${inspectionId}`);
  return inspection;
}

/** Keeps the inspectors' draft of the form (e.g. the 处理结果 fields) before anyone signs. */
export function saveRecordDraft(db: Db, inspectionId: number, by: Actor, content: unknown, contentSha256: string): RecordFormVersion {
  const { actor, ip } = actorOf(by);
  inspectionFor(db, inspectionId);
  const form = currentRecordForm(db, inspectionId);
  if (form && (form.status !== 'draft' || form.signatures.length)) throw new ReviewError('记录表已签名，不能修改草稿 (signed: withdraw the signature or correct the form first)');
  db.transaction(() => {
    if (form) updateRecordForm(db, form.id, { content, contentSha256, signatures: form.signatures, signedAt: form.signedAt });
    else insertRecordForm(db, { inspectionId, version: 1, content, contentSha256 });
    appendAudit(db, { actor, ip, action: 'record-draft', inspectionId, before: form ? { contentSha256: form.contentSha256 } : null, after: { contentSha256 } });
  })();
  return currentRecordForm(db, inspectionId)!;
}

/**
 * A matched inspector signs. The first signature fixes the content (and locks the items); each
 * further one must be over the same content; when every matched inspector has signed, the
 * version is signed and the version it corrects, if any, superseded.
 */
export function signRecordForm(db: Db, inspectionId: number, by: Actor, content: unknown, contentSha256: string): RecordFormVersion {
  const { actor, ip } = actorOf(by);
  const inspection = inspectionFor(db, inspectionId);
  if (!inspection.inspectors.includes(actor)) throw new ReviewError('只有本检查对象匹配的执法人员可以签名 (only the inspectors matched to this target sign)');
  const form = currentRecordForm(db, inspectionId);
  if (form?.status === 'signed' || form?.status === 'superseded') throw new ReviewError('记录表已签署；如需修改请提出更正 (already signed: open a correction)');
  if (form?.signatures.some((s) => s.inspector === actor)) throw new ReviewError('您已签名 (you have signed already)');
  if (form?.signatures.length && form.contentSha256 !== contentSha256) {
    throw new ReviewError('记录表内容与第一位签名人签署的内容不一致 (the content differs from what the first inspector signed)');
  }
  const at = new Date().toISOString();
  const signatures = [...(form?.signatures ?? []), { inspector: actor, at }];
  const complete = inspection.inspectors.every((i) => signatures.some((s) => s.inspector === i));
  const signedAt = complete ? at : null;
  db.transaction(() => {
    let id: number;
    if (form) updateRecordForm(db, (id = form.id), { content, contentSha256, signatures, signedAt });
    else id = insertRecordForm(db, { inspectionId, version: 1, content, contentSha256, signatures, signedAt });
    if (complete) {
      setRecordFormStatus(db, id, 'signed');
      if (form?.correctionOf) setRecordFormStatus(db, form.correctionOf, 'superseded');
    }
    appendAudit(db, { actor, ip, action: complete ? 'record-signed' : 'record-sign', inspectionId, subject: `record form v${form?.version ?? 1}`, before: { signatures: form?.signatures ?? [] }, after: { signatures, contentSha256 } });
  })();
  return currentRecordForm(db, inspectionId)!;
}

/** Takes back a signature before the last inspector has signed, unlocking the items when none is left. */
export function withdrawSignature(db: Db, inspectionId: number, by: Actor): RecordFormVersion {
  const { actor, ip } = actorOf(by);
  const form = currentRecordForm(db, inspectionId);
  if (!form || form.status !== 'draft' || !form.signatures.some((s) => s.inspector === actor)) throw new ReviewError('没有可撤回的签名 (no signature of yours to withdraw)');
  const signatures = form.signatures.filter((s) => s.inspector !== actor);
  db.transaction(() => {
    updateRecordForm(db, form.id, { content: form.content, contentSha256: form.contentSha256, signatures, signedAt: form.signedAt });
    appendAudit(db, { actor, ip, action: 'record-withdraw', inspectionId, subject: `record form v${form.version}`, before: { signatures: form.signatures }, after: { signatures } });
  })();
  return currentRecordForm(db, inspectionId)!;
}

/** Opens a correction of the signed form: a new draft version; the signed one stays until the correction is signed. */
export function correctRecordForm(db: Db, inspectionId: number, by: Actor, reason: string): RecordFormVersion {
  const { actor, ip } = actorOf(by);
  const inspection = inspectionFor(db, inspectionId);
  if (!inspection.inspectors.includes(actor)) throw new ReviewError('只有本检查对象匹配的执法人员可以提出更正 (only the matched inspectors correct a record)');
  if (!reason.trim()) throw new ReviewError('更正须写明理由 (a correction needs a reason)');
  const form = currentRecordForm(db, inspectionId);
  if (form?.status !== 'signed') throw new ReviewError('只有已签署的记录表可以更正 (only a signed record form is corrected)');
  db.transaction(() => {
    insertRecordForm(db, { inspectionId, version: form.version + 1, content: form.content, contentSha256: form.contentSha256, correctionOf: form.id, correctionReason: reason.trim() });
    appendAudit(db, { actor, ip, action: 'record-correct', inspectionId, subject: `record form v${form.version} → v${form.version + 1}`, after: { reason: reason.trim() } });
  })();
  return currentRecordForm(db, inspectionId)!;
}
