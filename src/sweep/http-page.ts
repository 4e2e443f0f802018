// A page fetched without a browser, as a Snapshot the rules read: the bytes as they came (kept as
// evidence with their SHA-256), decoded by the charset the response or the page declares, and the
// page facts the HTML alone gives (rules/lib/static-facts.ts). And the test that sends a page on to
// the browser: one whose content only a script would show.
import type { IncomingHttpHeaders } from 'node:http';
import type { PageFailure, PageKind, Snapshot } from '../../rules/types.js';
import { extensionOf, type EvidenceBundle } from '../evidence/bundle.js';
import { failureFromStatus, looksLikeCaptcha, looksMisdecoded } from '../crawl/failures.js';
import type { PageReading } from './judges.js';

/** What a sweep fetches of a subject: its own page, the licence pages one click away, and a shop's platform homepage. */
export interface PageOrder {
  id: string;
  kind: PageKind;
  url: string;
  depth: number;
  via: string | null;
  linkText: string | null;
}

export interface Fetched {
  status: number;
  finalUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  startedAt: string;
}

/** Pages larger than this are kept as evidence but not read (capture.ts keeps 8 million characters; a sweep's pages are homepages). */
const MAX_READABLE_BYTES = 4_000_000;

const EMPTY_FACTS = { width: 0, height: 0, selectionDisabled: false, copyBlocked: false, textLength: 0, largeImages: 0, hasPasswordField: false };

/** The charset a response declares, else the one its first bytes declare (<meta charset>), else UTF-8 and, failing it, GB18030. */
function decodeBody(body: Buffer, contentType: string | null): string {
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(body.subarray(0, 4096).toString('latin1'))?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared).decode(body);
    } catch {
      // an unknown label: as if none were declared
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

const metaOf = (order: PageOrder, extra: Record<string, unknown>) => ({ id: order.id, kind: order.kind, requestedUrl: order.url, depth: order.depth, via: order.via, linkText: order.linkText, ...extra });

/**
 * A fetched page as a snapshot; its metadata goes in the target's manifest (`meta`). `read` gives
 * the page's facts and licence links (judges.ts, on another thread).
 */
export async function fetchedSnapshot(order: PageOrder, fetched: Fetched, bundle: EvidenceBundle, toolVersion: string, read: (html: string) => Promise<PageReading>): Promise<{ snapshot: Snapshot; meta: Record<string, unknown>; licenceLinks: [string, string][] }> {
  const contentType = (fetched.headers['content-type'] as string | undefined) ?? null;
  const file = bundle.write(`${order.id}-${order.kind}.fetched.${extensionOf(contentType)}`, 'response-body', fetched.body);
  let failure: PageFailure | null = failureFromStatus(fetched.status);
  const isHtml = /html|xml/i.test(contentType ?? '') || (!contentType && /^\s*</.test(fetched.body.subarray(0, 64).toString('latin1')));
  let html = '';
  if (isHtml && fetched.body.length <= MAX_READABLE_BYTES) html = decodeBody(fetched.body, contentType);
  else if (isHtml) failure ??= { reason: 'oversized', message: `the page is ${(fetched.body.length / 1e6).toFixed(1)} MB, over the ${MAX_READABLE_BYTES / 1e6} MB a sweep reads; its bytes are kept` };
  const reading = html ? await read(html) : null;
  const page = reading?.facts ?? EMPTY_FACTS;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
  if (html && !failure) {
    // a rough text of the start is enough to tell an interstitial or mojibake, without parsing again
    const text = html.slice(0, 20_000).replace(/<(script|style)\b[\s\S]*?<\/\1>|<[^>]+>/gi, ' ').replace(/\s+/g, ' ');
    if (looksLikeCaptcha(title, text, page.textLength)) failure = { reason: 'captcha', message: 'the page asks the visitor to prove they are human' };
    else if (looksMisdecoded(`${title} ${text.slice(0, 2000)}`)) failure = { reason: 'undecodable-text', message: `the text could not be decoded (declared ${contentType ?? 'no content type'})` };
  }
  const capturedAt = new Date().toISOString();
  const snapshot: Snapshot = {
    id: order.id,
    kind: order.kind,
    requestedUrl: order.url,
    finalUrl: fetched.finalUrl,
    status: fetched.status,
    contentType,
    failure,
    depth: order.depth,
    via: order.via,
    linkText: order.linkText,
    query: null,
    title,
    html: failure?.reason === 'undecodable-text' ? '' : html,
    page,
    capturedAt,
    files: [file],
  };
  const meta = metaOf(order, { finalUrl: fetched.finalUrl, status: fetched.status, contentType, responseHeaders: fetched.headers, failure, title, page, fetchedBy: 'http', timings: { startedAt: fetched.startedAt, capturedAt }, toolVersion });
  return { snapshot, meta, licenceLinks: failure ? [] : (reading?.licenceLinks ?? []) };
}

/** A page that could not be fetched at all: what was tried and why. */
export function unfetchedSnapshot(order: PageOrder, failure: PageFailure, toolVersion: string): { snapshot: Snapshot; meta: Record<string, unknown>; licenceLinks: [string, string][] } {
  const capturedAt = new Date().toISOString();
  const snapshot: Snapshot = { id: order.id, kind: order.kind, requestedUrl: order.url, finalUrl: order.url, status: null, contentType: null, failure, depth: order.depth, via: order.via, linkText: order.linkText, query: null, title: '', html: '', page: EMPTY_FACTS, capturedAt, files: [] };
  return { snapshot, meta: metaOf(order, { failure, fetchedBy: 'http', capturedAt, toolVersion }), licenceLinks: [] };
}

/** Visible characters below which a page with scripts is taken as drawn by them. */
const SCRIPT_ONLY_TEXT = 80;
/** An app's mount point, empty in the HTML the server sends. */
const APP_ROOT = /<(?:div|main|section)\b[^>]*\bid\s*=\s*["']?(?:app|root|__next|__nuxt|main-app|J_app)["'\s>][^>]*>\s*<\/(?:div|main|section)>/i;
/** A noscript notice asking for scripts: 请开启JavaScript, enable JavaScript, 浏览器不支持. */
const NOSCRIPT_NOTICE = /<noscript\b[^>]*>[^<]*(?:javascript|启用|开启|打开|浏览器)[^<]*<\/noscript>/i;
const SCRIPT = /<script\b/i;

/**
 * Why a page fetched over HTTP needs a browser to show its content, or null: almost no text and
 * scripts, an empty app root with scripts, or a noscript notice asking for scripts.
 */
export function needsScript(snapshot: Snapshot): 'script-only' | 'app-root' | 'noscript' | null {
  if (snapshot.failure || !snapshot.html || !SCRIPT.test(snapshot.html)) return null;
  if (snapshot.page.textLength < SCRIPT_ONLY_TEXT) return 'script-only';
  if (APP_ROOT.test(snapshot.html) && snapshot.page.textLength < 1_000) return 'app-root';
  if (NOSCRIPT_NOTICE.test(snapshot.html) && snapshot.page.textLength < 1_000) return 'noscript';
  return null;
}
