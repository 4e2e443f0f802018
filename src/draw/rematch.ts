// 回避 declared after the draw: an officer matched to a target declares a conflict, and that one slot
// is matched again. The targets and every other slot stay as drawn. The new officer is chosen as
// the draw chooses (the same pool: the region's inspectors who could be drawn on the day of the
// draw, certified for an inspector's slot; a specialist of the campaign first, then the fewest
// targets in this draw), ties broken on a stream of its own, "rematch/<n>/<platform>/<inspector>",
// so that `draw verify` replays it. The result is a new draw record superseding the old one, with
// the re-match listed in `rematches` (who, for whom, why, when) and the reason in `reason`.
import type { PlatformRecord } from '../../rules/types.js';
import type { Inspector } from '../registry/inspectors.js';
import { avoidance, DrawError, drawId, inspectorPool, pickOne, rankOf } from './draw.js';
import type { DrawRecord, RosterDigest } from './record.js';
import { DrawStream } from './stream.js';

export interface RematchRequest {
  platformId: string;
  /** The officer who declared the conflict. */
  inspectorId: string;
  /** The conflict as declared (回避事由). */
  reason: string;
  declaredAt: string;
}

export interface RematchInputs {
  record: DrawRecord;
  /** The platform roster (for the target's 统一社会信用代码 in avoid lists). */
  platforms: readonly PlatformRecord[];
  /** The inspector roster drawn from: its records must be the draw's. */
  inspectors: { inspectors: readonly Inspector[]; digest: Pick<RosterDigest, 'contentSha256'> };
}

/** The id of a draw re-matched n times: the draw's own id with "-r<n>". */
export function rematchedId(record: Pick<DrawRecord, 'campaignId' | 'drawnAt'>, n: number): string {
  return n ? `${drawId(record.campaignId, record.drawnAt)}-r${n}` : drawId(record.campaignId, record.drawnAt);
}

/** The draw with one slot matched again; refuses (DrawError) when the roster is not the draw's or no one else may take the slot. */
export function rematchSlot(input: RematchInputs, req: RematchRequest): DrawRecord {
  const { record } = input;
  if (input.inspectors.digest.contentSha256 !== record.inputs.inspectors.contentSha256) {
    throw new DrawError(`the inspector roster given is not the one draw ${record.id} was drawn from (its records differ: contentSha256 ${input.inspectors.digest.contentSha256}, drawn from ${record.inputs.inspectors.contentSha256}); re-match with the roster drawn from`);
  }
  if (!req.reason.trim()) throw new DrawError('a re-match needs the conflict declared (回避事由)');
  const target = record.targets.find((t) => t.platformId === req.platformId);
  if (!target) throw new DrawError(`platform "${req.platformId}" is not a target of draw ${record.id}`);
  const slot = target.inspectors.includes(req.inspectorId) ? 'inspectors' : target.assistants.includes(req.inspectorId) ? 'assistants' : null;
  if (!slot) throw new DrawError(`inspector "${req.inspectorId}" is not matched to platform "${req.platformId}" in draw ${record.id}`);

  const done = record.rematches ?? [];
  // Every conflict declared on this draw holds for the re-match, this one too.
  const declared = new Set([...done, { platformId: req.platformId, replaced: req.inspectorId }].map((r) => `${r.replaced}\u0000${r.platformId}`));
  const avoids = avoidance(input.platforms);
  const certified = slot === 'inspectors';
  const campaign = record.campaign;
  const candidates = inspectorPool(campaign, input.inspectors.inspectors, record.drawnAt).filter(
    (i) =>
      (i.certificate !== undefined) === certified &&
      !target.inspectors.includes(i.id) &&
      !target.assistants.includes(i.id) &&
      !avoids(i, req.platformId) &&
      !declared.has(`${i.id}\u0000${req.platformId}`),
  );
  if (!candidates.length) throw new DrawError(`no other ${certified ? 'certified inspector' : 'assistant'} of region ${campaign.region} may take ${req.inspectorId}'s place at platform "${req.platformId}": everyone else is matched to it already, avoids it (回避) or may not be drawn`);

  const load = (id: string) => record.targets.filter((t) => t[slot].includes(id)).length;
  const n = done.length + 1;
  const stream = `rematch/${n}/${req.platformId}/${req.inspectorId}`;
  const by = pickOne(candidates, (i) => rankOf(i, campaign.specialties, load(i.id), record.targets.length), new DrawStream(record.seed, campaign.id, stream)).id;
  return {
    ...record,
    id: rematchedId(record, n),
    supersedes: record.id,
    reason: `回避：${req.inspectorId} 对 ${req.platformId}（${req.reason.trim()}），由 ${by} 替换`,
    targets: record.targets.map((t) => (t === target ? { ...t, [slot]: t[slot].map((id) => (id === req.inspectorId ? by : id)).sort() } : t)),
    rematches: [...done, { platformId: req.platformId, slot, replaced: req.inspectorId, by, reason: req.reason.trim(), declaredAt: req.declaredAt, stream }],
  };
}

/** The draw as made, then each recorded re-match replayed in order: what `draw verify` compares with the record. */
export function replayRematches(made: DrawRecord, rematches: DrawRecord['rematches'], platforms: readonly PlatformRecord[], inspectors: RematchInputs['inspectors']): DrawRecord {
  let record = made;
  for (const r of rematches ?? []) record = rematchSlot({ record, platforms, inspectors }, { platformId: r.platformId, inspectorId: r.replaced, reason: r.reason, declaredAt: r.declaredAt });
  return record;
}
