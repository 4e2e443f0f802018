// Runs, their per-platform jobs, snapshots and findings. A platform's snapshots and findings
// are stored in the same transaction that marks its job done, so a killed scan leaves either
// all of a platform's results or none.
import { join } from 'node:path';
import type { PlatformRecord, Snapshot, Verdict } from '../../rules/types.js';
import type { Finding } from '../findings/finding.js';
import type { Db } from './database.js';
import { importRoster, listRoster, storedPlatform } from './roster.js';

export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'finished';
  outDir: string;
  rosterPath: string;
  rosterSha256: string;
  checks: string[];
  toolVersion: string;
  /** The run whose captures this one judged again (wangjian rejudge), else null. */
  rejudgedFrom: string | null;
}

export type JobStatus = 'pending' | 'visiting' | 'done';

interface RunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'finished';
  out_dir: string;
  roster_path: string;
  roster_sha256: string;
  checks: string;
  tool_version: string;
  rejudged_from: string | null;
}

const runOf = (r: RunRow): RunRecord => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  outDir: r.out_dir,
  rosterPath: r.roster_path,
  rosterSha256: r.roster_sha256,
  checks: JSON.parse(r.checks) as string[],
  toolVersion: r.tool_version,
  rejudgedFrom: r.rejudged_from,
});

/**
 * Where a run's findings.jsonl is: in its folder, or for a rejudged run, which shares the folder
 * (and evidence) of the run it judged again, beside that run's own.
 */
export function findingsFileOf(run: Pick<RunRecord, 'id' | 'outDir' | 'rejudgedFrom'>): string {
  return join(run.outDir, run.rejudgedFrom ? `findings.rejudged-${run.id}.jsonl` : 'findings.jsonl');
}

/** Stores the platforms of a roster file read for a scan or a draw (a part of the roster, maybe): changes are logged, nothing is marked gone. */
export function importPlatforms(db: Db, platforms: readonly PlatformRecord[], source: string, sha256: string | null = null): void {
  importRoster(db, platforms, { file: source, sha256 });
}

/** The platforms stored, gone from the roster or not (src/store/roster.ts). */
export function listPlatforms(db: Db): PlatformRecord[] {
  return listRoster(db).map(({ goneAt: _, ...p }) => p);
}

export function getPlatform(db: Db, id: string): PlatformRecord | undefined {
  const found = storedPlatform(db, id);
  if (!found) return undefined;
  const { goneAt: _, ...p } = found;
  return p;
}

export function createRun(db: Db, run: Omit<RunRecord, 'finishedAt' | 'status' | 'rejudgedFrom'> & { rejudgedFrom?: string | null }, platforms: readonly PlatformRecord[], options: unknown): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO runs (id, started_at, status, out_dir, roster_path, roster_sha256, checks, options, tool_version, rejudged_from)
       VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(run.id, run.startedAt, run.outDir, run.rosterPath, run.rosterSha256, JSON.stringify(run.checks), JSON.stringify(options), run.toolVersion, run.rejudgedFrom ?? null);
    const job = db.prepare(`INSERT INTO run_platforms (run_id, platform_id, position, record, status) VALUES (?, ?, ?, ?, 'pending')`);
    platforms.forEach((p, i) => job.run(run.id, p.id, i, JSON.stringify(p)));
  })();
}

export function getRun(db: Db, id: string): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row && runOf(row);
}

export function listRuns(db: Db, limit = 20): RunRecord[] {
  return (db.prepare('SELECT * FROM runs ORDER BY started_at DESC LIMIT ?').all(limit) as RunRow[]).map(runOf);
}

/** The newest unfinished run over the same roster content, checks and platforms. */
export function findUnfinishedRun(db: Db, rosterSha256: string, checks: readonly string[], platformIds: readonly string[], outDir?: string): RunRecord | undefined {
  const rows = db.prepare(`SELECT * FROM runs WHERE status = 'running' AND roster_sha256 = ? AND checks = ? ORDER BY started_at DESC`).all(rosterSha256, JSON.stringify(checks)) as RunRow[];
  const wanted = [...platformIds].sort().join(',');
  return rows.map(runOf).find((run) => (!outDir || run.outDir === outDir) && jobs(db, run.id).map((j) => j.platform.id).sort().join(',') === wanted);
}

export interface Job {
  platform: PlatformRecord;
  status: JobStatus;
  attempts: number;
}

export function jobs(db: Db, runId: string): Job[] {
  const rows = db.prepare('SELECT record, status, attempts FROM run_platforms WHERE run_id = ? ORDER BY position').all(runId) as { record: string; status: JobStatus; attempts: number }[];
  return rows.map((r) => ({ platform: JSON.parse(r.record) as PlatformRecord, status: r.status, attempts: r.attempts }));
}

