// Chinese names of the checks and inspection items, as inspectors read them on screen and in
// records: the item of the notice a check serves (seeds/000 三) and a short name.
import { CATALOGUE_CHECKS, INSPECTION_ITEMS } from '../campaign/items.js';
import { OFFLINE_ITEMS, UNSERVED_ONLINE_ITEMS } from './inspections.js';
import type { CheckMode } from './items.js';

const CHECK_NAMES: Readonly<Record<string, string>> = {
  'licence-display': '（一）亮证亮照',
  'complaint-channel': '（二）投诉举报渠道',
  'account-cancellation': '（五）用户信息更正删除与账户注销',
  'search-display': '（三）搜索结果显示',
  tying: '（四）搭售',
  'agreement-display': '（八）服务协议和交易规则公示',
  'agreement-changes': '（八）服务协议和交易规则修改',
  'enforcement-disclosure': '（九）违法违规行为处置信息公示',
  'self-operated-label': '（十）自营业务区分标记',
  'credit-rules': '（十一）信用评价制度与规则',
  'ad-label': '（十二）竞价排名广告标注',
  'seller-registration-mark': '（十五）区分登记与未登记经营者',
  'seller-licence-display': '（一）（六）平台内经营者亮照',
  'prohibited-listings': '重点商品（禁售、限售商品）',
  'ip-rules': '知识产权保护规则',
  'unfair-terms': '格式条款',
  'absolute-terms': '广告绝对化用语',
  'icp-filing-display': 'ICP备案编号公示（自建网站）',
};

/** A check id or item-N as a Chinese label; an unknown id is shown as it is. */
export function checkName(id: string): string {
  const item = INSPECTION_ITEMS.find((i) => i.id === id);
  if (item) return `${item.no}${item.name}`;
  return CHECK_NAMES[id] ?? id;
}

/** Every check in catalogue order, then the items only a written or on-site check can decide, then those no check serves yet. */
export function checkChoices(): { group: string; choices: { id: string; name: string }[] }[] {
  return [
    { group: '网上检查项', choices: Object.keys(CATALOGUE_CHECKS).map((id) => ({ id, name: checkName(id) })) },
    { group: '书面或现场检查项（只能通过书面审查或现场检查判断）', choices: OFFLINE_ITEMS.map((id) => ({ id, name: checkName(id) })) },
    { group: '尚无自动检查的事项', choices: UNSERVED_ONLINE_ITEMS.map((id) => ({ id, name: checkName(id) })) },
  ].filter((g) => g.choices.length);
}

export const VERDICT_NAMES: Readonly<Record<string, string>> = {
  violation: '违法',
  'needs-review': '待研判',
  compliant: '合规',
  'not-checked': '未能检查',
};

export const CHECK_MODE_NAMES: Readonly<Record<CheckMode, string>> = {
  online: '网上检查',
  written: '书面审查',
  'on-site': '实地检查',
};

export const STATUS_NAMES: Readonly<Record<string, string>> = {
  draft: '待审核',
  confirmed: '已确认',
  rejected: '已驳回',
};

const LAWS: Readonly<Record<string, string>> = {
  ECL: '《电子商务法》',
  NTM: '《网络交易监督管理办法》',
  AdL: '《广告法》',
  IAM: '《互联网广告管理办法》',
  AIG: '《互联网广告可识别性执法指南》',
  AAG: '《广告绝对化用语执法指南》',
  IISM: '《互联网信息服务管理办法》',
  NIFM: '《非经营性互联网信息服务备案管理办法》',
};

/** A citation of rules/legal-basis.ts in Chinese: "ECL 81 ¶2" → 《电子商务法》第81条第2款, "ECL 76(1)" → 第76条第（1）项. */
export function citation(ref: string): string {
  const m = /^(\w+) (\d+)(?: ¶(\d+))?(?:\((\d+)\))?$/.exec(ref);
  const law = m && LAWS[m[1]!];
  if (!m || !law) return ref;
  return `${law}第${m[2]}条${m[3] ? `第${m[3]}款` : ''}${m[4] ? `第（${m[4]}）项` : ''}`;
}
