// A hostile test site: pages that must not stop a scan (a response that never ends, redirect
// loops by HTTP, meta refresh and script, a 15 MB page, dialogs, popups, a script that never
// yields, error statuses, slow answers, text under the wrong charset).
// startHostileSite() serves them all behind one shop homepage that links to each with a label
// the crawler follows; startHostilePlatforms() puts each behind a homepage of its own, as a roster.
import type http from 'node:http';
import type { NotCheckedReason, PlatformRecord } from '../../rules/types.js';
import { listenLocal, redirect, routeTable, sendBody, sendHtml, type Handler, type LocalServer } from '../../src/demo/http.js';
import { docArticle, footer, notice, page, productGrid, type Brand, type Link } from '../../src/demo/layout.js';
import { validUscc } from '../../src/demo/sites.js';
import { serviceAgreement, tradingRules, type Party } from '../../src/demo/texts.js';

const BRAND: Brand = { name: '测试商城', tagline: '压力测试专用', colour: '#d4380d' };
const PARTY: Party = { brand: BRAND.name, company: '杭州测试网络科技有限公司' };
const USCC = validUscc('91330108MA2CH4TR8');

/** Complete licence lines, so a page that does get captured has something to judge. */
const LICENCE_LINES = [
  `营业执照：${PARTY.company} 统一社会信用代码 ${USCC}`,
  '增值电信业务经营许可证：浙B2-20210009　浙ICP备21000009号-1',
];

/** The footer of every hostile page: licences and working agreement and rules pages. */
const GOOD_FOOTER = footer(
  [
    { text: '用户服务协议', href: '/agreement' },
    { text: '交易规则', href: '/trade-rules' },
  ],
  LICENCE_LINES,
);

/** The hostile routes, each behind a label classifyLink() maps to a page kind the crawler visits. */
const HOSTILE_LINKS: readonly Link[] = [
  { text: '服务协议', href: '/never-ends' },
  { text: '用户协议', href: '/redirect-loop' },
  { text: '交易规则', href: '/huge' },
  { text: '平台规则', href: '/dialogs' },
  { text: '营业执照', href: '/popup' },
  { text: '证照信息', href: '/busy-script' },
  { text: '会员协议', href: '/status/500' },
  { text: '交易规范', href: '/status/429' },
  { text: '规则中心', href: '/slow?ms=2000' },
];

function shopPage(title: string | undefined, main: string, script?: string, footerHtml = GOOD_FOOTER): string {
  return page({ brand: BRAND, title, main, footer: footerHtml, script });
}

const PRODUCTS = productGrid('今日推荐', [
  { name: '测试商品 A 型', price: 19.9, sold: '1,024', shop: '测试一店' },
  { name: '测试商品 B 型', price: 29.9, was: 39.9, sold: '512', shop: '测试二店' },
  { name: '测试商品 C 型', price: 99, sold: '256', shop: '测试一店' },
  { name: '测试商品 D 型', price: 9.9, sold: '2,048', shop: '测试三店' },
]);

const html = (body: string): Handler => (_req, res) => sendHtml(res, 200, body);

/** Headers and the start of a page, then a dot a second forever, so idle timeouts never fire either. */
const neverEnds: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.write('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>服务协议</title></head><body><h1>服务协议</h1><p>正在加载');
  const drip = setInterval(() => res.write('.'), 1000);
  res.on('close', () => clearInterval(drip));
};

let hugeCache: string | undefined;

