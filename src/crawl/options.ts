// How a visit behaves, and its defaults: kept apart from the crawler so that commands which do not
// crawl need not load it.
import { availableParallelism, freemem } from 'node:os';
import { TOOL_VERSION } from '../version.js';
import type { FollowOptions } from './follow.js';

export interface CaptureLimits {
  /** How long to wait for DOMContentLoaded after the response arrived. */
  loadTimeoutMs: number;
  /** Extra time allowed for the load event, and half as much for the page to settle (settle.ts), so scripted content appears. */
  settleTimeoutMs: number;
  /** Pages taller than this get a top and a bottom screenshot instead of one full-page image. */
  maxFullPageHeight: number;
  /** At most this many elements are annotated (a hostile page may have millions). */
  maxAnnotatedElements: number;
  /**
   * Rendered pages longer than this (characters) are kept as evidence but not handed to the
   * checks: parsed, a page takes about 20 times its size in memory, and a visit reads dozens.
   */
  maxReadableHtml: number;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
  loadTimeoutMs: 20_000,
  settleTimeoutMs: 4_000,
  maxFullPageHeight: 12_000,
  maxAnnotatedElements: 30_000,
  // The largest real pages saved for the project's tests (realpages) are 1.5 MB.
  maxReadableHtml: 8_000_000,
};

export interface VisitOptions extends Omit<FollowOptions, 'pageKinds' | 'profile' | 'queries'> {
  /** Pages fetched at once from one host. */
  concurrencyPerHost: number;
  /** Requests a minute to one host. */
  requestsPerMinute: number;
  navigationTimeoutSecs: number;
  /** Time for handling one loaded page: waiting for it to settle and capturing it. */
  pageTimeoutSecs: number;
  userAgent: string;
  capture: CaptureLimits;
}

// ASCII only: a header value outside Latin-1 is refused by HTTP clients (the PDF fetch) and mangled by servers.
export const DEFAULT_USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 wangjian/${TOOL_VERSION} (market-regulation online inspection)`;

/** Everyday goods: most platforms list them, and their result pages carry paid placements. */
export const DEFAULT_KEYWORDS: readonly string[] = ['手机', '纸巾', '牛奶'];

export const DEFAULT_VISIT_OPTIONS: VisitOptions = {
  concurrencyPerHost: 1,
  requestsPerMinute: 20,
  navigationTimeoutSecs: 30,
  pageTimeoutSecs: 90,
  maxPages: 60,
  maxLinksPerKind: 3,
  keywords: DEFAULT_KEYWORDS,
  productSample: 10,
  shopSample: 10,
  userAgent: DEFAULT_USER_AGENT,
  capture: DEFAULT_CAPTURE_LIMITS,
};

/** Pages a second one core captures, screenshots and all (npm run bench: 3.4 on this 2-core machine). */
const PAGES_PER_SECOND_PER_CORE = 1.7;
/** What one more platform at once costs in memory: its browser context and tabs, its snapshots until judged. */
const BYTES_PER_PLATFORM = 250 * 2 ** 20;
const MOST_PLATFORMS_AT_ONCE = 16;

/**
 * How many platforms to visit at once so the machine stays busy under per-host politeness: a
 * platform held to 20 requests a minute gives a page every 3 s, so a 2-core machine that captures
 * 3.4 pages a second keeps 11 busy. Bounded by half the free memory.
 */
export function platformsAtOnce(visit: { requestsPerMinute: number; concurrencyPerHost: number }, cores = availableParallelism(), freeBytes = freemem()): number {
  // One tab captures about a page a second, whatever the politeness allows.
  const perPlatform = Math.min(visit.requestsPerMinute / 60, visit.concurrencyPerHost);
  const byCpu = Math.ceil((PAGES_PER_SECOND_PER_CORE * cores) / perPlatform);
  const byMemory = Math.floor(freeBytes / 2 / BYTES_PER_PLATFORM);
  return Math.max(1, Math.min(byCpu, byMemory, MOST_PLATFORMS_AT_ONCE));
}
