// Where a finding points in its evidence: the captured page it rests on and the element box its
// details name. One reading for every page that shows a finding (the review page's outlined
// screenshot, the record form's annex), so they outline the same element.
import type { Box, EvidenceFile } from '../../rules/types.js';

export interface EvidencePointer {
  /** The snapshot the finding's element sits on, when its details name one. */
  snapshotId: string | null;
  url: string | null;
  /** The element's box (document CSS px): a quoted sentence or title (`box`), a search result (`cardBox`), else a label or mark one level down. */
  box: Box | null;
}

const isBox = (v: unknown): v is Box =>
  typeof v === 'object' && v !== null && (['x', 'y', 'width', 'height'] as const).every((k) => Number.isFinite((v as Record<string, unknown>)[k])) && (v as Box).width > 0 && (v as Box).height > 0;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The pages a rule's details name, in the order that says where the element is. */
const PAGE_KEYS = ['page', 'searchPage', 'productPage', 'shopPage', 'homepage'] as const;

export function evidencePointer(details: Record<string, unknown>): EvidencePointer {
  let box: Box | null = null;
  /** The page an element one level down names as its own (a mark on the product page of a listing's finding). */
  let boxPage: string | null = null;
  for (const key of ['box', 'cardBox']) if (!box && isBox(details[key])) box = details[key] as Box;
  for (const value of Object.values(details)) {
    if (box) break;
    for (const inner of Array.isArray(value) ? value : [value]) {
      if (isObject(inner) && isBox(inner.box)) {
        box = inner.box;
        boxPage = typeof inner.snapshotId === 'string' ? inner.snapshotId : null;
        break;
      }
    }
  }
  const page = PAGE_KEYS.map((k) => details[k]).find(isObject);
  const pageOf = (id: string | null) => PAGE_KEYS.map((k) => details[k]).find((p) => isObject(p) && p.snapshotId === id) as Record<string, unknown> | undefined;
  const own = boxPage ? pageOf(boxPage) : undefined;
  return {
    snapshotId: boxPage ?? (typeof page?.snapshotId === 'string' ? page.snapshotId : null),
    url: typeof (own ?? page)?.url === 'string' ? ((own ?? page)!.url as string) : null,
    box,
  };
}

/**
 * The screenshot the pointer's box is drawn on: the finding's only one, or the one of the snapshot
 * its details name (a bundle names a page's files after its snapshot id: p04-search.png); null
 * when there is no box or the page cannot be told (a box drawn on another page would mislead).
 */
export function outlinedScreenshot(evidence: readonly EvidenceFile[], pointer: EvidencePointer): EvidenceFile | null {
  if (!pointer.box) return null;
  const screenshots = evidence.filter((f) => f.kind === 'screenshot');
  if (screenshots.length === 1) return screenshots[0]!;
  const id = pointer.snapshotId;
  return (id && screenshots.find((f) => (f.path.split('/').pop() ?? '').startsWith(`${id}-`) && !/\.bottom\.png$/i.test(f.path))) || null;
}
