// licence-display (亮证亮照, checks.md): the homepage shows the operator's business-licence
// information, or a link or badge to it, and a telecom licence or ICP number, visibly.
import { imageOnlyText, imageReadingsOf, type ImageReading } from './lib/image-text.js';
import { best, distinct, fieldsOf, licenceLinkDetail, licenceLinksOf, shown, type LinkState, type PageFields } from './lib/licence-info.js';
import { findLicenceNumbers, type LicenceNumberKind } from './lib/licence-numbers.js';
import { normaliseName } from './lib/names.js';
import { placementOf } from './lib/placement.js';
import { judgeProminence, prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { loadHtml, pageText } from './lib/text.js';
import { normaliseUscc } from './lib/uscc.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, Rule, RuleInput, Verdict } from './types.js';

const CHECK_ID = 'licence-display';

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
  const homeFields = fieldsOf(pt, platform.name, height, false);
  // links to licence information: own pages (followed by the crawler) and 亮照 badges
  const links = licenceLinksOf(input.snapshots, home, $, platform.name, home.finalUrl);

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
  let imageReadings: ImageReading[] = [];
  if (readable.length) {
    shownAs = homeText.length ? 'text' : linksIn('text').length ? 'licence-page' : 'badge';
    relied = readable;
  } else if (linksIn('image', 'login', 'no-fields').length) {
    const image = linksIn('image');
    const login = linksIn('login');
    shownAs = image.length ? 'image' : login.length ? 'login' : 'unreadable-page';
    relied = linksIn('image', 'login', 'no-fields').map((l) => l.judgement);
    imageReadings = imageReadingsOf(image, roster);
    if (image.length) problems.push({ verdict: 'needs-review', code: 'image-only', text: imageOnlyText('营业执照信息', imageReadings) });
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
    licenceLinks: links.map(licenceLinkDetail),
    ...(imageReadings.length ? { imageReadings } : {}),
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
