// A scan: every platform of a roster visited as its own job, the rules run on what was
// captured, findings stored and written to findings.jsonl. A platform's results land in one
// transaction, so a scan that is killed and run again redoes at most the platforms under way.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { NOT_CHECKED_WORDS } from '../../rules/lib/verdicts.js';
import type { PageKind, PlatformRecord, Rule, RuleInput, Snapshot } from '../../rules/types.js';
import { BrowserSession } from '../browser/session.js';
import type { SearchProfile } from '../crawl/search.js';
import type { VisitOptions } from '../crawl/options.js';
import { visitPlatform } from '../crawl/visit.js';
import { EvidenceBundle } from '../evidence/bundle.js';
import { stampManifestIfConfigured, type ManifestStamp } from '../evidence/timestamp.js';
import { paths } from '../paths.js';
import { readPlatformRoster } from '../roster/platforms.js';
import type { Db } from '../store/database.js';
import { documentHistory, recordDocumentVersions } from '../store/documents.js';
import { bindWaitingInspections } from '../review/inspections.js';
import { completeJob, createRun, findingsFileOf, findUnfinishedRun, finishRun, getRun, importPlatforms, jobs, runFindings, startJob, type RunRecord } from '../store/scans.js';
import { TOOL_VERSION } from '../version.js';
import { completeFinding, utcSeconds, type Finding } from '../findings/finding.js';
import { ScanInputError, selectRules } from './request.js';

export interface ScanRequest {
  rosterPath: string;
  /** Platform ids to scan; all when empty. */
  only?: readonly string[];
  /** Check ids to run; all when empty. */
  checks?: readonly string[];
  /** Run folder; storage/runs/<run-id> when not given. */
  outDir?: string;
  /** Continue this run. Without it, an unfinished run over the same roster and checks is continued. */
  resume?: string;
  /** Start a new run even when an unfinished one matches. */
  fresh?: boolean;
  /** Platforms visited at once (platforms on one host are always visited one after another). */
  platformConcurrency: number;
  visit: VisitOptions;
  /** Per-platform search profiles (platform id → profile), where a site defeats detection. */
  profiles?: Readonly<Record<string, SearchProfile>>;
  /** The rules to choose from, when not every rule over the configured word lists (the demo's short keyword list). */
  rules?: readonly Rule[];
}

export type ScanEvent =
  | { type: 'run'; run: RunRecord; resumed: boolean; total: number; remaining: number }
  | { type: 'platform-start'; platform: PlatformRecord }
  | {
      type: 'platform-done';
      platform: PlatformRecord;
      snapshots: number;
      /** Pages captured of each kind, and those that failed: a visit that saw almost nothing shows at once. */
      reached: Partial<Record<PageKind, number>>;
      failed: number;
      findings: Finding[];
      seconds: number;
      done: number;
      total: number;
      timeStamp?: ManifestStamp;
    };

export interface ScanResult {
  run: RunRecord;
  findings: Finding[];
  findingsFile: string;
  /** False when the scan was stopped before every platform was done. */
  complete: boolean;
}


export function newRunId(now = new Date()): string {
  return `${utcSeconds(now.toISOString()).replace(/[-:]/g, '').replace('T', '-').replace('Z', '')}-${randomBytes(2).toString('hex')}`;
}


/**
 * Runs the rules on a platform's snapshots, with what earlier scans saw of its documents; a rule
 * that throws yields not-checked, not a crash.
 */
export function judge(rules: readonly Rule[], platform: PlatformRecord, snapshots: readonly Snapshot[], runId: string, history?: RuleInput['history']): Finding[] {
  return rules.flatMap((rule) => {
    try {
      return rule.evaluate({ platform, snapshots, ...(history ? { history } : {}) }).map((draft) => completeFinding(draft, rule, runId, platform.id));
    } catch (error) {
      const draft = {
        checkId: rule.id,
        verdict: 'not-checked' as const,
        subject: platform.url,
        summary: `${NOT_CHECKED_WORDS['rule-error']}，未能完成本项检查`,
        details: { reason: 'rule-error', message: (error as Error).message },
        evidence: [],
        capturedAt: new Date().toISOString(),
      };
      return [completeFinding(draft, rule, runId, platform.id)];
    }
  });
}

/** Writes the run's findings.jsonl whole, through a temporary file, so readers never see half of it. */
export function writeFindingsFile(run: RunRecord, findings: readonly Finding[]): string {
  const file = findingsFileOf(run);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, findings.map((f) => JSON.stringify(f)).join('\n') + (findings.length ? '\n' : ''));
  renameSync(tmp, file);
  return file;
}

/** A URL's host and port: the unit of politeness. */
export function hostOf(url: string): string {
  return new URL(url).host;
}

