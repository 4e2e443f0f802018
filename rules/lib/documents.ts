// Documents a platform publishes behind links on its homepage or on a 规则中心 one click away
// (enforcement notices, credit rules, IP rules…): each link of the kinds asked for, the page it
// led to, and what that page turned out to be. A link that led to a hub of documents is a centre,
// whatever it is called. Shared by the rules that look for such documents.
import type { CheerioAPI } from 'cheerio';
import type { NotCheckedReason, PageKind, RuleInput, Snapshot } from '../types.js';
import { ownContent } from './chrome.js';
import { leadsToCentre, pageLinks, targetOf, type PageLink } from './links.js';
import { judgeProminence, prominenceFigures, type ProminenceJudgement } from './rendered.js';
import { describeTarget, type TargetReport } from './targets.js';
import { loadHtml } from './text.js';
import { samePage } from './urls.js';

/**
 * What a followed link gave: a page to read; a page that may be the document but needs a person
 * (login, image, PDF, little text, unsaveable); a broken link (dead, error, empty, back to the
 * homepage); or nothing known (not visited, unreachable).
 */
export type LinkOutcome = 'readable' | 'doubtful' | 'broken' | 'unchecked';

export interface DocumentLink {
  link: PageLink;
  /** The page the link stands on: the homepage or a rules centre. */
  on: Snapshot;
  judgement: ProminenceJudgement;
  snapshot: Snapshot | null;
  /** The parsed target page, when it is HTML that loaded. */
  $: CheerioAPI | null;
  target: TargetReport | null;
  outcome: LinkOutcome;
}

export interface LinkedDocuments {
  home: Snapshot;
  $home: CheerioAPI;
  homeLinks: PageLink[];
  /** Rules centres linked from the homepage whose page was read. */
  centres: { snapshot: Snapshot; $: CheerioAPI }[];
  /** Why visible rules-centre links could not be read: a document may hide behind them. */
  centresUnchecked: NotCheckedReason[];
  /** Visible links of the kinds asked for, each URL once, homepage links first. */
  links: DocumentLink[];
}

const OUTCOME_OF_STATE: Readonly<Record<TargetReport['state'], LinkOutcome>> = {
  ok: 'readable',
  short: 'doubtful',
  unsaveable: 'doubtful',
  login: 'doubtful',
  image: 'doubtful',
  'image-only': 'doubtful',
  pdf: 'doubtful',
  dead: 'broken',
  'error-page': 'broken',
  empty: 'broken',
  unreachable: 'unchecked',
};

export const OUTCOME_WORDS: Readonly<Record<LinkOutcome, string>> = {
  readable: '页面可正常打开',
  doubtful: '页面需人工核实（需登录、仅图片/PDF、文字过少或无法保存）',
  broken: '链接失效或指向空白/错误页面',
  unchecked: '页面未能检查',
};

function follow(input: RuleInput, home: Snapshot, on: Snapshot, $on: CheerioAPI, link: PageLink): DocumentLink {
  const judgement = judgeProminence($on, link.element);
  const snapshot = targetOf(input.snapshots, on, link, home.finalUrl);
  if (!snapshot) return { link, on, judgement, snapshot, $: null, target: null, outcome: 'unchecked' };
  const $ = snapshot.html && !snapshot.failure ? ownContent(input.snapshots, snapshot) : null;
  const target = describeTarget(snapshot, $);
  const backHome = target.state === 'ok' && samePage(snapshot.finalUrl, home.finalUrl) && !samePage(snapshot.requestedUrl, home.finalUrl);
  return { link, on, judgement, snapshot, $, target, outcome: backHome ? 'broken' : OUTCOME_OF_STATE[target.state] };
}

/** The links of `kinds` on the homepage and on the rules centres it links to, with their targets. */
export function linkedDocuments(input: RuleInput, home: Snapshot, kinds: readonly PageKind[]): LinkedDocuments {
  const $home = loadHtml(home.html);
  const homeLinks = pageLinks($home, home.finalUrl);
  const links: DocumentLink[] = [];
  const seen = new Set<string>();
  const isCentre = (link: PageLink) => leadsToCentre(input.snapshots, home, link, home.finalUrl);
  const collect = (on: Snapshot, $on: CheerioAPI, pageLinksOn: readonly PageLink[]) => {
    for (const link of pageLinksOn) {
      if (!link.kind || !kinds.includes(link.kind) || seen.has(link.url) || isCentre(link)) continue;
      seen.add(link.url);
      const followed = follow(input, home, on, $on, link);
      if (followed.judgement.prominence !== 'not-visible') links.push(followed);
    }
  };
  collect(home, $home, homeLinks);

  const centres: LinkedDocuments['centres'] = [];
  const centresUnchecked: NotCheckedReason[] = [];
  const centreUrls = new Set<string>();
  for (const link of homeLinks) {
    if (centreUrls.has(link.url) || !isCentre(link) || judgeProminence($home, link.element).prominence === 'not-visible') continue;
    centreUrls.add(link.url);
    const centre = follow(input, home, home, $home, link);
    // a centre is a page of links: read it whatever its text length, unless it is an error or login page
    if (centre.snapshot && centre.$ && !['dead', 'error-page', 'login'].includes(centre.target!.state)) {
      centres.push({ snapshot: centre.snapshot, $: centre.$ });
      collect(centre.snapshot, centre.$, pageLinks(centre.$, centre.snapshot.finalUrl));
    } else if (centre.outcome === 'unchecked' || centre.target?.state === 'login') {
      centresUnchecked.push(centre.target?.reason ?? (centre.target ? 'login-wall' : 'page-kind-not-found'));
    }
  }
  return { home, $home, homeLinks, centres, centresUnchecked, links };
}

const PREFERENCE: readonly LinkOutcome[] = ['readable', 'doubtful', 'unchecked', 'broken'];

/** The link that decides whether a document is there: the best outcome wins. */
export function bestLink(links: readonly DocumentLink[]): DocumentLink | null {
  for (const outcome of PREFERENCE) {
    const link = links.find((l) => l.outcome === outcome);
    if (link) return link;
  }
  return null;
}

/** A link as the details of a finding report it. */
export function linkDetail(l: DocumentLink, home: Snapshot): Record<string, unknown> {
  return { text: l.link.text, url: l.link.url, foundOn: l.on.id, viaRulesCentre: l.on !== home, outcome: l.outcome, target: l.target, ...prominenceFigures(l.judgement) };
}

export interface DocumentPresence {
  /** found: a link led to a readable page; doubtful: only to one a person must open; absent: no working link; unknown: could not tell. */
  presence: 'found' | 'doubtful' | 'absent' | 'unknown';
  link: DocumentLink | null;
  reason: NotCheckedReason | null;
}

/** Whether a document is published, from its links; an unread rules centre leaves an absent document unknown. */
export function presenceOf(links: readonly DocumentLink[], centresUnchecked: readonly NotCheckedReason[]): DocumentPresence {
  const link = bestLink(links);
  if (link?.outcome === 'readable') return { presence: 'found', link, reason: null };
  if (link?.outcome === 'doubtful') return { presence: 'doubtful', link, reason: null };
  if (link?.outcome === 'unchecked') return { presence: 'unknown', link, reason: link.target?.reason ?? 'page-kind-not-found' };
  const centre = centresUnchecked[0];
  if (centre) return { presence: 'unknown', link, reason: centre };
  return { presence: 'absent', link, reason: null };
}
