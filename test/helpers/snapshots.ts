// Snapshots from hand-written HTML for offline rule tests: defaults for everything the crawler
// would record, page facts computed from the HTML (as the browser would read them) unless given,
// and fake evidence files whose hashes match the HTML.
import { createHash } from 'node:crypto';
import { staticPageFacts } from '../../rules/lib/static-facts.js';
import { loadHtml } from '../../rules/lib/text.js';
import type { NotCheckedReason, PageFacts, PageKind, PlatformRecord, Snapshot } from '../../rules/types.js';

export const CAPTURED_AT = '2026-11-22T02:13:05.000Z';

export function platform(overrides: Partial<PlatformRecord> = {}): PlatformRecord {
  return { id: 'acme', name: '某某网络科技有限公司', uscc: '91330106673959654P', url: 'https://shop.example.cn/', risk: 'general', ...overrides };
}

/** Page facts as the browser's annotation pass would read them from this HTML (rules/lib/static-facts.ts), on a 1280 × 3000 page. */
export const factsOf = (html: string): PageFacts => staticPageFacts(html, { width: 1280, height: 3000 });

export interface SnapshotSpec {
  id?: string;
  kind?: PageKind;
  url?: string;
  /** Where a redirect ended; the requested URL by default. */
  finalUrl?: string;
  html?: string;
  status?: number | null;
  contentType?: string | null;
  failure?: { reason: NotCheckedReason; message?: string } | null;
  depth?: number;
  via?: string | null;
  linkText?: string | null;
  /** The probe keyword of a search-results page. */
  query?: string | null;
  title?: string;
  page?: Partial<PageFacts>;
}

export function snapshot(spec: SnapshotSpec = {}): Snapshot {
  const id = spec.id ?? 'p01';
  const url = spec.url ?? 'https://shop.example.cn/';
  const failure = spec.failure ? { reason: spec.failure.reason, message: spec.failure.message ?? spec.failure.reason } : null;
  const html = spec.html ?? '';
  const contentType = spec.contentType === undefined ? 'text/html; charset=utf-8' : spec.contentType;
  const isHtml = !failure && html !== '' && /html/.test(contentType ?? '');
  const sha = createHash('sha256').update(html).digest('hex');
  return {
    id,
    kind: spec.kind ?? 'homepage',
    requestedUrl: url,
    finalUrl: spec.finalUrl ?? url,
    status: spec.status === undefined ? (failure ? null : 200) : spec.status,
    contentType: failure ? null : contentType,
    failure,
    depth: spec.depth ?? (spec.via ? 1 : 0),
    via: spec.via ?? null,
    linkText: spec.linkText ?? null,
    query: spec.query ?? null,
    title: spec.title ?? (isHtml ? loadHtml(html)('title').text() : ''),
    html,
    page: { ...(isHtml ? factsOf(html) : { width: 0, height: 0, selectionDisabled: false, copyBlocked: false, textLength: 0, largeImages: 0, hasPasswordField: false }), ...spec.page },
    capturedAt: CAPTURED_AT,
    files: [
      { kind: 'rendered-html', path: `evidence/${id}.html`, sha256: sha },
      { kind: 'screenshot', path: `evidence/${id}.png`, sha256: createHash('sha256').update(`png ${id}`).digest('hex') },
    ],
  };
}

/** A page followed from `from` by a link with this href (requested URL resolved as the crawler does). */
export function linked(from: Snapshot, href: string, spec: Omit<SnapshotSpec, 'url' | 'via'> = {}): Snapshot {
  return snapshot({ ...spec, url: new URL(href, from.finalUrl).href, via: from.id, depth: spec.depth ?? from.depth + 1, kind: spec.kind ?? 'other' });
}

/** A page of hand-written body HTML. */
export function page(body: string, title = '页面'): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** Substantive filler text of roughly `chars` characters (an agreement's body). */
export function prose(chars: number): string {
  const sentence = '用户在使用本平台服务前，应当仔细阅读本协议的全部条款，并充分理解各条款的含义。';
  return `<p>${sentence.repeat(Math.ceil(chars / sentence.length))}</p>`;
}
