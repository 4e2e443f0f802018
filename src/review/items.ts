// What an inspector does to a result: confirm, reject (with a reason), amend the wording or the
// verdict, or add a result of their own. Each act is a new version with its audit entry; none is
// allowed while the record form carries a signature.
import { VERDICTS, type Verdict } from '../../rules/types.js';
import { CATALOGUE_CHECKS } from '../campaign/items.js';
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import { getInspection } from '../store/inspections.js';
import { currentRecordForm } from '../store/record-forms.js';
import { getReviewItem, insertItemVersion, insertReviewItem, reviewItems, type ItemVersion, type ReviewItem } from '../store/review-items.js';
import { actorOf, ReviewError, type Actor } from './acts.js';

/** Items are locked from the first signature until a correction is opened. */
export function isLocked(db: Db, inspectionId: number): boolean {
  const form = currentRecordForm(db, inspectionId);
  return form !== undefined && (form.status !== 'draft' || form.signatures.length > 0);
}

function assertUnlocked(db: Db, inspectionId: number): void {
  if (isLocked(db, inspectionId)) throw new ReviewError('记录表已签名，检查结果已锁定；如需修改请先撤回签名或提出更正 (the record form is signed: withdraw the signature or correct it first)');
}

function itemOf(db: Db, itemId: number): ReviewItem {
  const item = getReviewItem(db, itemId);
  if (!item) throw new ReviewError(`没有审核条目 ${itemId} (no such review item)`);
  return item;
}

/** Adds the item's next version (and its audit entry) in one transaction. */
function nextVersion(db: Db, item: ReviewItem, by: Actor, action: string, change: Partial<ItemVersion>): ItemVersion {
  const { actor, ip } = actorOf(by);
  assertUnlocked(db, item.inspectionId);
  const v: ItemVersion = { ...item.current, reason: null, ...change, version: item.current.version + 1, author: actor, at: new Date().toISOString() };
  db.transaction(() => {
    insertItemVersion(db, item.id, v);
    appendAudit(db, { actor, ip, action, inspectionId: item.inspectionId, subject: `item ${item.id} ${item.checkId}`, before: item.current, after: v });
  })();
  return v;
}

/** Confirms the result; confirming it again as it stands (same note) changes nothing. */
export function confirmItem(db: Db, itemId: number, by: Actor, note?: string): ItemVersion {
  const item = itemOf(db, itemId);
  const reason = note?.trim() || null;
  assertUnlocked(db, item.inspectionId);
  if (item.current.status === 'confirmed' && item.current.reason === reason) return item.current;
  return nextVersion(db, item, by, 'confirm', { status: 'confirmed', reason });
}

/** The verdicts whose drafts may be confirmed together: a violation or a needs-review is judged one by one. */
export const BULK_VERDICTS = ['compliant', 'not-checked'] as const;
export type BulkVerdict = (typeof BULK_VERDICTS)[number];
export const isBulkVerdict = (v: unknown): v is BulkVerdict => (BULK_VERDICTS as readonly unknown[]).includes(v);

/**
 * Confirms every draft of the inspection, or of one of its checks, whose verdict is `verdict`:
 * a version and an audit entry ('confirm-bulk') each, all in one transaction. Returns the items
 * confirmed; none is no error.
 */
export function confirmAll(db: Db, inspectionId: number, by: Actor, scope: { verdict: string; checkId?: string }): ReviewItem[] {
  if (!isBulkVerdict(scope.verdict)) throw new ReviewError(`只有“合规”和“未能检查”的结果可以批量确认，违法和待研判的结果须逐条确认 (bulk confirmation takes ${BULK_VERDICTS.join(' or ')} only)`);
  if (!getInspection(db, inspectionId)) throw new ReviewError(`没有检查对象 ${inspectionId}`);
  assertUnlocked(db, inspectionId);
  const chosen = reviewItems(db, inspectionId).filter((i) => i.current.status === 'draft' && i.current.verdict === scope.verdict && (scope.checkId === undefined || i.checkId === scope.checkId));
  db.transaction(() => {
    for (const item of chosen) nextVersion(db, item, by, 'confirm-bulk', { status: 'confirmed' });
  })();
  // read back once: one item at a time would read the whole inspection once an item
  const ids = new Set(chosen.map((i) => i.id));
  return reviewItems(db, inspectionId).filter((i) => ids.has(i.id));
}

