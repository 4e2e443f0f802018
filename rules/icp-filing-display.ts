// icp-filing-display (ICP 备案号, for self-built sites, README "Sweeps"): a website's homepage shows
// its ICP filing number (ICP备…号) or its licence number (ICP证…号, B2-…), visibly. A platform's
// number is judged inside licence-display; a self-built site swept by the thousand gets a finding
// of its own, which the bureau passes to the 通信管理局 when the number is missing (the penalty is
// theirs).
import { best, distinct, shown } from './lib/licence-info.js';
import { findLicenceNumbers, type LicenceNumberKind } from './lib/licence-numbers.js';
import { placementOf } from './lib/placement.js';
import { judgeProminence, prominenceFigures } from './lib/rendered.js';
import { loadHtml, pageText } from './lib/text.js';
import { evidenceOf, homepageNotChecked, homepageOf } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Verdict } from './types.js';

const CHECK_ID = 'icp-filing-display';

/** The numbers that meet the duty: a filing, an ICP licence, or a value-added telecom licence. */
const KINDS: readonly LicenceNumberKind[] = ['icp-filing', 'icp-licence', 'telecom-licence'];
/** The MIIT filing system a filing number is to link to. */
const FILING_SYSTEM = /beian\.miit\.gov\.cn|miitbeian\.gov\.cn/i;

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const $ = loadHtml(home.html);
  const pt = pageText($);
  const numbers = distinct(
    findLicenceNumbers(pt.text)
      .filter((n) => KINDS.includes(n.kind))
      .map((n) => {
        const node = pt.nodeAt(n.offset)!;
        let linked = false;
        for (let cur = node.parent; cur && !linked; cur = cur.parent) linked = cur.type === 'tag' && cur.name === 'a' && FILING_SYSTEM.test(cur.attribs.href ?? '');
        return { ...n, linked, judgement: pt.prominenceAt(n.offset) ?? judgeProminence($, node), placement: placementOf($, node, home.page.height) };
      }),
    (n) => n.number,
  );
  const visible = numbers.filter((n) => shown(n.judgement));
  const mark = best(visible.map((n) => n.judgement));
  let verdict: Verdict;
  let summary: string;
  if (!numbers.length) {
    verdict = 'violation';
    summary = '网站首页未标明ICP备案编号或经营许可证编号';
  } else if (!visible.length) {
    verdict = 'violation';
    summary = `网站首页的ICP备案编号 ${numbers[0]!.number} 未可见呈现（${[...new Set(numbers.flatMap((n) => n.judgement.reasons))].join('；')}）`;
  } else if (mark!.prominence === 'weak') {
    verdict = 'needs-review';
    summary = `网站首页的ICP备案编号 ${visible[0]!.number} 不够显著（${mark!.reasons.join('；')}）`;
  } else {
    verdict = 'compliant';
    const shownNumber = visible.find((n) => n.judgement.prominence === 'visible')!;
    summary = `网站首页已标明${shownNumber.kind === 'icp-filing' ? 'ICP备案编号' : '经营许可证编号'} ${shownNumber.number}`;
  }
  const details = {
    homepage: { snapshotId: home.id, url: home.finalUrl, measured: /data-wj-box=/.test(home.html) },
    numbers: numbers.map((n) => ({ kind: n.kind, number: n.number, raw: n.raw, label: n.label, linkedToFilingSystem: n.linked, occurrences: n.occurrences, placement: n.placement, ...prominenceFigures(n.judgement) })),
  };
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence: evidenceOf([home]), capturedAt: home.capturedAt }];
}

export const icpFilingDisplay: Rule = {
  id: CHECK_ID,
  version: '1.0.0',
  pageKinds: ['homepage'],
  evaluate,
};
