// The double-random draw (双随机) as a pure function: the same campaign, rosters, exclusions
// and seed give the same targets and inspectors, whatever the order of the roster's rows.
//
// 1. Targets. A platform is eligible when it is trading (its 经营状态 is not 注销, 吊销 or 停业),
//    its region lies in the campaign's region and no excluded draw took it. The eligible platforms of each risk class, sorted by id, are
//    sampled at that class's ratio, rounded up (ceil of ratio × count), by a partial
//    Fisher–Yates shuffle on the stream "platforms/<class>".
// 2. Inspectors. The pool is the inspectors whose region lies in the campaign's region: a
//    province draws from the whole province, a city from its city and counties; of them, those
//    not 在岗 or whose 执法证 has expired by the day of the draw are left out, and say so. Targets are
//    taken in order of platform id; each gets `minInspectors` certified inspectors who do not
//    avoid it (回避, by its id or its 统一社会信用代码), one at a time, preferring a specialty of the campaign (网络交易 by
//    default), then the fewest targets so far; ties are broken on the stream "inspectors".
//    `assistants` uncertified inspectors are matched the same way on the stream "assistants".
import type { PlatformRecord } from '../../rules/types.js';
import { type Campaign, inRegion, PLATFORM_RISKS, ratioOf, regionPrefix, type RiskClass } from '../campaign/campaign.js';
import { certificateExpired, type Inspector } from '../registry/inspectors.js';
import { byId, type DrawRecord, type Exclusion, type FileDigest, type RosterDigest } from './record.js';
import { ALGORITHM, DrawStream } from './stream.js';
import { InputError } from '../input-error.js';
import { CLOSED_STATUSES } from '../roster/platforms.js';
import { beijingDay } from '../time.js';

/** A draw that cannot be made from these inputs; nothing is stored. */
export class DrawError extends InputError {
  override name = 'DrawError';
}

export interface DrawInputs {
  campaign: Campaign;
  platforms: readonly PlatformRecord[];
  inspectors: readonly Inspector[];
  exclude: readonly Exclusion[];
  seed: string;
  digests: { campaign: FileDigest; platforms: RosterDigest; inspectors: RosterDigest };
  drawnAt: string;
  toolVersion: string;
  supersedes?: { drawId: string; reason: string } | undefined;
}

/** ceil(ratio × n), ignoring float noise: 0.3 × 10 is 3, not 4. */
export function quota(ratio: number, n: number): number {
  return Math.ceil(Number((ratio * n).toFixed(9)));
}

export function drawId(campaignId: string, drawnAt: string): string {
  return `${campaignId}-${drawnAt.replace(/[-:]|\.\d+/g, '')}`;
}

type Target = DrawRecord['targets'][number];

export function makeDraw(input: DrawInputs): DrawRecord {
  const { campaign, seed } = input;
  if (seed.trim() === '') throw new DrawError('the seed is empty: give the text the bureau published before the draw');
  const prefix = regionPrefix(campaign.region);

  const excludedBy = new Map<string, string>();
  for (const e of input.exclude) for (const id of e.platformIds) if (!excludedBy.has(id)) excludedBy.set(id, e.drawId ?? e.campaignId);

  const leftOut: DrawRecord['leftOut'] = [];
  const eligible = new Map<RiskClass, PlatformRecord[]>(PLATFORM_RISKS.map((r) => [r, []]));
  for (const p of byId(input.platforms)) {
    if (p.status !== undefined && CLOSED_STATUSES.includes(p.status)) leftOut.push({ platformId: p.id, reason: 'closed', status: p.status });
    else if (p.region === undefined) leftOut.push({ platformId: p.id, reason: 'no-region' });
    else if (!inRegion(p.region, campaign.region)) leftOut.push({ platformId: p.id, reason: 'out-of-region' });
    else if (excludedBy.has(p.id)) leftOut.push({ platformId: p.id, reason: 'excluded', by: excludedBy.get(p.id)! });
    else eligible.get(p.risk)!.push(p);
  }

  const strata: DrawRecord['strata'] = [];
  const targets: Target[] = [];
  for (const risk of PLATFORM_RISKS) {
    const pool = eligible.get(risk)!;
    if (risk === 'unclassified' && pool.length === 0) continue;
    const ratio = ratioOf(campaign, risk);
    if (ratio === undefined) {
      throw new DrawError(`${pool.length} eligible platform${pool.length === 1 ? ' is' : 's are'} 未分类 (unclassified), and the campaign's ratios give them no share: add "unclassified" to its ratios (the general share, say, if the bureau draws them as 一般风险)`);
    }
    const drawn = new DrawStream(seed, campaign.id, `platforms/${risk}`).sample(pool, quota(ratio, pool.length));
    strata.push({ riskClass: risk, ratio, eligible: pool.length, drawn: drawn.length });
    targets.push(...byId(drawn).map((p) => ({ platformId: p.id, riskClass: risk, inspectors: [], assistants: [] })));
  }
  if (targets.length === 0) {
    throw new DrawError(`no platform is drawn: ${strata.reduce((n, s) => n + s.eligible, 0)} of the roster's ${input.platforms.length} platforms are eligible in region ${campaign.region} (codes starting ${prefix}), at ratios ${strata.map((s) => `${s.riskClass} ${s.ratio}`).join(', ')}`);
  }

  const local = inspectorPool(campaign, input.inspectors, input.drawnAt, leftOut);
  const certified = local.filter((i) => i.certificate !== undefined);
  if (certified.length < campaign.minInspectors) {
    throw new DrawError(`too few inspectors: ${certified.length} certified inspector${certified.length === 1 ? '' : 's'} in region ${campaign.region} (codes starting ${prefix}), and each target needs ${campaign.minInspectors}`);
  }
  const avoids = avoidance(input.platforms);
  match(targets, certified, campaign.minInspectors, 'certified inspectors', 'inspectors', new DrawStream(seed, campaign.id, 'inspectors'), campaign.specialties, avoids);
  if (campaign.assistants > 0) {
    match(targets, local.filter((i) => i.certificate === undefined), campaign.assistants, 'uncertified assistants', 'assistants', new DrawStream(seed, campaign.id, 'assistants'), campaign.specialties, avoids);
  }

  return {
    id: drawId(campaign.id, input.drawnAt),
    campaignId: campaign.id,
    campaign,
    seed,
    algorithm: ALGORITHM,
    toolVersion: input.toolVersion,
    drawnAt: input.drawnAt,
    supersedes: input.supersedes?.drawId ?? null,
    reason: input.supersedes?.reason ?? null,
    inputs: { ...input.digests, exclude: [...input.exclude] },
    strata,
    leftOut,
    targets,
  };
}

