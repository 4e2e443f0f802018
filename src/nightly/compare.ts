// A nightly's comparison: platform by platform and check by check, the run's violation and
// needs-review findings against those of the previous complete run of that platform which
// judged the check (src/store/nightly.ts previousCompleteRun). A finding is
// - new: not in the previous run (or there was none);
// - persisting: in both (its verdict may have moved between violation and needs-review);
// - resolved: in the previous run, gone from this one, and this run judged the check;
// - unchecked (未能复查): in the previous run, but this run could not judge the check (the site
//   was down, the page not found), so nothing can be said of it.
import type { EvidenceFile, PlatformRecord, Verdict } from '../../rules/types.js';
import { utcSeconds, type Finding } from '../findings/finding.js';
import type { Db } from '../store/database.js';
import { homepageUrls, jobFinishedAt, previousCompleteRun } from '../store/nightly.js';
import { jobs, runFindings, type RunRecord } from '../store/scans.js';
import type { CheckedInRun, TrackedFinding } from '../store/tracks.js';
import { findingKey, homepageSet } from './identity.js';

export const CHANGES = ['new', 'persisting', 'resolved', 'unchecked'] as const;
export type Change = (typeof CHANGES)[number];

const considered = (v: Verdict): v is 'violation' | 'needs-review' => v === 'violation' || v === 'needs-review';

export interface ComparedFinding {
  change: Change;
  checkId: string;
  key: string;
  /** This run's verdict; the previous run's for resolved and unchecked. */
  verdict: 'violation' | 'needs-review';
  previousVerdict: 'violation' | 'needs-review' | null;
  subject: string;
  summary: string;
  /** The run the finding (and its evidence) is from: this one, or the previous for resolved and unchecked. */
  runId: string;
  /** Relative to that run's folder. */
  evidence: EvidenceFile[];
}

export interface CheckComparison {
  checkId: string;
  /** This run judged the check (some finding other than not-checked). */
  checked: boolean;
  previousRunId: string | null;
}

export interface PlatformComparison {
  platform: PlatformRecord;
  checks: CheckComparison[];
  findings: ComparedFinding[];
}

export interface RunComparison {
  platforms: PlatformComparison[];
  /** What the violation tracks are brought up to: the checks this run judged and their findings. */
  tracked: CheckedInRun[];
}

export function compareRun(db: Db, run: RunRecord): RunComparison {
  // each run's findings read once, grouped by platform and check
  const byRun = new Map<string, Map<string, Finding[]>>();
  const findingsOf = (runId: string, platformId: string, checkId: string): Finding[] => {
    if (!byRun.has(runId)) {
      const groups = new Map<string, Finding[]>();
      for (const f of runFindings(db, runId)) groups.set(`${f.platformId}\n${f.checkId}`, [...(groups.get(`${f.platformId}\n${f.checkId}`) ?? []), f]);
      byRun.set(runId, groups);
    }
    return byRun.get(runId)!.get(`${platformId}\n${checkId}`) ?? [];
  };
  const homepages = new Map<string, Set<string>>();
  const homepagesOf = (runId: string, platform: PlatformRecord) => {
    const id = `${runId}\n${platform.id}`;
    if (!homepages.has(id)) homepages.set(id, homepageSet([...homepageUrls(db, runId, platform.id), platform.url]));
    return homepages.get(id)!;
  };
  /** A run's considered findings of a platform's check, by key (the first of a key wins). */
  const keyed = (runId: string, platform: PlatformRecord, checkId: string) => {
    const map = new Map<string, Finding & { verdict: 'violation' | 'needs-review' }>();
    for (const f of findingsOf(runId, platform.id, checkId)) {
      const key = findingKey(f, homepagesOf(runId, platform));
      if (considered(f.verdict) && !map.has(key)) map.set(key, f as Finding & { verdict: 'violation' | 'needs-review' });
    }
    return map;
  };

  const platforms: PlatformComparison[] = [];
  const tracked: CheckedInRun[] = [];
  for (const job of jobs(db, run.id).filter((j) => j.status === 'done')) {
    const platform = job.platform;
    const checks: CheckComparison[] = [];
    const compared: ComparedFinding[] = [];
    for (const checkId of run.checks) {
      const checked = findingsOf(run.id, platform.id, checkId).some((f) => f.verdict !== 'not-checked');
      const previous = previousCompleteRun(db, run, platform.id, checkId);
      checks.push({ checkId, checked, previousRunId: previous?.id ?? null });
      const now = keyed(run.id, platform, checkId);
      const before = previous ? keyed(previous.id, platform, checkId) : new Map<string, never>();
      for (const [key, f] of now) {
        const old = before.get(key);
        compared.push({ change: old ? 'persisting' : 'new', checkId, key, verdict: f.verdict, previousVerdict: old?.verdict ?? null, subject: f.subject, summary: f.summary, runId: run.id, evidence: f.evidence });
      }
      for (const [key, f] of before) {
        if (now.has(key)) continue;
        compared.push({ change: checked ? 'resolved' : 'unchecked', checkId, key, verdict: f.verdict, previousVerdict: f.verdict, subject: f.subject, summary: f.summary, runId: previous!.id, evidence: f.evidence });
      }
      if (checked) {
        const findings: TrackedFinding[] = [...now].map(([key, f]) => ({ key, subject: f.subject, summary: f.summary, verdict: f.verdict, seenAt: f.capturedAt }));
        tracked.push({ platformId: platform.id, checkId, at: utcSeconds(jobFinishedAt(db, run.id, platform.id) ?? run.startedAt), findings });
      }
    }
    const order = (f: ComparedFinding) => CHANGES.indexOf(f.change);
    compared.sort((a, b) => order(a) - order(b) || run.checks.indexOf(a.checkId) - run.checks.indexOf(b.checkId) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    platforms.push({ platform, checks, findings: compared });
  }
  return { platforms, tracked };
}
