// Campaigns made on the review server's campaigns page (migration 16): the campaign file's content,
// the unit that made it and the seed published before its draw; and the inspector roster a draw
// made there was drawn from. Persistence only: the campaign's rules are src/campaign's, the draw's
// src/draw's.
import type { Campaign } from '../campaign/campaign.js';
import { sha256 } from '../evidence/bundle.js';
import { InputError } from '../input-error.js';
import type { Db } from './database.js';

export interface StoredCampaign {
  campaign: Campaign;
  unit: string;
  createdBy: string;
  createdAt: string;
  seed: string | null;
  seedPublishedAt: string | null;
  seedPublishedBy: string | null;
}

interface CampaignRow {
  id: string;
  unit: string;
  campaign: string;
  created_by: string;
  created_at: string;
  seed: string | null;
  seed_published_at: string | null;
  seed_published_by: string | null;
}

export class CampaignStoreError extends InputError {
  override name = 'CampaignStoreError';
}

const campaignOf = (r: CampaignRow): StoredCampaign => ({
  campaign: JSON.parse(r.campaign) as Campaign,
  unit: r.unit,
  createdBy: r.created_by,
  createdAt: r.created_at,
  seed: r.seed,
  seedPublishedAt: r.seed_published_at,
  seedPublishedBy: r.seed_published_by,
});

export function getCampaign(db: Db, id: string): StoredCampaign | undefined {
  const row = db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
  return row && campaignOf(row);
}

export function listCampaignsOf(db: Db, unit: string): StoredCampaign[] {
  return (db.prepare('SELECT * FROM campaigns WHERE unit = ? ORDER BY created_at DESC').all(unit) as CampaignRow[]).map(campaignOf);
}

/** Stores a campaign validated by campaignSchema; refuses an id any campaign or draw has. */
export function insertCampaign(db: Db, c: { campaign: Campaign; unit: string; createdBy: string }): void {
  db.transaction(() => {
    if (getCampaign(db, c.campaign.id) || db.prepare('SELECT 1 FROM draws WHERE campaign_id = ?').get(c.campaign.id)) throw new CampaignStoreError(`任务编号 ${c.campaign.id} 已被使用 (a campaign or draw with that id exists)`);
    db.prepare('INSERT INTO campaigns (id, unit, campaign, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(c.campaign.id, c.unit, JSON.stringify(c.campaign), c.createdBy, new Date().toISOString());
  })();
}

/** Records the seed published before the draw; refuses a second one (the table's trigger too). */
export function publishSeed(db: Db, id: string, seed: string, by: string): void {
  if (!seed.trim()) throw new CampaignStoreError('随机种子不能为空 (the seed is empty)');
  const changed = db.prepare('UPDATE campaigns SET seed = ?, seed_published_at = ?, seed_published_by = ? WHERE id = ? AND seed IS NULL').run(seed, new Date().toISOString(), by, id).changes;
  if (!changed) throw new CampaignStoreError(`任务 ${id} 的随机种子已公布，不能更改 (the seed was published already)`);
}

/** Keeps the roster's bytes as given (an XLSX or CSV file, or CSV pasted), stored as a BLOB. */
export function keepDrawRoster(db: Db, drawId: string, inspectors: Buffer): void {
  db.prepare('INSERT INTO draw_rosters (draw_id, inspectors, sha256) VALUES (?, ?, ?)').run(drawId, inspectors, sha256(inspectors));
}

/** The inspector roster a draw made in the server was drawn from; undefined for one drawn on the console. */
export function drawRoster(db: Db, drawId: string): Buffer | undefined {
  return (db.prepare('SELECT inspectors FROM draw_rosters WHERE draw_id = ?').get(drawId) as { inspectors: Buffer } | undefined)?.inspectors;
}
