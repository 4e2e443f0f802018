// An agreement or rules document as versions are kept of it: which captures are documents, what
// identifies one across scans, and its main text normalised so that two captures of the same
// text compare equal whatever the page's markup, navigation or footer did meanwhile.
import type { CheerioAPI } from 'cheerio';
import type { NotCheckedReason, PageKind, Snapshot } from '../types.js';
import { loadHtml, pageText, type PageText } from './text.js';

/** The page kinds whose text is versioned across scans; notices too, as they are often taken down once a change is in force. */
export const VERSIONED_KINDS: readonly PageKind[] = ['agreement', 'rules', 'ip-rules', 'credit-rules', 'privacy', 'notice'];

// Query parameters that say how a visitor arrived, not which document it is.
const TRACKING = /^(utm_\w+|spm|scm|from|source|src|ref|refer|referer|track\w*|_t|t|ts|timestamp|clickid|fbclid|gclid|sessionid|sid)$/i;

/** A document's identity: its URL without fragment or tracking query, host in lower case. */
/** Where one sentence ends and the next begins, as the clause checks read a document. */
export const SENTENCE_END = /[。！？；!?;]/g;

/**
 * A captured document's text, or why it cannot be read: the page failed, or it is neither HTML
 * nor a PDF (a PDF is read by the text the crawler took from it; an image document has none, which
 * agreement-display reports).
 */
export function documentPageText(doc: Snapshot): PageText | NotCheckedReason {
  if (doc.failure) return doc.failure.reason;
  if (!doc.html || !/html|pdf/i.test(doc.contentType ?? 'html')) return 'page-kind-not-found';
  return pageText(loadHtml(doc.html));
}

export function documentKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const name of [...u.searchParams.keys()]) if (TRACKING.test(name)) u.searchParams.delete(name);
    u.search = u.searchParams.toString() ? `?${u.searchParams.toString()}` : '';
    return u.href;
  } catch {
    return url.replace(/#.*$/, '');
  }
}

export interface DocumentCapture {
  snapshot: Snapshot;
  /** `documentKey` of the page's final URL. */
  key: string;
  kind: PageKind;
  title: string;
  text: string;
}

/** The captures of `kinds` that loaded as HTML with some text, each document once (the first capture of its URL). */
export function documentCaptures(snapshots: readonly Snapshot[], kinds: readonly PageKind[] = VERSIONED_KINDS): DocumentCapture[] {
  const captures: DocumentCapture[] = [];
  for (const s of snapshots) {
    if (!kinds.includes(s.kind) || s.failure || !s.html || !/html/i.test(s.contentType ?? 'html')) continue;
    const key = documentKey(s.finalUrl || s.requestedUrl);
    if (captures.some((c) => c.key === key)) continue;
    const text = documentText(s.html);
    if (text) captures.push({ snapshot: s, key, kind: s.kind, title: documentTitle(s, text), text });
  }
  return captures;
}

// A character no page uses, put after each block so the text keeps its paragraphs (pageText
// collapses all whitespace, the separators included).
const BLOCK_END = '\uE000';
const BLOCKS = 'p, div, li, tr, h1, h2, h3, h4, h5, h6, dt, dd, section, article, table, br, blockquote, pre';
const CHROME = 'header, nav, footer, aside, [role=navigation], [role=banner], [role=contentinfo]';

/**
 * The element holding the document: the largest <main> or <article> when it holds most of the
 * text (not a sidebar's article), else the body without its navigation.
 */
function mainOf($: CheerioAPI) {
  const MARKED = 'main, article, [role=main]';
  // the page's own header and footer, not an article's (which may state its effective date)
  $(CHROME)
    .filter((_, el) => $(el).parents(MARKED).length === 0)
    .remove();
  const body = $('body').first();
  const marked = $(MARKED).toArray().sort((a, b) => $(b).text().length - $(a).text().length)[0];
  return marked && $(marked).text().length * 2 >= body.text().length ? $(marked) : body;
}

/**
 * The document's main text, one paragraph a line, whitespace collapsed: what is compared across
 * scans and shown in a diff.
 */
export function documentText(html: string): string {
  const $ = loadHtml(html);
  const main = mainOf($);
  main.find(BLOCKS).after(BLOCK_END);
  const own = loadHtml(`<body>${main.length ? main.html() ?? '' : $.html()}</body>`);
  return pageText(own)
    .text.split(BLOCK_END)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

// Words a document's name carries; a page title without one is often just the site's name.
const DOCUMENT_NAME = /协议|规则|条款|政策|须知|规范|声明|公示|公告|通知|征求意见/;

/** What a document is called: the page title when it names a document, else its heading (first line), else the title or the link that led to it. */
export function documentTitle(s: Snapshot, text: string): string {
  const title = s.title.trim();
  const heading = text.split('\n')[0]!.trim();
  const name = DOCUMENT_NAME.test(title) ? title : heading.length <= 40 && DOCUMENT_NAME.test(heading) ? heading : title || s.linkText?.trim() || heading.slice(0, 40);
  return name.replace(/\s+/g, ' ');
}

/**
 * Which known document each capture is: the one at its URL, else, for a document that moved,
 * one of the same kind and title whose URL was not captured this time. The store and the rule
 * both match this way, so a moved document keeps its versions.
 */
export function matchDocuments<T extends { url: string; kind: PageKind; title: string }>(captures: readonly { key: string; kind: PageKind; title: string }[], known: readonly T[]): (T | null)[] {
  const keys = new Set(captures.map((c) => c.key));
  const taken = new Set<T>();
  const byUrl = captures.map((c) => known.find((k) => k.url === c.key) ?? null);
  for (const k of byUrl) if (k) taken.add(k);
  return captures.map((c, i) => {
    if (byUrl[i]) return byUrl[i];
    const moved = known.find((k) => !taken.has(k) && !keys.has(k.url) && k.kind === c.kind && k.title === c.title);
    if (moved) taken.add(moved);
    return moved ?? null;
  });
}
