// What the fixture shop platforms share: the catalogue model (shops and items, each carrying its
// truth label), and the pages every platform has in its own words — homepage, product, shop and
// shop-licence pages — rendered from those labels. Each family module adds its search box and
// its results markup; startFamily() serves the lot through the demo shops' handler.
import { BUILT_IN_KEYWORDS } from '../../../rules/lib/term-lists.js';
import type { PlatformRecord } from '../../../rules/types.js';
import { escapeHtml as esc } from '../../html.js';
import { listenLocal, redirect, sendHtml, type Handler, type LocalServer } from '../http.js';
import { banner, docArticle, footer, page, type Brand } from '../layout.js';
import { docPage, shopHandler } from '../sites.js';
import { privacyPolicy, serviceAgreement, tradingRules, type Party } from '../texts.js';
import type { AddOnCase, AdLabel, ItemTruth, PlatformTruth, ShopTruth, SiteTruth } from './truth.js';

/** The four NTM 12 ¶3 self-declarations, verbatim. */
export const DECLARATIONS = {
  produce: '个人销售自产农副产品，依法不需要办理市场主体登记',
  handicraft: '个人销售家庭手工业产品，依法不需要办理市场主体登记',
  labour: '个人利用自己的技能从事依法无须取得许可的便民劳务活动，依法不需要办理市场主体登记',
  petty: '个人从事零星小额交易活动，依法不需要办理市场主体登记',
} as const;

/** A seller's own words that mean a declaration but are none of the four. */
const PARAPHRASE = '本店为个人闲置转让，小本经营，无需办理营业执照';

export interface ShopDef {
  path: string;
  name: string;
  /** The platform operator's own shop: what it sells is 自营. */
  operator: boolean;
  /** The registered name and the code as shown (a wrong one for 'bad-checksum'); individuals have none. */
  company?: string;
  uscc?: string;
  /** For 'declaration': which of the four. */
  declaration?: keyof typeof DECLARATIONS;
  /** Where results list merchants (Family.listsMerchants): how the merchant's own card is labelled. */
  listing?: Partial<Pick<ItemDef, 'paid' | 'adLabel'>>;
  truth: ShopTruth;
}

export interface ItemDef {
  path: string;
  /** Product name; results and product pages put the searched keyword in front of it. */
  name: string;
  price: number;
  shop: ShopDef;
  paid: boolean;
  adLabel: AdLabel;
  selfOperatedMark: boolean;
}

/** An item: natural and unmarked unless the labels say otherwise. */
export function item(path: string, name: string, price: number, shop: ShopDef, labels: Partial<Pick<ItemDef, 'paid' | 'adLabel' | 'selfOperatedMark'>> = {}): ItemDef {
  return { path, name, price, shop, paid: false, adLabel: 'none', selfOperatedMark: false, ...labels };
}

/** The words and markup details a platform uses for the parts every platform has. */
export interface Family {
  record: Omit<PlatformRecord, 'url'>;
  brand: Brand;
  party: Party;
  shops: readonly ShopDef[];
  items: readonly ItemDef[];
  /** Listings only a search for a prohibited keyword they carry shows (the platform's filter missed them). */
  prohibited: readonly ItemDef[];
  /**
   * Results list merchants, each card headed by the merchant and holding its deals (the items):
   * the card is the listing, labelled as its ShopDef.listing says, and links to the shop.
   */
  listsMerchants?: boolean;
  site: SiteTruth;
  /** Header search box HTML. */
  search: string;
  /** Script on every page, for a search box that script drives. */
  script?: string;
  /** The family's own CSS, on every page (results may be drawn on any page). */
  style: string;
  /** A footer marked up as a plain <div> of this hashed class (layout.ts), not as <footer>. */
  footerClass?: string;
  /**
   * Where the non-personalised option stands when the platform offers one: a 个性化推荐 switch on
   * the privacy page (the default), or the family's own results markup (a link by the sort bar).
   */
  nonPersonalisedAt?: 'privacy' | 'results';
  words: {
    /** On product pages, the link to the seller's shop. */
    shopLink: string;
    /** On shop pages, the link to the seller's licence page. */
    licenceLink: string;
    /** The licence page's path under the shop's (default /licence). */
    licencePath?: string;
    /** The mark of a registered seller (an unregistered one reads 未办理市场主体登记). */
    registered: string;
  };
  /** The main part of product and shop pages in the family's own layout, in place of the common one. */
  pages?: {
    product?(item: ItemDef, keyword: string): string;
    shop?(shop: ShopDef): string;
  };
  /** The family's own routes: results page, search API, click tracking. */
  routes: Record<string, Handler>;
}

