// `wangjian nightly` as cron runs it (the real command, built): the lock refuses an overlapping
// nightly and is taken over from a dead one; a nightly killed mid-scan is continued by the next;
// --campaign scans the targets of the current draw; bad input exits 2 with a message.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSites, writeDemoRoster, type DemoSites } from '../../src/demo/sites.js';
import { sha256 } from '../../src/evidence/bundle.js';
import { paths } from '../../src/paths.js';
import { openDatabase } from '../../src/store/database.js';
import { selectFromCampaign } from '../../src/nightly/selection.js';
import { acquireNightlyLock, listNightlies, lockHolder } from '../../src/store/nightly.js';
import { getRun, jobs, listRuns } from '../../src/store/scans.js';
import { tempDir } from '../helpers/tmp.js';
import { startNightlySite, type NightlySite } from './site.js';

const BIN = resolve(paths.root, 'src', 'bin', 'wangjian.mjs');
const FAST = ['--concurrency', '1', '--per-host', '2', '--rpm', '1200', '--nav-timeout', '8', '--checks', 'licence-display'];
const FIXTURES = resolve(paths.root, 'test', 'draw', 'fixtures');

const tmp = tempDir();
let demo: DemoSites;
let site: NightlySite;
let demoRoster: string;
let siteRoster: string;

beforeAll(async () => {
  [demo, site] = await Promise.all([startDemoSites(), startNightlySite({ '101': '广告' })]);
  demoRoster = join(tmp.dir, 'demo.csv');
  await writeDemoRoster(demo.platforms, demoRoster);
  siteRoster = join(tmp.dir, 'site.csv');
  await writeDemoRoster([{ id: 'yexun', name: '夜巡商城有限公司', uscc: '91330110MA2H3K5L7X', url: site.url, risk: 'general' }], siteRoster);
});

afterAll(async () => {
  await Promise.all([demo?.close(), site?.close()]);
  tmp.remove();
});

function environment(storage: string): NodeJS.ProcessEnv {
  // Chromium's profile lands in TMPDIR, so the processes of a killed nightly can be found and ended.
  mkdirSync(join(storage, 'tmp'), { recursive: true });
  return { ...process.env, WANGJIAN_STORAGE: storage, TMPDIR: join(storage, 'tmp') };
}

function output(child: ChildProcess): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return out;
}

const exited = (child: ChildProcess) => new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

/** Runs the command to its end without blocking this process, which serves the sites. */
async function wangjian(storage: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: environment(storage), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = output(child);
  const code = await exited(child);
  return { code, ...out };
}

const database = (storage: string) => openDatabase(join(storage, 'wangjian.sqlite'));

