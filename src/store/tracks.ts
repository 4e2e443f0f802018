// Violation tracks (migration 7): how long each violation or needs-review finding stayed
// online across nightly runs, per platform + check + identity key (src/nightly/identity.ts).
// Read back as the platform's own monitoring record (检查记录表 item 十六) and, newest nightly
// per platform, as the quota helper's suggestions.
import type { Verdict } from '../../rules/types.js';
import type { Finding } from '../findings/finding.js';
import type { Db } from './database.js';
import { runFindings } from './scans.js';

export interface TrackedFinding {
  key: string;
  subject: string;
  summary: string;
  verdict: 'violation' | 'needs-review';
  /** When the run saw it (the finding's capture time). */
  seenAt: string;
}

/** A platform's check as one run judged it: the findings it holds, at the time its job was done. */
export interface CheckedInRun {
  platformId: string;
  checkId: string;
  /** When the platform's job was done: the time a finding absent from it was seen gone. */
  at: string;
  findings: readonly TrackedFinding[];
}

export interface Track {
  platformId: string;
  checkId: string;
  key: string;
  subject: string;
  summary: string;
  verdict: Verdict;
  firstRunId: string;
  firstSeenAt: string;
  lastRunId: string;
  lastSeenAt: string;
  resolvedRunId: string | null;
  resolvedAt: string | null;
  runsSeen: number;
}

const SELECT = `SELECT platform_id AS platformId, check_id AS checkId, key, subject, summary, verdict, first_run_id AS firstRunId,
  first_seen_at AS firstSeenAt, last_run_id AS lastRunId, last_seen_at AS lastSeenAt, resolved_run_id AS resolvedRunId,
  resolved_at AS resolvedAt, runs_seen AS runsSeen FROM violation_tracks`;

/**
 * Brings the tracks up to a run: each finding present extends its open track (or opens one),
 * each open track of a re-checked platform+check absent from the run is resolved by it. Only
 * checks the run actually judged are passed: one it could not check resolves nothing. Running it
 * twice for the same run changes nothing.
 */
export function updateTracks(db: Db, runId: string, checked: readonly CheckedInRun[]): void {
  const open = db.prepare(`${SELECT} WHERE platform_id = ? AND check_id = ? AND resolved_at IS NULL`);
  const extend = db.prepare(
    `UPDATE violation_tracks SET last_run_id = ?, last_seen_at = ?, runs_seen = runs_seen + 1, subject = ?, summary = ?, verdict = ?
     WHERE platform_id = ? AND check_id = ? AND key = ? AND resolved_at IS NULL`,
  );
  const insert = db.prepare(
    `INSERT INTO violation_tracks (platform_id, check_id, key, subject, summary, verdict, first_run_id, first_seen_at, last_run_id, last_seen_at, runs_seen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const resolve = db.prepare(
    `UPDATE violation_tracks SET resolved_run_id = ?, resolved_at = ? WHERE platform_id = ? AND check_id = ? AND key = ? AND resolved_at IS NULL`,
  );
  db.transaction(() => {
    for (const c of checked) {
      const tracks = new Map((open.all(c.platformId, c.checkId) as Track[]).map((t) => [t.key, t]));
      const present = new Set<string>();
      for (const f of c.findings) {
        if (present.has(f.key)) continue; // two findings with one key (the same item twice) count once
        present.add(f.key);
        const track = tracks.get(f.key);
        if (!track) insert.run(c.platformId, c.checkId, f.key, f.subject, f.summary, f.verdict, runId, f.seenAt, runId, f.seenAt);
        else if (track.lastRunId !== runId) extend.run(runId, f.seenAt, f.subject, f.summary, f.verdict, c.platformId, c.checkId, f.key);
      }
      for (const t of tracks.values()) if (!present.has(t.key) && t.lastRunId !== runId) resolve.run(runId, c.at, c.platformId, c.checkId, t.key);
    }
  })();
}

/** Every track of a platform, first seen first. */
export function platformTracks(db: Db, platformId: string): Track[] {
  return db.prepare(`${SELECT} WHERE platform_id = ? ORDER BY first_seen_at, check_id, key`).all(platformId) as Track[];
}

/**
 * How long each violation of a platform stayed online, for the record form's item (十六)
 * (the platform's own monitoring): first and last seen, when it was gone, runs seen in.
 */
export function violationHistory(
  db: Db,
  platformId: string,
): { checkId: string; subject: string; summary: string; verdict: Verdict; firstSeenAt: string; lastSeenAt: string; resolvedAt: string | null; runsSeen: number }[] {
  return platformTracks(db, platformId).map(({ checkId, subject, summary, verdict, firstSeenAt, lastSeenAt, resolvedAt, runsSeen }) => ({
    checkId,
    subject,
    summary,
    verdict,
    firstSeenAt,
    lastSeenAt,
    resolvedAt,
    runsSeen,
  }));
}

/**
 * The newest nightly findings of each platform: from the nightly run whose job for it was done
 * last (a nightly stopped part-way counts for the platforms it finished). `platformIds` narrows
 * to those platforms; a platform no nightly has scanned is left out.
 */
export function latestPlatformFindings(db: Db, platformIds?: readonly string[]): { platformId: string; runId: string; finishedAt: string; findings: Finding[] }[] {
  const rows = db
    .prepare(
      `SELECT platform_id AS platformId, run_id AS runId, finished_at AS finishedAt FROM (
         SELECT j.platform_id, j.run_id, j.finished_at, ROW_NUMBER() OVER (PARTITION BY j.platform_id ORDER BY j.finished_at DESC) AS n
         FROM run_platforms j JOIN nightly_runs r ON r.run_id = j.run_id WHERE j.status = 'done')
       WHERE n = 1 ORDER BY platform_id`,
    )
    .all() as { platformId: string; runId: string; finishedAt: string }[];
  const wanted = platformIds && new Set(platformIds);
  const byRun = new Map<string, Finding[]>();
  return rows
    .filter((r) => !wanted || wanted.has(r.platformId))
    .map((r) => {
      if (!byRun.has(r.runId)) byRun.set(r.runId, runFindings(db, r.runId));
      return { ...r, findings: byRun.get(r.runId)!.filter((f) => f.platformId === r.platformId) };
    });
}
