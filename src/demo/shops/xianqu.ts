// Family 5, 闲趣: a C2C second-hand platform built as a single-page app (shaped like 闲鱼 and 转转).
// The server sends one shell; everything else is a hash route its script renders: #/search?q=…
// (results built in the browser from a JSON API, four at a time, the rest behind 加载更多),
// #/item/… (an item page) and #/user/… (the seller's page). The search box has no <form>: Enter or
// its button sets the hash. Sellers are mostly individuals known by a nickname, linked after
// 卖家：; one is a registered 个体工商户. Individuals declare (or paraphrase, or omit) that they
// need no registration; the pages mark 已办理/未办理市场主体登记, except one seller with no mark
// at all (seller-registration-mark violation). Promoted cards carry data-card-type="ad" and a
// 广告, a 推广 or no label; two of them sit behind 加载更多. The operator sells nothing itself.
// Results sort by 综合/最新发布/价格/距离 with no non-personalised option (search-display
// needs-review); item pages tick a paid 验货宝 inspection by default (tying violation); a 象牙
// listing the filter demoted comes last, behind two clicks of 加载更多 (prohibited-listings).
import { escapeHtml as esc } from '../../html.js';
import { sendJson } from '../http.js';
import { validUscc } from '../sites.js';
import { item, price, productHref, registrationMark, searchFor, sellerInfo, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '宁波闲趣网络科技有限公司';
const USCC = validUscc('91330203MA2KX3Q7P');
/** Cards a results request returns: the rest wait for 加载更多. */
const PAGE_SIZE = 4;

const sellers = {
  xiaowang: { path: '/#/user/u1001', name: '数码小王', operator: false, declaration: 'petty', truth: { registrationMark: 'unregistered', licence: 'declaration' } },
  amay: { path: '/#/user/u1002', name: '爱折腾的阿May', operator: false, truth: { registrationMark: 'unregistered', licence: 'paraphrased' } },
  laozhou: {
    path: '/#/user/u1003',
    name: '老周数码回收',
    operator: false,
    company: '深圳市福田区老周数码商行',
    uscc: validUscc('92440304MA5H3J6K1'),
    truth: { registrationMark: 'registered', licence: 'text' },
  },
  qingcang: { path: '/#/user/u1004', name: '搬家清仓中', operator: false, truth: { registrationMark: 'none', licence: 'none' } },
} satisfies Record<string, ShopDef>;

const items: ItemDef[] = [
  item('/#/item/71001', 'iPhone 13 128G 国行 自用 95新', 2650, sellers.xiaowang, { paid: true, adLabel: 'visible' }),
  item('/#/item/71002', '小米 充电宝 10000mAh 九成新', 45, sellers.amay, { paid: true, adLabel: 'other-word' }),
  item('/#/item/71003', '华为 MatePad 平板 已验机 在保', 1380, sellers.laozhou),
  item('/#/item/71004', '维达 抽纸 整箱 搬家 低价出', 25, sellers.qingcang),
  item('/#/item/71005', 'Kindle 电子书 阅读器 闲置', 320, sellers.xiaowang),
  item('/#/item/71006', '机械键盘 青轴 87键 二手', 120, sellers.amay),
  item('/#/item/71007', '老周 二手 手机 回收 高价 上门', 999, sellers.laozhou, { paid: true, adLabel: 'visible' }),
  item('/#/item/71008', '儿童 自行车 16寸 九成新', 160, sellers.qingcang, { paid: true, adLabel: 'none' }),
];
const prohibited = [item('/#/item/79001', '老物件 象牙 手镯 保真 包老', 880, sellers.qingcang)];

const STYLE = `
.feed{columns:4 220px;column-gap:12px;margin:12px 0}
.feed-card{break-inside:avoid;margin-bottom:12px;background:#fff;border-radius:8px;padding:10px}
.feed-card .thumb{height:160px;font-size:32px;background:#fff7d6;border-radius:6px}
.card-price{color:#ff4400;font-weight:700}.card-seller{font-size:12px;color:#888}
.load-more{display:block;margin:12px auto;padding:8px 32px;border:1px solid #ffda44;border-radius:18px;background:#fff;cursor:pointer}
.sort-bar{display:flex;gap:20px;background:#fff;margin:16px 0 0;padding:8px 16px}
.search-box{display:flex;flex:1;max-width:560px}.search-box input{flex:1;padding:8px;border:2px solid #ffda44}.search-btn{padding:8px 20px;background:#ffda44;cursor:pointer}
.user-head{display:flex;align-items:center;gap:16px}.user-head h1{margin:0;font-size:22px}
`;

/** The promotion label of a paid card, as its truth label says. */
const AD_TAG: Record<ItemDef['adLabel'], string> = {
  visible: '<span class="tag">广告</span>',
  'other-word': '<span class="tag">推广</span>',
  weak: '',
  hidden: '',
  zone: '',
  none: '',
};

/** What one results request returns: the cards of one page, in the order the feed shows them. */
function searchApi(keyword: string, pageNo: number): { total: number; cards: object[] } {
  const found = searchFor(xianqu, keyword);
  // The filter demoted what it missed: prohibited listings come last.
  const ordered = [...found.items.filter((i) => !prohibited.includes(i)), ...found.items.filter((i) => prohibited.includes(i))];
  const slice = ordered.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  return {
    total: ordered.length,
    cards: slice.map((i) => ({
      href: productHref(i, found.lead).slice(1),
      title: titleOf(i, found.lead),
      label: i.paid ? AD_TAG[i.adLabel] : '',
      type: i.paid ? 'ad' : 'item',
      price: price(i.price),
      seller: i.shop.name,
      sellerHref: i.shop.path.slice(1),
    })),
  };
}

function itemView(i: ItemDef, keyword: string): string {
  return `<section class="panel product">
<div class="thumb" style="background:#fff7d6">${esc(i.name.slice(0, 2))}</div>
<div class="info">
<h1>${esc(titleOf(i, keyword))}</h1>
<p><span class="price">${price(i.price)}</span>　包邮　${i.path.length % 5 + 2}人想要</p>
<p>宝贝描述：自用闲置，功能正常，有轻微使用痕迹，介意勿拍。同城可面交。</p>
<p class="addon"><label><input type="checkbox" checked> 验货宝 ¥15.00（平台验货担保）</label></p>
<div class="seller-box">卖家：<a href="${esc(i.shop.path.slice(1))}">${esc(i.shop.name)}</a>　信用极好　回复率 98%</div>
</div>
</section>`;
}

function userView(s: ShopDef): string {
  const own = [...xianqu.items, ...prohibited].filter((i) => i.shop === s);
  return `<section class="panel">
<div class="user-head"><h1>${esc(s.name)}</h1>${registrationMark(xianqu, s)}</div>
<p class="score"><span>信用极好</span><span>已卖出 ${own.length * 7} 件</span><span>来闲趣 3 年</span></p>
${sellerInfo(xianqu, s)}
</section>
<section class="floor"><h2>TA的宝贝</h2><div class="feed">
${own.map((i) => `<div class="feed-card"><a href="${esc(i.path.slice(1))}"><div class="thumb">${esc(i.name.slice(0, 2))}</div>${esc(i.name)}</a><div class="card-price">${price(i.price)}</div></div>`).join('\n')}
</div></section>`;
}

/** The view of a hash route other than search: an item or a seller, as {title, html}. */
function routeView(route: string): { title: string; html: string } | null {
  const [path = '', query = ''] = route.split('?');
  const keyword = new URLSearchParams(query).get('kw') ?? '';
  const found = [...items, ...prohibited].find((i) => i.path === `/#${path}`);
  if (found) return { title: `${titleOf(found, keyword)} - 闲趣`, html: itemView(found, keyword) };
  const seller = Object.values(sellers).find((s) => s.path === `/#${path}`);
  return seller ? { title: `${seller.name}的闲置 - 闲趣`, html: userView(seller) } : null;
}

// The app: renders the route in the hash into <main>; results come from the API as JSON.
const APP = `(function () {
  var main = document.querySelector('main');
  var home = main.innerHTML;
  var input = document.querySelector('.search-box input');
  function go() { if (input.value.trim()) location.hash = '#/search?q=' + encodeURIComponent(input.value.trim()); }
  input.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
  document.querySelector('.search-btn').addEventListener('click', go);
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function card(c) {
    return '<div class="feed-card" data-card-type="' + c.type + '"><a href="' + esc(c.href) + '"><div class="thumb">' + esc(c.title.slice(0, 2)) + '</div></a>'
      + '<div class="card-title">' + c.label + '<a href="' + esc(c.href) + '">' + esc(c.title) + '</a></div>'
      + '<div class="card-price">' + esc(c.price) + '</div><div class="card-seller"><a href="' + esc(c.sellerHref) + '">' + esc(c.seller) + '</a></div></div>';
  }
  function results(q) {
    document.title = q + ' - 闲趣搜索';
    main.innerHTML = '<div class="sort-bar"><a href="javascript:;">综合</a><a href="javascript:;">最新发布</a><a href="javascript:;">价格</a><a href="javascript:;">距离</a></div>'
      + '<p class="count"></p><div class="feed"></div><button type="button" class="load-more">加载更多</button>';
    var feed = main.querySelector('.feed'), more = main.querySelector('.load-more'), page = 0;
    function load() {
      page++;
      fetch('/api/search?q=' + encodeURIComponent(q) + '&page=' + page).then(function (r) { return r.json(); }).then(function (d) {
        main.querySelector('.count').textContent = '共 ' + d.total + ' 件“' + q + '”相关宝贝';
        feed.insertAdjacentHTML('beforeend', d.cards.map(card).join(''));
        if (page * ${PAGE_SIZE} >= d.total) more.remove();
      });
    }
    more.addEventListener('click', load);
    load();
  }
  function render() {
    var h = location.hash;
    if (h.indexOf('#/search') === 0) return results(new URLSearchParams(h.split('?')[1] || '').get('q') || '');
    if (!/^#\\/./.test(h)) { main.innerHTML = home; return; }
    fetch('/api/view?route=' + encodeURIComponent(h.slice(1))).then(function (r) { return r.json(); }).then(function (v) {
      document.title = v.title;
      main.innerHTML = v.html;
    });
  }
  addEventListener('hashchange', render);
  render();
})();`;

export const xianqu: Family = {
  record: { id: 'xianqu', name: COMPANY, uscc: USCC, platform: '闲趣', region: '330203', risk: 'higher' },
  brand: { name: '闲趣', tagline: '闲置好物 轻松转卖', colour: '#ffda44' },
  party: { brand: '闲趣', company: COMPANY },
  shops: Object.values(sellers),
  items,
  prohibited,
  site: { sortOptions: true, nonPersonalisedOption: false, addOn: 'pre-checked', absoluteClaim: false },
  style: STYLE,
  search: '<div class="search-box"><input type="text" placeholder="搜索闲置宝贝" autocomplete="off"><span class="search-btn">搜索</span></div>',
  script: APP,
  words: { shopLink: '', licenceLink: '', registered: '已办理市场主体登记' },
  routes: {
    '/api/search': (_req, res, url) => sendJson(res, 200, searchApi((url.searchParams.get('q') ?? '').trim(), Math.max(1, Number(url.searchParams.get('page')) || 1))),
    '/api/view': (_req, res, url) => {
      const view = routeView(url.searchParams.get('route') ?? '');
      sendJson(res, view ? 200 : 404, view ?? { title: '宝贝不存在 - 闲趣', html: '<section class="panel"><h1>宝贝不存在或已下架</h1></section>' });
    },
  },
};
