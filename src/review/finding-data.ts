// The data behind a finding (its `details`) as inspectors read it: every key a Chinese label, every
// value the rules enumerate a Chinese word, numbers with their units, nested data as nested rows.
// Text quoted from a captured page and URLs stay as they were, marked as such. A key or an
// enumerated value with no Chinese name here is listed by `unnamedIn`, which the scan tests hold
// to nothing over the rules' real output, so a new key cannot reach an inspector in English.
import { NOT_CHECKED_WORDS } from '../../rules/lib/verdicts.js';
import { HIDDEN_WORDS } from '../../rules/lib/rendered.js';
import { beijingTime } from '../time.js';
import { citation, VERDICT_NAMES } from './check-names.js';

export type Cell =
  | { kind: 'text'; text: string }
  /** Text as the captured page (or the server) had it, shown as it is. */
  | { kind: 'quote'; text: string }
  | { kind: 'url'; url: string }
  | { kind: 'rows'; rows: Row[] }
  | { kind: 'list'; items: Cell[] };

export interface Row {
  label: string;
  value: Cell;
}

/** Labels by key; `parent.key` where one key means different things under different parents. */
const LABELS: Readonly<Record<string, string>> = {
  addOns: '搭售选项',
  announced: '公示日期',
  announcedText: '公示日期（原文）',
  background: '背景颜色',
  boundedByTimeOrPlace: '限定了时间或地域',
  box: '位置（页面坐标）',
  by: '判断依据',
  byTerm: '各用语命中次数',
  card: '结果卡片',
  cardBox: '结果卡片位置（页面坐标）',
  cancellation: '提及账户注销的语句',
  category: '类别',
  channels: '投诉举报渠道',
  characters: '字数',
  checkedPages: '已检查页面数',
  checksumValid: '校验位正确',
  code: '问题类型',
  'usccs.code': '统一社会信用代码',
  color: '文字颜色',
  comparedWith: '比对的存档版本',
  complaintChannels: '侵权投诉渠道',
  conditions: '对注销设置的条件',
  compliant: '合规',
  contentType: '内容类型',
  context: '上下文',
  contrast: '颜色对比度',
  control: '控件类型',
  copyBlocked: '禁止复制',
  count: '数量',
  counts: '统计',
  coverage: '检查覆盖',
  date: '日期',
  declarations: '自我声明',
  document: '文件',
  documents: '文件',
  effective: '生效日期',
  effectiveText: '生效日期（原文）',
  element: '所在元素',
  entries: '条目数',
  evidence: '依据',
  exact: '与规定表述一致',
  excerpt: '摘录',
  field: '出现位置',
  fieldsPresent: '各要素出现次数',
  finalUrl: '最终网址',
  finding: '检查情况',
  firstSeenAt: '首次所见',
  fontSize: '字号',
  foundOn: '所在页面',
  fromEarlierScan: '来自以往扫描',
  fulfilment: '发货与售后说明',
  hasPasswordField: '有密码输入框',
  headings: '区块标题',
  height: '高',
  hidden: '隐藏方式',
  hits: '命中',
  homepage: '首页',
  how: '渠道形式',
  imageOnly: '仅为图片',
  index: '区块序号',
  informationRights: '查询、更正、删除个人信息的说明',
  insideCard: '在结果卡片内',
  item: '对应条款项',
  items: '条目数',
  keyword: '关键词',
  keywords: '关键词',
  kind: '类型',
  kinds: '标记种类',
  kindsMarked: '已标记的种类',
  label: '显示文字',
  labelled: '已标注',
  labels: '标注',
  largeImages: '大图数量',
  lastSeenAt: '最后所见',
  lazyModules: '延迟加载的模块数',
  licenceContext: '位于证照信息处',
  licenceInfo: '证照信息',
  licenceLinks: '证照链接',
  licenceSystem: '指向电子营业执照系统',
  links: '链接',
  listVersion: '词表版本',
  listings: '违禁商品条数',
  markupPath: '在网页代码中的位置',
  marks: '标记',
  matched: '命中关键词',
  matchesRoster: '与名录一致',
  measure: '处理措施',
  measured: '已实测显示效果',
  mentions: '提及之处',
  message: '原始提示信息',
  minimumNoticeDays: '最短公示天数',
  missing: '未能检查',
  missingFields: '缺少的要素',
  name: '名称',
  names: '名称',
  needed: '应检查数',
  needsReview: '待研判',
  newestAgeDays: '最新条目距今',
  newestDate: '最新条目日期',
  noNotice: '未提示',
  nonPersonalised: '非个性化选项',
  nonPersonalisedOptions: '非个性化选项',
  notChecked: '未能检查',
  notice: '修订公示',
  'addOns.notice': '提示文字',
  noticed: '已显著提示',
  number: '编号',
  numbers: '许可证及备案编号',
  occurrences: '出现次数',
  offset: '位置（第几个字）',
  on: '所在页面',
  'addOns.on': '已勾选',
  'nonPersonalisedOptions.on': '已开启',
  opacity: '不透明度',
  ordering: '排序方式',
  outcome: '结果',
  ownTextLength: '页面自身文字长度',
  page: '页面',
  pageKind: '页面类型',
  pages: '页面',
  pagesSearched: '查找过的页面',
  paid: '付费结果',
  pastVersions: '历史版本',
  placement: '所在区域',
  preSelected: '默认勾选',
  price: '价格',
  problem: '问题',
  problems: '问题',
  productPage: '商品页',
  productPages: '商品页',
  prominence: '显著程度',
  query: '搜索词',
  rank: '排名',
  raw: '原文',
  read: '已读取',
  reason: '原因',
  reasons: '原因',
  region: '页面区域',
  requestedUrl: '请求网址',
  results: '结果数',
  reviewEntry: '评价入口',
  reviews: '评价',
  roster: '名录登记信息',
  route: '注销的方式或程序',
  rules: '规则',
  rulesCentres: '规则中心',
  sampled: '抽查数',
  samples: '抽查样本',
  scriptChecked: '由脚本勾选',
  searchPage: '搜索结果页',
  searchPages: '搜索结果页',
  searched: '已搜索',
  searches: '搜索',
  seen: '已检查数',
  seenAt: '所见时间',
  seenIn: '出现于哪些搜索',
  selectionDisabled: '禁止选择文字',
  selfOperatedMarksInResults: '搜索结果中的自营标记',
  seller: '经营者',
  sentence: '条款原文',
  sentences: '条款数',
  serviceAgreement: '服务协议',
  sha256: 'SHA-256',
  shop: '店铺',
  shopPage: '店铺页面',
  shops: '店铺',
  shownAs: '公示方式',
  signals: '付费推广迹象',
  snapshotId: '页面编号',
  sortKinds: '排序方式',
  sortOptions: '排序选项',
  source: '来源',
  sources: '依据',
  staleAfterDays: '视为过时的天数',
  state: '状态',
  stateFrom: '勾选状态的判断依据',
  status: 'HTTP 状态码',
  'document.status': '比对结果',
  'documents.status': '比对结果',
  strength: '强度',
  target: '链接指向的页面',
  term: '用语',
  text: '文字',
  textLength: '文字长度',
  texts: '文字段数',
  title: '标题',
  transactionRules: '交易规则',
  truncated: '已截断',
  unsearched: '未搜索的关键词',
  url: '网址',
  uscc: '统一社会信用代码',
  usccs: '统一社会信用代码',
  verdict: '结论',
  version: '版本',
  viaRulesCentre: '经规则中心',
  violation: '违法',
  'fieldsPresent.violation': '违规行为',
  weakNotice: '提示不显著',
  what: '检查对象',
  where: '所在位置',
  width: '宽',
  x: '横坐标',
  y: '纵坐标',
  zone: '结果区块',
  zoneHeadings: '区块标题',
  zoneWide: '标注整个区块',
  zones: '结果区块',
};

