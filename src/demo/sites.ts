// The built-in sample platforms that `npm start` serves and scans, and the end-to-end fixture:
// six shops on 127.0.0.1, each on a port of its own, built so that each check of DEMO_CHECKS
// meets one verdict (and not-checked reason) per shop, as listed in `expected`. What makes each shop come out as it does is said at its definition.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NotCheckedReason, PlatformRecord, Verdict } from '../../rules/types.js';
import { USCC_CHARSET, usccCheckDigit } from '../../rules/lib/uscc.js';
import { escapeHtml } from '../html.js';
import { listenLocal, redirect, routeTable, sendBody, sendHtml, unusedPort, type Handler } from './http.js';
import { banner, docArticle, footer, notice, page, productGrid, type Brand, type Link, type Product } from './layout.js';
import { privacyPolicy, serviceAgreement, serviceAgreementWithFinalInterpretation, tradingRules, type Doc, type Party } from './texts.js';

export const DEMO_CHECKS = ['licence-display', 'agreement-display', 'enforcement-disclosure', 'credit-rules', 'ip-rules', 'complaint-channel', 'unfair-terms'] as const;
export type DemoCheckId = (typeof DEMO_CHECKS)[number];

export interface DemoSites {
  platforms: PlatformRecord[];
  expected: Record<string, Record<DemoCheckId, Verdict>>;
  /** The not-checked reason expected for the platforms that cannot be checked at all. */
  reasons: Record<string, NotCheckedReason>;
  close(): Promise<void>;
}

/** A valid credit code: the first 17 characters and their GB 32100 check character. */
export function validUscc(first17: string): string {
  const check = usccCheckDigit(first17);
  if (!check) throw new Error(`not a credit-code body: ${first17}`);
  return first17 + check;
}

/** The same code with a wrong check character, as a typo in a footer would give. */
export function withWrongCheckDigit(code: string): string {
  const right = USCC_CHARSET.indexOf(code[17]!);
  return code.slice(0, 17) + USCC_CHARSET[(right + 1) % USCC_CHARSET.length];
}

interface Shop {
  record: Omit<PlatformRecord, 'url'>;
  expected: Record<DemoCheckId, Verdict>;
  reason?: NotCheckedReason;
  /** How the site answers; none for a site whose server is never up. */
  handler?: Handler;
}

/** The pages every shop has, around its own routes; unknown paths answer 404 页面不存在. */
export function shopHandler(brand: Brand, party: Party, home: () => string, routes: Record<string, Handler>): Handler {
  const html = (body: string): Handler => (_req, res) => sendHtml(res, 200, body);
  return routeTable(
    {
      '/': (_req, res) => sendHtml(res, 200, home()),
      '/login': html(loginPage(brand)),
      '/privacy': html(docPage(brand, privacyPolicy(party))),
      ...routes,
    },
    (_req, res) => sendHtml(res, 404, notice(brand, '页面不存在', '抱歉，您访问的页面不存在或已被删除。')),
  );
}

export function docPage(brand: Brand, doc: Doc): string {
  return page({ brand, title: doc.title, main: docArticle(doc), footer: footer([], [`© 2025 ${brand.name} 版权所有`]) });
}

/** 投诉举报: a form and a hotline. */
function complaintPage(brand: Brand): string {
  return page({
    brand,
    title: '投诉举报',
    main: `<section class="panel"><h1>投诉举报</h1>
<p>消费者对平台内经营者的商品或服务有异议，或发现违法违规行为的，可通过本页面提交投诉举报。我们将在收到投诉后二个工作日内受理，并在七个工作日内反馈处理结果。您也可以拨打投诉热线 400-800-0000（每日 9:00–21:00），或向全国12315平台投诉。</p>
<form action="/complaint" method="post"><p>投诉对象（店铺名称）：<input name="shop"></p><p>订单编号：<input name="order"></p><p>问题描述：<textarea name="text"></textarea></p><button type="submit">提交投诉</button></form></section>`,
    footer: footer([], [`© ${brand.name}`]),
  });
}

