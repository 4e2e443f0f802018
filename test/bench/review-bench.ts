// The inspector's hour, measured: the review application over one platform of 60 draft findings
// (one violation, 40 compliant, 19 not checked), its evidence real screenshots. It prints the
// inspection page's size before any evidence loads and the server's time to make it, then drives
// Chromium through what two inspectors do from opening the inspection to both signatures and
// counts the clicks and the seconds (no thinking time: the floor, not a person's pace).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { legalBasisOf } from '../../rules/legal-basis.js';
import type { Verdict } from '../../rules/types.js';
import { CATALOGUE_CHECKS } from '../../src/campaign/items.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { Finding } from '../../src/findings/finding.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { buildApp } from '../../src/serve/app.js';
import { createUser } from '../../src/store/accounts.js';
import { openDatabase } from '../../src/store/database.js';
import { currentRecordForm } from '../../src/store/record-forms.js';
import { completeJob, createRun, finishRun, importPlatforms } from '../../src/store/scans.js';
import { launchBrowser } from '../helpers/browser.js';
import { tempDir } from '../helpers/tmp.js';

const PASSWORD = 'bench password 1';
const FINDINGS = { violation: 1, compliant: 40, 'not-checked': 19 } as const;
const ROSTER = `id,name,unit,region,certificate
jc-01,王建国,晋城市市场监督管理局网络交易监督管理科,140500,14050019001
jc-02,李秀英,晋城市市场监督管理局网络交易监督管理科,140500,14050019002
`;

export interface ReviewFigures {
  findings: number;
  pageBytes: number;
  serverMsMedian: number;
  serverMsP95: number;
  clicks: number;
  fieldsTyped: number;
  secondsToSigned: number;
}

