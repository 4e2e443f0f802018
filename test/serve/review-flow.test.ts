// An inspector's morning in real Chromium against the real server: log in, open the work list and
// the inspection, confirm, reject, amend and add findings; a lead then reads each action, with its
// before and after, in the audit log (执法全过程记录) and its CSV export.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { listAudit } from '../../src/store/audit-log.js';
import { reviewItems } from '../../src/store/review-items.js';
import { launchBrowser } from '../helpers/browser.js';
import { HttpClient, logIn, startServeFixture, type ServeFixture } from './fixture.js';

let browser: Browser;
let fx: ServeFixture;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startServeFixture(browser);
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

const card = (checkId: string) => page.locator(`.card[data-check="${checkId}"]`).first();

/** Clicks an in-place act and waits for its answer: the status it shows, or the refusal by the control. */
async function act(button: ReturnType<Page['locator']>): Promise<{ ok: boolean; text: string }> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST');
  await button.click();
  await answered;
  const refusal = page.locator('.refusal');
  await page.waitForFunction(() => document.querySelector('.refusal') || !(document.getElementById('act-status') as HTMLElement).hidden);
  if (await refusal.count()) return { ok: false, text: await refusal.innerText() };
  return { ok: true, text: await page.locator('#act-status').innerText() };
}

