// Which finding of one run is "the same" as one of another: platform + check + a key built from
// what the rules put in `subject` and `details`.
//
// - Platform-level findings (one a check, subject the homepage wherever it redirected to) key
//   as PLATFORM_KEY, so a redirect or session parameter on the homepage does not split them.
// - Item-level findings key by their subject URL, normalised: host lower-case, default port and
//   a trailing slash dropped, tracking parameters (utm_*, spm, scm, pvid) dropped, the others
//   sorted. A hash route (#/item/1) and the rules' own #result-<zone>-<rank> (a result with no
//   link) are kept; a text fragment (#:~:text=) is not, the sentence below stands for it.
// - Plus the item key a rule puts in details where one page holds several findings:
//   unfair-terms the sentence (one finding a sentence of a document), absolute-terms the term
//   and field (one finding a hit on a listing or product page).
// ad-label, self-operated-label, tying, seller-*, prohibited-listings make one finding an item
// (result, product page or shop), which its URL identifies. A listing whose URL carries a
// per-click token will look new every night: the rules have nothing steadier to go on.
import type { Finding } from '../findings/finding.js';

export const PLATFORM_KEY = '(platform)';

const TRACKING = /^(utm_.+|spm|scm|pvid)$/i;

export function normaliseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.trim();
  }
  const params = [...u.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
  const hash = u.hash.startsWith('#:~:') ? '' : u.hash;
  return `${u.protocol}//${u.host}${path}${query}${hash}`;
}

function itemPart(f: Finding): string {
  const d = f.details;
  if (typeof d.sentence === 'string') return ` sentence=${d.sentence}`;
  if (typeof d.term === 'string') return ` term=${d.term} field=${String(d.field ?? '')}`;
  return '';
}

/**
 * The finding's key within its platform and check. `homepages` are the URLs the platform's
 * homepage was requested at and ended up at in that run (and the roster URL).
 */
export function findingKey(f: Finding, homepages: ReadonlySet<string>): string {
  const item = itemPart(f);
  const subject = normaliseUrl(f.subject);
  if (!item && homepages.has(subject)) return PLATFORM_KEY;
  return `${subject}${item}`;
}

export function homepageSet(urls: readonly string[]): Set<string> {
  return new Set(urls.map(normaliseUrl));
}