export function startJob(db: Db, runId: string, platformId: string): void {
  db.prepare(`UPDATE run_platforms SET status = 'visiting', attempts = attempts + 1, started_at = ? WHERE run_id = ? AND platform_id = ?`).run(new Date().toISOString(), runId, platformId);
}

export function completeJob(db: Db, runId: string, platformId: string, snapshots: readonly Snapshot[], findings: readonly Finding[]): void {
  const insertSnapshot = db.prepare(`
    INSERT INTO snapshots (run_id, platform_id, id, kind, requested_url, final_url, status, content_type, failure, depth, via, link_text, query, title, page, captured_at, files)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFinding = db.prepare(`
    INSERT INTO findings (run_id, platform_id, check_id, verdict, subject, summary, legal_basis, evidence, details, captured_at, rule_version, tool_version, captured_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    db.prepare('DELETE FROM findings WHERE run_id = ? AND platform_id = ?').run(runId, platformId);
    db.prepare('DELETE FROM snapshots WHERE run_id = ? AND platform_id = ?').run(runId, platformId);
    for (const s of snapshots) {
      insertSnapshot.run(runId, platformId, s.id, s.kind, s.requestedUrl, s.finalUrl, s.status, s.contentType, s.failure && JSON.stringify(s.failure), s.depth, s.via, s.linkText, s.query, s.title, JSON.stringify(s.page), s.capturedAt, JSON.stringify(s.files));
    }
    for (const f of findings) {
      insertFinding.run(runId, platformId, f.checkId, f.verdict, f.subject, f.summary, JSON.stringify(f.legalBasis), JSON.stringify(f.evidence), JSON.stringify(f.details), f.capturedAt, f.ruleVersion, f.toolVersion, f.capturedBy);
    }
    db.prepare(`UPDATE run_platforms SET status = 'done', finished_at = ? WHERE run_id = ? AND platform_id = ?`).run(new Date().toISOString(), runId, platformId);
  })();
}

/** The newest run in which the platform's visit finished. */
export function latestDoneRun(db: Db, platformId: string): string | undefined {
  const row = db.prepare(`SELECT run_id FROM run_platforms WHERE platform_id = ? AND status = 'done' ORDER BY finished_at DESC LIMIT 1`).get(platformId) as { run_id: string } | undefined;
  return row?.run_id;
}

/** Whether the platform's visit in the run finished. */
export function visitDone(db: Db, runId: string, platformId: string): boolean {
  return db.prepare(`SELECT 1 FROM run_platforms WHERE run_id = ? AND platform_id = ? AND status = 'done'`).get(runId, platformId) !== undefined;
}

export function finishRun(db: Db, runId: string): void {
  db.prepare(`UPDATE runs SET status = 'finished', finished_at = ? WHERE id = ?`).run(new Date().toISOString(), runId);
}

interface FindingRow {
  seq: number;
  run_id: string;
  platform_id: string;
  check_id: string;
  verdict: Verdict;
  subject: string;
  summary: string;
  legal_basis: string;
  evidence: string;
  details: string;
  captured_at: string;
  rule_version: string;
  tool_version: string;
  captured_by: 'automated' | 'inspector';
}

function findingOf(r: FindingRow): Finding {
  return {
    runId: r.run_id,
    platformId: r.platform_id,
    checkId: r.check_id,
    verdict: r.verdict,
    subject: r.subject,
    summary: r.summary,
    legalBasis: JSON.parse(r.legal_basis),
    evidence: JSON.parse(r.evidence),
    details: JSON.parse(r.details),
    capturedAt: r.captured_at,
    ruleVersion: r.rule_version,
    toolVersion: r.tool_version,
    capturedBy: r.captured_by,
  };
}

/** A run's findings in roster order, then in the order the rules made them. */
export function runFindings(db: Db, runId: string): Finding[] {
  const rows = db
    .prepare(
      `SELECT f.* FROM findings f JOIN run_platforms j ON j.run_id = f.run_id AND j.platform_id = f.platform_id
       WHERE f.run_id = ? ORDER BY j.position, f.seq`,
    )
    .all(runId) as FindingRow[];
  return rows.map(findingOf);
}

/** The row number and check of each of a platform's findings in a run, in the order the rules made them. */
export function platformFindingChecks(db: Db, runId: string, platformId: string): { seq: number; checkId: string }[] {
  return db.prepare('SELECT seq, check_id AS checkId FROM findings WHERE run_id = ? AND platform_id = ? ORDER BY seq').all(runId, platformId) as { seq: number; checkId: string }[];
}

/** Findings by their row number (review items name the finding they started from). */
export function findingsBySeq(db: Db, seqs: readonly number[]): Map<number, Finding> {
  const rows = db.prepare('SELECT * FROM findings WHERE seq IN (SELECT value FROM json_each(?))').all(JSON.stringify(seqs)) as FindingRow[];
  return new Map(rows.map((r) => [r.seq, findingOf(r)]));
}
