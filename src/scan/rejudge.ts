// Judging a run again: today's rules on the snapshots a run captured, read from its evidence
// (no browser, no network), stored as a new run that shares the old one's folder and evidence
// files, with the verdicts that changed. A rule that improves is applied to last month's
// captures, and a rule change is checked without crawling again.
import { performance } from 'node:perf_hooks';
import type { Rule, Verdict } from '../../rules/types.js';
import { readStoredVisit } from '../evidence/load.js';
import type { Finding } from '../findings/finding.js';
import type { Db } from '../store/database.js';
import { documentHistory } from '../store/documents.js';
import { completeJob, createRun, finishRun, getRun, jobs, runFindings, type RunRecord } from '../store/scans.js';
import { TOOL_VERSION } from '../version.js';
import { platformVerdicts } from './report.js';
import { ScanInputError, selectRules } from './request.js';
import { judge, newRunId, writeFindingsFile } from './scan.js';

export interface RejudgeRequest {
  runId: string;
  /** The checks to judge; by default those of the run. */
  checks?: readonly string[] | undefined;
  /** The rules to judge with (a bureau's own keyword lists); by default the built-in ones. */
  rules?: readonly Rule[] | undefined;
}

/** A platform × check whose verdict (the worst of its findings) is not what the run judged. */
export interface VerdictChange {
  platformId: string;
  checkId: string;
  /** null: the run did not judge the check. */
  before: Verdict | null;
  after: Verdict;
}

export interface RejudgeResult {
  run: RunRecord;
  original: RunRecord;
  findings: Finding[];
  findingsFile: string;
  changes: VerdictChange[];
  /** Platform × check verdicts compared, changed or not. */
  compared: number;
  pages: number;
  seconds: number;
}

export function rejudge(db: Db, request: RejudgeRequest): RejudgeResult {
  const started = performance.now();
  const original = getRun(db, request.runId);
  if (!original) throw new ScanInputError(`no run ${request.runId} in the database`);
  const done = jobs(db, original.id).filter((j) => j.status === 'done');
  if (!done.length) throw new ScanInputError(`run ${original.id} has no platform whose visit finished: nothing to judge again`);
  const rules = selectRules(request.checks ?? original.checks, request.rules);
  // Every visit is read (and its hashes checked) before anything is stored.
  const visits = done.map((job) => ({ job, visit: readStoredVisit(original.outDir, job.platform.id) }));

  const run: RunRecord = {
    id: newRunId(),
    startedAt: new Date().toISOString(),
    finishedAt: null,
    status: 'running',
    outDir: original.outDir,
    rosterPath: original.rosterPath,
    rosterSha256: original.rosterSha256,
    checks: rules.map((r) => r.id),
    toolVersion: TOOL_VERSION,
    rejudgedFrom: original.id,
  };
  createRun(db, run, done.map((j) => j.platform), { rejudgedFrom: original.id });
  for (const { job, visit } of visits) {
    // what earlier runs saw of the documents, as the original judgement had it: not this run's own
    const findings = judge(rules, job.platform, visit.snapshots, run.id, documentHistory(db, job.platform.id, original.id));
    completeJob(db, run.id, job.platform.id, visit.snapshots, findings);
  }
  finishRun(db, run.id);

  const stored = getRun(db, run.id)!;
  const findings = runFindings(db, run.id);
  const before = platformVerdicts(runFindings(db, original.id));
  const after = platformVerdicts(findings);
  const changes = [...after]
    .filter(([key, verdict]) => before.get(key) !== verdict)
    .map(([key, verdict]) => {
      const [platformId, checkId] = key.split('\t') as [string, string];
      return { platformId, checkId, before: before.get(key) ?? null, after: verdict };
    });
  return {
    run: stored,
    original,
    findings,
    findingsFile: writeFindingsFile(stored, findings),
    changes,
    compared: after.size,
    pages: visits.reduce((n, v) => n + v.visit.snapshots.length, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
