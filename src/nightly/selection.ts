// Which platforms a nightly (or `scan --campaign`) visits: a roster file, or the targets of a
// campaign's current draw taken from the platforms table. Either way they are written out as one
// roster JSON, byte for byte the same for the same records, so a killed scan is found again by
// its roster hash and resumed, and the folder shows what was scanned.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_IDS } from '../../rules/check-ids.js';
import type { PlatformRecord } from '../../rules/types.js';
import { z } from 'zod';
import { byId } from '../draw/record.js';
import { readPlatformRoster } from '../roster/platforms.js';
import type { Db } from '../store/database.js';
import { listDraws } from '../store/draws.js';
import { listPlatforms } from '../store/scans.js';
import { InputError } from '../input-error.js';

/** Why a selection cannot be made; nothing was scanned. */
export class SelectionError extends InputError {
  override name = 'SelectionError';
}

const drawTargetsSchema = z.object({ campaign: z.object({ checks: z.array(z.string()) }), targets: z.array(z.object({ platformId: z.string() })) });

export interface Selection {
  platforms: PlatformRecord[];
  /** Where they came from, as the report names it. */
  source: string;
  /** The checks the selection asks for when none are named: a campaign's automated checks. */
  checks?: string[];
}

export async function selectFromRoster(file: string): Promise<Selection> {
  return { platforms: await readPlatformRoster(file), source: `platforms ${file}` };
}

export function selectFromCampaign(db: Db, campaignId: string): Selection {
  const draws = listDraws(db).filter((d) => d.campaignId === campaignId);
  const current = draws.find((d) => !d.supersededBy);
  if (!current) throw new SelectionError(`campaign "${campaignId}" has no draw in the database (wangjian draw list shows the draws)`);
  // a wangjian draw, or a provincial task opened for review (its own shape, the same campaign and targets)
  const record = drawTargetsSchema.parse(JSON.parse(current.record));
  const targets = record.targets.map((t) => t.platformId);
  const stored = new Map(listPlatforms(db).map((p) => [p.id, p]));
  const missing = targets.filter((id) => !stored.has(id));
  if (missing.length) {
    throw new SelectionError(
      `draw ${current.id} of campaign "${campaignId}" names platform${missing.length > 1 ? 's' : ''} not in the platforms table: ${missing.join(', ')}; import the roster drawn from with wangjian roster import <file>`,
    );
  }
  // the campaign's items (item-6 …) are checked by inspectors, not scanned
  const checks = record.campaign.checks.filter((c) => CHECK_IDS.includes(c));
  return { platforms: targets.map((id) => stored.get(id)!), source: `campaign ${campaignId} draw ${current.id}`, checks: checks.length ? checks : undefined };
}

/** The roster file's text: records sorted by id, fields in one order, absent fields left out. */
export function rosterText(platforms: readonly PlatformRecord[]): string {
  const records = byId(platforms).map(({ id, name, uscc, url, platform, region, risk }) => ({ id, name, uscc, url, platform, region, risk }));
  return `${JSON.stringify(records, null, 2)}\n`;
}

/**
 * The targets of a campaign's current draw as a roster file in `dir`, with the campaign's checks:
 * `scan --campaign` and a scan started from the review server read it. The file is the same bytes
 * for the same draw, so a scan that was killed is found again and continued.
 */
export function writeCampaignRoster(db: Db, campaignId: string, dir: string): { rosterPath: string; checks: string[] | undefined } {
  const selection = selectFromCampaign(db, campaignId);
  const rosterPath = join(dir, 'roster.json');
  mkdirSync(dir, { recursive: true });
  writeFileSync(rosterPath, rosterText(selection.platforms));
  return { rosterPath, checks: selection.checks };
}
