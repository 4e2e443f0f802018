// Who acts, who may act on an inspection, and the result a person acts on: the one rule the review
// pages and the command line both apply before a confirm, reject or amend (each words the refusal
// its own way).
import type { Db } from '../store/database.js';
import { getInspection, type Inspection } from '../store/inspections.js';
import { getReviewItem, type ReviewItem } from '../store/review-items.js';
import { InputError } from '../input-error.js';

/** Why a review action was refused; nothing was changed. The message is for the inspector. */
export class ReviewError extends InputError {
  override name = 'ReviewError';
}

/**
 * Who acts: an account id, with the client's address when the act came over the web (the
 * forwarded one behind --trust-proxy); a console or test act gives the id alone.
 */
export type Actor = string | { id: string; ip: string | null };

/** The account id and address of an actor, for the audit log. */
export const actorOf = (by: Actor): { actor: string; ip: string | null } => (typeof by === 'string' ? { actor: by, ip: null } : { actor: by.id, ip: by.ip });

/** Matched to the inspection as inspector or assistant: may review its results and fill in the form. */
export const mayAct = (userId: string, inspection: Inspection): boolean => inspection.inspectors.includes(userId) || inspection.assistants.includes(userId);

/** Matched as one of its inspectors (执法人员): may sign the form. */
export const maySign = (userId: string, inspection: Inspection): boolean => inspection.inspectors.includes(userId);

/** Why an act on a result was refused; nothing was changed. */
export class ActRefused extends ReviewError {
  override name = 'ActRefused';
  constructor(
    readonly kind: 'not-matched' | 'no-item' | 'stale',
    readonly inspection: Inspection | null,
    readonly item: ReviewItem | null,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses whoever is not matched to the inspection. */
export function assertMayAct(userId: string, inspection: Inspection): void {
  if (!mayAct(userId, inspection)) throw new ActRefused('not-matched', inspection, null, `${userId} is not matched to inspection ${inspection.id}: only its inspectors and assistants act on it`);
}

/**
 * The result `itemId` of `inspection` (or of whichever inspection holds it), when `userId` is
 * matched to that inspection and, given `seenVersion`, the result is still at the version read.
 */
export function itemToActOn(db: Db, req: { itemId: string; userId: string; inspection?: Inspection; seenVersion?: string }): { inspection: Inspection; item: ReviewItem } {
  const found = /^\d{1,15}$/.test(req.itemId) ? getReviewItem(db, Number(req.itemId)) : undefined;
  const inspection = req.inspection ?? (found && getInspection(db, found.inspectionId));
  if (!inspection) throw new ActRefused('no-item', null, null, `no review item ${req.itemId}`);
  assertMayAct(req.userId, inspection);
  const item = found?.inspectionId === inspection.id ? found : undefined;
  if (!item) throw new ActRefused('no-item', inspection, null, `no review item ${req.itemId} in inspection ${inspection.id}`);
  if (req.seenVersion !== undefined && req.seenVersion !== String(item.current.version)) {
    throw new ActRefused('stale', inspection, item, `item ${item.id} is at version ${item.current.version}, not ${req.seenVersion}: read it again; nothing was changed`);
  }
  return { inspection, item };
}