function loginPage(brand: Brand): string {
  return page({
    brand,
    title: '登录',
    header: false,
    main: `<form class="login" action="/login" method="post">
  <h1>账号登录</h1>
  <input name="username" placeholder="手机号/用户名" autocomplete="username">
  <input name="password" type="password" placeholder="密码" autocomplete="current-password">
  <button type="submit">登录</button>
  <p><a href="/login?forgot=1">忘记密码</a>　<a href="/login?register=1">免费注册</a></p>
</form>`,
    footer: footer([], [`© 2025 ${brand.name}`]),
  });
}

const DAY = 86_400_000;
/** A date `days` before now as the lists print it (2025-03-08): the demo's notices stay as fresh as the scan. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
}

/** 违规处理公示: a table of measures taken against sellers; a row's missing cell stays empty. */
function enforcementPage(brand: Brand, rows: readonly (readonly [shop: string, violation: string, measure: string, date: string])[]): string {
  const cell = (v: string) => `<td>${escapeHtml(v)}</td>`;
  return page({
    brand,
    title: '违规处理公示',
    main: `<section class="panel"><h1>违规处理公示</h1>
<p>根据《中华人民共和国电子商务法》第三十六条及《网络交易监督管理办法》第三十条，${escapeHtml(brand.name)}对平台内经营者违反法律法规或平台规则的行为依法依规采取处置措施，并将处置信息在此公示。公示内容包括店铺名称、违规行为、处理措施及处理日期。经营者对处理结果有异议的，可在收到通知之日起七日内通过商家后台提出申诉。</p>
<table><tr><th>店铺名称</th><th>违规行为</th><th>处理措施</th><th>处理日期</th></tr>
${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n')}</table></section>`,
    footer: footer([], [`© ${brand.name}`]),
  });
}

/** A short rules document (信用评价规则, 知识产权保护规则) and, under it, extra HTML such as an entry link. */
function rulesPage(brand: Brand, title: string, articles: readonly string[], after = ''): string {
  const doc: Doc = { title, dates: '版本生效日期：2025年1月1日', preface: [`为规范${brand.name}平台秩序，保护各方合法权益，制定本规则。`], chapters: [{ heading: '规则内容', articles }] };
  return page({ brand, title, main: docArticle(doc) + after, footer: footer([], [`© ${brand.name}`]) });
}

const CREDIT_ARTICLES = [
  '买家在交易成功后十五日内，可对所购商品或服务的描述相符、物流服务和卖家服务进行评价，评价分为好评、中评、差评三类，并可附文字和图片。',
  '每个自然月中，同一买家对同一卖家的评价计分不超过六分；评价计分累计形成卖家信用等级，在店铺页面公示。',
  '平台不得删除买家的评价；卖家不得以返现、威胁等方式诱导或强迫买家修改评价。发现炒作信用行为的，平台将删除相应评价计分并依规处理。',
  '卖家对评价有异议的，可在评价公示后三十日内提交解释或申诉材料；平台在七个工作日内核查并答复，核查期间评价继续公示，核查结论及依据一并公示。',
];
const IP_ARTICLES = [
  '平台内经营者应当尊重他人的商标权、著作权、专利权等知识产权，不得发布、销售侵犯他人知识产权的商品或信息。',
  '平台对涉嫌侵权的商品信息，将依据法律规定采取删除、屏蔽、断开链接、终止交易和服务等必要措施，并对情节严重的经营者采取关闭店铺等处置措施。',
  '平台内经营者可就相关处理提交不存在侵权行为的声明，平台将依法转送并告知处理结果。',
  '平台建立知识产权保护档案，对多次被认定侵权的经营者采取限制发布商品、冻结账户直至清退等措施，并依法配合知识产权行政管理部门和司法机关的调查工作。',
];

/** A product page; `reviews` adds its 商品评价 tab and section. */
function productPage(brand: Brand, p: Product, reviews: boolean): string {
  const tabs = ['商品详情', '规格参数', ...(reviews ? ['商品评价(128)'] : [])];
  return page({
    brand,
    title: p.name,
    main: `<section class="panel"><h1>${escapeHtml(p.name)}</h1>
<p><span class="price">¥${p.price.toFixed(2)}</span>　已售${escapeHtml(p.sold)}　店铺：${escapeHtml(p.shop)}</p>
<ul class="tabs">${tabs.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>
<p>正品保障，7天无理由退货，48小时内发货。</p>
${reviews ? '<h3>商品评价</h3><p>“做工不错，和描述一致，物流也快。”——买家 z***8</p>' : ''}</section>`,
    footer: footer([], [`© ${brand.name}`]),
  });
}

