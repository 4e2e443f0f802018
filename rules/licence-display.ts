// licence-display (亮证亮照, checks.md): the homepage shows the operator's business-licence
// information, or a link or badge to it, and a telecom licence or ICP number, visibly.
import type { CheerioAPI } from 'cheerio';
import { findLicenceNumbers, type LicenceNumberKind } from './lib/licence-numbers.js';
import { pageLinks, targetOf, type PageLink } from './lib/links.js';
import { findNames, normaliseName } from './lib/names.js';
import { placementOf, type Placement } from './lib/placement.js';
import { judgeImageProminence, judgeProminence, prominenceFigures, type Prominence, type ProminenceJudgement } from './lib/rendered.js';
import { describeTarget, fileTypeOfUrl, type TargetReport } from './lib/targets.js';
import { loadHtml, pageText, type PageText } from './lib/text.js';
import { findUsccs, normaliseUscc } from './lib/uscc.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, PlatformRecord, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'licence-display';


const RANK: Readonly<Record<Prominence, number>> = { visible: 2, weak: 1, 'not-visible': 0 };
const shown = (j: ProminenceJudgement) => j.prominence !== 'not-visible';
function best(judgements: readonly ProminenceJudgement[]): ProminenceJudgement | null {
  return judgements.reduce<ProminenceJudgement | null>((b, j) => (!b || RANK[j.prominence] > RANK[b.prominence] ? j : b), null);
}

/** One entry per key (a footer printed several times is one mark), at its most visible copy. */
function distinct<T extends { judgement: ProminenceJudgement }>(items: readonly T[], key: (t: T) => string): (T & { occurrences: number })[] {
  const byKey = new Map<string, T & { occurrences: number }>();
  for (const item of items) {
    const k = key(item);
    const seen = byKey.get(k);
    if (!seen) byKey.set(k, { ...item, occurrences: 1 });
    else byKey.set(k, { ...(RANK[item.judgement.prominence] > RANK[seen.judgement.prominence] ? item : seen), occurrences: seen.occurrences + 1 });
  }
  return [...byKey.values()];
}

interface PageFields {
  usccs: { code: string; checksumValid: boolean; source: string; evidence: string; context: string; judgement: ProminenceJudgement; placement: Placement; occurrences: number }[];
  names: { name: string; evidence: string; licenceContext: boolean; context: string; judgement: ProminenceJudgement; placement: Placement; occurrences: number }[];
}

/**
 * Credit codes and names a page shows, each with its prominence and place. On a licence page the
 * whole page is the licence information, so the operator's name counts wherever it stands.
 */
function fieldsOf(pt: PageText, platform: PlatformRecord, pageHeight: number, licencePage: boolean): PageFields {
  const { $ } = pt;
  const found = findUsccs(pt).map((u) => ({
    code: u.code,
    checksumValid: u.checksumValid,
    source: u.source,
    evidence: u.evidence,
    context: u.context,
    judgement: u.offset !== null ? (pt.prominenceAt(u.offset) ?? judgeProminence($, u.node)) : judgeProminence($, u.node),
    placement: placementOf($, u.node, pageHeight),
    offset: u.offset,
  }));
  const codeOffsets = found.map((u) => u.offset).filter((o): o is number => o !== null);
  const names = findNames(pt, platform.name, codeOffsets).map((n) => {
    // a match starts on a character of the text, which always has its node
    const node = pt.nodeAt(n.offset)!;
    return {
      name: n.name,
      evidence: n.evidence,
      licenceContext: licencePage || n.licenceContext,
      context: n.context,
      judgement: judgeProminence($, node),
      placement: placementOf($, node, pageHeight),
    };
  });
  return {
    usccs: distinct(found, (u) => `${u.code} ${u.source}`),
    names: distinct(names, (n) => `${normaliseName(n.name)} ${n.licenceContext}`),
  };
}

/** What an own-site licence link led to, as far as licence information goes. */
type LinkState = 'badge' | 'text' | 'image' | 'login' | 'no-fields' | 'dead' | 'unchecked';