/** What a platform's visit is given: plain data, so that a worker on another machine can be handed it. */
export interface PlatformVisit {
  runId: string;
  /** The run folder; the visit's evidence goes to evidence/<platform id>/ under it. */
  outDir: string;
  platform: PlatformRecord;
  visit: VisitOptions;
  profile?: SearchProfile;
  /** What earlier scans saw of the platform's documents (documentHistory), read by the coordinator. */
  history: NonNullable<RuleInput['history']>;
}

export interface JudgedVisit {
  snapshots: Snapshot[];
  findings: Finding[];
  /** The manifest's RFC 3161 stamp when a TSA is configured: its time, or why there is none. */
  timeStamp?: ManifestStamp;
}

/**
 * A platform's visit, judged: its evidence bundle written afresh, its snapshots and findings
 * returned; nothing is written to the database. The local scan and a queue worker both call it.
 * Null when `signal` stopped it: an interrupted visit is redone, not judged on half its pages.
 */
export async function visitAndJudge(job: PlatformVisit, rules: readonly Rule[], browsers: BrowserSession, signal: AbortSignal): Promise<JudgedVisit | null> {
  const pageKinds = new Set(rules.flatMap((r) => r.pageKinds));
  const queries = [...new Set(rules.flatMap((r) => r.queries ?? []))];
  const bundle = new EvidenceBundle(job.outDir, job.platform.id);
  bundle.reset();
  const visit = visitPlatform(job.platform, bundle, job.visit, { pageKinds, queries, profile: job.profile }, browsers);
  // On Ctrl-C each Crawlee crawler stops itself (its own SIGINT handler pauses, then aborts it);
  // aborting it a second time from here leaves it waiting for ever.
  const onAbort = () => {
    if (signal.reason !== 'SIGINT') visit.abort();
  };
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort);
  const snapshots = await visit.snapshots.finally(() => signal.removeEventListener('abort', onAbort));
  if (signal.aborted) return null;
  const findings = judge(rules, job.platform, snapshots, job.runId, job.history);
  writeManifest(bundle, job.platform, snapshots, findings, rules);
  // Trusted time nearest the capture: the manifest (so every file it hashes) stamped as soon as it
  // is written. A TSA that fails leaves the manifest unstamped and the capture kept.
  const timeStamp = await stampManifestIfConfigured(job.outDir, job.platform.id);
  return { snapshots, findings, ...(timeStamp ? { timeStamp } : {}) };
}

/**
 * Stores a platform's judged visit: its document versions, snapshots and findings, the job done,
 * waiting inspections bound, findings.jsonl written again. Idempotent per run and platform: a
 * visit recorded twice (a worker's job redone) leaves one set of findings.
 */
export function recordVisit(db: Db, run: RunRecord, platformId: string, judged: JudgedVisit): void {
  // before the job is marked done, so a crash in between redoes both (recording is idempotent per run)
  recordDocumentVersions(db, run.id, platformId, judged.snapshots);
  completeJob(db, run.id, platformId, judged.snapshots, judged.findings);
  // inspections of the platform waiting for a scan take this one for review
  bindWaitingInspections(db, run.id, platformId);
  writeFindingsFile(run, runFindings(db, run.id));
}

/** A run ready for its visits: new, or the unfinished one the request continues, with the rules it runs. */
export interface PreparedRun {
  run: RunRecord;
  resumed: boolean;
  rules: Rule[];
  /** Every platform of the run, and those whose visit is not done yet. */
  total: number;
  pending: PlatformRecord[];
}

