// Turns what went wrong with a page into one of the closed set of not-checked reasons.
import type { NotCheckedReason, PageFailure } from '../../rules/types.js';

const BY_MESSAGE: readonly [RegExp, NotCheckedReason][] = [
  [/ERR_NAME_NOT_RESOLVED|ENOTFOUND|EAI_AGAIN|ERR_NAME_RESOLUTION_FAILED/, 'dns-failure'],
  [/ERR_TOO_MANY_REDIRECTS|redirect loop|too many redirects/i, 'redirect-loop'],
  [/ERR_CERT_|ERR_SSL_|SSL_ERROR|ERR_BAD_SSL|certificate/i, 'tls-error'],
  [/ERR_CONNECTION_REFUSED|ECONNREFUSED|ERR_CONNECTION_RESET|ECONNRESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_ADDRESS_UNREACHABLE|ERR_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED/, 'connection-refused'],
  [/timeout|timed out|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT/i, 'timeout'],
];

export function failureFromError(error: unknown): PageFailure {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
  const match = BY_MESSAGE.find(([re]) => re.test(message));
  return { reason: match ? match[1] : 'browser-error', message };
}

/** 403 and 429 are a site turning the crawler away; any other 4xx/5xx is an error page. */
export function failureFromStatus(status: number | null): PageFailure | null {
  if (status === null || status < 400) return null;
  if (status === 403 || status === 429) return { reason: 'blocked', message: `HTTP ${status}` };
  return { reason: 'http-error', message: `HTTP ${status}` };
}

const CAPTCHA = /(拖动|滑动|拼图|点击).{0,8}验证|安全验证|人机验证|验证码|captcha|are you a robot|unusual traffic/i;

/** An interstitial that asks the visitor to prove they are human, with little else on it. */
export function looksLikeCaptcha(title: string, text: string, textLength: number): boolean {
  return textLength < 600 && CAPTCHA.test(`${title} ${text.slice(0, 2000)}`);
}

/** What a tab did while its page was captured, beyond the page itself. */
export interface PageWatch {
  /** Main-frame documents loaded since the request started (1 for a page that stays put). */
  documents: number;
  /** Dialogs raised (type: message), each dismissed; beforeunload is accepted so the page can be left. */
  dialogs: number;
  /** The first few of them (type: message): a page in a loop raises thousands. */
  dialogMessages: string[];
  /** Windows the page opened, each closed at once. */
  popups: number;
}

/** More main-frame documents than this in one visit of a page is a loop, whatever drives it. */
const LOOP_DOCUMENTS = 8;
/** Dialogs or windows raised while a capture failed that make them its cause. */
const STORM = 10;

/** The page keeps raising dialogs or opening windows. */
export const isStorm = (watch: PageWatch): boolean => watch.dialogs >= STORM || watch.popups >= STORM;

/**
 * A capture that failed while the page kept navigating, raising dialogs or opening windows failed
 * because of that: the reason names it rather than the timeout or lost context it caused.
 */
export function failureFromWatch(failure: PageFailure | null, watch: PageWatch): PageFailure | null {
  if (watch.documents > LOOP_DOCUMENTS) return { reason: 'redirect-loop', message: `the page navigated ${watch.documents} times by itself (script or meta refresh)` };
  if (!failure || !['timeout', 'browser-error'].includes(failure.reason)) return failure;
  // A dialog or two is dismissed and harmless; only a stream of them is taken as the cause.
  if (isStorm(watch) && watch.dialogs >= watch.popups) return { reason: 'dialog', message: `${watch.dialogs} dialogs raised (${watch.dialogMessages[0]}); ${failure.message}` };
  if (isStorm(watch)) return { reason: 'popup', message: `${watch.popups} windows opened; ${failure.message}` };
  return failure;
}

// Chinese text decoded with the wrong charset: GBK or UTF-8 bytes read as Latin-1 turn every
// character into two or three from U+0080–U+00FF; bytes invalid in the charset become U+FFFD.
const MISDECODED = /[\u0080-\u00ff\ufffd]/g;
const CJK = /[\u3400-\u9fff]/g;

/** The page's text is mostly characters a wrong charset makes, with little Chinese among them. */
export function looksMisdecoded(text: string): boolean {
  const bad = text.match(MISDECODED)?.length ?? 0;
  const cjk = text.match(CJK)?.length ?? 0;
  return bad >= 20 && bad > cjk * 4 && bad / text.replace(/\s+/g, '').length > 0.15;
}
