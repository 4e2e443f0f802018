// Documents wherever they are. A rules centre known by what it holds, not by its name: the
// homepage links only 平台规则 and 帮助中心, each a page of links to documents; the visit takes
// both for rules centres, follows their documents, and the document checks find them there. And
// an agreement whose page is a shell around an iframe is read as the framed text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementDisplay } from '../../rules/agreement-display.js';
import { ipRules } from '../../rules/ip-rules.js';
import { unfairTerms } from '../../rules/unfair-terms.js';
import type { PlatformRecord, Snapshot } from '../../rules/types.js';
import { listenLocal, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { visitForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const html = (title: string, body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
const prose = (what: string) => Array.from({ length: 12 }, (_, i) => `<p>第${i + 1}条 ${what}适用于本平台全体用户，用户在本平台注册、浏览、下单及支付，应当遵守法律法规和本规则的约定。</p>`).join('');
const list = (links: [string, string][]) => `<ul>${links.map(([href, text]) => `<li><a href="${href}">${text}</a></li>`).join('')}</ul>`;
const PAGES: Record<string, string> = {
  '/': html('某某商城', '<main>商品</main><footer><a href="/platform-rules">平台规则</a> <a href="/help">帮助中心</a></footer>'),
  '/platform-rules': html('平台规则', `<h1>平台规则</h1>${list([['/agreement', '用户服务协议'], ['/trade', '交易规则'], ['/ipr', '知识产权保护规则'], ['/credit', '信用评价规则']])}`),
  '/help': html('帮助中心', `<h1>帮助中心</h1>${list([['/returns', '退换货政策'], ['/privacy', '隐私政策'], ['/agreement', '用户服务协议'], ['/complain', '投诉举报']])}`),
  // the agreement's page is a shell: its text is in a frame
  '/agreement': html('用户服务协议', '<h1>用户服务协议</h1><iframe src="/agreement-text" style="width:900px;height:1200px;border:0"></iframe>'),
  '/agreement-text': html('协议正文', `${prose('本协议')}<p>本平台对本协议享有最终解释权。</p>`),
  '/trade': html('交易规则', `<h1>交易规则</h1>${prose('本规则')}`),
  '/ipr': html('知识产权保护规则', `<h1>知识产权保护规则</h1>${prose('本规则')}<p>权利人可通过<a href="/ipr/complain">侵权投诉</a>入口提交投诉。</p>`),
};

const tmp = tempDir();
let server: LocalServer;
let snapshots: Snapshot[];
const platform: PlatformRecord = { id: 'hub', name: '杭州某某网络科技有限公司', uscc: '91330106673959654P', url: '', risk: 'general' };

beforeAll(async () => {
  server = await listenLocal((_req, res, url) => {
    const body = PAGES[url.pathname];
    sendHtml(res, body ? 200 : 404, body ?? html('404', '页面不存在'));
  });
  platform.url = server.url;
  snapshots = await visitForTest(tmp.dir, platform, ['homepage', 'agreement', 'rules', 'rules-centre', 'ip-rules']);
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('a rules centre by its content', () => {
  it('takes both hubs for rules centres, whatever their links were called, and follows their documents', () => {
    const kindOf = (path: string) => snapshots.find((s) => new URL(s.requestedUrl).pathname === path)?.kind;
    expect([kindOf('/platform-rules'), kindOf('/help')]).toEqual(['rules-centre', 'rules-centre']);
    expect([kindOf('/agreement'), kindOf('/trade'), kindOf('/ipr')]).toEqual(['agreement', 'rules', 'ip-rules']);
  });

  it('reads an agreement shown in a frame as the agreement: its text in the page the checks read, its length counted', () => {
    const agreement = snapshots.find((s) => s.kind === 'agreement')!;
    expect(agreement.html).toContain('data-wj-frame="http://127.0.0.1:');
    expect(agreement.html).toContain('本平台对本协议享有最终解释权。');
    expect(agreement.html).not.toContain('<iframe');
    expect(agreement.page.textLength).toBeGreaterThan(600);
    const clause = unfairTerms.evaluate({ platform, snapshots }).find((f) => f.verdict === 'violation');
    expect(clause?.subject.startsWith(`${agreement.finalUrl}#:~:text=`)).toBe(true);
  });

  it('lets the document checks find the documents there', () => {
    const input = { platform, snapshots };
    expect(agreementDisplay.evaluate(input)[0]).toMatchObject({ verdict: 'compliant' });
    const ip = ipRules.evaluate(input)[0]!;
    expect(ip.verdict).toBe('compliant');
    expect(ip.details.links).toEqual(expect.arrayContaining([expect.objectContaining({ text: '知识产权保护规则', viaRulesCentre: true })]));
  });
});
