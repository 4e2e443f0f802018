// A one-platform shop for the nightly tests whose paid results' labels the test changes between
// runs: a GET search form on the homepage, results rendered on the server, paid results behind a
// /click?adid= redirect. Each paid result's tag is 广告 (compliant), 推广 (violation) or none
// (violation).
import { escapeHtml as esc } from '../../src/html.js';
import { listenLocal, redirect, sendHtml, type LocalServer } from '../../src/demo/http.js';

export type Tag = '广告' | '推广' | '';

export interface NightlySite extends LocalServer {
  /** Paid result id → its tag, read on every request. */
  tags: Record<string, Tag>;
  /** Every page answers 503 while true. */
  down: boolean;
  /** The subject of a paid result's ad-label finding. */
  resultUrl(id: string): string;
}

const ORGANIC = [
  { id: '201', title: '鲜牛 纯牛奶 250ml×24盒', price: '69.90' },
  { id: '202', title: '洁柔 抽纸 3层120抽×24包', price: '45.80' },
  { id: '203', title: '潮玩 手机支架 桌面懒人款', price: '19.90' },
];

const TITLES: Record<string, string> = { '101': '优选 无线蓝牙耳机 降噪', '102': '优选 65W 快充充电器', '103': '优选 <img src=x onerror=alert(1)> 移动电源' };
// 103's title is hostile markup, shown as text by the shop: the report must show it as text too.

const layout = (title: string, main: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px sans-serif;margin:0}header,main{padding:12px 24px}.tag{border:1px solid #c00;color:#c00;font-size:12px;padding:0 4px;margin-right:6px}
li{display:flex;gap:12px;padding:12px;border-bottom:1px solid #eee}.price{color:#c00}</style></head>
<body><header><h1>夜巡商城</h1><form action="/search" method="get"><input name="keyword" placeholder="搜索商品"><button type="submit">搜索</button></form></header><main>${main}</main></body></html>`;

export async function startNightlySite(tags: Record<string, Tag>): Promise<NightlySite> {
  const state = { tags, down: false };
  const server = await listenLocal((_req, res, url) => {
    if (state.down) return sendHtml(res, 503, layout('503', '<p>系统维护中</p>'));
    if (url.pathname === '/') return sendHtml(res, 200, layout('夜巡商城', '<p>欢迎光临夜巡商城。</p>'));
    if (url.pathname === '/click') return redirect(res, url.searchParams.get('url') ?? '/');
    if (url.pathname.startsWith('/item/')) return sendHtml(res, 200, layout('商品', `<h2>商品 ${esc(url.pathname)}</h2><p class="price">¥99.00</p>`));
    if (url.pathname === '/search') {
      const keyword = url.searchParams.get('keyword') ?? '';
      const paid = Object.keys(state.tags).map((id) => {
        const tag = state.tags[id]!;
        const href = `/click?adid=nx${id}&url=${encodeURIComponent(`/item/${id}.html`)}`;
        return `<li data-adid="nx${id}"><p class="title">${tag ? `<span class="tag">${tag}</span>` : ''}<a href="${esc(href)}">${esc(`${keyword} ${TITLES[id] ?? id}`)}</a></p><span class="price">¥${id}.00</span></li>`;
      });
      const organic = ORGANIC.map((o) => `<li><p class="title"><a href="/item/${o.id}.html">${esc(`${keyword} ${o.title}`)}</a></p><span class="price">¥${o.price}</span></li>`);
      return sendHtml(res, 200, layout(`${keyword} - 搜索`, `<p>“${esc(keyword)}”的搜索结果</p><ul>${[...paid, ...organic].join('\n')}</ul>`));
    }
    sendHtml(res, 404, layout('404', '<p>页面不存在</p>'));
  });
  return {
    ...server,
    get tags() {
      return state.tags;
    },
    set tags(next: Record<string, Tag>) {
      state.tags = next;
    },
    get down() {
      return state.down;
    },
    set down(next: boolean) {
      state.down = next;
    },
    resultUrl: (id: string) => `${server.url}click?adid=nx${id}&url=${encodeURIComponent(`/item/${id}.html`)}`,
  };
}
