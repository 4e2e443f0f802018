// A sweep: every site or shop of a list judged on the display duties its own page decides, in
// batches (batch.ts: targets in, findings and evidence out), each target's findings stored in the
// transaction that marks it done. A sweep killed and run again continues with the targets not done,
// as a scan does; findings.jsonl is written again from the database when it starts, then grows
// target by target, so no finding is lost or written twice.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { SWEEP_CHECKS, type SweepKind } from '../../rules/sweep.js';
import { DEFAULT_CAPTURE_LIMITS, DEFAULT_USER_AGENT } from '../crawl/options.js';
import { utcSeconds } from '../findings/finding.js';
import { InputError } from '../input-error.js';
import { paths } from '../paths.js';
import type { Db } from '../store/database.js';
import { completeTarget, createSweep, findUnfinishedSweep, finishSweep, getSweep, sweepFindings, sweepTargets, type SweepRecord } from '../store/sweeps.js';
import { TOOL_VERSION } from '../version.js';
import { lazyBrowsers, sweepBatch, type SweepOptions, type TargetResult } from './batch.js';
import { Judges } from './judges.js';
import { writeSweepReports, type SweepSummary } from './report.js';
import { readSweepTargets, type SweepTarget } from './targets.js';

export class SweepInputError extends InputError {
  override name = 'SweepInputError';
}

export const DEFAULT_SWEEP_OPTIONS: SweepOptions = {
  concurrency: 64,
  perHost: 1,
  requestsPerMinute: 20,
  navigationTimeoutSecs: 30,
  pageTimeoutSecs: 60,
  browserTabs: 2,
  userAgent: DEFAULT_USER_AGENT,
  capture: DEFAULT_CAPTURE_LIMITS,
};

export interface SweepRequest {
  sitesPath: string;
  /** self-built or shop; by the list's columns when not given (a 平台 column: shops). */
  kind?: SweepKind;
  /** Among the kind's checks; all of them when empty. */
  checks?: readonly string[];
  outDir?: string;
  resume?: string;
  fresh?: boolean;
  options: SweepOptions;
  /** Targets a batch holds at most (a host's targets are never split: politeness is kept within a batch). */
  batchSize?: number;
  /** Batches under way at once. */
  batchesAtOnce?: number;
}

export type SweepEvent =
  | { type: 'sweep'; sweep: SweepRecord; resumed: boolean; total: number; remaining: number }
  | { type: 'target'; result: TargetResult; done: number; total: number; pages: number; seconds: number; startedWith: number };

