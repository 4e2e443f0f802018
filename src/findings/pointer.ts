// Where a finding points in its evidence: the captured page it rests on and the element box its
// details name. One reading for every page that shows a finding (the review page's outlined
// screenshot, the record form's annex), so they outline the same element.
import type { Box } from '../../rules/types.js';

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
  for (const key of ['box', 'cardBox']) if (!box && isBox(details[key])) box = details[key] as Box;
  for (const value of Object.values(details)) {
    if (box) break;
    for (const inner of Array.isArray(value) ? value : [value]) {
      if (isObject(inner) && isBox(inner.box)) {
        box = inner.box;
        break;
      }
    }
  }
  const page = PAGE_KEYS.map((k) => details[k]).find(isObject);
  return {
    snapshotId: typeof page?.snapshotId === 'string' ? page.snapshotId : null,
    url: typeof page?.url === 'string' ? page.url : null,
    box,
  };
}
