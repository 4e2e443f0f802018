// Sweeps, their targets and findings (migration 15). A target's findings are stored in the same
// transaction that marks it done: a killed sweep leaves each target's results whole or absent.
import type { Verdict } from '../../rules/types.js';
import type { Finding } from '../findings/finding.js';
import type { Db } from './database.js';

export interface SweepRecord {
  id: string;
  kind: 'self-built' | 'shop';
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'finished';
  outDir: string;
  sitesPath: string;
  sitesSha256: string;
  checks: string[];
  toolVersion: string;
}

interface SweepRow {
  id: string;
  kind: 'self-built' | 'shop';
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'finished';
  out_dir: string;
  sites_path: string;
  sites_sha256: string;
  checks: string;
  tool_version: string;
}

const sweepOf = (r: SweepRow): SweepRecord => ({
  id: r.id,
  kind: r.kind,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  outDir: r.out_dir,
  sitesPath: r.sites_path,
  sitesSha256: r.sites_sha256,
  checks: JSON.parse(r.checks) as string[],
  toolVersion: r.tool_version,
});

/** A target as stored: its record (the sweep's own type) is kept as JSON. */
export interface StoredTarget<T> {
  target: T;
  status: 'pending' | 'done';
}

export function createSweep<T extends { id: string }>(db: Db, sweep: Omit<SweepRecord, 'finishedAt' | 'status'>, targets: readonly T[], options: unknown): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO sweeps (id, kind, started_at, status, out_dir, sites_path, sites_sha256, checks, options, tool_version)
       VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
    ).run(sweep.id, sweep.kind, sweep.startedAt, sweep.outDir, sweep.sitesPath, sweep.sitesSha256, JSON.stringify(sweep.checks), JSON.stringify(options), sweep.toolVersion);
    const insert = db.prepare(`INSERT INTO sweep_targets (sweep_id, target_id, position, record, status) VALUES (?, ?, ?, ?, 'pending')`);
    targets.forEach((t, i) => insert.run(sweep.id, t.id, i, JSON.stringify(t)));
  })();
}

export function getSweep(db: Db, id: string): SweepRecord | undefined {
  const row = db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
  return row && sweepOf(row);
}

/** The newest unfinished sweep of the same list content, kind and checks (and folder, when one is asked for). */
export function findUnfinishedSweep(db: Db, sitesSha256: string, kind: string, checks: readonly string[], outDir?: string): SweepRecord | undefined {
  const rows = db.prepare(`SELECT * FROM sweeps WHERE status = 'running' AND sites_sha256 = ? AND kind = ? AND checks = ? ORDER BY started_at DESC`).all(sitesSha256, kind, JSON.stringify(checks)) as SweepRow[];
  return rows.map(sweepOf).find((s) => !outDir || s.outDir === outDir);
}

export function sweepTargets<T>(db: Db, sweepId: string): StoredTarget<T>[] {
  const rows = db.prepare('SELECT record, status FROM sweep_targets WHERE sweep_id = ? ORDER BY position').all(sweepId) as { record: string; status: 'pending' | 'done' }[];
  return rows.map((r) => ({ target: JSON.parse(r.record) as T, status: r.status }));
}

/** A target's findings, and the target marked done, in one transaction (findings it had before are replaced). */
export function completeTarget(db: Db, sweepId: string, targetId: string, findings: readonly Finding[], pages: number, browser: string | null): void {
  const insert = db.prepare('INSERT INTO sweep_findings (sweep_id, target_id, check_id, verdict, finding) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM sweep_findings WHERE sweep_id = ? AND target_id = ?').run(sweepId, targetId);
    for (const f of findings) insert.run(sweepId, targetId, f.checkId, f.verdict, JSON.stringify(f));
    db.prepare(`UPDATE sweep_targets SET status = 'done', pages = ?, browser = ?, finished_at = ? WHERE sweep_id = ? AND target_id = ?`).run(pages, browser, new Date().toISOString(), sweepId, targetId);
  })();
}

/** The sweep's findings in list order, then in the order the checks made them, one at a time (a province's list is large). */
export function* sweepFindings(db: Db, sweepId: string): Generator<{ targetId: string; finding: Finding }> {
  const rows = db
    .prepare(
      `SELECT f.target_id, f.finding FROM sweep_findings f JOIN sweep_targets t ON t.sweep_id = f.sweep_id AND t.target_id = f.target_id
       WHERE f.sweep_id = ? ORDER BY t.position, f.seq`,
    )
    .iterate(sweepId) as Iterable<{ target_id: string; finding: string }>;
  for (const row of rows) yield { targetId: row.target_id, finding: JSON.parse(row.finding) as Finding };
}

/** Findings by check and verdict. */
export function sweepCounts(db: Db, sweepId: string): { checkId: string; verdict: Verdict; count: number }[] {
  return db.prepare('SELECT check_id AS checkId, verdict, COUNT(*) AS count FROM sweep_findings WHERE sweep_id = ? GROUP BY check_id, verdict ORDER BY check_id, verdict').all(sweepId) as { checkId: string; verdict: Verdict; count: number }[];
}

/** Targets done, and how many of them the browser captured. */
export function sweepProgress(db: Db, sweepId: string): { total: number; done: number; browser: number } {
  return db
    .prepare(`SELECT COUNT(*) AS total, COALESCE(SUM(status = 'done'), 0) AS done, COALESCE(SUM(browser IS NOT NULL), 0) AS browser FROM sweep_targets WHERE sweep_id = ?`)
    .get(sweepId) as { total: number; done: number; browser: number };
}

export function finishSweep(db: Db, sweepId: string): void {
  db.prepare(`UPDATE sweeps SET status = 'finished', finished_at = ? WHERE id = ?`).run(new Date().toISOString(), sweepId);
}
