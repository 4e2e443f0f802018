// Nightly runs and the lock that keeps two of them from overlapping (migration 7). The lock is a
// single row taken inside an IMMEDIATE transaction, so two processes racing for it cannot both win.
import { hostname } from 'node:os';
import type { Db } from './database.js';
import { getRun, type RunRecord } from './scans.js';

export interface NightlyRecord {
  id: string;
  /** The scan run, once the scan has started it. */
  runId: string | null;
  outDir: string;
  /** What the platforms were chosen from: `platforms <file>` or `campaign <id> draw <draw id>`. */
  source: string;
  rosterSha256: string;
  checks: string[];
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done';
}

interface NightlyRow {
  id: string;
  run_id: string | null;
  out_dir: string;
  source: string;
  roster_sha256: string;
  checks: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'done';
}

const nightlyOf = (r: NightlyRow): NightlyRecord => ({
  id: r.id,
  runId: r.run_id,
  outDir: r.out_dir,
  source: r.source,
  rosterSha256: r.roster_sha256,
  checks: JSON.parse(r.checks) as string[],
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
});

export function createNightly(db: Db, n: Omit<NightlyRecord, 'runId' | 'finishedAt' | 'status'>): void {
  db.prepare(`INSERT INTO nightly_runs (id, out_dir, source, roster_sha256, checks, started_at, status) VALUES (?, ?, ?, ?, ?, ?, 'running')`).run(
    n.id,
    n.outDir,
    n.source,
    n.rosterSha256,
    JSON.stringify(n.checks),
    n.startedAt,
  );
}

export function setNightlyRun(db: Db, nightlyId: string, runId: string): void {
  db.prepare('UPDATE nightly_runs SET run_id = ? WHERE id = ?').run(runId, nightlyId);
}

export function finishNightly(db: Db, nightlyId: string): void {
  db.prepare(`UPDATE nightly_runs SET status = 'done', finished_at = ? WHERE id = ?`).run(new Date().toISOString(), nightlyId);
}

export function getNightly(db: Db, id: string): NightlyRecord | undefined {
  const row = db.prepare('SELECT * FROM nightly_runs WHERE id = ?').get(id) as NightlyRow | undefined;
  return row && nightlyOf(row);
}

/** The newest nightly left unfinished (killed, crashed) over the same roster content and checks. */
export function findUnfinishedNightly(db: Db, rosterSha256: string, checks: readonly string[]): NightlyRecord | undefined {
  const row = db
    .prepare(`SELECT * FROM nightly_runs WHERE status = 'running' AND roster_sha256 = ? AND checks = ? ORDER BY started_at DESC LIMIT 1`)
    .get(rosterSha256, JSON.stringify(checks)) as NightlyRow | undefined;
  return row && nightlyOf(row);
}

export function listNightlies(db: Db, limit = 20): NightlyRecord[] {
  return (db.prepare('SELECT * FROM nightly_runs ORDER BY started_at DESC LIMIT ?').all(limit) as NightlyRow[]).map(nightlyOf);
}

/**
 * The run a platform's check is compared with: the newest other run, begun before `current`,
 * whose job for the platform is done and which judged the check there (a finding other than
 * not-checked: a night the site was down says nothing). A run that finished is preferred to one
 * stopped part-way (its other platforms never done), however new.
 */
export function previousCompleteRun(db: Db, current: RunRecord, platformId: string, checkId: string): RunRecord | undefined {
  const row = db
    .prepare(
      `SELECT r.id FROM runs r JOIN run_platforms j ON j.run_id = r.id
       WHERE j.platform_id = ? AND j.status = 'done' AND r.id <> ? AND r.started_at < ?
         AND EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.id AND f.platform_id = j.platform_id AND f.check_id = ? AND f.verdict <> 'not-checked')
       ORDER BY r.status = 'finished' DESC, j.finished_at DESC LIMIT 1`,
    )
    .get(platformId, current.id, current.startedAt, checkId) as { id: string } | undefined;
  return row && getRun(db, row.id);
}