export const price = (p: number) => `¥${p.toFixed(2)}`;
export const titleOf = (item: ItemDef, keyword: string) => (keyword ? `${keyword} ${item.name}` : item.name);
/** The product link as results give it: the keyword rides along in the query, the path names the product. */
export const productHref = (item: ItemDef, keyword: string) => (keyword ? `${item.path}?kw=${encodeURIComponent(keyword)}` : item.path);
/** Sales figure shown on cards, fixed per item. */
export const salesOf = (item: ItemDef) => `${(Number(item.path.replace(/\D/g, '')) % 97) + 3}00+`;

const PROHIBITED_KEYWORDS = new Set(BUILT_IN_KEYWORDS.entries.map((e) => e.keyword));

/**
 * What a search for `keyword` lists, and the keyword its result titles lead with. A probe finds
 * the whole catalogue, each title led by the keyword. A prohibited keyword is filtered, as real
 * platforms do: the catalogue comes back as plain suggestions, plus the listings the filter
 * missed that carry the keyword.
 */
export function searchFor(f: Family, keyword: string): { items: readonly ItemDef[]; lead: string } {
  if (!PROHIBITED_KEYWORDS.has(keyword)) return { items: f.items, lead: keyword };
  return { items: [...f.prohibited.filter((i) => i.name.replace(/\s+/g, '').includes(keyword)), ...f.items], lead: '' };
}

/** A click-tracking redirect (as ad networks use): /click?adid=…&url=<local path> → 302 to the path. */
export function clickRedirect(param: string): Handler {
  return (_req, res, url) => {
    const target = url.searchParams.get(param) ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return sendHtml(res, 400, '<!doctype html><title>400</title>bad target');
    redirect(res, target);
  };
}

function truthOf(f: Family): PlatformTruth {
  const items: Record<string, ItemTruth> = {};
  for (const i of f.items) {
    const card = f.listsMerchants ? { paid: i.shop.listing?.paid ?? false, adLabel: i.shop.listing?.adLabel ?? 'none', listedAt: i.shop.path } : { paid: i.paid, adLabel: i.adLabel };
    items[i.path] = { ...card, selfOperated: i.shop.operator, selfOperatedMark: i.selfOperatedMark, sellerShop: i.shop.path };
  }
  return { items, shops: Object.fromEntries(f.shops.map((s) => [s.path, s.truth])), site: f.site, prohibitedListings: f.prohibited.map((i) => i.path) };
}

const SHARED_STYLE = `
.tag{display:inline-block;margin-right:4px;padding:0 4px;border:1px solid #c81623;border-radius:2px;color:#c81623;font-size:12px;line-height:16px;font-style:normal;vertical-align:middle}
.tag-self{border-color:#c81623;background:#c81623;color:#fff}
.reg-mark{display:inline-block;margin-left:8px;padding:0 6px;border:1px solid #1e7f5c;border-radius:2px;color:#1e7f5c;font-size:12px}
.reg-mark.folded{display:none}
.shop-head{display:flex;align-items:center;gap:16px}.shop-head h1{margin:0;font-size:22px}
.score span{margin-right:12px;color:#666}
.product{display:flex;gap:32px}.product .thumb{width:360px;height:360px;font-size:64px}.product h1{font-size:20px}
.seller-box{margin-top:24px;padding:12px;border:1px solid #eee;border-radius:6px}.seller-box a{color:#c81623;margin-left:12px}
.seller-licence{color:#666}
`;

const DOCUMENT_LINKS = [
  { text: '用户服务协议', href: '/agreement' },
  { text: '交易规则', href: '/rules' },
  { text: '隐私政策', href: '/privacy' },
];

/**
 * A page of the platform, with its search box and script. Every page's footer carries the
 * operator's licence, as on real platforms: on a shop page it stands beside the seller's, and
 * only the platform's chrome tells them apart (rules/lib/chrome.ts).
 */
function familyPage(f: Family, title: string | undefined, main: string): string {
  const copyright = `© 2018-2025 ${esc(f.brand.name)} 版权所有　客服热线：400-820-0000`;
  const footerHtml = footer([{ text: '营业执照', href: '/licence' }, ...DOCUMENT_LINKS], [`营业执照：${esc(f.party.company)} 统一社会信用代码 ${f.record.uscc}`, copyright]);
  return page({ brand: f.brand, title, main: `<style>${SHARED_STYLE}${f.style}</style>\n${main}`, footer: footerHtml, footerClass: f.footerClass, search: f.search, script: f.script });
}

