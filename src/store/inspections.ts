// Inspections (检查对象): a drawn or a unit's own target, the inspectors matched to it and the run
// whose findings it reviews. Persistence only: who may create, bind or act is src/review's rule.
import type { PlatformRecord } from '../../rules/types.js';
import type { Db } from './database.js';

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

/** The current inspections of a platform still waiting for a scan to review. */
export function waitingInspections(db: Db, platformId: string): Inspection[] {
  const rows = db.prepare(`${SELECT_INSPECTION} WHERE i.platform_id = ? AND i.run_id IS NULL AND ${CURRENT} ORDER BY i.id`).all(platformId) as InspectionRow[];
  return rows.map(inspectionOf);
}

export type NewInspection = Pick<Inspection, 'origin' | 'checks' | 'unit' | 'inspectors' | 'assistants' | 'deadline'> & {
  platformId: string;
  drawId?: string;
  campaignId?: string;
  campaignName?: string;
  runId?: string | null;
  createdBy?: string;
};

/** Stores an inspection; undefined when the draw already has one for the platform (kept as it was). */
export function insertInspection(db: Db, i: NewInspection): number | undefined {
  const r = db
    .prepare(
      `INSERT OR IGNORE INTO inspections (platform_id, origin, draw_id, campaign_id, campaign_name, checks, unit, inspectors, assistants, deadline, run_id, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      i.platformId,
      i.origin,
      i.drawId ?? null,
      i.campaignId ?? null,
      i.campaignName ?? null,
      JSON.stringify(i.checks),
      i.unit,
      JSON.stringify(i.inspectors),
      JSON.stringify(i.assistants),
      i.deadline,
      i.runId ?? null,
      new Date().toISOString(),
      i.createdBy ?? null,
    );
  return r.changes ? Number(r.lastInsertRowid) : undefined;
}

/**
 * Carries a superseded draw's inspections over to the draw that supersedes it, with their review,
 * all but those of `except` (platform ids): a re-match after 回避 changes one target's officers and
 * leaves the others' work where it is.
 */
export function moveDrawInspections(db: Db, from: string, to: string, except: readonly string[]): number {
  return db.prepare(`UPDATE inspections SET draw_id = ? WHERE draw_id = ? AND platform_id NOT IN (SELECT value FROM json_each(?))`).run(to, from, JSON.stringify(except)).changes;
}

/** Binds an inspection to a run; false when it was bound already (a binding is never moved). */
export function setInspectionRun(db: Db, id: number, runId: string): boolean {
  return db.prepare('UPDATE inspections SET run_id = ? WHERE id = ? AND run_id IS NULL').run(runId, id).changes > 0;
}
