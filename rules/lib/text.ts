// The text of a captured page in reading order, with each stretch traced back to the element
// that holds it, so a rule can match a pattern across element boundaries ("营业执照：<a>9133…</a>")
// and still say where the match stands and how it was rendered.
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { judgeProminence, type ProminenceJudgement } from './rendered.js';

/** Elements whose content is not text of the page (code, styles, form internals, drawings). */
export const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'head', 'textarea', 'select', 'svg']);

interface Segment {
  start: number;
  end: number;
  node: AnyNode;
}

export interface PageText {
  $: CheerioAPI;
  /** All text, whitespace collapsed, hidden parts included (judge them with `prominenceAt`). */
  text: string;
  /** The node whose text covers character `offset` of `text`. */
  nodeAt(offset: number): AnyNode | null;
  /** The prominence of the text at `offset` (checks.md "Prominence"). */
  prominenceAt(offset: number): ProminenceJudgement | null;
}

export function loadHtml(html: string): CheerioAPI {
  return cheerio.load(html);
}

export function pageText($: CheerioAPI): PageText {
  const segments: Segment[] = [];
  // Chunks joined once at the end: reading back a string built by += flattens it every time,
  // which made a 15 MB page take minutes.
  const chunks: string[] = [];
  let length = 0;
  let endsWithSpace = true; // no leading space
  const push = (chunk: string) => {
    chunks.push(chunk);
    length += chunk.length;
    endsWithSpace = chunk.endsWith(' ');
  };
  const append = (s: string, node: AnyNode) => {
    const collapsed = s.replace(/\s+/g, ' ');
    if (!collapsed.trim()) {
      if (!endsWithSpace) push(' ');
      return;
    }
    const chunk = endsWithSpace && collapsed.startsWith(' ') ? collapsed.slice(1) : collapsed;
    segments.push({ start: length, end: length + chunk.length, node });
    push(chunk);
  };
  const walk = (node: AnyNode) => {
    if (node.type === 'text') append(node.data, node);
    else if (node.type === 'tag' || node.type === 'root') {
      if (node.type === 'tag') {
        const name = node.name.toLowerCase();
        if (NOT_TEXT.has(name)) return;
        if (name === 'img' || name === 'area') {
          const alt = node.attribs.alt ?? node.attribs.title;
          if (alt) append(` ${alt} `, node);
          return;
        }
        if (name === 'br' || BLOCKS.has(name)) append(' ', node);
      }
      for (const child of node.children) walk(child);
      if (node.type === 'tag' && BLOCKS.has(node.name.toLowerCase())) append(' ', node);
    }
  };
  walk($.root()[0]!);
  const text = chunks.join('');
  const nodeAt = (offset: number): AnyNode | null => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segments[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return s.node;
    }
    return null;
  };
  return {
    $,
    text,
    nodeAt,
    prominenceAt(offset) {
      const node = nodeAt(offset);
      return node ? judgeProminence($, node) : null;
    },
  };
}

const BLOCKS = new Set(['p', 'div', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dl', 'dt', 'dd', 'form', 'main', 'body']);

/**
 * Lazy modules (KISSY datalazyload on Tmall and Taobao): a block's HTML escaped inside a
 * <textarea>, which the page's script swaps in when the block scrolls into view. A captured page
 * may still hold them (the crawler does not scroll every block into view).
 */
export const LAZY_MODULES = 'textarea[class*="lazyload"]';

/**
 * Replaces each lazy module with the HTML the browser would show once it loads, marked
 * data-wj-lazy, so a rule reads it where it stands. Its rendering was never measured.
 */
export function expandLazyModules($: CheerioAPI): number {
  const modules = $(LAZY_MODULES).toArray();
  for (const m of modules) $(m).replaceWith(`<div data-wj-lazy="1">${$(m).text()}</div>`);
  return modules.length;
}

/** Text of an element with whitespace collapsed. */
export function textOf(el: cheerio.Cheerio<Element>): string {
  return el.text().replace(/\s+/g, ' ').trim();
}
