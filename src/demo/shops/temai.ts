// Family 6, 特卖汇: a flash-sale platform shaped like 唯品会, built mobile-first with CSS-modules
// class names (_3kx9Q, a8Fz2): no card, tag, price or footer class says what it is, so only
// structure and words tell a card, a 自营 tag or the footer apart. Results are grouped in brand
// sessions (品牌特卖 专场, 距结束 2天 3小时). The operator sells under two shop names, 特卖汇自营
// 旗舰店 (licence one link away, 经营主体证照) and 特卖汇美妆馆 (the operator's name and code on the
// shop page): their listings carry a short 自营 text tag, except one 收纳箱 that does not
// (self-operated-label violation for it); two third-party brand shops sell unmarked (compliant),
// one of them, 童趣, showing no licence at all (seller-licence-display violation; its listings'
// seller cannot be told, so self-operated-label needs-review for them). Paid cards carry
// data-spm-type="ad" (one instead goes through an /r/click?adid= redirect) and a visible 广告 tag,
// except a 面膜 card with none (ad-label violation). Every shop shows 已办理市场主体登记
// (seller-registration-mark compliant). Results sort by 综合/销量/折扣/价格 with a 非个性化排序 switch by the sort bar
// (search-display compliant); product pages offer 退货运费险 on an unticked ARIA checkbox with a
// 自愿购买 notice (tying compliant); a 特供 liquor slips through the keyword filter
// (prohibited-listings needs-review); no title makes an absolute claim (absolute-terms compliant).
import { escapeHtml as esc } from '../../html.js';
import { sendHtml } from '../http.js';
import { validUscc } from '../sites.js';
import { clickRedirect, item, price, productHref, resultsPage, salesOf, searchFor, sellerInfo, titleOf, type Family, type ItemDef, type ShopDef } from './common.js';

const COMPANY = '广州特卖汇电子商务有限公司';
const USCC = validUscc('91440106MA5CK2R7X');

const shops = {
  own: { path: '/shop/100001', name: '特卖汇自营旗舰店', operator: true, company: COMPANY, uscc: USCC, truth: { registrationMark: 'registered', licence: 'link' } },
  beauty: { path: '/shop/100002', name: '特卖汇美妆馆', operator: true, company: COMPANY, uscc: USCC, truth: { registrationMark: 'registered', licence: 'text' } },
  senye: { path: '/shop/208811', name: '森野服饰品牌特卖店', operator: false, company: '广州森野服饰有限公司', uscc: validUscc('91440101MA9XN4T2B'), truth: { registrationMark: 'registered', licence: 'link' } },
  kids: { path: '/shop/209356', name: '童趣母婴专营店', operator: false, company: '佛山童趣母婴用品有限公司', truth: { registrationMark: 'registered', licence: 'none' } },
} satisfies Record<string, ShopDef>;

/** A brand session (专场): a brand's listings on sale together until its countdown ends. */
interface Session {
  title: string;
  left: string;
  shop: ShopDef;
  items: ItemDef[];
}

const d = (n: number) => `/detail-1718-${n}.html`;
const sessions: Session[] = [
  { title: '森野 品牌特卖', left: '距结束 2天 3小时', shop: shops.senye, items: [
    item(d(6001), '森野 男士 纯棉 圆领T恤 短袖', 59, shops.senye, { paid: true, adLabel: 'visible' }),
    item(d(6002), '森野 女士 高腰 阔腿裤 垂感', 89, shops.senye),
    item(d(6003), '森野 情侣款 连帽卫衣 加绒', 119, shops.senye),
  ] },
  { title: '特卖汇自营 · 家居好物', left: '距结束 1天 8小时', shop: shops.own, items: [
    item(d(6101), '泰国 天然乳胶枕 成人 护颈', 139, shops.own, { paid: true, adLabel: 'visible', selfOperatedMark: true }),
    item(d(6102), '全棉 磨毛 四件套 1.8m床', 199, shops.own, { selfOperatedMark: true }),
    item(d(6103), '加厚 塑料 收纳箱 三只装', 49.9, shops.own),
  ] },
  { title: '美妆馆 · 大牌美妆特卖', left: '距结束 5小时', shop: shops.beauty, items: [
    item(d(6201), '玻尿酸 补水 精华液 30ml', 169, shops.beauty, { selfOperatedMark: true }),
    item(d(6202), '水润 保湿 面膜 10片装', 69, shops.beauty, { paid: true, adLabel: 'none', selfOperatedMark: true }),
    item(d(6203), '丝绒 雾面 口红 3.5g', 99, shops.beauty, { selfOperatedMark: true }),
  ] },
  { title: '童趣 母婴特卖', left: '距结束 3天', shop: shops.kids, items: [
    item(d(6301), '童趣 婴儿 手口湿巾 80抽×6包', 39.9, shops.kids),
    item(d(6302), '童趣 儿童 保温杯 吸管款 316', 79, shops.kids, { paid: true, adLabel: 'visible' }),
    item(d(6303), '童趣 宝宝 爬行垫 加厚 折叠', 129, shops.kids),
  ] },
];
const items = sessions.flatMap((s) => s.items);
const prohibited = [item(d(6901), '酱香型 白酒 53度 特供 礼盒装 500ml', 299, shops.own)];