interface LicenceLink {
  link: PageLink;
  judgement: ProminenceJudgement;
  placement: Placement;
  state: LinkState;
  reason: NotCheckedReason | null;
  target: TargetReport | null;
  snapshot: Snapshot | null;
  fields: PageFields | null;
}

function judgeLink($: CheerioAPI, link: PageLink): ProminenceJudgement {
  if (!link.imageOnly) return judgeProminence($, link.element);
  const img = $(link.element).find('img').first()[0];
  return judgeImageProminence($, img ?? link.element);
}

function followLicenceLink(input: RuleInput, home: Snapshot, $: CheerioAPI, link: PageLink): LicenceLink {
  const base = { link, judgement: judgeLink($, link), placement: placementOf($, link.element, home.page.height) };
  if (link.licenceSystem) return { ...base, state: 'badge', reason: null, target: null, snapshot: null, fields: null };
  const snapshot = targetOf(input.snapshots, home, link, home.finalUrl);
  if (!snapshot) {
    // not followed: an image or PDF file name still tells where the fields are
    const byUrl = fileTypeOfUrl(link.url);
    return { ...base, state: byUrl ? 'image' : 'unchecked', reason: byUrl ? null : 'page-kind-not-found', target: null, snapshot: null, fields: null };
  }
  const $t = snapshot.html ? loadHtml(snapshot.html) : null;
  const target = describeTarget(snapshot, $t);
  const withTarget = { ...base, target, snapshot, reason: target.reason };
  switch (target.state) {
    case 'dead':
    case 'error-page':
      return { ...withTarget, state: 'dead', fields: null };
    case 'unreachable':
      return { ...withTarget, state: 'unchecked', fields: null };
    case 'login':
      return { ...withTarget, state: 'login', fields: null };
    case 'image':
    case 'pdf':
    case 'image-only':
      return { ...withTarget, state: 'image', fields: null };
    default: {
      const fields = $t ? fieldsOf(pageText($t), input.platform, snapshot.page.height, true) : null;
      const readable = fields && (fields.usccs.some((u) => shown(u.judgement)) || fields.names.some((n) => n.licenceContext && shown(n.judgement)));
      if (readable) return { ...withTarget, state: 'text', fields };
      return { ...withTarget, state: snapshot.page.largeImages > 0 ? 'image' : target.state === 'empty' ? 'dead' : 'no-fields', fields };
    }
  }
}

interface Problem {
  verdict: Verdict;
  code: string;
  text: string;
}

