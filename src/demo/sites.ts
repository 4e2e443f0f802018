// The built-in sample platforms that `npm start` serves and scans, and the end-to-end fixture:
// six shops on 127.0.0.1, each on a port of its own, built so that the licence-display and
// agreement-display checks each meet one verdict (and not-checked reason) per shop, as listed in
// `expected`. What makes each shop come out as it does is said at its definition.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NotCheckedReason, PlatformRecord, Verdict } from '../../rules/types.js';
import { USCC_CHARSET, usccCheckDigit } from '../../rules/lib/uscc.js';
import { escapeHtml, listenLocal, redirect, routeTable, sendBody, sendHtml, unusedPort, type Handler } from './http.js';
import { banner, docArticle, footer, notice, page, productGrid, type Brand, type Link, type Product } from './layout.js';
import { privacyPolicy, serviceAgreement, tradingRules, type Doc, type Party } from './texts.js';

export const DEMO_CHECKS = ['licence-display', 'agreement-display'] as const;
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

function homepage(brand: Brand, products: readonly Product[], footerHtml: string, script?: string): string {
  const half = Math.ceil(products.length / 2);
  const main = [
    banner(`${brand.name} · 春季焕新节`, '满199减30，全场包邮，7天无理由退货'),
    productGrid('今日推荐', products.slice(0, half)),
    productGrid('热销榜单', products.slice(half)),
  ].join('\n');
  return page({ brand, main, footer: footerHtml, script });
}

/** Compliant on both: name and credit code in the footer, a licence page, agreement and rules one click away. */
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
      { text: '隐私政策', href: '/privacy' },
    ],
    [
      `营业执照：${party.company} 统一社会信用代码 ${code}`,
      '增值电信业务经营许可证：浙B2-20190001<span>|</span><a href="https://beian.miit.gov.cn/">浙ICP备19000001号-1</a><span>|</span>浙公网安备 33010602011771号',
      `© 2016-2025 ${brand.name} 版权所有　地址：浙江省杭州市西湖区文三路90号　客服热线：400-800-0000`,
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
    expected: { 'licence-display': 'compliant', 'agreement-display': 'compliant' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml), {
      '/licence': (_req, res) => sendHtml(res, 200, licencePage),
      '/agreement': (_req, res) => sendHtml(res, 200, docPage(brand, serviceAgreement(party))),
      '/rules': (_req, res) => sendHtml(res, 200, docPage(brand, tradingRules(party))),
    }),
  };
}

/** Violation on both: no licence information anywhere, and an agreement but no transaction rules. */
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
    expected: { 'licence-display': 'violation', 'agreement-display': 'violation' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml), {
      '/agreement': (_req, res) => sendHtml(res, 200, docPage(brand, serviceAgreement(party))),
    }),
  };
}

/**
 * Needs review on both: the footer's credit code fails its check digit (and so differs from the
 * roster record, which holds the right one), and the agreement, reached through the rules centre,
 * is behind a login wall.
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
      '<a href="https://beian.miit.gov.cn/">晋ICP备20000002号</a>',
      `© 2020-2025 ${brand.name}`,
    ],
  );
  const centreLinks: Link[] = [
    { text: '用户服务协议', href: '/agreement' },
    { text: '交易规则', href: '/trade-rules' },
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
    expected: { 'licence-display': 'needs-review', 'agreement-display': 'needs-review' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml), {
      '/rules-center': (_req, res) => sendHtml(res, 200, rulesCentre),
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
 * its 用户协议 link is dead (404) while 平台规则 works.
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
  ];
  // Footer data as a bundler would inline it: non-ASCII escaped, so the served HTML holds no
  // footer text at all, only script that builds it.
  const footerData = {
    links: [
      { text: '用户协议', href: '/terms' },
      { text: '平台规则', href: '/platform-rules' },
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
    expected: { 'licence-display': 'compliant', 'agreement-display': 'violation' },
    handler: shopHandler(brand, party, () => homepage(brand, products, footerHtml, script), {
      '/platform-rules': (_req, res) => sendHtml(res, 200, docPage(brand, tradingRules(party))),
      '/static/zzlz-badge.png': (_req, res) => sendBody(res, 200, 'image/png', BADGE_PNG),
    }),
  };
}

/** Not checked: nothing listens on its port. */
function duanxian(): Shop {
  return {
    record: { id: 'duanxian', name: '断线商贸（太原）有限公司', uscc: validUscc('91140100MA0L2N6R7'), platform: '断线商城', region: '140100', risk: 'high' },
    expected: { 'licence-display': 'not-checked', 'agreement-display': 'not-checked' },
    reason: 'connection-refused',
  };
}

/** Not checked: every request is turned away with 403. */
function fengsuo(): Shop {
  const brand: Brand = { name: '封锁商城', tagline: '', colour: '#555555' };
  const denied = notice(brand, '访问被拒绝', '您的访问请求已被拒绝（403 Forbidden）。');
  return {
    record: { id: 'fengsuo', name: '苏州封锁网络科技有限公司', uscc: validUscc('91320500MA1W9C3B5'), platform: brand.name, region: '320500', risk: 'higher' },
    expected: { 'licence-display': 'not-checked', 'agreement-display': 'not-checked' },
    reason: 'blocked',
    handler: (_req, res) => sendHtml(res, 403, denied),
  };
}

/** Starts the demo shops; the roster records point at them. */
export async function startDemoSites(): Promise<DemoSites> {
  const shops = [hemei(), xinghe(), lanshan(), yunduan(), duanxian(), fengsuo()];
  const started = await Promise.allSettled(shops.map((s) => (s.handler ? listenLocal(s.handler) : Promise.resolve(null))));
  const servers = started.map((r) => (r.status === 'fulfilled' ? r.value : null));
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s?.close()));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  // Taken last, so none of the servers above can have been given this port.
  const deadUrl = `http://127.0.0.1:${await unusedPort()}/`;
  const platforms = shops.map((s, i) => ({ ...s.record, url: servers[i]?.url ?? deadUrl }));
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
