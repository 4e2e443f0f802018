// Family 8, 邻里生活: a local-services platform shaped like 大众点评 and 美团 (shared/realpages
// dianping/). Results list merchants, not goods: each card is headed by the merchant's name,
// which links to its page, with its rating, 人均 price and up to three 团购/代金券 deals, each a
// link to a deal page with its own price. The card is the listing: paid merchants carry
// data-midas-extends="module=5_ad_…" on their links and a 广告 tag that is plain, 8 px grey on
// grey as Dianping's, or missing. A deal page is a product page (price, 门市价, what the deal
// holds) naming its merchant after 商户：; a merchant page is a shop page, its licence behind a
// 商户资质 fold that opens on click, on a 商户资质 page one link away, not there at all, with a
// bad check digit, or a 家政 worker's declaration that he needs no registration. Every merchant
// carries the mark of its kind (seller-registration-mark compliant). The operator sells nothing
// itself. Results sort by 智能排序/离我最近/人气最高/评价最好/人均最低 and the privacy page has
// the 个性化推荐 switch (search-display compliant); deal pages tick a paid 退订保障服务 in their
// HTML (tying violation); a 长江野生 fish feast, one of a restaurant's deals, is found by its
// keyword (prohibited-listings needs-review); a card claims 全城最低价 (absolute-terms).
import { escapeHtml as esc } from '../../html.js';
import { sendHtml } from '../http.js';
import { validUscc, withWrongCheckDigit } from '../sites.js';
import { item, price, registrationMark, resultsPage, salesOf, searchFor, sellerInfo, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '成都邻里生活网络科技有限公司';
const USCC = validUscc('91510107MA6C3N8T2');

const shops = {
  hotpot: { path: '/shop/73001', name: '蜀香园老火锅(武侯祠店)', operator: false, company: '成都蜀香园餐饮管理有限公司', uscc: validUscc('91510107MA61R4K8X'), listing: { paid: true, adLabel: 'visible' }, truth: { registrationMark: 'registered', licence: 'link' } },
  gym: { path: '/shop/73002', name: '悦动健身工作室(玉林店)', operator: false, company: '成都悦动健身服务有限公司', uscc: validUscc('91510107MA62W7H3P'), listing: { paid: true, adLabel: 'weak' }, truth: { registrationMark: 'registered', licence: 'text' } },
  trotters: { path: '/shop/73003', name: '老妈蹄花(总府路店)', operator: false, company: '成都市锦江区老妈蹄花店', listing: { paid: true, adLabel: 'none' }, truth: { registrationMark: 'registered', licence: 'none' } },
  cleaning: { path: '/shop/73004', name: '小周家政保洁', operator: false, declaration: 'labour', truth: { registrationMark: 'unregistered', licence: 'declaration' } },
  nails: { path: '/shop/73005', name: '青柠美甲(春熙路店)', operator: false, company: '成都市锦江区青柠美甲店', uscc: withWrongCheckDigit(validUscc('92510104MA6D2K5L3')), truth: { registrationMark: 'registered', licence: 'bad-checksum' } },
  fish: { path: '/shop/73006', name: '江畔鱼庄(望江楼店)', operator: false, company: '成都江畔鱼庄餐饮有限公司', uscc: validUscc('91510107MA68B2J5Q'), truth: { registrationMark: 'registered', licence: 'text' } },
} satisfies Record<string, ShopDef>;

const items: ItemDef[] = [
  item('/deal/52001', '团购：仅售168元，价值236元双人麻辣锅底套餐', 168, shops.hotpot),
  item('/deal/52002', '代金券：仅售88元，价值100元全场通用代金券', 88, shops.hotpot),
  item('/deal/52003', '团购：仅售298元，价值420元四人聚餐 全城最低价', 298, shops.hotpot),
  item('/deal/52004', '团购：仅售99元，价值300元私教一对一体验课', 99, shops.gym),
  item('/deal/52005', '团购：仅售399元，价值680元月卡 不限次', 399, shops.gym),
  item('/deal/52006', '团购：仅售39元，价值52元招牌蹄花双人餐', 39, shops.trotters),
  item('/deal/52007', '团购：仅售129元，价值180元日常保洁3小时', 129, shops.cleaning),
  item('/deal/52008', '团购：仅售69元，价值128元纯色美甲 含卸甲', 69, shops.nails),
  item('/deal/52009', '团购：仅售128元，价值198元猫眼美甲', 128, shops.nails),
  item('/deal/52010', '团购：仅售158元，价值218元江团鱼火锅三人餐', 158, shops.fish),
];

const STYLE = `
.sort-bar{display:flex;gap:20px;background:#fff;margin:16px 0 0;padding:8px 16px;border-bottom:1px solid #eee}
.merchant-list{list-style:none;padding:0}.merchant{display:flex;gap:16px;background:#fff;padding:16px;border-bottom:1px solid #f0f0f0}
.merchant .thumb{width:120px;height:90px;font-size:28px;background:#fff1e6}.merchant h4{display:inline;margin:0;font-size:16px}
.merchant .stars{color:#f60}.merchant .tag-addr{font-size:12px;color:#999}
.deals{display:flex;flex-direction:column;gap:4px;margin-left:auto;width:320px;font-size:13px}.deals a{color:#333}
.ad-mini{background:#ddd;color:#a2a2a2;font-size:8px;margin-left:7px;padding:1px 4px}
.fold[aria-expanded=false]+.fold-body{display:none}.fold::after{content:' ▾'}
.menu{border-collapse:collapse}.menu th,.menu td{border:1px solid #eee;padding:4px 12px}
`;

const dealsOf = (s: ShopDef, from: readonly ItemDef[]) => from.filter((i) => i.shop === s);
const paidOf = (s: ShopDef) => s.listing?.paid ?? false;
const AD_TAG: Partial<Record<ItemDef['adLabel'], string>> = {
  visible: '<span class="tag">广告</span>',
  weak: '<span class="ad-mini">广告</span>',
};
/** Dianping's ad attribute: every link of a promoted card says which ad module it belongs to. */
const midas = (s: ShopDef, module: string) => (paidOf(s) ? ` data-midas-extends="module=5_ad_${module}"` : '');

function merchantCard(s: ShopDef, deals: readonly ItemDef[], lead: string): string {
  const rows = deals.map((d) => `<a href="${esc(d.path)}"${midas(s, 'kwdown')}>${esc(titleOf(d, lead))}</a>`).join('\n    ');
  return `<li class="merchant">
  <a class="pic" href="${esc(s.path)}"${midas(s, 'kwimg')}><div class="thumb">${esc(s.name.slice(0, 2))}</div></a>
  <div class="txt">
    <div class="tit"><a href="${esc(s.path)}"${midas(s, 'kwtitle')}><h4>${esc(s.name)}</h4></a>${paidOf(s) ? (AD_TAG[s.listing?.adLabel ?? 'none'] ?? '') : ''}</div>
    <div class="comment"><span class="stars">★★★★☆</span> <a href="${esc(s.path)}#comment">${(s.path.length * 317) % 4000}条点评</a> | <a href="${esc(s.path)}">人均 <b>${price(deals[0]?.price ?? 50)}</b></a></div>
    <div class="tag-addr"><span>武侯区</span> | <span class="addr">${esc(s.name.replace(/.*\((.*)\)$/, '$1'))}附近</span></div>
  </div>
  <div class="deals">
    ${rows}
  </div>
</li>`;
}

function results(keyword: string): string {
  const found = searchFor(linli, keyword);
  const merchants = linli.shops.filter((s) => found.items.some((i) => i.shop === s));
  const list = keyword ? merchants.map((s) => merchantCard(s, dealsOf(s, found.items), found.lead)).join('\n') : '';
  return `<div class="sort-bar"><a href="#">智能排序</a><a href="#">离我最近</a><a href="#">人气最高</a><a href="#">评价最好</a><a href="#">人均最低</a></div>
<p>${keyword ? `为您找到 ${merchants.length} 家“${esc(keyword)}”相关商户` : '请输入商户名、地点或团购'}</p>
<ul class="merchant-list">
${list}
</ul>`;
}

/** A deal page: what the deal holds, its terms, a paid 退订保障服务 ticked in the HTML, the merchant after 商户：. */
function dealPage(i: ItemDef, keyword: string): string {
  return `<section class="panel product">
<div class="thumb" style="background:#fff1e6">${esc(i.shop.name.slice(0, 2))}</div>
<div class="info">
<h1>${esc(titleOf(i, keyword))}</h1>
<p>仅售 <span class="price">${price(i.price)}</span>　门市价 <del>${price(Math.round(i.price * 1.4))}</del>　已售 ${esc(salesOf(i))}</p>
<p>随时退 · 过期自动退 · 免预约</p>
<table class="menu"><tr><th>内容</th><th>数量</th></tr><tr><td>${esc(i.name.replace(/^.*价值\d+元/, ''))}</td><td>1份</td></tr></table>
<p>有效期：购买后90天内有效；使用时间：10:00-22:00；不可与店内其他优惠同享</p>
<p class="addon"><label><input type="checkbox" checked> 退订保障服务 ¥1.50/单</label></p>
<div class="seller-box">商户：<a href="${esc(i.shop.path)}">${esc(i.shop.name)}</a>　适用门店 1 家</div>
</div>
</section>`;
}

/** The merchant's licence where its label puts it: a 商户资质 fold opened by click, a link, a declaration or nothing. */
function merchantLicence(s: ShopDef): string {
  switch (s.truth.licence) {
    case 'text':
      return `<button class="fold" aria-expanded="false">商户资质</button><div class="fold-body seller-licence"><p>企业名称：${esc(s.company ?? '')}</p><p>统一社会信用代码：${esc(s.uscc ?? '')}</p></div>`;
    case 'link':
      return `<p><a class="seller-licence" href="${esc(s.path)}${linli.words.licencePath}">${linli.words.licenceLink}</a></p>`;
    default:
      return sellerInfo(linli, s);
  }
}

const FOLD_SCRIPT = `document.querySelectorAll('.fold').forEach(function (b) {
  b.addEventListener('click', function () { b.setAttribute('aria-expanded', String(b.getAttribute('aria-expanded') !== 'true')); });
});`;

function merchantPage(s: ShopDef): string {
  const deals = dealsOf(s, linli.items);
  return `<section class="panel">
<div class="shop-head"><h1>${esc(s.name)}</h1>${registrationMark(linli, s)}</div>
<p class="score"><span>★★★★☆ 4.7</span><span>口味 4.8</span><span>环境 4.6</span><span>服务 4.7</span><span>人均 ${price(deals[0]?.price ?? 50)}</span></p>
<p>地址：成都市武侯区 ${esc(s.name.replace(/.*\((.*)\)$/, '$1'))}附近　营业时间：10:00-22:00</p>
${merchantLicence(s)}
</section>
<section class="floor"><h2>团购</h2><ul class="grid">
${deals.map((d) => `<li class="card"><a href="${esc(d.path)}">${esc(d.name)}</a><p><span class="price">${price(d.price)}</span></p></li>`).join('\n')}
</ul></section>
<script>${FOLD_SCRIPT}</script>`;
}

export const linli: Family = {
  record: { id: 'linli', name: COMPANY, uscc: USCC, platform: '邻里生活', region: '510107', risk: 'general' },
  brand: { name: '邻里生活', tagline: '吃喝玩乐 团购优惠', colour: '#ff6633' },
  party: { brand: '邻里生活', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited: [item('/deal/59001', '团购：仅售888元，价值1288元长江野生江鲜宴 刀鱼 鮰鱼', 888, shops.fish)],
  listsMerchants: true,
  site: { sortOptions: true, nonPersonalisedOption: true, addOn: 'pre-checked', absoluteClaim: true },
  style: STYLE,
  search: `<form class="search" action="/search" method="get">
    <input type="text" name="kw" placeholder="搜索商户、地点、团购" aria-label="搜索">
    <button type="submit">搜索</button>
  </form>`,
  words: { shopLink: '', licenceLink: '商户资质', licencePath: '/qualification', registered: '已办理市场主体登记' },
  pages: { product: dealPage, shop: merchantPage },
  routes: {
    '/search': (_req, res, url) => {
      const keyword = (url.searchParams.get('kw') ?? '').trim();
      sendHtml(res, 200, resultsPage(linli, keyword, results(keyword)));
    },
  },
};
