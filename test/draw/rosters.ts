// Generated rosters for the draw tests: a province's platforms and inspectors, reproducible
// from a name. The randomness is the draw's own stream, so the tests need no other generator.
import { writeFileSync } from 'node:fs';
import { USCC_CHARSET, usccCheckDigit } from '../../rules/lib/uscc.js';
import type { PlatformRecord } from '../../rules/types.js';
import { type Campaign, campaignSchema, RISK_CLASSES } from '../../src/campaign/campaign.js';
import type { DrawInputs } from '../../src/draw/draw.js';
import { type RosterDigest, rosterDigestOf } from '../../src/draw/record.js';
import { DrawStream } from '../../src/draw/stream.js';
import { sha256 } from '../../src/evidence/bundle.js';
import { canonicalJson } from '../../src/evidence/canonical.js';
import type { Inspector } from '../../src/registry/inspectors.js';

/** Shanxi's 11 cities, with a few county codes each. */
export const CITIES = ['1401', '1402', '1403', '1404', '1405', '1406', '1407', '1408', '1409', '1410', '1411'];
const SPECIALTIES = ['网络交易', '广告', '食品', '价格', '知识产权'];

export interface RosterShape {
  platforms: number;
  inspectors: number;
  /** Share of inspectors with a 执法证号. */
  certified?: number;
  /** Share of inspectors with an avoid list of 1–2 platforms. */
  avoiding?: number;
  /** Platforms registered outside the province (33…) and with no region at all. */
  outside?: number;
  noRegion?: number;
}

export function generateRosters(name: string, shape: RosterShape): { platforms: PlatformRecord[]; inspectors: Inspector[] } {
  const s = new DrawStream(name, 'test-rosters', 'generate');
  const pick = <T>(items: readonly T[]): T => items[s.below(items.length)]!;
  const region = () => `${pick(CITIES)}${pick(['00', '02', '21', '22', '81'])}`;
  const platforms: PlatformRecord[] = [];
  for (let n = 0; n < shape.platforms; n++) {
    const where = n < (shape.outside ?? 0) ? '330106' : n < (shape.outside ?? 0) + (shape.noRegion ?? 0) ? undefined : region();
    const body = `91${where ?? '140000'}${Array.from({ length: 9 }, () => pick([...USCC_CHARSET.slice(0, 10)])).join('')}`;
    // Risk classes as a bureau sees them: most low or general, few high.
    const risk = RISK_CLASSES[[0, 0, 0, 0, 1, 1, 1, 2, 2, 3][s.below(10)]!]!;
    platforms.push({ id: `p-${String(n).padStart(3, '0')}`, name: `平台${n}网络科技有限公司`, uscc: body + usccCheckDigit(body), url: `https://p${n}.example.cn/`, region: where, risk });
  }
  const inspectors: Inspector[] = [];
  for (let n = 0; n < shape.inspectors; n++) {
    const certified = s.below(1000) < (shape.certified ?? 0.85) * 1000;
    const avoiding = s.below(1000) < (shape.avoiding ?? 0.1) * 1000;
    inspectors.push({
      id: `i-${String(n).padStart(3, '0')}`,
      name: `检查员${n}`,
      unit: '某市场监督管理局',
      region: region(),
      certificate: certified ? `14${String(100000 + n)}` : undefined,
      specialties: [...new Set([pick(SPECIALTIES), pick(SPECIALTIES)])],
      avoid: avoiding ? [...new Set([pick(platforms).id, pick(platforms).id])] : [],
    });
  }
  return { platforms, inspectors };
}

export function campaign(overrides: Record<string, unknown> = {}): Campaign {
  return campaignSchema.parse({
    id: 'sx-2026-ecom',
    name: '2026年度电子商务平台经营者双随机抽查',
    level: 'province',
    region: '140000',
    ratios: { low: 0.2, general: 0.3, higher: 0.5, high: 1 },
    checks: ['licence-display', 'agreement-display', 'ad-label'],
    window: { from: '2026-06-01', to: '2026-10-10' },
    ...overrides,
  });
}

// Hashing a few hundred records takes milliseconds: once per roster, not once per draw.
const digests = new WeakMap<readonly object[], RosterDigest>();
function digest(file: string, records: readonly { id: string }[]): RosterDigest {
  if (!digests.has(records)) digests.set(records, rosterDigestOf(file, Buffer.from(canonicalJson(records)), records));
  return digests.get(records)!;
}

/** Everything makeDraw needs, with digests as the command would compute them. */
export function drawInputs(c: Campaign, rosters: { platforms: PlatformRecord[]; inspectors: Inspector[] }, seed: string, extra: Partial<DrawInputs> = {}): DrawInputs {
  return {
    campaign: c,
    platforms: rosters.platforms,
    inspectors: rosters.inspectors,
    exclude: [],
    seed,
    digests: {
      campaign: { file: 'campaign.json', sha256: sha256(JSON.stringify(c)), contentSha256: sha256(canonicalJson(c)) },
      platforms: digest('roster.csv', rosters.platforms),
      inspectors: digest('inspectors.csv', rosters.inspectors),
    },
    drawnAt: '2026-07-25T02:00:00Z',
    toolVersion: 'test',
    ...extra,
  };
}

const csvCell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function writePlatformCsv(file: string, platforms: readonly PlatformRecord[]): void {
  const cols = ['id', 'name', 'uscc', 'url', 'platform', 'region', 'risk'] as const;
  writeFileSync(file, [cols.join(','), ...platforms.map((p) => cols.map((c) => csvCell(p[c])).join(','))].join('\n') + '\n');
}

export function writeInspectorCsv(file: string, inspectors: readonly Inspector[]): void {
  const lines = inspectors.map((i) => [i.id, i.name, i.unit, i.region, i.certificate, i.specialties.join(';'), i.avoid.join(';')].map(csvCell).join(','));
  writeFileSync(file, ['id,name,unit,region,certificate,specialties,avoid', ...lines].join('\n') + '\n');
}
