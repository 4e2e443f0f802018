// `wangjian scan --redis`: the run is prepared as a local scan prepares it, each platform's visit
// goes on the queue as a job, and what the workers send back is stored exactly as the local scan
// stores a visit (scan.ts recordVisit), by this process alone: the database and findings.jsonl
// have one writer. Stopped, it leaves the jobs on the queue; run again, it finds them there.
import { Queue, type Job } from 'bullmq';
import type { PlatformRecord, Rule, Snapshot } from '../../rules/types.js';
import { failedSnapshot } from '../crawl/capture.js';
import { failureFromError } from '../crawl/failures.js';
import { EvidenceBundle } from '../evidence/bundle.js';
import { closeRun, judge, prepareRun, recordVisit, visitCounts, type JudgedVisit, type ScanEvent, type ScanRequest, type ScanResult } from '../scan/scan.js';
import type { Db } from '../store/database.js';
import { documentHistory } from '../store/documents.js';
import { startJob, type RunRecord } from '../store/scans.js';
import { JOB_OPTIONS, MAX_STALLED, QUEUE_NAME, STALLED_FAILURE, visitJobId, type JobKinds } from './jobs.js';
import { connectionOf, reachRedis } from './redis.js';

/** How often the coordinator looks at its jobs' states. */
const FOLLOW_MS = 250;

export type QueuedScanRequest = Omit<ScanRequest, 'platformConcurrency' | 'rules'> & { redisUrl: string };

/**
 * A job that failed for good (thrown on every attempt, or its worker lost more than MAX_STALLED
 * times): the platform is judged on a homepage that could not be captured, so every check says
 * not-checked with the reason, as for a platform that cannot be reached; never compliant.
 */
function notVisited(run: RunRecord, platform: PlatformRecord, rules: readonly Rule[], failedReason: string, history: ReturnType<typeof documentHistory>): JudgedVisit {
  const failure = STALLED_FAILURE.test(failedReason)
    ? ({ reason: 'interrupted', message: `the workers visiting the platform stopped ${MAX_STALLED + 1} times (${failedReason})` } as const)
    : failureFromError(failedReason);
  const bundle = new EvidenceBundle(run.outDir, platform.id);
  bundle.reset();
  const homepage: Snapshot = failedSnapshot({ id: 'p01', kind: 'homepage', requestedUrl: platform.url, depth: 0, via: null, linkText: null, query: null, startedAt: new Date().toISOString() }, failure, bundle);
  return { snapshots: [homepage], findings: judge(rules, platform, [homepage], run.id, history) };
}

export async function scanOnQueue(db: Db, request: QueuedScanRequest, signal: AbortSignal, onEvent: (e: ScanEvent) => void = () => undefined): Promise<ScanResult> {
  await reachRedis(request.redisUrl);
  const { run, resumed, rules, total, pending } = await prepareRun(db, request);
  let done = total - pending.length;
  onEvent({ type: 'run', run, resumed, total, remaining: pending.length });
  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(request.redisUrl) });
  try {
    const histories = new Map(pending.map((p) => [p.id, documentHistory(db, p.id, run.id)]));
    const jobOf = (platform: PlatformRecord) => ({
      name: 'platform-visit' as const,
      data: { runId: run.id, outDir: run.outDir, platform, visit: request.visit, profile: request.profiles?.[platform.id], history: histories.get(platform.id)!, checks: run.checks } satisfies JobKinds['platform-visit']['data'],
      opts: { ...JOB_OPTIONS, jobId: visitJobId(run.id, platform.id) },
    });
    // A job already on the queue (this run continued) is left as it is: adding it again by its id does nothing.
    await queue.addBulk(pending.map(jobOf));
    const waiting = new Map(pending.map((p) => [visitJobId(run.id, p.id), { platform: p, started: false }]));
    while (waiting.size && !signal.aborted) {
      for (const [id, entry] of waiting) {
        // The state alone while the job runs: the job itself carries the platform's document history, its result every page.
        const state = await queue.getJobState(id);
        if (state === 'unknown') {
          // gone from Redis (a server restarted without its data): queued again
          const again = jobOf(entry.platform);
          await queue.add(again.name, again.data, again.opts);
          continue;
        }
        if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') continue;
        if (!entry.started) {
          entry.started = true;
          startJob(db, run.id, entry.platform.id);
          onEvent({ type: 'platform-start', platform: entry.platform });
        }
        if (state !== 'completed' && state !== 'failed') continue;
        const job = (await queue.getJob(id)) as Job<JobKinds['platform-visit']['data'], JobKinds['platform-visit']['result']>;
        const judged = state === 'completed' ? job.returnvalue : notVisited(run, entry.platform, rules, job.failedReason, histories.get(entry.platform.id)!);
        recordVisit(db, run, entry.platform.id, judged);
        // stored: the job's result is in the database now, and Redis need not keep it
        await job.remove();
        waiting.delete(id);
        done++;
        onEvent({ type: 'platform-done', platform: entry.platform, snapshots: judged.snapshots.length, ...visitCounts(judged.snapshots), findings: judged.findings, seconds: ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000, done, total });
      }
      if (waiting.size) await new Promise((r) => setTimeout(r, FOLLOW_MS));
    }
  } finally {
    await queue.close();
  }
  return closeRun(db, run, signal.aborted);
}
