// Review of draft findings (seeds/000, 003): inspections (检查对象) assigned to inspectors, the
// items they confirm, reject, amend or add, the audit log of every action (执法全过程记录), and
// the versions of the online check record (网上检查记录表) they sign. Nothing here is ever
// overwritten: an item's history is its versions, a record form's corrections are new versions,
// and the audit log is append-only (triggers of migration 5 refuse the rest).
import type { EvidenceFile, PlatformRecord, Verdict } from '../../rules/types.js';
import { VERDICTS } from '../../rules/types.js';
import { CATALOGUE_CHECKS } from '../campaign/items.js';
import type { Finding } from '../findings/finding.js';
import type { Db } from './database.js';
import { findingsBySeq } from './scans.js';
import { InputError } from '../input-error.js';

export type Role = 'inspector' | 'lead';

/** Why a review action was refused; nothing was changed. The message is for the inspector. */
export class ReviewError extends InputError {
  override name = 'ReviewError';
}

export interface Inspection {
  id: number;
  platform: PlatformRecord;
  origin: 'draw' | 'routine';
  drawId: string | null;
  campaignId: string | null;
  campaignName: string | null;
  checks: string[];
  unit: string | null;
  inspectors: string[];
  assistants: string[];
  deadline: string | null;
  runId: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** Offline items (checks.md "Items only a written or on-site check can decide") an inspector records by hand. */
export const OFFLINE_ITEMS = ['item-6', 'item-7', 'item-13', 'item-14', 'item-16'] as const;

interface InspectionRow {
  id: number;
  platform_id: string;
  origin: 'draw' | 'routine';
  draw_id: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  checks: string;
  unit: string | null;
  inspectors: string;
  assistants: string;
  deadline: string | null;
  run_id: string | null;
  created_at: string;
  created_by: string | null;
  p_name: string | null;
  p_uscc: string | null;
  p_url: string | null;
  p_platform: string | null;
  p_region: string | null;
  p_risk: PlatformRecord['risk'] | null;
}

// Inspections of a superseded draw drop out of every list: the redraw replaced them.
const SELECT_INSPECTION = `
  SELECT i.*, p.name AS p_name, p.uscc AS p_uscc, p.url AS p_url, p.platform AS p_platform, p.region AS p_region, p.risk AS p_risk
  FROM inspections i LEFT JOIN platforms p ON p.id = i.platform_id`;
const CURRENT = `(i.draw_id IS NULL OR NOT EXISTS (SELECT 1 FROM draws n WHERE n.supersedes = i.draw_id))`;

function inspectionOf(r: InspectionRow): Inspection {
  // A platform drawn from a roster that was never imported is shown by its id until it is.
  const platform: PlatformRecord = {
    id: r.platform_id,
    name: r.p_name ?? r.platform_id,
    uscc: r.p_uscc ?? '',
    url: r.p_url ?? '',
    platform: r.p_platform ?? undefined,
    region: r.p_region ?? undefined,
    risk: r.p_risk ?? 'general',
  };
  return {
    id: r.id,
    platform,
    origin: r.origin,
    drawId: r.draw_id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    checks: JSON.parse(r.checks) as string[],
    unit: r.unit,
    inspectors: JSON.parse(r.inspectors) as string[],
    assistants: JSON.parse(r.assistants) as string[],
    deadline: r.deadline,
    runId: r.run_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

const now = () => new Date().toISOString();

/** The unit of an account (accounts migration), when that account exists. */
function unitOfUser(db: Db, id: string | undefined): string | null {
  if (id === undefined) return null;
  const hasUsers = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'`).get();
  if (!hasUsers) return null;
  return (db.prepare('SELECT unit FROM users WHERE id = ?').get(id) as { unit: string } | undefined)?.unit ?? null;
}

interface DrawTargets {
  campaign: { id: string; name: string; checks: string[]; deadline?: string; window: { to: string } };
  targets: { platformId: string; inspectors: string[]; assistants: string[] }[];
}

/**
 * Creates the inspections of every current draw's targets that have none yet, each bound to its
 * platform's newest finished scan with that scan's drafts made; returns how many. Called when a
 * draw is stored (and at the review server's start, for draws stored before it kept this rule).
 */
export function createDrawInspections(db: Db): number {
  const draws = db.prepare(`SELECT d.id, d.record FROM draws d WHERE NOT EXISTS (SELECT 1 FROM draws n WHERE n.supersedes = d.id)`).all() as { id: string; record: string }[];
  const insert = db.prepare(`
    INSERT OR IGNORE INTO inspections (platform_id, origin, draw_id, campaign_id, campaign_name, checks, unit, inspectors, assistants, deadline, created_at)
    VALUES (?, 'draw', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let created = 0;
  db.transaction(() => {
    for (const d of draws) {
      const record = JSON.parse(d.record) as DrawTargets;
      for (const t of record.targets) {
        const deadline = record.campaign.deadline ?? record.campaign.window.to;
        const r = insert.run(t.platformId, d.id, record.campaign.id, record.campaign.name, JSON.stringify(record.campaign.checks), unitOfUser(db, t.inspectors[0]), JSON.stringify(t.inspectors), JSON.stringify(t.assistants), deadline, now());
        if (!r.changes) continue;
        created++;
        const id = Number(r.lastInsertRowid);
        appendAudit(db, { actor: null, action: 'inspection-created', inspectionId: id, subject: t.platformId, after: { drawId: d.id, inspectors: t.inspectors } });
        bindLatestRun(db, getInspection(db, id)!);
      }
    }
  })();
  return created;
}

export interface RoutineInspectionRequest {
  platformId: string;
  unit: string;
  inspectors: readonly string[];
  checks?: readonly string[];
  runId?: string | null;
  deadline?: string | null;
  actor: string;
}

/** A unit's own online check (每月线上检查), outside any draw; two inspectors sign it like any other. */
export function createRoutineInspection(db: Db, req: RoutineInspectionRequest): Inspection {
  if (new Set(req.inspectors).size < 2) throw new ReviewError('网上检查须由两名执法人员进行 (an online check needs two inspectors)');
  if (!db.prepare('SELECT 1 FROM platforms WHERE id = ?').get(req.platformId)) throw new ReviewError(`平台 ${req.platformId} 不在名录库中 (platform not in the roster)`);
  if (req.runId && !db.prepare(`SELECT 1 FROM run_platforms WHERE run_id = ? AND platform_id = ? AND status = 'done'`).get(req.runId, req.platformId)) {
    throw new ReviewError(`扫描 ${req.runId} 没有平台 ${req.platformId} 的完整结果 (the run has no finished visit of the platform)`);
  }
  const checks = req.checks?.length ? [...req.checks] : Object.keys(CATALOGUE_CHECKS);
  let id = 0;
  db.transaction(() => {
    const r = db
      .prepare(
        `INSERT INTO inspections (platform_id, origin, checks, unit, inspectors, assistants, deadline, run_id, created_at, created_by)
         VALUES (?, 'routine', ?, ?, ?, '[]', ?, ?, ?, ?)`,
      )
      .run(req.platformId, JSON.stringify(checks), req.unit, JSON.stringify([...new Set(req.inspectors)]), req.deadline ?? null, req.runId ?? null, now(), req.actor);
    id = Number(r.lastInsertRowid);
    appendAudit(db, { actor: req.actor, action: 'inspection-created', inspectionId: id, subject: req.platformId, after: { unit: req.unit, inspectors: req.inspectors, runId: req.runId ?? null } });
    const inspection = getInspection(db, id)!;
    if (inspection.runId) materialise(db, inspection);
    else bindLatestRun(db, inspection);
  })();
  return getInspection(db, id)!;
}

export function getInspection(db: Db, id: number): Inspection | undefined {
  const row = db.prepare(`${SELECT_INSPECTION} WHERE i.id = ?`).get(id) as InspectionRow | undefined;
  return row && inspectionOf(row);
}

/** Current inspections, newest deadline last; `inspector` matches inspectors and assistants. */
export function listInspections(db: Db, filter: { inspector?: string; unit?: string } = {}): Inspection[] {
  const rows = db.prepare(`${SELECT_INSPECTION} WHERE ${CURRENT} ORDER BY COALESCE(i.deadline, '9999'), i.id`).all() as InspectionRow[];
  return rows
    .map(inspectionOf)
    .filter((i) => filter.inspector === undefined || i.inspectors.includes(filter.inspector) || i.assistants.includes(filter.inspector))
    .filter((i) => filter.unit === undefined || i.unit === filter.unit);
}

/** A run's findings of the inspection's platform that the inspection's checks cover, in order. */
function findingsInScope(db: Db, inspection: Inspection, runId: string): { seq: number; check_id: string; verdict: Verdict }[] {
  const rows = db.prepare('SELECT seq, check_id, verdict FROM findings WHERE run_id = ? AND platform_id = ? ORDER BY seq').all(runId, inspection.platform.id) as { seq: number; check_id: string; verdict: Verdict }[];
  return rows.filter((r) => inScope(r.check_id, inspection.checks));
}

/** The newest run in which the platform's visit finished. */
export function latestDoneRun(db: Db, platformId: string): string | undefined {
  const row = db
    .prepare(`SELECT run_id FROM run_platforms WHERE platform_id = ? AND status = 'done' ORDER BY finished_at DESC LIMIT 1`)
    .get(platformId) as { run_id: string } | undefined;
  return row?.run_id;
}

/**
 * Who acts: an account id, with the client's address when the act came over the web (the
 * forwarded one behind --trust-proxy); a console or test act gives the id alone.
 */
export type Actor = string | { id: string; ip: string | null };

/** The account id and address of an actor, for the audit log. */
export const actorOf = (by: Actor): { actor: string; ip: string | null } => (typeof by === 'string' ? { actor: by, ip: null } : { actor: by.id, ip: by.ip });

/**
 * Binds an unbound inspection to a finished run of its platform and makes the run's in-scope
 * findings its draft items, with the audit entry, in one transaction; a bound one is left as it is.
 */
function bindRun(db: Db, inspection: Inspection, runId: string): void {
  if (inspection.runId) return;
  db.transaction(() => {
    if (!db.prepare('UPDATE inspections SET run_id = ? WHERE id = ? AND run_id IS NULL').run(runId, inspection.id).changes) return;
    appendAudit(db, { actor: null, action: 'run-bound', inspectionId: inspection.id, subject: inspection.platform.id, before: { runId: null }, after: { runId } });
    materialise(db, { ...inspection, runId });
  })();
}

function bindLatestRun(db: Db, inspection: Inspection): void {
  const runId = latestDoneRun(db, inspection.platform.id);
  if (runId) bindRun(db, inspection, runId);
}

/**
 * A platform's visit in `runId` finished: the platform's inspections still waiting for a scan are
 * bound to it, their drafts made; returns how many. Called by the scan as each platform is done.
 */
export function bindWaitingInspections(db: Db, runId: string, platformId: string): number {
  const waiting = (db.prepare(`SELECT id FROM inspections i WHERE i.platform_id = ? AND i.run_id IS NULL AND ${CURRENT}`).all(platformId) as { id: number }[]).map((r) => getInspection(db, r.id)!);
  for (const inspection of waiting) bindRun(db, inspection, runId);
  return waiting.length;
}

/**
 * The hand-offs a database from before they were made at their cause may still owe: inspections
 * of stored draws, waiting inspections whose platform has a finished scan, and the drafts of bound
 * ones. Idempotent; run when the review server starts.
 */
export function catchUpHandOffs(db: Db): void {
  createDrawInspections(db);
  for (const inspection of listInspections(db)) {
    if (inspection.runId) materialise(db, inspection);
    else bindLatestRun(db, inspection);
  }
}

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

/** Whether a finding of `checkId` belongs to an inspection covering `checks` (check ids or item-N). */
export function inScope(checkId: string, checks: readonly string[]): boolean {
  if (checks.includes(checkId)) return true;
  return (CATALOGUE_CHECKS[checkId] ?? []).some((n) => checks.includes(`item-${n}`));
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

const insertVersion = (db: Db, itemId: number, v: ItemVersion) =>
  db
    .prepare(`INSERT INTO review_versions (item_id, version, status, verdict, summary, subject, details, evidence, reason, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(itemId, v.version, v.status, v.verdict, v.summary, v.subject, JSON.stringify(v.details), JSON.stringify(v.evidence), v.reason, v.author, v.at);

/** The bound run's findings in scope become draft items (once: a finding is one item an inspection). */
function materialise(db: Db, inspection: Inspection): void {
  if (!inspection.runId) return;
  const known = new Set((db.prepare('SELECT finding_seq FROM review_items WHERE inspection_id = ? AND finding_seq IS NOT NULL').all(inspection.id) as { finding_seq: number }[]).map((r) => r.finding_seq));
  const fresh = findingsInScope(db, inspection, inspection.runId).filter((r) => !known.has(r.seq));
  if (!fresh.length) return;
  const findings = findingsBySeq(db, fresh.map((r) => r.seq));
  db.transaction(() => {
    for (const { seq, check_id } of fresh) {
      const r = db.prepare(`INSERT OR IGNORE INTO review_items (inspection_id, check_id, origin, finding_seq) VALUES (?, ?, 'automated', ?)`).run(inspection.id, check_id, seq);
      if (!r.changes) continue;
      const f = findings.get(seq)!;
      insertVersion(db, Number(r.lastInsertRowid), { version: 1, status: 'draft', verdict: f.verdict, summary: f.summary, subject: f.subject, details: f.details, evidence: f.evidence, reason: null, author: null, at: f.capturedAt });
    }
  })();
}

/** The inspection's items with their versions. */
export function reviewItems(db: Db, inspectionId: number): ReviewItem[] {
  const inspection = getInspection(db, inspectionId);
  if (!inspection) throw new ReviewError(`没有检查对象 ${inspectionId}`);
  const items = db.prepare('SELECT id, check_id, origin, finding_seq FROM review_items WHERE inspection_id = ? ORDER BY id').all(inspectionId) as { id: number; check_id: string; origin: ReviewItem['origin']; finding_seq: number | null }[];
  if (!items.length) return [];
  const versions = db
    .prepare(`SELECT v.* FROM review_versions v JOIN review_items i ON i.id = v.item_id WHERE i.inspection_id = ? ORDER BY v.item_id, v.version`)
    .all(inspectionId) as VersionRow[];
  const seqs = items.flatMap((i) => (i.finding_seq === null ? [] : [i.finding_seq]));
  const originals = findingsBySeq(db, seqs);
  const runDir = inspection.runId ? ((db.prepare('SELECT out_dir FROM runs WHERE id = ?').get(inspection.runId) as { out_dir: string } | undefined)?.out_dir ?? null) : null;
  return items.map((i) => {
    const own = versions.filter((v) => v.item_id === i.id).map(versionOf);
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

/** A review item by its id, whichever inspection holds it. */
export function getReviewItem(db: Db, itemId: number): ReviewItem | undefined {
  const row = db.prepare('SELECT inspection_id FROM review_items WHERE id = ?').get(itemId) as { inspection_id: number } | undefined;
  return row && reviewItems(db, row.inspection_id).find((i) => i.id === itemId);
}

function itemOf(db: Db, itemId: number): ReviewItem {
  const item = getReviewItem(db, itemId);
  if (!item) throw new ReviewError(`没有审核条目 ${itemId} (no such review item)`);
  return item;
}

function assertUnlocked(db: Db, inspectionId: number): void {
  if (isLocked(db, inspectionId)) throw new ReviewError('记录表已签名，检查结果已锁定；如需修改请先撤回签名或提出更正 (the record form is signed: withdraw the signature or correct it first)');
}

/** Adds the item's next version (and its audit entry) in one transaction. */
function nextVersion(db: Db, item: ReviewItem, by: Actor, action: string, change: Partial<ItemVersion>): ItemVersion {
  const { actor, ip } = actorOf(by);
  assertUnlocked(db, item.inspectionId);
  const v: ItemVersion = { ...item.current, reason: null, ...change, version: item.current.version + 1, author: actor, at: now() };
  db.transaction(() => {
    insertVersion(db, item.id, v);
    appendAudit(db, { actor, ip, action, inspectionId: item.inspectionId, subject: `item ${item.id} ${item.checkId}`, before: item.current, after: v });
  })();
  return v;
}

export function confirmItem(db: Db, itemId: number, by: Actor, note?: string): ItemVersion {
  const item = itemOf(db, itemId);
  return nextVersion(db, item, by, 'confirm', { status: 'confirmed', reason: note?.trim() || null });
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
  let id = 0;
  db.transaction(() => {
    id = Number(db.prepare(`INSERT INTO review_items (inspection_id, check_id, origin) VALUES (?, ?, 'inspector')`).run(inspectionId, finding.checkId).lastInsertRowid);
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
      at: now(),
    };
    insertVersion(db, id, v);
    appendAudit(db, { actor, ip, action: 'add', inspectionId, subject: `item ${id} ${finding.checkId}`, after: v });
  })();
  return itemOf(db, id);
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  inspectionId: number | null;
  subject: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditRecord {
  actor: string | null;
  action: string;
  inspectionId?: number | null;
  subject?: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export function appendAudit(db: Db, e: AuditRecord): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, inspection_id, subject, before, after, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    now(),
    e.actor,
    e.action,
    e.inspectionId ?? null,
    e.subject ?? null,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
    e.ip ?? null,
  );
}

export interface AuditFilter {
  inspectionId?: number;
  actor?: string;
  /** UTC ISO bounds, [from, to). */
  from?: string;
  to?: string;
  limit?: number;
}

export function listAudit(db: Db, filter: AuditFilter = {}): AuditEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.inspectionId !== undefined) (where.push('inspection_id = ?'), args.push(filter.inspectionId));
  if (filter.actor !== undefined) (where.push('actor = ?'), args.push(filter.actor));
  if (filter.from !== undefined) (where.push('at >= ?'), args.push(filter.from));
  if (filter.to !== undefined) (where.push('at < ?'), args.push(filter.to));
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC ${filter.limit ? `LIMIT ${Math.floor(filter.limit)}` : ''}`;
  const rows = db.prepare(sql).all(...args) as { seq: number; at: string; actor: string | null; action: string; inspection_id: number | null; subject: string | null; before: string | null; after: string | null; ip: string | null }[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    inspectionId: r.inspection_id,
    subject: r.subject,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    ip: r.ip,
  }));
}

export interface Signature {
  inspector: string;
  at: string;
}

export interface RecordFormVersion {
  id: number;
  inspectionId: number;
  version: number;
  status: 'draft' | 'signed' | 'superseded';
  content: unknown;
  contentSha256: string | null;
  signatures: Signature[];
  pdfPath: string | null;
  pdfSha256: string | null;
  createdAt: string;
  signedAt: string | null;
  correctionOf: number | null;
  correctionReason: string | null;
}

interface RecordFormRow {
  id: number;
  inspection_id: number;
  version: number;
  status: RecordFormVersion['status'];
  content: string | null;
  content_sha256: string | null;
  signatures: string;
  pdf_path: string | null;
  pdf_sha256: string | null;
  created_at: string;
  signed_at: string | null;
  correction_of: number | null;
  correction_reason: string | null;
}

const formOf = (r: RecordFormRow): RecordFormVersion => ({
  id: r.id,
  inspectionId: r.inspection_id,
  version: r.version,
  status: r.status,
  content: r.content === null ? null : JSON.parse(r.content),
  contentSha256: r.content_sha256,
  signatures: JSON.parse(r.signatures) as Signature[],
  pdfPath: r.pdf_path,
  pdfSha256: r.pdf_sha256,
  createdAt: r.created_at,
  signedAt: r.signed_at,
  correctionOf: r.correction_of,
  correctionReason: r.correction_reason,
});

export function recordFormVersions(db: Db, inspectionId: number): RecordFormVersion[] {
  return (db.prepare('SELECT * FROM record_forms WHERE inspection_id = ? ORDER BY version').all(inspectionId) as RecordFormRow[]).map(formOf);
}

/** The newest version: the one being signed or corrected, or the signed one. */
export function currentRecordForm(db: Db, inspectionId: number): RecordFormVersion | undefined {
  const row = db.prepare('SELECT * FROM record_forms WHERE inspection_id = ? ORDER BY version DESC LIMIT 1').get(inspectionId) as RecordFormRow | undefined;
  return row && formOf(row);
}

/** Items are locked from the first signature until a correction is opened. */
export function isLocked(db: Db, inspectionId: number): boolean {
  const form = currentRecordForm(db, inspectionId);
  return form !== undefined && (form.status !== 'draft' || form.signatures.length > 0);
}

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
    if (form) db.prepare('UPDATE record_forms SET content = ?, content_sha256 = ? WHERE id = ?').run(JSON.stringify(content), contentSha256, form.id);
    else db.prepare(`INSERT INTO record_forms (inspection_id, version, status, content, content_sha256, created_at) VALUES (?, 1, 'draft', ?, ?, ?)`).run(inspectionId, JSON.stringify(content), contentSha256, now());
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
  const signatures = [...(form?.signatures ?? []), { inspector: actor, at: now() }];
  const complete = inspection.inspectors.every((i) => signatures.some((s) => s.inspector === i));
  db.transaction(() => {
    let id: number;
    if (form) {
      id = form.id;
      db.prepare('UPDATE record_forms SET content = ?, content_sha256 = ?, signatures = ?, signed_at = ? WHERE id = ?').run(JSON.stringify(content), contentSha256, JSON.stringify(signatures), complete ? now() : null, id);
    } else {
      id = Number(
        db
          .prepare(`INSERT INTO record_forms (inspection_id, version, status, content, content_sha256, signatures, signed_at, created_at) VALUES (?, 1, 'draft', ?, ?, ?, ?, ?)`)
          .run(inspectionId, JSON.stringify(content), contentSha256, JSON.stringify(signatures), complete ? now() : null, now()).lastInsertRowid,
      );
    }
    if (complete) {
      db.prepare(`UPDATE record_forms SET status = 'signed' WHERE id = ?`).run(id);
      if (form?.correctionOf) db.prepare(`UPDATE record_forms SET status = 'superseded' WHERE id = ?`).run(form.correctionOf);
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
    db.prepare('UPDATE record_forms SET signatures = ? WHERE id = ?').run(JSON.stringify(signatures), form.id);
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
    db.prepare(`INSERT INTO record_forms (inspection_id, version, status, content, content_sha256, created_at, correction_of, correction_reason) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?)`).run(
      inspectionId,
      form.version + 1,
      JSON.stringify(form.content),
      form.contentSha256,
      now(),
      form.id,
      reason.trim(),
    );
    appendAudit(db, { actor, ip, action: 'record-correct', inspectionId, subject: `record form v${form.version} → v${form.version + 1}`, after: { reason: reason.trim() } });
  })();
  return currentRecordForm(db, inspectionId)!;
}

export function attachPdf(db: Db, recordFormId: number, path: string, sha256: string): void {
  // The PDF is printed from the signed content, so it may be attached after signing.
  db.prepare('UPDATE record_forms SET pdf_path = ?, pdf_sha256 = ? WHERE id = ?').run(path, sha256, recordFormId);
}

export interface SignedCheck {
  recordFormId: number;
  inspectionId: number;
  platformId: string;
  unit: string | null;
  inspectors: string[];
  /** When this version was signed. */
  signedAt: string;
  /** When the check was first signed: a correction does not move the check to another month. */
  firstSignedAt: string;
  content: unknown;
}

/** Checks whose record form is signed (the current signed version of each), first signed in [from, to) (UTC ISO). */
export function signedRecordForms(db: Db, range: { from: string; to: string }): SignedCheck[] {
  const rows = db
    .prepare(
      `SELECT f.id, f.inspection_id, f.signed_at, f.content, i.platform_id, i.unit, i.inspectors,
              (SELECT MIN(g.signed_at) FROM record_forms g WHERE g.inspection_id = f.inspection_id AND g.signed_at IS NOT NULL) AS first_signed_at
       FROM record_forms f JOIN inspections i ON i.id = f.inspection_id
       WHERE f.status = 'signed'`,
    )
    .all() as { id: number; inspection_id: number; signed_at: string; content: string; platform_id: string; unit: string | null; inspectors: string; first_signed_at: string }[];
  return rows
    .filter((r) => r.first_signed_at >= range.from && r.first_signed_at < range.to)
    .map((r) => ({
      recordFormId: r.id,
      inspectionId: r.inspection_id,
      platformId: r.platform_id,
      unit: r.unit,
      inspectors: JSON.parse(r.inspectors) as string[],
      signedAt: r.signed_at,
      firstSignedAt: r.first_signed_at,
      content: JSON.parse(r.content),
    }));
}