export function resultsPage(f: Family, keyword: string, main: string): string {
  return familyPage(f, keyword ? `${keyword} - 商品搜索` : '商品搜索', main);
}

function homepage(f: Family): string {
  const main = [
    banner(`${f.brand.name} · 年货节`, '正品保障 · 极速发货 · 7天无理由退货'),
    `<section class="panel home-floors"><h2>热门分类</h2><p>${['手机数码', '家用电器', '纸品清洁', '乳品饮料', '粮油调味', '个护美妆'].map((c) => `<a href="/?cat=${encodeURIComponent(c)}">${c}</a>`).join('　')}</p>
<p>平台承诺：自营商品由${esc(f.party.company)}销售并开具发票；第三方商家由平台审核入驻。</p></section>`,
  ].join('\n');
  return familyPage(f, undefined, main);
}

function licenceTable(rows: readonly (readonly [string, string])[]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function platformLicencePage(f: Family): string {
  const rows = [['名称', f.party.company], ['统一社会信用代码', f.record.uscc], ['类型', '有限责任公司'], ['登记机关', '市场监督管理局']] as const;
  return familyPage(f, '营业执照信息', `<section class="panel"><h1>营业执照信息</h1>${licenceTable(rows)}</section>`);
}

function sellerLicencePage(f: Family, shop: ShopDef): string {
  const rows = [
    ['名称', shop.company ?? ''],
    ['统一社会信用代码', shop.uscc ?? ''],
    ['类型', '有限责任公司'],
    ['经营范围', '日用百货、食品、家用电器、电子产品的销售；互联网销售（除销售需要许可的商品）'],
    ['登记机关', '市场监督管理局'],
  ] as const;
  return familyPage(f, `${shop.name} 营业执照`, `<section class="panel"><h1>${esc(shop.name)} · 营业执照信息</h1>${licenceTable(rows)}<p>以上信息由经营者自行提交，平台已核验。</p></section>`);
}

/** The shop's registration mark as its truth label says: shown, hidden by CSS, or absent. */
export function registrationMark(f: Family, shop: ShopDef): string {
  const word = shop.company ? f.words.registered : '未办理市场主体登记';
  switch (shop.truth.registrationMark) {
    case 'none':
      return '';
    case 'hidden':
      return `<span class="reg-mark folded">${esc(word)}</span>`;
    default:
      return `<span class="reg-mark">${esc(word)}</span>`;
  }
}

/** What the shop shows of its seller, as its truth label says (LicenceShown), in the family's class for it. */
export function sellerInfo(f: Family, shop: ShopDef, className = 'seller-licence'): string {
  switch (shop.truth.licence) {
    case 'text':
    case 'bad-checksum':
      return `<p class="${className}">经营者：${esc(shop.company ?? '')}　统一社会信用代码：${esc(shop.uscc ?? '')}</p>`;
    case 'link':
      return `<p class="${className}"><a href="${esc(licencePathOf(f, shop))}">${esc(f.words.licenceLink)}</a></p>`;
    case 'declaration':
      return `<p class="${className}">经营者声明：${esc(DECLARATIONS[shop.declaration ?? 'petty'])}</p>`;
    case 'paraphrased':
      return `<p class="${className}">店主说明：${esc(PARAPHRASE)}</p>`;
    case 'none':
      return '';
  }
}

const licencePathOf = (f: Family, shop: ShopDef) => `${shop.path}${f.words.licencePath ?? '/licence'}`;

function shopPage(f: Family, shop: ShopDef): string {
  if (f.pages?.shop) return familyPage(f, shop.name, f.pages.shop(shop));
  const goods = f.items.filter((i) => i.shop === shop);
  const main = `<section class="panel">
<div class="shop-head"><h1>${esc(shop.name)}</h1>${registrationMark(f, shop)}</div>
<p class="score"><span>描述相符 4.8</span><span>服务态度 4.9</span><span>物流服务 4.8</span><span>开店 6 年</span></p>
${sellerInfo(f, shop)}
</section>
<section class="floor"><h2>本店商品</h2><ul class="grid">
${goods.map((i) => `<li class="card"><a href="${esc(i.path)}"><div class="thumb">${esc(i.name.slice(0, 2))}</div><p class="name">${esc(i.name)}</p></a><p><span class="price">${price(i.price)}</span></p></li>`).join('\n')}
</ul></section>`;
  return familyPage(f, shop.name, main);
}

/** The 运费险 or 延保 option of a product page; the pre-checked box is ticked by script, so its HTML stays unticked. */
export const ADD_ON: Record<AddOnCase, string> = {
  none: '',
  'pre-checked': `<p class="addon"><label><input type="checkbox" id="addon"> 运费险 ¥3.00（退货可补贴运费）</label></p>
<script>addEventListener('load', function () { document.getElementById('addon').checked = true; });</script>`,
  'unchecked-with-notice': '<p class="addon"><label><input type="checkbox"> 运费险 ¥3.00</label>　<span class="addon-note">自愿选购，勾选后需另付费</span></p>',
  'unchecked-without-notice': '<p class="addon"><label><input type="checkbox"> 延长保修 1年 ¥29.00</label></p>',
};

function productPage(f: Family, item: ItemDef, keyword: string): string {
  const title = titleOf(item, keyword);
  if (f.pages?.product) return familyPage(f, title, f.pages.product(item, keyword));
  const main = `<section class="panel product">
<div class="thumb" style="background:#f3e9e0">${esc(item.name.slice(0, 2))}</div>
<div class="info">
<h1>${item.selfOperatedMark ? '<span class="tag tag-self">自营</span>' : ''}${esc(title)}</h1>
<p><span class="price">${price(item.price)}</span>　<span class="meta">月销 ${esc(salesOf(item))}</span></p>
<p>配送至：浙江 杭州市 西湖区　现货，付款后48小时内发货</p>
<p>服务：7天无理由退货 · 正品保障 · 运费险需自行选购</p>
${ADD_ON[f.site.addOn]}
<div class="seller-box"><span>店铺：</span><b>${esc(item.shop.name)}</b><a href="${esc(item.shop.path)}">${esc(f.words.shopLink)}</a></div>
</div>
</section>`;
  return familyPage(f, title, main);
}

export interface ServedFamily {
  platform: PlatformRecord;
  truth: PlatformTruth;
  server: LocalServer;
}

/** The privacy policy with the 个性化推荐 switch its settings offer. */
function privacyPage(f: Family): string {
  const settings = `<section class="panel privacy-settings"><h2>个性化推荐设置</h2>
<div class="setting"><div class="row"><span>个性化推荐</span> <input type="checkbox" role="switch" checked></div>
<p>关闭后，首页推荐和搜索结果将不针对您的个人特征，按综合排序展示。</p></div></section>`;
  return familyPage(f, '隐私政策', `<section class="panel">${docArticle(privacyPolicy(f.party))}</section>\n${settings}`);
}

/** Serves a platform: homepage, documents, products, shops, shop licences, and the family's own routes. */
export async function startFamily(f: Family, port = 0): Promise<ServedFamily> {
  const html = (body: () => string): Handler => (_req, res) => sendHtml(res, 200, body());
  const routes: Record<string, Handler> = {
    '/licence': html(() => platformLicencePage(f)),
    '/agreement': html(() => docPage(f.brand, serviceAgreement(f.party))),
    '/rules': html(() => docPage(f.brand, tradingRules(f.party))),
    // without a switch, the demo shops' shared privacy policy
    ...(f.site.nonPersonalisedOption && (f.nonPersonalisedAt ?? 'privacy') === 'privacy' ? { '/privacy': html(() => privacyPage(f)) } : {}),
    ...f.routes,
  };
  // A page at a hash route (/#/item/1) is the family's app's to render: the server sees only /.
  const served = (path: string) => !path.includes('#');
  for (const i of [...f.items, ...f.prohibited].filter((x) => served(x.path))) routes[i.path] = (_req, res, url) => sendHtml(res, 200, productPage(f, i, url.searchParams.get('kw') ?? ''));
  for (const s of f.shops.filter((x) => served(x.path))) {
    routes[s.path] = html(() => shopPage(f, s));
    if (s.truth.licence === 'link') routes[licencePathOf(f, s)] = html(() => sellerLicencePage(f, s));
  }
  const server = await listenLocal(shopHandler(f.brand, f.party, () => homepage(f), routes), port);
  return { platform: { ...f.record, url: server.url }, truth: truthOf(f), server };
}
