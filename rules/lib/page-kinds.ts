// Which page a link leads to, read from its text, title and URL. Shared by the crawler, which
// follows these links, and the rules, which judge them, so both read links the same way.
import type { PageKind } from '../types.js';

interface KindPattern {
  kind: Exclude<PageKind, 'homepage' | 'other'>;
  /** Link text, title or image alt. */
  text: RegExp;
  /** URL path or query. */
  url?: RegExp;
}

// Order matters: the first kind that matches wins ("规则中心" before "规则").
const PATTERNS: readonly KindPattern[] = [
  {
    kind: 'licence',
    text: /营业执照|经营证照|证照信息|证照公示|亮照|电子营业执照|企业资质|(?:商家|商户|店铺|门店)资质|资质证照|工商执照|主体信息公示|经营主体证照|营业执照信息|公司档案|企业档案|工商信息|照面信息/,
    url: /zzlz\.gsxt\.gov\.cn|gsxt\.gov\.cn|viewBusinessLicence|licenseLink|liangzhao|licen[cs]e|creditdetail|bscx\.do\?method=lzxx|WebLogoPub|[/_-]zhizhao/i,
  },
  {
    kind: 'rules-centre',
    text: /规则中心|规则频道|平台规则中心|规则与协议|规则公示|协议规则|帮助中心|帮助与服务/,
    url: /rule[s]?[-_]?(center|centre|index)|\/rules?\/?$|^(https?:)?\/\/rules?\.[a-z0-9-]+\.[a-z.]+\/?$/i,
  },
  // Before the documents it names: 关于修订《用户服务协议》的公示 is a notice, not the agreement;
  // a 违规处理公示 (updated or not) stays an enforcement page.
  {
    kind: 'notice',
    text: /^(?!.*(违规|处罚|处置))(.*(修订|修改|变更|更新|调整)[^，。]{0,30}(公示|公告|通知)|.*征求意见|.*(规则|协议)变更)/,
    url: /(rules?|agreement|protocol)[-_]?(change|notice|update)|zhengqiu/i,
  },
  // Before 'agreement' and 'rules': 知识产权保护规则 and 信用评价规则 are documents of their own.
  { kind: 'ip-rules', text: /知识产权|侵权投诉|权利人|品牌保护|打假/, url: /ipr?[-_/]|intellectual|ip\.([a-z0-9-]+\.)+[a-z]+/i },
  { kind: 'credit-rules', text: /信用评价|评价规则|信用规则|评价规范|信用体系/, url: /credit[-_]?rules?|rate[-_]?rules?/i },
  { kind: 'enforcement', text: /违规(处理|处置|信息)?公示|处罚公示|处置公示|处理公示|执行公示|违规处理结果|(违规|处罚|处置|治理)(公告|通报)/, url: /punish|violation|penalt/i },
  { kind: 'privacy', text: /隐私|个人信息保护|个人信息处理|个性化推荐设置|个性化设置/, url: /privacy|yinsi/i },
  // not the internet-content (12377 不良信息, 12318) or staff-integrity (廉正举报) reporting centres
  { kind: 'complaint', text: /^(?!.*(不良信息|廉正|廉政|12377|12318)).*(投诉|举报|维权|消费者权益|消保|12315)/, url: /complain|jubao|tousu|report/i },
  {
    kind: 'agreement',
    text: /(用户|会员|平台|注册|用户注册|用户服务|平台服务|网站服务|服务)协议|服务条款|使用条款|使用条件|用户须知/,
    url: /agreement|user[-_]?protocol|terms|tos\b|service[-_]?protocol|xieyi/i,
  },
  {
    kind: 'rules',
    text: /交易规则|平台规则|交易规范|管理规则|市场管理与违规处理规范|规则总则/,
    url: /trade[-_]?rules?|trading[-_]?rules?|platform[-_]?rules?/i,
  },
  // The other terms set for consumers, which NTM 21 covers as much as the agreement; before the
  // brand-rules pattern below, which would take 活动规则 for a rules centre.
  {
    kind: 'terms',
    text: /售后(服务)?(政策|保障|说明|规则|条款)|退换货|退货(政策|规则|须知)|退款(政策|规则|说明)|无理由退货|消费者告知|购物须知|购物指南|服务保障|活动规则|促销规则|优惠券(使用)?(规则|说明)|价格说明|配送(说明|规则)/,
    url: /after[-_]?sales?|return[-_]?polic|refund[-_]?polic|shouhou|tuihuo|activity[-_]?rules?/i,
  },
  // a brand's own rules ("淘宝规则", "天猫规则") is its rules centre; after 'rules', so 交易规则 stays a document
  { kind: 'rules-centre', text: /^[\u4e00-\u9fa5]{2,3}规则$/ },
];

// Link texts that name another document, whatever their URL says: a privacy policy under
// terms.alicdn.com/legal-agreement/ is not the service agreement, and Sohu's
// "增值电信业务经营许可证B2-…" link to valueAddLicence.html is not the business licence.
const OTHER_DOCUMENT = /不良信息|廉正|廉政|12377|12318|法律声明|免责|版权|cookie|增值电信|电信与信息服务|ICP|许可证|备案|网文|网证|出版|药品|医疗器械|食品/i;

/** The kind of page a link points to, or null when it is none the checks need. */
export function classifyLink(text: string, href: string): PageKind | null {
  const label = text.replace(/\s+/g, '');
  for (const p of PATTERNS) if (label && p.text.test(label)) return p.kind;
  if (OTHER_DOCUMENT.test(label)) return null;
  for (const p of PATTERNS) if (p.url?.test(href)) return p.kind;
  return null;
}

/** The kind of a loaded page from its title and leading heading, falling back to how it was reached. */
export function classifyPage(title: string, heading: string, reachedAs: PageKind | null): PageKind {
  const label = `${title} ${heading}`.replace(/\s+/g, '');
  for (const p of PATTERNS) if (p.text.test(label)) return p.kind;
  return reachedAs ?? 'other';
}

/** Government licence-display systems (亮照) a badge may link to. */
export const LICENCE_DISPLAY_SYSTEMS: readonly RegExp[] = [
  /zzlz\.gsxt\.gov\.cn/i,
  /gsxt\.gov\.cn/i,
  /idinfo\.zjamr\.zj\.gov\.cn/i,
  /sgs\.gov\.cn\/lz\//i,
  /netadreg\.gzaic\.gov\.cn/i,
  /gzaic\.gov\.cn(:\d+)?\/.*viewBusinessLicence/i,
  // any other government host with a licence-display path; hosts may carry a port (air.gzaic.gov.cn:88)
  /\.gov\.cn(:\d+)?\/.*(lzxx|licen[cs]e|liangzhao)/i,
];