const NUMBER_KINDS: readonly LicenceNumberKind[] = ['telecom-licence', 'icp-licence', 'icp-filing'];

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const { platform } = input;
  const $ = loadHtml(home.html);
  const pt = pageText($);
  const height = home.page.height;
  const homeFields = fieldsOf(pt, platform, height, false);

  // Links to licence information: own pages (followed by the crawler) and 亮照 badges. The same
  // URL repeated in a page (a footer printed twice) is one link, judged at its most visible copy.
  const byUrl = new Map<string, LicenceLink>();
  for (const link of pageLinks($, home.finalUrl)) {
    if (link.kind !== 'licence' && !link.licenceSystem) continue;
    const followed = followLicenceLink(input, home, $, link);
    const seen = byUrl.get(link.url);
    if (!seen || RANK[followed.judgement.prominence] > RANK[seen.judgement.prominence]) byUrl.set(link.url, followed);
  }
  const links = [...byUrl.values()];

  const roster = { name: platform.name, uscc: normaliseUscc(platform.uscc) };
  const homeUsccs = homeFields.usccs;
  const homeNames = homeFields.names.filter((n) => n.licenceContext);
  const pageUsccs = links.flatMap((l) => (l.state === 'text' && shown(l.judgement) ? l.fields!.usccs : []));
  const pageNames = links.flatMap((l) => (l.state === 'text' && shown(l.judgement) ? l.fields!.names.filter((n) => n.licenceContext) : []));
  const shownUsccs = [...homeUsccs, ...pageUsccs].filter((u) => shown(u.judgement));
  const shownNames = [...homeNames, ...pageNames].filter((n) => shown(n.judgement));

  const visibleLinks = links.filter((l) => shown(l.judgement));
  const linksIn = (...states: LinkState[]) => visibleLinks.filter((l) => states.includes(l.state));
  const homeText = [...homeUsccs.filter((u) => shown(u.judgement)), ...homeNames.filter((n) => shown(n.judgement))];
  const readable = [...homeText.map((m) => m.judgement), ...linksIn('text', 'badge').map((l) => l.judgement)];

  const problems: Problem[] = [];
  let shownAs: 'text' | 'licence-page' | 'badge' | 'image' | 'login' | 'unreadable-page' | 'unchecked-link' | 'none';
  let relied: ProminenceJudgement[];
  let reason: NotCheckedReason | null = null;
  if (readable.length) {
    shownAs = homeText.length ? 'text' : linksIn('text').length ? 'licence-page' : 'badge';
    relied = readable;
  } else if (linksIn('image', 'login', 'no-fields').length) {
    const image = linksIn('image');
    const login = linksIn('login');
    shownAs = image.length ? 'image' : login.length ? 'login' : 'unreadable-page';
    relied = linksIn('image', 'login', 'no-fields').map((l) => l.judgement);
    if (image.length) problems.push({ verdict: 'needs-review', code: 'image-only', text: '营业执照信息仅以图片形式公示，名称和统一社会信用代码无法自动核对' });
    else if (login.length) problems.push({ verdict: 'needs-review', code: 'login', text: '营业执照信息页面需登录后才能查看' });
    else problems.push({ verdict: 'needs-review', code: 'no-fields', text: '营业执照信息页面未识别出企业名称或统一社会信用代码' });
  } else if (linksIn('unchecked').length) {
    const unchecked = linksIn('unchecked');
    shownAs = 'unchecked-link';
    relied = unchecked.map((l) => l.judgement);
    reason = unchecked[0]!.reason ?? 'page-kind-not-found';
    problems.push({ verdict: 'not-checked', code: 'link-unchecked', text: `首页有营业执照信息链接，但其指向的页面未能检查（${NOT_CHECKED_WORDS[reason]}）` });
  } else {
    shownAs = 'none';
    relied = [];
    const hidden = [...homeUsccs, ...homeNames, ...links].filter((m) => !shown(m.judgement));
    const dead = links.filter((l) => l.state === 'dead');
    const why = hidden.length
      ? `（营业执照信息或链接存在于页面中但未可见呈现：${[...new Set(hidden.flatMap((m) => m.judgement.reasons))].join('；')}）`
      : dead.length
        ? '（营业执照信息链接已失效）'
        : '';
    problems.push({ verdict: 'violation', code: 'no-licence-info', text: `首页未公示营业执照信息，也无指向营业执照信息的链接${why}` });
  }
  const mark = best(relied);
  if (mark?.prominence === 'weak') {
    problems.push({ verdict: 'needs-review', code: 'weak', text: `营业执照信息标识不够显著（${mark.reasons.join('；')}）` });
  }

  const badCodes = [...new Set(shownUsccs.filter((u) => !u.checksumValid).map((u) => u.code))];
  if (badCodes.length) problems.push({ verdict: 'needs-review', code: 'checksum', text: `公示的统一社会信用代码 ${badCodes.join('、')} 未通过校验位检验` });
  const codes = [...new Set(shownUsccs.map((u) => u.code))];
  if (codes.length && !codes.includes(roster.uscc)) {
    problems.push({ verdict: 'needs-review', code: 'uscc-mismatch', text: '首页公示的统一社会信用代码与名录登记不一致' });
  }
  const names = [...new Set(shownNames.map((n) => n.name))];
  if (names.length && !names.some((n) => normaliseName(n) === normaliseName(roster.name))) {
    problems.push({ verdict: 'needs-review', code: 'name-mismatch', text: '首页公示的经营者名称与名录登记不一致' });
  }

  const numbers = distinct(
    findLicenceNumbers(pt.text).map((n) => {
      const node = pt.nodeAt(n.offset)!;
      return { ...n, judgement: judgeProminence($, node), placement: placementOf($, node, height) };
    }),
    (n) => `${n.kind} ${n.number}`,
  );
  const telecom = numbers.filter((n) => NUMBER_KINDS.includes(n.kind));
  const visibleTelecom = telecom.filter((n) => shown(n.judgement));
  if (!visibleTelecom.length) {
    problems.push({
      verdict: 'needs-review',
      code: 'no-telecom-number',
      text: telecom.length ? '首页的增值电信业务经营许可证号或ICP备案号未可见呈现' : '首页未公示增值电信业务经营许可证号或ICP备案号',
    });
  } else if (!visibleTelecom.some((n) => n.judgement.prominence === 'visible')) {
    const weak = best(visibleTelecom.map((n) => n.judgement))!;
    problems.push({ verdict: 'needs-review', code: 'weak-telecom-number', text: `首页的增值电信业务经营许可证号或ICP备案号不够显著（${weak.reasons.join('；')}）` });
  }

  const verdict = worstVerdict(problems.map((p) => p.verdict));
  const hasB2 = visibleTelecom.some((n) => n.kind === 'telecom-licence');
  const summary =
    verdict === 'compliant'
      ? `首页已在显著位置公示营业执照信息及${hasB2 ? '增值电信业务经营许可证号' : 'ICP备案/许可证号'}`
      : problems.filter((p) => p.verdict === verdict).map((p) => p.text).join('；');

  const evidence = evidenceOf([home, ...links.map((l) => l.snapshot)]);

  const usccDetail = (u: PageFields['usccs'][number], where: string) => ({
    code: u.code,
    checksumValid: u.checksumValid,
    matchesRoster: u.code === roster.uscc,
    source: u.source,
    evidence: u.evidence,
    context: u.context,
    occurrences: u.occurrences,
    where,
    placement: u.placement,
    ...prominenceFigures(u.judgement),
  });
  const nameDetail = (n: PageFields['names'][number], where: string) => ({
    name: n.name,
    matchesRoster: normaliseName(n.name) === normaliseName(roster.name),
    evidence: n.evidence,
    licenceContext: n.licenceContext,
    context: n.context,
    occurrences: n.occurrences,
    where,
    placement: n.placement,
    ...prominenceFigures(n.judgement),
  });
  const details: Record<string, unknown> = {
    ...(reason ? { reason } : {}),
    homepage: { snapshotId: home.id, url: home.finalUrl, measured: /data-wj-box=/.test(home.html) },
    roster,
    licenceInfo: { shownAs, prominence: mark?.prominence ?? null, reasons: mark?.reasons ?? [] },
    usccs: [
      ...homeFields.usccs.map((u) => usccDetail(u, home.id)),
      ...links.flatMap((l) => (l.fields && l.snapshot ? l.fields.usccs.map((u) => usccDetail(u, l.snapshot!.id)) : [])),
    ],
    names: [
      ...homeFields.names.map((n) => nameDetail(n, home.id)),
      ...links.flatMap((l) => (l.fields && l.snapshot ? l.fields.names.map((n) => nameDetail(n, l.snapshot!.id)) : [])),
    ],
    licenceLinks: links.map((l) => ({
      text: l.link.text,
      url: l.link.url,
      licenceSystem: l.link.licenceSystem,
      imageOnly: l.link.imageOnly,
      state: l.state,
      target: l.target,
      placement: l.placement,
      ...prominenceFigures(l.judgement),
    })),
    numbers: numbers.map((n) => ({ kind: n.kind, number: n.number, raw: n.raw, label: n.label, occurrences: n.occurrences, placement: n.placement, ...prominenceFigures(n.judgement) })),
    problems,
  };
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence, capturedAt: home.capturedAt }];
}

export const licenceDisplay: Rule = {
  id: CHECK_ID,
  version: '1.0.0',
  pageKinds: ['homepage', 'licence'],
  evaluate,
};
