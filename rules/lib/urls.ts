// One way to turn an href into the URL the crawler visits, so a rule can find the snapshot of
// the page a link leads to.

/** The absolute URL an href leads to (fragment dropped), or null for script, mail and phone links. */
export function resolveHref(href: string | undefined, base: string): string | null {
  const h = (href ?? '').trim();
  if (!h || h.startsWith('#') || /^(javascript|mailto|tel|sms|data):/i.test(h)) return null;
  try {
    const url = new URL(h, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** The same page, whatever the fragment or a trailing slash on the path. */
export function samePage(a: string, b: string): boolean {
  const strip = (u: string) => u.replace(/#.*$/, '').replace(/\/(\?|$)/, '$1');
  return strip(a) === strip(b);
}
