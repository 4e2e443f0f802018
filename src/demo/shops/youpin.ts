// Family 1, 优品汇: a plain GET search form (/search?keyword=), results rendered by the server as a
// <ul><li> list. Paid results go through a /click?adid= redirect and carry data-adid; their 广告
// tag is visible, only 推广, hidden by a stylesheet rule, or 7 px. Every shop carries its
// registration mark, so seller-registration-mark is compliant here. Results can be sorted by
// 销量, 价格 and 信用, and the privacy page carries a 个性化推荐 switch (search-display compliant);
// the 运费险 offered on product pages is unticked with a notice (tying compliant); prohibited
// keywords find nothing.
import { escapeHtml as esc } from '../../html.js';
import { sendHtml } from '../http.js';
import { validUscc, withWrongCheckDigit } from '../sites.js';
import { clickRedirect, item, price, productHref, resultsPage, salesOf, searchFor, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '杭州优品汇电子商务有限公司';
const USCC = validUscc('91330110MA2H3K5L7');

const shops = {
  own: { path: '/shop/1000', name: '优品汇官方旗舰店', operator: true, company: COMPANY, uscc: USCC, truth: { registrationMark: 'registered', licence: 'link' } },
  dairy: { path: '/shop/1021', name: '鲜牛乳业旗舰店', operator: false, company: '杭州鲜牛乳业有限公司', uscc: validUscc('91330104MA27WQ3N5'), truth: { registrationMark: 'registered', licence: 'text' } },
  paper: { path: '/shop/1022', name: '洁柔家居专营店', operator: false, company: '宁波洁柔家居用品有限公司', uscc: validUscc('91330203MA2AH7R4X'), truth: { registrationMark: 'registered', licence: 'link' } },
  granny: { path: '/shop/1023', name: '阿婆手作小铺', operator: false, declaration: 'petty', truth: { registrationMark: 'unregistered', licence: 'declaration' } },
  gadgets: { path: '/shop/1024', name: '潮玩数码店', operator: false, company: '义乌潮玩电子商行有限公司', truth: { registrationMark: 'registered', licence: 'none' } },
  corner: { path: '/shop/1025', name: '老街杂货铺', operator: false, truth: { registrationMark: 'unregistered', licence: 'paraphrased' } },
  xinda: { path: '/shop/1026', name: '鑫达电子商行', operator: false, company: '温州鑫达电子有限公司', uscc: withWrongCheckDigit(validUscc('91330302MA2CK8P6U')), truth: { registrationMark: 'registered', licence: 'bad-checksum' } },
} satisfies Record<string, ShopDef>;

const items: ItemDef[] = [
  item('/item/1101.html', '鲜牛 顶级 纯牛奶 250ml×24盒 整箱', 69.9, shops.dairy, { paid: true, adLabel: 'visible' }),
  item('/item/1102.html', '优品汇严选 家庭囤货装 次日达', 49.9, shops.own, { paid: true, adLabel: 'visible', selfOperatedMark: true }),
  item('/item/1103.html', '洁柔 抽纸 3层120抽×24包', 45.8, shops.paper, { paid: true, adLabel: 'other-word' }),
  item('/item/1104.html', '潮玩 无线蓝牙耳机 降噪长续航', 129, shops.gadgets, { paid: true, adLabel: 'hidden' }),
  item('/item/1105.html', '鑫达 65W 快充充电器 氮化镓', 89, shops.xinda, { paid: true, adLabel: 'weak' }),
  item('/item/1106.html', '优品汇严选 大容量 官方正品', 99, shops.own, { selfOperatedMark: true }),
  item('/item/1107.html', '优品汇严选 经典款 限时特惠', 59, shops.own),
  item('/item/1108.html', '洁柔 湿厕纸 40片×6包', 32.9, shops.paper, { selfOperatedMark: true }),
  item('/item/1109.html', '手工编织 收纳篮 田园风', 38, shops.granny),
  item('/item/1110.html', '二手 闲置 九成新 便宜出', 15, shops.corner),
  item('/item/1111.html', '鲜牛 高钙早餐奶 200ml×12', 39.9, shops.dairy),
  item('/item/1112.html', '潮玩 手机支架 桌面懒人款', 19.9, shops.gadgets),
];

const STYLE = `
.result-list{list-style:none;margin:0;padding:0;background:#fff}
.result-item{display:flex;gap:16px;align-items:center;padding:12px 16px;border-bottom:1px solid #eee}
.result-item .thumb{width:96px;height:96px;font-size:24px;background:#f6efe6}
.result-item .body{flex:1}.result-item .title{font-size:15px}.result-item .meta{font-size:12px;color:#999}
.tag-ad-off{display:none}
.tag-ad-mini{font-size:7px;line-height:9px;padding:0 2px}
.sort-bar{background:#fff;margin:16px 0 0;padding:8px 16px;border-bottom:1px solid #eee}.sort-bar a{margin-right:24px}
`;

const AD_TAG: Record<ItemDef['adLabel'], string> = {
  visible: '<span class="tag tag-ad">广告</span>',
  weak: '<span class="tag tag-ad tag-ad-mini">广告</span>',
  hidden: '<span class="tag tag-ad tag-ad-off">广告</span>',
  'other-word': '<span class="tag tag-promo">推广</span>',
  zone: '',
  none: '',
};

function resultItem(i: ItemDef, lead: string): string {
  const id = i.path.replace(/\D/g, '');
  const href = i.paid ? `/click?adid=yp${id}&url=${encodeURIComponent(productHref(i, lead))}` : productHref(i, lead);
  return `<li class="result-item"${i.paid ? ` data-adid="yp${id}"` : ''}>
  <a class="pic" href="${esc(href)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div></a>
  <div class="body">
    <p class="title">${i.selfOperatedMark ? '<span class="tag tag-self">自营</span>' : ''}${i.paid ? AD_TAG[i.adLabel] : ''}<a href="${esc(href)}">${esc(titleOf(i, lead))}</a></p>
    <p><span class="price">${price(i.price)}</span></p>
    <p class="meta">已售${esc(salesOf(i))}　<a href="${esc(i.shop.path)}">${esc(i.shop.name)}</a></p>
  </div>
</li>`;
}

function results(keyword: string): string {
  const found = searchFor(youpin, keyword);
  const list = keyword ? found.items.map((i) => resultItem(i, found.lead)).join('\n') : '';
  const sorts = youpin.site.sortOptions ? '<a href="#">综合排序</a><a href="#">销量</a><a href="#">价格</a><a href="#">信用</a>' : '';
  return `<div class="sort-bar">${sorts}<span>${keyword ? `“${esc(keyword)}”共 ${found.items.length} 件商品` : '请输入关键词'}</span></div>
<ul class="result-list">
${list}
</ul>`;
}

export const youpin: Family = {
  record: { id: 'youpin', name: COMPANY, uscc: USCC, platform: '优品汇', region: '330110', risk: 'general' },
  brand: { name: '优品汇', tagline: '好物严选 放心购', colour: '#c81623' },
  party: { brand: '优品汇', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited: [],
  site: { sortOptions: true, nonPersonalisedOption: true, addOn: 'unchecked-with-notice', absoluteClaim: true },
  style: STYLE,
  search: `<form class="search" action="/search" method="get" role="search">
    <input type="text" name="keyword" placeholder="搜索商品" aria-label="搜索">
    <button type="submit">搜索</button>
  </form>`,
  words: { shopLink: '进入店铺', licenceLink: '营业执照', registered: '已办理市场主体登记' },
  routes: {
    '/search': (_req, res, url) => {
      const keyword = (url.searchParams.get('keyword') ?? '').trim();
      sendHtml(res, 200, resultsPage(youpin, keyword, results(keyword)));
    },
    '/click': clickRedirect('url'),
  },
};
