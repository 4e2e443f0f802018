// `draw verify`: recompute a draw from its recorded campaign, seed and exclusions and the
// roster files given, and say exactly where anything differs: which roster records changed,
// which field of the record, which target or inspector.
import type { PlatformRecord } from '../../rules/types.js';
import type { Campaign } from '../campaign/campaign.js';
import { sha256 } from '../evidence/bundle.js';
import { canonicalJson } from '../evidence/canonical.js';
import type { Inspector } from '../registry/inspectors.js';
import { DrawError, makeDraw } from './draw.js';
import { rematchedId, replayRematches } from './rematch.js';
import type { DrawRecord, Exclusion, FileDigest, RosterDigest } from './record.js';

export interface VerifyInputs {
  record: DrawRecord;
  platforms: { platforms: PlatformRecord[]; digest: RosterDigest };
  inspectors: { inspectors: Inspector[]; digest: RosterDigest };
  /** The campaign file, when given: checked against the campaign in the record. */
  campaign?: { campaign: Campaign; digest: FileDigest } | undefined;
  /** Excluded draw files, when given: checked against the exclusions in the record. */
  exclude?: Exclusion[] | undefined;
  /** The same draw as stored in this machine's database, when there. */
  stored?: DrawRecord | undefined;
}

export interface Verification {
  /** True when the inputs give exactly the recorded draw. */
  reproduced: boolean;
  /** Each difference, with where it is. */
  problems: string[];
  /** What was not checked, or differs without changing the draw. */
  notes: string[];
}

const shown = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** Leaf-level differences between two JSON values, each named by its path. */
function jsonDiff(a: unknown, b: unknown, path: string, labels: [string, string], out: string[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) jsonDiff(a[key], b[key], `${path}.${key}`, labels, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some((x) => typeof x === 'object')) {
    a.forEach((x, i) => jsonDiff(x, b[i], `${path}[${i}]`, labels, out));
  } else {
    out.push(`${path}: ${labels[0]} ${shown(a)}, ${labels[1]} ${shown(b)}`);
  }
}

function rosterDiff(what: string, kind: string, recorded: RosterDigest, given: RosterDigest, problems: string[], notes: string[]): void {
  const ids = [...new Set([...Object.keys(recorded.records), ...Object.keys(given.records)])].sort();
  const before = problems.length;
  for (const id of ids) {
    const [r, g] = [recorded.records[id], given.records[id]];
    if (r === g) continue;
    if (r === undefined) problems.push(`${what} ${given.file}: ${kind} "${id}" was not in the roster drawn from`);
    else if (g === undefined) problems.push(`${what} ${given.file}: ${kind} "${id}" of the roster drawn from is missing`);
    else problems.push(`${what} ${given.file}: ${kind} "${id}" differs from the record drawn from`);
  }
  if (problems.length > before) return;
  if (recorded.contentSha256 !== given.contentSha256) problems.push(`inputs.${kind === 'platform' ? 'platforms' : 'inspectors'}.contentSha256: draw.json ${recorded.contentSha256} does not match the records it lists (${given.contentSha256})`);
  else if (recorded.sha256 !== given.sha256) notes.push(`${what} ${given.file}: the file's bytes differ from ${recorded.file} drawn from (sha256 ${given.sha256}, not ${recorded.sha256}), but its records are the same, so the draw is unaffected`);
}

