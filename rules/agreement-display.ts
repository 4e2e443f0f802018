// agreement-display (服务协议和交易规则, checks.md): the homepage links, directly or through a
// 规则中心 one click away, to the service agreement and the transaction rules, and each loads
// with substantive text that can be read and saved.
import type { CheerioAPI } from 'cheerio';
import { leadsToCentre, pageLinks, targetOf, type PageLink } from './lib/links.js';
import { judgeProminence, prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { describeTarget, type TargetReport, type TargetState } from './lib/targets.js';
import { ownContent } from './lib/chrome.js';
import { loadHtml } from './lib/text.js';
import { samePage } from './lib/urls.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, PageKind, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'agreement-display';

const DOCUMENTS = [
  { key: 'serviceAgreement', kind: 'agreement', name: '服务协议' },
  { key: 'transactionRules', kind: 'rules', name: '交易规则' },
] as const satisfies readonly { key: string; kind: PageKind; name: string }[];
type Doc = (typeof DOCUMENTS)[number];

/** How a followed link's target is judged; the phrase completes "《服务协议》…". */
const OUTCOME: Readonly<Record<TargetState | 'homepage', { verdict: Verdict; phrase: string }>> = {
  ok: { verdict: 'compliant', phrase: '页面可正常打开，文字可阅读和保存' },
  dead: { verdict: 'violation', phrase: '链接失效，页面无法打开' },
  'error-page': { verdict: 'violation', phrase: '链接指向错误页面' },
  empty: { verdict: 'violation', phrase: '链接指向的页面无实质内容' },
  homepage: { verdict: 'violation', phrase: '链接跳转回首页，未见文本' },
  login: { verdict: 'needs-review', phrase: '需登录后才能查看' },
  image: { verdict: 'needs-review', phrase: '仅以图片形式公示' },
  'image-only': { verdict: 'needs-review', phrase: '仅以图片形式公示' },
  // A PDF can be downloaded and saved, but the rule cannot read its text to see that it is
  // substantive: a person opens it.
  pdf: { verdict: 'needs-review', phrase: '为PDF文件，正文未能自动核验' },
  short: { verdict: 'needs-review', phrase: '页面文字过少，可能不是完整文本' },
  unsaveable: { verdict: 'needs-review', phrase: '页面禁止选择或复制文字，无法保存' },
  unreachable: { verdict: 'not-checked', phrase: '页面未能检查' },
};

interface LinkResult {
  link: PageLink;
  /** The page the link stands on: the homepage or a rules centre. */
  on: Snapshot;
  judgement: ProminenceJudgement;
  target: TargetReport | null;
  targetSnapshot: Snapshot | null;
  verdict: Verdict;
  phrase: string;
  reason: NotCheckedReason | null;
}


function followLink(input: RuleInput, home: Snapshot, on: Snapshot, $: CheerioAPI, link: PageLink): LinkResult {
  const judgement = judgeProminence($, link.element);
  const base = { link, on, judgement };
  const snapshot = targetOf(input.snapshots, on, link, home.finalUrl);
  if (!snapshot) return { ...base, target: null, targetSnapshot: null, verdict: 'not-checked', phrase: '链接未被访问，页面未能检查', reason: 'page-kind-not-found' };
  const target = describeTarget(snapshot, snapshot.html ? ownContent(input.snapshots, snapshot) : null);
  const backHome = target.state === 'ok' && samePage(snapshot.finalUrl, home.finalUrl) && !samePage(snapshot.requestedUrl, home.finalUrl);
  const outcome = OUTCOME[backHome ? 'homepage' : target.state];
  let { verdict, phrase } = outcome;
  if (judgement.prominence === 'weak' && verdict === 'compliant') {
    verdict = 'needs-review';
    phrase = `链接不够显著（${judgement.reasons.join('；')}）`;
  }
  const status = target.state === 'dead' && target.status ? `（HTTP ${target.status}）` : target.state === 'unreachable' && target.reason ? `（${NOT_CHECKED_WORDS[target.reason]}）` : '';
  return { ...base, target, targetSnapshot: snapshot, verdict, phrase: phrase + status, reason: target.reason };
}

/** A document is there when one of its links works: the best link decides. */
const PREFERENCE: readonly Verdict[] = ['compliant', 'needs-review', 'not-checked', 'violation'];

interface DocResult {
  doc: Doc;
  verdict: Verdict;
  text: string;
  reason: NotCheckedReason | null;
  links: LinkResult[];
  hiddenLinks: LinkResult[];
}

function judgeDocument(doc: Doc, links: LinkResult[], centresUnchecked: { reason: NotCheckedReason }[]): DocResult {
  const shown = links.filter((l) => l.judgement.prominence !== 'not-visible');
  const hiddenLinks = links.filter((l) => l.judgement.prominence === 'not-visible');
  const chosen = PREFERENCE.map((v) => shown.find((l) => l.verdict === v)).find((l) => l !== undefined);
  const title = `《${doc.name}》`;
  if (chosen && chosen.verdict !== 'violation') {
    return { doc, verdict: chosen.verdict, text: title + chosen.phrase, reason: chosen.reason, links, hiddenLinks };
  }
  // nothing that works yet: a rules centre that could not be checked may hold the document
  const centre = centresUnchecked[0];
  if (centre) return { doc, verdict: 'not-checked', text: `${title}可能在规则中心内，但规则中心页面未能检查（${NOT_CHECKED_WORDS[centre.reason]}）`, reason: centre.reason, links, hiddenLinks };
  if (chosen) return { doc, verdict: 'violation', text: title + chosen.phrase, reason: null, links, hiddenLinks };
  const hidden = hiddenLinks.length ? `（链接存在但未可见呈现：${[...new Set(hiddenLinks.flatMap((l) => l.judgement.reasons))].join('；')}）` : '';
  return { doc, verdict: 'violation', text: `首页及规则中心均未见${title}链接${hidden}`, reason: null, links, hiddenLinks };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const $ = loadHtml(home.html);
  const homeLinks = pageLinks($, home.finalUrl);

  const found: Record<Doc['kind'], LinkResult[]> = { agreement: [], rules: [] };
  const collect = (on: Snapshot, $on: CheerioAPI, links: readonly PageLink[]) => {
    for (const doc of DOCUMENTS) {
      const seen = new Set(found[doc.kind].map((l) => l.link.url));
      for (const link of links) {
        if (link.kind !== doc.kind || seen.has(link.url) || leadsToCentre(input.snapshots, home, link, home.finalUrl)) continue;
        seen.add(link.url);
        found[doc.kind].push(followLink(input, home, on, $on, link));
      }
    }
  };
  collect(home, $, homeLinks);

  const centres: { link: PageLink; judgement: ProminenceJudgement; target: TargetReport | null; snapshot: Snapshot | null }[] = [];
  const centresUnchecked: { reason: NotCheckedReason }[] = [];
  const centreUrls = new Set<string>();
  for (const link of homeLinks) {
    if (centreUrls.has(link.url) || !leadsToCentre(input.snapshots, home, link, home.finalUrl)) continue;
    centreUrls.add(link.url);
    const judgement = judgeProminence($, link.element);
    const snapshot = targetOf(input.snapshots, home, link, home.finalUrl);
    const $c = snapshot?.html ? loadHtml(snapshot.html) : null;
    const target = snapshot ? describeTarget(snapshot, $c) : null;
    centres.push({ link, judgement, target, snapshot });
    if (judgement.prominence === 'not-visible') continue;
    if (!snapshot || !target) centresUnchecked.push({ reason: 'page-kind-not-found' });
    else if (target.state === 'unreachable' || target.state === 'login') centresUnchecked.push({ reason: target.reason ?? 'login-wall' });
    else if ($c) collect(snapshot, $c, pageLinks($c, snapshot.finalUrl));
  }

  const docs = DOCUMENTS.map((doc) => judgeDocument(doc, found[doc.kind], centresUnchecked));
  const verdict = worstVerdict(docs.map((d) => d.verdict));
  const reason = verdict === 'not-checked' ? docs.find((d) => d.verdict === 'not-checked')!.reason ?? 'page-kind-not-found' : null;
  const summary =
    verdict === 'compliant'
      ? '首页已链接服务协议和交易规则，页面均可正常打开、阅读和保存'
      : docs.filter((d) => d.verdict === verdict).map((d) => d.text).join('；');

  const evidence = evidenceOf([home, ...centres.map((c) => c.snapshot), ...docs.flatMap((d) => d.links.map((l) => l.targetSnapshot))]);

  const linkDetail = (l: LinkResult) => ({
    text: l.link.text,
    url: l.link.url,
    foundOn: l.on.id,
    viaRulesCentre: l.on !== home,
    verdict: l.verdict,
    finding: l.phrase,
    target: l.target,
    ...prominenceFigures(l.judgement),
  });
  const details: Record<string, unknown> = {
    ...(reason ? { reason } : {}),
    homepage: { snapshotId: home.id, url: home.finalUrl },
    rulesCentres: centres.map((c) => ({ text: c.link.text, url: c.link.url, target: c.target, ...prominenceFigures(c.judgement) })),
  };
  for (const d of docs) {
    details[d.doc.key] = { document: d.doc.name, verdict: d.verdict, finding: d.text, ...(d.reason ? { reason: d.reason } : {}), links: d.links.map(linkDetail) };
  }
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence, capturedAt: home.capturedAt }];
}

export const agreementDisplay: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'agreement', 'rules', 'rules-centre'],
  evaluate,
};
