// Draws (双随机) as made: stored once, never updated or deleted (triggers of migration 2
// refuse both). A campaign has one current draw; drawing it again must name the draw it
// supersedes and give a reason, so a result cannot be quietly redrawn until it suits.
import { sha256 } from '../evidence/bundle.js';
import type { Db } from './database.js';
import { InputError } from '../input-error.js';

export interface StoredDraw {
  id: string;
  campaignId: string;
  seed: string;
  drawnAt: string;
  supersedes: string | null;
  reason: string | null;
  targets: number;
  /** The draw.json text. */
  record: string;
  recordSha256: string;
  supersededBy: string | null;
}

/** Why a draw may not be stored; nothing was. */
export class DrawStoreError extends InputError {
  override name = 'DrawStoreError';
}

const SELECT = `SELECT d.id, d.campaign_id AS campaignId, d.seed, d.drawn_at AS drawnAt, d.supersedes, d.reason, d.targets, d.record,
  d.record_sha256 AS recordSha256, (SELECT n.id FROM draws n WHERE n.supersedes = d.id) AS supersededBy FROM draws d`;

export function getDraw(db: Db, id: string): StoredDraw | undefined {
  return db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as StoredDraw | undefined;
}

export function listDraws(db: Db): StoredDraw[] {
  return db.prepare(`${SELECT} ORDER BY d.drawn_at DESC, d.id`).all() as StoredDraw[];
}

/** The draws no redraw has replaced, in the order they were stored. */
export function currentDraws(db: Db): StoredDraw[] {
  return db.prepare(`${SELECT} WHERE NOT EXISTS (SELECT 1 FROM draws n WHERE n.supersedes = d.id) ORDER BY d.rowid`).all() as StoredDraw[];
}

export function storeDraw(db: Db, draw: Omit<StoredDraw, 'recordSha256' | 'supersededBy'>): void {
  db.transaction(() => {
    const current = db.prepare(`${SELECT} WHERE d.campaign_id = ? AND NOT EXISTS (SELECT 1 FROM draws n WHERE n.supersedes = d.id)`).get(draw.campaignId) as StoredDraw | undefined;
    if (draw.supersedes === null && current) {
      throw new DrawStoreError(`campaign "${draw.campaignId}" was drawn already (${current.id}, ${current.drawnAt}); a redraw must name it with --supersedes ${current.id} and give a --reason`);
    }
    if (draw.supersedes !== null) {
      const old = getDraw(db, draw.supersedes);
      if (!old) throw new DrawStoreError(`--supersedes ${draw.supersedes}: no such draw in the database`);
      if (old.campaignId !== draw.campaignId) throw new DrawStoreError(`--supersedes ${old.id}: that draw is of campaign "${old.campaignId}", not "${draw.campaignId}"`);
      if (old.supersededBy) throw new DrawStoreError(`--supersedes ${old.id}: that draw was already superseded by ${old.supersededBy}`);
    }
    if (getDraw(db, draw.id)) throw new DrawStoreError(`a draw with the id ${draw.id} exists already`);
    db.prepare(
      `INSERT INTO draws (id, campaign_id, seed, drawn_at, supersedes, reason, targets, record, record_sha256)
       VALUES (@id, @campaignId, @seed, @drawnAt, @supersedes, @reason, @targets, @record, @recordSha256)`,
    ).run({ ...draw, recordSha256: sha256(draw.record) });
  })();
}
