// Business-licence information as a page shows it: credit codes and names with their prominence
// and place, and the licence links of a page with what each led to (a 亮照 badge, an own licence
// page with the fields as text, an image, a login…). Shared by licence-display (the operator's
// homepage) and the seller checks (a shop page).
import type { CheerioAPI } from 'cheerio';
import type { NotCheckedReason, Snapshot } from '../types.js';
import { pageLinks, targetOf, type PageLink } from './links.js';
import { findNames, normaliseName } from './names.js';
import { placementOf, type Placement } from './placement.js';
import { judgeImageProminence, judgeProminence, prominenceFigures, type Prominence, type ProminenceJudgement } from './rendered.js';
import { describeTarget, fileTypeOfUrl, type TargetReport } from './targets.js';
import { expandLazyModules, loadHtml, pageText, type PageText } from './text.js';
import { findUsccs } from './uscc.js';

export const RANK: Readonly<Record<Prominence, number>> = { visible: 2, weak: 1, 'not-visible': 0 };
export const shown = (j: ProminenceJudgement) => j.prominence !== 'not-visible';

/** The most visible of some judgements. */
export function best(judgements: readonly ProminenceJudgement[]): ProminenceJudgement | null {
  return judgements.reduce<ProminenceJudgement | null>((b, j) => (!b || RANK[j.prominence] > RANK[b.prominence] ? j : b), null);
}

/** One entry per key (a footer printed several times is one mark), at its most visible copy. */
export function distinct<T extends { judgement: ProminenceJudgement }>(items: readonly T[], key: (t: T) => string): (T & { occurrences: number })[] {
  const byKey = new Map<string, T & { occurrences: number }>();
  for (const item of items) {
    const k = key(item);
    const seen = byKey.get(k);
    if (!seen) byKey.set(k, { ...item, occurrences: 1 });
    else byKey.set(k, { ...(RANK[item.judgement.prominence] > RANK[seen.judgement.prominence] ? item : seen), occurrences: seen.occurrences + 1 });
  }
  return [...byKey.values()];
}

export interface PageFields {
  usccs: { code: string; checksumValid: boolean; source: string; evidence: string; context: string; judgement: ProminenceJudgement; placement: Placement; occurrences: number }[];
  names: { name: string; evidence: string; licenceContext: boolean; context: string; judgement: ProminenceJudgement; placement: Placement; occurrences: number }[];
}

/**
 * Credit codes and names a page shows, each with its prominence and place. `rosterName` is also
 * looked for unlabelled ('' for none). On a licence page the whole page is the licence
 * information, so a name counts wherever it stands.
 */
export function fieldsOf(pt: PageText, rosterName: string, pageHeight: number, licencePage: boolean): PageFields {
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
  const names = findNames(pt, rosterName, codeOffsets).map((n) => {
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
export type LinkState = 'badge' | 'text' | 'image' | 'login' | 'no-fields' | 'dead' | 'unchecked';

export interface LicenceLink {
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

function followLicenceLink(snapshots: readonly Snapshot[], from: Snapshot, $: CheerioAPI, link: PageLink, rosterName: string, baseUrl: string, load: (s: Snapshot) => CheerioAPI): LicenceLink {
  const base = { link, judgement: judgeLink($, link), placement: placementOf($, link.element, from.page.height) };
  if (link.licenceSystem) return { ...base, state: 'badge', reason: null, target: null, snapshot: null, fields: null };
  const snapshot = targetOf(snapshots, from, link, baseUrl);
  if (!snapshot) {
    // not followed: an image or PDF file name still tells where the fields are
    const byUrl = fileTypeOfUrl(link.url);
    return { ...base, state: byUrl ? 'image' : 'unchecked', reason: byUrl ? null : 'page-kind-not-found', target: null, snapshot: null, fields: null };
  }
  const $t = snapshot.html ? load(snapshot) : null;
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
      if ($t) expandLazyModules($t);
      const fields = $t ? fieldsOf(pageText($t), rosterName, snapshot.page.height, true) : null;
      const readable = fields && (fields.usccs.some((u) => shown(u.judgement)) || fields.names.some((n) => n.licenceContext && shown(n.judgement)));
      if (readable) return { ...withTarget, state: 'text', fields };
      return { ...withTarget, state: snapshot.page.largeImages > 0 ? 'image' : target.state === 'empty' ? 'dead' : 'no-fields', fields };
    }
  }
}

/**
 * The licence links of page `from` (own pages the crawler followed, and 亮照 badges), each with
 * what it led to. The same URL repeated (a footer printed twice) is one link, judged at its most
 * visible copy. `baseUrl` is the URL the crawler resolved the links against (the homepage's for
 * a homepage's links). `keep` leaves out links a check does not count (a platform footer on a
 * shop page); `load` reads a page the links lead to (the seller checks mark its chrome).
 */
export function licenceLinksOf(
  snapshots: readonly Snapshot[],
  from: Snapshot,
  $: CheerioAPI,
  rosterName: string,
  baseUrl: string,
  keep: (link: LicenceLink) => boolean = () => true,
  load: (s: Snapshot) => CheerioAPI = (s) => loadHtml(s.html),
): LicenceLink[] {
  const byUrl = new Map<string, LicenceLink>();
  for (const link of pageLinks($, from.finalUrl)) {
    if (link.kind !== 'licence' && !link.licenceSystem) continue;
    const followed = followLicenceLink(snapshots, from, $, link, rosterName, baseUrl, load);
    if (!keep(followed)) continue;
    const seen = byUrl.get(link.url);
    if (!seen || RANK[followed.judgement.prominence] > RANK[seen.judgement.prominence]) byUrl.set(link.url, followed);
  }
  return [...byUrl.values()];
}

/** A licence link as the finding's details show it to the inspector. */
export const licenceLinkDetail = (l: LicenceLink) => ({
  text: l.link.text,
  url: l.link.url,
  licenceSystem: l.link.licenceSystem,
  imageOnly: l.link.imageOnly,
  state: l.state,
  target: l.target,
  placement: l.placement,
  ...prominenceFigures(l.judgement),
});