/** The discount a flash sale shows (2折 … 6折) and the list price it is taken from. */
const discountOf = (i: ItemDef) => 2 + (Number(i.path.replace(/\D/g, '')) % 5);
const listPrice = (i: ItemDef) => Math.round((i.price * 10) / discountOf(i));

// Hashed class names as a CSS-modules build leaves them: nothing in a name says what it draws.
const STYLE = `
._9dK2q{display:flex;align-items:center;gap:18px;background:#fff;margin:12px 0 0;padding:10px 12px;font-size:14px}
._9dK2q [role=tab]{cursor:pointer;color:#333}._9dK2q [aria-selected=true]{color:#f10180;font-weight:700}
._3Rf0b{display:flex;gap:18px}._4nTw8{margin-left:auto;display:flex;align-items:center;gap:6px;color:#666;font-size:13px}
._2Lm0v{background:#fff;margin:12px 0;border-radius:8px;overflow:hidden}
._7hQe1{display:flex;align-items:baseline;gap:8px;padding:10px 12px;background:linear-gradient(90deg,#ffe3f1,#fff)}
._0pLk4{margin:0;font-size:16px}._8rTg2{padding:0 4px;background:#f10180;color:#fff;font-size:12px;border-radius:2px}
._c3Vn9{color:#f10180;font-size:12px}._7hQe1 a{margin-left:auto;font-size:12px;color:#999}
._3kx9Q{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;padding:8px}
.a8Fz2{padding:6px;border-radius:6px;background:#fafafa}
._5mQ1z{height:150px;display:flex;align-items:center;justify-content:center;font-size:30px;background:#fdeef6;border-radius:6px}
._6bYh3{font-size:13px;line-height:18px;height:36px;overflow:hidden;margin:6px 0}
._2vR8c,._x7Ad1{display:inline-block;margin-right:3px;padding:0 3px;font-size:11px;line-height:15px;font-style:normal;border-radius:2px}
._2vR8c{background:#f10180;color:#fff}._x7Ad1{border:1px solid #999;color:#666}
._p1Rc4{color:#f10180;font-size:17px}._k2Wd8{margin-left:4px;color:#aaa;font-size:12px}._z4Qe6{margin-left:4px;color:#f10180;font-size:12px}
._pQ7v1{display:flex;gap:24px;background:#fff;padding:16px;margin-top:12px}._pQ7v1 ._5mQ1z{width:340px;height:340px;font-size:60px}
._t8Yx2{font-size:19px}._sH0p4{margin-top:20px;padding:10px;border:1px solid #f3d0e2;border-radius:6px}._sH0p4 a{margin-left:12px;color:#f10180}
._1pW3e{display:flex;align-items:center;gap:6px}._q0Zx5{width:14px;height:14px;border:1px solid #999;border-radius:3px;cursor:pointer}
._q0Zx5[aria-checked=true]{background:#f10180}._6uYb1{color:#666;font-size:12px}
._hd9Lq{display:flex;align-items:center;gap:14px}._nm3Vb{margin:0;font-size:21px}
._r5Gm1{padding:0 6px;border:1px solid #1e7f5c;color:#1e7f5c;font-size:12px;border-radius:2px}._l2Cs8{color:#666}
`;

const AD_TAG: Record<ItemDef['adLabel'], string> = { visible: '<i class="_x7Ad1">广告</i>', weak: '', hidden: '', 'other-word': '', zone: '', none: '' };

/** Paid cards that go through the click redirect instead of carrying the sponsor attribute. */
const REDIRECTED = new Set([d(6101)]);

/** A card; on a shop page (`promoted` false) no card is a placement. */
function card(i: ItemDef, lead: string, promoted = true): string {
  const id = i.path.replace(/\D/g, '').slice(-4);
  if (!promoted) i = { ...i, paid: false };
  const redirected = i.paid && REDIRECTED.has(i.path);
  const href = redirected ? `/r/click?adid=tm${id}&to=${encodeURIComponent(productHref(i, lead))}` : productHref(i, lead);
  return `<div class="a8Fz2" data-spm-type="${i.paid && !redirected ? 'ad' : 'goods'}" data-gid="${id}">
  <a href="${esc(href)}"><div class="_5mQ1z">${esc(i.name.slice(0, 2))}</div></a>
  <div class="_6bYh3">${i.selfOperatedMark ? '<i class="_2vR8c">自营</i>' : ''}${i.paid ? AD_TAG[i.adLabel] : ''}<a href="${esc(href)}">${esc(titleOf(i, lead))}</a></div>
  <div><b class="_p1Rc4">${price(i.price)}</b><del class="_k2Wd8">${price(listPrice(i))}</del><span class="_z4Qe6">${discountOf(i)}折</span></div>
</div>`;
}

function session(s: Session, cards: string): string {
  return `<section class="_2Lm0v">
<div class="_7hQe1"><h3 class="_0pLk4">${esc(s.title)}</h3><span class="_8rTg2">专场</span><span class="_c3Vn9">${esc(s.left)}</span><a href="${esc(s.shop.path)}">进入专场 ›</a></div>
<div class="_3kx9Q">
${cards}
</div>
</section>`;
}

