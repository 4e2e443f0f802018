// Captures one loaded page into a Snapshot: the bytes fetched, the rendered DOM annotated with
// boxes and styles, screenshots and a metadata record, each written to the evidence bundle.
import type { Page, Response } from 'playwright-core';
import { ANNOTATION } from '../../rules/lib/rendered.js';
import { isDocumentHub } from '../../rules/lib/links.js';
import { classifyPage } from '../../rules/lib/page-kinds.js';
import { loadHtml } from '../../rules/lib/text.js';
import type { EvidenceFile, ImageText, PageFacts, PageFailure, PageKind, Snapshot } from '../../rules/types.js';
import { extensionOf, type EvidenceBundle } from '../evidence/bundle.js';
import { escapeHtml } from '../html.js';
import { TOOL_VERSION } from '../version.js';
import { annotatePage, type AnnotateResult } from './annotate.js';
import { pdfAsPage, readPdf } from './pdf.js';
import type { CaptureEnvironment, ServerIdentities } from './provenance.js';
import { readImages } from './ocr.js';
import { loadMore, revealHidden, scrollToEnd } from './reveal.js';
import { settle } from './settle.js';
import { failureFromError, failureFromStatus, failureFromWatch, isStorm, looksLikeCaptcha, looksMisdecoded, type PageWatch } from './failures.js';
import type { CaptureLimits } from './options.js';

/** Where a page was reached from: set by the visit when it queues the page. */
export interface PageRequest {
  id: string;
  kind: PageKind;
  requestedUrl: string;
  depth: number;
  via: string | null;
  linkText: string | null;
  query: string | null;
  startedAt: string;
}

const DOCUMENT_KINDS: readonly PageKind[] = ['agreement', 'rules', 'rules-centre', 'licence', 'ip-rules', 'credit-rules', 'enforcement', 'complaint', 'privacy', 'notice', 'terms'];

/** Pages on which tabs and buttons that open licence information are clicked before the capture. */
const REVEALED_KINDS: readonly PageKind[] = ['homepage', 'shop', 'product', 'licence'];
/** Pages whose list may go on behind 加载更多 or a scroll: results and a shop's goods. */
const FEED_KINDS: readonly PageKind[] = ['search', 'shop'];

/** Reading a licence page's images, each OCR bounded on its own (ocr.ts). */
const OCR_PAGE_TIMEOUT_MS = 45_000;

/** Fetching and reading a PDF document. */
const PDF_TIMEOUT_MS = 20_000;

const EMPTY_FACTS: PageFacts = { width: 0, height: 0, selectionDisabled: false, copyBlocked: false, textLength: 0, largeImages: 0, hasPasswordField: false };

/** `work`, or an error naming `what` once `ms` have passed (the work itself is left to end on its own). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface CaptureContext {
  /** A selector for search-result items when the visit's profile knows it. */
  itemSelector: string | null;
  /** What the tab did meanwhile (navigations, dialogs, windows), kept by the visit. */
  watch: PageWatch;
  /** The visit's record of its servers' addresses and certificates. */
  servers: ServerIdentities;
  /** The machine and software capturing the visit. */
  environment: CaptureEnvironment;
}

