// How a captured page records what the browser rendered, and how rules judge it.
//
// The crawler annotates every text-bearing element, link, image and form control of the
// rendered DOM with data-wj-* attributes (written in the page by src/crawl/annotate.ts):
//   data-wj-box="x,y,w,h"        border box in document CSS pixels
//   data-wj-font="13"            computed font size in px
//   data-wj-color="r,g,b,a"      computed text colour
//   data-wj-bg="r,g,b,a"         effective background: the nearest opaque ancestor background
//   data-wj-opacity="1"          effective opacity: the product over the element's ancestors
//   data-wj-hidden="display-none" why it is not rendered, when it is not (see HIDDEN_REASONS)
// Pages saved without annotations (the real pages in shared/realpages, static fixtures) are
// judged from inline styles only, and their rendering is reported as not measured.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Box } from '../types.js';

export const ANNOTATION = {
  box: 'data-wj-box',
  font: 'data-wj-font',
  color: 'data-wj-color',
  background: 'data-wj-bg',
  opacity: 'data-wj-opacity',
  hidden: 'data-wj-hidden',
} as const;

export const HIDDEN_REASONS = ['display-none', 'visibility-hidden', 'zero-size', 'off-page', 'clipped'] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

/** Thresholds of checks.md "Prominence (显著)". */
export const PROMINENCE = {
  invisibleOpacity: 0.1,
  invisibleFontPx: 6,
  invisibleContrast: 1.5,
  weakFontPx: 10,
  weakContrast: 3,
} as const;

type Rgba = [number, number, number, number];

export interface Rendering {
  measured: boolean;
  box: Box | null;
  fontSize: number | null;
  color: string | null;
  background: string | null;
  opacity: number | null;
  contrast: number | null;
  hidden: HiddenReason | null;
}

export type Prominence = 'visible' | 'weak' | 'not-visible';

export interface ProminenceJudgement {
  prominence: Prominence;
  /** Why it is weak or not visible, in words an inspector reads (Chinese). */
  reasons: string[];
  rendering: Rendering;
}

function parseNumbers(value: string | undefined): number[] | null {
  if (!value) return null;
  const parts = value.split(',').map(Number);
  return parts.every(Number.isFinite) ? parts : null;
}

