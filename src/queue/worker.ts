// `wangjian worker`: takes jobs off the queue and runs them with the same functions as the local
// command, one browser for the process. What a job returns goes back through Redis to the
// coordinator, which alone writes the database; evidence files go to the run folder the job names
// (a shared filesystem, README "Scans across machines").
import { hostname } from 'node:os';
import { DelayedError, Worker, type Job } from 'bullmq';
import { BrowserSession } from '../browser/session.js';
import { selectRules } from '../scan/request.js';
import { hostOf, visitAndJudge } from '../scan/scan.js';
import { takeHost } from './host-lease.js';
import { MAX_STALLED, QUEUE_NAME, type JobKinds } from './jobs.js';
import { connectionOf, openRedis } from './redis.js';

export interface WorkerOptions {
  redisUrl: string;
  /** Jobs run at once by this process. */
  concurrency: number;
  /**
   * A job's lease: renewed by the worker while it runs, it runs out after this long when the
   * worker is gone, and another worker takes the job. The host leases last as long.
   */
  leaseMs: number;
}

export type WorkerEvent =
  | { type: 'ready'; name: string }
  | { type: 'job-start'; kind: string; id: string; subject: string }
  | { type: 'job-wait'; id: string; subject: string; host: string }
  | { type: 'job-done'; kind: string; id: string; subject: string; seconds: number }
  | { type: 'job-failed'; id: string; subject: string; message: string };

/** Runs jobs until `signal` aborts; then the jobs under way are put back on the queue at once, not left to stall. */
export async function runWorker(options: WorkerOptions, signal: AbortSignal, onEvent: (e: WorkerEvent) => void = () => undefined): Promise<void> {
  const redis = await openRedis(options.redisUrl);
  const browsers = new BrowserSession();
  // A host another worker is visiting: the job is put back for this long, its attempts untouched.
  const hostBusyDelayMs = Math.min(2_000, options.leaseMs / 2);
  const name = `${hostname()}:${process.pid}`;

  // A job whose lease could not be renewed (this process stalled past it) is another worker's
  // now: its visit is stopped, so that it writes no more into the evidence folder the other
  // worker's visit starts afresh.
  const leases = new Map<string, AbortController>();
  const visit = async (job: Job<JobKinds['platform-visit']['data']>, token: string): Promise<JobKinds['platform-visit']['result']> => {
    const { platform } = job.data;
    const host = hostOf(platform.url);
    const lease = await takeHost(redis, host, job.id!, token, options.leaseMs);
    if (!lease) {
      onEvent({ type: 'job-wait', id: job.id!, subject: platform.id, host });
      await job.moveToDelayed(Date.now() + hostBusyDelayMs, token);
      throw new DelayedError();
    }
    const lost = new AbortController();
    leases.set(job.id!, lost);
    try {
      const started = Date.now();
      onEvent({ type: 'job-start', kind: job.name, id: job.id!, subject: platform.id });
      const judged = await visitAndJudge(job.data, selectRules(job.data.checks), browsers, AbortSignal.any([signal, lost.signal]));
      if (lost.signal.aborted) throw new Error('the job\'s lease ran out while it ran; another worker visits the platform');
      if (!judged) {
        // stopped: back on the queue for another worker, the attempt not counted
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      onEvent({ type: 'job-done', kind: job.name, id: job.id!, subject: platform.id, seconds: (Date.now() - started) / 1000 });
      return judged;
    } finally {
      leases.delete(job.id!);
      await lease.release();
    }
  };

  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job, token?: string) => {
      if (job.name === 'platform-visit') return visit(job as Job<JobKinds['platform-visit']['data']>, token!);
      throw new Error(`this worker does not run jobs of kind ${job.name}`);
    },
    {
      connection: connectionOf(options.redisUrl),
      name,
      concurrency: options.concurrency,
      lockDuration: options.leaseMs,
      stalledInterval: options.leaseMs,
      maxStalledCount: MAX_STALLED,
      autorun: false,
    },
  );
  worker.on('failed', (job, error) => {
    if (job && !(error instanceof DelayedError)) onEvent({ type: 'job-failed', id: job.id!, subject: (job.data as { platform?: { id: string } }).platform?.id ?? job.name, message: error.message });
  });
  worker.on('error', (error) => process.stderr.write(`worker: ${error.message}\n`));
  worker.on('lockRenewalFailed', (ids) => ids.forEach((id) => leases.get(id)?.abort('lease-lost')));
  try {
    await worker.waitUntilReady();
    onEvent({ type: 'ready', name });
    const running = worker.run();
    await new Promise<void>((done) => (signal.aborted ? done() : signal.addEventListener('abort', () => done(), { once: true })));
    await worker.close();
    await running;
  } finally {
    await browsers.close();
    redis.disconnect();
  }
}