export async function capturePage(page: Page, response: Response | null, req: PageRequest, bundle: EvidenceBundle, limits: CaptureLimits, { itemSelector, watch, servers, environment }: CaptureContext): Promise<Snapshot> {
  const files: EvidenceFile[] = [];
  // Where the page's time went, in ms, for the metadata and `npm run bench`.
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round(t - mark);
    mark = t;
  };
  const status = response?.status() ?? null;
  const contentType = response ? ((await response.headerValue('content-type').catch(() => null)) ?? null) : null;
  let failure: PageFailure | null = failureFromStatus(status);
  // A stream of dialogs or windows before the document has loaded is given up on at once.
  let poll: NodeJS.Timeout | undefined;
  const storm = new Promise<false>((resolve) => {
    poll = setInterval(() => isStorm(watch) && resolve(false), 200);
  });
  const loaded = await Promise.race([
    page
      .waitForLoadState('domcontentloaded', { timeout: limits.loadTimeoutMs })
      .then(() => true)
      .catch(() => false),
    storm,
  ]).finally(() => clearInterval(poll));
  if (!loaded && !failure) failure = { reason: 'timeout', message: `the page did not finish loading within ${limits.loadTimeoutMs} ms; what had rendered is kept` };
  phase('domContentLoaded');
  // A page that never loaded amid a stream of dialogs or windows answers nothing more: settling,
  // annotating and screenshots would each wait out their time.
  const stuck = !loaded && isStorm(watch);
  let scrolledFrom: number | null = null;
  if (!stuck) {
    await page.waitForLoadState('load', { timeout: limits.settleTimeoutMs }).catch(() => undefined);
    phase('load');
    // A feed that loads on sight starts its next batch now, and settling waits for it.
    if (FEED_KINDS.includes(req.kind)) scrolledFrom = await scrollToEnd(page);
    await settle(page, limits.settleTimeoutMs / 2);
    phase('settle');
  }

  const prefix = `${req.id}-${req.kind}`;
  const pdf = /pdf/i.test(contentType ?? '');
  let body: Buffer | null = null;
  if (response) {
    // Chromium answers a PDF with its viewer's page: the document's own bytes are fetched again,
    // in the same browser context (its cookies and user agent).
    const read = pdf ? page.context().request.get(response.url(), { timeout: PDF_TIMEOUT_MS }).then((r) => r.body()) : response.body();
    body = await withTimeout(read, pdf ? PDF_TIMEOUT_MS : 5_000, 'reading the response body').catch(() => null);
    if (body) files.push(bundle.write(`${prefix}.fetched.${extensionOf(contentType)}`, 'response-body', body));
  }
  phase('responseBody');

  let facts: AnnotateResult | null = null;
  let html = '';
  let revealed: string[] = [];
  let pdfPages: { pages: number; read: number } | null = null;
  let imageTexts: ImageText[] | null = null;
  let frames: { url: string; textLength: number }[] | null = null;
  try {
    if (stuck) throw new Error(`the page is caught in a loop of ${watch.dialogs} dialogs and ${watch.popups} windows`);
    if (pdf) {
      // The checks read the PDF's text; the file fetched is the evidence it is derived from.
      if (!body) throw new Error('the PDF could not be fetched');
      const text = await withTimeout(readPdf(body), PDF_TIMEOUT_MS, 'reading the PDF');
      pdfPages = { pages: text.pages, read: text.pagesRead };
      ({ html, facts } = pdfAsPage(text));
      files.push(bundle.write(`${prefix}.text.html`, 'rendered-html', html));
      phase('pdfText');
    } else {
      // The feed first: a tab opened would grow the page as a batch does.
      if (FEED_KINDS.includes(req.kind)) {
        revealed = await withTimeout(loadMore(page, 2_000, scrolledFrom), 25_000, 'loading more of the list').catch(() => []);
        phase('loadMore');
      }
      if (REVEALED_KINDS.includes(req.kind)) {
        revealed.push(...(await withTimeout(revealHidden(page, 2_000), 25_000, 'opening tabs').catch(() => [])));
        phase('reveal');
      }
      facts = await withTimeout(page.evaluate(annotatePage, { attrs: ANNOTATION, maxElements: limits.maxAnnotatedElements, itemSelector }), 15_000, 'annotating the page');
      phase('annotate');
      const framed = DOCUMENT_KINDS.includes(req.kind) ? await withTimeout(framedDocuments(page, limits), 10_000, 'reading the framed documents').catch(() => []) : [];
      if (framed.length) {
        frames = framed.map((f) => ({ url: f.url, textLength: f.facts.textLength }));
        facts = withFrames(facts, framed);
        phase('frames');
      }
      html = inlineFrames(await withTimeout(page.content(), 15_000, 'serialising the page'), framed);
      files.push(bundle.write(`${prefix}.rendered.html`, 'rendered-html', html));
      phase('serialise');
      files.push(...(await screenshots(page, prefix, bundle, limits)));
      phase('screenshot');
      if (req.kind === 'licence') {
        const read = await withTimeout(readImages(page, body, contentType, prefix, bundle), OCR_PAGE_TIMEOUT_MS, 'reading the licence images').catch(() => null);
        if (read?.imageTexts.length) {
          imageTexts = read.imageTexts;
          files.push(...read.files);
        }
        phase('ocr');
      }
    }
  } catch (error) {
    failure ??= failureFromError(error);
  }
  if (facts && !failure && looksLikeCaptcha(facts.title, facts.textSample, facts.textLength)) {
    failure = { reason: 'captcha', message: 'the page asks the visitor to prove they are human' };
  }
  // Mojibake read as text would be judged as a page without any of what the checks look for.
  if (facts && !failure && looksMisdecoded(`${facts.title} ${facts.textSample}`)) {
    failure = { reason: 'undecodable-text', message: `the text could not be decoded (declared ${contentType ?? 'no content type'}); what rendered is kept` };
  }
  failure = failureFromWatch(failure, watch);
  if (html.length > limits.maxReadableHtml) {
    failure ??= { reason: 'oversized', message: `the rendered page is ${(html.length / 1e6).toFixed(1)} million characters, over the ${limits.maxReadableHtml / 1e6} million the checks read; its screenshots and HTML are kept` };
    html = '';
  }

  const finalUrl = page.url();
  // Documents reached by a link are told by their title too, and a hub of documents is a rules
  // centre whatever it is called (平台规则, 帮助中心); the rest are what reached them.
  const hub = DOCUMENT_KINDS.includes(req.kind) && html !== '' && !failure && isDocumentHub(loadHtml(html), finalUrl);
  const kind = hub ? 'rules-centre' : DOCUMENT_KINDS.includes(req.kind) ? classifyPage(facts?.title ?? '', facts?.heading ?? '', req.kind) : req.kind;
  const capturedAt = new Date().toISOString();
  const { title = '', heading: _heading, textSample: _sample, annotated = 0, ...pageFacts } = facts ?? ({} as Partial<AnnotateResult>);
  const pageInfo: PageFacts = facts ? (pageFacts as PageFacts) : EMPTY_FACTS;
  const metadata = {
    id: req.id,
    kind,
    requestedUrl: req.requestedUrl,
    finalUrl,
    status,
    contentType,
    ...(await servers.of(response)),
    documentsLoaded: watch.documents,
    dialogs: { count: watch.dialogs, first: watch.dialogMessages },
    popupsClosed: watch.popups,
    revealed,
    ...(pdfPages ? { pdf: pdfPages } : {}),
    ...(imageTexts ? { imageTexts } : {}),
    ...(frames ? { frames } : {}),
    responseHeaders: response ? await response.allHeaders().catch(() => ({})) : {},
    failure,
    depth: req.depth,
    via: req.via,
    linkText: req.linkText,
    query: req.query,
    title,
    page: pageInfo,
    annotatedElements: annotated,
    timings: { startedAt: req.startedAt, capturedAt, navigation: timingOf(response), phases },
    // From the request, not the page: a page whose script hangs never answers an evaluate.
    userAgent: response ? ((await response.request().headerValue('user-agent').catch(() => null)) ?? null) : null,
    viewport: page.viewportSize(),
    toolVersion: TOOL_VERSION,
    environment,
  };
  files.push(bundle.write(`${prefix}.meta.json`, 'page-metadata', JSON.stringify(metadata, null, 2)));
  return { id: req.id, kind, requestedUrl: req.requestedUrl, finalUrl, status, contentType, failure, depth: req.depth, via: req.via, linkText: req.linkText, query: req.query, title, html, page: pageInfo, capturedAt, files, ...(imageTexts ? { imageTexts } : {}) };
}

