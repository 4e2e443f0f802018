import { describe, expect, it } from 'vitest';
import { platform, linked, page, snapshot } from '../test/helpers/snapshots.js';
import { licenceDisplay } from './licence-display.js';
import type { Snapshot } from './types.js';

const ROSTER = platform({ name: '杭州某某网络科技有限公司', uscc: '91330106673959654P' });
const B2 = '<p>增值电信业务经营许可证：浙B2-20080224</p>';
const FOOTER = `<div id="footer"><p>企业名称：杭州某某网络科技有限公司 统一社会信用代码：91330106673959654P</p>${B2}</div>`;

function run(...snapshots: Snapshot[]) {
  const findings = licenceDisplay.evaluate({ platform: ROSTER, snapshots });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}
const home = (body: string) => snapshot({ html: page(`<div id="main">商品</div>${body}`) });

describe('licence-display', () => {
  it('is compliant when the footer shows name, credit code and a B2 licence, visibly', () => {
    const f = run(home(FOOTER));
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toBe('首页已在显著位置公示营业执照信息及增值电信业务经营许可证号');
    expect(f.subject).toBe('https://shop.example.cn/');
    expect(f.details.usccs).toEqual([expect.objectContaining({ code: '91330106673959654P', checksumValid: true, matchesRoster: true, placement: expect.objectContaining({ region: 'footer' }) })]);
    expect(f.details.numbers).toEqual([expect.objectContaining({ kind: 'telecom-licence', number: '浙B2-20080224' })]);
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p01.html', 'evidence/p01.png']);
  });

  it('is compliant with the licence information laid out as a table of labels and values', () => {
    const table = `<div id="footer"><table class="lic"><tr><th>经营者名称</th><td>杭州某某网络科技有限公司</td><th>统一社会信用代码</th><td>91330106673959654P</td></tr>
<tr><th>ICP备案号</th><td><a href="https://beian.miit.gov.cn/">浙ICP备08002024号-1</a></td><th>增值电信业务经营许可证</th><td>浙B2-20080224</td></tr></table></div>`;
    const f = run(home(table));
    expect(f.verdict, f.summary).toBe('compliant');
    expect(f.details.usccs).toEqual([expect.objectContaining({ code: '91330106673959654P', matchesRoster: true, prominence: 'visible' })]);
  });

  it('is a violation when there is no licence information and no link to it', () => {
    const f = run(home(`<div class="copyright">© 2015 杭州某某网络科技有限公司 浙ICP备14041238号</div>`));
    expect(f.verdict).toBe('violation');
    // a copyright line names the company but is not a licence disclosure
    expect(f.summary).toBe('首页未公示营业执照信息，也无指向营业执照信息的链接');
    expect(f.details.names).toEqual([expect.objectContaining({ name: '杭州某某网络科技有限公司', licenceContext: false })]);
  });

  it('counts licence information hidden by display:none as absent, and says why', () => {
    const f = run(home(`<div style="display:none">统一社会信用代码：91330106673959654P</div>${B2}`));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toContain('存在于页面中但未可见呈现');
    expect(f.summary).toContain('display:none');
  });

  it('counts a 5px credit code (measured) as not visibly rendered', () => {
    const f = run(
      home(`<p data-wj-box="0,2900,400,6" data-wj-font="5" data-wj-color="0,0,0,1" data-wj-bg="255,255,255,1" data-wj-opacity="1">统一社会信用代码：91330106673959654P</p>${B2}`),
    );
    expect(f.verdict).toBe('violation');
    expect(f.summary).toContain('字号 5px 小于 6px');
    expect(f.details.usccs).toEqual([expect.objectContaining({ prominence: 'not-visible', measured: true, fontSize: 5 })]);
  });

  it('counts near-invisible contrast as not visibly rendered', () => {
    const f = run(home(`<p data-wj-box="0,2900,400,14" data-wj-font="12" data-wj-color="250,250,250,1" data-wj-bg="255,255,255,1">统一社会信用代码：91330106673959654P</p>${B2}`));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toContain('对比度');
  });

  it('asks for review when the licence mark is weak (8px, low contrast)', () => {
    const f = run(home(`<p data-wj-box="0,2900,400,10" data-wj-font="8" data-wj-color="153,153,153,1" data-wj-bg="255,255,255,1">统一社会信用代码：91330106673959654P</p>${B2}`));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('营业执照信息标识不够显著');
    expect(f.details.licenceInfo).toMatchObject({ prominence: 'weak' });
  });

  it('asks for review, never a violation, when the credit code fails its check digit', () => {
    const f = run(home(`<p>统一社会信用代码：91330106673959654Q</p>${B2}`));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('91330106673959654Q 未通过校验位检验');
  });

  it('asks for review when the credit code shown differs from the roster', () => {
    const f = run(home(`<p>营业执照：91110105721471662U</p>${B2}`));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toBe('首页公示的统一社会信用代码与名录登记不一致');
    expect(f.details.roster).toEqual({ name: '杭州某某网络科技有限公司', uscc: '91330106673959654P' });
  });

  it('compares names across full- and half-width brackets, and flags a different name', () => {
    const roster = platform({ name: '某某（杭州）网络科技有限公司', uscc: '91330106673959654P' });
    const same = licenceDisplay.evaluate({ platform: roster, snapshots: [home(`<p>企业名称：某某(杭州)网络科技有限公司 统一社会信用代码：91330106673959654P</p>${B2}`)] });
    expect(same[0]!.verdict).toBe('compliant');
    const other = licenceDisplay.evaluate({ platform: roster, snapshots: [home(`<p>企业名称：另一家网络科技有限公司 统一社会信用代码：91330106673959654P</p>${B2}`)] });
    expect(other[0]!.verdict).toBe('needs-review');
    expect(other[0]!.summary).toBe('首页公示的经营者名称与名录登记不一致');
  });

  it('asks for review when no B2 or ICP number is shown, or it is hidden', () => {
    const none = run(home(`<p>统一社会信用代码：91330106673959654P</p>`));
    expect(none.verdict).toBe('needs-review');
    expect(none.summary).toBe('首页未公示增值电信业务经营许可证号或ICP备案号');
    const hidden = run(home(`<p>统一社会信用代码：91330106673959654P</p><p style="display:none">粤ICP备14088652号-2</p>`));
    expect(hidden.summary).toBe('首页的增值电信业务经营许可证号或ICP备案号未可见呈现');
  });

  it('accepts an ICP filing alone as the number, and says so', () => {
    const f = run(home(`<p>统一社会信用代码：91330106673959654P</p><p>浙ICP备14041238号</p>`));
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toBe('首页已在显著位置公示营业执照信息及ICP备案/许可证号');
  });

  it('accepts a link to an own licence page that shows the fields as text, and cites that page', () => {
    const hp = home(`<div class="footer"><a href="/help/licence.html">营业执照</a>${B2}</div>`);
    const lic = linked(hp, '/help/licence.html', { id: 'p02', kind: 'licence', html: page('<table><tr><td>名称：杭州某某网络科技有限公司</td></tr><tr><td>统一社会信用代码：91330106673959654P</td></tr></table>') });
    const f = run(hp, lic);
    expect(f.verdict).toBe('compliant');
    expect(f.details.licenceInfo).toMatchObject({ shownAs: 'licence-page' });
    expect(f.details.licenceLinks).toEqual([expect.objectContaining({ text: '营业执照', state: 'text', target: expect.objectContaining({ snapshotId: 'p02', status: 200 }) })]);
    expect(f.details.usccs).toEqual([expect.objectContaining({ code: '91330106673959654P', where: 'p02' })]);
    expect(f.evidence.map((e) => e.path)).toContain('evidence/p02.html');
  });

  it('counts the operator name anywhere on its licence page, label or not', () => {
    const hp = home(`<a href="/licence">营业执照</a>${B2}`);
    const lic = linked(hp, '/licence', { id: 'p02', html: page('<h1>杭州某某网络科技有限公司</h1><p>营业执照信息详见下表。</p>') });
    expect(run(hp, lic)).toMatchObject({ verdict: 'compliant', details: { licenceInfo: { shownAs: 'licence-page' } } });
  });

  it('flags a mismatch found on the licence page one click away', () => {
    const hp = home(`<a href="/licence">证照信息</a>${B2}`);
    const lic = linked(hp, '/licence', { id: 'p02', html: page('<p>统一社会信用代码：91110105721471662U</p>') });
    expect(run(hp, lic).summary).toBe('首页公示的统一社会信用代码与名录登记不一致');
  });

  it('asks for review when the licence link leads to an image only', () => {
    const hp = home(`<a href="//img.example.cn/licence.jpg">经营证照</a>${B2}`);
    const img = linked(hp, '//img.example.cn/licence.jpg', { id: 'p02', contentType: 'image/jpeg' });
    const f = run(hp, img);
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toBe('营业执照信息仅以图片形式公示，名称和统一社会信用代码无法自动核对');
    // an image file name tells the same when the link was not followed
    expect(run(hp).verdict).toBe('needs-review');
  });

  it('asks for review when the licence page shows the licence as a picture without text fields', () => {
    const hp = home(`<a href="/zhizhao">营业执照</a>${B2}`);
    const lic = linked(hp, '/zhizhao', { id: 'p02', html: page('<h1>营业执照</h1><img src="l.png" width="800" height="600">') });
    expect(run(hp, lic).details.licenceLinks).toEqual([expect.objectContaining({ state: 'image' })]);
    expect(run(hp, lic).verdict).toBe('needs-review');
  });

  it('treats a dead licence link as no link', () => {
    const hp = home(`<a href="/licence">营业执照</a>${B2}`);
    const dead = linked(hp, '/licence', { id: 'p02', status: 404, failure: { reason: 'http-error', message: 'HTTP 404' } });
    const f = run(hp, dead);
    expect(f.verdict).toBe('violation');
    expect(f.summary).toContain('营业执照信息链接已失效');
  });

  it('is not-checked when the only licence link could not be loaded', () => {
    const hp = home(`<a href="/licence">营业执照</a>${B2}`);
    const slow = linked(hp, '/licence', { id: 'p02', failure: { reason: 'timeout' } });
    const f = run(hp, slow);
    expect(f.verdict).toBe('not-checked');
    expect(f.details.reason).toBe('timeout');
  });

  it('counts a badge to a government licence display system by itself', () => {
    const f = run(home(`<div class="footer"><a href="https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?showType=p&serial=1"><img src="/lz.png" alt="电子营业执照亮照"></a>${B2}</div>`));
    expect(f.verdict).toBe('compliant');
    expect(f.details.licenceInfo).toMatchObject({ shownAs: 'badge' });
  });

  it('judges a badge image by hiding and opacity, not by the font size of its link', () => {
    const badge = `<a href="https://zzlz.gsxt.gov.cn/x" data-wj-box="0,2900,0,0" data-wj-font="0"><img src="/lz.png" alt="亮照" data-wj-box="0,2900,40,40" data-wj-font="0" data-wj-opacity="1"></a>`;
    expect(run(home(badge + B2)).verdict).toBe('compliant');
    const transparent = badge.replace('data-wj-opacity="1"', 'data-wj-opacity="0.05"');
    expect(run(home(transparent + B2)).verdict).toBe('violation');
  });

  it('asks for review when the licence page needs a login', () => {
    const hp = home(`<a href="/licence">营业执照</a>${B2}`);
    const login = linked(hp, '/licence', { id: 'p02', finalUrl: 'https://passport.example.cn/login?from=licence', html: page('<form><input type="password"></form>') });
    expect(run(hp, login).summary).toBe('营业执照信息页面需登录后才能查看');
  });

  it('records where the licence information sits', () => {
    const f = run(home(`<header><p>统一社会信用代码：91330106673959654P</p>${B2}</header>`));
    expect(f.details.usccs).toEqual([expect.objectContaining({ placement: { region: 'header', by: 'element', element: 'header' } })]);
  });

  it('is not-checked with the homepage failure reason, or page-kind-not-found without a homepage', () => {
    const failed = run(snapshot({ failure: { reason: 'blocked', message: 'HTTP 403' }, status: 403 }));
    expect(failed).toMatchObject({ verdict: 'not-checked', details: { reason: 'blocked' } });
    expect(failed.evidence).toHaveLength(2);
    const none = licenceDisplay.evaluate({ platform: ROSTER, snapshots: [] });
    expect(none[0]).toMatchObject({ verdict: 'not-checked', subject: ROSTER.url, details: { reason: 'page-kind-not-found' } });
  });
});