const PAGE_KINDS: Readonly<Record<string, string>> = {
  homepage: '首页',
  agreement: '服务协议',
  rules: '交易规则',
  'rules-centre': '规则中心',
  licence: '证照页面',
  'ip-rules': '知识产权保护规则',
  'credit-rules': '信用评价规则',
  enforcement: '违规处理公示',
  complaint: '投诉举报',
  privacy: '隐私政策',
  notice: '修订公示',
  terms: '其他消费者条款',
  search: '搜索结果页',
  product: '商品页',
  shop: '店铺页面',
  other: '其他页面',
};

const PROBLEMS: Readonly<Record<string, string>> = {
  labelled: '已标明“广告”',
  'weak-label': '标注不显著',
  'label-not-visible': '标注不可见',
  'other-word': '使用其他字样',
  'icon-only': '仅有图标',
  'no-label': '未标注',
  'weak-signals': '付费迹象较弱',
  'pre-selected': '默认勾选',
  'no-notice': '未提示',
  'weak-notice': '提示不显著',
  noticed: '已显著提示',
};

/** The kinds of unfair terms (rules/data/unfair-terms.json), by the item of NTM 21 each is. */
const UNFAIR_KINDS: Readonly<Record<string, string>> = {
  'exclude-liability': '（一）免除经营者责任',
  'limit-remedies': '（二）限制消费者权利',
  'limit-complaint': '（三）限制投诉举报等权利',
  'limit-contract-change': '（四）限制变更或解除合同',
  interpretation: '（五）单方解释权',
  'other-unfair': '（六）其他不公平规定',
};