function results(keyword: string): string {
  if (!keyword) return '<p>请输入品牌或商品名称</p>';
  const found = searchFor(temai, keyword);
  const sorts = ['综合', '销量', '折扣', '价格'].map((w, n) => `<span role="tab" class="_1aXv7"${n ? '' : ' aria-selected="true"'}>${w}</span>`).join('');
  // The filter's misses come as a session of their own, ahead of the brands.
  const missed = found.items.filter((i) => prohibited.includes(i));
  const extra = missed.length ? [{ title: '今日特卖', left: '距结束 12小时', shop: shops.own, items: missed }] : [];
  return `<div class="_9dK2q"><div role="tablist" class="_3Rf0b">${sorts}</div>
<label class="_4nTw8"><span>非个性化排序</span><input type="checkbox" role="switch" class="_e1Wm6"></label></div>
<p class="_g5Ua3">“${esc(keyword)}”相关特卖 ${found.items.length} 件</p>
${[...extra, ...sessions].map((s) => session(s, s.items.map((i) => card(i, found.lead)).join('\n'))).join('\n')}`;
}

const sessionOf = (i: ItemDef) => sessions.find((s) => s.items.includes(i)) ?? { left: '距结束 12小时' };

function productPage(i: ItemDef, keyword: string): string {
  return `<section class="_pQ7v1">
<div class="_5mQ1z">${esc(i.name.slice(0, 2))}</div>
<div class="_h3Jk9">
<h1 class="_t8Yx2">${i.selfOperatedMark ? '<i class="_2vR8c">自营</i>' : ''}${esc(titleOf(i, keyword))}</h1>
<p>特卖价 <b class="_p1Rc4">${price(i.price)}</b><del class="_k2Wd8">${price(listPrice(i))}</del><span class="_z4Qe6">${discountOf(i)}折</span>　已抢 ${esc(salesOf(i))} 件</p>
<p class="_c3Vn9">本专场${esc(sessionOf(i).left)}，售完即止</p>
<p>配送至：广东 广州市 天河区　付款后24小时内发货　支持7天无理由退货（特殊商品除外）</p>
<div class="_1pW3e"><span role="checkbox" aria-checked="false" tabindex="0" class="_q0Zx5"></span><span>退货运费险 ¥2.50</span><span class="_6uYb1">自愿购买，勾选后另行付费</span></div>
<div class="_sH0p4"><span>${esc(i.shop.name)}</span><a href="${esc(i.shop.path)}">进店看看</a></div>
</div>
</section>
<script>document.querySelectorAll('[role=checkbox]').forEach(function (b) { b.addEventListener('click', function () { b.setAttribute('aria-checked', String(b.getAttribute('aria-checked') !== 'true')); }); });</script>`;
}

function shopPage(s: ShopDef): string {
  const mark = s.truth.registrationMark === 'none' ? '' : `<span class="_r5Gm1"${s.truth.registrationMark === 'hidden' ? ' hidden' : ''}>${s.company ? temai.words.registered : '未办理市场主体登记'}</span>`;
  const own = items.filter((i) => i.shop === s);
  return `<section class="_2Lm0v" style="padding:16px">
<div class="_hd9Lq"><h1 class="_nm3Vb">${esc(s.name)}</h1>${mark}</div>
<p class="_wq4Ko">品牌授权 · 正品保证 · 特卖 ${own.length * 12} 场</p>
${sellerInfo(temai, s, '_l2Cs8')}
</section>
${session({ title: `${s.name} 在售特卖`, left: sessions.find((x) => x.shop === s)?.left ?? '', shop: s, items: own }, own.map((i) => card(i, '', false)).join('\n'))}`;
}

export const temai: Family = {
  record: { id: 'temai', name: COMPANY, uscc: USCC, platform: '特卖汇', region: '440106', risk: 'general' },
  brand: { name: '特卖汇', tagline: '品牌特卖 正品低价', colour: '#f10180' },
  party: { brand: '特卖汇', company: COMPANY },
  shops: Object.values(shops),
  items,
  prohibited,
  site: { sortOptions: true, nonPersonalisedOption: true, addOn: 'unchecked-with-notice', absoluteClaim: false },
  nonPersonalisedAt: 'results',
  style: STYLE,
  footerClass: '_f0oT3',
  search: `<form class="_s1Hb0" action="/search" method="get">
    <input type="search" name="q" placeholder="搜索品牌、商品" aria-label="搜索">
    <button type="submit">搜索</button>
  </form>`,
  words: { shopLink: '进店看看', licenceLink: '经营主体证照', registered: '已办理市场主体登记' },
  pages: { product: productPage, shop: shopPage },
  routes: {
    '/search': (_req, res, url) => {
      const keyword = (url.searchParams.get('q') ?? '').trim();
      sendHtml(res, 200, resultsPage(temai, keyword, results(keyword)));
    },
    '/r/click': clickRedirect('to'),
  },
};
