// A platform's chrome: the blocks its pages repeat whatever the page is about (header, navigation,
// footer with the operator's own name, 统一社会信用代码, ICP and B2 numbers). It is learnt from the
// platform's own snapshots, not from tag or class names (many sites have no <footer> and hashed
// class names): a block is chrome when the same markup, text and link targets, at the same place
// in the page's structure, is on pages of two or more owners and of two or more kinds, one of
// them a page of the site rather than a document. A shop's pages (the shop page, its product
// pages, its licence page) have one owner, the shop, so a seller's own block that they all repeat
// stays the seller's; every other page is its own owner. A block every shop page repeats but no
// other kind of page (a registration badge, a licence link, the rating line of the shop template)
// is the shop's, and a preface two rules documents share is theirs: neither is the platform's
// chrome. Rules that judge a page's own content (who sells, what a document says) read the page
// with its chrome marked (`ownContent`), and placement.ts places marked text in the region
// 'chrome'.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { PageKind, Snapshot } from '../types.js';
import { shopOf } from './samples.js';
import { loadHtml, NOT_TEXT } from './text.js';

/** The attribute that marks a chrome element in a page read with `ownContent`. */
export const CHROME_ATTRIBUTE = 'data-wj-chrome';

/** Blocks with less text than this say too little to tell chrome from content. */
const MIN_TEXT = 4;
/** Ancestors in a block's place: enough to tell a footer line from a seller's line of the same words. */
const PLACE_DEPTH = 3;
/** Pages larger than this are not learnt from (a hostile 15 MB page would only cost time). */
const MAX_HTML = 2_000_000;

/** 53-bit string hash (cyrb53): rules stay free of node:crypto, and collisions are harmless here. */
function hash(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

interface Block {
  element: Element;
  signature: string;
}

/**
 * Every element with enough text, signed by its tag, its content (child tags and whitespace-
 * collapsed text, recursively: attributes such as hashed classes and tracking links left out) and
 * the tags of its nearest ancestors. Computed bottom-up in one pass, so a large page costs its size.
 */
function blocks($: CheerioAPI): Block[] {
  const found: Block[] = [];
  const visit = (node: AnyNode, place: readonly string[]): { content: number; text: number } | null => {
    if (node.type === 'text') {
      const t = node.data.replace(/\s+/g, ' ').trim();
      return t ? { content: hash(t), text: [...t].length } : null;
    }
    if (node.type !== 'tag') return null;
    const name = node.name.toLowerCase();
    if (NOT_TEXT.has(name)) return null;
    const inner = [...place, name].slice(-PLACE_DEPTH);
    const parts: number[] = [];
    let text = 0;
    for (const child of node.children) {
      const c = visit(child, inner);
      if (!c) continue;
      parts.push(c.content);
      text += c.text;
    }
    // Where a link leads is part of what it says: every shop's 营业执照 link reads the same but leads to its own page.
    const href = name === 'a' ? (node.attribs.href ?? '').replace(/[?#].*$/, '') : '';
    const content = hash(`${name}${href}(${parts.join(',')})`);
    if (text >= MIN_TEXT) found.push({ element: node, signature: `${place.join('>')}|${content}` });
    return { content, text };
  };
  for (const child of $.root()[0]!.children) visit(child, []);
  return found;
}

/** Whose page a snapshot is: a shop's (its shop, product and licence pages), else its own. */
function ownerOf(snapshots: readonly Snapshot[], s: Snapshot): string {
  if (s.kind === 'shop') return `shop ${s.id}`;
  if (s.kind === 'product') {
    const shop = shopOf(snapshots, s);
    if (shop) return `shop ${shop.id}`;
  }
  const via = s.via ? snapshots.find((p) => p.id === s.via) : undefined;
  if (via?.kind === 'shop') return `shop ${via.id}`;
  return `page ${s.id}`;
}

/** Pages of the site itself, where its chrome is sure to stand; the other kinds are documents. */
const SITE_KINDS: ReadonlySet<PageKind> = new Set(['homepage', 'rules-centre', 'search', 'product', 'shop', 'other']);

const learnt = new WeakMap<readonly Snapshot[], Set<string>>();

/** The signatures of the platform's chrome: blocks on pages of two or more owners and kinds, one of them a site page. */
export function platformChrome(snapshots: readonly Snapshot[]): Set<string> {
  const known = learnt.get(snapshots);
  if (known) return known;
  // One page alone (a self-built site's homepage in a sweep) has no chrome to learn: nothing is parsed.
  if (snapshots.filter((s) => s.kind !== 'licence' && !s.failure && s.html).length < 2) {
    learnt.set(snapshots, new Set());
    return learnt.get(snapshots)!;
  }
  const owners = new Map<string, Set<string>>();
  const kinds = new Map<string, Set<PageKind>>();
  for (const s of snapshots) {
    // A licence page is licence information whole: the operator's own shop shows the same table as
    // the platform's licence page, and that is the operator's identity, not chrome. Their footers
    // and headers are learnt from the other pages.
    if (s.kind === 'licence' || s.failure || !s.html || s.html.length > MAX_HTML) continue;
    const owner = ownerOf(snapshots, s);
    for (const b of blocks(loadHtml(s.html))) {
      owners.set(b.signature, (owners.get(b.signature) ?? new Set<string>()).add(owner));
      kinds.set(b.signature, (kinds.get(b.signature) ?? new Set<PageKind>()).add(s.kind));
    }
  }
  const isChrome = (sig: string, o: Set<string>) => {
    const k = kinds.get(sig)!;
    return o.size >= 2 && k.size >= 2 && [...k].some((kind) => SITE_KINDS.has(kind));
  };
  const chrome = new Set([...owners].filter(([sig, o]) => isChrome(sig, o)).map(([sig]) => sig));
  learnt.set(snapshots, chrome);
  return chrome;
}

/** Marks the outermost chrome elements of a page. */
function markChrome($: CheerioAPI, chrome: ReadonlySet<string>): void {
  if (!chrome.size) return;
  const marked = new Set<Element>();
  for (const b of blocks($)) if (chrome.has(b.signature)) marked.add(b.element);
  for (const el of marked) {
    let inside = false;
    for (let p = el.parent; p && !inside; p = p.parent) inside = p.type === 'tag' && marked.has(p as Element);
    if (!inside) el.attribs[CHROME_ATTRIBUTE] = '';
  }
}

/** A snapshot's page with the platform's chrome marked: what a rule reads as the page's own content. */
export function ownContent(snapshots: readonly Snapshot[], s: Snapshot): CheerioAPI {
  const $ = loadHtml(s.html);
  markChrome($, platformChrome(snapshots));
  return $;
}