/** A page of a synthetic platform, tall enough to be a real screenshot's size. */
const pageOf = (title: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="margin:0;width:1280px;font:14px sans-serif">
<h1>${title}</h1>${Array.from({ length: 40 }, (_, i) => `<p style="height:60px">商品 ${i + 1} 手机 128GB 全网通 ¥${i + 1}99.00</p>`).join('')}</body></html>`;

export async function runReviewBenchmark(progress: (line: string) => void): Promise<ReviewFigures> {
  const tmp = tempDir('wangjian-review-bench-');
  const browser = await launchBrowser();
  const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  try {
    progress('review: a platform of 60 draft findings');
    const roster = join(tmp.dir, 'inspectors.csv');
    writeFileSync(roster, ROSTER);
    for (const i of await readInspectorRoster(roster)) await createUser(db, i, 'inspector', PASSWORD);
    const platform = { id: 'bench', name: '某某网络科技有限公司', uscc: '91140500MA0K000001', url: 'http://127.0.0.1:9/', risk: 'general' as const };
    importPlatforms(db, [platform], 'roster.csv');
    const runDir = join(tmp.dir, 'run');
    const checks = Object.keys(CATALOGUE_CHECKS);
    createRun(db, { id: 'run-1', startedAt: '2026-12-01T01:00:00Z', outDir: runDir, rosterPath: 'roster.csv', rosterSha256: 'x', checks, toolVersion: '0.1.0' }, [platform], {});
    const bundle = new EvidenceBundle(runDir, platform.id);
    bundle.reset();
    const shooter = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const files: Finding['evidence'][] = [];
    for (const [n, name] of ['homepage', 'search', 'product'].entries()) {
      await shooter.setContent(pageOf(name));
      files.push([bundle.write(`p0${n + 1}-${name}.png`, 'screenshot', await shooter.screenshot({ fullPage: true })), bundle.write(`p0${n + 1}-${name}.rendered.html`, 'rendered-html', await shooter.content())]);
    }
    await shooter.close();
    const verdicts = Object.entries(FINDINGS).flatMap(([v, n]) => Array.from({ length: n }, () => v as Verdict));
    const findings: Finding[] = verdicts.map((verdict, i) => ({
      runId: 'run-1', platformId: platform.id, checkId: checks[i % checks.length]!, verdict, subject: `http://127.0.0.1:9/item/${i}`,
      summary: `第 ${i + 1} 条：${verdict === 'violation' ? '首页未公示营业执照信息' : verdict === 'compliant' ? '未发现问题' : '页面加载超时，未能检查'}`,
      legalBasis: legalBasisOf(checks[i % checks.length]!), evidence: files[i % files.length]!, details: { box: { x: 20, y: 60 + (i % 30) * 60, width: 400, height: 40 } },
      capturedAt: '2026-12-01T01:00:00Z', ruleVersion: '1.0.0', toolVersion: '0.1.0', capturedBy: 'automated',
    }));
    completeJob(db, 'run-1', platform.id, [], findings);
    finishRun(db, 'run-1');
    const inspection = createRoutineInspection(db, { platformId: platform.id, unit: '晋城市市场监督管理局网络交易监督管理科', inspectors: ['jc-01', 'jc-02'], runId: 'run-1', actor: 'jc-01' });
    const app = await buildApp({ db });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      let clicks = 0;
      let fieldsTyped = 0;
      const click = async (target: ReturnType<Page['locator']>) => {
        clicks++;
        await target.click();
      };
      const type = async (selector: string, text: string) => {
        fieldsTyped++;
        await page.fill(selector, text);
      };
      const logIn = async (id: string) => {
        await page.goto(`${base}/login`);
        await type('#id', id);
        await type('#password', PASSWORD);
        await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), click(page.locator('button[type=submit]'))]);
      };
      const answered = async (target: ReturnType<Page['locator']>) => {
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), click(target)]);
        await page.locator('#act-status:not([hidden])').waitFor();
      };
      await logIn('jc-01');

      // The page as the server makes it: its HTML alone (evidence loads lazily), over the session's cookie.
      const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const times: number[] = [];
      let pageBytes = 0;
      for (let i = 0; i < 21; i++) {
        const started = performance.now();
        const res = await fetch(`${base}/inspections/${inspection.id}`, { headers: { cookie } });
        pageBytes = (await res.arrayBuffer()).byteLength;
        if (i > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);

      progress('review: from opening the inspection to both signatures');
      const started = performance.now();
      await Promise.all([page.waitForURL(/\/inspections\/\d+$/), click(page.locator(`a[href="/inspections/${inspection.id}"]`).first())]);
      await answered(page.locator('.card', { hasText: '首页未公示营业执照信息' }).locator('form[action$="/confirm"] button'));
      await answered(page.locator('#overview .actions button', { hasText: '合规' }));
      await answered(page.locator('#overview .actions button', { hasText: '未能检查' }));
      const sign = async () => {
        await Promise.all([page.waitForURL(/\/record$/), click(page.locator(`a[href="/inspections/${inspection.id}/record"]`).first())]);
        await Promise.all([page.waitForURL(/\/record/), click(page.locator('form[action$="/record/sign"] button'))]);
      };
      await sign();
      await Promise.all([page.waitForURL(/\/login/), click(page.locator('form[action="/logout"] button'))]);
      await logIn('jc-02');
      await Promise.all([page.waitForURL(/\/inspections\/\d+$/), click(page.locator(`a[href="/inspections/${inspection.id}"]`).first())]);
      await sign();
      const secondsToSigned = (performance.now() - started) / 1000;
      if (currentRecordForm(db, inspection.id)?.status !== 'signed') throw new Error('review bench: the record form did not end signed');
      await page.close();
      return {
        findings: findings.length,
        pageBytes,
        serverMsMedian: times[Math.floor(times.length / 2)]!,
        serverMsP95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
        clicks,
        fieldsTyped,
        secondsToSigned,
      };
    } finally {
      await app.close();
    }
  } finally {
    db.close();
    await browser.close();
    tmp.remove();
  }
}

export function formatReview(f: ReviewFigures): string {
  return [
    `review: one platform of ${f.findings} draft findings (1 violation, 40 compliant, 19 not checked)`,
    `  inspection page: ${(f.pageBytes / 1024).toFixed(0)} KB before evidence loads, made in ${f.serverMsMedian.toFixed(0)} ms (p95 ${f.serverMsP95.toFixed(0)} ms) (goals: 150 KB, 300 ms)`,
    `  opening the inspection to both signatures: ${f.clicks} clicks and ${f.fieldsTyped} fields typed (the second inspector's log-in included), ${f.secondsToSigned.toFixed(1)} s without thinking time (goal: under 15 clicks)`,
    '',
  ].join('\n');
}
