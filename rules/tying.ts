// tying (搭售, checks.md; ECL 19, NTM 17): product pages have no add-on goods or services
// (insurance, extended warranty, membership, 运费险 …) chosen by default, and an add-on they
// offer is brought to the consumer's attention prominently.
//
// Findings: one per product page with a problem, subject the page's URL, and one platform-level
// finding with the counts. An add-on is an option control (lib/controls.ts) whose label names
// one; it is on by its live state, so a box a script ticks after load counts. Nothing is ever
// submitted: the visitor's page as loaded is the evidence.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { optionControls, type OptionControl } from './lib/controls.js';
import { judgeProminence, prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { coverageOf } from './lib/coverage.js';
import { noPagesFinding, pagesOfKind, platformFinding, urlOf } from './lib/samples.js';
import { loadHtml, textOf } from './lib/text.js';
import { evidenceOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'tying';

/** Add-on services by name; second-hand platforms sell inspection and authentication (验货宝, 鉴定服务). */
const ADD_ON = /运费险|退货险|退换险|货损险|运输险|破损险|保险|延保|延长保修|延长质保|碎屏|意外险|意外保|屏幕保|保障服务|增值服务|服务包|以旧换新|换新服务|只换不修|安装服务|验货|验机服务|鉴定服务|鉴别服务|担保服务/;
/** Memberships and cards, which pages also name in menus: an add-on only when priced or offered to join. */
const MEMBERSHIP = /会员|权益卡|省钱卡|月卡|年卡|plus/i;
const JOIN = /开通|加入|办理|购买|加购|领取|[¥￥]\s*\d|\d\s*元/;
/** Words that tell the consumer an add-on is optional or paid for separately. */
const NOTICE = /可选|自愿|自选|自行选购|另行?(?:付费|收费|计费)|需(?:额外)?付费|额外收费|单独(?:收费|计费)|非必选|按需(?:选购|购买)|如需|搭售|默认不勾选|默认未勾选/;
/** How far up from an add-on's label its notice is looked for (the option's row), and the most text that may hold it. */
const NOTICE_LEVELS = 1;
const NOTICE_BLOCK_CHARS = 160;

const isAddOn = (label: string) => ADD_ON.test(label) || (MEMBERSHIP.test(label) && JOIN.test(label));

type Problem = 'pre-selected' | 'no-notice' | 'weak-notice' | 'noticed';

interface AddOn {
  control: OptionControl;
  problem: Problem;
  verdict: Verdict;
  notice: { text: string; judgement: ProminenceJudgement } | null;
  /** On only in the live state: the served HTML shows it off (a script ticked it). */
  scriptChecked: boolean;
}

function noticeNear($: CheerioAPI, control: OptionControl): AddOn['notice'] {
  let block: Element | null = control.labelElement;
  for (let level = 0; level <= NOTICE_LEVELS && block; level++, block = block.parent?.type === 'tag' ? block.parent : null) {
    if ([...textOf($(block))].length > NOTICE_BLOCK_CHARS) break;
    let found: AddOn['notice'] = null;
    const walk = (node: AnyNode) => {
      if (found) return;
      if (node.type === 'text' && NOTICE.test(node.data)) found = { text: node.data.trim(), judgement: judgeProminence($, node) };
      else if (node.type === 'tag') node.children.forEach(walk);
    };
    walk(block);
    if (found) return found;
  }
  return null;
}

function judgeAddOn($: CheerioAPI, control: OptionControl): AddOn {
  const notice = noticeNear($, control);
  const scriptChecked = control.on && control.stateFrom === 'live' && control.element.attribs.checked === undefined && control.element.attribs['aria-checked'] !== 'true';
  const base = { control, notice, scriptChecked };
  if (control.on) return { ...base, problem: 'pre-selected', verdict: 'violation' };
  if (!notice || notice.judgement.prominence === 'not-visible') return { ...base, problem: 'no-notice', verdict: 'needs-review' };
  if (notice.judgement.prominence === 'weak') return { ...base, problem: 'weak-notice', verdict: 'needs-review' };
  return { ...base, problem: 'noticed', verdict: 'compliant' };
}

const STATE_WORDS = { live: '页面实时状态', 'checked-attribute': 'checked 属性', aria: 'aria 状态', class: '选中样式' } as const;

function problemText(a: AddOn): string {
  const name = `“${a.control.label.slice(0, 40)}”`;
  switch (a.problem) {
    case 'pre-selected':
      return `附加服务${name}默认已选中（${a.scriptChecked ? '页面源码未勾选，加载后由脚本勾选' : `依据${STATE_WORDS[a.control.stateFrom!]}`}）`;
    case 'no-notice':
      return `提供附加服务${name}，旁边未见显著的自愿选购或另行收费提示`;
    case 'weak-notice':
      return `提供附加服务${name}，其提示“${a.notice!.text.slice(0, 30)}”不够显著（${a.notice!.judgement.reasons.join('；')}）`;
    case 'noticed':
      return `提供附加服务${name}，未默认选中并有提示`;
  }
}

interface PageReport {
  product: Snapshot;
  $: CheerioAPI;
  addOns: AddOn[];
  verdict: Verdict;
}

function judgePage(product: Snapshot): PageReport {
  const $ = loadHtml(product.html);
  const addOns = optionControls($)
    .filter((c) => isAddOn(c.label))
    .map((c) => judgeAddOn($, c));
  return { product, $, addOns, verdict: worstVerdict(addOns.map((a) => a.verdict)) };
}

function addOnDetail(a: AddOn, $: CheerioAPI) {
  return {
    label: a.control.label,
    control: a.control.type,
    on: a.control.on,
    stateFrom: a.control.stateFrom,
    scriptChecked: a.scriptChecked,
    problem: a.problem,
    ...prominenceFigures(judgeProminence($, a.control.labelElement)),
    notice: a.notice ? { text: a.notice.text, ...prominenceFigures(a.notice.judgement) } : null,
  };
}

function pageFinding(p: PageReport): DraftFinding {
  const bad = p.addOns.filter((a) => a.verdict === p.verdict);
  return {
    checkId: CHECK_ID,
    verdict: p.verdict,
    subject: urlOf(p.product),
    summary: `商品页「${(p.product.title || urlOf(p.product)).slice(0, 40)}」：${bad.map(problemText).join('；')}`,
    details: { productPage: { snapshotId: p.product.id, url: urlOf(p.product), title: p.product.title }, addOns: p.addOns.map((a) => addOnDetail(a, p.$)) },
    evidence: evidenceOf([p.product]),
    capturedAt: p.product.capturedAt,
  };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const products = pagesOfKind(input.snapshots, 'product');
  if (!products.length) return [noPagesFinding(CHECK_ID, input, '商品详情页')];
  const loaded = products.filter((p) => !p.failure && p.html);
  const pages = loaded.map(judgePage);
  const findings = pages.filter((p) => p.verdict !== 'compliant').map(pageFinding);

  const addOns = pages.flatMap((p) => p.addOns);
  const count = (problem: Problem) => addOns.filter((a) => a.problem === problem).length;
  const counts = { productPages: products.length, checkedPages: loaded.length, addOns: addOns.length, preSelected: count('pre-selected'), noNotice: count('no-notice'), weakNotice: count('weak-notice'), noticed: count('noticed') };
  let verdict: Verdict;
  let summary: string;
  const reason = loaded.length ? null : (products.find((p) => p.failure)?.failure?.reason ?? 'page-kind-not-found');
  if (reason) {
    verdict = 'not-checked';
    summary = `商品详情页未能检查（${NOT_CHECKED_WORDS[reason]}）`;
  } else {
    verdict = worstVerdict(pages.map((p) => p.verdict));
    const scope = `检查 ${loaded.length} 个商品页`;
    summary =
      verdict === 'compliant'
        ? addOns.length
          ? `${scope}，${counts.noticed} 项附加服务均未默认选中且有提示`
          : `${scope}，未发现附加服务选项`
        : `${scope}，发现附加服务选项 ${addOns.length} 项：默认选中 ${counts.preSelected} 项，缺少显著提示 ${counts.noNotice + counts.weakNotice} 项（涉及 ${findings.length} 个商品页）`;
  }
  findings.push(
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      reason,
      coverage: coverageOf('商品详情页', products.map((p) => (loaded.includes(p) ? null : (p.failure?.reason ?? 'page-kind-not-found')))),
      details: {
        counts,
        pages: pages.map((p) => ({ snapshotId: p.product.id, url: urlOf(p.product), verdict: p.verdict, addOns: p.addOns.map((a) => ({ label: a.control.label, on: a.control.on, problem: a.problem })) })),
      },
      pages: products,
    }),
  );
  return findings;
}

export const tying: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'search', 'product'],
  evaluate,
};
