// 统一社会信用代码 (GB 32100-2015): validation, and finding real codes in a page without the
// false positives real pages are full of (hd315 备案 numbers, JSON ids, coordinates: some of
// them even pass the check digit), per shared/realpages/NOTES.md §4.4.
import type { AnyNode, Element } from 'domhandler';
import { classifyLink, LICENCE_DISPLAY_SYSTEMS } from './page-kinds.js';
import { linkText } from './links.js';
import type { PageText } from './text.js';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Valid entity-type (position 2) characters per registration authority (position 1), from the
 * code table of GB 32100-2015 (9 = market regulation: 1 enterprise, 2 个体工商户, 3 农民专业合作社).
 */
const CATEGORIES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character of the first 17 characters, or null when they hold a character outside the charset. */
export function usccCheckDigit(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_CHARSET[c === 31 ? 0 : c]!;
}

/** Charset, registration authority, entity type and a numeric region code: everything but the check digit. */
export function isWellFormedUscc(code: string): boolean {
  if (!SHAPE.test(code)) return false;
  const categories = CATEGORIES[code[0]!];
  return categories !== undefined && categories.includes(code[1]!) && /^\d{6}$/.test(code.slice(2, 8));
}

export function isValidUscc(code: string): boolean {
  return isWellFormedUscc(code) && usccCheckDigit(code.slice(0, 17)) === code[17];
}

/** Uppercase, with whitespace dropped: how a code from a roster or a page is compared. */
export function normaliseUscc(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

export interface UsccMatch {
  code: string;
  /** Passes the GB 32100 check digit (a real early code may not: never a violation by itself). */
  checksumValid: boolean;
  /** In the page text, or in a link's URL parameter (uniscid=…). */
  source: 'text' | 'href';
  /** Offset in `PageText.text` (text matches only). */
  offset: number | null;
  /** The node that shows it (the link for href matches), to judge its prominence. */
  node: AnyNode;
  /** What made it count as a credit code: the label before it, 'licence-link' or the URL parameter. */
  evidence: string;
  /** The text around it, or the URL. */
  context: string;
}

/** Labels that announce a credit code within a few characters (营业执照：<a>9111…</a>). */
const LABEL = /(统一社会信用代码|社会信用代码|信用代码|营业执照(?:注册号|号码|编号)?|执照(?:注册号|编号)|工商注册号|注册号)[^0-9A-Z]{0,12}$/;
const LABEL_WINDOW = 30;
const CANDIDATE = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Za-z])/g;
const HREF_PARAM = /[?&](?:uniscid|uniScid|creditcode|creditCode|uscc|tyshxydm|shxydm)=([0-9A-Za-z]{18})(?![0-9A-Za-z])/;

/** Whether a text holds a well-formed credit code anywhere, labelled or not. */
export function mentionsUscc(text: string): boolean {
  return [...text.matchAll(CANDIDATE)].some((m) => isWellFormedUscc(m[0]));
}

/** The anchor around a node whose link leads to licence information, if any. */
function licenceAnchor(node: AnyNode): Element | null {
  for (let cur: AnyNode | null = node; cur; cur = cur.parent) {
    if (cur.type === 'tag' && cur.name === 'a') {
      const href = cur.attribs.href ?? '';
      const isLicence = classifyLink(linkText(cur), href) === 'licence' || LICENCE_DISPLAY_SYSTEMS.some((re) => re.test(href));
      return isLicence ? cur : null;
    }
  }
  return null;
}

/**
 * Credit codes shown on a page: well-formed codes with a label just before them, or that are the
 * text of a link to licence information, and codes in a licence URL parameter. A code that only
 * passes the check digit is not enough: it needs one of these signs. Hidden ones are included;
 * judge them by prominence.
 */
export function findUsccs(pt: PageText): UsccMatch[] {
  const found: UsccMatch[] = [];
  for (const m of pt.text.matchAll(CANDIDATE)) {
    const code = m[0];
    const offset = m.index;
    if (!isWellFormedUscc(code)) continue;
    const node = pt.nodeAt(offset);
    if (!node) continue;
    const label = LABEL.exec(pt.text.slice(Math.max(0, offset - LABEL_WINDOW), offset));
    const evidence = label ? label[1]! : licenceAnchor(node) ? 'licence-link' : null;
    if (!evidence) continue;
    const context = pt.text.slice(Math.max(0, offset - LABEL_WINDOW), offset + code.length + 10).trim();
    found.push({ code, checksumValid: isValidUscc(code), source: 'text', offset, node, evidence, context });
  }
  pt.$('a[href]').each((_, a) => {
    const href = a.attribs.href ?? '';
    const m = HREF_PARAM.exec(href);
    if (!m) return;
    const code = m[1]!.toUpperCase();
    if (!isWellFormedUscc(code)) return;
    found.push({ code, checksumValid: isValidUscc(code), source: 'href', offset: null, node: a, evidence: 'url-parameter', context: href });
  });
  return found;
}