/** ~15 MB, ~100k elements, 2,000 rows of 30 px: about 60,000 px tall. Built once, on first request. */
function hugePage(): string {
  if (hugeCache) return hugeCache;
  const rows: string[] = [];
  for (let r = 0; r < 2000; r++) {
    const cells: string[] = [];
    for (let c = 0; c < 50; c++) {
      const sku = 100000 + r * 50 + c;
      cells.push(`<span class="c" data-sku="${sku}" title="商品${sku}">第${r + 1}行第${c + 1}列 超长页面压力测试商品描述文字，限时特价好物推荐，编号${sku}</span>`);
    }
    rows.push(`<div class="r">${cells.join('')}</div>`);
  }
  const main = `<style>.r{height:30px;overflow:hidden;white-space:nowrap;font-size:12px}.c{margin-right:8px}</style>
<h1>交易规则（超长页面）</h1>
${rows.join('\n')}`;
  hugeCache = shopPage('超长页面', main);
  return hugeCache;
}

const DIALOG_SCRIPT = `window.addEventListener('beforeunload', function (e) { e.preventDefault(); e.returnValue = '确定要离开此页面吗？'; });
window.addEventListener('load', function () {
  alert('欢迎光临测试商城！新人礼包已到账');
  if (confirm('是否允许本站向您发送通知？')) document.title += '（已允许通知）';
  prompt('请输入手机号领取红包', '');
});`;

// A scam page's alert loop, in the head: each dismissed alert is followed by the next, so the
// document never finishes loading.
const DIALOG_LOOP = html('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>恭喜中奖</title><script>for (;;) alert("恭喜您获得iPhone一部，请点击确定领取！");</script></head><body><p>领取奖品</p></body></html>');

const POPUP_SCRIPT = `window.addEventListener('load', function () { window.open('/popup-ad', '_blank'); });
setInterval(function () { window.open('/popup-ad?t=' + Date.now(), '_blank'); }, 1500);`;

// Starts just after load, so navigation succeeds and everything after it (evaluate, screenshot) hangs.
const BUSY_SCRIPT = `window.addEventListener('load', function () { setTimeout(function () { for (;;) {} }, 100); });`;

/** The page as UTF-8 bytes under a Latin-1 header: a misconfigured server; every character becomes two or three. */
const misdecoded: Handler = (_req, res) => sendBody(res, 200, 'text/html; charset=iso-8859-1', Buffer.from(shopPage(undefined, PRODUCTS), 'utf8'));