const KINDS: Readonly<Record<string, string>> = {
  ...PAGE_KINDS,
  ...UNFAIR_KINDS,
  'icp-filing': 'ICP 备案',
  'icp-licence': 'ICP 经营许可证',
  'telecom-licence': '增值电信业务经营许可证',
  'police-filing': '公安备案',
  label: '标注文字',
  'zone-label': '区块标注',
  'tracking-link': '广告点击跟踪链接',
  attribute: '元素属性',
  registered: '已办理市场主体登记',
  unregistered: '未办理市场主体登记',
  default: '综合/默认',
  sales: '销量',
  price: '价格',
  credit: '信用',
  rating: '评分',
  new: '新品',
  quantity: '起批量',
  distance: '距离',
};

const MARK_KINDS = { registered: KINDS.registered!, unregistered: KINDS.unregistered! };
const VERDICTS = { ...VERDICT_NAMES, present: '有', absent: '无' };
const NOT_CHECKED: Readonly<Record<string, string>> = NOT_CHECKED_WORDS;

/** Chinese words for the values the rules enumerate, by the key they stand under. */
const VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  by: { element: '页面元素', repetition: '重复出现', box: '页面位置', none: '无', uscc: '统一社会信用代码', name: '名称', declaration: '自我声明' },
  code: {
    checksum: '统一社会信用代码校验不通过',
    image: '以图片公示',
    'image-only': '仅以图片公示',
    'link-unchecked': '链接未能检查',
    login: '需登录才能查看',
    'name-mismatch': '名称与登记不一致',
    'name-only': '仅公示名称',
    'no-fields': '证照页面缺少必要信息',
    'no-licence-info': '未公示证照信息',
    'no-mark': '无登记标记',
    'no-telecom-number': '未公示增值电信业务经营许可证编号',
    'not-visible': '不可见',
    'one-kind-only': '只有一种登记标记',
    'paraphrased-declaration': '自我声明未使用规定表述',
    'shop-unreachable': '店铺页面无法打开',
    'shops-unreachable': '店铺页面均无法打开',
    'some-unmarked': '部分店铺未标记',
    'uscc-mismatch': '统一社会信用代码与登记不一致',
    weak: '不够显著',
    'weak-telecom-number': '许可证编号不够显著',
    ...PROBLEMS,
  },
  control: { link: '链接', switch: '开关', button: '按钮', select: '下拉框', checkbox: '复选框', radio: '单选框', 'selected-tile': '选中的选项块', tab: '标签页' },
  element: { header: '页头', footer: '页脚', nav: '导航栏' },
  evidence: { roster: '名录登记信息' },
  field: { 'listing-title': '搜索结果中的商品标题', title: '商品页标题', description: '商品描述', document: '文件正文' },
  hidden: HIDDEN_WORDS,
  how: { phone: '电话', 'online-entry': '在线入口', 'entry-link': '投诉入口链接', 'portal-link': '保护平台链接', 'notice-address': '通知地址' },
  kind: KINDS,
  kinds: MARK_KINDS,
  kindsMarked: MARK_KINDS,
  message: { ...NOT_CHECKED, slider: '滑块验证' },
  missingFields: { shop: '店铺', violation: '违规行为', measure: '处理措施', date: '日期' },
  nonPersonalised: VERDICTS,
  ordering: VERDICTS,
  outcome: { readable: '可阅读', doubtful: '存疑', broken: '失效', unchecked: '未检查' },
  pageKind: PAGE_KINDS,
  problem: PROBLEMS,
  prominence: { visible: '显著可见', weak: '不够显著', 'not-visible': '不可见' },
  reason: NOT_CHECKED,
  region: { header: '页头', footer: '页脚', sidebar: '侧栏', body: '正文', chrome: '平台公共栏目' },
  rules: { found: '找到', doubtful: '存疑', absent: '未找到', unknown: '无法判断' },
  seller: { operator: '平台自营', 'third-party': '平台内经营者', unknown: '无法判断' },
  shownAs: {
    text: '文字',
    'licence-page': '证照页面',
    badge: '电子营业执照亮照标识',
    'self-declaration': '自我声明',
    image: '图片',
    login: '需登录才能查看',
    'unreadable-page': '页面无法读取',
    'unchecked-link': '链接（未能打开）',
    none: '未公示',
  },
  source: { text: '文字', 'image-alt': '图片替代文字', attribute: '元素属性', class: '元素样式名', href: '链接地址' },
  state: {
    ok: '正常',
    unreachable: '无法打开',
    dead: '链接失效',
    'error-page': '错误页面',
    empty: '无内容',
    login: '需登录',
    image: '图片',
    pdf: 'PDF 文件',
    'image-only': '仅有图片',
    short: '内容过少',
    unsaveable: '文字无法选择或复制',
    badge: '亮照标识',
    text: '文字',
    'no-fields': '缺少必要信息',
    unchecked: '未检查',
  },
  stateFrom: { live: '页面实际状态', 'checked-attribute': 'checked 属性', aria: '无障碍属性', class: '元素样式名' },
  status: { 'first-seen': '首次采集', unchanged: '未修改', changed: '已修改', 'changed-earlier': '此前已修改' },
  strength: { strong: '强', weak: '弱' },
  verdict: VERDICTS,
  where: { listing: '搜索结果列表', 'product-page': '商品页' },
};

