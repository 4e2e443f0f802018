// A batch of sweep targets, judged: targets in, findings and evidence out. One function the sweep
// command calls batch after batch, and a queue worker can call on a batch it was given: it touches
// no database, only the evidence folder.
//
// Each target's own page (a site's homepage, a shop page) and the licence pages one click from it
// are fetched over HTTP by a Crawlee HttpCrawler, without a browser: the bytes are kept as
// evidence with their SHA-256, and the rules read them (a shop's platform homepage is fetched
// once a batch, so the rules can tell the platform's chrome from the seller's own). A target goes
// on to Chromium only when its page needs a script to show its content (http-page.ts needsScript),
// or when a finding is a violation or needs review and wants a screenshot as evidence; it is then
// judged again on what the browser rendered. Requests to one host are spaced and limited (shops of
// a platform share one), different hosts are fetched in parallel.
import { randomUUID } from 'node:crypto';
// @crawlee/http, the part of crawlee (3.18.1, its own dependency) a sweep uses: the whole of
// crawlee loads its browser and jsdom crawlers too, 1.3 s of CPU at start against 0.55 s.
import { Configuration, HttpCrawler, RequestQueue, log as crawleeLog, type HttpCrawlingContext } from '@crawlee/http';
import pLimit from 'p-limit';
import type { BrowserContext } from 'playwright-core';
import { subjectPage } from '../../rules/sweep.js';
import type { PageFailure, Snapshot, Verdict } from '../../rules/types.js';
import type { BrowserSession } from '../browser/session.js';
import { capturePage, failedSnapshot, withTimeout, type PageRequest } from '../crawl/capture.js';
import type { CaptureLimits } from '../crawl/options.js';
import { failureFromError } from '../crawl/failures.js';
import { captureEnvironment, ServerIdentities, type CaptureEnvironment } from '../crawl/provenance.js';
import { loadInto, Tabs } from '../crawl/tabs.js';
import { EvidenceBundle } from '../evidence/bundle.js';
import { completeFinding, type Finding } from '../findings/finding.js';
import { TOOL_VERSION } from '../version.js';
import { fetchedSnapshot, needsScript, unfetchedSnapshot, type Fetched, type PageOrder } from './http-page.js';
import { Judges } from './judges.js';
import type { SweepTarget } from './targets.js';

crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

export interface SweepOptions {
  /** Pages fetched at once over HTTP, across hosts. */
  concurrency: number;
  /** Pages fetched at once from one host. */
  perHost: number;
  /** Requests a minute to one host. */
  requestsPerMinute: number;
  navigationTimeoutSecs: number;
  /** Time for a page in the browser: loading, settling, capturing. */
  pageTimeoutSecs: number;
  /** Pages the browser captures at once. */
  browserTabs: number;
  userAgent: string;
  capture: CaptureLimits;
}

/** A batch as a worker is given it: all of it plain data. */
export interface SweepBatch {
  sweepId: string;
  /** The sweep's folder: evidence goes under evidence/<target id>/. */
  outDir: string;
  checks: readonly string[];
  targets: readonly SweepTarget[];
  options: SweepOptions;
}

export type BrowserReason = 'script-only' | 'app-root' | 'noscript' | 'screenshot';

export interface TargetResult {
  target: SweepTarget;
  findings: Finding[];
  /** Pages fetched over HTTP for the target, and captured in the browser. */
  httpPages: number;
  browserPages: number;
  /** Why the target went on to the browser; null when HTTP was enough. */
  browser: BrowserReason | null;
}

/** The browser a sweep shares among its batches. */
export type Browsers = Pick<BrowserSession, 'browser' | 'close'>;

/**
 * A BrowserSession made when a target first needs the browser: Playwright is loaded then, not when
 * the sweep starts (0.6 s of CPU), and a list that needs no browser never starts one.
 */
export function lazyBrowsers(): Browsers {
  let session: Promise<BrowserSession> | null = null;
  return {
    browser: async () => (await (session ??= import('../browser/session.js').then((m) => new m.BrowserSession()))).browser(),
    close: async () => {
      if (session) await (await session).close();
    },
  };
}

