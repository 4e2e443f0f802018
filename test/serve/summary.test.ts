// The inspection page in real Chromium: the summary over the cards, and confirming the compliant
// and the not-checked drafts together, per check and for the platform, in place, each item its
// own version and audit entry; violations and needs-review stay one by one, and a repeated confirm
// changes nothing.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { legalBasisOf } from '../../rules/legal-basis.js';
import type { Verdict } from '../../rules/types.js';
import type { Finding } from '../../src/findings/finding.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { listAudit } from '../../src/store/audit-log.js';
import { reviewItems } from '../../src/store/review-items.js';
import { completeJob, createRun, finishRun, listPlatforms } from '../../src/store/scans.js';
import { HttpClient, logIn, useServeFixture } from './fixture.js';

const served = useServeFixture();
let page: Page;
let inspection: number;

const RESULTS: [string, Verdict, string][] = [
  ['ad-label', 'violation', '搜索结果第 2 位只标注“推广”'],
  ['ad-label', 'compliant', '搜索结果第 1 位标注了“广告”'],
  ['ad-label', 'compliant', '搜索结果第 3 位标注了“广告”'],
  ['tying', 'not-checked', '商品页未能打开：页面加载超时'],
  ['tying', 'not-checked', '商品页未能打开：需要登录才能查看'],
  ['tying', 'compliant', '商品页未见默认勾选的附加服务'],
  ['licence-display', 'needs-review', '营业执照链接文字字号过小'],
  ['complaint-channel', 'compliant', '首页公示了投诉电话'],
];

beforeAll(async () => {
  const { db } = served.fx;
  const mall = listPlatforms(db).find((p) => p.id === 'mall')!;
  createRun(db, { id: 'run-2', startedAt: '2026-12-01T01:00:00Z', outDir: served.fx.runDir, rosterPath: 'roster.csv', rosterSha256: 'x', checks: ['ad-label', 'tying', 'licence-display', 'complaint-channel'], toolVersion: '0.1.0' }, [mall], {});
  const findings: Finding[] = RESULTS.map(([checkId, verdict, summary]) => ({
    runId: 'run-2', platformId: 'mall', checkId, verdict, subject: 'http://127.0.0.1:9/mall', summary, legalBasis: legalBasisOf(checkId), evidence: [], details: {},
    capturedAt: '2026-12-01T01:00:00Z', ruleVersion: '1.0.0', toolVersion: '0.1.0', capturedBy: 'automated',
  }));
  completeJob(db, 'run-2', 'mall', [], findings);
  finishRun(db, 'run-2');
  inspection = createRoutineInspection(db, { platformId: 'mall', unit: '晋城市市场监督管理局网络交易监督管理科', inspectors: ['jc-03', 'jc-04'], runId: 'run-2', actor: 'jc-03' }).id;
  page = await served.browser.newPage();
  await logIn(page, served.fx.base, 'jc-03');
  await page.goto(`${served.fx.base}/inspections/${inspection}`);
});

const overview = () => page.locator('#overview');
const row = (name: string) => overview().locator('tbody tr', { hasText: name });
const statusOf = (summary: string) => reviewItems(served.fx.db, inspection).find((i) => i.current.summary === summary)!.current.status;

/** Clicks a bulk button and waits for the page to show its answer. */
async function bulk(button: ReturnType<Page['locator']>): Promise<string> {
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/confirm-all')), button.click()]);
  const status = page.locator('#act-status:not([hidden])');
  await status.waitFor();
  return status.innerText();
}