/** Two pages that send the browser to each other without an HTTP redirect. */
const refreshTo = (path: string): Handler => html(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${path}"><title>跳转中</title></head><body><p>页面跳转中…</p></body></html>`);
const scriptTo = (path: string): Handler => html(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>跳转中</title><script>location.replace(${JSON.stringify(path)})</script></head><body></body></html>`);

const statusPage = (code: number): Handler => (_req, res) => {
  const headers: http.OutgoingHttpHeaders = {};
  if (code === 429) headers['retry-after'] = '120';
  if ([301, 302, 303, 307, 308].includes(code)) headers.location = '/';
  sendHtml(res, code, notice(BRAND, `${code}`, `测试状态码 ${code}`), headers);
};

const ROUTES = {
  '/never-ends': neverEnds,
  '/redirect-loop': (_req, res) => redirect(res, '/redirect-loop'),
  '/huge': (_req, res) => sendHtml(res, 200, hugePage()),
  '/dialogs': html(shopPage('弹窗页面', PRODUCTS, DIALOG_SCRIPT)),
  '/popup': html(shopPage('弹出窗口', PRODUCTS, POPUP_SCRIPT)),
  '/popup-ad': html(notice(BRAND, '限时优惠', '新人专享满100减50')),
  '/busy-script': html(shopPage('繁忙脚本', PRODUCTS, BUSY_SCRIPT)),
  '/slow': (_req, res, url) => {
    const ms = Math.min(Math.max(Number(url.searchParams.get('ms')) || 0, 0), 120_000);
    const timer = setTimeout(() => sendHtml(res, 200, shopPage('慢速页面', `<h1>慢速页面</h1><p>本页面延迟 ${ms} 毫秒返回。</p>`)), ms);
    res.on('close', () => clearTimeout(timer));
  },
  '/meta-loop': refreshTo('/'),
  '/script-loop': scriptTo('/'),
  '/agreement': html(shopPage('用户服务协议', docArticle(serviceAgreement(PARTY)))),
  '/trade-rules': html(shopPage('交易规则', docArticle(tradingRules(PARTY)))),
} satisfies Record<string, Handler>;

const STATUS_PATH = /^\/status\/(\d{3})$/;

/** Every hostile route; `home` is what `/` does. */
function hostileHandler(home: Handler): Handler {
  return routeTable({ ...ROUTES, '/': home }, (req, res, url) => {
    const code = Number(STATUS_PATH.exec(url.pathname)?.[1]);
    if (code >= 200 && code <= 599) statusPage(code)(req, res, url);
    else sendHtml(res, 404, notice(BRAND, '页面不存在', '抱歉，您访问的页面不存在。'));
  });
}

const HOSTILE_HOME = html(shopPage(undefined, PRODUCTS, undefined, footer(HOSTILE_LINKS, LICENCE_LINES)));

export async function startHostileSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server = await listenLocal(hostileHandler(HOSTILE_HOME));
  return { url: server.url, close: server.close };
}

/** What scanning a hostile platform must end in: a captured homepage, or not-checked for this reason. */
export type HostileOutcome = 'captured' | NotCheckedReason;

export interface HostilePlatforms {
  platforms: PlatformRecord[];
  /** The acceptable outcomes of each platform's homepage. */
  outcomes: Record<string, readonly HostileOutcome[]>;
  close(): Promise<void>;
}

interface HostileHome {
  id: string;
  home: Handler;
  outcomes: readonly HostileOutcome[];
}

const HOMES: readonly HostileHome[] = [
  // An ordinary shop in the same roster, to show the others do not stop it being checked.
  { id: 'hostile-good', home: html(shopPage(undefined, PRODUCTS)), outcomes: ['captured'] },
  { id: 'hostile-never-ends', home: neverEnds, outcomes: ['timeout'] },
  { id: 'hostile-redirect-loop', home: (_req, res) => redirect(res, '/'), outcomes: ['redirect-loop'] },
  { id: 'hostile-huge', home: ROUTES['/huge'], outcomes: ['oversized'] },
  { id: 'hostile-dialogs', home: ROUTES['/dialogs'], outcomes: ['captured'] },
  { id: 'hostile-dialog-loop', home: DIALOG_LOOP, outcomes: ['dialog'] },
  { id: 'hostile-popup', home: ROUTES['/popup'], outcomes: ['captured'] },
  // Whether the hang shows as a capture timeout or the page's renderer being given up on depends on the crawler.
  { id: 'hostile-busy-script', home: ROUTES['/busy-script'], outcomes: ['timeout', 'browser-error'] },
  { id: 'hostile-500', home: statusPage(500), outcomes: ['http-error'] },
  { id: 'hostile-misdecoded', home: misdecoded, outcomes: ['undecodable-text'] },
  { id: 'hostile-meta-loop', home: refreshTo('/meta-loop'), outcomes: ['redirect-loop'] },
  { id: 'hostile-script-loop', home: scriptTo('/script-loop'), outcomes: ['redirect-loop'] },
  { id: 'hostile-429', home: statusPage(429), outcomes: ['blocked'] },
];

/** One server per hostile homepage, each on its own port, with the hostile routes behind it. */
export async function startHostilePlatforms(): Promise<HostilePlatforms> {
  const servers: LocalServer[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    for (const h of HOMES) servers.push(await listenLocal(hostileHandler(h.home)));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    platforms: HOMES.map((h, i) => ({
      id: h.id,
      name: PARTY.company,
      uscc: USCC,
      url: servers[i]!.url,
      platform: `${BRAND.name}（${h.id}）`,
      region: '330108',
      risk: 'general',
    })),
    outcomes: Object.fromEntries(HOMES.map((h) => [h.id, h.outcomes])),
    close,
  };
}
