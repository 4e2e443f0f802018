// search-display (向消费者显示搜索结果, checks.md; ECL 18 ¶1, ECL 40): search results can be
// ordered in several ways besides the default (sales, price, credit, rating, newness), and a
// consumer is offered results not based on personal characteristics (a 个性化推荐 switch,
// 关闭个性化推荐, 不针对个人特征).
//
// One platform-level finding. Sort options are read from the results pages: links, buttons,
// select options and sort tabs outside the result cards, named by a sort word. The
// non-personalised option is looked for on the results pages, the homepage and the privacy and
// personal-information settings pages; a policy that only describes the option (perhaps in the
// app) is quoted for review, not taken for the option itself.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { optionControls } from './lib/controls.js';
import { shown } from './lib/licence-info.js';
import { linkText } from './lib/links.js';
import { judgeProminence, prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { noPagesFinding, pagesOfKind, platformSubject, searchResults, urlOf } from './lib/samples.js';
import { loadHtml, pageText, textOf } from './lib/text.js';
import { evidenceOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'search-display';

export type SortKind = 'default' | 'sales' | 'price' | 'credit' | 'rating' | 'new' | 'quantity' | 'distance';

const SORT_WORDS: Readonly<Record<string, SortKind>> = {
  综合: 'default', 默认: 'default', 智能: 'default',
  销量: 'sales', 人气: 'sales', 热销: 'sales', 月销: 'sales', 月销量: 'sales', 成交量: 'sales', 成交: 'sales',
  价格: 'price', 人均: 'price', 人均价格: 'price', 折扣: 'price',
  信用: 'credit', 信誉: 'credit',
  评价: 'rating', 评价数: 'rating', 评论: 'rating', 评论数: 'rating', 好评: 'rating', 好评率: 'rating', 好评度: 'rating', 口碑: 'rating',
  新品: 'new', 最新: 'new', 上新: 'new', 最新发布: 'new', 发布时间: 'new', 上架时间: 'new', 出版时间: 'new',
  // wholesale: the smallest order; services: the distance from the consumer
  起批量: 'quantity', 起订量: 'quantity',
  距离: 'distance', 离我最近: 'distance',
};
const SORT_KIND_WORDS: Readonly<Record<SortKind, string>> = { default: '综合/默认', sales: '销量', price: '价格', credit: '信用', rating: '评价', new: '新品', quantity: '起批量', distance: '距离' };
/** A sort option's whole text: 按销量, 价格↑, 好评率优先, 综合排序, 价格从低到高, 人均最低 … */
const SORT_OPTION = new RegExp(`^按?(${Object.keys(SORT_WORDS).sort((a, b) => b.length - a.length).join('|')})(?:排序|优先|最高|最多|最低|最少|最好|[从由](?:高到低|低到高)|升序|降序)?$`);
const ARROWS = /[\s↑↓▲▼△▽⇅↕]+/g;
/** Elements a visitor can pick a sort order with. */
const SORT_CONTROLS = 'a, button, option, label, input[type=button], input[type=submit], [role=button], [role=tab], [role=option], [role=radio], [role=menuitem], [role=menuitemradio], [onclick], [data-sort], [data-order]';

/** The option ECL 18 ¶1 asks for, in the words platforms use. */
const NON_PERSONAL = /个性化(?:推荐|内容|搜索|展示|排序|服务)|[不非](?:针对|基于)[^，。；,;]{0,8}个人特征|非个性化/;
/** A link or button that itself turns personalisation off (a link just to the settings is not). */
const TURNS_OFF = /关闭|不针对|不基于|非个性化|退出|不看|不使用|不接受|停用|取消/;
const CLICKABLE = 'a, button, option, [role=button], [role=tab], [role=link], [role=menuitem]';
/** Longest text of a link or button taken as one control. */
const CONTROL_CHARS = 30;
const MENTION_CONTEXT = 30;
const MAX_MENTIONS = 5;

interface SortOption {
  text: string;
  kind: SortKind;
  control: string;
  element: Element;
}

function controlName(el: Element): string {
  if (el.name === 'option') return 'select';
  if (el.name === 'a') return 'link';
  if (el.name === 'button' || el.name === 'input') return 'button';
  return el.attribs.role ?? el.name;
}

function sortOptions($: CheerioAPI, items: ReadonlySet<Element>): SortOption[] {
  const inItem = (el: Element) => {
    for (let cur: Element | null = el; cur; cur = cur.parent?.type === 'tag' ? cur.parent : null) if (items.has(cur)) return true;
    return false;
  };
  const seen = new Set<string>();
  const options: SortOption[] = [];
  for (const el of $.root().find(SORT_CONTROLS).toArray()) {
    const raw = el.name === 'a' ? linkText(el) : el.name === 'input' ? (el.attribs.value ?? '') : textOf($(el));
    const text = raw.replace(ARROWS, '');
    const m = SORT_OPTION.exec(text);
    // a tab and the link inside it name one option: the first in document order stands for it
    if (!m || seen.has(text) || inItem(el)) continue;
    seen.add(text);
    options.push({ text, kind: SORT_WORDS[m[1]!]!, control: controlName(el), element: el });
  }
  return options;
}

interface PersonalOption {
  snapshot: Snapshot;
  text: string;
  control: string;
  /** For a switch or box: whether it is on (personalisation may well be on by default). */
  on: boolean | null;
  element: Element;
}

interface Mention {
  snapshot: Snapshot;
  excerpt: string;
  judgement: ProminenceJudgement | null;
}

function personalOptions(s: Snapshot, $: CheerioAPI): PersonalOption[] {
  const found: PersonalOption[] = optionControls($)
    .filter((c) => NON_PERSONAL.test(c.label))
    .map((c) => ({ snapshot: s, text: c.label, control: c.type, on: c.on, element: c.element }));
  for (const el of $.root().find(CLICKABLE).toArray()) {
    const text = el.name === 'a' ? linkText(el) : textOf($(el));
    if ([...text].length <= CONTROL_CHARS && NON_PERSONAL.test(text) && TURNS_OFF.test(text)) found.push({ snapshot: s, text, control: controlName(el), on: null, element: el });
  }
  return found;
}

/** Where a page speaks of the option without offering it (a policy saying where to switch it off). */
function mentions(s: Snapshot, $: CheerioAPI): Mention[] {
  const pt = pageText($);
  const out: Mention[] = [];
  const re = new RegExp(NON_PERSONAL.source, 'g');
  for (let m = re.exec(pt.text); m && out.length < MAX_MENTIONS; m = re.exec(pt.text)) {
    const excerpt = pt.text.slice(Math.max(0, m.index - MENTION_CONTEXT), m.index + m[0].length + MENTION_CONTEXT).trim();
    out.push({ snapshot: s, excerpt, judgement: pt.prominenceAt(m.index) });
  }
  return out;
}

const quote = (words: readonly string[]) => words.map((w) => `“${w}”`).join('');
const PLACE: Partial<Record<Snapshot['kind'], string>> = { search: '搜索结果页', privacy: '隐私政策/个人信息设置页', homepage: '首页' };

function evaluate(input: RuleInput): DraftFinding[] {
  const searches = pagesOfKind(input.snapshots, 'search');
  if (!searches.length) return [noPagesFinding(CHECK_ID, input, '搜索结果页')];
  const loaded = searches.filter((s) => !s.failure);
  const checked = loaded.filter((s) => searchResults(s).zones.some((z) => z.items.length));

  if (!checked.length) {
    const failed = searches.find((s) => s.failure);
    const reason = loaded.length || !failed ? 'page-kind-not-found' : failed.failure!.reason;
    return [
      {
        checkId: CHECK_ID,
        verdict: 'not-checked',
        subject: platformSubject(input),
        summary: `搜索结果页未能检查（${loaded.length ? '未识别出搜索结果列表' : NOT_CHECKED_WORDS[reason]}）`,
        details: { reason, searchPages: searches.length },
        evidence: evidenceOf(searches),
        capturedAt: searches[0]!.capturedAt,
      },
    ];
  }

  const sorts: (SortOption & { snapshot: Snapshot; $: CheerioAPI })[] = [];
  const personal: PersonalOption[] = [];
  const mentioned: Mention[] = [];
  for (const s of checked) {
    const { $, zones } = searchResults(s);
    const items = new Set(zones.flatMap((z) => z.items.map((i) => i.element)));
    for (const o of sortOptions($, items)) if (!sorts.some((x) => x.text === o.text)) sorts.push({ ...o, snapshot: s, $ });
  }
  const others = input.snapshots.filter((s) => !s.failure && s.html && (s.kind === 'privacy' || s.kind === 'homepage'));
  const pageOf = new Map<Snapshot, CheerioAPI>([...checked.map((s) => [s, searchResults(s).$] as const), ...others.map((s) => [s, loadHtml(s.html)] as const)]);
  for (const [s, $] of pageOf) {
    personal.push(...personalOptions(s, $).filter((p) => shown(judgeProminence($, p.element))));
    mentioned.push(...mentions(s, $));
  }

  const visibleSorts = sorts.filter((o) => shown(judgeProminence(o.$, o.element)));
  const kinds = [...new Set(visibleSorts.map((o) => o.kind))];
  const alternatives = kinds.filter((k) => k !== 'default');
  const ordering: Verdict = alternatives.length >= 2 ? 'compliant' : alternatives.length === 1 ? 'needs-review' : 'violation';
  const nonPersonal: Verdict = personal.length ? 'compliant' : 'needs-review';
  const verdict = worstVerdict([ordering, nonPersonal]);

  const words = [...new Set(visibleSorts.map((o) => o.text))];
  const orderingText =
    ordering === 'violation'
      ? `检查 ${checked.length} 个搜索结果页，除默认排序外未见按销量、价格、信用等排序的选项${words.length ? `（仅见${quote(words)}）` : ''}`
      : `检查 ${checked.length} 个搜索结果页，提供${quote(words)}排序${ordering === 'needs-review' ? '，除默认排序外仅有一种排序方式' : ''}`;
  const first = personal[0];
  const personalText = first
    ? `在${PLACE[first.snapshot.kind] ?? '页面'}找到不针对个人特征的选项（${quote([first.text.slice(0, 40)])}）`
    : mentioned.length
      ? `网页上未找到不针对个人特征的选项，仅有文字说明（${quote([mentioned[0]!.excerpt])}），可能在客户端提供，需人工核实`
      : '网页上未找到不针对个人特征的选项（如“关闭个性化推荐”），可能在客户端提供，需人工核实';
  const unchecked = searches.length - checked.length;

  const evidencePages = [...checked, ...(personal.length ? personal : mentioned).map((p) => p.snapshot)];
  return [
    {
      checkId: CHECK_ID,
      verdict,
      subject: platformSubject(input),
      summary: `${orderingText}；${personalText}${unchecked ? `；另有 ${unchecked} 个搜索结果页未能检查` : ''}`,
      details: {
        ordering,
        nonPersonalised: nonPersonal,
        sortKinds: kinds.map((k) => SORT_KIND_WORDS[k]),
        sortOptions: sorts.map((o) => ({ text: o.text, kind: o.kind, control: o.control, snapshotId: o.snapshot.id, ...prominenceFigures(judgeProminence(o.$, o.element)) })),
        nonPersonalisedOptions: personal.map((p) => ({ text: p.text, control: p.control, on: p.on, snapshotId: p.snapshot.id, url: urlOf(p.snapshot), ...prominenceFigures(judgeProminence(pageOf.get(p.snapshot)!, p.element)) })),
        mentions: mentioned.map((m) => ({ excerpt: m.excerpt, snapshotId: m.snapshot.id, url: urlOf(m.snapshot), ...(m.judgement ? prominenceFigures(m.judgement) : {}) })),
        counts: { searchPages: searches.length, checkedPages: checked.length },
        pagesSearched: [...pageOf.keys()].map((s) => ({ snapshotId: s.id, kind: s.kind, url: urlOf(s) })),
      },
      evidence: evidenceOf(evidencePages),
      capturedAt: checked[0]!.capturedAt,
    },
  ];
}

export const searchDisplay: Rule = {
  id: CHECK_ID,
  version: '1.0.0',
  pageKinds: ['homepage', 'search', 'privacy'],
  evaluate,
};