/** Keys whose text is quoted from a captured page, a keyword list or a server, shown as it is. */
const QUOTED = new Set([
  'announcedText', 'context', 'contentType', 'effectiveText', 'evidence', 'excerpt', 'fulfilment', 'headings', 'keyword', 'keywords', 'label', 'markupPath', 'matched', 'message',
  'name', 'names', 'number', 'price', 'query', 'raw', 'reviewEntry', 'sentence', 'term', 'text', 'title', 'unsearched', 'uscc', 'usccs', 'zoneHeadings',
]);

/** Keys whose values are citations of rules/legal-basis.ts form ("NTM 21(5)"). */
const CITED = new Set(['source', 'sources']);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
/** An id a rule or the crawler uses (a kebab-case, camelCase or lower-case word), not a page id like p04 or a hash. */
const IDENTIFIER = /^[a-z][a-z0-9]*(?:[-A-Z][a-zA-Z0-9]*)*$/;
const NOT_IDENTIFIER = /^[a-z]\d+$|^[0-9a-f]{64}$/;

function numberText(key: string, n: number): string {
  if (key === 'fontSize') return `${n}px`;
  if (key === 'contrast') return `${n}:1`;
  if (key === 'opacity') return `${Math.round(n * 100)}%`;
  if (key.endsWith('Days')) return `${n} 天`;
  return String(n);
}

