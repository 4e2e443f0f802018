// `wangjian worker --redis <url>`: runs the queued jobs of scans started with `scan --redis`, on
// this machine, until stopped; a line on stderr for each job started and done. Stopped is how a
// worker ends (its jobs go back on the queue, nothing is lost), so it exits 0, as serve does.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_VISIT_OPTIONS, platformsAtOnce } from '../crawl/options.js';
import { DEFAULT_LEASE_SECS } from '../queue/jobs.js';
import { stopOnSignal } from './interrupt.js';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
  return n;
};

interface WorkerFlags {
  redis: string;
  concurrency: number;
  lease: number;
}

async function runWorkerCommand(flags: WorkerFlags): Promise<void> {
  // Loaded here: the crawler (Crawlee, Playwright) is heavy.
  const { runWorker } = await import('../queue/worker.js');
  const stopping = stopOnSignal('stopping: the jobs under way go back on the queue for another worker; Ctrl-C again to quit at once');
  try {
    await runWorker({ redisUrl: flags.redis, concurrency: flags.concurrency, leaseMs: flags.lease * 1000 }, stopping.signal, (e) => {
      const line =
        e.type === 'ready'
          ? `worker ${e.name} ready on ${flags.redis} (${flags.concurrency} at once)`
          : e.type === 'job-start'
            ? `${e.subject}: visiting (job ${e.id})`
            : e.type === 'job-wait'
              ? `${e.subject}: ${e.host} is being visited by another worker; the job waits`
              : e.type === 'job-done'
                ? `${e.subject}: done in ${e.seconds.toFixed(1)} s`
                : `${e.subject}: job ${e.id} failed: ${e.message}`;
      process.stderr.write(line + '\n');
    });
  } finally {
    stopping.release();
  }
}

export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the visits of scans queued with scan --redis, on this machine, until stopped (README "Scans across machines")')
    .requiredOption('--redis <url>', 'the Redis of the queue, redis://host:6379')
    .addOption(
      new Option('--concurrency <n>', 'jobs (platform visits) run at once by this process; by default as many as keep this machine busy at the default politeness, as for scan')
        .argParser(positiveInt('--concurrency'))
        .default(platformsAtOnce(DEFAULT_VISIT_OPTIONS)),
    )
    .addOption(new Option('--lease <seconds>', "a job's lease: when this worker dies, another takes its job after this long").argParser(positiveInt('--lease')).default(DEFAULT_LEASE_SECS))
    .action(runWorkerCommand);
}
