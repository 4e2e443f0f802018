// `npm run bench -- --workers`: the same synthetic platforms scanned through the Redis queue by
// 1, 2 and 4 `wangjian worker` processes (one visit at a time each) on this machine, the
// coordinator in this process, beside the local one-process scan visiting one platform at a time.
// The sites are this process's own, so politeness is lifted (as in the main bench): the figures
// are what the machine's cores give, and the speed-up is the queue's, not the rate limiter's.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { paths } from '../../src/paths.js';
import { scanOnQueue } from '../../src/queue/coordinator.js';
import { scan, type ScanEvent } from '../../src/scan/scan.js';
import { openDatabase } from '../../src/store/database.js';
import { startRedis } from '../helpers/redis.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { linksPerKind, startSyntheticSites } from './synthetic-sites.js';

export const WORKER_COUNTS = [1, 2, 4] as const;

export interface WorkersFigures {
  platforms: number;
  pages: number;
  /** The local scan, one platform at a time. */
  local: { pages: number; seconds: number };
  /** The queued scan, by worker processes. */
  queued: { workers: number; pages: number; seconds: number }[];
}

/** Starts a worker process and resolves once it is ready to take jobs. */
function startWorker(redisUrl: string, dir: string): Promise<ChildProcess> {
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, [join(paths.root, 'src', 'bin', 'wangjian.mjs'), 'worker', '--redis', redisUrl, '--concurrency', '1'], {
    env: { ...process.env, WANGJIAN_STORAGE: dir, TMPDIR: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((done, fail) => {
    let text = '';
    child.stderr!.on('data', (d: Buffer) => {
      text += d;
      if (/ready on/.test(text)) done(child);
    });
    child.once('exit', (code) => fail(new Error(`a worker ended (${code}) before it was ready: ${text}`)));
  });
}

async function stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise<void>((done) => (w.exitCode !== null ? done() : (w.once('exit', () => done()), w.kill('SIGTERM'))))));
}

export async function runWorkersBenchmark(platforms: number, pages: number, signal: AbortSignal, progress: (line: string) => void): Promise<WorkersFigures> {
  const sites = await startSyntheticSites(platforms, pages);
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-bench-workers-'));
  const redis = await startRedis(dir);
  const visit = { ...FAST_VISIT, requestsPerMinute: 60_000, maxPages: pages, maxLinksPerKind: linksPerKind(pages) };
  const rosterPath = join(dir, 'roster.csv');
  await writeDemoRoster(sites.platforms, rosterPath);
  const captured = (counter: { pages: number }) => (e: ScanEvent) => {
    if (e.type === 'platform-done') counter.pages += e.snapshots;
  };
  try {
    progress(`local scan: ${platforms} platforms × ${pages} pages, one at a time`);
    const local = { pages: 0, seconds: 0 };
    const db = openDatabase(join(dir, 'local.sqlite'));
    let started = performance.now();
    await scan(db, { rosterPath, outDir: join(dir, 'run-local'), fresh: true, platformConcurrency: 1, visit }, signal, captured(local));
    local.seconds = (performance.now() - started) / 1000;
    db.close();
    const queued: WorkersFigures['queued'] = [];
    for (const n of WORKER_COUNTS) {
      if (signal.aborted) break;
      progress(`queued scan: ${n} worker process${n > 1 ? 'es' : ''}`);
      const workers = await Promise.all(Array.from({ length: n }, (_, i) => startWorker(redis.url, join(dir, `w${n}-${i}`))));
      const figures = { workers: n, pages: 0, seconds: 0 };
      const qdb = openDatabase(join(dir, `queued-${n}.sqlite`));
      try {
        started = performance.now();
        await scanOnQueue(qdb, { rosterPath, outDir: join(dir, `run-${n}`), fresh: true, visit, redisUrl: redis.url }, signal, captured(figures));
        figures.seconds = (performance.now() - started) / 1000;
      } finally {
        qdb.close();
        await stopWorkers(workers);
      }
      queued.push(figures);
      progress(`  ${figures.pages} pages in ${figures.seconds.toFixed(1)} s`);
    }
    return { platforms, pages, local, queued };
  } finally {
    await redis.stop();
    await sites.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatWorkers(f: WorkersFigures): string {
  const rate = (r: { pages: number; seconds: number }) => r.pages / r.seconds;
  const base = f.queued[0];
  return [
    `workers on a Redis queue: ${f.platforms} platforms × ${f.pages} pages, politeness lifted, one visit at a time a worker`,
    '',
    `  ${'how'.padEnd(28)}${'pages'.padStart(7)}${'seconds'.padStart(10)}${'pages/s'.padStart(10)}${'speed-up'.padStart(10)}`,
    `  ${'local scan, 1 at a time'.padEnd(28)}${String(f.local.pages).padStart(7)}${f.local.seconds.toFixed(1).padStart(10)}${rate(f.local).toFixed(2).padStart(10)}${''.padStart(10)}`,
    ...f.queued.map(
      (q) =>
        `  ${`queue, ${q.workers} worker${q.workers > 1 ? 's' : ''}`.padEnd(28)}${String(q.pages).padStart(7)}${q.seconds.toFixed(1).padStart(10)}${rate(q).toFixed(2).padStart(10)}${`${(rate(q) / rate(base!)).toFixed(2)}×`.padStart(10)}`,
    ),
    '',
  ].join('\n');
}