/** The homepage, and the product page for `/?item=N` (the product cards' links). */
function homeAndProducts(brand: Brand, products: readonly Product[], home: () => string, reviews: boolean): Handler {
  return (_req, res, url) => {
    const product = products[Number(url.searchParams.get('item')) - 1];
    sendHtml(res, 200, product ? productPage(brand, product, reviews) : home());
  };
}

function homepage(brand: Brand, products: readonly Product[], footerHtml: string, script?: string): string {
  const half = Math.ceil(products.length / 2);
  const main = [
    banner(`${brand.name} · 春季焕新节`, '满199减30，全场包邮，7天无理由退货'),
    productGrid('今日推荐', products.slice(0, half)),
    productGrid('热销榜单', products.slice(half)),
  ].join('\n');
  return page({ brand, main, footer: footerHtml, script });
}

/**
 * Compliant on every check: name and credit code in the footer, a licence page, agreement and
 * rules one click away; a recent and complete 违规处理公示 table, 信用评价规则 and review tabs on
 * product pages, 知识产权保护 rules with a 侵权投诉 entry, and a 投诉举报 page and hotline.
 */
function hemei(): Shop {
  const brand: Brand = { name: '合美优选', tagline: '品质生活好物商城', colour: '#e1251b' };
  const party: Party = { brand: brand.name, company: '合美网络科技有限公司' };
  const code = validUscc('91330106MA27U8XK3');
  const products: Product[] = [
    { name: '合美严选 长绒棉四件套 1.8m床', price: 299, was: 399, sold: '2.3万', shop: '合美家纺旗舰店' },
    { name: '便携榨汁杯 无线充电 350ml', price: 89.9, sold: '1.1万', shop: '小厨电器专营店' },
    { name: '西湖龙井 明前特级 250g礼盒', price: 358, was: 428, sold: '6,812', shop: '杭茶老字号' },
    { name: '儿童保温杯 316不锈钢 500ml', price: 69, sold: '3.5万', shop: '乐童母婴店' },
    { name: '轻薄羽绒服 女款 90%白鸭绒', price: 459, was: 699, sold: '9,204', shop: '暖冬服饰旗舰店' },
    { name: '无线降噪耳机 蓝牙5.3', price: 199, sold: '5.6万', shop: '声悦数码专营店' },
    { name: '东北五常大米 稻花香 5kg', price: 59.9, sold: '12万', shop: '北粮优品' },
    { name: '实木折叠餐桌 北欧风', price: 899, was: 1099, sold: '2,045', shop: '木语家居' },
  ];
  const footerHtml = footer(
    [
      { text: '营业执照信息', href: '/licence' },
      { text: '用户服务协议', href: '/agreement' },
      { text: '交易规则', href: '/rules' },
      { text: '违规处理公示', href: '/enforcement' },
      { text: '信用评价规则', href: '/credit-rules' },
      { text: '知识产权保护', href: '/ip' },
      { text: '投诉举报', href: '/complaint' },
      { text: '隐私政策', href: '/privacy' },
    ],
    [
      `营业执照：${party.company} 统一社会信用代码 ${code}`,
      '增值电信业务经营许可证：浙B2-20190001<span>|</span><a href="https://beian.miit.gov.cn/">浙ICP备19000001号-1</a><span>|</span>浙公网安备 33010602011771号',
      `© 2016-2025 ${brand.name} 版权所有　地址：浙江省杭州市西湖区文三路90号　客服及投诉热线：400-800-0000`,
    ],
  );
  const licenceRows: [string, string][] = [
    ['名称', party.company],
    ['统一社会信用代码', code],
    ['类型', '有限责任公司（自然人投资或控股）'],
    ['住所', '浙江省杭州市西湖区文三路90号东部软件园科技大厦8层'],
    ['法定代表人', '陈立明'],
    ['注册资本', '1000万元人民币'],
    ['成立日期', '2016年05月18日'],
    ['经营范围', '一般项目：网络技术服务；技术服务、技术开发；互联网销售（除销售需要许可的商品）；日用百货销售。许可项目：第二类增值电信业务。'],
    ['登记机关', '杭州市西湖区市场监督管理局'],
    ['增值电信业务经营许可证', '浙B2-20190001'],
  ];
  const licencePage = page({
    brand,
    title: '营业执照信息',
    main: `<section class="panel"><h1>营业执照信息</h1>
<table>${licenceRows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p>以上信息与国家企业信用信息公示系统登记信息一致。</p></section>`,
    footer: footer([], [`© 2016-2025 ${brand.name} 版权所有`]),
  });
  return {
    record: { id: 'hemei', name: party.company, uscc: code, platform: brand.name, region: '330106', risk: 'low' },
    expected: { 'licence-display': 'compliant', 'agreement-display': 'compliant', 'enforcement-disclosure': 'compliant', 'credit-rules': 'compliant', 'ip-rules': 'compliant', 'complaint-channel': 'compliant', 'unfair-terms': 'compliant' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml), {
      '/': homeAndProducts(brand, products, () => homepage(brand, products, footerHtml), true),
      '/licence': (_req, res) => sendHtml(res, 200, licencePage),
      '/enforcement': (_req, res) =>
        sendHtml(res, 200, enforcementPage(brand, [
          ['声悦数码专营店', '出售假冒注册商标商品', '下架商品并扣除12分', daysAgo(6)],
          ['暖冬服饰旗舰店', '商品描述与实物不符', '警告并限制商品发布7天', daysAgo(23)],
          ['北方好物小店', '虚假交易（刷单炒信）', '关闭店铺', daysAgo(51)],
        ])),
      '/credit-rules': (_req, res) => sendHtml(res, 200, rulesPage(brand, '信用评价规则', CREDIT_ARTICLES)),
      '/ip': (_req, res) => sendHtml(res, 200, rulesPage(brand, '知识产权保护规则', IP_ARTICLES, '<section class="panel"><p>权利人认为平台内商品侵犯其知识产权的，请通过<a href="/ip/complaint">知识产权侵权投诉入口</a>提交通知及构成侵权的初步证据。</p></section>')),
      '/complaint': (_req, res) => sendHtml(res, 200, complaintPage(brand)),
      '/agreement': (_req, res) => sendHtml(res, 200, docPage(brand, serviceAgreement(party))),
      '/rules': (_req, res) => sendHtml(res, 200, docPage(brand, tradingRules(party))),
    }),
  };
}