function rgbaOf(value: string | undefined): Rgba | null {
  const n = parseNumbers(value);
  return n && n.length === 4 ? [n[0]!, n[1]!, n[2]!, n[3]!] : null;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of a text colour (alpha-blended) over an opaque background. */
export function contrastRatio(text: Rgba, background: Rgba): number {
  const a = text[3];
  const blended: Rgba = [
    text[0] * a + background[0] * (1 - a),
    text[1] * a + background[1] * (1 - a),
    text[2] * a + background[2] * (1 - a),
    1,
  ];
  const [l1, l2] = [luminance(blended), luminance(background)].sort((x, y) => y - x) as [number, number];
  return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
}

const rgbaText = (c: Rgba | null) => (c ? `rgba(${c.join(',')})` : null);

/** The nearest annotated element at or above `node` (text nodes take their parent's rendering). */
export function annotatedElement($: CheerioAPI, node: AnyNode): Cheerio<Element> | null {
  let el: Cheerio<AnyNode> = $(node);
  if (node.type !== 'tag') el = el.parent();
  const found = el.is(`[${ANNOTATION.box}],[${ANNOTATION.hidden}]`) ? el : el.closest(`[${ANNOTATION.box}],[${ANNOTATION.hidden}]`);
  return found.length ? (found as Cheerio<Element>) : null;
}

const INLINE_HIDDEN = /(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;

/** For unannotated pages: hidden by an inline style, the hidden attribute or type=hidden. */
function inlineHidden($: CheerioAPI, node: AnyNode): HiddenReason | null {
  let el: Cheerio<AnyNode> = $(node);
  if (node.type !== 'tag') el = el.parent();
  for (let cur = el; cur.length && cur[0]!.type === 'tag'; cur = cur.parent()) {
    const m = INLINE_HIDDEN.exec(cur.attr('style') ?? '');
    if (m) return /display/i.test(m[1]!) ? 'display-none' : 'visibility-hidden';
    if (cur.attr('hidden') !== undefined || cur.attr('type') === 'hidden') return 'display-none';
  }
  return null;
}

export function renderingOf($: CheerioAPI, node: AnyNode): Rendering {
  const el = annotatedElement($, node);
  if (!el) {
    return { measured: false, box: null, fontSize: null, color: null, background: null, opacity: null, contrast: null, hidden: inlineHidden($, node) };
  }
  const box = parseNumbers(el.attr(ANNOTATION.box));
  const color = rgbaOf(el.attr(ANNOTATION.color));
  const background = rgbaOf(el.attr(ANNOTATION.background));
  const font = Number(el.attr(ANNOTATION.font));
  const opacity = Number(el.attr(ANNOTATION.opacity) ?? '1');
  const hidden = (el.attr(ANNOTATION.hidden) as HiddenReason | undefined) ?? null;
  return {
    measured: true,
    box: box && box.length === 4 ? { x: box[0]!, y: box[1]!, width: box[2]!, height: box[3]! } : null,
    fontSize: Number.isFinite(font) && font > 0 ? font : null,
    color: rgbaText(color),
    background: rgbaText(background),
    opacity: Number.isFinite(opacity) ? opacity : 1,
    contrast: color && background ? contrastRatio(color, background) : null,
    hidden,
  };
}

const HIDDEN_WORDS: Record<HiddenReason, string> = {
  'display-none': '元素被隐藏（display:none）',
  'visibility-hidden': '元素不可见（visibility:hidden）',
  'zero-size': '元素尺寸为零',
  'off-page': '元素位于页面可视范围之外',
  clipped: '元素被裁切，无法看到',
};

/**
 * Judges a mark by checks.md "Prominence". `card`, when given, is the box of the result card the
 * mark labels: a mark outside it is weak.
 */
export function judgeProminence($: CheerioAPI, node: AnyNode, card?: Box): ProminenceJudgement {
  return judge($, node, card, true);
}

/**
 * Judges an image mark (a badge): font size and text contrast say nothing about an image (a badge
 * link often has font-size 0 to close gaps), so only hiding, opacity and the card count.
 */
export function judgeImageProminence($: CheerioAPI, node: AnyNode, card?: Box): ProminenceJudgement {
  return judge($, node, card, false);
}

function judge($: CheerioAPI, node: AnyNode, card: Box | undefined, textual: boolean): ProminenceJudgement {
  const r = renderingOf($, node);
  const invisible: string[] = [];
  const weak: string[] = [];
  if (r.hidden) invisible.push(HIDDEN_WORDS[r.hidden]);
  if (r.measured) {
    if (r.opacity !== null && r.opacity < PROMINENCE.invisibleOpacity) invisible.push(`不透明度 ${r.opacity} 低于 ${PROMINENCE.invisibleOpacity}`);
    if (textual) {
      if (r.fontSize !== null && r.fontSize < PROMINENCE.invisibleFontPx) invisible.push(`字号 ${r.fontSize}px 小于 ${PROMINENCE.invisibleFontPx}px`);
      else if (r.fontSize !== null && r.fontSize < PROMINENCE.weakFontPx) weak.push(`字号 ${r.fontSize}px 小于 ${PROMINENCE.weakFontPx}px`);
      if (r.contrast !== null && r.contrast < PROMINENCE.invisibleContrast) invisible.push(`文字与背景对比度 ${r.contrast}:1 低于 ${PROMINENCE.invisibleContrast}:1`);
      else if (r.contrast !== null && r.contrast < PROMINENCE.weakContrast) weak.push(`文字与背景对比度 ${r.contrast}:1 低于 ${PROMINENCE.weakContrast}:1`);
    }
    if (card && r.box && !within(r.box, card)) weak.push('标记位于其所标注的结果框之外');
  }
  const prominence: Prominence = invisible.length ? 'not-visible' : weak.length ? 'weak' : 'visible';
  return { prominence, reasons: invisible.length ? invisible : weak, rendering: r };
}

function within(inner: Box, outer: Box): boolean {
  const cx = inner.x + inner.width / 2;
  const cy = inner.y + inner.height / 2;
  return cx >= outer.x && cx <= outer.x + outer.width && cy >= outer.y && cy <= outer.y + outer.height;
}

/** The figures of a judgement an inspector reads in a finding's details. */
export function prominenceFigures(j: ProminenceJudgement) {
  const r = j.rendering;
  return {
    prominence: j.prominence,
    reasons: j.reasons,
    measured: r.measured,
    box: r.box,
    fontSize: r.fontSize,
    color: r.color,
    background: r.background,
    contrast: r.contrast,
    opacity: r.opacity,
    hidden: r.hidden,
  };
}
