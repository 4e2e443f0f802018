// Review items: the results of an inspection, each the versions an inspector made of it over the
// draft the rules made (or the inspector's own first version). Versions are only ever added
// (triggers of migration 5 refuse the rest). Persistence only: the review rules are src/review's.
import type { EvidenceFile, Verdict } from '../../rules/types.js';
import type { Finding } from '../findings/finding.js';
import type { Db } from './database.js';
import { getInspection } from './inspections.js';
import { findingsBySeq, getRun } from './scans.js';

export interface ItemVersion {
  version: number;
  status: 'draft' | 'confirmed' | 'rejected';
  verdict: Verdict;
  summary: string;
  subject: string;
  details: Record<string, unknown>;
  evidence: EvidenceFile[];
  reason: string | null;
  /** Null for the tool's own draft. */
  author: string | null;
  at: string;
}

export interface ReviewItem {
  id: number;
  inspectionId: number;
  checkId: string;
  origin: 'automated' | 'inspector';
  original: Finding | null;
  current: ItemVersion;
  versions: ItemVersion[];
  /** The run folder the evidence paths are relative to. */
  runDir: string | null;
}

interface VersionRow {
  item_id: number;
  version: number;
  status: ItemVersion['status'];
  verdict: Verdict;
  summary: string;
  subject: string;
  details: string;
  evidence: string;
  reason: string | null;
  author: string | null;
  at: string;
}

const versionOf = (r: VersionRow): ItemVersion => ({
  version: r.version,
  status: r.status,
  verdict: r.verdict,
  summary: r.summary,
  subject: r.subject,
  details: JSON.parse(r.details) as Record<string, unknown>,
  evidence: JSON.parse(r.evidence) as EvidenceFile[],
  reason: r.reason,
  author: r.author,
  at: r.at,
});

/** Adds a version of an item (the next number, or 1 with the item). */
export function insertItemVersion(db: Db, itemId: number, v: ItemVersion): void {
  db
    .prepare(`INSERT INTO review_versions (item_id, version, status, verdict, summary, subject, details, evidence, reason, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(itemId, v.version, v.status, v.verdict, v.summary, v.subject, JSON.stringify(v.details), JSON.stringify(v.evidence), v.reason, v.author, v.at);
}

/** The inspection's items with their versions (none for an inspection that does not exist). */
export function reviewItems(db: Db, inspectionId: number): ReviewItem[] {
  return itemsOf(db, inspectionId, null);
}

/** A review item by its id, whichever inspection holds it. */
export function getReviewItem(db: Db, itemId: number): ReviewItem | undefined {
  const row = db.prepare('SELECT inspection_id FROM review_items WHERE id = ?').get(itemId) as { inspection_id: number } | undefined;
  return row && itemsOf(db, row.inspection_id, itemId)[0];
}

/** The items of an inspection, or the one of them `itemId` names (an act reads one, a page all). */
function itemsOf(db: Db, inspectionId: number, itemId: number | null): ReviewItem[] {
  const inspection = getInspection(db, inspectionId);
  if (!inspection) return [];
  const items = db
    .prepare('SELECT id, check_id, origin, finding_seq FROM review_items WHERE inspection_id = ? AND (? IS NULL OR id = ?) ORDER BY id')
    .all(inspectionId, itemId, itemId) as { id: number; check_id: string; origin: ReviewItem['origin']; finding_seq: number | null }[];
  if (!items.length) return [];
  const versions = db
    .prepare(`SELECT v.* FROM review_versions v JOIN review_items i ON i.id = v.item_id WHERE i.inspection_id = ? AND (? IS NULL OR i.id = ?) ORDER BY v.item_id, v.version`)
    .all(inspectionId, itemId, itemId) as VersionRow[];
  const seqs = items.flatMap((i) => (i.finding_seq === null ? [] : [i.finding_seq]));
  const originals = findingsBySeq(db, seqs);
  const runDir = (inspection.runId && getRun(db, inspection.runId)?.outDir) || null;
  const byItem = new Map<number, ItemVersion[]>();
  for (const v of versions) {
    const own = byItem.get(v.item_id);
    if (own) own.push(versionOf(v));
    else byItem.set(v.item_id, [versionOf(v)]);
  }
  return items.map((i) => {
    const own = byItem.get(i.id)!;
    return {
      id: i.id,
      inspectionId,
      checkId: i.check_id,
      origin: i.origin,
      original: i.finding_seq === null ? null : (originals.get(i.finding_seq) ?? null),
      current: own[own.length - 1]!,
      versions: own,
      runDir,
    };
  });
}

/** The findings an inspection's items started from, by row number. */
export function itemFindingSeqs(db: Db, inspectionId: number): Set<number> {
  const rows = db.prepare('SELECT finding_seq FROM review_items WHERE inspection_id = ? AND finding_seq IS NOT NULL').all(inspectionId) as { finding_seq: number }[];
  return new Set(rows.map((r) => r.finding_seq));
}

/** Stores an item with its first version; undefined when the finding is an item of the inspection already. */
export function insertReviewItem(db: Db, item: { inspectionId: number; checkId: string; origin: ReviewItem['origin']; findingSeq?: number }, first: ItemVersion): number | undefined {
  let id: number | undefined;
  db.transaction(() => {
    const r = db.prepare('INSERT OR IGNORE INTO review_items (inspection_id, check_id, origin, finding_seq) VALUES (?, ?, ?, ?)').run(item.inspectionId, item.checkId, item.origin, item.findingSeq ?? null);
    if (!r.changes) return;
    id = Number(r.lastInsertRowid);
    insertItemVersion(db, id, first);
  })();
  return id;
}
