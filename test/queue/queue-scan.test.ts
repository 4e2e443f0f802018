// A scan on a Redis queue: the real `wangjian scan --redis` coordinator and three real
// `wangjian worker` processes over the demo platforms served here, one worker SIGKILLed in the
// middle of a visit. Its job's lease runs out, another worker redoes the visit, and the stored
// findings are the verdicts the single-process scan gives the same platforms (sites.expected,
// which test/scan/demo-scan.test.ts holds a local scan to), each once; two roster entries on one
// host are never visited at once (the test fails with the host lease taken out).
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { startDemoSites, writeDemoRoster, type DemoSites } from '../../src/demo/sites.js';
import { scanOnQueue } from '../../src/queue/coordinator.js';
import { hostHolder, takeHost } from '../../src/queue/host-lease.js';
import { MAX_STALLED, QUEUE_NAME } from '../../src/queue/jobs.js';
import { connectionOf, openRedis, reachRedis } from '../../src/queue/redis.js';
import { openDatabase } from '../../src/store/database.js';
import { jobs, listRuns, runFindings } from '../../src/store/scans.js';
import { BIN, start, type Running } from '../helpers/cli.js';
import { expectValidRunFolder, readFindings } from '../helpers/findings.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const CHECKS = ['licence-display', 'agreement-display'] as const;
/** Short leases, so a killed worker's job is taken over in seconds. */
const LEASE_SECS = 5;

const tmp = tempDir();
let sites: DemoSites;
let redis: TestRedis;
const workers: Running[] = [];

beforeAll(async () => {
  [sites, redis] = await Promise.all([startDemoSites(), startRedis(tmp.dir)]);
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.ended));
  endLeftChromium();
  await redis?.stop();
  await sites?.close();
  tmp.remove();
});

/** Chromium of a killed worker (Playwright starts it in a process group of its own), found by its profile in the worker's TMPDIR, ended by pid. */
function endLeftChromium(): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(tmp.dir, 'worker-'))) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
}

function startWorker(n: number): Running {
  mkdirSync(join(tmp.dir, `worker-${n}`), { recursive: true });
  const running = start(process.execPath, [BIN, 'worker', '--redis', redis.url, '--concurrency', '1', '--lease', String(LEASE_SECS)], {
    storage: join(tmp.dir, `worker-${n}`),
    env: { TMPDIR: join(tmp.dir, `worker-${n}`) },
  });
  workers.push(running);
  return running;
}

