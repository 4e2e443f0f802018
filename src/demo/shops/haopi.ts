// Family 4, 好批网: a B2B wholesale platform shaped like 1688 (shared/realpages 1688/). Offers,
// not products: a price per piece, a minimum order (≥2件起批) and tiered prices; suppliers, not
// shops: each offer names its supplier company, and that name is the only link to the supplier's
// page (no 进入店铺). The operator sells nothing itself, so no offer is 自营 and none is marked.
// Paid offers (P4P) carry data-item-type="p4p" and no click redirect; their tag is 广告, a 7 px
// 广告, or none. A supplier's page shows its licence in one of three places: in a 工商信息 tab
// whose panel stays hidden until clicked, on a 公司档案 page one link away, or not at all; an
// individual craftsman declares he needs no registration. Companies carry the 已办理市场主体登记
// mark, the craftsman none: one kind only is marked (seller-registration-mark violation).
// Results sort by 综合/销量/起批量/价格 and offer a 不看个性化推荐 link beside the sort bar
// (search-display compliant); offer pages add
// 运输货损险 unticked with no notice that it is optional (tying needs-review); a listing of
// 氰化钠 slips through the keyword filter (prohibited-listings needs-review); and one title
// claims 全网最低价 (absolute-terms needs-review).
import { escapeHtml as esc } from '../../html.js';
import { sendHtml } from '../http.js';
import { validUscc, withWrongCheckDigit } from '../sites.js';
import { item, price, productHref, registrationMark, resultsPage, salesOf, searchFor, sellerInfo, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '义乌好批网络技术有限公司';
const USCC = validUscc('91330782MA2KD6T3X');

const shops = {
  snacks: { path: '/company/luwei', name: '临沂鲁味食品有限公司', operator: false, company: '临沂鲁味食品有限公司', uscc: validUscc('91371300MA3C7K2P4'), truth: { registrationMark: 'registered', licence: 'text' } },
  cables: { path: '/company/xunlian', name: '深圳讯联电子有限公司', operator: false, company: '深圳讯联电子有限公司', uscc: validUscc('91440300MA5F2R8L6'), truth: { registrationMark: 'registered', licence: 'link' } },
  toys: { path: '/company/letong', name: '汕头澄海乐童玩具厂', operator: false, company: '汕头市澄海区乐童玩具厂', truth: { registrationMark: 'registered', licence: 'none' } },
  packing: { path: '/company/jiebao', name: '义乌捷包包装材料商行', operator: false, company: '义乌市捷包包装材料商行', uscc: withWrongCheckDigit(validUscc('92330782MA2E4H7N1')), truth: { registrationMark: 'registered', licence: 'bad-checksum' } },
  bamboo: { path: '/company/zhubian', name: '安吉老张竹编', operator: false, declaration: 'handicraft', truth: { registrationMark: 'none', licence: 'declaration' } },
} satisfies Record<string, ShopDef>;

const items: ItemDef[] = [
  item('/offer/61001.html', '鲁味 香辣豆干 散装称重 500g', 6.8, shops.snacks, { paid: true, adLabel: 'visible' }),
  item('/offer/61002.html', '讯联 Type-C 数据线 1米 快充 工厂直销', 1.35, shops.cables, { paid: true, adLabel: 'weak' }),
  item('/offer/61003.html', '乐童 儿童积木 100粒 桶装', 12.5, shops.toys, { paid: true, adLabel: 'none' }),
  item('/offer/61004.html', '讯联 全网最低价 苹果 数据线 批发', 2.1, shops.cables),
  item('/offer/61005.html', '鲁味 卤蛋 真空小包装 整箱', 0.65, shops.snacks),
  item('/offer/61006.html', '捷包 快递 气泡袋 加厚 防震', 0.18, shops.packing),
  item('/offer/61007.html', '捷包 纸箱 三层 特硬 定制', 0.9, shops.packing),
  item('/offer/61008.html', '乐童 毛绒 公仔 抓机 娃娃', 3.8, shops.toys),
  item('/offer/61009.html', '手工 竹编 收纳筐 民宿 摆件', 15, shops.bamboo),
];

/** Minimum order and the tiered prices of an offer: the unit price falls with the quantity. */
const moq = (i: ItemDef) => (i.price < 1 ? 1000 : i.price < 5 ? 100 : 2);
const tiers = (i: ItemDef) => [
  [`≥${moq(i)}`, i.price],
  [`≥${moq(i) * 10}`, i.price * 0.92],
  [`≥${moq(i) * 100}`, i.price * 0.85],
] as const;

const STYLE = `
.offer-list{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:12px 0}
.offer-card{background:#fff;padding:12px;border:1px solid #eee}.offer-card .thumb{height:150px;font-size:30px;background:#fff3e8}
.offer-price{color:#ff5000;font-size:18px;font-weight:700}.offer-moq,.offer-company{font-size:12px;color:#666}
.badge-cxt{display:inline-block;padding:0 4px;margin-right:4px;background:#ff7300;color:#fff;font-size:12px}
.badge-sl{display:inline-block;padding:0 4px;border:1px solid #1a73e8;color:#1a73e8;font-size:12px}
.tag-ad-mini{font-size:7px;line-height:9px;padding:0 2px}
.sort-bar{display:flex;gap:20px;background:#fff;margin:16px 0 0;padding:8px 16px;border-bottom:1px solid #eee}.sort-bar .np{margin-left:auto;color:#666}
.tiers{border-collapse:collapse}.tiers th,.tiers td{border:1px solid #eee;padding:6px 12px}
.supplier-tabs{display:flex;gap:24px;border-bottom:2px solid #ff7300;margin:12px 0}.supplier-tabs [role=tab]{cursor:pointer;padding:6px 0}
.tab-panel[hidden]{display:none}
`;

const AD_TAG: Record<ItemDef['adLabel'], string> = {
  visible: '<span class="tag">广告</span>',
  weak: '<span class="tag tag-ad-mini">广告</span>',
  hidden: '',
  'other-word': '',
  zone: '',
  none: '',
};

const years = (s: ShopDef) => (s.path.length % 7) + 3;

function badges(s: ShopDef): string {
  return s.company ? `<span class="badge-cxt">诚信通${years(s)}年</span><span class="badge-sl">实力商家</span>` : '<span class="badge-sl">个人</span>';
}

function offerCard(i: ItemDef, lead: string): string {
  const href = productHref(i, lead);
  return `<div class="offer-card" data-item-type="${i.paid ? 'p4p' : 'normal'}" data-offer-id="${i.path.replace(/\D/g, '')}">
  <a class="img" href="${esc(href)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div></a>
  <div class="offer-title">${i.paid ? AD_TAG[i.adLabel] : ''}<a href="${esc(href)}">${esc(titleOf(i, lead))}</a></div>
  <div class="offer-price">${price(i.price)}</div>
  <div class="offer-moq">≥${moq(i)}件起批　已售 ${esc(salesOf(i))} 件</div>
  <div class="offer-company"><a href="${esc(i.shop.path)}">${esc(i.shop.name)}</a></div>
  <div>${badges(i.shop)}</div>
</div>`;
}

function results(keyword: string): string {
  const found = searchFor(haopi, keyword);
  const list = keyword ? found.items.map((i) => offerCard(i, found.lead)).join('\n') : '';
  const np = `<a class="np" href="/offer_search.htm?keywords=${encodeURIComponent(keyword)}&personal=0">不看个性化推荐</a>`;
  return `<div class="sort-bar"><a href="#">综合</a><a href="#">销量</a><a href="#">起批量</a><a href="#">价格</a>${np}</div>
<p>${keyword ? `找到 ${found.items.length} 条“${esc(keyword)}”相关货源` : '请输入货源关键词'}</p>
<div class="offer-list">
${list}
</div>`;
}

/** An offer page: tiered prices, the minimum order, 运输货损险 offered with no notice, the supplier by name only. */
function offerPage(i: ItemDef, keyword: string): string {
  const rows = tiers(i).map(([q, p]) => `<tr><td>${esc(q)}件</td><td class="price">${price(p)}</td></tr>`).join('');
  return `<section class="panel product">
<div class="thumb" style="background:#fff3e8">${esc(i.name.slice(0, 2))}</div>
<div class="info">
<h1>${esc(titleOf(i, keyword))}</h1>
<table class="tiers"><tr><th>起批量</th><th>价格</th></tr>${rows}</table>
<p>发货地：浙江 金华　48小时发货　支持混批　已售 ${esc(salesOf(i))} 件</p>
<p class="addon"><label><input type="checkbox"> 运输货损险 ¥2.00/单</label></p>
<div class="seller-box">供应商：<a class="company-name" href="${esc(i.shop.path)}">${esc(i.shop.name)}</a>　${badges(i.shop)}</div>
</div>
</section>`;
}

/** The supplier's licence where its label puts it: a hidden 工商信息 tab panel, a 公司档案 link, a declaration, or nothing. */
function supplierLicence(s: ShopDef): { tab: string; panel: string; visible: string } {
  const fields = `<p>企业名称：${esc(s.company ?? '')}</p><p>统一社会信用代码：${esc(s.uscc ?? '')}</p><p>登记机关：市场监督管理局</p>`;
  switch (s.truth.licence) {
    case 'text':
    case 'bad-checksum':
      return { tab: '<span role="tab" data-panel="gongshang">工商信息</span>', panel: `<div class="tab-panel seller-licence" id="gongshang" hidden>${fields}</div>`, visible: '' };
    case 'link':
      return { tab: `<a class="seller-licence" href="${esc(s.path)}${haopi.words.licencePath}">${haopi.words.licenceLink}</a>`, panel: '', visible: '' };
    case 'declaration':
    case 'paraphrased':
      return { tab: '', panel: '', visible: sellerInfo(haopi, s) };
    case 'none':
      return { tab: '', panel: '', visible: '' };
  }
}

const TAB_SCRIPT = `document.querySelectorAll('[role=tab][data-panel]').forEach(function (t) {
  t.addEventListener('click', function () { document.getElementById(t.dataset.panel).hidden = false; t.setAttribute('aria-selected', 'true'); });
});`;

function supplierPage(s: ShopDef): string {
  const offers = haopi.items.filter((i) => i.shop === s);
  const licence = supplierLicence(s);
  return `<section class="panel">
<div class="shop-head"><h1>${esc(s.name)}</h1>${registrationMark(haopi, s)}</div>
<p>${badges(s)}　经营模式：${s.company ? '生产厂家' : '个人手工'}　所在地区：${s.company ? '广东' : '浙江 湖州'}</p>
${licence.visible}
<nav class="supplier-tabs"><a href="${esc(s.path)}">供应商首页</a><a href="${esc(s.path)}">全部货源</a>${licence.tab}</nav>
${licence.panel}
</section>
<section class="floor"><h2>主营货源</h2><div class="offer-list">
${offers.map((i) => `<div class="offer-card"><a href="${esc(i.path)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div>${esc(i.name)}</a><div class="offer-price">${price(i.price)}</div><div class="offer-moq">≥${moq(i)}件起批</div></div>`).join('\n')}
</div></section>
<script>${TAB_SCRIPT}</script>`;
}

export const haopi: Family = {
  record: { id: 'haopi', name: COMPANY, uscc: USCC, platform: '好批网', region: '330782', risk: 'general' },
  brand: { name: '好批网', tagline: '源头厂货 一件起批', colour: '#ff7300' },
  party: { brand: '好批网', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited: [item('/offer/69001.html', '工业级 氰化钠 98% 25kg/袋 现货', 16, shops.packing)],
  site: { sortOptions: true, nonPersonalisedOption: true, addOn: 'unchecked-without-notice', absoluteClaim: true },
  nonPersonalisedAt: 'results',
  style: STYLE,
  search: `<form class="search" action="/offer_search.htm" method="get">
    <input type="text" name="keywords" placeholder="搜索货源、供应商" aria-label="搜索">
    <button type="submit">找货源</button>
  </form>`,
  words: { shopLink: '', licenceLink: '公司档案', licencePath: '/creditdetail.htm', registered: '已办理市场主体登记' },
  pages: { product: offerPage, shop: supplierPage },
  routes: {
    '/offer_search.htm': (_req, res, url) => {
      const keyword = (url.searchParams.get('keywords') ?? '').trim();
      sendHtml(res, 200, resultsPage(haopi, keyword, results(keyword)));
    },
  },
};
