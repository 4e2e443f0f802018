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
//   data-wj-item                 a result item named by the platform's search profile
//   data-wj-checked="1"          a checkbox or radio button's live state (scripts set it without the attribute)
// Pages saved without annotations (the real pages in shared/realpages, static fixtures) are
// judged from their inline styles only, and their rendering is reported as not measured.
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
  /** A result item, as a platform's search profile names them (listings.ts uses them when set). */
  item: 'data-wj-item',
  /** The live checked state of a checkbox or radio button ("1" or "0"), which the HTML may not show. */
  checked: 'data-wj-checked',
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
  // a plain walk: a selector (closest) per judged node cost most of a results page's time
  for (let cur: AnyNode | null = node; cur; cur = cur.parent) {
    if (cur.type === 'tag' && (cur.attribs[ANNOTATION.box] !== undefined || cur.attribs[ANNOTATION.hidden] !== undefined)) return $(cur);
  }
  return null;
}

const INLINE_HIDDEN = /(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;

/** An inline declaration's value, e.g. styleValue('color: #aaa; font-size: 8px', 'font-size') = '8px'. */
const DECLARATIONS = new Map<string, RegExp>();
function styleValue(style: string, property: string): string | null {
  let re = DECLARATIONS.get(property);
  if (!re) DECLARATIONS.set(property, (re = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`, 'i')));
  const m = re.exec(style);
  return m ? m[1]!.replace(/!important/i, '').trim() : null;
}

/** A CSS colour written as #rgb, #rrggbb, rgb() or rgba(); names other than white and black are not read. */
function cssColour(value: string | null): Rgba | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v === 'white') return [255, 255, 255, 1];
  if (v === 'black') return [0, 0, 0, 1];
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6})\b/.exec(v);
  if (m) {
    const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
    return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16), 1];
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
}

/**
 * For unannotated pages: what inline styles say (the hidden attribute, type=hidden, display,
 * visibility, font-size in px, colour, a solid background colour, opacity), read up the
 * ancestors the way the properties inherit. Stylesheets are not applied, so this sees less than
 * a browser: anything it does not read stays null.
 */
function inlineRendering(node: AnyNode): Rendering {
  let hidden: HiddenReason | null = null;
  let fontSize: number | null = null;
  let color: Rgba | null = null;
  let background: Rgba | null = null;
  let opacity: number | null = null;
  for (let cur: AnyNode | null = node.type === 'tag' ? node : node.parent; cur && cur.type === 'tag'; cur = cur.parent) {
    const style = cur.attribs.style ?? '';
    const m = INLINE_HIDDEN.exec(style);
    if (!hidden && m) hidden = /display/i.test(m[1]!) ? 'display-none' : 'visibility-hidden';
    if (!hidden && (cur.attribs.hidden !== undefined || cur.attribs.type === 'hidden')) hidden = 'display-none';
    if (!style) continue;
    const font = /^([\d.]+)px$/i.exec(styleValue(style, 'font-size') ?? '');
    if (fontSize === null && font) fontSize = Number(font[1]);
    color ??= cssColour(styleValue(style, 'color'));
    const bg = cssColour(styleValue(style, 'background-color')) ?? cssColour(styleValue(style, 'background'));
    if (!background && bg && bg[3] === 1) background = bg;
    const o = Number(styleValue(style, 'opacity') ?? 'NaN');
    if (Number.isFinite(o)) opacity = (opacity ?? 1) * o;
  }
  return {
    measured: false,
    box: null,
    fontSize,
    color: rgbaText(color),
    background: rgbaText(background),
    opacity,
    contrast: color && background ? contrastRatio(color, background) : null,
    hidden,
  };
}

export function renderingOf($: CheerioAPI, node: AnyNode): Rendering {
  const el = annotatedElement($, node);
  if (!el) return inlineRendering(node);
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

/** Why a hidden element counts as hidden, as inspectors read it. */
export const HIDDEN_WORDS: Readonly<Record<HiddenReason, string>> = {
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
  // unannotated pages carry only the figures their inline styles give (the rest stay null)
  if (r.opacity !== null && r.opacity < PROMINENCE.invisibleOpacity) invisible.push(`不透明度 ${r.opacity} 低于 ${PROMINENCE.invisibleOpacity}`);
  if (textual) {
    if (r.fontSize !== null && r.fontSize < PROMINENCE.invisibleFontPx) invisible.push(`字号 ${r.fontSize}px 小于 ${PROMINENCE.invisibleFontPx}px`);
    else if (r.fontSize !== null && r.fontSize < PROMINENCE.weakFontPx) weak.push(`字号 ${r.fontSize}px 小于 ${PROMINENCE.weakFontPx}px`);
    if (r.contrast !== null && r.contrast < PROMINENCE.invisibleContrast) invisible.push(`文字与背景对比度 ${r.contrast}:1 低于 ${PROMINENCE.invisibleContrast}:1`);
    else if (r.contrast !== null && r.contrast < PROMINENCE.weakContrast) weak.push(`文字与背景对比度 ${r.contrast}:1 低于 ${PROMINENCE.weakContrast}:1`);
  }
  if (card && r.box && !boxWithin(r.box, card)) weak.push('标记位于其所标注的结果框之外');
  const prominence: Prominence = invisible.length ? 'not-visible' : weak.length ? 'weak' : 'visible';
  return { prominence, reasons: invisible.length ? invisible : weak, rendering: r };
}

/** The centre of `inner` lies in `outer` (a mark "inside" the card it labels). */
export function boxWithin(inner: Box, outer: Box): boolean {
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