export interface SweepEnvironment {
  /** The browser to use; a batch without one starts its own when a target needs it. */
  browsers?: Browsers;
  signal?: AbortSignal;
  /** Each target as it is finished, before the batch is. */
  onResult?: (result: TargetResult) => void;
  /** Each page fetched over HTTP (the sweep's rate). */
  onPage?: () => void;
  /** The threads that read and judge pages; a batch without them reads on threads of its own. */
  judges?: Judges;
}

/** Verdicts whose finding a screenshot must back. */
const NEEDS_SCREENSHOT: ReadonlySet<Verdict> = new Set(['violation', 'needs-review']);

/**
 * Requests to one host go out one after another (`perHost` at once), a minute's worth spaced
 * evenly; different hosts are not held back by each other.
 */
class HostGate<T> {
  private readonly hosts = new Map<string, { waiting: T[]; inFlight: number; lastStart: number; timer: NodeJS.Timeout | null }>();
  private closed = false;

  constructor(
    private readonly perHost: number,
    private readonly intervalMs: number,
    private readonly release: (item: T) => void,
  ) {}

  private host(name: string) {
    let h = this.hosts.get(name);
    if (!h) this.hosts.set(name, (h = { waiting: [], inFlight: 0, lastStart: 0, timer: null }));
    return h;
  }

  push(name: string, item: T): void {
    this.host(name).waiting.push(item);
    this.pump(name);
  }

  /** The request has left for the host (it may have waited in the crawler's queue since release). */
  started(name: string): void {
    this.host(name).lastStart = Date.now();
  }

  done(name: string): void {
    this.host(name).inFlight--;
    this.pump(name);
  }

  close(): void {
    this.closed = true;
    for (const h of this.hosts.values()) if (h.timer) clearTimeout(h.timer);
  }

  private pump(name: string): void {
    const h = this.host(name);
    while (!this.closed && h.waiting.length && h.inFlight < this.perHost) {
      const wait = h.lastStart + this.intervalMs - Date.now();
      if (wait > 0) {
        h.timer ??= setTimeout(() => {
          h.timer = null;
          this.pump(name);
        }, wait);
        return;
      }
      h.inFlight++;
      h.lastStart = Date.now();
      this.release(h.waiting.shift()!);
    }
  }
}

interface PageJob {
  target: string;
  order: PageOrder;
}

/** A target under way: its pages as they come, and the manifest of their metadata. */
interface TargetState {
  target: SweepTarget;
  bundle: EvidenceBundle;
  snapshots: Snapshot[];
  metas: Record<string, unknown>[];
  outstanding: number;
}

const hostOf = (url: string) => new URL(url).host;

/**
 * Why a fetch failed. Crawlee wraps a refused or reset connection as a session error whose first
 * line says only that ("Detected a session error, rotating session..."); got reports a redirect
 * loop as "Redirected 10 times. Aborting.".
 */
function httpFailure(error: unknown): PageFailure {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^Detected a session error, rotating session\.\.\.\s*/, '');
  const failure = failureFromError(new Error(message));
  return /Redirected \d+ times/i.test(failure.message) ? { ...failure, reason: 'redirect-loop' } : failure;
}

/** The licence links of a subject's page the rules would follow (judges.ts readPage), as pages to fetch. */
function licenceOrders(page: Snapshot, links: readonly [string, string][], prefix: string): PageOrder[] {
  if (page.failure || !page.html) return [];
  return links.map(([url, text], i) => ({ id: `${prefix}${String(i + 2).padStart(2, '0')}`, kind: 'licence', url, depth: 1, via: page.id, linkText: text }));
}

