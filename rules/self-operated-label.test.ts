import { describe, expect, it } from 'vitest';
import { linked, page, platform, snapshot } from '../test/helpers/snapshots.js';
import { selfOperatedLabel } from './self-operated-label.js';
import type { DraftFinding, Snapshot } from './types.js';

const ROSTER = platform({ name: '某某网络科技有限公司', uscc: '91330106673959654P' });
const OTHER = { name: '北京世纪卓越信息技术有限公司', uscc: '91110105721471662U' };
const HOME = snapshot({ html: page('<div>首页</div>') });
const ITEM = 'https://item.example.cn/1.html';

function results(badge = ''): Snapshot {
  const card = (n: number, extra = '') => `<li><a href="https://item.example.cn/${n}.html">华为 P60 手机 ${n}</a><span>¥${n}999.00</span>${extra}</li>`;
  return snapshot({ id: 'p02', kind: 'search', url: 'https://search.example.cn/s?q=手机', via: 'p01', query: '手机', html: page(`<ul>${card(1, badge)}${card(2)}${card(3)}</ul>`) });
}
const product = (body = '<h1>华为 P60 手机 1</h1><a href="https://mall.example.cn/shop-8.html">进入店铺</a>', spec = {}) =>
  snapshot({ id: 'p03', kind: 'product', url: ITEM, via: 'p02', linkText: '华为 P60 手机 1', depth: 2, html: page(body), ...spec });
const licenceText = (who: { name: string; uscc: string }) => `<div class="shop-info">企业名称：${who.name} 统一社会信用代码：${who.uscc}</div>`;
const shop = (body: string, spec = {}) => snapshot({ id: 'p04', kind: 'shop', url: 'https://mall.example.cn/shop-8.html', via: 'p03', depth: 3, html: page(body), ...spec });

function run(...snapshots: Snapshot[]): { samples: DraftFinding[]; platform: DraftFinding } {
  const findings = selfOperatedLabel.evaluate({ platform: ROSTER, snapshots });
  return { samples: findings.slice(0, -1), platform: findings[findings.length - 1]! };
}
const SELF = '<i class="icon" data-tips="某某自营，品质保障">自营</i>';