function isBox(value: object): value is { x: number; y: number; width: number; height: number } {
  const keys = Object.keys(value).sort().join();
  return keys === 'height,width,x,y' && Object.values(value).every((v) => typeof v === 'number');
}

/** Names for data other than a finding's details (an audit entry's record), added to the findings' own. */
export interface Vocabulary {
  labels: Readonly<Record<string, string>>;
  values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Keys shown as they are: quoted text, file names. */
  quoted: readonly string[];
}

class Namer {
  readonly unnamed: string[] = [];
  private readonly labels: Readonly<Record<string, string>>;
  private readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  private readonly quoted: ReadonlySet<string>;

  constructor(extra?: Vocabulary) {
    this.labels = { ...LABELS, ...extra?.labels };
    // Merged key by key: an audit record's `status` words join the details' own.
    this.values = Object.fromEntries([...new Set([...Object.keys(VALUES), ...Object.keys(extra?.values ?? {})])].map((k) => [k, { ...VALUES[k], ...extra?.values[k] }]));
    this.quoted = new Set([...QUOTED, ...(extra?.quoted ?? [])]);
  }

  rows(data: Record<string, unknown>, parent: string, path: string): Row[] {
    return Object.entries(data).map(([key, value]) => ({ label: this.label(key, parent, `${path}.${key}`), value: this.cell(key, value, `${path}.${key}`) }));
  }

  private label(key: string, parent: string, path: string): string {
    // byTerm is keyed by the terms themselves, as the term list has them.
    if (parent === 'byTerm') return key;
    const label = this.labels[`${parent}.${key}`] ?? this.labels[key] ?? (parent === 'counts' ? (PROBLEMS[key] ?? KINDS[key]) : undefined);
    if (label) return label;
    this.unnamed.push(path);
    return key;
  }

  cell(key: string, value: unknown, path: string): Cell {
    if (value === null || value === undefined) return { kind: 'text', text: '—' };
    if (Array.isArray(value)) return value.length ? { kind: 'list', items: value.map((v, i) => this.cell(key, v, `${path}[${i}]`)) } : { kind: 'text', text: '无' };
    if (typeof value === 'object') {
      if (isBox(value)) return { kind: 'text', text: `左 ${value.x}px，上 ${value.y}px，宽 ${value.width}px，高 ${value.height}px` };
      return { kind: 'rows', rows: this.rows(value as Record<string, unknown>, key, path) };
    }
    if (typeof value === 'boolean') return { kind: 'text', text: value ? '是' : '否' };
    if (typeof value === 'number') return { kind: 'text', text: numberText(key, value) };
    const text = String(value);
    const named = this.values[key]?.[text];
    if (named) return { kind: 'text', text: named };
    if (/^https?:\/\//i.test(text)) return { kind: 'url', url: text };
    if (this.quoted.has(key)) return { kind: 'quote', text };
    if (CITED.has(key)) return { kind: 'text', text: citation(text) };
    if (ISO_INSTANT.test(text)) return { kind: 'text', text: `${beijingTime(text)}（北京时间）` };
    if (IDENTIFIER.test(text) && !NOT_IDENTIFIER.test(text)) this.unnamed.push(`${path} = ${text}`);
    return { kind: 'text', text };
  }
}

/** Data as labelled rows in Chinese: a finding's details, or with `extra` any record that may hold them. */
export function dataRows(data: Record<string, unknown>, extra?: Vocabulary): Row[] {
  return new Namer(extra).rows(data, '', 'details');
}

/** One value (a record, a list, a word) in Chinese, under the key it would stand under. */
export function dataCell(key: string, value: unknown, extra?: Vocabulary): Cell {
  return new Namer(extra).cell(key, value, key);
}

/** Where the details hold a key or an enumerated value this module has no Chinese for (empty when none). */
export function unnamedIn(details: Record<string, unknown>): string[] {
  const namer = new Namer();
  namer.rows(details, '', 'details');
  return namer.unnamed;
}
