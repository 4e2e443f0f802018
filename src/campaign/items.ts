// What a campaign may cover: the 16 inspection items (抽查检查内容) of seeds/000 三, and the
// checks of shared/spec/checks.md with the items they serve. A campaign names items as
// `item-1` … `item-16` (for the written and on-site checks) and checks by their ids.

export interface InspectionItem {
  id: string;
  /** The item's number as the notice writes it: （一） … （十六）. */
  no: string;
  name: string;
}

const NAMES = [
  '对电子商务平台亮证亮照的检查',
  '对电子商务平台披露信息的检查',
  '对电子商务平台向消费者显示搜索结果的检查',
  '对电子商务平台经营者搭售的检查',
  '对电子商务平台对平台内用户设置条件的检查',
  '电子商务平台经营者对平台内经营者身份和信息管理的检查',
  '电子商务平台经营者对平台发布的商品和服务信息、交易信息记录和保存的检查',
  '电子商务平台经营者的服务协议和交易规则制定、公示、修改的检查',
  '电子商务平台经营者对平台内经营者违法违规行为处置信息公示义务的检查',
  '电子商务平台经营者自营业务的区分标记的检查',
  '电子商务平台经营者信用评价制度与信用评价规则的检查',
  '电子商务平台经营者竞价排名业务的广告标注义务的检查',
  '网络交易平台经营者为入驻的平台内经营者出具网络经营场所相关材料事项的检查',
  '网络交易平台经营者向市场监督管理部门报送平台内经营者身份信息的检查',
  '网络交易平台经营者区分标记已办理和未办理市场主体登记经营者的检查',
  '网络交易平台经营者对平台内经营者及其发布的商品或者服务信息建立检查监控制度的检查',
] as const;

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'] as const;

export const INSPECTION_ITEMS: readonly InspectionItem[] = NAMES.map((name, i) => ({ id: `item-${i + 1}`, no: `（${NUMERALS[i]}）`, name }));

/** The check catalogue of checks.md: check id → the seeds/000 items it serves (none for checks from other sources). */
export const CATALOGUE_CHECKS: Readonly<Record<string, readonly number[]>> = {
  'licence-display': [1],
  'agreement-display': [8],
  'agreement-changes': [8],
  'unfair-terms': [],
  'self-operated-label': [10],
  'ad-label': [12],
  'seller-registration-mark': [15],
  'seller-licence-display': [1, 6],
  'search-display': [3],
  tying: [4],
  'enforcement-disclosure': [9],
  'credit-rules': [11],
  'ip-rules': [],
  'complaint-channel': [2],
  'account-cancellation': [5],
  'prohibited-listings': [16],
  'absolute-terms': [],
};

/** Items of the notice no check serves (none of its numbers in CATALOGUE_CHECKS): only an inspector can record them. */
export const UNSERVED_ITEMS: readonly string[] = INSPECTION_ITEMS.filter((_, i) => !Object.values(CATALOGUE_CHECKS).some((ns) => ns.includes(i + 1))).map((item) => item.id);

/** The items a campaign's check list covers, in the notice's order, for the public list. */
export function itemsCovered(checks: readonly string[]): InspectionItem[] {
  const numbers = new Set(checks.flatMap((c) => (c.startsWith('item-') ? [Number(c.slice(5))] : (CATALOGUE_CHECKS[c] ?? []))));
  return INSPECTION_ITEMS.filter((_, i) => numbers.has(i + 1));
}
