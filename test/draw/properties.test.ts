// Properties of the draw over many seeds, rosters and campaigns, and the selection frequencies
// against a chi-square test. All seeds are fixed: the same figures come out on every run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlatformRecord } from '../../rules/types.js';
import { type Campaign, inRegion, RISK_CLASSES } from '../../src/campaign/campaign.js';
import { DrawError, makeDraw, quota } from '../../src/draw/draw.js';
import type { DrawRecord } from '../../src/draw/record.js';
import type { Inspector } from '../../src/registry/inspectors.js';
import { campaign, CITIES, drawInputs, generateRosters } from './rosters.js';
import { chiSquare, combined } from './stats.js';

type Rosters = { platforms: PlatformRecord[]; inspectors: Inspector[] };

/**
 * Every property the issue asks of one draw, checked from the inputs independently of draw.ts.
 * Returns what is wrong (one expect per draw keeps 300 draws fast).
 */
function violations(draw: DrawRecord, c: Campaign, rosters: Rosters, excluded: ReadonlySet<string>): string[] {
  const wrong: string[] = [];
  const check = (ok: boolean, what: string) => ok || wrong.push(`${draw.seed} ${c.id}: ${what}`);
  const eligible = rosters.platforms.filter((p) => p.region && p.region.startsWith(c.region.replace(/(00)+$/, '')) && !excluded.has(p.id));
  const targetIds = draw.targets.map((t) => t.platformId);
  check(new Set(targetIds).size === targetIds.length, 'a platform drawn twice');
  for (const risk of RISK_CLASSES) {
    const pool = eligible.filter((p) => p.risk === risk).map((p) => p.id);
    const ratio = c.ratios?.[risk] ?? c.ratio!;
    // The smallest k with k ≥ ratio × n, in whole thousandths so float noise cannot creep in.
    const k = Array.from({ length: pool.length + 1 }, (_, i) => i).find((i) => i * 1000 >= Math.round(ratio * 1000) * pool.length)!;
    const drawn = draw.targets.filter((t) => t.riskClass === risk);
    check(drawn.length === k, `${risk}: ${drawn.length} drawn, ${k} due (${ratio} of ${pool.length})`);
    for (const t of drawn) check(pool.includes(t.platformId), `${t.platformId} is not eligible (region, exclusion or class)`);
  }

  const byId = new Map(rosters.inspectors.map((i) => [i.id, i]));
  const local = rosters.inspectors.filter((i) => inRegion(i.region, c.region));
  const isSpecialist = (i: Inspector) => i.specialties.some((s) => c.specialties.includes(s));
  const load = new Map<string, number>();
  for (const t of draw.targets) {
    check(new Set(t.inspectors).size === c.minInspectors && new Set(t.assistants).size === c.assistants, `${t.platformId}: ${t.inspectors.length} inspectors, ${t.assistants.length} assistants`);
    for (const id of t.inspectors) {
      const i = byId.get(id)!;
      check(i.certificate !== undefined && inRegion(i.region, c.region) && !i.avoid.includes(t.platformId), `${t.platformId}: inspector ${id} uncertified, out of region or avoiding`);
      load.set(id, (load.get(id) ?? 0) + 1);
    }
    for (const id of t.assistants) {
      const i = byId.get(id)!;
      check(i.certificate === undefined && inRegion(i.region, c.region) && !i.avoid.includes(t.platformId), `${t.platformId}: assistant ${id} certified, out of region or avoiding`);
    }
    // A generalist only where every specialist free of 回避 for this target is on it already.
    if (t.inspectors.some((id) => !isSpecialist(byId.get(id)!))) {
      const free = local.filter((i) => i.certificate && isSpecialist(i) && !i.avoid.includes(t.platformId));
      check(free.every((i) => t.inspectors.includes(i.id)), `${t.platformId}: a generalist while a specialist was free`);
    }
  }
  // Load spread evenly among the specialists: at most one apart, plus one for each target an
  // inspector had to be passed over for (回避).
  const specialists = local.filter((i) => i.certificate && isSpecialist(i));
  if (specialists.length >= c.minInspectors) {
    const loads = specialists.map((i) => load.get(i.id) ?? 0);
    const passedOver = Math.max(...specialists.map((i) => i.avoid.filter((p) => targetIds.includes(p)).length));
    check(Math.max(...loads) - Math.min(...loads) <= 1 + passedOver, `specialist loads ${Math.min(...loads)}–${Math.max(...loads)}`);
  }
  return wrong;
}

