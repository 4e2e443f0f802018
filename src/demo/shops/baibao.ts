// Family 3, 百宝街: a search box with no form, whose button (or Enter) sets location.href to
// /s?q=…; the server-rendered results page has a top zone headed by one 广告 over its paid
// items, the natural results, and a right rail headed only 掌柜热卖 whose items go through an
// /ad/click redirect. The 自营 mark is an icon (alt text). Enterprise shops show a visible 企业
// mark, individuals a 未办理市场主体登记 mark hidden by CSS: seller-registration-mark is
// needs-review here. Results sort by 销量, 信用 and 价格 but no page offers results free of
// personal characteristics (search-display needs-review); product pages offer 延长保修 unticked
// without a notice (tying needs-review); and a 仿制军服 listing slips through the keyword filter
// (prohibited-listings needs-review).
import { escapeHtml as esc } from '../../html.js';
import { sendHtml } from '../http.js';
import { validUscc } from '../sites.js';
import { clickRedirect, item, price, productHref, resultsPage, salesOf, searchFor, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '杭州百宝街电子商务有限公司';
const USCC = validUscc('91330106MA2J7Y4Q8');

const shops = {
  own: { path: '/seller/8000', name: '百宝官方店', operator: true, company: COMPANY, uscc: USCC, truth: { registrationMark: 'registered', licence: 'link' } },
  silk: { path: '/seller/8101', name: '江南丝绸旗舰店', operator: false, company: '苏州江南丝绸有限公司', uscc: validUscc('91320508MA1Q6E2F7'), truth: { registrationMark: 'registered', licence: 'link' } },
  crafts: { path: '/seller/8102', name: '竹编小哥', operator: false, declaration: 'handicraft', truth: { registrationMark: 'hidden', licence: 'declaration' } },
  farm: { path: '/seller/8103', name: '老王农场', operator: false, truth: { registrationMark: 'hidden', licence: 'paraphrased' } },
  flash: { path: '/seller/8104', name: '闪电数码', operator: false, company: '深圳闪电数码科技有限公司', truth: { registrationMark: 'registered', licence: 'none' } },
  living: { path: '/seller/8105', name: '品质生活馆', operator: false, company: '上海品质生活家居有限公司', uscc: validUscc('91310115MA1K4N8R2'), truth: { registrationMark: 'registered', licence: 'text' } },
} satisfies Record<string, ShopDef>;

const items: ItemDef[] = [
  item('/detail/3101.htm', '江南丝绸 真丝围巾 桑蚕丝', 268, shops.silk, { paid: true, adLabel: 'zone' }),
  item('/detail/3102.htm', '百宝精选 超值组合 官方直发', 79, shops.own, { paid: true, adLabel: 'zone', selfOperatedMark: true }),
  item('/detail/3103.htm', '品质生活 纯棉毛巾 5条装', 49, shops.living, { paid: true, adLabel: 'zone' }),
  item('/detail/3201.htm', '百宝精选 品质之选 次日达', 128, shops.own, { selfOperatedMark: true }),
  item('/detail/3202.htm', '品质生活 竹纤维 浴巾 2条装', 59, shops.living, { selfOperatedMark: true }),
  item('/detail/3203.htm', '江南丝绸 真丝枕套 一对装', 198, shops.silk),
  item('/detail/3204.htm', '手工竹编 果篮 收纳筐', 35, shops.crafts),
  item('/detail/3205.htm', '品质生活 记忆棉枕头', 89, shops.living),
  item('/detail/3206.htm', '农场 自种 红薯 5斤装', 19.8, shops.farm),
  item('/detail/3301.htm', '闪电 蓝牙音箱 便携防水', 69, shops.flash, { paid: true }),
  item('/detail/3302.htm', '农场 散养 土鸡 整只', 88, shops.farm, { paid: true }),
  item('/detail/3303.htm', '竹编 茶盘 手工 原竹', 56, shops.crafts, { paid: true }),
];

/** 36×16 red 自营 icon. */
const SELF_ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="36" height="16"><rect width="36" height="16" rx="2" fill="#ff0036"/><text x="18" y="12" font-size="11" fill="#fff" text-anchor="middle">自营</text></svg>')}`;

const STYLE = `
.s-layout{display:flex;gap:16px;margin-top:16px}.s-main{flex:1}
.ad-zone,.natural,.rail{background:#fff;border-radius:6px;padding:12px;margin-bottom:16px}
.zone-head{margin:0 0 8px;font-size:14px;color:#666;font-weight:400}
.ad-row,.rail-list{list-style:none;margin:0;padding:0;display:flex;gap:12px}.rail-list{flex-direction:column}
.ad-card,.rail-card{flex:1}.rail{width:220px}
.item-list{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}
.thumb{height:140px;font-size:28px;background:#fdf0e6}.rail .thumb{height:100px}
.self-icon{vertical-align:middle;margin-left:6px}
.deal{margin-left:8px;font-size:12px;color:#999}
`;

/** A card: picture, price, title and shop; paid cards' links go through the ad click redirect. */
function card(tag: 'li' | 'div', cls: string, i: ItemDef, lead: string): string {
  const href = i.paid ? `/ad/click?pos=${i.adLabel === 'zone' ? 'top' : 'rail'}&url=${encodeURIComponent(productHref(i, lead))}` : productHref(i, lead);
  return `<${tag} class="${cls}">
  <a class="pic" href="${esc(href)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div></a>
  <div class="price-row"><strong class="price">${price(i.price)}</strong><span class="deal">${esc(salesOf(i))}人付款</span></div>
  <a class="title" href="${esc(href)}">${esc(titleOf(i, lead))}</a>
  <div class="shop-row"><a href="${esc(i.shop.path)}">${esc(i.shop.name)}</a>${i.selfOperatedMark ? `<img class="self-icon" src="${SELF_ICON}" alt="百宝自营" width="36" height="16">` : ''}</div>
</${tag}>`;
}

function results(keyword: string): string {
  if (!keyword) return '<section class="natural"><p>请输入要搜索的宝贝</p></section>';
  const { items: found, lead } = searchFor(baibao, keyword);
  const top = found.filter((i) => i.paid && i.adLabel === 'zone');
  const rail = found.filter((i) => i.paid && i.adLabel !== 'zone');
  const natural = found.filter((i) => !i.paid);
  const sorts = baibao.site.sortOptions ? '<a href="#">综合</a>　<a href="#">销量</a>　<a href="#">信用</a>　<a href="#">价格</a>　' : '';
  return `<div class="s-layout">
<div class="s-main">
<section class="ad-zone"><h3 class="zone-head">广告</h3>
<ul class="ad-row">${top.map((i) => card('li', 'ad-card', i, lead)).join('\n')}</ul>
</section>
<section class="natural"><div class="sort-bar">${sorts}<span>找到“${esc(keyword)}”相关宝贝 ${natural.length} 件</span></div>
<div class="item-list">${natural.map((i) => card('div', 'item', i, lead)).join('\n')}</div>
</section>
</div>
<aside class="rail"><h3 class="zone-head">掌柜热卖</h3>
<ul class="rail-list">${rail.map((i) => card('li', 'rail-card', i, lead)).join('\n')}</ul>
</aside>
</div>`;
}

const SCRIPT = `(function () {
  var box = document.getElementById('q');
  function go() {
    var q = box.value.trim();
    if (q) location.href = '/s?q=' + encodeURIComponent(q);
  }
  document.getElementById('go').addEventListener('click', go);
  box.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
})();`;

export const baibao: Family = {
  record: { id: 'baibao', name: COMPANY, uscc: USCC, platform: '百宝街', region: '330106', risk: 'general' },
  brand: { name: '百宝街', tagline: '淘好物 上百宝街', colour: '#ff0036' },
  party: { brand: '百宝街', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited: [item('/detail/3901.htm', '仿制 军服 作训服 迷彩套装', 158, shops.flash)],
  site: { sortOptions: true, nonPersonalisedOption: false, addOn: 'unchecked-without-notice', absoluteClaim: false },
  style: STYLE,
  search: `<div class="search">
    <input id="q" type="text" placeholder="搜索宝贝" autocomplete="off">
    <button type="button" id="go">搜索</button>
  </div>`,
  script: SCRIPT,
  words: { shopLink: '店铺首页', licenceLink: '亮照', registered: '企业' },
  routes: {
    '/s': (_req, res, url) => {
      const keyword = (url.searchParams.get('q') ?? '').trim();
      sendHtml(res, 200, resultsPage(baibao, keyword, results(keyword)));
    },
    '/ad/click': clickRedirect('url'),
  },
};