describe('review in the browser', () => {
  it('shows the inspector their inspections, with counts and the deadline', async () => {
    await logIn(page, fx.base, 'jc-01');
    expect(new URL(page.url()).pathname).toBe('/');
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    const row = await rows.first().innerText();
    expect(row).toContain('某某网络科技有限公司');
    expect(row).toContain('晋城市2026年度电子商务平台双随机抽查');
    expect(row).toContain('王建国、李秀英');
    expect(row).toContain('已有扫描结果，打开后审核');
    // the scan's drafts, none reviewed yet
    expect(row).toMatch(/待审核 [1-9]\d*/);
    expect(row).toMatch(/2026-12-31/);
    expect(row).toContain('未填写');
  });

  it('shows the scan bound to the inspection, its findings grouped by check, with evidence', async () => {
    await page.click('tbody a[href^="/inspections/"]');
    await page.waitForURL(/\/inspections\/\d+$/);
    expect(await page.locator('h1').innerText()).toContain('某某网络科技有限公司');
    // tying is in the campaign; the mall's finding is not this platform's.
    const headings = await page.locator('section h3').allInnerTexts();
    expect(headings.map((h) => h.split(' ')[0])).toEqual(['（一）亮证亮照', '（二）投诉举报渠道', '（四）搭售', '（十二）竞价排名广告标注']);
    expect(await page.locator('section:has(.card[data-check="licence-display"])').innerText()).toContain('《电子商务法》第15条');
    // The campaign names (六), which only a written or on-site check decides: it is pending.
    expect(await page.locator('.notice.warn').innerText()).toContain('尚未记录结果：（六）电子商务平台经营者对平台内经营者身份和信息管理的检查');
    // The ad finding's card box is outlined over its screenshot, which loads from /evidence.
    const ad = card('ad-label');
    const outline = ad.locator('.outline');
    await expect(outline.count()).resolves.toBe(1);
    const img = ad.locator('.shot img');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
    const [imgBox, lineBox] = [await img.boundingBox(), await outline.boundingBox()];
    const scale = imgBox!.width / 1200;
    // around the card, 6 px off it so as not to cover what it marks
    expect(lineBox!.x - imgBox!.x).toBeCloseTo(94 * scale, 0);
    expect(lineBox!.y - imgBox!.y).toBeCloseTo(394 * scale, 0);
    expect(lineBox!.width).toBeCloseTo(312 * scale, 0);
    expect(await page.locator('a[href="/inspections/' + fx.shopInspection + '/record"]').count()).toBe(1);
  });

  it('confirms, rejects with a reason, amends as a new version and adds a finding by hand', async () => {
    const licence = card('licence-display');
    const url = page.url();
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await licence.locator('form[action$="/confirm"] input[name=note]').fill('与截图一致');
    expect(await act(licence.locator('form[action$="/confirm"] button'))).toEqual({ ok: true, text: '已确认。' });
    expect(await card('licence-display').locator('p').first().innerText()).toContain('已确认');
    // answered in place: the same document, at the same address
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(page.url()).toBe(url);

    // A rejection needs a reason: an empty one is stopped in the browser, a blank one refused by
    // the server next to the control, and nothing changes.
    const reason = card('tying').locator('form[action$="/reject"] input[name=reason]');
    expect(await reason.evaluate((el) => (el as HTMLInputElement).required)).toBe(true);
    await reason.fill('   ');
    expect(await act(card('tying').locator('form[action$="/reject"] button'))).toEqual({ ok: false, text: '驳回须写明理由' });
    expect(await card('tying').locator('form[action$="/reject"] .refusal').count()).toBe(1);
    expect(reviewItems(fx.db, fx.shopInspection).find((i) => i.checkId === 'tying')!.current.version).toBe(1);
    await reason.fill('运费险页面有显著提示，截图可见');
    expect(await act(card('tying').locator('form[action$="/reject"] button'))).toEqual({ ok: true, text: '已驳回。' });
    expect(await card('tying').innerText()).toContain('驳回理由：运费险页面有显著提示，截图可见');
    expect(await page.locator('.refusal').count()).toBe(0);

    const ad = card('ad-label');
    await ad.locator('details:has(form[action$="/amend"]) > summary').click();
    await ad.locator('textarea[name=summary]').fill('搜索“某商品”第 1 位结果仅标注“推广”，未以“广告”标注');
    await ad.locator('select[name=verdict]').selectOption('violation');
    expect(await act(ad.locator('form[action$="/amend"] button'))).toEqual({ ok: true, text: '已保存为新版本，待确认。' });
    const amended = await card('ad-label').innerText();
    expect(amended).toContain('搜索“某商品”第 1 位结果仅标注“推广”，未以“广告”标注');
    // Both versions stay readable: the tool's original and the amendment.
    const versions = card('ad-label').locator('table tbody tr');
    await expect(versions.count()).resolves.toBe(2);
    expect(await versions.nth(0).innerText()).toContain('系统（自动检查）');
    expect(await versions.nth(1).innerText()).toContain('王建国（jc-01）');

    await page.selectOption('#checkId', 'item-6');
    await page.selectOption('#mode', 'written');
    await page.selectOption('form[action$="/items"] select[name=verdict]', 'needs-review');
    await page.fill('#summary', '平台未提供平台内经营者身份核验记录，需书面调取');
    await Promise.all([page.waitForURL(/\/inspections\/\d+#item-\d+$/), page.click('form[action$="/items"] button[type=submit]')]);
    expect(await page.locator('.notice.ok').innerText()).toBe('已添加检查结果。');
    const added = page.locator('section:has(.card[data-check="item-6"])');
    expect(await added.innerText()).toContain('平台未提供平台内经营者身份核验记录，需书面调取');
    expect(await added.innerText()).toContain('人工添加');
    expect(await page.locator('.notice.warn').count()).toBe(0);

    const items = reviewItems(fx.db, fx.shopInspection);
    expect(items.map((i) => [i.checkId, i.current.status, i.current.version])).toEqual([
      ['licence-display', 'confirmed', 2],
      ['ad-label', 'draft', 2],
      ['tying', 'rejected', 2],
      ['complaint-channel', 'draft', 1],
      ['item-6', 'confirmed', 1],
    ]);
    expect(items[1]!.versions[0]!.summary).toBe('搜索结果第 1 位「某商品」：只标注“推广”，未标注“广告”');
    // how it was checked is kept: the statistics count on-site checks apart from written reviews
    expect(items[4]!.current.details.mode).toBe('written');
  });

  it('refuses to act on a version another inspector has since replaced', async () => {
    await page.goto(`${fx.base}/inspections/${fx.shopInspection}`);
    const item = reviewItems(fx.db, fx.shopInspection).find((i) => i.checkId === 'complaint-channel')!;
    const colleague = new HttpClient(fx.base);
    await colleague.logIn('jc-02');
    const token = await colleague.csrf(`/inspections/${fx.shopInspection}`);
    const amended = await colleague.request('POST', `/inspections/${fx.shopInspection}/items/${item.id}/amend`, { form: { _csrf: token, version: '1', summary: '首页公示了投诉电话 12315', verdict: 'compliant' } });
    expect(amended.status).toBe(303);
    // jc-01 still has version 1 on screen and confirms it.
    expect(await act(card('complaint-channel').locator('form[action$="/confirm"] button'))).toEqual({ ok: false, text: '此检查结果已由李秀英（jc-02）更新为第 2 版，请查看最新内容后再操作；未作任何更改。' });
    // the card now shows what the colleague saved, and the refusal stands by its confirm button
    expect(await card('complaint-channel').innerText()).toContain('首页公示了投诉电话 12315');
    expect(await card('complaint-channel').locator('form[action$="/confirm"] .refusal').count()).toBe(1);
    expect(reviewItems(fx.db, fx.shopInspection).find((i) => i.id === item.id)!.current).toMatchObject({ version: 2, status: 'draft', summary: '首页公示了投诉电话 12315' });
  });

  it('says when the platform was never scanned, and still takes findings by hand', async () => {
    const routine = createRoutineInspection(fx.db, { platformId: 'unscanned', unit: '晋城市市场监督管理局网络交易监督管理科', inspectors: ['jc-01', 'jc-02'], actor: 'jc-09' });
    await page.goto(`${fx.base}/`);
    expect(await page.locator('tbody tr', { hasText: '未扫描网络有限公司' }).innerText()).toContain('平台从未扫描');
    await page.goto(`${fx.base}/inspections/${routine.id}`);
    expect(await page.locator('.notice.warn').innerText()).toContain('该平台从未完成扫描');
    await page.selectOption('#checkId', 'licence-display');
    await page.fill('#summary', '人工核查：首页未见营业执照信息');
    await Promise.all([page.waitForURL(/\/inspections\/\d+#item-\d+$/), page.click('form[action$="/items"] button[type=submit]')]);
    expect(reviewItems(fx.db, routine.id).map((i) => [i.checkId, i.origin, i.current.summary])).toEqual([['licence-display', 'inspector', '人工核查：首页未见营业执照信息']]);
  });

  it('puts every action in the audit log with before and after, for the lead to read and export', async () => {
    const entries = listAudit(fx.db, { inspectionId: fx.shopInspection });
    const byAction = (a: string) => entries.filter((e) => e.action === a && e.actor === 'jc-01');
    expect(byAction('confirm')[0]).toMatchObject({ before: { status: 'draft' }, after: { status: 'confirmed', reason: '与截图一致' } });
    expect(byAction('reject')[0]).toMatchObject({ before: { status: 'draft' }, after: { status: 'rejected', reason: '运费险页面有显著提示，截图可见' } });
    expect(byAction('amend')[0]).toMatchObject({ before: { version: 1 }, after: { version: 2, summary: '搜索“某商品”第 1 位结果仅标注“推广”，未以“广告”标注' } });
    expect(byAction('add')[0]).toMatchObject({ after: { verdict: 'needs-review', summary: '平台未提供平台内经营者身份核验记录，需书面调取' } });
    // the scan was bound when the draw made the inspection, by the tool, not by the first reader
    expect(entries.find((e) => e.action === 'run-bound')).toMatchObject({ actor: null, after: { runId: 'run-1' } });
    // who, when and from where: every act through the web carries the client's address
    for (const e of entries.filter((x) => x.actor !== null)) expect(e.ip, e.action).toBe('127.0.0.1');

    const lead = await browser.newPage();
    await logIn(lead, fx.base, 'jc-09');
    // A lead sees the unit's inspection, read-only.
    expect(await lead.locator('tbody tr').first().innerText()).toContain('已确认 2');
    await lead.goto(`${fx.base}/audit?inspection=${fx.shopInspection}`);
    const log = await lead.locator('table').innerText();
    for (const action of ['确认', '驳回', '修改', '手工添加', '绑定扫描结果']) expect(log).toContain(action);
    const client = new HttpClient(fx.base);
    await client.logIn('jc-09');
    const res = await client.request('GET', `/audit.csv?inspection=${fx.shopInspection}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('"驳回"');
    expect(text).toContain('运费险页面有显著提示，截图可见');
    const rows = text.split('\r\n').filter((l) => /,"?(confirm|reject|amend|add)"?,/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row).toMatch(/,"?127\.0\.0\.1"?$/);
    await lead.goto(`${fx.base}/inspections/${fx.shopInspection}`);
    expect(await lead.locator('form[action$="/confirm"]').count()).toBe(0);
    expect(await lead.locator('body').innerText()).toContain('只能查看');
    await lead.close();
  });
});