const shuffled = <T>(items: readonly T[]): T[] => [...items].reverse().sort((a, b) => (JSON.stringify(a).length % 3) - (JSON.stringify(b).length % 3));

describe('the draw over many seeds and rosters', () => {
  const rosters = Array.from({ length: 6 }, (_, r) => generateRosters(`roster-${r}`, { platforms: 20 + r * 12, inspectors: 150 + r * 50, outside: 2, noRegion: 1 }));
  const campaigns = [
    campaign(),
    campaign({ ratios: undefined, ratio: 0.5, minInspectors: 3, assistants: 1 }),
    campaign({ ratios: { low: 0, general: 0.1, higher: 0.9, high: 1 }, specialties: ['广告', '网络交易'] }),
  ];

  it('meets every ratio, leaves out excluded and out-of-region platforms, respects 回避, matches enough certified inspectors and balances their load (300 draws)', () => {
    let draws = 0;
    const wrong: string[] = [];
    for (let s = 0; s < 100; s++) {
      const r = rosters[s % rosters.length]!;
      const c = campaigns[s % campaigns.length]!;
      const province = makeDraw(drawInputs(c, r, `seed-${s}`));
      wrong.push(...violations(province, c, r, new Set()));
      // The city draw after the province's, which it must not repeat (seeds/000), in a city
      // that has a platform left.
      const taken = new Set(province.targets.map((t) => t.platformId));
      const left = r.platforms.filter((p) => p.region?.startsWith('14') && !taken.has(p.id));
      const city = campaign({ id: 'city', level: 'city', region: `${left[s % left.length]!.region!.slice(0, 4)}00`, ratios: { low: 0.5, general: 0.5, higher: 0.8, high: 1 } });
      const exclude = [{ file: 'province.json', sha256: '0'.repeat(64), drawId: province.id, campaignId: c.id, platformIds: [...taken] }];
      const cityDraw = makeDraw(drawInputs(city, r, `seed-${s}`, { exclude }));
      wrong.push(...violations(cityDraw, city, r, taken));
      // Row order does not matter.
      const again = makeDraw(drawInputs(c, { platforms: shuffled(r.platforms), inspectors: shuffled(r.inspectors) }, `seed-${s}`));
      expect(again.targets).toEqual(province.targets);
      draws += 3;
    }
    expect(wrong).toEqual([]);
    expect(draws).toBe(300);
  });

  it('gives different draws for different seeds', () => {
    const r = rosters[3]!;
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) seen.add(JSON.stringify(makeDraw(drawInputs(campaigns[0]!, r, `different-${s}`)).targets));
    expect(seen.size).toBe(200);
  });

  it('rounds the quota up, without float noise', () => {
    expect([quota(0.3, 10), quota(0.2, 53), quota(0.5, 1), quota(0, 7), quota(1, 7), quota(0.7, 10)]).toEqual([3, 11, 1, 0, 7, 7]);
  });
});

describe('selection frequencies (chi-square, 2000 fixed seeds, a province roster of 53 platforms and 300 inspectors)', () => {
  const N = 2000;
  const r = generateRosters('chi-square', { platforms: 53, inspectors: 300, avoiding: 0 });
  const c = campaign();
  const platformCounts = new Map<string, number>();
  const inspectorCounts = new Map<string, number>();
  let perDraw = 0;
  beforeAll(() => {
    for (let s = 0; s < N; s++) {
      const d = makeDraw(drawInputs(c, r, `chi-${s}`));
      for (const t of d.targets) {
        platformCounts.set(t.platformId, (platformCounts.get(t.platformId) ?? 0) + 1);
        for (const i of t.inspectors) inspectorCounts.set(i, (inspectorCounts.get(i) ?? 0) + 1);
      }
      perDraw = d.targets.length * c.minInspectors;
    }
  });

  it('draws each eligible platform of a class equally often', () => {
    const tests = RISK_CLASSES.flatMap((risk) => {
      const pool = r.platforms.filter((p) => p.risk === risk);
      const k = quota(c.ratios![risk], pool.length);
      const counts = pool.map((p) => platformCounts.get(p.id) ?? 0);
      if (k === pool.length) {
        expect(counts.every((n) => n === N)).toBe(true); // ratio 1: every platform, every time
        return [];
      }
      const test = chiSquare(counts, N, k);
      console.log(`platforms ${risk}: ${k} of ${pool.length}, χ² = ${test.statistic.toFixed(1)} on ${test.df} df, z = ${test.z.toFixed(2)}`);
      return [test];
    });
    const all = combined(tests);
    console.log(`platforms, all classes: χ² = ${all.statistic.toFixed(1)} on ${all.df} df, z = ${all.z.toFixed(2)}`);
    expect(Math.abs(all.z)).toBeLessThan(3.09);
    for (const t of tests) expect(Math.abs(t.z)).toBeLessThan(3.09);
  });

  it('spreads the inspections evenly over the specialist inspectors', () => {
    const specialists = r.inspectors.filter((i) => i.certificate && i.specialties.includes('网络交易'));
    expect(perDraw).toBeLessThan(specialists.length); // so each draw takes distinct specialists only
    const counts = specialists.map((i) => inspectorCounts.get(i.id) ?? 0);
    expect([...inspectorCounts.keys()].every((id) => specialists.some((i) => i.id === id))).toBe(true);
    const test = chiSquare(counts, N, perDraw);
    console.log(`inspectors: ${perDraw} inspections a draw over ${specialists.length} specialists, χ² = ${test.statistic.toFixed(1)} on ${test.df} df, z = ${test.z.toFixed(2)}; loads ${Math.min(...counts)}–${Math.max(...counts)}`);
    expect(Math.abs(test.z)).toBeLessThan(3.09);
  });
});