describe('the inspection summary and bulk confirmation', () => {
  it('opens with what is wrong, what needs a look and what could not be checked, check by check', async () => {
    const text = await overview().innerText();
    expect(text).toContain('违法 1 条，待研判 1 条，未能检查 2 条，合规 4 条');
    expect(text).toContain('待审核 8 条');
    // the summary comes before the first card
    const [summaryY, cardY] = [await overview().boundingBox(), await page.locator('.card[data-check]').first().boundingBox()];
    expect(summaryY!.y).toBeLessThan(cardY!.y);
    // each check: its worst result, the counts, and a link to the result to look at first
    const ad = row('竞价排名广告标注');
    expect(await ad.locator('td').nth(1).innerText()).toBe('违法');
    const first = ad.locator('a[href^="#item-"]');
    expect(await first.innerText()).toBe('搜索结果第 2 位只标注“推广”');
    expect(await page.locator(`${await first.getAttribute('href')}`).innerText()).toContain('搜索结果第 2 位只标注“推广”');
    expect(await row('搭售').locator('td').nth(1).innerText()).toBe('未能检查');
    // violations and needs-review have no bulk button
    expect(await ad.locator('button').allInnerTexts()).toEqual(['确认全部合规（2 条）']);
    expect(await row('亮证亮照').locator('button').count()).toBe(0);
  });

  it('opens compliant and not-checked results short, their evidence and other acts one click away, in place', async () => {
    const short = page.locator('.card', { hasText: '商品页未见默认勾选的附加服务' });
    expect(await short.locator('form').count()).toBe(1);
    expect(await short.locator('form[action$="/confirm"]').count()).toBe(1);
    const violation = page.locator('.card', { hasText: '搜索结果第 2 位只标注“推广”' });
    expect(await violation.locator('form[action$="/reject"]').count()).toBe(1);
    await Promise.all([page.waitForResponse((r) => /\/items\/\d+$/.test(r.url())), short.locator('a[data-expand]').click()]);
    await short.locator('form[action$="/reject"]').waitFor();
    expect(await short.locator('form[action$="/amend"]').count()).toBe(1);
    expect(await short.innerText()).toContain('版本记录');
    // the same page, at the same address
    expect(new URL(page.url()).pathname).toBe(`/inspections/${inspection}`);
  });

  it("confirms one check's compliant drafts in place, each its own version and audit entry", async () => {
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    expect(await bulk(row('竞价排名广告标注').locator('button'))).toBe('已确认（十二）竞价排名广告标注的合规结果 2 条。');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(statusOf('搜索结果第 1 位标注了“广告”')).toBe('confirmed');
    expect(statusOf('搜索结果第 3 位标注了“广告”')).toBe('confirmed');
    // the other checks' compliant drafts and the violation are untouched
    expect(statusOf('商品页未见默认勾选的附加服务')).toBe('draft');
    expect(statusOf('搜索结果第 2 位只标注“推广”')).toBe('draft');
    // the cards and the summary were drawn again
    expect(await page.locator('.card', { hasText: '搜索结果第 1 位标注了“广告”' }).locator('p').first().innerText()).toContain('已确认');
    expect(await overview().innerText()).toContain('待审核 6 条');
    expect(await row('竞价排名广告标注').locator('button').count()).toBe(0);
    const entries = listAudit(served.fx.db, { inspectionId: inspection }).filter((e) => e.action === 'confirm-bulk');
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).toMatchObject({ actor: 'jc-03', ip: '127.0.0.1', before: { status: 'draft' }, after: { status: 'confirmed' } });
  });

  it("confirms the platform's not-checked drafts, and only those", async () => {
    const platformWide = overview().locator('.actions button', { hasText: '未能检查' });
    expect(await platformWide.innerText()).toBe('确认全部未能检查（2 条）');
    expect(await bulk(platformWide)).toBe('已确认未能检查结果 2 条。');
    expect(statusOf('商品页未能打开：页面加载超时')).toBe('confirmed');
    expect(statusOf('商品页未能打开：需要登录才能查看')).toBe('confirmed');
    expect(statusOf('营业执照链接文字字号过小')).toBe('draft');
    expect(await overview().locator('.actions button').allInnerTexts()).toEqual(['确认全部合规（2 条）']);
  });

  it('refuses violations in bulk, and a repeated confirm adds no version', async () => {
    const client = new HttpClient(served.fx.base);
    await client.logIn('jc-03');
    const token = await client.csrf(`/inspections/${inspection}`);
    const json = { accept: 'application/json' };
    const refused = await client.request('POST', `/inspections/${inspection}/confirm-all`, { form: { _csrf: token, verdict: 'violation' }, headers: json });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { text: string }).text).toBe('只有“合规”和“未能检查”的结果可以批量确认，违法和待研判的结果须逐条确认');
    expect(statusOf('搜索结果第 2 位只标注“推广”')).toBe('draft');

    const item = reviewItems(served.fx.db, inspection).find((i) => i.current.summary === '搜索结果第 1 位标注了“广告”')!;
    const again = await client.request('POST', `/inspections/${inspection}/items/${item.id}/confirm`, { form: { _csrf: token, version: String(item.current.version) }, headers: json });
    expect(((await again.json()) as { ok: boolean; text: string })).toMatchObject({ ok: true, text: '此检查结果已确认，未作更改。' });
    expect(reviewItems(served.fx.db, inspection).find((i) => i.id === item.id)!.versions).toHaveLength(2);
  });
});