describe('a scan on a Redis queue with three workers', () => {
  it('survives a worker killed mid-visit: the same verdicts as one process, each finding once, one visit a host at a time', async () => {
    const roster = join(tmp.dir, 'roster.csv');
    // a compliant platform, one in breach, one that turns the crawler away, and a second roster
    // entry on the compliant one's host, which no two workers may visit at once
    const pick = (id: string) => sites.platforms.find((p) => p.id === id)!;
    const platforms = [pick('xinghe'), pick('hemei'), { ...pick('hemei'), id: 'hemei-2' }, pick('fengsuo')];
    const expected = (id: string) => sites.expected[id === 'hemei-2' ? 'hemei' : id]!;
    await writeDemoRoster(platforms, roster);
    const started = Date.now();
    // The first worker alone takes the first job (xinghe) and is killed in the middle of it; the
    // other two then take the next jobs together, the two on one host among them.
    const victim = startWorker(1);
    await victim.waitFor(/ready on/);
    const storage = join(tmp.dir, 'coordinator');
    const coordinator = start(
      process.execPath,
      [BIN, 'scan', '--platforms', roster, '--redis', redis.url, '--checks', CHECKS.join(','), '--per-host', '2', '--rpm', '1200', '--nav-timeout', '8', '--out', join(tmp.dir, 'run')],
      { storage },
    );
    await victim.waitFor(/xinghe: visiting/, 90_000);
    victim.child.kill('SIGKILL');
    await victim.ended;
    const others = [startWorker(2), startWorker(3)];

    const ended = await coordinator.ended;
    expect(ended.code, ended.stderr).toBe(0);
    const seconds = (Date.now() - started) / 1000;

    // another worker visited the killed worker's platform again, to its end
    expect(others.some((w) => /xinghe: done in/.test(w.output().stderr)), others.map((w) => w.output().stderr).join('\n')).toBe(true);

    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    const [run] = listRuns(db);
    const findings = runFindings(db, run!.id);
    const statuses = jobs(db, run!.id).map((j) => j.status);
    const captured = db.prepare('SELECT platform_id AS platformId, captured_at AS capturedAt FROM snapshots WHERE run_id = ?').all(run!.id) as { platformId: string; capturedAt: string }[];
    db.close();
    expect(run!.status).toBe('finished');
    expect(statuses).toEqual(platforms.map(() => 'done'));
    const keys = findings.map((f) => `${f.platformId}/${f.checkId}`);
    expect(new Set(keys).size, keys.join(' ')).toBe(keys.length);
    expect(Object.fromEntries(findings.map((f) => [`${f.platformId}/${f.checkId}`, f.verdict]))).toEqual(
      Object.fromEntries(platforms.flatMap((p) => CHECKS.map((c) => [`${p.id}/${c}`, expected(p.id)[c]]))),
    );
    // one host, one visit at a time: the two visits' captures do not overlap
    const span = (id: string): [string, string] => {
      const times = captured.filter((c) => c.platformId === id).map((c) => c.capturedAt).sort();
      return [times[0]!, times.at(-1)!];
    };
    const [first, second] = [span('hemei'), span('hemei-2')].sort((a, b) => a[0].localeCompare(b[0])) as [[string, string], [string, string]];
    expect(first[1] < second[0], `${first} ${second}`).toBe(true);
    expect(findings.filter((f) => f.platformId === 'fengsuo').map((f) => f.details.reason)).toEqual(CHECKS.map(() => 'blocked'));
    expect(readFindings(run!.outDir)).toEqual(findings);
    expectValidRunFolder(run!.outDir);
    process.stderr.write(`queued scan of ${platforms.length} platforms, 3 workers, one killed: ${seconds.toFixed(1)} s\n`);
  }, 180_000);

  it('records a job whose workers keep dying as not checked, interrupted, after its last lease: no endless loop', async () => {
    const roster = join(tmp.dir, 'roster-stalled.csv');
    const platform = sites.platforms.find((p) => p.id === 'hemei')!;
    await writeDemoRoster([platform], roster);
    // A worker that takes the job and never renews its lease, as one killed each time would.
    const dying = new Worker(QUEUE_NAME, () => new Promise(() => undefined), {
      connection: connectionOf(redis.url),
      concurrency: MAX_STALLED + 2,
      lockDuration: 500,
      stalledInterval: 500,
      maxStalledCount: MAX_STALLED,
      skipLockRenewal: true,
    });
    // the e2e test's workers are stopped: only the dying one takes jobs
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.ended));
    const db = openDatabase(join(tmp.dir, 'stalled.sqlite'));
    try {
      const result = await scanOnQueue(db, { rosterPath: roster, checks: [...CHECKS], outDir: join(tmp.dir, 'run-stalled'), visit: FAST_VISIT, redisUrl: redis.url }, new AbortController().signal);
      expect(result.complete).toBe(true);
      expect(result.findings.map((f) => [f.checkId, f.verdict, f.details.reason])).toEqual(CHECKS.map((c) => [c, 'not-checked', 'interrupted']));
      // stored, the job is gone from the queue
      const queue = new Queue(QUEUE_NAME, { connection: connectionOf(redis.url) });
      expect(await queue.getJobCounts('failed', 'completed', 'wait', 'active')).toEqual({ failed: 0, completed: 0, wait: 0, active: 0 });
      await queue.close();
    } finally {
      await dying.close(true);
      db.close();
    }
  }, 60_000);

  it('holds a host for one visit at a time across workers, until released or its lease runs out', async () => {
    const client = await openRedis(redis.url);
    try {
      const a = await takeHost(client, 'shop.example:80', 'job-a', 'attempt-1', 400);
      expect(a).not.toBeNull();
      expect(await takeHost(client, 'shop.example:80', 'job-b', 'attempt-1', 400)).toBeNull();
      // a job redone (its worker died) takes its own lease over, and the old attempt cannot release it
      const again = await takeHost(client, 'shop.example:80', 'job-a', 'attempt-2', 300);
      expect(again).not.toBeNull();
      await a!.release();
      expect(await hostHolder(client, 'shop.example:80')).toBe('job-a');
      // renewed while held: still held after more than one lease time
      await new Promise((r) => setTimeout(r, 700));
      expect(await hostHolder(client, 'shop.example:80')).toBe('job-a');
      expect(await takeHost(client, 'shop.example:80', 'job-b', 'attempt-1', 400)).toBeNull();
      await again!.release();
      expect(await hostHolder(client, 'shop.example:80')).toBeNull();
      // a worker gone with the host held (its connection dropped, nothing renews): free after the lease
      const dead = await openRedis(redis.url);
      expect(await takeHost(dead, 'shop.example:80', 'job-c', 'attempt-1', 300)).not.toBeNull();
      dead.disconnect();
      expect(await takeHost(client, 'shop.example:80', 'job-b', 'attempt-1', 300)).toBeNull();
      await new Promise((r) => setTimeout(r, 500));
      const b = await takeHost(client, 'shop.example:80', 'job-b', 'attempt-1', 300);
      expect(b).not.toBeNull();
      await b!.release();
    } finally {
      client.disconnect();
    }
  });

  it('says in one line when no Redis answers', async () => {
    await expect(reachRedis('redis://127.0.0.1:9')).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:9 .*redis-server/);
  });
});
