import { describe, expect, it } from 'vitest';
import { linked, page, platform, snapshot } from '../test/helpers/snapshots.js';
import { sellerLicenceDisplay } from './seller-licence-display.js';
import type { DraftFinding, Snapshot } from './types.js';

const HOME = snapshot({ html: page('<div>首页</div>') });
const SHOP_URL = 'https://shop8.example.cn/';
const shop = (body: string, spec = {}) => snapshot({ id: 'p04', kind: 'shop', url: SHOP_URL, via: 'p03', depth: 3, html: page(`<div class="shop-head">${body}</div>`), ...spec });

function run(...snapshots: Snapshot[]): { shop: DraftFinding; platform: DraftFinding } {
  const findings = sellerLicenceDisplay.evaluate({ platform: platform(), snapshots: [HOME, ...snapshots] });
  expect(findings).toHaveLength(2);
  return { shop: findings[0]!, platform: findings[1]! };
}

describe('seller-licence-display', () => {
  it('is compliant when the shop page shows the seller’s name and credit code', () => {
    const { shop: f, platform: p } = run(shop('<p>企业名称：杭州某某贸易有限公司</p><p>统一社会信用代码：91330106673959654P</p>'));
    expect(f).toMatchObject({ verdict: 'compliant', subject: SHOP_URL, summary: '店铺页面已公示经营者营业执照信息', details: { shownAs: 'text' } });
    expect(f.details.usccs).toEqual([expect.objectContaining({ code: '91330106673959654P', checksumValid: true, where: 'p04' })]);
    expect(p).toMatchObject({ verdict: 'compliant', subject: 'https://shop.example.cn/', summary: '抽查的 1 个店铺页面均已公示经营者营业执照信息或自我声明' });
  });

  it('is a violation when the shop page shows neither licence information nor a self-declaration', () => {
    const { shop: f, platform: p } = run(shop('<p>支付宝个人认证</p><p>已缴纳保证金</p>'));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('店铺页面未公示经营者营业执照信息或链接，也未见不需要办理市场主体登记的自我声明');
    expect(p.summary).toBe('抽查 1 个店铺页面：未公示 1 个，需人工复核 0 个，已公示 0 个');
  });

  it('does not count licence information hidden from view, and says why', () => {
    const f = run(shop('<p style="display:none">统一社会信用代码：91330106673959654P</p>')).shop;
    expect(f.verdict).toBe('violation');
    expect(f.summary).toContain('存在于页面中但未可见呈现：元素被隐藏（display:none）');
  });

  it('does not take the platform’s own footer licence for the seller’s', () => {
    expect(run(shop('<p>店铺首页</p><div id="footer">营业执照：91330106673959654P</div>')).shop.verdict).toBe('violation');
  });

  it('counts a badge to a government licence display system', () => {
    const f = run(shop('<a href="https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?serial=1"><img src="/lz.png" alt="电子营业执照"></a>')).shop;
    expect(f).toMatchObject({ verdict: 'compliant', details: { shownAs: 'badge' } });
  });

  it('follows the shop’s licence link: fields as text → compliant; an image → needs-review; not captured → not-checked', () => {
    const s = shop('<a href="/licence-8.html">证照信息</a>');
    const text = linked(s, '/licence-8.html', { id: 'p05', kind: 'licence', html: page('<p>营业执照注册号：91330106673959654P</p><p>企业名称：杭州某某贸易有限公司</p>') });
    const ok = run(s, text).shop;
    expect(ok).toMatchObject({ verdict: 'compliant', details: { shownAs: 'licence-page' } });
    expect(ok.evidence.map((e) => e.path)).toContain('evidence/p05.html');
    const image = linked(s, '/licence-8.html', { id: 'p05', kind: 'licence', contentType: 'image/png' });
    expect(run(s, image).shop).toMatchObject({ verdict: 'needs-review', summary: '店铺证照信息仅以图片形式公示，名称和统一社会信用代码无法自动核对' });
    expect(run(s).shop).toMatchObject({ verdict: 'not-checked', details: { reason: 'page-kind-not-found', shownAs: 'unchecked-link' } });
  });

  it('accepts each NTM 12 ¶3 self-declaration, whatever its punctuation and spacing', () => {
    for (const text of [
      '个人销售自产农副产品，依法不需要办理市场主体登记',
      '个人销售家庭手工业产品,依法不需要办理市场主体登记。',
      '个人利用自己的技能从事依法无须取得许可的便民劳务活动 依法不需要办理市场主体登记',
      '【个人从事零星小额交易活动，依法不需要 办理市场主体登记】',
    ]) {
      const f = run(shop(`<p>${text}</p>`)).shop;
      expect(f).toMatchObject({ verdict: 'compliant', details: { shownAs: 'self-declaration' } });
      expect(f.details.declarations).toEqual([expect.objectContaining({ exact: true })]);
    }
  });

  it('asks for review when a self-declaration is paraphrased', () => {
    const f = run(shop('<p>本店为个人小本经营，无需办理工商登记</p>')).shop;
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toBe('店铺页面的自我声明“本店为个人小本经营，无需办理工商登记”不是《网络交易监督管理办法》第十二条第三款规定的表述');
    expect(run(shop('<p>本店为个人闲置转让，无需办理营业执照</p>')).shop.verdict).toBe('needs-review');
  });

  it('asks for review when the credit code fails its check digit, or only a name is shown', () => {
    const bad = run(shop('<p>统一社会信用代码：91330106673959654Q</p>')).shop;
    expect(bad).toMatchObject({ verdict: 'needs-review', summary: '店铺公示的统一社会信用代码 91330106673959654Q 未通过校验位检验' });
    const nameOnly = run(shop('<p>企业名称：杭州某某贸易有限公司</p>')).shop;
    expect(nameOnly).toMatchObject({ verdict: 'needs-review', summary: '店铺页面仅公示经营者名称，未见统一社会信用代码' });
  });

  it('asks for review when the licence information is weak (8px)', () => {
    const f = run(shop('<p data-wj-box="0,100,300,10" data-wj-font="8" data-wj-color="0,0,0,1" data-wj-bg="255,255,255,1">统一社会信用代码：91330106673959654P</p>')).shop;
    expect(f).toMatchObject({ verdict: 'needs-review', summary: '店铺证照信息不够显著（字号 8px 小于 10px）' });
  });

  it('reads a lazy module (escaped HTML in a textarea) as the browser shows it once loaded', () => {
    const lazy = '<textarea class="ks-datalazyload">&lt;label&gt;企业资质：&lt;/label&gt;&lt;a href="https://zzlz.gsxt.gov.cn/x"&gt;&lt;img src="e.png" alt=""&gt;&lt;/a&gt;</textarea>';
    const f = run(shop(lazy)).shop;
    expect(f).toMatchObject({ verdict: 'compliant', details: { shownAs: 'badge', lazyModules: 1 } });
  });

  it('is not-checked for a failed shop page, and without shop pages', () => {
    const { shop: f, platform: p } = run(shop('', { failure: { reason: 'timeout' } }));
    expect(f).toMatchObject({ verdict: 'not-checked', details: { reason: 'timeout' }, summary: '店铺页面未能打开（页面加载超时）' });
    expect(p).toMatchObject({ verdict: 'not-checked', details: { reason: 'timeout' } });
    const none = sellerLicenceDisplay.evaluate({ platform: platform(), snapshots: [HOME] });
    expect(none).toEqual([expect.objectContaining({ verdict: 'not-checked', summary: '未采集到店铺页面，未能检查' })]);
  });
});