/** Reads the roster, imports its platforms and starts or finds the run; the local and the queued scan alike. */
export async function prepareRun(db: Db, request: Omit<ScanRequest, 'platformConcurrency'> & { platformConcurrency?: number }): Promise<PreparedRun> {
  const rules = selectRules(request.checks, request.rules);
  const checks = rules.map((r) => r.id);
  const rosterPath = resolve(request.rosterPath);
  const roster = await readPlatformRoster(rosterPath);
  const rosterSha256 = createHash('sha256').update(readFileSync(rosterPath)).digest('hex');
  const unknown = (request.only ?? []).filter((id) => !roster.some((p) => p.id === id));
  if (unknown.length) throw new ScanInputError(`--only names platform${unknown.length > 1 ? 's' : ''} not in ${request.rosterPath}: ${unknown.join(', ')}`);
  const platforms = request.only?.length ? roster.filter((p) => request.only!.includes(p.id)) : roster;
  importPlatforms(db, roster, rosterPath);

  const outDir = request.outDir ? resolve(request.outDir) : undefined;
  let run: RunRecord | undefined;
  if (request.resume) {
    run = getRun(db, request.resume);
    if (!run) throw new ScanInputError(`no run ${request.resume} in the database`);
    if (run.rosterSha256 !== rosterSha256) throw new ScanInputError(`run ${run.id} scanned a different roster (its content changed); start a new scan instead`);
  } else if (!request.fresh) {
    run = findUnfinishedRun(db, rosterSha256, checks, platforms.map((p) => p.id), outDir);
  }
  const resumed = run !== undefined;
  if (!run) {
    const id = newRunId();
    run = { id, startedAt: new Date().toISOString(), outDir: outDir ?? join(paths.runs, id), rosterPath, rosterSha256, checks, toolVersion: TOOL_VERSION, status: 'running', finishedAt: null, rejudgedFrom: null };
    createRun(db, run, platforms, { only: request.only ?? [], visit: request.visit, platformConcurrency: request.platformConcurrency });
  }
  mkdirSync(run.outDir, { recursive: true });
  const allJobs = jobs(db, run.id);
  writeFindingsFile(run, runFindings(db, run.id));
  return { run, resumed, rules: selectRules(run.checks, request.rules), total: allJobs.length, pending: allJobs.filter((j) => j.status !== 'done').map((j) => j.platform) };
}

/** Pages captured of each kind and pages that failed, for the progress line. */
export function visitCounts(snapshots: readonly Snapshot[]): { reached: Partial<Record<PageKind, number>>; failed: number } {
  const reached: Partial<Record<PageKind, number>> = {};
  for (const s of snapshots) if (!s.failure) reached[s.kind] = (reached[s.kind] ?? 0) + 1;
  return { reached, failed: snapshots.filter((s) => s.failure).length };
}

/** Finishes the run when every visit is done, and writes its findings.jsonl. */
export function closeRun(db: Db, run: RunRecord, stopped: boolean): ScanResult {
  const complete = !stopped && jobs(db, run.id).every((j) => j.status === 'done');
  if (complete) finishRun(db, run.id);
  const findings = runFindings(db, run.id);
  return { run: getRun(db, run.id)!, findings, findingsFile: writeFindingsFile(run, findings), complete };
}

export async function scan(db: Db, request: ScanRequest, signal: AbortSignal, onEvent: (e: ScanEvent) => void = () => undefined): Promise<ScanResult> {
  const { run: current, resumed, rules: runRules, total, pending } = await prepareRun(db, request);
  let done = total - pending.length;
  onEvent({ type: 'run', run: current, resumed, total, remaining: pending.length });

  // Platforms on one host are visited one after another: politeness limits are per host.
  const byHost = new Map<string, PlatformRecord[]>();
  for (const platform of pending) byHost.set(hostOf(platform.url), [...(byHost.get(hostOf(platform.url)) ?? []), platform]);
  const limit = pLimit(request.platformConcurrency);
  // One browser for the run, each platform in a context of its own (visit.ts).
  const browsers = new BrowserSession();
  try {
    await Promise.all(
      [...byHost.values()].map((group) =>
        limit(async () => {
          for (const platform of group) {
            if (signal.aborted) return;
            const started = Date.now();
            onEvent({ type: 'platform-start', platform });
            startJob(db, current.id, platform.id);
            const history = documentHistory(db, platform.id, current.id);
            const judged = await visitAndJudge({ runId: current.id, outDir: current.outDir, platform, visit: request.visit, profile: request.profiles?.[platform.id], history }, runRules, browsers, signal);
            if (!judged) return;
            recordVisit(db, current, platform.id, judged);
            done++;
            onEvent({ type: 'platform-done', platform, snapshots: judged.snapshots.length, ...visitCounts(judged.snapshots), findings: judged.findings, seconds: (Date.now() - started) / 1000, done, total, timeStamp: judged.timeStamp });
          }
        }),
      ),
    );
  } finally {
    await browsers.close();
  }
  return closeRun(db, current, signal.aborted);
}

/** What the platform's bundle holds, with versions and times, beside the files themselves. */
function writeManifest(bundle: EvidenceBundle, platform: PlatformRecord, snapshots: readonly Snapshot[], findings: readonly Finding[], rules: readonly Rule[]): void {
  const manifest = {
    platform,
    toolVersion: TOOL_VERSION,
    rules: Object.fromEntries(rules.map((r) => [r.id, r.version])),
    writtenAt: utcSeconds(new Date().toISOString()),
    pages: snapshots.map(({ html: _html, ...rest }) => rest),
    findings: findings.map((f) => ({ checkId: f.checkId, verdict: f.verdict, subject: f.subject })),
  };
  bundle.write('manifest.json', 'page-metadata', JSON.stringify(manifest, null, 2));
}
