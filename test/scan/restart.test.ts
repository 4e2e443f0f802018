// A scan killed outright (SIGKILL) or stopped with Ctrl-C, then run again, finishes the
// remaining platforms without losing or duplicating findings. Drives the real `wangjian` command.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { startDemoSites, writeDemoRoster, type DemoSites } from '../../src/demo/sites.js';
import { paths } from '../../src/paths.js';
import { openDatabase } from '../../src/store/database.js';
import { jobs, listRuns, runFindings } from '../../src/store/scans.js';
import { expectValidRunFolder, readFindings } from '../helpers/findings.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = resolve(paths.root, 'src', 'bin', 'wangjian.mjs');
const CHECKS = ['licence-display', 'agreement-display'] as const;
const FAST = ['--concurrency', '1', '--per-host', '2', '--rpm', '1200', '--nav-timeout', '8', '--checks', CHECKS.join(',')];

let sites: DemoSites;
let roster: string;
beforeAll(async () => {
  sites = await startDemoSites();
});
afterAll(() => sites?.close());

function environment(storage: string): NodeJS.ProcessEnv {
  // Chromium's profile lands in TMPDIR, so the processes of a killed scan can be found and ended.
  mkdirSync(join(storage, 'tmp'), { recursive: true });
  return { ...process.env, WANGJIAN_STORAGE: storage, TMPDIR: join(storage, 'tmp') };
}

function start(storage: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'scan', '--platforms', roster, ...FAST], { env: environment(storage), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits until at least `n` platforms of the newest run are done (read from the real database). */
async function doneAtLeast(storage: string, n: number): Promise<number> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const db = openDatabase(join(storage, 'wangjian.sqlite'));
      const run = listRuns(db, 1)[0];
      const done = run ? jobs(db, run.id).filter((j) => j.status === 'done').length : 0;
      db.close();
      if (done >= n) return done;
    } catch {
      // the scan has not created the database yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${n} platforms done after 90 s`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Runs the command to its end without blocking this process, which serves the sample sites. */
async function runToEnd(storage: string, extra: string[] = []): Promise<{ code: number | null; text: string }> {
  const child = spawn(process.execPath, [BIN, 'scan', '--platforms', roster, ...extra, ...FAST], { env: environment(storage), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = output(child);
  const code = await exited(child);
  return { code, text: out.text };
}

function output(child: ChildProcess): { text: string } {
  const out = { text: '' };
  child.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
  return out;
}

function expectCompleteRun(expect: ExpectStatic, storage: string): string {
  const db = openDatabase(join(storage, 'wangjian.sqlite'));
  const runs = listRuns(db);
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  expect(run.status).toBe('finished');
  const findings = runFindings(db, run.id);
  const keys = findings.map((f) => `${f.platformId}/${f.checkId}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(Object.fromEntries(keys.map((k, i) => [k, findings[i]!.verdict]))).toEqual(
    Object.fromEntries(Object.entries(sites.expected).flatMap(([id, checks]) => CHECKS.map((c) => [`${id}/${c}`, checks[c]]))),
  );
  expect(readFindings(run.outDir)).toEqual(findings);
  expectValidRunFolder(run.outDir);
  const attempts = jobs(db, run.id).map((j) => j.attempts);
  db.close();
  expect(attempts.every((a) => a >= 1)).toBe(true);
  return run.id;
}

// The two cases side by side, each with its own storage: they wait on the scans they drive.
describe.concurrent('restarting a scan', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  beforeAll(async () => {
    roster = join(tmp.dir, 'roster.csv');
    await writeDemoRoster(sites.platforms, roster);
  });

  it('after SIGKILL mid-way, a rerun resumes by itself and finishes every platform once', async ({ expect }) => {
    const storage = join(tmp.dir, 'killed');
    const child = start(storage);
    const stopped = exited(child);
    const doneBeforeKill = await doneAtLeast(storage, 2);
    process.kill(-child.pid!, 'SIGKILL');
    await stopped;
    // Playwright starts Chromium in a process group of its own: end what the killed scan left.
    spawnSync('pkill', ['-KILL', '-f', join(storage, 'tmp')]);
    expect(doneBeforeKill).toBeLessThan(sites.platforms.length);

    const rerun = await runToEnd(storage);
    expect(rerun.code).toBe(0);
    expect(rerun.text).toMatch(/continuing run \S+: \d+ of 6 platforms left/);
    expectCompleteRun(expect, storage);
  });

  it('after Ctrl-C, keeps what was done, exits 130, and --resume finishes the rest', async ({ expect }) => {
    const storage = join(tmp.dir, 'interrupted');
    const child = start(storage);
    const out = output(child);
    const stopped = exited(child);
    await doneAtLeast(storage, 1);
    child.kill('SIGINT');
    expect(await stopped).toBe(130);
    const runId = /--resume (\S+)/.exec(out.text)?.[1];
    expect(runId).toBeDefined();

    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    const kept = runFindings(db, runId!);
    const done = jobs(db, runId!).filter((j) => j.status === 'done').map((j) => j.platform.id);
    db.close();
    expect(kept.length).toBeGreaterThan(0);
    expect([...new Set(kept.map((f) => f.platformId))].sort()).toEqual([...done].sort());

    const resumed = await runToEnd(storage, ['--resume', runId!]);
    expect(resumed.code).toBe(0);
    expect(expectCompleteRun(expect, storage)).toBe(runId);
  });
});
