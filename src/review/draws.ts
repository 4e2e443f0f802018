// A draw stored and handed to review, as `wangjian draw` and the review server's draw page alike
// store one: the record, the roster drawn from (so that nightly --campaign and the pages find the
// targets' records) and the targets' inspections, in one transaction. A re-match after 回避
// (src/draw/rematch.ts) supersedes the draw and carries every other target's inspection over.
import type { PlatformRecord } from '../../rules/types.js';
import type { DrawRecord } from '../draw/record.js';
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import { getDraw, storeDraw } from '../store/draws.js';
import { listInspections, moveDrawInspections } from '../store/inspections.js';
import { importPlatforms } from '../store/scans.js';
import { createDrawInspections } from './inspections.js';
import { ReviewError } from './acts.js';

/** The draw.json text of a record, as written to its file and stored. */
export const drawText = (record: DrawRecord): string => `${JSON.stringify(record, null, 2)}\n`;

/**
 * Stores a draw made by makeDraw, with the platform roster drawn from when it came from a file
 * (a draw from the stored roster has it already), and creates its inspections; returns how many.
 */
export function storeNewDraw(db: Db, record: DrawRecord, roster: { platforms: readonly PlatformRecord[]; file: string; sha256: string } | null): number {
  return db.transaction(() => {
    storeDraw(db, { id: record.id, campaignId: record.campaignId, seed: record.seed, drawnAt: record.drawnAt, supersedes: record.supersedes, reason: record.reason, targets: record.targets.length, record: drawText(record) });
    if (roster) importPlatforms(db, roster.platforms, roster.file, roster.sha256);
    return createDrawInspections(db);
  })();
}

/**
 * Stores a re-matched draw (rematchSlot) superseding its predecessor: the inspections of the
 * targets whose officers did not change move to it with their review; the re-matched target gets a
 * new inspection (the old one, with what the replaced officer did, stays with the superseded draw).
 */
export function storeRematch(db: Db, record: DrawRecord, actor: string | null): { inspection: number | null } {
  const last = record.rematches?.at(-1);
  if (!last || !record.supersedes) throw new ReviewError('not a re-matched draw: rematchSlot makes one');
  const old = getDraw(db, record.supersedes);
  if (!old) throw new ReviewError(`draw ${record.supersedes} is not stored`);
  return db.transaction(() => {
    storeDraw(db, { id: record.id, campaignId: record.campaignId, seed: record.seed, drawnAt: record.drawnAt, supersedes: record.supersedes, reason: record.reason, targets: record.targets.length, record: drawText(record) });
    moveDrawInspections(db, old.id, record.id, [last.platformId]);
    createDrawInspections(db);
    const inspection = listInspections(db).find((i) => i.drawId === record.id && i.platform.id === last.platformId);
    appendAudit(db, { actor, action: 'draw-rematched', inspectionId: inspection?.id ?? null, subject: last.platformId, before: { drawId: old.id, inspector: last.replaced }, after: { drawId: record.id, inspector: last.by, slot: last.slot, reason: last.reason, declaredAt: last.declaredAt, stream: last.stream } });
    return { inspection: inspection?.id ?? null };
  })();
}
