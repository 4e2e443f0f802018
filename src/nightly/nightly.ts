// A nightly: under the nightly lock, scan the selected platforms (the ordinary scan, resumed when
// the last nightly over the same roster and checks died), compare each platform with its previous
// complete run, bring the violation tracks up to date and write the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256 } from '../evidence/bundle.js';
import { paths } from '../paths.js';
import { selectRules } from '../scan/request.js';
import { newRunId, scan, type ScanEvent, type ScanRequest, type ScanResult } from '../scan/scan.js';
import type { Db } from '../store/database.js';
import {
  acquireNightlyLock,
  createNightly,
  findUnfinishedNightly,
  finishNightly,
  getNightly,
  heartbeatNightlyLock,
  releaseNightlyLock,
  setNightlyRun,
  type LockHolder,
  type NightlyRecord,
} from '../store/nightly.js';
import { getRun } from '../store/scans.js';
import { platformTracks, updateTracks } from '../store/tracks.js';
import { compareRun } from './compare.js';
import { buildReport, writeReport, type NightlyReport } from './report.js';
import { rosterText, type Selection } from './selection.js';

/** Another nightly holds the lock: this one did not run. */
export class NightlyLockedError extends Error {
  override name = 'NightlyLockedError';
  constructor(readonly holder: LockHolder) {
    super(`another nightly is running (pid ${holder.pid} on ${holder.host}${holder.nightlyId ? `, nightly ${holder.nightlyId}` : ''}, started ${holder.startedAt}, last heartbeat ${holder.heartbeatAt}); this one did not run`);
  }
}

export interface NightlyRequest extends Omit<ScanRequest, 'rosterPath' | 'outDir' | 'resume' | 'fresh' | 'only'> {
  selection: Selection;
  /** Folder the nightly folders go in; storage/nightly when not given. */
  baseDir?: string;
}

export type NightlyEvent = ScanEvent | { type: 'log'; message: string };

export interface NightlyResult {
  nightly: NightlyRecord;
  resumed: boolean;
  scan: Pick<ScanResult, 'run' | 'complete'>;
  /** Absent when the scan was stopped before every platform was done. */
  report?: NightlyReport;
  files?: { json: string; html: string };
}

const HEARTBEAT_MS = 30_000;

export async function nightly(db: Db, request: NightlyRequest, signal: AbortSignal, onEvent: (e: NightlyEvent) => void = () => undefined): Promise<NightlyResult> {
  const { selection, baseDir, ...scanOptions } = request;
  const log = (message: string) => onEvent({ type: 'log', message });
  // Everything that can be refused is checked before the lock is taken.
  const checks = selectRules(request.checks, request.rules).map((r) => r.id);
  const text = rosterText(selection.platforms);
  const rosterSha256 = sha256(text);

  const lock = acquireNightlyLock(db);
  if (!lock.acquired) throw new NightlyLockedError(lock.holder);
  if (lock.tookOver) log(`took over a stale nightly lock: pid ${lock.tookOver.pid} on ${lock.tookOver.host}${lock.tookOver.nightlyId ? ` (nightly ${lock.tookOver.nightlyId})` : ''}, started ${lock.tookOver.startedAt}, last heartbeat ${lock.tookOver.heartbeatAt}`);
  let nightlyId: string | null = null;
  const beat = setInterval(() => heartbeatNightlyLock(db, nightlyId), HEARTBEAT_MS);
  beat.unref();
  try {
    const unfinished = findUnfinishedNightly(db, rosterSha256, checks);
    let record: NightlyRecord;
    if (unfinished) {
      record = unfinished;
      log(`continuing nightly ${record.id}, started ${record.startedAt} and never finished`);
    } else {
      const id = newRunId();
      createNightly(db, { id, outDir: join(baseDir ? resolve(baseDir) : join(paths.storage, 'nightly'), id), source: selection.source, rosterSha256, checks, startedAt: new Date().toISOString() });
      record = getNightly(db, id)!;
    }
    nightlyId = record.id;
    heartbeatNightlyLock(db, nightlyId);
    mkdirSync(record.outDir, { recursive: true });
    const rosterPath = join(record.outDir, 'roster.json');
    writeFileSync(rosterPath, text);

    // The scan of a nightly that died after its scan finished is not redone.
    const previousRun = record.runId ? getRun(db, record.runId) : undefined;
    const scanned: Pick<ScanResult, 'run' | 'complete'> =
      previousRun?.status === 'finished'
        ? { run: previousRun, complete: true }
        : await scan(
            db,
            { ...scanOptions, rosterPath, outDir: record.outDir, resume: previousRun?.id },
            signal,
            (e) => {
              if (e.type === 'run' && record.runId !== e.run.id) {
                setNightlyRun(db, record.id, e.run.id);
                record = { ...record, runId: e.run.id };
              }
              onEvent(e);
            },
          );
    record = getNightly(db, record.id)!;
    if (!scanned.complete) return { nightly: record, resumed: unfinished !== undefined, scan: scanned };

    const comparison = compareRun(db, scanned.run);
    updateTracks(db, scanned.run.id, comparison.tracked);
    const report = buildReport(
      { nightlyId: record.id, runId: scanned.run.id, source: record.source, startedAt: record.startedAt, checks: scanned.run.checks },
      comparison,
      (platformId) => platformTracks(db, platformId),
    );
    const files = writeReport(record.outDir, report);
    finishNightly(db, record.id);
    return { nightly: getNightly(db, record.id)!, resumed: unfinished !== undefined, scan: scanned, report, files };
  } finally {
    clearInterval(beat);
    releaseNightlyLock(db);
  }
}
