// One way to turn an href into the URL the crawler visits, so a rule can find the snapshot of
// the page a link leads to.

/** A fragment that is a client-side route (#/item/1, #!/rules) names a page of its own. */
const ROUTE_FRAGMENT = /^#!?\//;

/**
 * The absolute URL an href leads to, or null for script, mail and phone links and for anchors
 * within the page. A plain fragment is dropped; a hash route is kept, since it is another page.
 */
export function resolveHref(href: string | undefined, base: string): string | null {
  const h = (href ?? '').trim();
  if (!h || (h.startsWith('#') && !ROUTE_FRAGMENT.test(h)) || /^(javascript|mailto|tel|sms|data):/i.test(h)) return null;
  try {
    const url = new URL(h, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!ROUTE_FRAGMENT.test(url.hash)) url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** The same page, whatever a plain fragment or a trailing slash on the path; a hash route counts. */
export function samePage(a: string, b: string): boolean {
  const strip = (u: string) => {
    const hash = /#.*$/.exec(u)?.[0] ?? '';
    const page = u.slice(0, u.length - hash.length).replace(/\/(\?|$)/, '$1');
    return ROUTE_FRAGMENT.test(hash) ? `${page}${hash}` : page;
  };
  return strip(a) === strip(b);
}

/**
 * What names one listing whichever search showed it: its URL decoded, less the searched words it
 * echoes (…?kw=手机, a click URL's url=…%3Fkw%3D手机).
 */
export function withoutEchoes(url: string, queries: readonly string[]): string {
  let text: string;
  try {
    text = decodeURIComponent(url);
  } catch {
    text = url;
  }
  return queries.reduce((u, q) => (q ? u.split(q).join('') : u), text);
}
