// Small sites served on 127.0.0.1 for the sweep's tests: self-built sites each on a port (a host)
// of its own, and the shops of one platform on one host, each with the verdicts it should get.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { listenLocal, unusedPort, type LocalServer } from '../../src/demo/http.js';
import type { Verdict } from '../../rules/types.js';

export const OPERATOR = { name: '晋城某某机械有限公司', uscc: '91330106673959654P' };
/** A code whose check digit is wrong (…654P is right). */
const BAD_CODE = '91330106673959654Q';
const OTHER_CODE = '91350100M000100Y43';
const ICP = '<a href="https://beian.miit.gov.cn/">晋ICP备16001234号-1</a>';
const LICENCE = `<p>经营者名称：${OPERATOR.name} 统一社会信用代码：${OPERATOR.uscc}</p>`;

const html = (body: string, title = '某某机械') => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><div id="main"><h1>${title}</h1><p>${'产品中心 新闻动态 联系我们 '.repeat(8)}</p></div>${body}</body></html>`;
const footer = (inner: string) => `<div class="footer">${inner}</div>`;

export interface SiteCase {
  name: string;
  /** Expected verdicts by check. */
  expected: Record<string, Verdict>;
  /** Whether it should go on to the browser, and why. */
  browser: string | null;
  reason?: string;
}

interface Served extends SiteCase {
  url: string;
}

/** Self-built sites: body of the homepage (and of /licence), or a whole handler. */
const SITES: (SiteCase & { home?: string; licence?: string; gbk?: boolean; status?: number })[] = [
  { name: '合规', home: footer(`${LICENCE}${ICP}`), expected: { 'licence-display': 'compliant', 'icp-filing-display': 'compliant' }, browser: null },
  { name: '执照链接', home: footer(`<a href="/licence">营业执照</a> ${ICP}`), licence: `<h1>营业执照</h1>${LICENCE}`, expected: { 'licence-display': 'compliant', 'icp-filing-display': 'compliant' }, browser: null },
  { name: '亮照标识', home: footer(`<a href="https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?showType=p&serial=9133">工商亮照</a> ${ICP}`), expected: { 'licence-display': 'compliant', 'icp-filing-display': 'compliant' }, browser: null },
  { name: '自我声明', home: footer(`<p>个人从事零星小额交易活动，依法不需要办理市场主体登记</p>${ICP}`), expected: { 'licence-display': 'compliant', 'icp-filing-display': 'compliant' }, browser: null },
  { name: '改写声明', home: footer(`<p>本站为个人经营，无需办理营业执照</p>${ICP}`), expected: { 'licence-display': 'needs-review', 'icp-filing-display': 'compliant' }, browser: 'screenshot' },
  { name: '校验位错', home: footer(`<p>经营者名称：${OPERATOR.name} 统一社会信用代码：${BAD_CODE}</p>${ICP}`), expected: { 'licence-display': 'needs-review', 'icp-filing-display': 'compliant' }, browser: 'screenshot' },
  { name: '均未公示', home: footer('<p>© 2026 版权所有</p>'), expected: { 'licence-display': 'violation', 'icp-filing-display': 'violation' }, browser: 'screenshot' },
  { name: '名单不符', home: footer(`<p>经营者名称：${OPERATOR.name} 统一社会信用代码：${OTHER_CODE}</p>${ICP}`), expected: { 'licence-display': 'needs-review', 'icp-filing-display': 'compliant' }, browser: 'screenshot' },
  { name: 'GBK编码', home: footer(`${LICENCE}<span>晋ICP备16001234号</span>`), gbk: true, expected: { 'licence-display': 'compliant', 'icp-filing-display': 'compliant' }, browser: null },
  { name: '无此页面', status: 404, expected: { 'licence-display': 'not-checked', 'icp-filing-display': 'not-checked' }, browser: null, reason: 'http-error' },
];

/** A page whose content a script writes: empty over HTTP, compliant once rendered. */
const SCRIPTED = `<!doctype html><html><head><meta charset="utf-8"><title>某某机械</title></head><body><div id="app"></div><script>
document.getElementById('app').innerHTML = '<h1>某某机械</h1><p>${'产品中心 新闻动态 '.repeat(6)}</p><div class="footer"><p>经营者名称：${OPERATOR.name} 统一社会信用代码：${OPERATOR.uscc}</p><span>晋ICP备16001234号</span></div>';
</script></body></html>`;

/** GBK bytes of a string (TextEncoder writes only UTF-8): each character's two bytes found by decoding them all. */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const codes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) codes.set(decoder.decode(Uint8Array.of(lead, trail)), [lead, trail]);
  return Buffer.from([...text].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : codes.get(c)!)));
}

/** The platform's shops: one host, the operator's licence in every page's footer (its chrome). */
const PLATFORM_FOOTER = `<div id="site-bottom"><p>某某商城 运营者：某某网络科技有限公司 统一社会信用代码：91330106673959654P 浙B2-20080224</p></div>`;
const SHOPS: (SiteCase & { body: string })[] = [
  { name: 'shop-1', body: `<span class="tag">企业店铺</span><p>经营者名称：杭州好物贸易有限公司 统一社会信用代码：${OTHER_CODE}</p>`, expected: { 'seller-licence-display': 'compliant', 'seller-registration-mark': 'compliant' }, browser: null },
  { name: 'shop-2', body: '<span class="tag">个人卖家</span><p>个人销售自产农副产品，依法不需要办理市场主体登记</p>', expected: { 'seller-licence-display': 'compliant', 'seller-registration-mark': 'compliant' }, browser: null },
  { name: 'shop-3', body: '<p>欢迎光临本店</p>', expected: { 'seller-licence-display': 'violation', 'seller-registration-mark': 'violation' }, browser: 'screenshot' },
  { name: 'shop-4', body: `<span class="tag">企业店铺</span><a href="licence">店铺证照信息</a>`, expected: { 'seller-licence-display': 'compliant', 'seller-registration-mark': 'compliant' }, browser: null },
];

export interface TestSites {
  sites: Served[];
  shops: Served[];
  sitesCsv: string;
  shopsCsv: string;
  close(): Promise<void>;
}

export async function startTestSites(dir: string): Promise<TestSites> {
  const servers: { close(): Promise<void> }[] = [];
  const sites: Served[] = [];
  for (const site of SITES) {
    const body = site.gbk ? gbk(html(site.home!).replace('charset="utf-8"', 'charset="gbk"')) : null;
    const server = await listenLocal((_req, res, url) => {
      if (site.status) {
        res.writeHead(site.status, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>404</title><h1>页面不存在</h1>');
      } else if (url.pathname === '/licence' && site.licence) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(site.licence, '营业执照'));
      } else if (body) {
        res.writeHead(200, { 'content-type': 'text/html' }).end(body);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(site.home!));
      }
    });
    servers.push(server);
    sites.push({ ...site, url: server.url });
  }
  const scripted = await listenLocal((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SCRIPTED));
  servers.push(scripted);
  sites.push({ name: '脚本渲染', url: scripted.url, expected: { 'licence-display': 'compliant', 'icp-filing-display': 'compliant' }, browser: 'script-only' });
  sites.push({ name: '无法连接', url: `http://127.0.0.1:${await unusedPort()}/`, expected: { 'licence-display': 'not-checked', 'icp-filing-display': 'not-checked' }, browser: null, reason: 'connection-refused' });
  // a certificate no one vouches for
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  const tls = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end(html(footer(`${LICENCE}${ICP}`))));
  await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
  servers.push({ close: () => new Promise<void>((done) => tls.close(() => done())) });
  sites.push({ name: '证书错误', url: `https://localhost:${(tls.address() as AddressInfo).port}/`, expected: { 'licence-display': 'not-checked', 'icp-filing-display': 'not-checked' }, browser: null, reason: 'tls-error' });

  const platform: LocalServer = await listenLocal((_req, res, url) => {
    const send = (body: string, title: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><div class="nav"><a href="/">某某商城首页</a> <a href="/help">帮助中心</a></div>${body}${PLATFORM_FOOTER}</body></html>`);
    const shop = /^\/shop\/(shop-\d+)\/(licence)?$/.exec(url.pathname);
    if (url.pathname === '/') return send(`<h1>某某商城</h1><p>${'热卖商品 品牌特卖 '.repeat(10)}</p>`, '某某商城');
    const found = shop && SHOPS.find((s) => s.name === shop[1]);
    if (!found) return res.writeHead(404).end('not found');
    if (shop[2]) return send(`<h1>店铺证照信息</h1><p>经营者名称：杭州好物贸易有限公司</p><p>统一社会信用代码：${OTHER_CODE}</p>`, '店铺证照信息');
    send(`<h1>${found.name}</h1><p>${'店铺商品 新品上架 '.repeat(6)}</p>${found.body}`, found.name);
  });
  servers.push(platform);
  const shops = SHOPS.map((s) => ({ ...s, url: `${platform.url}shop/${s.name}/` }));

  const sitesCsv = join(dir, 'sites.csv');
  writeFileSync(sitesCsv, `网站名称,网址,经营者名称,统一社会信用代码,所属区划\n${sites.map((s) => `${s.name},${s.url},${OPERATOR.name},${OPERATOR.uscc},140500`).join('\n')}\n`);
  const shopsCsv = join(dir, 'shops.csv');
  writeFileSync(shopsCsv, `平台,店铺名称,店铺网址\n${shops.map((s) => `mall,${s.name},${s.url}`).join('\n')}\n`);
  return { sites, shops, sitesCsv, shopsCsv, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