/**
 * Violation on every check: no licence information anywhere, an agreement (claiming 最终解释权) but no transaction
 * rules, and none of the enforcement, credit, IP or complaint disclosures; its product pages have
 * no review section.
 */
function xinghe(): Shop {
  const brand: Brand = { name: '星河购', tagline: '潮流数码 一站购齐', colour: '#5b3cc4' };
  const party: Party = { brand: brand.name, company: '星河电子商务有限公司' };
  const products: Product[] = [
    { name: '星河 Pro 14英寸轻薄笔记本 16G+512G', price: 4599, was: 5299, sold: '3,120', shop: '星河数码自营' },
    { name: '机械键盘 87键 热插拔 茶轴', price: 229, sold: '1.8万', shop: '键客外设' },
    { name: '65W 氮化镓快充充电器', price: 99, was: 129, sold: '4.2万', shop: '电能小铺' },
    { name: '智能手表 血氧心率监测', price: 399, sold: '7,630', shop: '腕间科技' },
    { name: '4K 高清投影仪 家用', price: 1899, was: 2399, sold: '1,506', shop: '光影家庭影院' },
    { name: '电竞显示器 27英寸 165Hz', price: 1299, sold: '2,981', shop: '星河数码自营' },
  ];
  const footerHtml = footer(
    [
      { text: '隐私政策', href: '/privacy' },
      { text: '服务协议', href: '/agreement' },
    ],
    [`© 2025 ${brand.name} 版权所有`],
  );
  return {
    record: { id: 'xinghe', name: party.company, uscc: validUscc('91440300MA5F2G7D1'), platform: brand.name, region: '440300', risk: 'general' },
    expected: { 'licence-display': 'violation', 'agreement-display': 'violation', 'enforcement-disclosure': 'violation', 'credit-rules': 'violation', 'ip-rules': 'violation', 'complaint-channel': 'violation', 'unfair-terms': 'violation' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml), {
      '/': homeAndProducts(brand, products, () => homepage(brand, products, footerHtml), false),
      '/agreement': (_req, res) => sendHtml(res, 200, docPage(brand, serviceAgreementWithFinalInterpretation(party))),
    }),
  };
}

