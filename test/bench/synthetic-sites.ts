// Synthetic platforms for the benchmark: N shops on 127.0.0.1, each with M pages the crawler
// reaches (its homepage and M−1 agreement, rules and licence pages linked by text), built from
// the demo shops' layout and texts. The variants cycle with the platform's index so that the
// rules meet every branch they would on a real roster, not only the compliant path.
import type { PlatformRecord } from '../../rules/types.js';
import { USCC_CHARSET } from '../../rules/lib/uscc.js';
import { escapeHtml } from '../../src/html.js';
import { listenLocal, routeTable, sendHtml, type Handler, type LocalServer } from '../../src/demo/http.js';
import { banner, docArticle, footer, notice, page, productGrid, type Brand, type Link, type Product } from '../../src/demo/layout.js';
import { validUscc } from '../../src/demo/sites.js';
import { privacyPolicy, serviceAgreement, tradingRules, type Doc, type Party } from '../../src/demo/texts.js';

export interface SyntheticSites {
  platforms: PlatformRecord[];
  close(): Promise<void>;
}

type LinkedKind = 'agreement' | 'rules' | 'licence';

/** Link texts the crawler's classifyLink reads as each kind; the n-th link of a kind takes the n-th. */
const LINK_TEXTS: Readonly<Record<LinkedKind, readonly string[]>> = {
  agreement: ['用户服务协议', '平台服务协议', '会员协议', '注册协议', '服务条款'],
  rules: ['交易规则', '平台规则', '管理规则', '交易规范', '规则总则'],
  licence: ['营业执照信息', '证照信息', '企业资质', '经营证照', '电子营业执照'],
};
const KIND_ORDER: readonly LinkedKind[] = ['agreement', 'rules', 'licence'];
const DEAD_LINK_KINDS: readonly LinkedKind[] = ['rules', 'licence', 'agreement'];

/** What the homepage footer says about the operator's licence. */
type LicenceFooter = 'valid' | 'none' | 'wrong-check-digit';
const LICENCE_FOOTERS: readonly LicenceFooter[] = ['valid', 'none', 'wrong-check-digit'];

const PRODUCT_NAMES = ['长绒棉四件套', '便携榨汁杯', '明前龙井礼盒', '儿童保温杯', '轻薄羽绒服', '无线降噪耳机', '五常大米 5kg', '实木折叠餐桌', '机械键盘', '氮化镓快充', '智能手表', '家用投影仪'];

/** Links of each kind a homepage carries for M pages: what maxLinksPerKind must allow. */
export function linksPerKind(pages: number): number {
  return Math.ceil(Math.max(pages - 1, 0) / KIND_ORDER.length);
}

function uscc(index: number): string {
  const tail = [...String(index).padStart(7, '0')].map((d) => USCC_CHARSET[Number(d) * 3]!).join('');
  return validUscc(`91330106MA${tail}`);
}

function wrongCheckDigit(code: string): string {
  return code.slice(0, 17) + USCC_CHARSET[(USCC_CHARSET.indexOf(code[17]!) + 1) % USCC_CHARSET.length];
}

function products(index: number, shop: string): Product[] {
  return Array.from({ length: 8 }, (_, j) => ({
    name: PRODUCT_NAMES[(index + j) % PRODUCT_NAMES.length]!,
    price: 19.9 + ((index * 37 + j * 53) % 900),
    ...(j % 3 === 0 ? { was: 999 } : {}),
    sold: `${(index + j) % 9 + 1}.${j}万`,
    shop,
  }));
}

interface LinkedPage {
  kind: LinkedKind;
  text: string;
  href: string;
}