/** Where a platform's homepage ended up in a run (after redirects): the subject of its platform-level findings. */
export function homepageUrls(db: Db, runId: string, platformId: string): string[] {
  const rows = db.prepare(`SELECT final_url, requested_url FROM snapshots WHERE run_id = ? AND platform_id = ? AND kind = 'homepage'`).all(runId, platformId) as {
    final_url: string;
    requested_url: string;
  }[];
  return rows.flatMap((r) => [r.final_url, r.requested_url]);
}

export interface LockHolder {
  nightlyId: string | null;
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt: string;
}

/** A holder whose heartbeat is older than this is taken for dead even on another host. */
export const LOCK_STALE_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

export function lockHolder(db: Db): LockHolder | undefined {
  return db.prepare('SELECT nightly_id AS nightlyId, pid, host, started_at AS startedAt, heartbeat_at AS heartbeatAt FROM nightly_lock WHERE id = 1').get() as LockHolder | undefined;
}

export function isStale(holder: LockHolder, now = Date.now()): boolean {
  if (holder.host === hostname() && !alive(holder.pid)) return true;
  return now - Date.parse(holder.heartbeatAt) > LOCK_STALE_MS;
}

export type LockOutcome = { acquired: true; tookOver: LockHolder | null } | { acquired: false; holder: LockHolder };

/** Takes the nightly lock for this process, taking over a stale holder's. */
export function acquireNightlyLock(db: Db, pid = process.pid): LockOutcome {
  return db
    .transaction((): LockOutcome => {
      const holder = lockHolder(db);
      if (holder && !isStale(holder)) return { acquired: false, holder };
      const now = new Date().toISOString();
      db.prepare(
        `INSERT INTO nightly_lock (id, nightly_id, pid, host, started_at, heartbeat_at) VALUES (1, NULL, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET nightly_id = NULL, pid = excluded.pid, host = excluded.host, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
      ).run(pid, hostname(), now, now);
      return { acquired: true, tookOver: holder ?? null };
    })
    .immediate();
}

/** Keeps the lock fresh and names the nightly it guards; false when this process no longer holds it. */
export function heartbeatNightlyLock(db: Db, nightlyId: string | null = null, pid = process.pid): boolean {
  const changed = db
    .prepare('UPDATE nightly_lock SET heartbeat_at = ?, nightly_id = COALESCE(?, nightly_id) WHERE id = 1 AND pid = ? AND host = ?')
    .run(new Date().toISOString(), nightlyId, pid, hostname()).changes;
  return changed === 1;
}

export function releaseNightlyLock(db: Db, pid = process.pid): void {
  db.prepare('DELETE FROM nightly_lock WHERE id = 1 AND pid = ? AND host = ?').run(pid, hostname());
}

/** The newest nightly whose comparison is stored. */
export function latestNightly(db: Db): NightlyRecord | undefined {
  const row = db.prepare(`SELECT * FROM nightly_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT 1`).get() as NightlyRow | undefined;
  return row && nightlyOf(row);
}

/** When a run's job for a platform was done, if it was. */
export function jobFinishedAt(db: Db, runId: string, platformId: string): string | null {
  const row = db.prepare(`SELECT finished_at FROM run_platforms WHERE run_id = ? AND platform_id = ? AND status = 'done'`).get(runId, platformId) as { finished_at: string } | undefined;
  return row?.finished_at ?? null;
}

/** A nightly's finished visit of one platform: when, and which checks it ran. */
export interface NightlyScan {
  runId: string;
  finishedAt: string;
  checks: string[];
}

/** The nightly scans that finished a visit of the platform, oldest first. */
export function nightlyScansOf(db: Db, platformId: string): NightlyScan[] {
  const rows = db
    .prepare(
      `SELECT j.run_id AS runId, j.finished_at AS finishedAt, n.checks AS checks FROM run_platforms j JOIN nightly_runs n ON n.run_id = j.run_id
       WHERE j.platform_id = ? AND j.status = 'done' ORDER BY j.finished_at`,
    )
    .all(platformId) as { runId: string; finishedAt: string; checks: string }[];
  return rows.map((r) => ({ ...r, checks: JSON.parse(r.checks) as string[] }));
}
