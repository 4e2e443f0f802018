// The jobs on the queue. A job's name is its kind; each kind is a function the local command
// calls too (a platform's visit: scan/scan.ts visitAndJudge), so a worker runs the same code.
// Sweep batches and nightlies are to become kinds of their own beside platform-visit.
import type { JobsOptions } from 'bullmq';
import type { JudgedVisit, PlatformVisit } from '../scan/scan.js';

export const QUEUE_NAME = 'wangjian';

export interface JobKinds {
  /** One platform of a run, visited and judged; the coordinator stores what comes back. */
  'platform-visit': { data: PlatformVisit & { checks: string[] }; result: JudgedVisit };
}

/**
 * A job's id says what it does, so that enqueuing it again (a coordinator continuing its run) finds
 * the job already there instead of adding a second. BullMQ refuses ':' in ids.
 */
export const visitJobId = (runId: string, platformId: string): string => `visit.${runId}.${platformId}`;

/**
 * Options of every job: a job that throws is tried three times, 5 and 10 s apart, then
 * fails and its platform is recorded as not checked; the job stays in Redis until the
 * coordinator has stored its result, and is removed then.
 */
export const JOB_OPTIONS: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: false, removeOnFail: false };

/**
 * Times a job may be found stalled (its worker gone: its lease ran out) and handed to another
 * worker before it fails. Two: a worker killed once, or twice, costs a redo, not the platform.
 */
export const MAX_STALLED = 2;

/** The failure message BullMQ gives a job stalled more than MAX_STALLED times. */
export const STALLED_FAILURE = /stalled more than allowable limit/i;

/** A job's lease (BullMQ's lock) and a host's: renewed while the job runs, run out this long after its worker is gone. */
export const DEFAULT_LEASE_SECS = 60;