describe('a real province: 53 platforms, 300 inspectors', () => {
  it('draws the province, then every city without repeating the province', () => {
    const r = generateRosters('shanxi', { platforms: 53, inspectors: 300, avoiding: 0.15 });
    const started = performance.now();
    const province = makeDraw(drawInputs(campaign(), r, '2026-07-25 省局'));
    expect(violations(province, campaign(), r, new Set())).toEqual([]);
    const taken = new Set(province.targets.map((t) => t.platformId));
    let cityTargets = 0;
    for (const city of CITIES) {
      const c = campaign({ id: `city-${city}`, level: 'city', region: `${city}00`, ratio: 0.5, ratios: undefined });
      const exclude = [{ file: 'province.json', sha256: '0'.repeat(64), drawId: province.id, campaignId: 'sx-2026-ecom', platformIds: [...taken] }];
      try {
        const d = makeDraw(drawInputs(c, r, '2026-07-30 市局', { exclude }));
        expect(violations(d, c, r, taken)).toEqual([]);
        expect(d.targets.filter((t) => taken.has(t.platformId))).toEqual([]);
        cityTargets += d.targets.length;
      } catch (error) {
        // A city whose platforms the province took all of has nothing left to draw.
        expect(error).toBeInstanceOf(DrawError);
        expect((error as Error).message).toMatch(/^no platform is drawn/);
      }
    }
    const ms = performance.now() - started;
    console.log(`province: ${province.targets.length} targets; cities: ${cityTargets} targets; 12 draws in ${ms.toFixed(0)} ms`);
    expect(province.targets.length).toBeGreaterThanOrEqual(Math.ceil(53 * 0.2));
    expect(ms).toBeLessThan(2000);
  });
});

describe('a draw that cannot be made', () => {
  const r = generateRosters('refusals', { platforms: 30, inspectors: 60 });
  const certified = r.inspectors.filter((i) => i.certificate);

  it('is refused when the region has fewer certified inspectors than a target needs', () => {
    const few = { platforms: r.platforms, inspectors: [certified[0]!, ...r.inspectors.filter((i) => !i.certificate)] };
    expect(() => makeDraw(drawInputs(campaign(), few, 's'))).toThrow(new DrawError('too few inspectors: 1 certified inspector in region 140000 (codes starting 14), and each target needs 2'));
  });

  it('is refused, naming the platform, when 回避 leaves a target too few inspectors', () => {
    const target = makeDraw(drawInputs(campaign(), r, 's')).targets[0]!;
    const avoiding = { platforms: r.platforms, inspectors: r.inspectors.map((i) => (i === certified[0] ? i : { ...i, avoid: [...i.avoid, target.platformId] })) };
    expect(() => makeDraw(drawInputs(campaign(), avoiding, 's'))).toThrow(
      new DrawError(`platform "${target.platformId}" (${target.riskClass}) cannot be matched: it needs 2 certified inspectors, and only 1 in the campaign's region does not avoid it (回避)`),
    );
  });

  it('is refused with an empty seed, or when nothing would be drawn', () => {
    expect(() => makeDraw(drawInputs(campaign(), r, '  '))).toThrow(/the seed is empty/);
    expect(() => makeDraw(drawInputs(campaign({ id: 'far', level: 'province', region: '330000' }), r, 's'))).toThrow(/^no platform is drawn: 0 of the roster's 30 platforms are eligible in region 330000/);
  });
});