function match(targets: Target[], pool: readonly Inspector[], count: number, what: string, slot: 'inspectors' | 'assistants', stream: DrawStream, specialties: readonly string[], avoids: (i: Inspector, platformId: string) => boolean): void {
  const load = new Map(pool.map((i) => [i.id, 0]));
  const rank = (i: Inspector) => rankOf(i, specialties, load.get(i.id)!, targets.length);
  for (const target of [...targets].sort((a, b) => (a.platformId < b.platformId ? -1 : 1))) {
    const candidates = pool.filter((i) => !avoids(i, target.platformId));
    if (candidates.length < count) {
      throw new DrawError(`platform "${target.platformId}" (${target.riskClass}) cannot be matched: it needs ${count} ${what}, and only ${candidates.length} in the campaign's region ${candidates.length === 1 ? 'does' : 'do'} not avoid it (回避)`);
    }
    const chosen: Inspector[] = [];
    for (let n = 0; n < count; n++) {
      const open = candidates.filter((i) => !chosen.includes(i));
      const pick = pickOne(open, rank, stream);
      chosen.push(pick);
      load.set(pick.id, load.get(pick.id)! + 1);
    }
    target[slot] = chosen.map((i) => i.id).sort();
  }
}

/**
 * The inspectors of the campaign's region who may be drawn on the day of the draw (北京时间): one
 * not 在岗, or whose 执法证 ended before that day, is pushed to `leftOut` and not drawn. Rosters
 * without these columns leave everyone in, as before.
 */
export function inspectorPool(campaign: Campaign, inspectors: readonly Inspector[], drawnAt: string, leftOut: DrawRecord['leftOut'] = []): Inspector[] {
  const drawDay = beijingDay(drawnAt);
  return byId(inspectors).filter((i) => {
    if (!inRegion(i.region, campaign.region)) return false;
    if (i.status !== undefined && i.status !== '在岗') leftOut.push({ inspectorId: i.id, reason: 'not-on-duty', status: i.status });
    else if (certificateExpired(i, drawDay)) leftOut.push({ inspectorId: i.id, reason: 'certificate-expired', validUntil: i.validUntil! });
    else return true;
    return false;
  });
}

/** Whether an inspector avoids a platform (回避): by its id or its 统一社会信用代码 (lower case, as the roster reader keeps avoid lists). */
export function avoidance(platforms: readonly PlatformRecord[]): (i: Inspector, platformId: string) => boolean {
  const codes = new Map(platforms.map((p) => [p.id, p.uscc.toLowerCase()]));
  return (i, platformId) => i.avoid.includes(platformId) || (codes.has(platformId) && i.avoid.includes(codes.get(platformId)!));
}

/** Lower ranks first: a specialist of the campaign before a generalist, then the fewer targets so far. */
export function rankOf(i: Inspector, specialties: readonly string[], load: number, targets: number): number {
  return (i.specialties.some((s) => specialties.includes(s)) ? 0 : 1) * (targets + 1) + load;
}

/** One of the best-ranked candidates, the tie broken on the stream. */
export function pickOne(candidates: readonly Inspector[], rank: (i: Inspector) => number, stream: DrawStream): Inspector {
  const best = Math.min(...candidates.map(rank));
  const ties = candidates.filter((i) => rank(i) === best);
  return ties[stream.below(ties.length)]!;
}
