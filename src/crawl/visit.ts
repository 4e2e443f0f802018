// One platform's visit: a Crawlee PlaywrightCrawler of its own (own in-memory queue, own
// browser) that captures the homepage, finds the pages the checks need by link text and URL,
// follows them one click deep (two through a rules centre) and returns every snapshot.
import { randomUUID } from 'node:crypto';
import { Configuration, PlaywrightCrawler, RequestQueue, log as crawleeLog } from 'crawlee';
import { chromium, type Dialog, type Page } from 'playwright-core';
import { pageLinks } from '../../rules/lib/links.js';
import { loadHtml } from '../../rules/lib/text.js';
import type { PageKind, PlatformRecord, Snapshot } from '../../rules/types.js';
import { launchOptions } from '../browser/chromium.js';
import type { EvidenceBundle } from '../evidence/bundle.js';
import { TOOL_VERSION } from '../version.js';
import { capturePage, DEFAULT_CAPTURE_LIMITS, failedSnapshot, type CaptureLimits, type PageRequest } from './capture.js';
import { failureFromError } from './failures.js';

crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

export interface VisitOptions {
  /** Pages fetched at once from one host. */
  concurrencyPerHost: number;
  /** Requests a minute to one host. */
  requestsPerMinute: number;
  navigationTimeoutSecs: number;
  /** Time for handling one loaded page: waiting for it to settle and capturing it. */
  pageTimeoutSecs: number;
  /** Most pages captured on one platform. */
  maxPages: number;
  /** Most links of one kind followed from one page. */
  maxLinksPerKind: number;
  userAgent: string;
  capture: CaptureLimits;
}

export const DEFAULT_USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 wangjian/${TOOL_VERSION} (网监 market-regulation online inspection)`;

export const DEFAULT_VISIT_OPTIONS: VisitOptions = {
  concurrencyPerHost: 1,
  requestsPerMinute: 20,
  navigationTimeoutSecs: 30,
  pageTimeoutSecs: 90,
  maxPages: 20,
  maxLinksPerKind: 3,
  userAgent: DEFAULT_USER_AGENT,
  capture: DEFAULT_CAPTURE_LIMITS,
};

/** Which links are followed from a page of each kind, and as what. */
const FOLLOW: Partial<Record<PageKind, readonly PageKind[]>> = {
  homepage: ['licence', 'agreement', 'rules', 'rules-centre'],
  'rules-centre': ['agreement', 'rules'],
};

type RequestData = Omit<PageRequest, 'startedAt' | 'requestedUrl'>;

export interface Visit {
  snapshots: Promise<Snapshot[]>;
  /** Stops the visit: pages under way are abandoned, the snapshots so far are returned. */
  abort(): void;
}

export function visitPlatform(platform: PlatformRecord, bundle: EvidenceBundle, options: VisitOptions): Visit {
  let crawler: PlaywrightCrawler | undefined;
  let aborted = false;
  const snapshots = (async () => {
    const config = new Configuration({ persistStorage: false, purgeOnStart: false });
    const queue = await RequestQueue.open(`visit-${randomUUID()}`, { config });
    // By request: a retried request is captured again, and a request whose handler fails after
    // its capture (a timeout while following links) must not lose that capture to the failure.
    const captured = new Map<string, Snapshot>();
    const keep = (s: Snapshot) => {
      const earlier = captured.get(s.id);
      if (!earlier || earlier.failure || !s.failure) captured.set(s.id, s);
    };
    const seen = new Set<string>([platform.url]);
    let sequence = 0;
    const nextId = () => `p${String(++sequence).padStart(2, '0')}`;
    const startedAt = new Map<string, string>();
    const requestOf = (url: string, data: RequestData): PageRequest => ({ ...data, requestedUrl: url, startedAt: startedAt.get(data.id) ?? new Date().toISOString() });

    await queue.addRequest({ url: platform.url, uniqueKey: platform.url, userData: { id: nextId(), kind: 'homepage', depth: 0, via: null, linkText: null, query: null } satisfies RequestData });
    crawler = new PlaywrightCrawler(
      {
        requestQueue: queue,
        launchContext: { launcher: chromium, launchOptions: launchOptions(), userAgent: options.userAgent, useIncognitoPages: true },
        // An inspection names itself: no fingerprint disguise, no session rotation on blocking.
        browserPoolOptions: { useFingerprints: false },
        useSessionPool: false,
        persistCookiesPerSession: false,
        maxConcurrency: options.concurrencyPerHost,
        maxRequestsPerMinute: options.requestsPerMinute,
        maxRequestsPerCrawl: options.maxPages,
        maxRequestRetries: 1,
        navigationTimeoutSecs: options.navigationTimeoutSecs,
        requestHandlerTimeoutSecs: options.pageTimeoutSecs,
        preNavigationHooks: [
          ({ page, request }, gotoOptions) => {
            startedAt.set((request.userData as RequestData).id, new Date().toISOString());
            // Return as soon as the response starts; capturePage waits for the page with its own
            // bounds, so a page that never finishes loading is still captured as far as it got.
            if (gotoOptions) gotoOptions.waitUntil = 'commit';
            const tab = page as Page;
            tab.on('dialog', (dialog: Dialog) => void dialog.dismiss().catch(() => undefined));
            tab.on('popup', (popup: Page) => void popup.close().catch(() => undefined));
          },
        ],
        requestHandler: async ({ page, request, response }) => {
          const data = request.userData as RequestData;
          const snapshot = await capturePage(page, response ?? null, requestOf(request.url, data), bundle, options.capture);
          keep(snapshot);
          const follow = FOLLOW[snapshot.kind];
          if (!follow || snapshot.failure || data.depth >= 2) return;
          const perKind = new Map<PageKind, number>();
          for (const link of pageLinks(loadHtml(snapshot.html), snapshot.finalUrl)) {
            // A link to the regulator's own licence system is a badge, not a page to fetch.
            if (!link.url || !link.kind || link.licenceSystem || !follow.includes(link.kind) || seen.has(link.url)) continue;
            const count = perKind.get(link.kind) ?? 0;
            if (count >= options.maxLinksPerKind) continue;
            perKind.set(link.kind, count + 1);
            seen.add(link.url);
            const next: RequestData = { id: nextId(), kind: link.kind, depth: data.depth + 1, via: snapshot.id, linkText: link.text || null, query: null };
            await queue.addRequest({ url: link.url, uniqueKey: link.url, userData: next });
          }
        },
        failedRequestHandler: ({ request }, error) => {
          const data = request.userData as RequestData;
          keep(failedSnapshot(requestOf(request.url, data), failureFromError(error), bundle));
        },
      },
      config,
    );
    try {
      if (!aborted) await crawler.run();
    } finally {
      await crawler.teardown().catch(() => undefined);
      await queue.drop().catch(() => undefined);
    }
    return [...captured.values()].sort((a, b) => a.id.localeCompare(b.id));
  })();
  return {
    snapshots,
    abort() {
      aborted = true;
      void crawler?.autoscaledPool?.abort();
    },
  };
}
