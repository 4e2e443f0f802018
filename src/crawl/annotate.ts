// Runs inside the page (Playwright serialises the function): marks each text-bearing element,
// link, image and control with its rendered box and the styles the prominence rules judge
// (rules/lib/rendered.ts reads them), and reads the page-level facts of a Snapshot. It must be
// self-contained: no imports reach the browser.
import type { PageFacts } from '../../rules/types.js';

export interface AnnotateOptions {
  attrs: { box: string; font: string; color: string; background: string; opacity: string; hidden: string; item: string; checked: string };
  maxElements: number;
  /** CSS selector of result items from the platform's search profile, marked with attrs.item. */
  itemSelector: string | null;
}

export interface AnnotateResult extends PageFacts {
  title: string;
  heading: string;
  /** The first visible text, for recognising captcha and error interstitials. */
  textSample: string;
  annotated: number;
}

export function annotatePage(opts: AnnotateOptions): AnnotateResult {
  const A = opts.attrs;
  if (opts.itemSelector) document.querySelectorAll(opts.itemSelector).forEach((el) => el.setAttribute(A.item, ''));
  const root = document.documentElement;
  const body = document.body ?? root;
  const docW = Math.max(root.scrollWidth, body.scrollWidth, root.clientWidth);
  const docH = Math.max(root.scrollHeight, body.scrollHeight, root.clientHeight);
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  const rgba = (c: string): number[] | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return p.length >= 3 ? [p[0]!, p[1]!, p[2]!, p[3] ?? 1] : null;
  };
  // Backgrounds stack from the element up to the first opaque one; the canvas below is white.
  const background = (el: Element): number[] => {
    const layers: number[][] = [];
    for (let cur: Element | null = el; cur; cur = cur.parentElement) {
      const c = rgba(style(cur).backgroundColor);
      if (c && c[3]! > 0) {
        layers.push(c);
        if (c[3]! >= 1) break;
      }
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r! * a! + out[0]! * (1 - a!), g! * a! + out[1]! * (1 - a!), b! * a! + out[2]! * (1 - a!)];
    return [...out.map(Math.round), 1];
  };
  const opacity = (el: Element) => {
    let o = 1;
    for (let cur: Element | null = el; cur; cur = cur.parentElement) o *= Number(style(cur).opacity || '1');
    return Math.round(o * 1000) / 1000;
  };
  const hiddenReason = (el: Element, r: DOMRect): string | null => {
    if (el.getClientRects().length === 0) return 'display-none';
    if (style(el).visibility !== 'visible') return 'visibility-hidden';
    if (r.width < 1 || r.height < 1) return 'zero-size';
    const x = r.left + scrollX;
    const y = r.top + scrollY;
    if (x + r.width <= 0 || y + r.height <= 0 || x >= docW || y >= docH) return 'off-page';
    for (let cur = el.parentElement; cur && cur !== body && cur !== root; cur = cur.parentElement) {
      const s = style(cur);
      if (s.overflow === 'visible' && s.clipPath === 'none' && s.clip === 'auto') continue;
      const c = cur.getBoundingClientRect();
      if (r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom || c.width < 1 || c.height < 1) return 'clipped';
    }
    return null;
  };
  const hasOwnText = (el: Element) => {
    for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE && n.textContent && n.textContent.trim()) return true;
    return false;
  };
  const MARKED = new Set(['A', 'IMG', 'INPUT', 'BUTTON', 'AREA', 'SELECT', 'LABEL', 'IFRAME']);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'TITLE']);
  let annotated = 0;
  let largeImages = 0;
  let hasPasswordField = false;
  const all = body.getElementsByTagName('*');
  for (let i = 0; i < all.length && annotated < opts.maxElements; i++) {
    const el = all[i]!;
    if (SKIP.has(el.tagName) || !(MARKED.has(el.tagName) || hasOwnText(el))) continue;
    const r = el.getBoundingClientRect();
    const hidden = hiddenReason(el, r);
    const s = style(el);
    if (hidden) el.setAttribute(A.hidden, hidden);
    el.setAttribute(A.box, [r.left + scrollX, r.top + scrollY, r.width, r.height].map((n) => Math.round(n)).join(','));
    el.setAttribute(A.font, String(parseFloat(s.fontSize) || 0));
    const color = rgba(s.color);
    if (color) el.setAttribute(A.color, color.join(','));
    el.setAttribute(A.background, background(el).join(','));
    el.setAttribute(A.opacity, String(opacity(el)));
    annotated++;
    if (!hidden && el.tagName === 'IMG' && r.width >= 100 && r.height >= 100) largeImages++;
    if (!hidden && el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'password') hasPasswordField = true;
    if (el.tagName === 'INPUT' && /^(checkbox|radio)$/.test((el as HTMLInputElement).type)) el.setAttribute(A.checked, (el as HTMLInputElement).checked ? '1' : '0');
  }
  // A page that cancels copy, selection or the context menu keeps its text from being saved.
  const cancels = (type: string) => {
    const e = new Event(type, { bubbles: true, cancelable: true });
    body.dispatchEvent(e);
    return e.defaultPrevented;
  };
  const h1 = document.querySelector('h1, h2');
  const text = (body.innerText ?? '').replace(/\s+/g, ' ');
  return {
    title: document.title,
    heading: h1 ? (h1.textContent ?? '').trim().slice(0, 200) : '',
    width: docW,
    height: docH,
    selectionDisabled: style(body).userSelect === 'none',
    copyBlocked: cancels('copy') || cancels('selectstart') || cancels('contextmenu'),
    textLength: text.replace(/ /g, '').length,
    textSample: text.slice(0, 2000),
    largeImages,
    hasPasswordField,
    annotated,
  };
}
