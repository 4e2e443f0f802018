// Campaigns in real Chromium against the real server, one server for the file. 进度通报: a lead reads
// each campaign's targets by stage against the deadline, the overdue marked, and the dashboard by
// unit. 抽查任务: a lead makes a campaign (refused by field as a campaign file is), publishes the
// seed, draws from the stored platform roster and a pasted inspector roster, reads the draw with its
// verification and re-matches one officer after 回避. Another unit's targets, campaigns and draws stay
// out of reach, by page or by an id changed in a path or form, and an inspector may not open them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmItem } from '../../src/review/items.js';
import { createDrawInspections } from '../../src/review/inspections.js';
import { createUser } from '../../src/store/accounts.js';
import { getDraw, storeDraw } from '../../src/store/draws.js';
import { listInspections } from '../../src/store/inspections.js';
import { reviewItems } from '../../src/store/review-items.js';
import { importPlatforms } from '../../src/store/scans.js';
import { createNightly, finishNightly } from '../../src/store/nightly.js';
import { HttpClient } from '../helpers/http-client.js';
import { logIn, mall, PASSWORD, shop, useServeFixture } from './fixture.js';

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

  it('scans a target never scanned from the page, as a job of the server, and the target takes the run', async () => {
    await page.goto(`${served.fx.base}/campaigns/jc-late/progress`);
    await page.locator('tr', { hasText: 'unscanned' }).getByRole('button', { name: '扫描' }).click();
    await page.waitForURL('**/scans/**');
    // the page refreshes itself while the job runs
    await page.locator('[data-status]:not([data-status="running"])').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('done');
    expect(await page.locator('pre').innerText()).toContain('unscanned');
    const [inspection] = listInspections(served.fx.db).filter((i) => i.campaignId === 'jc-late' && i.platform.id === 'unscanned');
    expect(inspection!.runId).not.toBeNull();
    await page.goto(`${served.fx.base}/campaigns/jc-late/progress`);
    expect(await stages()).toEqual({ unscanned: 'scanned' });
  });

  it("opens a target's part of the newest nightly report, and no platform of another unit's", async () => {
    const dir = join(served.fx.dir, 'nightly-1');
    mkdirSync(dir, { recursive: true });
    const counts = { new: 1, persisting: 0, resolved: 0, unchecked: 0 };
    const finding = (summary: string) => ({ change: 'new', checkId: 'licence-display', key: 'k', verdict: 'violation', previousVerdict: null, subject: 'http://127.0.0.1:9/', summary, runId: 'run-n', evidence: [], firstSeenAt: '2026-12-01T18:00:00Z', runsSeen: 1, resolvedAt: null });
    const report = {
      format: 'wangjian-nightly/1', nightlyId: 'nightly-1', runId: 'run-n', source: 'campaign jc-2026', startedAt: '2026-12-01T18:00:00Z', writtenAt: '2026-12-01T19:00:00Z', toolVersion: 'test', checks: ['licence-display'],
      files: { roster: 'roster.json', findings: 'findings.jsonl', html: 'nightly.html' }, totals: { new: 2, persisting: 0, resolved: 0, unchecked: 0 },
      platforms: [shop, mall].map((platform) => ({ platform, checks: [{ checkId: 'licence-display', checked: true, previousRunId: null }], counts, findings: [finding(`${platform.name}首页未公示营业执照（夜间）`)] })),
    };
    writeFileSync(join(dir, 'nightly.json'), JSON.stringify(report));
    createNightly(served.fx.db, { id: 'nightly-1', outDir: dir, source: report.source, rosterSha256: 'x', checks: report.checks, startedAt: report.startedAt });
    finishNightly(served.fx.db, 'nightly-1');
    await page.goto(`${served.fx.base}/campaigns/jc-2026/progress`);
    await page.getByRole('link', { name: '夜间巡查' }).click();
    await page.waitForURL('**/platforms/shop/nightly');
    const text = await page.locator('body').innerText();
    expect(text).toContain('某某网络科技有限公司首页未公示营业执照（夜间）');
    expect(text).not.toContain('另一商城');
    const lead = new HttpClient(served.fx.base);
    await lead.logIn('jc-09', PASSWORD);
    expect((await lead.request('GET', '/platforms/mall/nightly')).status).toBe(404);
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

const UNIT_A = '晋城市市场监督管理局网络交易监督管理科';
const UNIT_B = '晋城市市场监督管理局广告监督管理科';
const ROSTER = `编号,姓名,所属单位,行政区划代码,执法证号,专业领域
jc-01,王建国,${UNIT_A},140500,14050019001,网络交易
jc-02,李秀英,${UNIT_A},140500,14050019002,网络交易
jc-09,赵科长,${UNIT_A},140500,14050019009,网络交易
jc-10,孙磊,${UNIT_A},140500,14050019010,网络交易
jc-03,张伟,${UNIT_B},140500,14050019003,广告
`;
const SEED = '2026-12-08 晋城市局公告';

describe('抽查任务', () => {
  let drawId = '';
  beforeAll(async () => {
    const { db } = served.fx;
    // the stored platform roster drawn from: five of the city, one the province took this year
    const risks = ['low', 'general', 'general', 'higher', 'high', 'high'] as const;
    importPlatforms(db, risks.map((risk, n) => ({ id: `jc-p${n + 1}`, name: `晋城第${n + 1}网络科技有限公司`, uscc: '91330106673959654P', url: `http://127.0.0.1:9/p${n + 1}/`, region: '140500', risk })), 'roster.csv');
    draw('draw-prov', { id: 'sx-2026', name: '省局2026年度抽查', deadline: '2026-12-31' }, [['jc-p6', ['jc-03', 'jc-04']]]);
    createDrawInspections(db);
    await createUser(db, { id: 'jc-19', name: '钱科长', unit: UNIT_B, region: '140500' }, 'lead', PASSWORD);
  });

  it('refuses a campaign by field as a campaign file is refused, and keeps what was typed', async () => {
    await page.goto(`${served.fx.base}/campaigns/new`);
    await page.fill('#id', 'JC 2027');
    await page.fill('#name', '晋城市2027年第一季度网店抽查');
    await page.fill('#region', '140500');
    for (const [risk, ratio] of [['low', '0.5'], ['general', '0.5'], ['higher', '1'], ['high', '0.2']]) await page.fill(`[id="ratios.${risk}"]`, ratio!);
    await page.fill('[id="window.from"]', '2027-03-31');
    await page.fill('[id="window.to"]', '2027-01-01');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button:has-text("创建抽查任务")')]);
    expect(answer.status()).toBe(400);
    const refused = Object.fromEntries(await page.locator('.refusal').evaluateAll((els) => els.map((e) => [e.getAttribute('data-field'), e.textContent])));
    expect(Object.keys(refused).sort()).toEqual(['checks', 'id', 'ratios.high', 'window.to']);
    expect(refused['ratios.high']).toContain('rising from low to high risk');
    expect(await page.inputValue('#name')).toBe('晋城市2027年第一季度网店抽查');
    expect(await page.inputValue('[id="ratios.high"]')).toBe('0.2');

    await page.fill('#id', 'jc-2027');
    await page.fill('[id="ratios.high"]', '1');
    await page.fill('[id="window.from"]', '2027-01-01');
    await page.fill('[id="window.to"]', '2027-03-31');
    await page.fill('#deadline', '2027-04-30');
    for (const item of ['item-1', 'item-12']) await page.check(`input[name=checks][value="${item}"]`);
    await page.check('input[name=exclude][value="draw-prov"]');
    await page.click('button:has-text("创建抽查任务")');
    await page.waitForURL('**/campaigns/jc-2027');
    expect(await page.locator('.notice.ok').innerText()).toContain('已创建抽查任务');
  });

  it('publishes the seed once, draws, and shows the draw with its verification', async () => {
    await page.fill('#seed', SEED);
    await page.click('button:has-text("公布随机种子")');
    expect(await page.locator('.seed').innerText()).toBe(SEED);
    expect(await page.locator('#seed').count()).toBe(0);

    await page.fill('#inspectors', ROSTER.replace('jc-10,孙磊', 'jc-10,'));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button:has-text("抽取")')]);
    expect(refused.status()).toBe(400);
    expect(await page.locator('.notice.error').innerText()).toMatch(/line 5, field "姓名"/);
    await page.goBack();

    await page.fill('#inspectors', ROSTER);
    await page.click('button:has-text("抽取")');
    await page.waitForURL('**/draws/**');
    drawId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.locator('[data-verified]').getAttribute('data-verified')).toBe('yes');
    const targets = await page.locator('tr[data-platform]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-platform')));
    // the province's jc-p6 left out; low 0.5 of 1, general 0.5 of 2, higher and high all
    expect(targets.filter((id) => id !== 'jc-p2' && id !== 'jc-p3').sort()).toEqual(['jc-p1', 'jc-p4', 'jc-p5']);
    expect(targets).toHaveLength(4);
    expect(listInspections(served.fx.db).filter((i) => i.campaignId === 'jc-2027')).toHaveLength(4);

    // a second seed is refused, the first kept
    const lead = new HttpClient(served.fx.base);
    await lead.logIn('jc-09', PASSWORD);
    const token = await lead.csrf('/campaigns/jc-2027');
    await lead.request('POST', '/campaigns/jc-2027/seed', { form: { _csrf: token, seed: 'a luckier seed' }, headers: { origin: served.fx.base } });
    expect((await (await lead.request('GET', '/campaigns/jc-2027')).text())).toContain('任务 jc-2027 的随机种子已公布，不能更改');
    expect(await page.reload().then(() => page.locator('main').innerText())).not.toContain('a luckier seed');
  });

  it('re-matches only the declaring officer after 回避, as a draw superseding the old one that verifies', async () => {
    const before = JSON.parse(getDraw(served.fx.db, drawId)!.record) as { targets: { platformId: string; inspectors: string[] }[] };
    const [first] = before.targets;
    const declaring = first!.inspectors[0]!;
    const inspections = new Map(listInspections(served.fx.db).filter((i) => i.campaignId === 'jc-2027').map((i) => [i.platform.id, i.id]));
    await page.selectOption('#slot', `${first!.platformId}|${declaring}`);
    await page.fill('#reason', '其配偶为该平台股东');
    await page.click('button:has-text("重新匹配")');
    await page.waitForURL((u) => u.pathname.endsWith('-r1'));
    expect(await page.locator('.notice.ok[role=status]').innerText()).toContain('已重新匹配');
    expect(await page.locator('[data-verified]').getAttribute('data-verified')).toBe('yes');
    expect(await page.locator('main').innerText()).toContain('其配偶为该平台股东');
    const after = JSON.parse(getDraw(served.fx.db, `${drawId}-r1`)!.record) as typeof before;
    expect(after.targets.slice(1)).toEqual(before.targets.slice(1));
    expect(after.targets[0]!.inspectors).not.toContain(declaring);
    expect(after.targets[0]!.inspectors).toContain(first!.inspectors[1]);
    // the other targets keep their inspections; the re-matched one has a new one
    const now = new Map(listInspections(served.fx.db).filter((i) => i.campaignId === 'jc-2027').map((i) => [i.platform.id, i.id]));
    for (const [platform, id] of now) expect(id === inspections.get(platform)).toBe(platform !== first!.platformId);
  });

  it("keeps another unit's lead out of the campaign and its draws, by page and by id", async () => {
    const other = new HttpClient(served.fx.base);
    await other.logIn('jc-19', PASSWORD);
    expect(await (await other.request('GET', '/campaigns')).text()).not.toContain('jc-2027');
    for (const path of ['/campaigns/jc-2027', `/draws/${drawId}`, `/draws/${drawId}-r1`]) expect((await other.request('GET', path)).status).toBe(404);
    const token = await other.csrf('/campaigns');
    const post = (path: string, form: Record<string, string>) => other.request('POST', path, { form: { _csrf: token, ...form }, headers: { origin: served.fx.base } });
    expect((await post('/campaigns/jc-2027/seed', { seed: 'x' })).status).toBe(404);
    expect((await post('/campaigns/jc-2027/draw', { inspectors: ROSTER })).status).toBe(404);
    expect((await post(`/draws/${drawId}-r1/rematch`, { slot: 'jc-p1|jc-01', reason: 'x' })).status).toBe(404);
    expect((await post(`/inspections/${served.fx.shopInspection}/scan`, {})).status).toBe(404);
    expect(getDraw(served.fx.db, `${drawId}-r1`)!.supersededBy).toBeNull();
    const inspector = new HttpClient(served.fx.base);
    await inspector.logIn('jc-01', PASSWORD);
    for (const path of ['/campaigns', '/campaigns/jc-2027', `/draws/${drawId}`]) expect((await inspector.request('GET', path)).status).toBe(403);
  });
});
