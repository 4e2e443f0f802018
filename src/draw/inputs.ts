// Reads a draw's input files and fingerprints them (record.ts): all of them are read and
// checked before anything is drawn, so a bad file leaves no partial draw.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { PlatformRecord } from '../../rules/types.js';
import { type Campaign, campaignSchema } from '../campaign/campaign.js';
import { sha256 } from '../evidence/bundle.js';
import { canonicalJson } from '../evidence/canonical.js';
import { type Inspector, readInspectorRoster } from '../registry/inspectors.js';
import { readPlatformRoster } from '../roster/platforms.js';
import { InputFileError } from '../roster/table-file.js';
import { type DrawRecord, drawRecordSchema, type Exclusion, type FileDigest, type RosterDigest, rosterDigestOf } from './record.js';

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputFileError(file, [`cannot be read: ${(error as Error).message}`]);
  }
}

function readJson(file: string, what: string): { bytes: Buffer; value: unknown } {
  const bytes = readBytes(file);
  try {
    return { bytes, value: JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
  } catch (error) {
    throw new InputFileError(file, [`is not ${what}: ${(error as Error).message}`]);
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, file: string, whole: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputFileError(file, result.error.issues.map((i) => `field "${i.path.join('.') || whole}": ${i.message}`));
}

/** A JSON file checked whole against `schema` (`what` says what it should be); the error names the file and each bad field. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  return parseWith(schema, readJson(file, what).value, file, '(file)');
}

export function readCampaignInput(file: string): { campaign: Campaign; digest: FileDigest } {
  const { bytes, value } = readJson(file, 'a JSON campaign file');
  const campaign = parseWith(campaignSchema, value, file, '(campaign)');
  return { campaign, digest: { file, sha256: sha256(bytes), contentSha256: sha256(canonicalJson(campaign)) } };
}

export async function readPlatformsInput(file: string): Promise<{ platforms: PlatformRecord[]; digest: RosterDigest }> {
  const platforms = await readPlatformRoster(file);
  return { platforms, digest: rosterDigestOf(file, readBytes(file), platforms) };
}

export async function readInspectorsInput(file: string): Promise<{ inspectors: Inspector[]; digest: RosterDigest }> {
  const inspectors = await readInspectorRoster(file);
  return { inspectors, digest: rosterDigestOf(file, readBytes(file), inspectors) };
}

// Another bureau's draw may come from another system, so only what formats.md promises of
// any draw file is required: its campaign and its targets' platform ids.
const foreignDraw = z.looseObject({
  id: z.string().optional(),
  campaignId: z.string({ message: 'expected the campaign id of the draw' }).min(1),
  targets: z.array(z.looseObject({ platformId: z.string({ message: 'expected the platform id of each target' }).min(1) }), { message: 'expected the drawn targets' }),
});

/** An earlier draw whose targets are left out; `name` is how the campaign file names it. */
export function readExclusionFile(file: string, name: string): Exclusion {
  const { bytes, value } = readJson(file, 'a JSON draw file');
  const draw = parseWith(foreignDraw, value, file, '(draw)');
  return { file: name, sha256: sha256(bytes), drawId: draw.id ?? null, campaignId: draw.campaignId, platformIds: draw.targets.map((t) => t.platformId).sort() };
}

/** The draws a campaign's `exclude` names, read relative to the campaign file. */
export function readExclusions(campaign: Campaign, campaignFile: string): Exclusion[] {
  return campaign.exclude.map((name) => readExclusionFile(resolve(dirname(campaignFile), name), name));
}

/** A draw.json, validated in full: a record that does not parse is not a draw to verify or publish. */
export function readDrawFile(file: string): DrawRecord {
  const { value } = readJson(file, 'a JSON draw file');
  return parseWith(drawRecordSchema, value, file, '(draw)');
}