export interface SweepResult {
  sweep: SweepRecord;
  summary: SweepSummary;
  findingsFile: string;
  /** summary.json, breaches.csv, breaches.xlsx. */
  reports: string[];
  complete: boolean;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_BATCHES_AT_ONCE = 2;

function newSweepId(now = new Date()): string {
  return `sweep-${utcSeconds(now.toISOString()).replace(/[-:]/g, '').replace('T', '-').replace('Z', '')}-${randomBytes(2).toString('hex')}`;
}

/** Targets grouped by host, in list order of each host's first target, packed into batches. */
export function batchesOf(targets: readonly SweepTarget[], size: number): SweepTarget[][] {
  const byHost = new Map<string, SweepTarget[]>();
  for (const t of targets) {
    const host = new URL(t.url).host;
    byHost.set(host, [...(byHost.get(host) ?? []), t]);
  }
  const batches: SweepTarget[][] = [];
  let current: SweepTarget[] = [];
  for (const group of byHost.values()) {
    if (current.length && current.length + group.length > size) {
      batches.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Writes findings.jsonl afresh from the database, line by line, through a temporary file. */
function rewriteFindings(db: Db, sweep: SweepRecord): string {
  const file = join(sweep.outDir, 'findings.jsonl');
  const fd = openSync(`${file}.tmp`, 'w');
  try {
    for (const { finding } of sweepFindings(db, sweep.id)) writeSync(fd, `${JSON.stringify(finding)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
  return file;
}

export async function sweep(db: Db, request: SweepRequest, signal: AbortSignal, onEvent: (e: SweepEvent) => void = () => undefined): Promise<SweepResult> {
  const sitesPath = resolve(request.sitesPath);
  const { kind, targets } = await readSweepTargets(sitesPath, request.kind);
  const known = SWEEP_CHECKS[kind];
  const unknown = (request.checks ?? []).filter((c) => !known.includes(c));
  if (unknown.length) throw new SweepInputError(`a sweep of ${kind === 'shop' ? 'shops' : 'self-built sites'} runs ${known.join(', ')}; not ${unknown.join(', ')}`);
  const checks = request.checks?.length ? known.filter((c) => request.checks!.includes(c)) : [...known];
  const sitesSha256 = createHash('sha256').update(readFileSync(sitesPath)).digest('hex');
  const outDir = request.outDir ? resolve(request.outDir) : undefined;

  let record: SweepRecord | undefined;
  if (request.resume) {
    record = getSweep(db, request.resume);
    if (!record) throw new SweepInputError(`no sweep ${request.resume} in the database`);
    if (record.sitesSha256 !== sitesSha256) throw new SweepInputError(`sweep ${record.id} went through a different list (its content changed); start a new sweep instead`);
  } else if (!request.fresh) {
    record = findUnfinishedSweep(db, sitesSha256, kind, checks, outDir);
  }
  const resumed = record !== undefined;
  if (!record) {
    const id = newSweepId();
    const fresh = { id, kind, startedAt: new Date().toISOString(), outDir: outDir ?? join(paths.storage, 'sweeps', id), sitesPath, sitesSha256, checks, toolVersion: TOOL_VERSION };
    createSweep(db, fresh, targets, { options: { ...request.options, capture: undefined }, batchSize: request.batchSize });
    record = getSweep(db, id)!;
  }
  const current = record;
  mkdirSync(current.outDir, { recursive: true });
  const stored = sweepTargets<SweepTarget>(db, current.id);
  const pending = stored.filter((t) => t.status !== 'done').map((t) => t.target);
  let done = stored.length - pending.length;
  const startedWith = done;
  onEvent({ type: 'sweep', sweep: current, resumed, total: stored.length, remaining: pending.length });
  const findingsFile = rewriteFindings(db, current);

  const started = Date.now();
  let pages = 0;
  const onResult = (result: TargetResult) => {
    completeTarget(db, current.id, result.target.id, result.findings, result.httpPages + result.browserPages, result.browser);
    // after the commit: a line here is always in the database, and a resume writes the file again
    if (result.findings.length) appendFileSync(findingsFile, result.findings.map((f) => `${JSON.stringify(f)}\n`).join(''));
    done++;
    onEvent({ type: 'target', result, done, total: stored.length, pages, seconds: (Date.now() - started) / 1000, startedWith });
  };
  const browsers = lazyBrowsers();
  const judges = new Judges();
  const limit = pLimit(request.batchesAtOnce ?? DEFAULT_BATCHES_AT_ONCE);
  try {
    await Promise.all(
      batchesOf(pending, request.batchSize ?? DEFAULT_BATCH_SIZE).map((targets) =>
        limit(async () => {
          if (signal.aborted) return;
          await sweepBatch({ sweepId: current.id, outDir: current.outDir, checks: current.checks, targets, options: request.options }, { browsers, judges, signal, onResult, onPage: () => pages++ });
        }),
      ),
    );
  } finally {
    await browsers.close();
    await judges.close();
  }
  const complete = !signal.aborted && sweepTargets(db, current.id).every((t) => t.status === 'done');
  if (complete) finishSweep(db, current.id);
  const { summary, files } = await writeSweepReports(db, getSweep(db, current.id)!, new Map(stored.map((t) => [t.target.id, t.target])), complete);
  return { sweep: getSweep(db, current.id)!, summary, findingsFile, reports: files, complete };
}