export function rejectItem(db: Db, itemId: number, by: Actor, reason: string): ItemVersion {
  if (!reason.trim()) throw new ReviewError('驳回须写明理由 (a rejection needs a reason)');
  const item = itemOf(db, itemId);
  return nextVersion(db, item, by, 'reject', { status: 'rejected', reason: reason.trim() });
}

function checkVerdict(verdict: string | undefined): Verdict | undefined {
  if (verdict === undefined) return undefined;
  if (!(VERDICTS as readonly string[]).includes(verdict)) throw new ReviewError(`结论须为 ${VERDICTS.join('/')} (unknown verdict ${verdict})`);
  return verdict as Verdict;
}

/** A new version with the inspector's wording or verdict; it stays to be confirmed. */
export function amendItem(db: Db, itemId: number, by: Actor, change: { summary?: string; verdict?: string }): ItemVersion {
  const item = itemOf(db, itemId);
  const summary = change.summary?.trim();
  if (change.summary !== undefined && !summary) throw new ReviewError('摘要不能为空 (the summary cannot be empty)');
  const verdict = checkVerdict(change.verdict);
  return nextVersion(db, item, by, 'amend', { status: 'draft', ...(summary ? { summary } : {}), ...(verdict ? { verdict } : {}) });
}

/** How an inspector's own result was obtained: the statistics (附件2) count on-site checks apart. */
export const CHECK_MODES = ['online', 'written', 'on-site'] as const;
export type CheckMode = (typeof CHECK_MODES)[number];
export const isCheckMode = (v: unknown): v is CheckMode => (CHECK_MODES as readonly unknown[]).includes(v);

export interface HandFinding {
  checkId: string;
  verdict: string;
  summary: string;
  subject?: string;
  /** 网上检查, 书面审查 or 实地检查, kept in the version's details as `mode`; left out when not said. */
  mode?: string;
  details?: Record<string, unknown>;
}

/** A finding the inspector made (capturedBy inspector), or the result of an offline item; confirmed by its author. */
export function addItem(db: Db, inspectionId: number, by: Actor, finding: HandFinding): ReviewItem {
  const { actor, ip } = actorOf(by);
  const inspection = getInspection(db, inspectionId);
  if (!inspection) throw new ReviewError(`没有检查对象 ${inspectionId}`);
  assertUnlocked(db, inspectionId);
  const known = finding.checkId in CATALOGUE_CHECKS || /^item-(?:[1-9]|1[0-6])$/.test(finding.checkId);
  if (!known) throw new ReviewError(`未知的检查项 ${finding.checkId} (unknown check or item)`);
  const verdict = checkVerdict(finding.verdict)!;
  const summary = finding.summary.trim();
  if (!summary) throw new ReviewError('摘要不能为空 (the summary cannot be empty)');
  const mode = finding.mode;
  if (mode !== undefined && !isCheckMode(mode)) throw new ReviewError(`未知的检查方式 ${mode} (the mode is one of ${CHECK_MODES.join(', ')})`);
  const v: ItemVersion = {
    version: 1,
    status: 'confirmed',
    verdict,
    summary,
    subject: finding.subject?.trim() || inspection.platform.url,
    details: { ...(finding.details ?? {}), capturedBy: 'inspector', ...(mode ? { mode } : {}) },
    evidence: [],
    reason: null,
    author: actor,
    at: new Date().toISOString(),
  };
  let id = 0;
  db.transaction(() => {
    id = insertReviewItem(db, { inspectionId, checkId: finding.checkId, origin: 'inspector' }, v)!;
    appendAudit(db, { actor, ip, action: 'add', inspectionId, subject: `item ${id} ${finding.checkId}`, after: v });
  })();
  return itemOf(db, id);
}
