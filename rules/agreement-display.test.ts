import { describe, expect, it } from 'vitest';
import { linked, page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { agreementDisplay } from './agreement-display.js';
import type { Snapshot } from './types.js';

const LINKS = `<div class="footer"><a href="/agreement.html">用户服务协议</a> <a href="/rules/trade.html">交易规则</a></div>`;
const DOC = page(`<h1>协议</h1>${prose(1200)}`);

function run(...snapshots: Snapshot[]) {
  const findings = agreementDisplay.evaluate({ platform: platform(), snapshots });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}
const home = (body: string) => snapshot({ html: page(`<div id="main">商品</div>${body}`) });
/** Homepage with both links, the agreement page as given, and a good rules page. */
function withAgreement(spec: Parameters<typeof linked>[2]) {
  const hp = home(LINKS);
  return [hp, linked(hp, '/agreement.html', { id: 'p02', ...spec }), linked(hp, '/rules/trade.html', { id: 'p03', html: DOC })];
}

describe('agreement-display', () => {
  it('is compliant when both documents load with substantive, saveable text', () => {
    const f = run(...withAgreement({ html: DOC }));
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toBe('首页已链接服务协议和交易规则，页面均可正常打开、阅读和保存');
    expect(f.details.serviceAgreement).toMatchObject({ verdict: 'compliant', links: [expect.objectContaining({ text: '用户服务协议', foundOn: 'p01', target: expect.objectContaining({ snapshotId: 'p02', state: 'ok' }) })] });
    expect(f.details.transactionRules).toMatchObject({ verdict: 'compliant' });
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p01.html', 'evidence/p01.png', 'evidence/p02.html', 'evidence/p02.png', 'evidence/p03.html', 'evidence/p03.png']);
  });

  it('takes a document page that shows only the site\'s repeated header, navigation and footer around a heading for empty', () => {
    // No <footer> or footer-like names: only its repetition on every page makes it the site's.
    const chrome = (main: string) =>
      page(`<div class="h3k"><a href="/">首页</a><a href="/about">关于我们</a></div><div class="m8">${main}</div><div class="z1q">${LINKS}<p>${'某某网络科技有限公司 版权所有 客服热线 400-000-0000 浙ICP备12345678号-1 '.repeat(8)}</p></div>`);
    const hp = snapshot({ html: chrome('<div id="main">商品</div>') });
    const agreement = linked(hp, '/agreement.html', { id: 'p02', kind: 'agreement', html: chrome('<h1>用户服务协议</h1>') });
    const rules = linked(hp, '/rules/trade.html', { id: 'p03', kind: 'rules', html: chrome(`<h1>交易规则</h1>${prose(1200)}`) });
    expect(agreement.page.textLength).toBeGreaterThan(300); // the whole page would pass for a document
    const f = run(hp, agreement, rules);
    expect(f.verdict).toBe('violation');
    expect(f.details.serviceAgreement).toMatchObject({ verdict: 'violation', links: [expect.objectContaining({ target: expect.objectContaining({ state: 'empty', ownTextLength: 6 }) })] });
    expect(f.details.transactionRules).toMatchObject({ verdict: 'compliant' });
  });

  it('keeps as a document\'s own the preface it shares with another document', () => {
    const preface = `<p class="pre">为规范平台秩序，保护各方合法权益，制定本规则。版本生效日期：2025年1月1日。${'本规则适用于平台全体用户。'.repeat(30)}</p>`;
    const hp = home(LINKS);
    const doc = (id: string, path: string, kind: 'agreement' | 'rules', title: string) => linked(hp, path, { id, kind, html: page(`<h1>${title}</h1>${preface}<p>第一条 ${title}的具体条款。</p>`) });
    const f = run(hp, doc('p02', '/agreement.html', 'agreement', '用户服务协议'), doc('p03', '/rules/trade.html', 'rules', '交易规则'));
    expect(f.verdict).toBe('compliant');
  });

  it('is a violation naming the document that has no link', () => {
    const hp = home(`<a href="/agreement.html">用户协议</a>`);
    const f = run(hp, linked(hp, '/agreement.html', { id: 'p02', html: DOC }));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('首页及规则中心均未见《交易规则》链接');
    expect(f.details.serviceAgreement).toMatchObject({ verdict: 'compliant' });
  });

  it('is a violation when a link is dead (HTTP 404)', () => {
    const f = run(...withAgreement({ status: 404, failure: { reason: 'http-error', message: 'HTTP 404' } }));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('《服务协议》链接失效，页面无法打开（HTTP 404）');
  });

  it('is a violation when the target is empty or an error page', () => {
    expect(run(...withAgreement({ html: page('<p>敬请期待</p>') })).summary).toBe('《服务协议》链接指向的页面无实质内容');
    expect(run(...withAgreement({ html: page(`<h1>抱歉，页面不存在</h1>${prose(250)}`, '404 Not Found') })).summary).toBe('《服务协议》链接指向错误页面');
  });

  it('is a violation when the link only leads back to the homepage', () => {
    const f = run(...withAgreement({ finalUrl: 'https://shop.example.cn/', html: DOC }));
    expect(f.summary).toBe('《服务协议》链接跳转回首页，未见文本');
  });

  it('asks for review behind a login: a login URL or a password form with little text', () => {
    expect(run(...withAgreement({ finalUrl: 'https://passport.example.cn/login', html: DOC })).summary).toBe('《服务协议》需登录后才能查看');
    const form = run(...withAgreement({ html: page('<form>账号<input name="u">密码<input type="password"></form>') }));
    expect(form.verdict).toBe('needs-review');
    expect(form.details.serviceAgreement).toMatchObject({ links: [expect.objectContaining({ target: expect.objectContaining({ state: 'login', hasPasswordField: true }) })] });
  });

  it('asks for review when the document is only an image or a PDF', () => {
    expect(run(...withAgreement({ html: page('<img src="a.png" width="900" height="3000">') })).summary).toBe('《服务协议》仅以图片形式公示');
    expect(run(...withAgreement({ contentType: 'image/png' })).verdict).toBe('needs-review');
    expect(run(...withAgreement({ contentType: 'application/pdf' })).summary).toBe('《服务协议》为PDF文件，正文未能自动核验');
  });

  it('asks for review when the text cannot be selected or copied', () => {
    const noSelect = run(...withAgreement({ html: DOC.replace('<body>', '<body style="user-select:none">') }));
    expect(noSelect.summary).toBe('《服务协议》页面禁止选择或复制文字，无法保存');
    expect(run(...withAgreement({ html: DOC.replace('<body>', '<body oncopy="return false">') })).verdict).toBe('needs-review');
  });

  it('asks for review when the agreement link is weak on the homepage', () => {
    const hp = home(`<a href="/agreement.html" data-wj-box="0,2990,40,8" data-wj-font="7" data-wj-color="0,0,0,1" data-wj-bg="255,255,255,1">用户协议</a> <a href="/rules/trade.html">交易规则</a>`);
    const f = run(hp, linked(hp, '/agreement.html', { id: 'p02', html: DOC }), linked(hp, '/rules/trade.html', { id: 'p03', html: DOC }));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toBe('《服务协议》链接不够显著（字号 7px 小于 10px）');
  });

  it('counts a hidden link as no link', () => {
    const hp = home(`<a style="display:none" href="/agreement.html">用户协议</a> <a href="/rules/trade.html">交易规则</a>`);
    const f = run(hp, linked(hp, '/agreement.html', { id: 'p02', html: DOC }), linked(hp, '/rules/trade.html', { id: 'p03', html: DOC }));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('首页及规则中心均未见《服务协议》链接（链接存在但未可见呈现：元素被隐藏（display:none））');
  });

  it('is not-checked, with the reason, when a target timed out or was not visited', () => {
    const f = run(...withAgreement({ failure: { reason: 'timeout' } }));
    expect(f).toMatchObject({ verdict: 'not-checked', summary: '《服务协议》页面未能检查（页面加载超时）', details: { reason: 'timeout' } });
    const hp = home(LINKS);
    expect(run(hp).details.reason).toBe('page-kind-not-found');
  });

  it('lets a working link decide when another link to the same document is dead', () => {
    const hp = home(`<a href="/old-agreement">注册协议</a> <a href="/agreement.html">用户协议</a> <a href="/rules/trade.html">交易规则</a>`);
    const f = run(
      hp,
      linked(hp, '/old-agreement', { id: 'p02', status: 404, failure: { reason: 'http-error' } }),
      linked(hp, '/agreement.html', { id: 'p03', html: DOC }),
      linked(hp, '/rules/trade.html', { id: 'p04', html: DOC }),
    );
    expect(f.verdict).toBe('compliant');
  });

  it('finds the documents through a rules centre one click from the homepage', () => {
    const hp = home(`<a href="https://rule.example.cn/">规则中心</a>`);
    const centre = linked(hp, 'https://rule.example.cn/', { id: 'p02', kind: 'rules-centre', html: page(`<a href="/agreement">平台服务协议</a><a href="/detail/1">交易规则</a>${prose(300)}`) });
    const agreement = linked(centre, '/agreement', { id: 'p03', html: DOC });
    const rules = linked(centre, '/detail/1', { id: 'p04', html: DOC });
    const f = run(hp, centre, agreement, rules);
    expect(f.verdict).toBe('compliant');
    expect(f.details.transactionRules).toMatchObject({ links: [expect.objectContaining({ foundOn: 'p02', viaRulesCentre: true })] });
    expect(f.evidence.map((e) => e.path)).toContain('evidence/p02.html');
  });

  it('takes a 平台规则 link whose page turned out to be a hub of documents for a rules centre, not for the rules', () => {
    const hp = home(`<a href="/platform-rules">平台规则</a>`);
    const hub = linked(hp, '/platform-rules', { id: 'p02', kind: 'rules-centre', html: page(`<a href="/agreement">平台服务协议</a><a href="/detail/1">交易规则</a><a href="/detail/2">信用评价规则</a>`) });
    const f = run(hp, hub, linked(hub, '/agreement', { id: 'p03', html: DOC }), linked(hub, '/detail/1', { id: 'p04', html: DOC }));
    expect(f.verdict).toBe('compliant');
    expect(f.details.transactionRules).toMatchObject({ links: [expect.objectContaining({ text: '交易规则', foundOn: 'p02', viaRulesCentre: true })] });
  });

  it('is not-checked rather than a violation when the rules centre could not be loaded', () => {
    const hp = home(`<a href="/agreement.html">用户协议</a> <a href="/rules">规则中心</a>`);
    const f = run(hp, linked(hp, '/agreement.html', { id: 'p02', html: DOC }), linked(hp, '/rules', { id: 'p03', failure: { reason: 'blocked' } }));
    expect(f.verdict).toBe('not-checked');
    expect(f.details.reason).toBe('blocked');
    expect(f.summary).toContain('《交易规则》');
  });

  it('combines the documents by severity and names only the worst', () => {
    const hp = home(`<a href="/agreement.html">用户协议</a>`);
    const f = run(hp, linked(hp, '/agreement.html', { id: 'p02', contentType: 'application/pdf' }));
    expect(f.verdict).toBe('violation');
    expect(f.summary).not.toContain('服务协议');
    expect(f.details.serviceAgreement).toMatchObject({ verdict: 'needs-review' });
  });

  it('is not-checked with the homepage failure reason', () => {
    const f = run(snapshot({ failure: { reason: 'captcha' } }));
    expect(f).toMatchObject({ verdict: 'not-checked', details: { reason: 'captcha' } });
  });
});