export function verifyDraw(input: VerifyInputs): Verification {
  const { record } = input;
  const problems: string[] = [];
  const notes: string[] = [];

  rosterDiff('platform roster', 'platform', record.inputs.platforms, input.platforms.digest, problems, notes);
  rosterDiff('inspector roster', 'inspector', record.inputs.inspectors, input.inspectors.digest, problems, notes);

  if (record.campaignId !== record.campaign.id) problems.push(`campaignId: "${record.campaignId}", but the campaign recorded is "${record.campaign.id}"`);
  if (sha256(canonicalJson(record.campaign)) !== record.inputs.campaign.contentSha256) problems.push('campaign: the campaign in draw.json is not the one drawn with (its content does not match inputs.campaign.contentSha256)');
  if (input.campaign) {
    jsonDiff(record.campaign, input.campaign.campaign, 'campaign', ['draw.json', input.campaign.digest.file], problems);
    if (input.campaign.digest.sha256 !== record.inputs.campaign.sha256 && input.campaign.digest.contentSha256 === record.inputs.campaign.contentSha256) {
      notes.push(`campaign ${input.campaign.digest.file}: the file's bytes differ from ${record.inputs.campaign.file} drawn from, but its content is the same`);
    }
  } else notes.push('the campaign was taken from draw.json; give --campaign to check it against the campaign file');

  if (input.exclude) {
    for (const given of input.exclude) {
      const recorded = record.inputs.exclude.find((e) => e.sha256 === given.sha256) ?? record.inputs.exclude.find((e) => e.campaignId === given.campaignId && e.drawId === given.drawId);
      if (!recorded) problems.push(`exclusion ${given.file}: draw ${given.drawId ?? given.campaignId} was not excluded by this draw`);
      else jsonDiff(recorded.platformIds, given.platformIds, `exclusion ${given.file}: platformIds`, ['draw.json', 'file'], problems);
    }
    for (const e of record.inputs.exclude) if (!input.exclude.some((g) => g.sha256 === e.sha256)) notes.push(`exclusion ${e.file} (sha256 ${e.sha256}) was not given, so its platforms were taken from draw.json`);
  } else if (record.inputs.exclude.length) notes.push('the excluded draws\' platforms were taken from draw.json; give --exclude to check them against the draw files');

  const expectedId = rematchedId(record, record.rematches?.length ?? 0);
  if (record.id !== expectedId) problems.push(`id: "${record.id}" is not the id of a draw of ${record.campaignId} at ${record.drawnAt}${record.rematches?.length ? ` re-matched ${record.rematches.length} times` : ''} ("${expectedId}")`);

  try {
    const made = makeDraw({
      campaign: record.campaign,
      platforms: input.platforms.platforms,
      inspectors: input.inspectors.inspectors,
      exclude: record.inputs.exclude,
      seed: record.seed,
      digests: { campaign: record.inputs.campaign, platforms: input.platforms.digest, inspectors: input.inspectors.digest },
      drawnAt: record.drawnAt,
      toolVersion: record.toolVersion,
    });
    // 回避 declared after the draw: each slot re-matched again, in order, on its recorded stream
    const again = replayRematches(made, record.rematches, input.platforms.platforms, input.inspectors);
    jsonDiff(record.rematches ?? [], again.rematches ?? [], 'rematches', ['draw.json', 'reproduced'], problems);
    jsonDiff(record.strata, again.strata, 'strata', ['draw.json', 'reproduced'], problems);
    jsonDiff(record.leftOut, again.leftOut, 'leftOut', ['draw.json', 'reproduced'], problems);
    const recorded = new Map(record.targets.map((t) => [t.platformId, t]));
    const reproduced = new Map(again.targets.map((t) => [t.platformId, t]));
    for (const id of [...new Set([...recorded.keys(), ...reproduced.keys()])].sort()) {
      const [r, g] = [recorded.get(id), reproduced.get(id)];
      if (!g) problems.push(`targets: "${id}" is in draw.json but is not drawn from these inputs`);
      else if (!r) problems.push(`targets: "${id}" is drawn from these inputs but is not in draw.json`);
      else jsonDiff(r, g, `targets["${id}"]`, ['draw.json', 'reproduced'], problems);
    }
  } catch (error) {
    if (!(error instanceof DrawError)) throw error;
    problems.push(`the inputs no longer make a draw: ${error.message}`);
  }

  if (input.stored) jsonDiff(input.stored, record, 'stored draw', ['database', 'draw.json'], problems);
  return { reproduced: problems.length === 0, problems, notes };
}
