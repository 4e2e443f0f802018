// The display checks a sweep runs on one subject: a self-built site (its homepage and the licence
// pages one click from it) or an in-platform shop (its shop page, its licence page, and the
// platform's homepage, from which the platform's chrome is told apart from the seller's own). The
// same judgements as a platform scan's, called on one page: pure, so a worker runs them anywhere.
import { icpFilingDisplay } from './icp-filing-display.js';
import { displayPageFinding, judgeDisplayPage, sellerLicenceDisplay, type DisplayPage } from './seller-licence-display.js';
import { sellerRegistrationMark, shopMarkFinding } from './seller-registration-mark.js';
import type { DraftFinding, PlatformRecord, Rule, Snapshot } from './types.js';

import type { SweepKind } from './sweep-checks.js';

export { SWEEP_CHECKS, SWEEP_KINDS, type SweepKind } from './sweep-checks.js';

export interface SweepSubject {
  kind: SweepKind;
  url: string;
  /** The operator's name and credit code as the sweep's list gives them, where it does. */
  name?: string | undefined;
  uscc?: string | undefined;
}

/** A draft finding with the rule whose judgement made it (its version goes in the finding). */
export interface SweepDraft {
  draft: DraftFinding;
  rule: Rule;
}

/** The subject's own page: a site's homepage, or the shop page. */
export function subjectPage(kind: SweepKind, snapshots: readonly Snapshot[]): Snapshot | null {
  return snapshots.find((s) => s.depth === 0 && s.kind === (kind === 'shop' ? 'shop' : 'homepage')) ?? null;
}

/** The checks of `checks` (a sweep kind's) on the subject's snapshots. */
export function judgeSubject(subject: SweepSubject, checks: readonly string[], snapshots: readonly Snapshot[]): SweepDraft[] {
  const page = subjectPage(subject.kind, snapshots);
  if (!page) throw new Error(`no ${subject.kind === 'shop' ? 'shop page' : 'homepage'} among the subject's snapshots`);
  const out: SweepDraft[] = [];
  for (const check of checks) {
    if (check === 'licence-display' || check === 'seller-licence-display') {
      const at: DisplayPage =
        subject.kind === 'shop'
          ? { page: '店铺页面', owner: '店铺', ownSite: false, expected: { name: subject.name, uscc: subject.uscc } }
          : { page: '网站首页', owner: '网站', ownSite: true, expected: { name: subject.name, uscc: subject.uscc } };
      out.push({ draft: displayPageFinding(judgeDisplayPage(snapshots, page, at), check, at), rule: sellerLicenceDisplay });
    } else if (check === 'icp-filing-display') {
      const site: PlatformRecord = { id: 'site', name: subject.name ?? '', uscc: subject.uscc ?? '', url: subject.url, risk: 'general' };
      out.push(...icpFilingDisplay.evaluate({ platform: site, snapshots }).map((draft) => ({ draft, rule: icpFilingDisplay })));
    } else if (check === 'seller-registration-mark') {
      out.push({ draft: shopMarkFinding(snapshots, page), rule: sellerRegistrationMark });
    } else {
      throw new Error(`${check} is not a check a sweep runs`);
    }
  }
  return out;
}
