// How a visit behaves, and its defaults: kept apart from the crawler so that commands which do not
// crawl need not load it.
import { TOOL_VERSION } from '../version.js';
import { DEFAULT_CAPTURE_LIMITS, type CaptureLimits } from './capture.js';
import type { FollowOptions } from './follow.js';

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