// The three stories side by side, each in its own storage: they wait on the nightlies they drive.
describe.concurrent('wangjian nightly', () => {
  describe('the nightly lock', () => {
    it('refuses a nightly while another holds the lock: exit 75, nothing scanned', async ({ expect }) => {
      const storage = join(tmp.dir, 'held');
      const db = database(storage);
      expect(acquireNightlyLock(db).acquired).toBe(true); // this test process is the live holder
      const run = await wangjian(storage, ['nightly', '--platforms', siteRoster, ...FAST]);
      expect(run.code).toBe(75);
      expect(run.stderr).toContain(`another nightly is running (pid ${process.pid}`);
      expect(run.stderr).toContain('this one did not run');
      expect(listNightlies(db)).toEqual([]);
      expect(listRuns(db)).toEqual([]);
      expect(lockHolder(db)?.pid).toBe(process.pid);
      db.close();
    });

    it('takes over the lock of a nightly that died, says so, and runs', async ({ expect }) => {
      const storage = join(tmp.dir, 'stale');
      const db = database(storage);
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      expect(acquireNightlyLock(db, dead).acquired).toBe(true);
      const run = await wangjian(storage, ['nightly', '--platforms', siteRoster, ...FAST]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`took over a stale nightly lock: pid ${dead}`);
      expect(run.stdout).toMatch(/nightly \S+ \(scan run \S+\): 1 platform, checks licence-display/);
      expect(run.stdout).toContain('nightly.html');
      expect(lockHolder(db)).toBeUndefined(); // released at the end
      db.close();
    });
  });

  describe('a nightly killed mid-scan', () => {
    it('is continued by the next nightly: same nightly and run, every platform once, then compared', async ({ expect }) => {
      const storage = join(tmp.dir, 'killed');
      const child = spawn(process.execPath, [BIN, 'nightly', '--platforms', demoRoster, ...FAST], { env: environment(storage), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const out = output(child);
      const stopped = exited(child);
      const deadline = Date.now() + 90_000;
      let done = 0;
      while (done < 2 && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          const db = database(storage);
          const run = listRuns(db, 1)[0];
          done = run ? jobs(db, run.id).filter((j) => j.status === 'done').length : 0;
          db.close();
        } catch {
          // the nightly has not created the database yet
        }
      }
      expect(child.exitCode, out.stderr).toBeNull();
      process.kill(-child.pid!, 'SIGKILL');
      await stopped;
      // Playwright starts Chromium in a process group of its own: end what the killed nightly left.
      spawnSync('pkill', ['-KILL', '-f', join(storage, 'tmp')]);
      expect(done).toBeGreaterThanOrEqual(2);

      let db = database(storage);
      const [killed] = listNightlies(db);
      expect(killed).toMatchObject({ status: 'running' });
      expect(jobs(db, killed!.runId!).filter((j) => j.status === 'done').length).toBeLessThan(demo.platforms.length);
      const rosterBytes = readFileSync(join(killed!.outDir, 'roster.json'));
      db.close();

      const rerun = await wangjian(storage, ['nightly', '--platforms', demoRoster, ...FAST]);
      expect(rerun.code).toBe(0);
      expect(rerun.stderr).toContain(`continuing nightly ${killed!.id}`);
      expect(rerun.stderr).toMatch(/continuing run \S+: \d+ of 6 platforms left/);

      db = database(storage);
      expect(listNightlies(db).map((n) => [n.id, n.status, n.runId])).toEqual([[killed!.id, 'done', killed!.runId]]);
      expect(listRuns(db)).toHaveLength(1);
      const run = getRun(db, killed!.runId!)!;
      expect(run.status).toBe('finished');
      expect(jobs(db, run.id).map((j) => j.status)).toEqual(demo.platforms.map(() => 'done'));
      // the roster written again is byte for byte the one the run was started over
      expect(readFileSync(join(killed!.outDir, 'roster.json'))).toEqual(rosterBytes);
      expect(sha256(rosterBytes)).toBe(run.rosterSha256);
      db.close();
      const report = JSON.parse(readFileSync(join(killed!.outDir, 'nightly.json'), 'utf8'));
      expect(report.runId).toBe(run.id);
      expect(report.platforms).toHaveLength(demo.platforms.length);
    });
  });

  // Its cases build on each other: one after another.
  describe.sequential('nightly --campaign', () => {
    const storage = join(tmp.dir, 'campaign');
    let drawTargets: string[];

    beforeAll(async () => {
      // the fixture draw, over a roster whose platforms all point at the test's shop
      for (const f of ['campaign.json', 'province-2026.json', 'inspectors.csv']) copyFileSync(join(FIXTURES, f), join(tmp.dir, f));
      const lines = readFileSync(join(FIXTURES, 'roster.csv'), 'utf8').trimEnd().split('\n');
      const roster = [lines[0], ...lines.slice(1).map((l) => l.replace(/https:\/\/[^,]+/, `${site.url}?p=${l.split(',')[0]}`))].join('\n');
      writeFileSync(join(tmp.dir, 'campaign-roster.csv'), `${roster}\n`);
      const draw = await wangjian(storage, ['draw', '--campaign', join(tmp.dir, 'campaign.json'), '--platforms', join(tmp.dir, 'campaign-roster.csv'), '--inspectors', join(tmp.dir, 'inspectors.csv'), '--seed', 'nightly', '--out', join(tmp.dir, 'draw.json')]);
      expect(draw.code, draw.stderr).toBe(0);
      drawTargets = (JSON.parse(readFileSync(join(tmp.dir, 'draw.json'), 'utf8')) as { targets: { platformId: string }[] }).targets.map((t) => t.platformId);
    });

    it('scans the targets of the current draw, from the platforms table the draw filled', async ({ expect }) => {
      const run = await wangjian(storage, ['nightly', '--campaign', 'jc-2026-ecom', ...FAST]);
      expect(run.code, run.stderr).toBe(0);
      const db = database(storage);
      const [n] = listNightlies(db);
      expect(n!.source).toMatch(/^campaign jc-2026-ecom draw /);
      expect(jobs(db, n!.runId!).map((j) => j.platform.id).sort()).toEqual([...drawTargets].sort());
      db.close();
      const written = JSON.parse(readFileSync(join(n!.outDir, 'roster.json'), 'utf8')) as { id: string }[];
      expect(written.map((p) => p.id)).toEqual([...drawTargets].sort());
      // without --checks, the campaign's own checks (its items are for inspectors)
      const again = database(storage);
      expect(selectFromCampaign(again, 'jc-2026-ecom').checks).toEqual(['licence-display', 'agreement-display', 'ad-label']);
      again.close();
    });

    it('names a target missing from the platforms table: exit 2, nothing scanned', async ({ expect }) => {
      const db = database(storage);
      db.prepare('DELETE FROM platforms WHERE id = ?').run(drawTargets[0]);
      const before = listNightlies(db).length;
      db.close();
      const run = await wangjian(storage, ['nightly', '--campaign', 'jc-2026-ecom', ...FAST]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`names platform not in the platforms table: ${drawTargets[0]}`);
      const after = database(storage);
      expect(listNightlies(after)).toHaveLength(before);
      after.close();
    });

    it('refuses a campaign with no draw, and neither or both of --platforms and --campaign', async ({ expect }) => {
      const none = await wangjian(storage, ['nightly', '--campaign', 'no-such-campaign']);
      expect([none.code, none.stderr]).toEqual([2, 'wangjian: campaign "no-such-campaign" has no draw in the database (wangjian draw list shows the draws)\n']);
      for (const args of [[], ['--platforms', siteRoster, '--campaign', 'jc-2026-ecom']]) {
        const bad = await wangjian(storage, ['nightly', ...args]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('nightly needs exactly one of --platforms <roster file> or --campaign <campaign id>');
      }
    });
  });
});
