// 进度通报 in real Chromium against the real server: a lead reads each campaign's targets by stage
// against the deadline, the overdue marked, and the dashboard by unit; another unit's targets and
// campaigns stay out of sight, and an inspector may not open the pages.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmItem } from '../../src/review/items.js';
import { createDrawInspections } from '../../src/review/inspections.js';
import { storeDraw } from '../../src/store/draws.js';
import { reviewItems } from '../../src/store/review-items.js';
import { HttpClient } from '../helpers/http-client.js';
import { logIn, PASSWORD, useServeFixture } from './fixture.js';

const served = useServeFixture();
let page: Page;

/** A stored draw of one campaign: the targets and their inspectors. */
function draw(id: string, campaign: { id: string; name: string; deadline: string }, targets: [string, string[]][]) {
  const record = { campaign: { ...campaign, checks: ['licence-display'], window: { from: '2026-01-01', to: campaign.deadline } }, targets: targets.map(([platformId, inspectors]) => ({ platformId, inspectors, assistants: [] })) };
  storeDraw(served.fx.db, { id, campaignId: campaign.id, seed: 's', drawnAt: '2026-01-01T00:00:00Z', supersedes: null, reason: null, targets: targets.length, record: JSON.stringify(record) });
}

beforeAll(async () => {
  const { db } = served.fx;
  // unit A's target overdue and never scanned; a campaign of unit B alone
  draw('draw-late', { id: 'jc-late', name: '晋城市2026年春季网店抽查', deadline: '2026-01-31' }, [['unscanned', ['jc-01', 'jc-02']], ['mall', ['jc-03', 'jc-04']]]);
  draw('draw-b', { id: 'jc-b', name: '广告科专项抽查', deadline: '2026-12-31' }, [['shop', ['jc-03', 'jc-04']]]);
  createDrawInspections(db);
  // the shop's review begun: one draft confirmed
  const item = reviewItems(db, served.fx.shopInspection)[0]!;
  confirmItem(db, item.id, { id: 'jc-01', ip: null });
  page = await served.browser.newPage();
  await logIn(page, served.fx.base, 'jc-09');
});

const stages = async () => Object.fromEntries(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('td .muted')!.textContent, r.querySelector('[data-stage]')!.getAttribute('data-stage')])));

describe('进度通报', () => {
  it("shows a campaign's targets of the lead's unit by stage against the deadline, the overdue marked", async () => {
    await page.goto(`${served.fx.base}/campaigns/jc-2026/progress`);
    expect(await page.locator('h1').innerText()).toContain('晋城市2026年度电子商务平台双随机抽查');
    // the shop (unit A) under review; the mall is unit B's and not shown
    expect(await stages()).toEqual({ shop: 'under-review' });
    expect(await page.locator('main').innerText()).not.toContain('另一商城');

    await page.goto(`${served.fx.base}/campaigns/jc-late/progress`);
    expect(await stages()).toEqual({ unscanned: 'not-scanned' });
    const row = page.locator('tbody tr').first();
    expect(await row.locator('.late').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/2026-01-31（已逾期 \d+ 天）/), '逾期未完成（记录表未签署）']));
  });

  it('counts each campaign by unit and stage on the dashboard, without the campaigns of another unit', async () => {
    await page.locator('header nav').getByRole('link', { name: '进度通报' }).click();
    await page.waitForURL('**/progress');
    const text = await page.locator('main').innerText();
    expect(text).toContain('晋城市2026年春季网店抽查');
    expect(text).not.toContain('广告科专项抽查');
    expect(text).not.toContain('广告监督管理科');
    const late = page.locator('h2', { hasText: '春季网店' }).locator('xpath=following-sibling::table[1]//tbody/tr');
    // 单位, 检查对象, then one cell a stage (未扫描 first), then 逾期
    expect(await late.locator('td').allInnerTexts()).toEqual(['晋城市市场监督管理局网络交易监督管理科', '1', '1', '0', '0', '0', '0', '1']);
    await page.getByRole('link', { name: '晋城市2026年度电子商务平台双随机抽查' }).click();
    await page.waitForURL('**/campaigns/jc-2026/progress');
  });

  it("answers 404 for a campaign of another unit's targets alone, and 403 to an inspector", async () => {
    const lead = new HttpClient(served.fx.base);
    await lead.logIn('jc-09', PASSWORD);
    expect((await lead.request('GET', '/campaigns/jc-b/progress')).status).toBe(404);
    expect((await lead.request('GET', '/campaigns/no-such/progress')).status).toBe(404);
    const inspector = new HttpClient(served.fx.base);
    await inspector.logIn('jc-01', PASSWORD);
    for (const path of ['/progress', '/campaigns/jc-2026/progress']) expect((await inspector.request('GET', path)).status).toBe(403);
  });
});
