// Family 2, 快购网: the search form's submit is taken over by script, which fetches
// /api/search?w=… and builds the result cards in the page (the URL becomes /search?w=…, whose
// served HTML holds no results either). Paid cards carry data-biz="ad" and an /api/click?ad_id=
// link; their tag is 广告, a faint 广告, only "AD", or nothing. No shop carries a registration
// mark, so seller-registration-mark is a violation here. Results offer no sort order at all
// (search-display violation), and product pages tick their 运费险 box by script after load, so
// only the live state shows it (tying violation); prohibited keywords find nothing. Its pages are
// built as a mobile-first app's are: the footer, with the operator's licence on every page, is a
// <div> of a hashed class, so only its repetition across pages tells it from a seller's licence.
import { sendHtml, sendJson } from '../http.js';
import { validUscc, withWrongCheckDigit } from '../sites.js';
import { clickRedirect, item, price, productHref, resultsPage, salesOf, searchFor, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '深圳快购网络科技有限公司';
const USCC = validUscc('91440300MA5G8T2K4');

const shops = {
  own: { path: '/store/kuaigou', name: '快购官方旗舰店', operator: true, company: COMPANY, uscc: USCC, truth: { registrationMark: 'none', licence: 'link' } },
  beauty: { path: '/store/meizhuang', name: '美妆优选旗舰店', operator: false, company: '广州美妆优选化妆品有限公司', uscc: validUscc('91440101MA9W4B6C3'), truth: { registrationMark: 'none', licence: 'text' } },
  farm: { path: '/store/nongjia', name: '山里农家土特产', operator: false, declaration: 'produce', truth: { registrationMark: 'none', licence: 'declaration' } },
  clearance: { path: '/store/haohuo', name: '好货清仓店', operator: false, company: '东莞好货贸易有限公司', truth: { registrationMark: 'none', licence: 'none' } },
  appliances: { path: '/store/dianqi', name: '电器城专营店', operator: false, company: '佛山电器城电器有限公司', uscc: withWrongCheckDigit(validUscc('91440604MA4UR7H9P')), truth: { registrationMark: 'none', licence: 'bad-checksum' } },
} satisfies Record<string, ShopDef>;

const items: ItemDef[] = [
  item('/goods/2101', '美妆优选 保湿面霜 50g', 129, shops.beauty, { paid: true, adLabel: 'visible' }),
  item('/goods/2102', '快购精选 超值装 当日达', 39.9, shops.own, { paid: true, adLabel: 'visible', selfOperatedMark: true }),
  item('/goods/2103', '电器城 多功能电饭煲 4L', 199, shops.appliances, { paid: true, adLabel: 'other-word' }),
  item('/goods/2104', '清仓特价 居家日用 组合装', 9.9, shops.clearance, { paid: true, adLabel: 'none' }),
  item('/goods/2105', '美妆优选 氨基酸洗面奶 120g', 59, shops.beauty, { paid: true, adLabel: 'weak' }),
  item('/goods/2106', '快购精选 品质好物 官方直供', 88, shops.own, { selfOperatedMark: true }),
  item('/goods/2107', '快购精选 家庭装 囤货优选', 66, shops.own),
  item('/goods/2108', '清仓 品牌尾货 正品折扣', 29, shops.clearance, { selfOperatedMark: true }),
  item('/goods/2109', '农家 土鸡蛋 30枚 散养', 45, shops.farm),
  item('/goods/2110', '电器城 电热水壶 1.7L 304不锈钢', 79, shops.appliances),
  item('/goods/2111', '美妆优选 防晒霜 SPF50', 99, shops.beauty),
];

interface CardTag {
  text: string;
  cls: string;
}

/** A result as the search API returns it: the page's script turns each into a card. */
interface ApiItem {
  sku: string;
  title: string;
  price: string;
  sales: string;
  url: string;
  biz: 'ad' | null;
  tags: CardTag[];
  shop: { name: string; url: string };
}

const AD_TAG: Record<ItemDef['adLabel'], CardTag | null> = {
  visible: { text: '广告', cls: 'tag' },
  weak: { text: '广告', cls: 'tag tag-faint' },
  hidden: { text: '广告', cls: 'tag tag-gone' },
  'other-word': { text: 'AD', cls: 'tag' },
  zone: null,
  none: null,
};

function apiItem(i: ItemDef, lead: string): ApiItem {
  const sku = i.path.slice(i.path.lastIndexOf('/') + 1);
  const adTag = i.paid ? AD_TAG[i.adLabel] : null;
  return {
    sku,
    title: titleOf(i, lead),
    price: price(i.price),
    sales: `${salesOf(i)}人付款`,
    url: i.paid ? `/api/click?ad_id=kg${sku}&target=${encodeURIComponent(productHref(i, lead))}` : productHref(i, lead),
    biz: i.paid ? 'ad' : null,
    tags: [...(adTag ? [adTag] : []), ...(i.selfOperatedMark ? [{ text: '自营', cls: 'tag tag-self' }] : [])],
    shop: { name: i.shop.name, url: i.shop.path },
  };
}

const STYLE = `
.goods-list{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:16px 0}
.goods{background:#fff;padding:10px;border-radius:6px}.goods .thumb{height:160px;font-size:32px;background:#eef3fb}
.goods-price{color:#c81623;font-size:18px;font-weight:700}.goods-name{height:44px;overflow:hidden}.goods-shop{font-size:12px;color:#999}
.goods .tag-faint{color:#bbb;border-color:#eee}.goods .tag-gone{visibility:hidden}
`;

// Runs on every page: the header's form is always handled here, and /search?w=… renders on load.
const SCRIPT = `(function () {
  var form = document.getElementById('search-form');
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { if (attrs[k] !== null) el.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { el.append(c); });
    return el;
  }
  function card(it) {
    return h('div', { 'class': 'goods', 'data-sku': it.sku, 'data-biz': it.biz }, [
      h('a', { 'class': 'goods-img', href: it.url }, [h('div', { 'class': 'thumb' }, [it.title.slice(0, 2)])]),
      h('div', { 'class': 'goods-price' }, [it.price]),
      h('div', { 'class': 'goods-name' }, it.tags.map(function (t) { return h('i', { 'class': t.cls }, [t.text]); }).concat([h('a', { href: it.url }, [it.title])])),
      h('div', { 'class': 'goods-shop' }, [h('span', {}, [it.sales]), ' ', h('a', { href: it.shop.url }, [it.shop.name])]),
    ]);
  }
  function render(data) {
    var main = document.querySelector('main');
    main.querySelectorAll('section, .loading').forEach(function (el) { el.remove(); });
    main.append(h('section', { 'class': 'search-result' }, [
      h('h2', {}, ['“' + data.w + '”的搜索结果，共 ' + data.total + ' 件']),
      h('div', { 'class': 'goods-list' }, data.items.map(card)),
    ]));
    document.title = data.w + ' - 商品搜索 - 快购网';
  }
  function search(w) {
    fetch('/api/search?w=' + encodeURIComponent(w)).then(function (r) { return r.json(); }).then(render);
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var w = form.elements.w.value.trim();
    if (!w) return;
    history.pushState(null, '', '/search?w=' + encodeURIComponent(w));
    search(w);
  });
  var initial = new URLSearchParams(location.search).get('w');
  if (location.pathname === '/search' && initial) {
    form.elements.w.value = initial;
    search(initial);
  }
})();`;

export const kuaigou: Family = {
  record: { id: 'kuaigou', name: COMPANY, uscc: USCC, platform: '快购网', region: '440300', risk: 'higher' },
  brand: { name: '快购网', tagline: '快人一步 好物到家', colour: '#ff5000' },
  party: { brand: '快购网', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited: [],
  site: { sortOptions: false, nonPersonalisedOption: false, addOn: 'pre-checked', absoluteClaim: false },
  search: `<form class="search" id="search-form" action="/search" method="get">
    <input type="text" name="w" placeholder="搜一搜 好物快到家" autocomplete="off">
    <button type="submit">搜索</button>
  </form>`,
  script: SCRIPT,
  style: STYLE,
  footerClass: 'c-8f3a2',
  words: { shopLink: '进店逛逛', licenceLink: '证照信息', registered: '已办理市场主体登记' },
  routes: {
    // The shell the script fills in: a plain fetch of /search?w=… sees no result.
    '/search': (_req, res) => sendHtml(res, 200, resultsPage(kuaigou, '', '<p class="loading">正在加载搜索结果…</p>')),
    '/api/search': (_req, res, url) => {
      const w = (url.searchParams.get('w') ?? '').trim();
      const found = w ? searchFor(kuaigou, w) : { items: [], lead: '' };
      const body = { w, total: found.items.length, items: found.items.map((i) => apiItem(i, found.lead)) };
      sendJson(res, 200, body);
    },
    '/api/click': clickRedirect('target'),
  },
};