describe('self-operated-label', () => {
  it('is compliant when the operator sells a listing marked 自营 in the results', () => {
    const { samples, platform: p } = run(HOME, results(SELF), product(), shop(licenceText(ROSTER)));
    expect(samples).toHaveLength(1);
    const f = samples[0]!;
    expect(f).toMatchObject({ verdict: 'compliant', subject: ITEM, summary: '商品「华为 P60 手机 1」：平台经营者自营商品，已标明“自营、某某自营，品质保障”' });
    expect(f.details.seller).toEqual({ seller: 'operator', by: 'uscc', usccs: ['91330106673959654P'], names: ['某某网络科技有限公司'] });
    expect(f.details.marks).toContainEqual(expect.objectContaining({ text: '自营', where: 'listing', prominence: 'visible' }));
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p02.html', 'evidence/p02.png', 'evidence/p03.html', 'evidence/p03.png', 'evidence/p04.html', 'evidence/p04.png']);
    expect(p).toMatchObject({ verdict: 'compliant', subject: 'https://shop.example.cn/' });
    expect(p.details.counts).toMatchObject({ sampled: 1, selfOperatedMarksInResults: 1, compliant: 1 });
  });

  it('accepts a 自营 badge on the product page, but not the platform footer’s 自营 links', () => {
    const withBadge = product('<h1>华为 P60 手机 1</h1><span class="tag">某某自营</span><a href="/shop-8.html">进入店铺</a>');
    expect(run(HOME, results(), withBadge, shop(licenceText(ROSTER))).samples[0]!.verdict).toBe('compliant');
    const footerOnly = product('<h1>华为 P60 手机 1</h1><div id="footer"><a href="/zz">自营医疗器械</a><span>自营</span></div>');
    expect(run(HOME, results(), footerOnly, shop(licenceText(ROSTER))).samples[0]!.verdict).toBe('violation');
  });

  it('does not take the seller’s name for a mark: a shop called 某某自营旗舰店 or 某某自营 is named, not marked', () => {
    const named = (seller: string) => product(`<h1>华为 P60 手机 1</h1><div class="seller">${seller}</div>`);
    for (const seller of ['店铺：<b>某某自营旗舰店</b><a href="/shop-8.html">进入店铺</a>', '<a href="/shop-8.html">某某自营</a>']) {
      expect(run(HOME, results(), named(seller), shop(licenceText(ROSTER))).samples[0]!.verdict, seller).toBe('violation');
    }
  });

  it('is a violation when the operator’s own listing carries no 自营 mark', () => {
    const f = run(HOME, results(), product(), shop(licenceText(ROSTER))).samples[0]!;
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('商品「华为 P60 手机 1」：平台经营者自营商品未标明“自营”');
  });

  it('asks for review when the operator’s 自营 mark is present but not visibly rendered', () => {
    const f = run(HOME, results('<i style="display:none">自营</i>'), product(), shop(licenceText(ROSTER))).samples[0]!;
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('存在但未可见呈现');
  });

  it('is a violation when a third-party seller’s listing is marked 自营, and compliant without the mark', () => {
    const marked = run(HOME, results(SELF), product(), shop(licenceText(OTHER))).samples[0]!;
    expect(marked.verdict).toBe('violation');
    expect(marked.summary).toContain('非平台经营者（北京世纪卓越信息技术有限公司 91110105721471662U）销售的商品标有“自营');
    expect(marked.details.seller).toMatchObject({ seller: 'third-party', by: 'uscc' });
    expect(run(HOME, results(), product(), shop(licenceText(OTHER))).samples[0]!.verdict).toBe('compliant');
  });

  it('identifies the seller by name alone when no code is shown', () => {
    const f = run(HOME, results(), product(), shop(`<p>企业名称：${ROSTER.name}</p>`)).samples[0]!;
    expect(f.details.seller).toMatchObject({ seller: 'operator', by: 'name' });
  });

  it('reads the seller from the shop’s licence page one click away', () => {
    const s = shop('<a href="/licence-8.html">营业执照</a>');
    const lic = linked(s, '/licence-8.html', { id: 'p05', kind: 'licence', html: page(licenceText(OTHER)) });
    const f = run(HOME, results(SELF), product(), s, lic).samples[0]!;
    expect(f.verdict).toBe('violation');
    expect(f.evidence.map((e) => e.path)).toContain('evidence/p05.html');
  });

  it('does not take the platform footer on a shop page for the seller’s licence', () => {
    const f = run(HOME, results(SELF), product(), shop(`<div class="shop">小米专卖店</div><div id="footer">${licenceText(ROSTER)}</div>`)).samples[0]!;
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('无法识别卖家（店铺页面及其证照信息中未识别出经营者名称或统一社会信用代码）');
  });

  it('asks for review when no shop page was captured, and does not take 由…发货 for the seller', () => {
    const p = product('<h1>华为 P60 手机 1</h1><p>服　　务：由 某某 发货并提供售后服务。</p>');
    const f = run(HOME, results(SELF), p).samples[0]!;
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('未采集到该商品的店铺页面');
    expect(f.summary).toContain('“由 某某 发货并提供售后服务”仅说明发货和售后，不能证明卖家即平台经营者');
    expect(f.details.fulfilment).toBe('由 某某 发货并提供售后服务');
  });

  it('does not ask to review an unidentified seller on a platform with no 自营 in sight, and does ask where 自营 appears', () => {
    const bare = product('<h1>华为 P60 手机 1</h1><p>个人卖家 闲置转让</p>');
    const none = run(HOME, results(), bare);
    expect(none.samples[0]!.verdict).toBe('compliant');
    expect(none.samples[0]!.summary).toContain('抽查的搜索结果及商品中均未见“自营”标记或平台经营者自营的商品');
    expect(none.platform.verdict).toBe('compliant');
    // a 自营 mark elsewhere in the results: the platform does sell on its own, so the unidentified seller needs a look
    const some = run(HOME, results(SELF), bare);
    expect(some.samples[0]!.verdict).toBe('needs-review');
  });

  it('is not-checked for a listing whose product or shop page failed, and without product pages', () => {
    const failed = run(HOME, results(SELF), product('', { failure: { reason: 'blocked', message: 'HTTP 403' } }));
    expect(failed.samples[0]).toMatchObject({ verdict: 'not-checked', details: { reason: 'blocked' } });
    expect(failed.platform).toMatchObject({ verdict: 'not-checked', details: { reason: 'blocked' } });
    const shopDown = run(HOME, results(SELF), product(), shop('', { failure: { reason: 'captcha' } }));
    expect(shopDown.samples[0]).toMatchObject({ verdict: 'not-checked', summary: '商品「华为 P60 手机 1」：店铺页面未能打开（页面要求人机验证），未能识别卖家' });
    const none = selfOperatedLabel.evaluate({ platform: ROSTER, snapshots: [HOME, results(SELF)] });
    expect(none).toEqual([expect.objectContaining({ verdict: 'not-checked', summary: '未采集到商品详情页，未能检查', details: expect.objectContaining({ reason: 'page-kind-not-found' }) })]);
  });
});
