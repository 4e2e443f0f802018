// The README's first day, run exactly as written: every line of its command block, in order, in
// the checkout, with a storage folder of its own, down to an inspector logging in and seeing the
// scanned platform's draft findings in a real browser. So the README cannot drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../src/paths.js';
import { launchBrowser } from './helpers/browser.js';
import { interrupt, start, type Running } from './helpers/cli.js';
import { readFindings } from './helpers/findings.js';
import { tempDir } from './helpers/tmp.js';

const README = readFileSync(join(paths.root, 'README.md'), 'utf8');
const SECTION = /^## First day\b[^\n]*\n([\s\S]*?)(?=^## )/m.exec(README)?.[1] ?? '';
const BLOCK = /```sh\n([\s\S]*?)```/.exec(SECTION)?.[1] ?? '';
/** The block's lines; a shell comment at the end of a line is the shell's, as when pasted. */
const LINES = BLOCK.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
/** A command that keeps running: put in the background, or the review server. */
const keepsRunning = (line: string) => /&\s*(#.*)?$/.test(line) || /\bwangjian serve\b/.test(line);

const tmp = tempDir('wangjian-first-day-');
const storage = join(tmp.dir, 'storage');
const servers: Running[] = [];
const ran: { line: string; code: number | null; stdout: string; stderr: string }[] = [];
let browser: Browser;

beforeAll(async () => {
  expect(LINES.length).toBeGreaterThan(5);
  for (const line of LINES) {
    if (keepsRunning(line)) {
      // `exec` so that the signal that stops it reaches the command itself, as Ctrl-C would.
      const running = start('bash', ['-c', `exec ${line.replace(/&\s*(#.*)?$/, '')}`], { storage, detached: true });
      servers.push(running);
      await running.waitFor(/serving \d+ sample platforms|listening on/);
      continue;
    }
    const ended = await start('bash', ['-c', line], { storage }).ended;
    ran.push({ line, ...ended });
    if (ended.code !== 0) throw new Error(`README first day: \`${line}\` exited ${ended.code}\n${ended.stdout}\n${ended.stderr}`);
  }
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  const ends = await Promise.all(servers.map((s) => interrupt(s)));
  tmp.remove();
  // Ctrl-C is how both are meant to stop: a clean end, not a crash (npx itself ends by the signal).
  for (const e of ends) {
    expect(e.code === 0 || e.signal === 'SIGINT', e.stderr).toBe(true);
    expect(e.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  }
});

describe('README first day', () => {
  it('runs every command of the block, each exiting 0, the sample platforms first and the review server last', () => {
    expect(LINES[0]).toMatch(/wangjian demo --serve-only/);
    expect(LINES.at(-1)).toMatch(/^npx wangjian serve\b/);
    expect(ran.map((r) => r.code)).toEqual(ran.map(() => 0));
  });

  it('serves the sample platforms at the addresses of the sample roster, byte for byte', () => {
    expect(readFileSync(join(storage, 'demo', 'roster.csv'), 'utf8')).toBe(readFileSync(join(paths.firstDay, 'platforms.csv'), 'utf8'));
  });

  it('draws the targets the README names, and scans them with the campaign checks', () => {
    const drawFile = readdirSync(join(storage, 'draws'));
    expect(drawFile).toHaveLength(1);
    const draw = JSON.parse(readFileSync(join(storage, 'draws', drawFile[0]!), 'utf8')) as { targets: { platformId: string; inspectors: string[] }[]; campaign: { checks: string[] } };
    expect(draw.targets.map((t) => [t.platformId, t.inspectors])).toEqual([
      ['hemei', ['hz-02', 'hz-03']],
      ['baibao', ['hz-01', 'hz-04']],
    ]);
    expect(SECTION).toContain('合美优选 (`hemei`) to hz-02 and hz-03, 百宝街\n   (`baibao`) to hz-01 and hz-04');
    const scanned = ran.find((r) => /wangjian scan\b/.test(r.line))!;
    const findingsFile = /in (\S+findings\.jsonl)/.exec(scanned.stdout)![1]!;
    const findings = readFindings(join(findingsFile, '..'));
    expect([...new Set(findings.map((f) => f.platformId))].sort()).toEqual(['baibao', 'hemei']);
    expect([...new Set(findings.map((f) => f.checkId))].sort()).toEqual(draw.campaign.checks.filter((c) => !c.startsWith('item-')).sort());
  });

  it("lets the inspector the README names log in and see the scanned platform's drafts", async () => {
    const [, account, password] = /log in as `([\w-]+)` \(password `([^`]+)`\)/.exec(SECTION) ?? [];
    expect(BLOCK).toContain(`'${password}' | npx wangjian user add ${account} `);
    const base = /listening on (http:\/\/\S+)/.exec(servers.at(-1)!.output().stdout)![1]!;
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#id', account!);
    await page.fill('#password', password!);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
    const row = page.locator('tr', { has: page.locator('.muted', { hasText: /^hemei$/ }) });
    await Promise.all([page.waitForURL(/\/inspections\/\d+$/), row.locator('a[href^="/inspections/"]').first().click()]);

    const runDir = join(/in (\S+)findings\.jsonl/.exec(ran.find((r) => /wangjian scan\b/.test(r.line))!.stdout)![1]!);
    const drafts = readFindings(runDir).filter((f) => f.platformId === 'hemei');
    expect(drafts.length).toBeGreaterThan(0);
    const cards = page.locator('div.card[id^="item-"]');
    expect(await cards.count()).toBe(drafts.length);
    const text = await page.locator('main, body').first().innerText();
    for (const f of drafts) expect(text).toContain(f.summary);
    // every one a draft for the inspector to decide
    expect(await cards.filter({ has: page.locator('p:first-child .badge', { hasText: '待审核' }) }).count()).toBe(drafts.length);
    await page.close();
  });
});