export async function sweepBatch(batch: SweepBatch, env: SweepEnvironment = {}): Promise<TargetResult[]> {
  const { options, targets } = batch;
  const signal = env.signal ?? new AbortController().signal;
  const results: TargetResult[] = [];
  const emit = (r: TargetResult) => {
    results.push(r);
    env.onResult?.(r);
  };
  const states = new Map<string, TargetState>();
  const judges = env.judges ?? new Judges();
  // A fault of the tool (a rule that throws) ends the batch: its targets stay to be done again.
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    void crawler?.autoscaledPool?.abort();
  };
  // A shop's platform homepage, once a host: its chrome (header, footer with the operator's
  // licence) is told apart from the seller's own by comparing the two.
  const platformHomes = new Map<string, { snapshot: Snapshot | null; done: boolean; waiting: Set<string> }>();
  // Named by its host, which is one batch's (batchesOf); a target's id never starts with "_".
  const shopHomeId = (host: string) => `_platform-home-${host.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`;
  const isShopHome = (order: PageOrder) => order.id.startsWith('_platform-home-');

  const config = new Configuration({ persistStorage: false, purgeOnStart: false, systemInfoIntervalMillis: 60_000 });
  const queue = await RequestQueue.open(`sweep-${randomUUID()}`, { config });
  const gate = new HostGate<PageJob>(options.perHost, 60_000 / options.requestsPerMinute, (job) => {
    void queue.addRequest({ url: job.order.url, uniqueKey: `${job.target} ${job.order.id}`, userData: job });
  });
  const fetchPage = (target: string, order: PageOrder) => gate.push(hostOf(order.url), { target, order });

  const browserLimit = pLimit(options.browserTabs);
  const browsing: Promise<void>[] = [];
  // One browser context for the batch's pages that need it, opened when the first does (and the
  // browser too, when the caller gave none).
  const browser: { session: Browsers | null; context: Promise<{ context: BrowserContext; tabs: Tabs; provenance: { servers: ServerIdentities; environment: CaptureEnvironment } }> | null } = {
    session: env.browsers ?? null,
    context: null,
  };
  const tabsOf = () =>
    (browser.context ??= (async () => {
      const session = (browser.session ??= lazyBrowsers());
      const chromium = await session.browser();
      const context = await chromium.newContext({ userAgent: options.userAgent });
      return { context, tabs: new Tabs(context), provenance: { servers: new ServerIdentities(), environment: await captureEnvironment(chromium.version()) } };
    })());

  let remaining = targets.length;
  let crawler: HttpCrawler<HttpCrawlingContext> | null = null;
  const leftHttp = () => {
    if (--remaining === 0) void crawler?.stop();
  };

  const judge = async (state: TargetState, snapshots: readonly Snapshot[]): Promise<Finding[]> =>
    (await judges.judge(state.target, batch.checks, snapshots)).map(({ draft, rule }) => completeFinding(draft, rule, batch.sweepId, state.target.platform));

  /** Every HTTP page of the target is in: judge, and finish it or send it on to the browser. */
  const httpDone = (state: TargetState) => void judged(state).catch(fail);
  const judged = async (state: TargetState) => {
    const { target } = state;
    const manifest = state.bundle.write('manifest.json', 'page-metadata', JSON.stringify({ target, pages: state.metas, toolVersion: TOOL_VERSION }, null, 2));
    for (const s of state.snapshots) s.files.push(manifest);
    const home = target.kind === 'shop' ? platformHomes.get(hostOf(target.url))?.snapshot : null;
    const snapshots = home ? [home, ...state.snapshots] : state.snapshots;
    const page = subjectPage(target.kind, state.snapshots)!;
    const findings = await judge(state, snapshots);
    const scripted = needsScript(page);
    const reason: BrowserReason | null = scripted ?? (!page.failure && findings.some((f) => NEEDS_SCREENSHOT.has(f.verdict)) ? 'screenshot' : null);
    leftHttp();
    if (!reason || signal.aborted) {
      if (!signal.aborted) emit({ target, findings, httpPages: state.snapshots.length, browserPages: 0, browser: null });
      return;
    }
    browsing.push(
      browserLimit(async () => {
        if (signal.aborted) return;
        const captured = await captureInBrowser(state, page);
        if (signal.aborted) return;
        // A page the browser could not capture keeps the judgement of its fetched bytes; one that
        // needed a script has nothing else to be judged on.
        const failed = captured.find((s) => s.depth === 0)?.failure;
        const final = failed && reason === 'screenshot' ? findings.map((f) => ({ ...f, details: { ...f.details, browserFailure: failed } })) : await judge(state, home ? [home, ...captured] : captured);
        emit({ target, findings: final, httpPages: state.snapshots.length, browserPages: captured.length, browser: reason });
      }),
    );
  };

  /** The subject's page and its licence pages in Chromium: rendered, annotated, with screenshots. */
  const captureInBrowser = async (state: TargetState, httpPage: Snapshot): Promise<Snapshot[]> => {
    const { tabs, provenance } = await tabsOf();
    const capture = async (order: PageOrder): Promise<Snapshot> => {
      const req: PageRequest = { id: order.id, kind: order.kind, requestedUrl: order.url, depth: order.depth, via: order.via, linkText: order.linkText, query: null, startedAt: new Date().toISOString() };
      const tab = await tabs.take();
      const attempt = new AbortController();
      let snapshot: Snapshot | null = null;
      try {
        const work = (async () => {
          const response = await loadInto(tab, order.url, options.navigationTimeoutSecs * 1000);
          return capturePage(tab.page, tab.document ?? response, req, state.bundle.until(attempt.signal), options.capture, { itemSelector: null, watch: tab.watch, ...provenance });
        })();
        snapshot = await withTimeout(work, options.pageTimeoutSecs * 1000, 'capturing the page in the browser');
      } catch (error) {
        attempt.abort();
        snapshot = failedSnapshot(req, failureFromError(error), state.bundle);
      } finally {
        tabs.give(tab, snapshot !== null && !snapshot.failure);
      }
      return snapshot;
    };
    const main = await capture({ id: 'b01', kind: httpPage.kind, url: state.target.url, depth: 0, via: null, linkText: null });
    // the bytes as fetched stay evidence beside what the browser rendered
    main.files.unshift(...httpPage.files.filter((f) => f.kind === 'response-body'));
    const licences: Snapshot[] = [];
    const links = main.failure || !main.html ? [] : (await judges.read(main.html, main.finalUrl, true)).licenceLinks;
    for (const order of licenceOrders(main, links, 'b')) licences.push(await capture(order));
    return [main, ...licences];
  };

  const pageDone = (job: PageJob, made: { snapshot: Snapshot; meta: Record<string, unknown>; licenceLinks: [string, string][] }) => {
    env.onPage?.();
    if (isShopHome(job.order)) {
      const entry = platformHomes.get(hostOf(job.order.url))!;
      entry.snapshot = made.snapshot.failure ? null : made.snapshot;
      entry.done = true;
      const waiting = [...entry.waiting];
      entry.waiting.clear();
      for (const id of waiting) {
        const state = states.get(id)!;
        if (state.outstanding === 0) httpDone(state);
      }
      return;
    }
    const state = states.get(job.target)!;
    state.snapshots.push(made.snapshot);
    state.metas.push(made.meta);
    state.outstanding--;
    if (job.order.depth === 0) {
      for (const order of licenceOrders(made.snapshot, made.licenceLinks, 'p')) {
        state.outstanding++;
        fetchPage(job.target, order);
      }
    }
    if (state.outstanding > 0) return;
    const home = state.target.kind === 'shop' ? platformHomes.get(hostOf(state.target.url)) : null;
    if (home?.waiting.has(state.target.id)) return; // judged when the platform's homepage is in
    httpDone(state);
  };

  crawler = new HttpCrawler<HttpCrawlingContext>(
    {
      requestQueue: queue,
      keepAlive: true,
      useSessionPool: false,
      persistCookiesPerSession: false,
      minConcurrency: options.concurrency,
      maxConcurrency: options.concurrency,
      // a request added to an idle pool waits for its next look at the queue
      autoscaledPoolOptions: { maybeRunIntervalSecs: 0.02 },
      maxRequestRetries: 1,
      // a refused connection is a "session error" to Crawlee, retried ten times by default
      maxSessionRotations: 1,
      navigationTimeoutSecs: options.navigationTimeoutSecs,
      requestHandlerTimeoutSecs: options.navigationTimeoutSecs + 30,
      // a bad certificate is a finding's reason (tls-error), not something to look past
      ignoreSslErrors: false,
      additionalMimeTypes: ['*/*'],
      // the bytes as they came: decoded by http-page.ts, which keeps them as evidence
      forceResponseEncoding: 'latin1',
      ignoreHttpErrorStatusCodes: Array.from({ length: 100 }, (_, i) => 500 + i),
      preNavigationHooks: [
        ({ request }, gotOptions) => {
          gate.started(hostOf(request.url));
          // one plain User-Agent that names the tool, not a browser's generated headers
          Object.assign(gotOptions, { useHeaderGenerator: false, headers: { ...gotOptions.headers, 'user-agent': options.userAgent } });
        },
      ],
      requestHandler: async ({ request, response, body }) => {
        const job = request.userData as PageJob;
        gate.done(hostOf(job.order.url));
        const fetched: Fetched = { status: response.statusCode ?? 0, finalUrl: request.loadedUrl ?? job.order.url, headers: response.headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body as string, 'latin1'), startedAt: new Date().toISOString() };
        const state = states.get(job.target);
        const bundle = state?.bundle ?? new EvidenceBundle(batch.outDir, job.target);
        pageDone(job, await fetchedSnapshot(job.order, fetched, bundle, TOOL_VERSION, (html) => judges.read(html, fetched.finalUrl, job.order.depth === 0 && !isShopHome(job.order))));
      },
      failedRequestHandler: async ({ request }, error) => {
        const job = request.userData as PageJob;
        gate.done(hostOf(job.order.url));
        pageDone(job, unfetchedSnapshot(job.order, httpFailure(error), TOOL_VERSION));
      },
    },
    config,
  );

  // On Ctrl-C the crawler stops itself (its own SIGINT handler pauses, then aborts it); aborting it
  // a second time from here would leave it waiting for ever (visit.ts).
  const onAbort = () => {
    gate.close();
    if (signal.reason !== 'SIGINT') void crawler?.autoscaledPool?.abort();
  };
  signal.addEventListener('abort', onAbort);
  try {
    for (const target of targets) {
      const bundle = new EvidenceBundle(batch.outDir, target.id);
      bundle.reset();
      states.set(target.id, { target, bundle, snapshots: [], metas: [], outstanding: 1 });
      if (target.kind === 'shop') {
        const host = hostOf(target.url);
        let home = platformHomes.get(host);
        if (!home) {
          platformHomes.set(host, (home = { snapshot: null, done: false, waiting: new Set() }));
          const id = shopHomeId(host);
          const homeBundle = new EvidenceBundle(batch.outDir, id);
          homeBundle.reset();
          states.set(id, { target, bundle: homeBundle, snapshots: [], metas: [], outstanding: 0 });
          fetchPage(id, { id, kind: 'homepage', url: new URL('/', target.url).href, depth: 0, via: null, linkText: null });
        }
        if (!home.done) home.waiting.add(target.id);
      }
      fetchPage(target.id, { id: 'p01', kind: target.kind === 'shop' ? 'shop' : 'homepage', url: target.url, depth: 0, via: null, linkText: null });
    }
    if (targets.length) await crawler.run();
    await Promise.all(browsing);
  } finally {
    signal.removeEventListener('abort', onAbort);
    gate.close();
    await crawler.teardown().catch(() => undefined);
    await queue.drop().catch(() => undefined);
    if (browser.context) await (await browser.context.catch(() => null))?.context.close().catch(() => undefined);
    if (!env.browsers) await browser.session?.close();
    if (!env.judges) await judges.close();
  }
  if (failure) throw failure;
  return results;
}

