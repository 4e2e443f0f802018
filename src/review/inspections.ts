// How targets become inspections and inspections get their drafts: each hand-off happens when its
// cause happens (a draw is stored, a platform's scan finishes, a unit opens its own check), with
// its audit entry, and catchUpHandOffs owes nothing once it has run.
import { CATALOGUE_CHECKS, UNSERVED_ITEMS } from '../campaign/items.js';
import { unitOfAccount } from '../store/accounts.js';
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import { currentDraws } from '../store/draws.js';
import { getInspection, insertInspection, listInspections, setInspectionRun, waitingInspections, type Inspection } from '../store/inspections.js';
import { insertReviewItem, itemFindingSeqs } from '../store/review-items.js';
import { findingsBySeq, getPlatform, latestDoneRun, platformFindingChecks, visitDone } from '../store/scans.js';
import { ReviewError } from './acts.js';

/** Offline items (checks.md "Items only a written or on-site check can decide") an inspector records by hand. */
export const OFFLINE_ITEMS = ['item-6', 'item-7', 'item-13', 'item-14', 'item-16'] as const;

/** Items no check serves that are not written or on-site ones: recorded by hand until a check serves them. */
export const UNSERVED_ONLINE_ITEMS: readonly string[] = UNSERVED_ITEMS.filter((id) => !(OFFLINE_ITEMS as readonly string[]).includes(id));

/** Whether a finding of `checkId` belongs to an inspection covering `checks` (check ids or item-N). */
export function inScope(checkId: string, checks: readonly string[]): boolean {
  if (checks.includes(checkId)) return true;
  return (CATALOGUE_CHECKS[checkId] ?? []).some((n) => checks.includes(`item-${n}`));
}

interface DrawTargets {
  // an imported provincial task (provincial-task.ts) has its deadline and no window
  campaign: { id: string; name: string; checks: string[]; deadline?: string; window?: { to: string } };
  targets: { platformId: string; inspectors: string[]; assistants: string[] }[];
}

/**
 * Creates the inspections of every current draw's targets that have none yet, each bound to its
 * platform's newest finished scan with that scan's drafts made; returns how many. Called when a
 * draw is stored (and at the review server's start, for draws stored before it kept this rule).
 */
export function createDrawInspections(db: Db): number {
  let created = 0;
  db.transaction(() => {
    for (const d of currentDraws(db)) {
      const { campaign, targets } = JSON.parse(d.record) as DrawTargets;
      for (const t of targets) {
        const id = insertInspection(db, {
          platformId: t.platformId,
          origin: 'draw',
          drawId: d.id,
          campaignId: campaign.id,
          campaignName: campaign.name,
          checks: campaign.checks,
          unit: t.inspectors[0] === undefined ? null : unitOfAccount(db, t.inspectors[0]),
          inspectors: t.inspectors,
          assistants: t.assistants,
          deadline: campaign.deadline ?? campaign.window?.to ?? null,
        });
        if (id === undefined) continue;
        created++;
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
  const inspectors = [...new Set(req.inspectors)];
  if (inspectors.length < 2) throw new ReviewError('网上检查须由两名执法人员进行 (an online check needs two inspectors)');
  if (!getPlatform(db, req.platformId)) throw new ReviewError(`平台 ${req.platformId} 不在名录库中 (platform not in the roster)`);
  if (req.runId && !visitDone(db, req.runId, req.platformId)) throw new ReviewError(`扫描 ${req.runId} 没有平台 ${req.platformId} 的完整结果 (the run has no finished visit of the platform)`);
  let id = 0;
  db.transaction(() => {
    id = insertInspection(db, {
      platformId: req.platformId,
      origin: 'routine',
      checks: req.checks?.length ? [...req.checks] : Object.keys(CATALOGUE_CHECKS),
      unit: req.unit,
      inspectors,
      assistants: [],
      deadline: req.deadline ?? null,
      runId: req.runId ?? null,
      createdBy: req.actor,
    })!;
    appendAudit(db, { actor: req.actor, action: 'inspection-created', inspectionId: id, subject: req.platformId, after: { unit: req.unit, inspectors: req.inspectors, runId: req.runId ?? null } });
    const inspection = getInspection(db, id)!;
    if (inspection.runId) materialise(db, inspection);
    else bindLatestRun(db, inspection);
  })();
  return getInspection(db, id)!;
}

/**
 * Binds an unbound inspection to a finished run of its platform and makes the run's in-scope
 * findings its draft items, with the audit entry, in one transaction; a bound one is left as it is.
 */
function bindRun(db: Db, inspection: Inspection, runId: string): void {
  if (inspection.runId) return;
  db.transaction(() => {
    if (!setInspectionRun(db, inspection.id, runId)) return;
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
  const waiting = waitingInspections(db, platformId);
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

/** The bound run's findings in scope become draft items (once: a finding is one item an inspection). */
function materialise(db: Db, inspection: Inspection): void {
  if (!inspection.runId) return;
  const known = itemFindingSeqs(db, inspection.id);
  const fresh = platformFindingChecks(db, inspection.runId, inspection.platform.id).filter((f) => !known.has(f.seq) && inScope(f.checkId, inspection.checks));
  if (!fresh.length) return;
  const findings = findingsBySeq(db, fresh.map((f) => f.seq));
  db.transaction(() => {
    for (const { seq, checkId } of fresh) {
      const f = findings.get(seq)!;
      insertReviewItem(db, { inspectionId: inspection.id, checkId, origin: 'automated', findingSeq: seq }, { version: 1, status: 'draft', verdict: f.verdict, summary: f.summary, subject: f.subject, details: f.details, evidence: f.evidence, reason: null, author: null, at: f.capturedAt });
    }
  })();
}
