// Waiting only as long as a page needs. A page has settled when it has stayed still for a short
// window: no request of its own in flight, no short timer pending (a footer a script draws 300 ms
// after the load, a search's debounce), and no node or text changed. Playwright's `networkidle`
// waits a fixed 500 ms after the last request and knows nothing of timers; this waits for what
// the page has under way, so a static page settles in the window alone and a late script is
// still waited for.
import type { Page, Request } from 'playwright-core';

/** Requests that stay open by design: a stream or a beacon is never waited for. */
const BACKGROUND_TYPES = new Set(['eventsource', 'websocket', 'ping']);

/** Timers this short are work the page is about to do; longer ones (a carousel's next slide) are not waited for. */
const SHORT_TIMER_MS = 1_000;
/** A timer set from a timer set from a timer … beyond this depth is a polling loop, not work under way. */
const MAX_TIMER_CHAIN = 3;
const POLL_MS = 40;

/** Still for this long: the page has settled. Long enough for a render that follows a response in the next tasks. */
const QUIET_MS = 150;

/** A request open this long is a long poll, or one whose end was never reported: it is no longer waited for. */
const STALE_REQUEST_MS = 10_000;

interface RequestWatch {
  /** Requests in flight, with when each started (performance.now()). */
  open: Map<Request, number>;
  /** When the last request ended (performance.now()). */
  lastEnded: number;
}

const watches = new WeakMap<Page, RequestWatch>();

/**
 * Starts watching a tab before it navigates: its requests from Node, and in each document it
 * loads, the page's short timers and changes to its nodes and text (an init script).
 */
export async function watchPage(page: Page): Promise<void> {
  if (watches.has(page)) return;
  const watch: RequestWatch = { open: new Map(), lastEnded: performance.now() };
  watches.set(page, watch);
  page.on('request', (r) => {
    if (!BACKGROUND_TYPES.has(r.resourceType())) watch.open.set(r, performance.now());
  });
  const ended = (r: Request) => {
    if (watch.open.delete(r)) watch.lastEnded = performance.now();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  await page.addInitScript(installStillness, { shortMs: SHORT_TIMER_MS, maxChain: MAX_TIMER_CHAIN, staleMs: STALE_REQUEST_MS });
}

interface Stillness {
  /** performance.now() of the last change to a node or text, or of a request's end. */
  changed: number;
  timers: Set<number>;
  /** The page's fetch and XHR requests in flight, with when each started. */
  requests: Map<object, number>;
  staleMs: number;
}

/**
 * Runs in the page before its own scripts: counts its short timers and its fetch and XHR requests,
 * and notes when its DOM last changed. A request is counted the moment the page makes it: Node
 * hears of it later, on a busy machine too late for the fetch a click starts.
 */
function installStillness({ shortMs, maxChain, staleMs }: { shortMs: number; maxChain: number; staleMs: number }): void {
  const w = window as unknown as { __wjStill?: Stillness };
  if (w.__wjStill) return;
  const still: Stillness = { changed: performance.now(), timers: new Set(), requests: new Map(), staleMs };
  w.__wjStill = still;
  const set = window.setTimeout.bind(window);
  const clear = window.clearTimeout.bind(window);
  let depth = 0;
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return set(handler, delay, ...args);
    const level = depth + 1;
    const id: number = set(function (this: unknown) {
      still.timers.delete(id);
      const outer = depth;
      depth = level;
      try {
        return (handler as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        depth = outer;
      }
    }, delay);
    if ((Number(delay) || 0) <= shortMs && level <= maxChain) still.timers.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) still.timers.delete(id);
    clear(id);
  }) as typeof window.clearTimeout;
  // A request ends a task after it ends, once the callbacks it was waited for have run.
  const started = (): (() => void) => {
    const token = {};
    still.requests.set(token, performance.now());
    return () =>
      void set(() => {
        still.requests.delete(token);
        still.changed = performance.now();
      }, 0);
  };
  const fetchOf = window.fetch;
  if (fetchOf) {
    window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      return fetchOf.apply(this, args).finally(started());
    } as typeof fetch;
  }
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>) {
    this.addEventListener('loadend', started(), { once: true });
    return send.apply(this, args);
  };
  // Attributes are left out: a ticker or carousel restyles itself without end.
  new MutationObserver(() => {
    still.changed = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

function pageState(): { stillFor: number; busy: number } | null {
  const still = (window as unknown as { __wjStill?: Stillness }).__wjStill;
  if (!still) return null;
  const now = performance.now();
  const requests = [...still.requests.values()].filter((since) => now - since < still.staleMs).length;
  return { stillFor: now - still.changed, busy: still.timers.size + requests };
}

/** The page's state, or undefined when it does not answer within `ms` (a navigation under way, a script that never yields). */
function stateWithin(page: Page, ms: number): Promise<ReturnType<typeof pageState> | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([page.evaluate(pageState).catch(() => undefined), gaveUp]).finally(() => clearTimeout(timer));
}

/**
 * Waits until the page has stayed still for QUIET_MS (counted from the call at the earliest, so
 * that what a scroll or a key press starts has time to begin), at most `maxMs`. A tab not watched
 * (watchPage) is judged by its DOM alone when its document has the init script, else by time.
 */
export async function settle(page: Page, maxMs: number): Promise<void> {
  const start = performance.now();
  const end = start + maxMs;
  const watch = watches.get(page);
  for (;;) {
    const now = performance.now();
    if (now >= end) return;
    // A page that does not answer is asked again while time remains.
    const state = await stateWithin(page, end - now);
    const after = performance.now();
    if (watch) for (const [request, started] of watch.open) if (after - started >= STALE_REQUEST_MS) watch.open.delete(request);
    const requests = !watch || (watch.open.size === 0 && after - watch.lastEnded >= QUIET_MS);
    const dom = state === null || (state !== undefined && state.busy === 0 && state.stillFor >= QUIET_MS);
    if (requests && dom && after - start >= QUIET_MS) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, end - after)));
  }
}
