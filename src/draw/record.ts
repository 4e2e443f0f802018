// The draw record (draw.json, shared/spec/formats.md "Draw file") and how its inputs are
// fingerprinted. Each input is hashed twice:
//   sha256        — the file's bytes, as published: proves "this very file";
//   contentSha256 — its canonical content: the validated records (trimmed, defaults filled in)
//                   sorted by id, as canonical JSON (keys sorted, no spaces, UTF-8). A roster
//                   re-saved with CRLF, a BOM or its rows in another order gives the same draw,
//                   and this hash says so.
// For the rosters, `records` holds each record's canonical hash by id, so that `draw verify`
// can name the very platforms or inspectors that changed.
import { z } from 'zod';
import { campaignSchema, PLATFORM_RISKS } from '../campaign/campaign.js';
import { INSPECTOR_STATUSES } from '../registry/inspectors.js';
import { CLOSED_STATUSES, type PlatformStatus } from '../roster/platforms.js';
import { sha256 } from '../evidence/bundle.js';
import { canonicalJson } from '../evidence/canonical.js';
import { ALGORITHM } from './stream.js';

export function byId<T extends { id: string }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const hex = z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 in hex' });
const fileDigest = z.strictObject({ file: z.string(), sha256: hex, contentSha256: hex });
const rosterDigest = fileDigest.extend({ records: z.record(z.string(), hex) });

export type FileDigest = z.output<typeof fileDigest>;
export type RosterDigest = z.output<typeof rosterDigest>;

export function rosterDigestOf(file: string, bytes: Buffer, records: readonly { id: string }[]): RosterDigest {
  const sorted = byId(records);
  return {
    file,
    sha256: sha256(bytes),
    contentSha256: sha256(canonicalJson(sorted)),
    records: Object.fromEntries(sorted.map((r) => [r.id, sha256(canonicalJson(r))])),
  };
}

const riskClass = z.enum(PLATFORM_RISKS);

export const drawRecordSchema = z.strictObject({
  id: z.string().min(1),
  campaignId: z.string().min(1),
  campaign: campaignSchema,
  seed: z.string().min(1),
  algorithm: z.literal(ALGORITHM, { message: `expected the algorithm ${ALGORITHM}` }),
  toolVersion: z.string(),
  drawnAt: z.iso.datetime(),
  supersedes: z.string().nullable(),
  reason: z.string().nullable(),
  inputs: z.strictObject({
    campaign: fileDigest,
    platforms: rosterDigest,
    inspectors: rosterDigest,
    exclude: z.array(z.strictObject({ file: z.string(), sha256: hex, drawId: z.string().nullable(), campaignId: z.string(), platformIds: z.array(z.string()) })),
  }),
  strata: z.array(z.strictObject({ riskClass, ratio: z.number(), eligible: z.number().int(), drawn: z.number().int() })),
  // Platforms not drawn from, and the campaign region's inspectors who may not be drawn: not 在岗
  // (status), or whose 执法证 was no longer valid on the day of the draw (validUntil, its last day).
  leftOut: z.array(
    z.union([
      z.strictObject({ platformId: z.string(), reason: z.enum(['no-region', 'out-of-region', 'excluded']), by: z.string().optional() }),
      z.strictObject({ platformId: z.string(), reason: z.literal('closed'), status: z.enum(CLOSED_STATUSES as [PlatformStatus, ...PlatformStatus[]]) }),
      z.strictObject({ inspectorId: z.string(), reason: z.literal('not-on-duty'), status: z.enum(INSPECTOR_STATUSES) }),
      z.strictObject({ inspectorId: z.string(), reason: z.literal('certificate-expired'), validUntil: z.string() }),
    ]),
  ),
  targets: z.array(z.strictObject({ platformId: z.string(), riskClass, inspectors: z.array(z.string()), assistants: z.array(z.string()) })),
  // 回避 declared after the draw (rematch.ts): each slot matched again, in order, on its own stream.
  // Absent from a draw never re-matched, so its file and hash are as before.
  rematches: z
    .array(
      z.strictObject({
        platformId: z.string(),
        slot: z.enum(['inspectors', 'assistants']),
        replaced: z.string(),
        by: z.string(),
        reason: z.string().min(1),
        declaredAt: z.iso.datetime(),
        stream: z.string(),
      }),
    )
    .optional(),
});

export type DrawRecord = z.output<typeof drawRecordSchema>;
export type Exclusion = DrawRecord['inputs']['exclude'][number];
export type LeftOut = DrawRecord['leftOut'][number];
export type Rematch = NonNullable<DrawRecord['rematches']>[number];
