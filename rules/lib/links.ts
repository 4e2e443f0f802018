// The links of a captured page, read the way the crawler reads them (the anchor's text, else its
// title, else the alt of an image inside it), and the snapshot each one led to.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { PageKind, Snapshot } from '../types.js';
import { classifyLink, LICENCE_DISPLAY_SYSTEMS } from './page-kinds.js';
import { resolveHref, samePage } from './urls.js';

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text inside an element, scripts and styles left out. */
export function descendantText(node: Element): string {
  let out = '';
  for (const child of node.children) {
    if (child.type === 'text') out += child.data;
    else if (child.type === 'tag' && child.name !== 'script' && child.name !== 'style') out += descendantText(child);
  }
  return out;
}

function firstImage(node: Element): Element | null {
  for (const child of node.children) {
    if (child.type !== 'tag') continue;
    if (child.name === 'img') return child;
    const inner = firstImage(child);
    if (inner) return inner;
  }
  return null;
}

/** The text a link is known by: its text, else its title, else the alt (or title) of an image inside it. */
export function linkText(a: Element): string {
  const own = collapse(descendantText(a));
  if (own) return own;
  const title = collapse(a.attribs.title ?? '');
  if (title) return title;
  const img = firstImage(a);
  return img ? collapse(img.attribs.alt ?? img.attribs.title ?? '') : '';
}

export interface PageLink {
  element: Element;
  text: string;
  href: string;
  /** Absolute URL (resolveHref against the page's own URL). */
  url: string;
  kind: PageKind | null;
  /** The link goes to a government licence display system (亮照), which the crawler never visits. */
  licenceSystem: boolean;
  /** The link shows only an image (a badge), no text of its own. */
  imageOnly: boolean;
}

/** The links of a page that lead to a web page (script, mail and phone links are left out). */
export function pageLinks($: CheerioAPI, baseUrl: string): PageLink[] {
  const links: PageLink[] = [];
  $('a[href]').each((_, a) => {
    const href = a.attribs.href ?? '';
    const url = resolveHref(href, baseUrl);
    if (!url) return;
    const text = linkText(a);
    links.push({
      element: a,
      text,
      href,
      url,
      kind: classifyLink(text, href),
      licenceSystem: LICENCE_DISPLAY_SYSTEMS.some((re) => re.test(href)),
      imageOnly: !collapse(descendantText(a)) && firstImage(a) !== null,
    });
  });
  return links;
}

const HUB_LINKS = 4;
const HUB_KINDS = 3;
/** Share of a hub's text that is its document links' text: a document's own links are lost in its prose. */
const HUB_LINK_SHARE = 0.1;

/**
 * Whether a page is a hub of documents (a 规则中心 or 帮助中心 by what it holds, whatever it is
 * called): links to documents of at least three kinds, whose text weighs in the page's text.
 * A document's footer links to two or three others, within pages of prose.
 */
export function isDocumentHub($: CheerioAPI, baseUrl: string): boolean {
  const body = $('body')[0];
  if (!body) return false;
  const docs = pageLinks($, baseUrl).filter((l) => l.kind && l.kind !== 'rules-centre' && !l.licenceSystem);
  const urls = new Set(docs.map((l) => l.url));
  if (urls.size < HUB_LINKS || new Set(docs.map((l) => l.kind)).size < HUB_KINDS) return false;
  const linkChars = docs.reduce((n, l) => n + l.text.length, 0);
  const chars = collapse(descendantText(body)).length;
  return linkChars >= chars * HUB_LINK_SHARE;
}

/**
 * The snapshot a link on page `from` led to. The crawler records the URL it requested, resolved
 * against the homepage; links on deeper pages are also tried against their own page's URL.
 */
export function targetOf(snapshots: readonly Snapshot[], from: Snapshot, link: PageLink, homepageUrl: string): Snapshot | null {
  const urls = [link.url, resolveHref(link.href, homepageUrl) ?? link.url];
  const matches = snapshots.filter((s) => s.id !== from.id && urls.some((u) => samePage(s.requestedUrl, u)));
  return matches.find((s) => s.via === from.id) ?? matches[0] ?? null;
}

/** A link to a rules centre: named as one, or one that led to a page found to be one (isDocumentHub). */
export function leadsToCentre(snapshots: readonly Snapshot[], from: Snapshot, link: PageLink, homepageUrl: string): boolean {
  return link.kind === 'rules-centre' || targetOf(snapshots, from, link, homepageUrl)?.kind === 'rules-centre';
}
