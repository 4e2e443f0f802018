// Where on the page a mark sits (header, footer, side bar, the platform's repeated chrome): recorded
// for the inspector, since checks.md asks for a persistent place, and used to tell the platform's
// own text from the page's.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { CHROME_ATTRIBUTE } from './chrome.js';
import { renderingOf } from './rendered.js';

/** 'chrome': a block the platform's pages all repeat (lib/chrome.ts), told only on a page read with its chrome marked. */
export type Region = 'header' | 'footer' | 'sidebar' | 'body' | 'chrome';

export interface Placement {
  region: Region;
  /** How the region was told: an enclosing element, repetition across the platform's pages, the element's box on the page, or neither. */
  by: 'element' | 'repetition' | 'box' | 'none';
  /** The enclosing element that tells, e.g. "div#footer" or "footer". */
  element: string | null;
}

const TAGS: Readonly<Record<string, Region>> = { footer: 'footer', header: 'header', nav: 'header', aside: 'sidebar' };
const NAMES: readonly [RegExp, Region][] = [
  [/foot|copyright|bottom|beian/i, 'footer'],
  [/side|aside|fixedbar|toolbar|float/i, 'sidebar'],
  [/header|topbar|top-bar|shortcut|site-nav/i, 'header'],
];

/** The platform's own text, not the page's: its footer, or a block all its pages repeat. */
export const isPlatformChrome = (p: Placement): boolean => p.region === 'footer' || p.region === 'chrome';

export function placementOf($: CheerioAPI, node: AnyNode, pageHeight: number): Placement {
  for (let cur: AnyNode | null = node; cur; cur = cur.parent) {
    if (cur.type !== 'tag') continue;
    if (cur.attribs[CHROME_ATTRIBUTE] !== undefined) return { region: 'chrome', by: 'repetition', element: cur.name };
    const tag = TAGS[cur.name];
    if (tag) return { region: tag, by: 'element', element: cur.name };
    const names = [cur.attribs.id, ...(cur.attribs.class ?? '').split(/\s+/)].filter((n): n is string => !!n);
    for (const [re, region] of NAMES) {
      const hit = names.find((n) => re.test(n));
      if (hit) return { region, by: 'element', element: `${cur.name}${hit === cur.attribs.id ? '#' : '.'}${hit}` };
    }
  }
  const box = renderingOf($, node).box;
  if (box && pageHeight > 0) {
    if (box.y >= pageHeight * 0.8) return { region: 'footer', by: 'box', element: null };
    if (box.y + box.height <= pageHeight * 0.15) return { region: 'header', by: 'box', element: null };
    return { region: 'body', by: 'box', element: null };
  }
  return { region: 'body', by: 'none', element: null };
}
