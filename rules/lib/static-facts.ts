// A page's facts (rules/types.ts PageFacts) without a browser.
import type { AnyNode } from 'domhandler';
import type { PageFacts } from '../types.js';
import { judgeImageProminence, judgeProminence } from './rendered.js';
import { loadHtml, pageText } from './text.js';

/**
 * Page facts read from the HTML alone, as the browser's annotation pass would read them where the
 * page's styles are inline: what an HTTP fetch without a browser (a sweep) knows of a page, and
 * what offline rule tests give their hand-written pages. `size` is the page's, unknown (0) unless said.
 */
export function staticPageFacts(html: string, size: { width: number; height: number } = { width: 0, height: 0 }): PageFacts {
  const $ = loadHtml(html);
  const pt = pageText($);
  const visible = new Map<AnyNode, boolean>();
  let textLength = 0;
  for (let i = 0; i < pt.text.length; i++) {
    const node = pt.nodeAt(i);
    if (!node || /\s/.test(pt.text[i]!)) continue;
    let shown = visible.get(node);
    if (shown === undefined) visible.set(node, (shown = judgeProminence($, node).prominence !== 'not-visible'));
    if (shown) textLength++;
  }
  const sizeOf = (el: { attribs: Record<string, string> }, i: 2 | 3, attr: 'width' | 'height') =>
    Number(el.attribs['data-wj-box']?.split(',')[i] ?? el.attribs[attr] ?? 0);
  const largeImages = $('img')
    .toArray()
    .filter((img) => sizeOf(img, 2, 'width') >= 100 && sizeOf(img, 3, 'height') >= 100 && judgeImageProminence($, img).prominence !== 'not-visible').length;
  const hasPasswordField = $('input[type=password]')
    .toArray()
    .some((input) => judgeProminence($, input).prominence !== 'not-visible');
  const bodyStyle = $('body').attr('style') ?? '';
  const handlers = ['oncopy', 'onselectstart', 'oncontextmenu'].map((h) => `${$('body').attr(h) ?? ''}${$('html').attr(h) ?? ''}`).join(' ');
  return {
    ...size,
    selectionDisabled: /user-select\s*:\s*none/i.test(bodyStyle),
    copyBlocked: /return\s+false|preventDefault/.test(handlers),
    textLength,
    largeImages,
    hasPasswordField,
  };
}