/** A page that could not be loaded at all still leaves a record of what was tried and why. */
export function failedSnapshot(req: PageRequest, failure: PageFailure, bundle: EvidenceBundle): Snapshot {
  const capturedAt = new Date().toISOString();
  const meta = { ...req, failure, capturedAt, toolVersion: TOOL_VERSION };
  const file = bundle.write(`${req.id}-${req.kind}.meta.json`, 'page-metadata', JSON.stringify(meta, null, 2));
  return { id: req.id, kind: req.kind, requestedUrl: req.requestedUrl, finalUrl: req.requestedUrl, status: null, contentType: null, failure, depth: req.depth, via: req.via, linkText: req.linkText, query: req.query, title: '', html: '', page: EMPTY_FACTS, capturedAt, files: [file] };
}

/** Frames read as part of a document page, and the least text that makes a frame a document's. */
const MAX_FRAMES = 3;
const MIN_FRAME_TEXT = 200;
const MIN_FRAME_SIDE = 100;
const FRAME_ATTRIBUTE = 'data-wj-frame';

interface FramedDocument {
  url: string;
  /** The frame's body, annotated in its own coordinates. */
  html: string;
  facts: AnnotateResult;
}

/**
 * The documents a page shows in frames (an agreement or rules page whose text is an iframe's):
 * each visible frame of some size with text of its own, annotated, and its iframe marked with
 * its index so the serialised page can take its text in place (inlineFrames).
 */