/**
 * Needs review on both: the footer's credit code fails its check digit (and so differs from the
 * roster record, which holds the right one), and the agreement, reached through the rules centre,
 * is behind a login wall. Its rules centre also lists a 违规处理公示 whose entries are old and one
 * lacks its date, 信用评价规则 (but product pages have no review section), and 知识产权保护规则
 * with no complaint entry for rights holders; the footer refers complaints to 12315 (compliant).
 */
function lanshan(): Shop {
  const brand: Brand = { name: '蓝山集市', tagline: '山货特产 产地直发', colour: '#1e7f5c' };
  const party: Party = { brand: brand.name, company: '蓝山网络有限公司' };
  const code = validUscc('91140500MA0K3H9P2');
  const products: Product[] = [
    { name: '沁州黄小米 5斤装 当季新米', price: 49.9, sold: '2.6万', shop: '长治杂粮铺' },
    { name: '老陈醋 六年陈酿 500ml×2', price: 36.8, was: 45, sold: '3.9万', shop: '清徐醋坊' },
    { name: '阳城蚕丝被 桑蚕丝 200×230', price: 568, sold: '1,203', shop: '晋城丝绸' },
    { name: '太行山核桃 薄皮 2.5kg', price: 79, was: 99, sold: '8,455', shop: '太行山货' },
    { name: '平遥牛肉 真空装 200g×5', price: 88, sold: '1.4万', shop: '古城食品' },
    { name: '沁水黑木耳 干货 500g', price: 42, sold: '6,010', shop: '太行山货' },
  ];
  const footerHtml = footer(
    [
      { text: '规则中心', href: '/rules-center' },
      { text: '隐私政策', href: '/privacy' },
    ],
    [
      `经营者：${party.company}　统一社会信用代码：${withWrongCheckDigit(code)}`,
      '<a href="https://beian.miit.gov.cn/">晋ICP备20000002号</a>　消费者投诉举报请拨打 12315',
      `© 2020-2025 ${brand.name}`,
    ],
  );
  const centreLinks: Link[] = [
    { text: '用户服务协议', href: '/agreement' },
    { text: '交易规则', href: '/trade-rules' },
    { text: '违规处理公示', href: '/punish' },
    { text: '信用评价规则', href: '/credit' },
    { text: '知识产权保护规则', href: '/ipr' },
    { text: '隐私政策', href: '/privacy' },
  ];
  const rulesCentre = page({
    brand,
    title: '规则中心',
    main: `<section class="panel"><h1>规则中心</h1>
<p>${brand.name}各项协议与规则的公示栏目。规则修改时，我们将提前七日在此公示。</p>
<ul>${centreLinks.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul></section>`,
    footer: footer([], [`© 2020-2025 ${brand.name}`]),
  });
  return {
    record: { id: 'lanshan', name: party.company, uscc: code, platform: brand.name, region: '140500', risk: 'higher' },
    expected: { 'licence-display': 'needs-review', 'agreement-display': 'needs-review', 'enforcement-disclosure': 'needs-review', 'credit-rules': 'needs-review', 'ip-rules': 'needs-review', 'complaint-channel': 'compliant', 'unfair-terms': 'compliant' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml), {
      '/': homeAndProducts(brand, products, () => homepage(brand, products, footerHtml), false),
      '/rules-center': (_req, res) => sendHtml(res, 200, rulesCentre),
      '/punish': (_req, res) =>
        sendHtml(res, 200, enforcementPage(brand, [
          ['太行山货', '出售变质食品', '下架商品', daysAgo(300)],
          ['古城食品', '未公示食品经营许可证', '限期整改', ''],
          ['晋南特产店', '虚假宣传', '警告', daysAgo(420)],
        ])),
      '/credit': (_req, res) => sendHtml(res, 200, rulesPage(brand, '信用评价规则', CREDIT_ARTICLES)),
      '/ipr': (_req, res) => sendHtml(res, 200, rulesPage(brand, '知识产权保护规则', IP_ARTICLES)),
      '/agreement': (_req, res) => redirect(res, '/login?redirect=%2Fagreement'),
      '/trade-rules': (_req, res) => sendHtml(res, 200, docPage(brand, tradingRules(party))),
    }),
  };
}