/** One shop of index i with `pages` pages in all. */
function shop(i: number, pages: number): { record: Omit<PlatformRecord, 'url'>; handler: Handler } {
  const n = i + 1;
  const brand: Brand = { name: `合成商城${n}号`, tagline: '基准测试用的合成平台', colour: `hsl(${(i * 47) % 360} 65% 42%)` };
  const party: Party = { brand: brand.name, company: `合成${n}号网络科技有限公司` };
  const code = uscc(n);
  const licenceFooter = LICENCE_FOOTERS[i % LICENCE_FOOTERS.length]!;
  const withIcp = i % 2 === 0;
  // Every fourth shop has a dead link (to its first rules, licence or agreement page in turn), and
  // every third puts its agreements and rules behind a 规则中心 (one page of the M, leading on).
  const deadKind = i % 4 === 3 ? DEAD_LINK_KINDS[Math.floor(i / 4) % DEAD_LINK_KINDS.length] : undefined;
  const viaCentre = i % 3 === 2 && pages >= 3;

  const linked: LinkedPage[] = [];
  const seen = new Map<LinkedKind, number>();
  for (let j = 0; j < pages - 1 - (viaCentre ? 1 : 0); j++) {
    const kind = KIND_ORDER[j % KIND_ORDER.length]!;
    const k = seen.get(kind) ?? 0;
    seen.set(kind, k + 1);
    linked.push({ kind, text: LINK_TEXTS[kind][k % LINK_TEXTS[kind].length]!, href: `/${kind}-${k + 1}` });
  }
  const onCentre = viaCentre ? linked.filter((l) => l.kind !== 'licence') : [];
  const onHome: Link[] = [...(viaCentre ? [{ text: '规则中心', href: '/rules-centre' }] : []), ...linked.filter((l) => !onCentre.includes(l)), { text: '隐私政策', href: '/privacy' }];

  const licenceLine = {
    valid: [`营业执照：${escapeHtml(party.company)} 统一社会信用代码 ${code}`],
    none: [],
    'wrong-check-digit': [`经营者：${escapeHtml(party.company)}　统一社会信用代码：${wrongCheckDigit(code)}`],
  }[licenceFooter];
  const footerHtml = footer(onHome, [
    ...licenceLine,
    ...(withIcp ? [`增值电信业务经营许可证：浙B2-2019${String(n).padStart(4, '0')}<span>|</span><a href="https://beian.miit.gov.cn/">浙ICP备19${String(n).padStart(6, '0')}号-1</a>`] : []),
    `© 2025 ${escapeHtml(brand.name)} 版权所有`,
  ]);
  const smallPrint = footer([], [`© 2025 ${escapeHtml(brand.name)} 版权所有`]);
  const home = page({
    brand,
    main: [banner(`${brand.name} · 春季焕新节`, '满199减30，全场包邮'), productGrid('今日推荐', products(i, `${brand.name}自营`))].join('\n'),
    footer: footerHtml,
  });
  const docPage = (doc: Doc) => page({ brand, title: doc.title, main: docArticle(doc), footer: smallPrint });
  const licencePage = (title: string) =>
    page({
      brand,
      title,
      main: `<section class="panel"><h1>${escapeHtml(title)}</h1><table>
<tr><th>名称</th><td>${escapeHtml(party.company)}</td></tr>
<tr><th>统一社会信用代码</th><td>${code}</td></tr>
<tr><th>住所</th><td>浙江省杭州市西湖区文三路${n}号</td></tr>
<tr><th>登记机关</th><td>杭州市西湖区市场监督管理局</td></tr>
</table></section>`,
      footer: smallPrint,
    });

  const privacy = docPage(privacyPolicy(party));
  const routes: Record<string, Handler> = { '/': (_req, res) => sendHtml(res, 200, home), '/privacy': (_req, res) => sendHtml(res, 200, privacy) };
  for (const l of linked) {
    const body =
      l.kind === 'licence' ? licencePage(l.text) : docPage({ ...(l.kind === 'agreement' ? serviceAgreement(party) : tradingRules(party)), title: l.text });
    routes[l.href] = (_req, res) => sendHtml(res, 200, body);
  }
  const dead = linked.find((l) => l.kind === deadKind);
  if (dead) delete routes[dead.href];
  if (viaCentre) {
    const centre = page({
      brand,
      title: '规则中心',
      main: `<section class="panel"><h1>规则中心</h1><ul>${onCentre.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul></section>`,
      footer: smallPrint,
    });
    routes['/rules-centre'] = (_req, res) => sendHtml(res, 200, centre);
  }
  const missing = notice(brand, '页面不存在', '抱歉，您访问的页面不存在或已被删除。');
  return {
    record: { id: `synthetic-${String(n).padStart(3, '0')}`, name: party.company, uscc: code, platform: brand.name, region: '330106', risk: 'general' },
    handler: routeTable(routes, (_req, res) => sendHtml(res, 404, missing)),
  };
}

/** Starts `platforms` synthetic shops of `pages` pages each, one server per shop. */
export async function startSyntheticSites(platforms: number, pages: number): Promise<SyntheticSites> {
  const shops = Array.from({ length: platforms }, (_, i) => shop(i, pages));
  const started = await Promise.allSettled(shops.map((s) => listenLocal(s.handler)));
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s: LocalServer) => s.close()));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { platforms: shops.map((s, i) => ({ ...s.record, url: servers[i]!.url })), close };
}