async function framedDocuments(page: Page, limits: CaptureLimits): Promise<FramedDocument[]> {
  const out: FramedDocument[] = [];
  for (const frame of page.mainFrame().childFrames().slice(0, MAX_FRAMES)) {
    const element = await frame.frameElement();
    const box = await element.boundingBox();
    if (!box || box.width < MIN_FRAME_SIDE || box.height < MIN_FRAME_SIDE) continue;
    const facts = await frame.evaluate(annotatePage, { attrs: ANNOTATION, maxElements: limits.maxAnnotatedElements, itemSelector: null });
    if (facts.textLength < MIN_FRAME_TEXT) continue;
    const html = await frame.evaluate(() => document.body?.outerHTML ?? '');
    await element.evaluate((el, [name, i]) => (el as Element).setAttribute(name, i), [FRAME_ATTRIBUTE, String(out.length)] as const);
    out.push({ url: frame.url(), html, facts });
  }
  return out;
}

/** The serialised page with each framed document's body in place of its iframe, named by its URL. */
function inlineFrames(html: string, framed: readonly FramedDocument[]): string {
  if (!framed.length) return html;
  return html.replace(new RegExp(`<iframe\\b[^>]*\\b${FRAME_ATTRIBUTE}="(\\d+)"[^>]*>[\\s\\S]*?</iframe>`, 'g'), (tag, i: string) => {
    const doc = framed[Number(i)];
    if (!doc) return tag;
    const body = doc.html.replace(/^<body\b/i, '<div').replace(/<\/body>\s*$/i, '</div>');
    return `<div ${FRAME_ATTRIBUTE}="${escapeHtml(doc.url)}">${body}</div>`;
  });
}

/** The page's facts with its framed documents' text counted in, and their copy protection. */
function withFrames(facts: AnnotateResult, framed: readonly FramedDocument[]): AnnotateResult {
  return {
    ...facts,
    textLength: facts.textLength + framed.reduce((n, f) => n + f.facts.textLength, 0),
    selectionDisabled: facts.selectionDisabled || framed.some((f) => f.facts.selectionDisabled),
    copyBlocked: facts.copyBlocked || framed.some((f) => f.facts.copyBlocked),
  };
}

/** Animations finished (or, endless, cancelled) and the page's full size, for a still screenshot of all of it. */
function stillPage(): { width: number; height: number } {
  for (const a of document.getAnimations()) {
    if (a.effect?.getComputedTiming().iterations === Infinity) a.cancel();
    else a.finish();
  }
  const root = document.documentElement;
  return { width: Math.max(root.scrollWidth, innerWidth), height: Math.max(root.scrollHeight, document.body?.scrollHeight ?? 0, 1) };
}

/** Widest screenshot taken: a page that overflows sideways without end is cut, not drawn whole. */
const MAX_SCREENSHOT_WIDTH = 3_840;

const SCREENSHOT_TIMEOUT_MS = 20_000;

/**
 * PNGs of parts of the page, encoded by Chromium's fast path (Page.captureScreenshot with
 * optimizeForSpeed): the same pixels as Playwright's full-page screenshot, for about a third less
 * time and a third more bytes (measured on a 9,900 px results page: 406 → 272 ms, 752 → 1,025 KB).
 */
async function pngs(page: Page, clips: readonly { y: number; height: number }[], width: number): Promise<Buffer[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const out: Buffer[] = [];
    for (const { y, height } of clips) {
      const shot = cdp.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, optimizeForSpeed: true, clip: { x: 0, y, width, height, scale: 1 } });
      out.push(Buffer.from((await withTimeout(shot, SCREENSHOT_TIMEOUT_MS, 'the screenshot')).data, 'base64'));
    }
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function screenshots(page: Page, prefix: string, bundle: EvidenceBundle, limits: CaptureLimits): Promise<EvidenceFile[]> {
  const size = await page.evaluate(stillPage);
  const width = Math.min(size.width, MAX_SCREENSHOT_WIDTH);
  const height = size.height;
  if (height <= limits.maxFullPageHeight) {
    const [png] = await pngs(page, [{ y: 0, height }], width);
    return [bundle.write(`${prefix}.png`, 'screenshot', png!)];
  }
  // A very tall page: its top (header) and bottom (footer, where licences sit) are what matter.
  const part = Math.floor(limits.maxFullPageHeight / 2);
  const [top, bottom] = await pngs(page, [{ y: 0, height: part }, { y: height - part, height: part }], width);
  return [bundle.write(`${prefix}.top.png`, 'screenshot', top!), bundle.write(`${prefix}.bottom.png`, 'screenshot', bottom!)];
}

function timingOf(response: Response | null) {
  const t = response?.request().timing();
  return t ? { startTime: t.startTime, responseStart: t.responseStart, responseEnd: t.responseEnd } : null;
}
