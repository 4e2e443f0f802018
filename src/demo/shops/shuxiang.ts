// Family 7, 书香网: an online bookstore shaped like 当当 (shared/realpages dangdang/). Results are a
// list, one book a row: cover, title, an author / publication date / publisher line, the price
// with 定价 struck through and the discount, the comment count and the seller. Product pages give
// the book's particulars in a table (作者, 出版社, 出版时间, 开本, ISBN). The operator's own books
// are tagged 书香自营 (compliant), but for a 三体 boxed set that is not (self-operated-label
// violation). Third-party booksellers show their licence as a table of 企业名称 / 统一社会信用代码
// cells with an 出版物经营许可证 number: 文渊阁 a valid code (compliant), 博雅 a code failing its
// check digit (needs-review); 墨白旧书店 shows nothing and carries no registration mark
// (seller-licence-display violation; its listings' seller cannot be told, so self-operated-label
// needs-review for them); an individual, 老李, declares he needs no registration and is marked
// 未办理市场主体登记. Both kinds are marked and one shop is bare (seller-registration-mark
// needs-review). Paid rows go through a /click?clickid= redirect: 活着 with a visible 广告, a 考研
// wordbook with none (ad-label violation); that wordbook's title claims 销量冠军 (absolute-terms
// needs-review). The operator's own shop is named 书香网自营图书: its name is no 自营 mark.
// Results sort by 综合/销量/好评/出版时间/价格 but no page offers a non-personalised option
// (search-display needs-review); product pages offer no add-on (tying compliant); no keyword of
// the prohibited list names a publication, so no listing is planted (prohibited-listings compliant).
import { escapeHtml as esc } from '../../html.js';
import { sendHtml } from '../http.js';
import { validUscc, withWrongCheckDigit } from '../sites.js';
import { clickRedirect, item, price, productHref, registrationMark, resultsPage, searchFor, sellerInfo, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '北京书香网络科技有限公司';
const USCC = validUscc('91110105MA01R6K3D');

/** A bookseller's publication licence (出版物经营许可证), shown beside its business licence. */
const PUBLICATION_LICENCE: Record<string, string> = { '/shop/wenyuan': '新出发京零字第朝190123号', '/shop/boya': '新出发京零字第海200417号' };

const shops = {
  own: { path: '/shop/shuxiang', name: '书香网自营图书', operator: true, company: COMPANY, uscc: USCC, truth: { registrationMark: 'registered', licence: 'link' } },
  wenyuan: { path: '/shop/wenyuan', name: '文渊阁图书专营店', operator: false, company: '北京文渊阁图书有限公司', uscc: validUscc('91110108MA00F7H2J'), truth: { registrationMark: 'registered', licence: 'text' } },
  boya: { path: '/shop/boya', name: '博雅书店', operator: false, company: '北京博雅文化传播有限公司', uscc: withWrongCheckDigit(validUscc('91110102MA01C9W4P')), truth: { registrationMark: 'registered', licence: 'bad-checksum' } },
  mobai: { path: '/shop/mobai', name: '墨白旧书店', operator: false, company: '北京墨白图书经营部', truth: { registrationMark: 'none', licence: 'none' } },
  laoli: { path: '/shop/laoli', name: '老李的旧书摊', operator: false, declaration: 'petty', truth: { registrationMark: 'unregistered', licence: 'declaration' } },
} satisfies Record<string, ShopDef>;

interface Book {
  author: string;
  publisher: string;
  date: string;
  /** 定价, the cover price. */
  list: number;
  format: string;
  comments: number;
}

const BOOKS = new Map<ItemDef, Book>();
function book(n: number, name: string, p: number, shop: ShopDef, b: Book, labels: Parameters<typeof item>[4] = {}): ItemDef {
  const i = item(`/product/${n}.html`, name, p, shop, labels);
  BOOKS.set(i, b);
  return i;
}

const items: ItemDef[] = [
  book(28001, '活着（新版）', 20.5, shops.own, { author: '余华', publisher: '作家出版社', date: '2021-01-01', list: 45, format: '32开', comments: 986512 }, { paid: true, adLabel: 'visible', selfOperatedMark: true }),
  book(28002, '百年孤独（精装）', 39.8, shops.own, { author: '[哥伦比亚] 加西亚·马尔克斯', publisher: '南海出版公司', date: '2017-08-01', list: 55, format: '32开', comments: 452301 }, { selfOperatedMark: true }),
  book(28003, '红楼梦（全二册）', 47.5, shops.own, { author: '曹雪芹', publisher: '人民文学出版社', date: '2008-07-01', list: 59.7, format: '16开', comments: 310877 }, { selfOperatedMark: true }),
  book(28004, '三体 全集 套装 共3册', 68, shops.own, { author: '刘慈欣', publisher: '重庆出版社', date: '2022-05-01', list: 93, format: '16开', comments: 728415 }),
  book(28101, 'Python编程 从入门到实践（第3版）', 74.3, shops.wenyuan, { author: '[美] 埃里克·马瑟斯', publisher: '人民邮电出版社', date: '2023-05-01', list: 109.8, format: '16开', comments: 120486 }),
  book(28102, '考研英语词汇 红宝书 销量冠军 2026版', 35.6, shops.wenyuan, { author: '俞敏洪', publisher: '群言出版社', date: '2025-02-01', list: 59.8, format: '32开', comments: 88215 }, { paid: true, adLabel: 'none' }),
  book(28201, '小王子（精装插图版）', 19.9, shops.boya, { author: '[法] 圣埃克苏佩里', publisher: '天津人民出版社', date: '2019-03-01', list: 39.8, format: '32开', comments: 205117 }),
  book(28202, '人类简史：从动物到上帝', 45.1, shops.boya, { author: '[以色列] 尤瓦尔·赫拉利', publisher: '中信出版社', date: '2017-02-01', list: 68, format: '16开', comments: 167342 }),
  book(28301, '朝花夕拾 旧书 九成新', 8.5, shops.mobai, { author: '鲁迅', publisher: '人民文学出版社', date: '1979-12-01', list: 0.52, format: '32开', comments: 23 }),
  book(28302, '平凡的世界 全三册 二手', 36, shops.mobai, { author: '路遥', publisher: '北京十月文艺出版社', date: '2012-03-01', list: 108, format: '32开', comments: 57 }),
  book(28401, '老版 连环画 三国演义 一套', 260, shops.laoli, { author: '罗贯中 原著', publisher: '上海人民美术出版社', date: '1985-06-01', list: 12.6, format: '64开', comments: 9 }),
  book(28402, '80年代 人民文学 期刊 合订本', 48, shops.laoli, { author: '人民文学编辑部', publisher: '人民文学出版社', date: '1986-01-01', list: 9.6, format: '16开', comments: 4 }),
];

const bookOf = (i: ItemDef) => BOOKS.get(i)!;
/** A plausible ISBN-13 (978-7, China) with its check digit, fixed per book. */
function isbnOf(i: ItemDef): string {
  const body = `9787${String(Number(i.path.replace(/\D/g, '')) * 7919).padStart(8, '0').slice(-8)}`;
  const sum = [...body].reduce((s, c, k) => s + Number(c) * (k % 2 ? 3 : 1), 0);
  return body + ((10 - (sum % 10)) % 10);
}
const discount = (i: ItemDef) => (bookOf(i).list > i.price ? `(${((i.price / bookOf(i).list) * 10).toFixed(1)}折)` : '');

const STYLE = `
.sort-bar{display:flex;gap:22px;background:#fff;margin:16px 0 0;padding:8px 16px;border:1px solid #eee}
.bigimg{list-style:none;margin:0;padding:0;background:#fff;border:1px solid #eee;border-top:0}
.bigimg li{display:flex;gap:18px;padding:16px;border-bottom:1px dashed #e5e5e5}
.bigimg .pic .thumb{width:120px;height:160px;font-size:26px;background:#f5efe6}
.bigimg .body{flex:1}.bigimg .name{font-size:15px;margin:0 0 6px}
.search_book_author,.search_star_line,.search_shangjia{font-size:12px;color:#666;margin:4px 0}
.search_now_price{color:#e52222;font-size:18px;font-weight:700}.search_pre_price{margin-left:8px;color:#999;font-size:12px}
.search_discount{margin-left:6px;color:#999;font-size:12px}
.book-params{border-collapse:collapse;margin:12px 0}.book-params th,.book-params td{border:1px solid #eee;padding:4px 12px;text-align:left}.book-params th{color:#666;font-weight:400}
.seller-licence table{border-collapse:collapse}.seller-licence th,.seller-licence td{border:1px solid #eee;padding:4px 12px;text-align:left}
`;

/** A result row: paid rows' links go through the click redirect; 广告 sits by the title when shown. */
function row(i: ItemDef, lead: string): string {
  const b = bookOf(i);
  const id = i.path.replace(/\D/g, '');
  const href = i.paid ? `/click?clickid=sx${id}&url=${encodeURIComponent(productHref(i, lead))}` : productHref(i, lead);
  return `<li ddt-pit="${id}">
  <a class="pic" href="${esc(href)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div></a>
  <div class="body">
    <p class="name">${i.paid && i.adLabel === 'visible' ? '<span class="tag">广告</span>' : ''}<a href="${esc(href)}" title="${esc(titleOf(i, lead))}">${esc(titleOf(i, lead))}</a></p>
    <p class="search_book_author"><span>${esc(b.author)} 著</span><span> /${esc(b.date)}</span><span> /${esc(b.publisher)}</span></p>
    <p class="price"><span class="search_now_price">${price(i.price)}</span><span class="search_pre_price">定价：<s>${price(b.list)}</s></span><span class="search_discount">${discount(i)}</span></p>
    <p class="search_star_line"><span>${b.comments}条评论</span></p>
    <p class="search_shangjia">${i.selfOperatedMark ? '<span class="tag tag-self">书香自营</span>' : ''}<a href="${esc(i.shop.path)}">${esc(i.shop.name)}</a></p>
  </div>
</li>`;
}

/** The sort bar's orders and the sort_type each link asks for. */
const SORTS = [['综合排序', 'sort_default'], ['销量', 'sort_sale_amt_desc'], ['好评', 'sort_score_desc'], ['出版时间', 'sort_pubdate_desc'], ['价格', 'sort_xlowprice_asc']] as const;

function results(keyword: string): string {
  const found = searchFor(shuxiang, keyword);
  const sorts = SORTS.map(([w, key]) => `<a href="/search?key=${encodeURIComponent(keyword)}&amp;sort_type=${key}">${w}</a>`).join('');
  return `<div class="sort-bar">${sorts}</div>
<p>${keyword ? `共 ${found.items.length} 件“${esc(keyword)}”相关商品` : '请输入书名、作者或ISBN'}</p>
<ul class="bigimg">
${keyword ? found.items.map((i) => row(i, found.lead)).join('\n') : ''}
</ul>`;
}

function productPage(i: ItemDef, keyword: string): string {
  const b = bookOf(i);
  const params = [['作者', b.author], ['出版社', b.publisher], ['出版时间', b.date], ['开本', b.format], ['ISBN', isbnOf(i)], ['包装', b.format === '16开' ? '平装-胶订' : '精装']];
  return `<section class="panel product">
<div class="thumb" style="background:#f5efe6">${esc(i.name.slice(0, 2))}</div>
<div class="info">
<h1>${i.selfOperatedMark ? '<span class="tag tag-self">书香自营</span>' : ''}${esc(titleOf(i, keyword))}</h1>
<p><span class="price">${price(i.price)}</span>　定价 <s>${price(b.list)}</s> ${discount(i)}　<span class="meta">${b.comments}条评论</span></p>
<table class="book-params">${params.map(([k, v]) => `<tr><th>${esc(k!)}</th><td>${esc(v!)}</td></tr>`).join('')}</table>
<p>配送至：北京 朝阳区　现货，付款后24小时内发货</p>
<div class="seller-box"><span>商家：</span><b>${esc(i.shop.name)}</b><a href="${esc(i.shop.path)}">进入店铺</a></div>
</div>
</section>
<section class="panel book-intro"><h2>内容简介</h2><p>${esc(b.author)}的代表作品，${esc(b.publisher)}${esc(b.date.slice(0, 4))}年出版，正版图书，塑封发货。</p></section>`;
}

/** The seller's licence as a bookseller shows it: a table of the licence's fields and the publication licence. */
function licenceTable(s: ShopDef): string {
  const rows = [['企业名称', s.company ?? ''], ['统一社会信用代码', s.uscc ?? ''], ['出版物经营许可证', PUBLICATION_LICENCE[s.path] ?? ''], ['登记机关', '北京市海淀区市场监督管理局']];
  return `<div class="seller-licence"><h3>商家资质</h3><table>${rows.map(([k, v]) => `<tr><th>${esc(k!)}</th><td>${esc(v!)}</td></tr>`).join('')}</table></div>`;
}

function shopPage(s: ShopDef): string {
  const own = items.filter((i) => i.shop === s);
  const info = s.truth.licence === 'text' || s.truth.licence === 'bad-checksum' ? licenceTable(s) : sellerInfo(shuxiang, s);
  return `<section class="panel">
<div class="shop-head"><h1>${esc(s.name)}</h1>${registrationMark(shuxiang, s)}</div>
<p class="score"><span>商品评分 4.9</span><span>发货速度 4.8</span><span>在售图书 ${own.length * 213} 种</span></p>
${info}
</section>
<section class="floor"><h2>店铺图书</h2><ul class="bigimg">
${own.map((i) => `<li><a class="pic" href="${esc(i.path)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div></a><div class="body"><p class="name"><a href="${esc(i.path)}">${esc(i.name)}</a></p><p class="search_book_author">${esc(bookOf(i).author)} 著 /${esc(bookOf(i).publisher)}</p><p><span class="search_now_price">${price(i.price)}</span></p></div></li>`).join('\n')}
</ul></section>`;
}

export const shuxiang: Family = {
  record: { id: 'shuxiang', name: COMPANY, uscc: USCC, platform: '书香网', region: '110105', risk: 'general' },
  brand: { name: '书香网', tagline: '网上书店 正版图书', colour: '#e52222' },
  party: { brand: '书香网', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited: [],
  site: { sortOptions: true, nonPersonalisedOption: false, addOn: 'none', absoluteClaim: true },
  style: STYLE,
  search: `<form class="search" action="/search" method="get" name="searchform">
    <input type="text" name="key" placeholder="书名、作者、ISBN" aria-label="搜索">
    <button type="submit">搜索</button>
  </form>`,
  words: { shopLink: '进入店铺', licenceLink: '资质证照', registered: '已办理市场主体登记' },
  pages: { product: productPage, shop: shopPage },
  routes: {
    '/search': (_req, res, url) => {
      const keyword = (url.searchParams.get('key') ?? '').trim();
      sendHtml(res, 200, resultsPage(shuxiang, keyword, results(keyword)));
    },
    '/click': clickRedirect('url'),
  },
};