/** 24×24 round red badge, the look of the 电子营业执照 亮照 mark. */
const BADGE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAZ0lEQVR42mP4TyXAgFX0hIAeHkSsQfhNwWUWA6lG4DKOAY8pxDiWgEH4wxWfQcSbgks9AxmmYDWLNgZhUX6dAYFwm0XIIGRTsJk1ahAFgT1o0hHVsgg1My01ixGqFWzULGqpXPiTBwCp5Au0/dv50AAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Licence compliant, agreement violation. The footer is rendered by script ~300 ms after load, so
 * only a browser sees it: a badge linking to the SAMR display system and the telecom licence;
 * its 用户协议 link is dead (404) while 平台规则 works. Its 违规公示 link is dead too (violation);
 * it has no credit rules although product pages take reviews (needs review); its 知识产权 page has
 * a 侵权投诉 entry and its 投诉举报 page a form (both compliant).
 */
function yunduan(): Shop {
  const brand: Brand = { name: '云端好物', tagline: '发现好物 就在云端', colour: '#1677ff' };
  const party: Party = { brand: brand.name, company: '云端好物科技有限公司' };
  const code = validUscc('91110105MA01QW8T4');
  const products: Product[] = [
    { name: '云端精选 挂耳咖啡 10g×30包', price: 59, was: 79, sold: '4.8万', shop: '云端好物自营' },
    { name: '香薰加湿器 静音 大容量', price: 129, sold: '1.3万', shop: '居家小物' },
    { name: '真丝眼罩 遮光助眠', price: 39.9, sold: '2.2万', shop: '好眠研究所' },
    { name: '便携露营椅 铝合金 折叠', price: 169, was: 219, sold: '5,340', shop: '野趣户外' },
    // three cards a row, so the search results read as a list of items
    { name: '手冲咖啡壶 细口 600ml', price: 89, sold: '7,215', shop: '云端好物自营' },
    { name: '桌面收纳盒 三层 抽屉式', price: 45.9, sold: '1.9万', shop: '居家小物' },
  ];
  // Footer data as a bundler would inline it: non-ASCII escaped, so the served HTML holds no
  // footer text at all, only script that builds it.
  const footerData = {
    links: [
      { text: '用户协议', href: '/terms' },
      { text: '平台规则', href: '/platform-rules' },
      { text: '违规公示', href: '/violations' },
      { text: '知识产权', href: '/ip-protection' },
      { text: '投诉举报', href: '/report' },
      { text: '隐私政策', href: '/privacy' },
    ],
    badge: {
      href: `https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?showType=p&serial=${code}-SAIC_SHOW_10000091110105MA01QW8T4A1600000000001&signData=MEUCIQDv7xq`,
      src: '/static/zzlz-badge.png',
      alt: '电子营业执照亮照',
    },
    lines: ['增值电信业务经营许可证：京B2-20200003', `© 2020-2025 ${party.company}`],
  };
  const json = JSON.stringify(footerData).replace(/[^\x20-\x7e]|[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const script = `setTimeout(function () {
  var data = ${json};
  var root = document.getElementById('footer-root');
  var row = document.createElement('p');
  row.className = 'links';
  data.links.forEach(function (l) {
    var a = document.createElement('a');
    a.href = l.href;
    a.textContent = l.text;
    row.appendChild(a);
  });
  var badge = document.createElement('a');
  badge.className = 'badge';
  badge.href = data.badge.href;
  badge.target = '_blank';
  var img = document.createElement('img');
  img.src = data.badge.src;
  img.alt = data.badge.alt;
  img.width = 24;
  img.height = 24;
  badge.appendChild(img);
  var licences = document.createElement('p');
  licences.appendChild(badge);
  licences.appendChild(document.createTextNode(' ' + data.lines[0]));
  var copyright = document.createElement('p');
  copyright.textContent = data.lines[1];
  root.append(row, licences, copyright);
}, 300);`;
  const footerHtml = '<div class="wrap" id="footer-root"></div>';
  return {
    record: { id: 'yunduan', name: party.company, uscc: code, platform: brand.name, region: '110105', risk: 'general' },
    expected: { 'licence-display': 'compliant', 'agreement-display': 'violation', 'enforcement-disclosure': 'violation', 'credit-rules': 'needs-review', 'ip-rules': 'compliant', 'complaint-channel': 'compliant', 'unfair-terms': 'compliant' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml, script), {
      '/': homeAndProducts(brand, products, () => homepage(brand, products, footerHtml, script), true),
      '/ip-protection': (_req, res) => sendHtml(res, 200, rulesPage(brand, '知识产权保护规则', IP_ARTICLES, '<section class="panel"><p><a href="/ip-protection/complaint">侵权投诉</a></p></section>')),
      '/report': (_req, res) => sendHtml(res, 200, complaintPage(brand)),
      '/platform-rules': (_req, res) => sendHtml(res, 200, docPage(brand, tradingRules(party))),
      '/static/zzlz-badge.png': (_req, res) => sendBody(res, 200, 'image/png', BADGE_PNG),
    }),
  };
}

/** Not checked: nothing listens on its port. */
function duanxian(): Shop {
  return {
    record: { id: 'duanxian', name: '断线商贸（太原）有限公司', uscc: validUscc('91140100MA0L2N6R7'), platform: '断线商城', region: '140100', risk: 'high' },
    expected: Object.fromEntries(DEMO_CHECKS.map((c) => [c, 'not-checked'])) as Record<DemoCheckId, Verdict>,
    reason: 'connection-refused',
  };
}

/** Not checked: every request is turned away with 403. */
function fengsuo(): Shop {
  const brand: Brand = { name: '封锁商城', tagline: '', colour: '#555555' };
  const denied = notice(brand, '访问被拒绝', '您的访问请求已被拒绝（403 Forbidden）。');
  return {
    record: { id: 'fengsuo', name: '苏州封锁网络科技有限公司', uscc: validUscc('91320500MA1W9C3B5'), platform: brand.name, region: '320500', risk: 'higher' },
    expected: Object.fromEntries(DEMO_CHECKS.map((c) => [c, 'not-checked'])) as Record<DemoCheckId, Verdict>,
    reason: 'blocked',
    handler: (_req, res) => sendHtml(res, 403, denied),
  };
}

/**
 * Starts the demo shops; the roster records point at them. With `firstPort` the shops listen on
 * it and the ports after it, in the order above, and the unreachable one's port is left free.
 */
export async function startDemoSites(firstPort?: number): Promise<DemoSites> {
  const shops = [hemei(), xinghe(), lanshan(), yunduan(), duanxian(), fengsuo()];
  const started = await Promise.allSettled(shops.map((s, i) => (s.handler ? listenLocal(s.handler, firstPort === undefined ? 0 : firstPort + i) : Promise.resolve(null))));
  const servers = started.map((r) => (r.status === 'fulfilled' ? r.value : null));
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s?.close()));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  // Taken last, so none of the servers above can have been given this port; with fixed ports, the
  // unreachable shop's own is left free.
  const unused = firstPort === undefined ? await unusedPort() : null;
  const platforms = shops.map((s, i) => ({ ...s.record, url: servers[i]?.url ?? `http://127.0.0.1:${unused ?? firstPort! + i}/` }));
  return {
    platforms,
    expected: Object.fromEntries(shops.map((s) => [s.record.id, s.expected])),
    reasons: Object.fromEntries(shops.flatMap((s) => (s.reason ? [[s.record.id, s.reason]] : []))),
    close,
  };
}

const ROSTER_COLUMNS = ['id', 'name', 'uscc', 'url', 'platform', 'region', 'risk'] as const;

function csvField(value: string | undefined): string {
  const v = value ?? '';
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes a roster CSV as an office's spreadsheet export would: UTF-8 with BOM, CRLF lines. */
export async function writeDemoRoster(platforms: readonly PlatformRecord[], file: string): Promise<void> {
  const lines = [ROSTER_COLUMNS.join(','), ...platforms.map((p) => ROSTER_COLUMNS.map((c) => csvField(p[c])).join(','))];
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
