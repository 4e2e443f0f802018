// What came back when the crawler followed a link: a page with substantive text, or a dead,
// empty, error, login, image-only or unsaveable one. Shared by the rules that judge link targets.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { NotCheckedReason, Snapshot } from '../types.js';
import { CHROME_ATTRIBUTE } from './chrome.js';
import { renderingOf } from './rendered.js';
import { NOT_TEXT, textOf } from './text.js';

/** Visible characters (whitespace excluded) below which a page is empty or an error page. */
export const EMPTY_TEXT = 200;
/** Visible characters from which a document counts as substantive text. */
export const SUBSTANTIVE_TEXT = 300;
/** A page with a password field and less text than this is a login form, not a document. */
const LOGIN_TEXT = 1000;

export type TargetState =
  | 'unreachable' // could not be loaded (timeout, blocked, captcha…): not checked
  | 'dead' // 4xx/5xx
  | 'error-page' // loaded, but its title or heading says 404/页面不存在/出错
  | 'empty' // almost no text and no large image
  | 'login' // a login form or a redirect to a login page
  | 'image' // the response is an image
  | 'pdf' // the response is a PDF
  | 'image-only' // an HTML page whose content is images with little text
  | 'short' // some text, less than substantive
  | 'unsaveable' // text cannot be selected or copied
  | 'ok';

export interface TargetReport {
  snapshotId: string;
  requestedUrl: string;
  finalUrl: string;
  status: number | null;
  contentType: string | null;
  state: TargetState;
  /** For 'unreachable' (and a login-wall failure): why. */
  reason: NotCheckedReason | null;
  title: string;
  textLength: number;
  /** Of textLength, the characters outside the platform's chrome (header, navigation, footer) when `$` marks it. */
  ownTextLength: number;
  largeImages: number;
  hasPasswordField: boolean;
  selectionDisabled: boolean;
  copyBlocked: boolean;
}

const LOGIN_URL = /(^|[./_-])(login|passport|signin|sign-in|sign_in|logon|sso)([./_?-]|$)/i;
const ERROR_HEADING = /\b(404|403|500|502|503)\b|not\s*found|页面不存在|页面找不到|找不到(?:该|此|您要的)?页面|页面(?:已)?(?:丢失|删除|出错)|出错了|出错啦|访问出错|系统错误|服务器错误|error/i;

/**
 * Visible characters of the page's own content: outside the platform's chrome that `$` marks
 * (lib/chrome.ts ownContent), so a document page that shows only the site's header, navigation
 * and footer around a heading is empty. Without marks, the page's own count.
 */
function ownTextLength(s: Snapshot, $: CheerioAPI | null): number {
  if (!$ || !$(`[${CHROME_ATTRIBUTE}]`).length) return s.page.textLength;
  let count = 0;
  const walk = (node: AnyNode) => {
    if (node.type === 'text') count += node.data.replace(/\s+/g, '').length;
    else if (node.type === 'tag' || node.type === 'root') {
      if (node.type === 'tag' && (NOT_TEXT.has(node.name.toLowerCase()) || node.attribs[CHROME_ATTRIBUTE] !== undefined || renderingOf($, node).hidden)) return;
      for (const child of node.children) walk(child);
    }
  };
  walk($.root()[0]!);
  return Math.min(count, s.page.textLength);
}

function stateOf(s: Snapshot, $: CheerioAPI | null, text: number): { state: TargetState; reason: NotCheckedReason | null } {
  if (s.failure) {
    if (s.failure.reason === 'http-error') return { state: 'dead', reason: null };
    if (s.failure.reason === 'login-wall') return { state: 'login', reason: 'login-wall' };
    return { state: 'unreachable', reason: s.failure.reason };
  }
  if (s.status !== null && s.status >= 400) return { state: 'dead', reason: null };
  const type = (s.contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return { state: 'image', reason: null };
  // A PDF is read by its text (the crawler extracts it); one without text is a scan to be read by eye.
  if (type.includes('pdf') && text < SUBSTANTIVE_TEXT) return { state: 'pdf', reason: null };
  const p = s.page;
  let url: URL | null = null;
  try {
    url = new URL(s.finalUrl);
  } catch {
    // an unparsable final URL says nothing about a login
  }
  if ((url && LOGIN_URL.test(url.hostname + url.pathname)) || (p.hasPasswordField && p.textLength < LOGIN_TEXT)) return { state: 'login', reason: null };
  const heading = $ ? textOf($('h1, h2').first()) : '';
  if (text < SUBSTANTIVE_TEXT * 3 && ERROR_HEADING.test(`${s.title} ${heading}`)) return { state: 'error-page', reason: null };
  if (text < SUBSTANTIVE_TEXT && p.largeImages > 0) return { state: 'image-only', reason: null };
  if (text < EMPTY_TEXT) return { state: 'empty', reason: null };
  if (text < SUBSTANTIVE_TEXT) return { state: 'short', reason: null };
  if (p.selectionDisabled || p.copyBlocked) return { state: 'unsaveable', reason: null };
  return { state: 'ok', reason: null };
}

/** `$` is the parsed page when the caller has it (its heading tells an error page; its marked chrome is not the page's text). */
export function describeTarget(s: Snapshot, $: CheerioAPI | null): TargetReport {
  const own = s.failure ? 0 : ownTextLength(s, $);
  const { state, reason } = stateOf(s, $, own);
  return {
    snapshotId: s.id,
    requestedUrl: s.requestedUrl,
    finalUrl: s.finalUrl,
    status: s.status,
    contentType: s.contentType,
    state,
    reason,
    title: s.title,
    textLength: s.page.textLength,
    ownTextLength: own,
    largeImages: s.page.largeImages,
    hasPasswordField: s.page.hasPasswordField,
    selectionDisabled: s.page.selectionDisabled,
    copyBlocked: s.page.copyBlocked,
  };
}

/** A URL whose path ends in an image or PDF extension (for a link the crawler did not follow). */
export function fileTypeOfUrl(url: string): 'image' | 'pdf' | null {
  const path = url.replace(/[?#].*$/, '').toLowerCase();
  if (/\.(jpe?g|png|gif|webp|bmp|tiff?)$/.test(path)) return 'image';
  if (/\.pdf$/.test(path)) return 'pdf';
  return null;
}
