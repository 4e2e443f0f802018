// Draws in the database are immutable and chained by redraws; `verify` finds every change to
// the inputs or to the record, and names where it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDraw } from '../../src/draw/draw.js';
import { readInspectorsInput, readPlatformsInput } from '../../src/draw/inputs.js';
import type { DrawRecord } from '../../src/draw/record.js';
import { verifyDraw } from '../../src/draw/verify.js';
import { openDatabase } from '../../src/store/database.js';
import { DrawStoreError, getDraw, listDraws, storeDraw } from '../../src/store/draws.js';
import { tempDir } from '../helpers/tmp.js';
import { campaign, drawInputs, generateRosters, writeInspectorCsv, writePlatformCsv } from './rosters.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const row = (d: DrawRecord, supersedes: string | null = null, reason: string | null = null) => ({
  id: d.id,
  campaignId: d.campaignId,
  seed: d.seed,
  drawnAt: d.drawnAt,
  supersedes,
  reason,
  targets: d.targets.length,
  record: JSON.stringify(d),
});

describe('stored draws', () => {
  const rosters = generateRosters('store', { platforms: 30, inspectors: 80 });
  const at = (time: string, seed = 's') => makeDraw(drawInputs(campaign(), rosters, seed, { drawnAt: `2026-07-25T${time}Z` }));

  it('are never updated or deleted, and a campaign is redrawn only by naming the draw replaced, with a reason', () => {
    const db = openDatabase(join(tmp.dir, 'draws.sqlite'));
    const first = at('02:00:00');
    storeDraw(db, row(first));
    expect(() => db.prepare('UPDATE draws SET seed = ?').run('other')).toThrow(/draws are immutable/);
    expect(() => db.prepare('DELETE FROM draws').run()).toThrow(/draws are immutable/);

    const second = at('03:00:00', 'other seed');
    expect(() => storeDraw(db, row(second))).toThrow(new DrawStoreError(`campaign "sx-2026-ecom" was drawn already (${first.id}, ${first.drawnAt}); a redraw must name it with --supersedes ${first.id} and give a --reason`));
    expect(() => storeDraw(db, row(second, 'sx-2026-ecom-nonesuch', '重抽'))).toThrow(/no such draw/);
    storeDraw(db, row(second, first.id, '名录库更新后重新抽取'));
    expect(() => storeDraw(db, row(at('04:00:00'), first.id, '再抽'))).toThrow(`that draw was already superseded by ${second.id}`);
    const other = makeDraw(drawInputs(campaign({ id: 'other' }), rosters, 's'));
    expect(() => storeDraw(db, row(other, second.id, 'x'))).toThrow(/is of campaign "sx-2026-ecom", not "other"/);

    expect(listDraws(db).map((d) => [d.id, d.supersedes, d.supersededBy])).toEqual([
      [second.id, first.id, null],
      [first.id, null, second.id],
    ]);
    expect(JSON.parse(getDraw(db, first.id)!.record)).toEqual(first);
    db.close();
  });
});

const rosters = generateRosters('verify', { platforms: 40, inspectors: 120 });
const platformsFile = join(tmp.dir, 'roster.csv');
const inspectorsFile = join(tmp.dir, 'inspectors.csv');
writePlatformCsv(platformsFile, rosters.platforms);
writeInspectorCsv(inspectorsFile, rosters.inspectors);
const platforms = await readPlatformsInput(platformsFile);
const inspectors = await readInspectorsInput(inspectorsFile);

describe('verify', () => {
  const c = campaign();
  const record = makeDraw({ ...drawInputs(c, { platforms: platforms.platforms, inspectors: inspectors.inspectors }, '2026-07-25'), digests: { campaign: drawInputs(c, rosters, '').digests.campaign, platforms: platforms.digest, inspectors: inspectors.digest } });
  const verify = (changes: Partial<Parameters<typeof verifyDraw>[0]>) => verifyDraw({ record, platforms, inspectors, ...changes });

  it('reproduces a draw from the same inputs', () => {
    const result = verify({});
    expect(result.problems).toEqual([]);
    expect(result.reproduced).toBe(true);
  });

  it('reproduces it from the same roster re-saved with a BOM, CRLF and rows in another order, and says the bytes differ', async () => {
    const file = join(tmp.dir, 'resaved.csv');
    writePlatformCsv(file, [...rosters.platforms].reverse());
    writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`);
    const result = verify({ platforms: await readPlatformsInput(file) });
    expect(result.reproduced).toBe(true);
    expect(result.notes).toContainEqual(expect.stringMatching(/resaved\.csv: the file's bytes differ .* but its records are the same/));
  });

  it('names the changed roster line\'s platform, and the targets that move', async () => {
    const drawn = record.targets[0]!;
    const changed = rosters.platforms.map((p) => (p.id === drawn.platformId ? { ...p, risk: drawn.riskClass === 'high' ? ('low' as const) : ('high' as const) } : p));
    const file = join(tmp.dir, 'changed.csv');
    writePlatformCsv(file, changed);
    const result = verify({ platforms: await readPlatformsInput(file) });
    expect(result.reproduced).toBe(false);
    expect(result.problems[0]).toBe(`platform roster ${file}: platform "${drawn.platformId}" differs from the record drawn from`);
    expect(result.problems.some((p) => p.startsWith('strata') || p.startsWith('targets'))).toBe(true);
  });

  it('names an inspector added to the roster, though the draw may not move', async () => {
    const file = join(tmp.dir, 'more-inspectors.csv');
    writeInspectorCsv(file, [...rosters.inspectors, { id: 'new-1', name: '新人', unit: '科', region: '140500', specialties: [], avoid: [] }]);
    expect(verify({ inspectors: await readInspectorsInput(file) }).problems[0]).toBe(`inspector roster ${file}: inspector "new-1" was not in the roster drawn from`);
  });

  it('finds a tampered record: an inspector swapped, a target removed, the seed or the campaign changed', () => {
    const [t0, t1] = record.targets as [DrawRecord['targets'][number], DrawRecord['targets'][number]];
    const outsider = rosters.inspectors.find((i) => !t0.inspectors.includes(i.id))!.id;
    const swapped = { ...record, targets: [{ ...t0, inspectors: [t0.inspectors[0]!, outsider] }, ...record.targets.slice(1)] };
    expect(verify({ record: swapped }).problems).toEqual([`targets["${t0.platformId}"].inspectors: draw.json ${JSON.stringify([t0.inspectors[0], outsider])}, reproduced ${JSON.stringify(t0.inspectors)}`]);

    const removed = { ...record, targets: record.targets.filter((t) => t !== t1) };
    expect(verify({ record: removed }).problems).toEqual([`targets: "${t1.platformId}" is drawn from these inputs but is not in draw.json`]);

    const reseeded = verify({ record: { ...record, seed: '2026-07-26' } });
    expect(reseeded.problems.length).toBeGreaterThan(1);
    expect(reseeded.problems.every((p) => p.startsWith('targets'))).toBe(true);

    const laxer = verify({ record: { ...record, campaign: { ...record.campaign, ratios: { ...record.campaign.ratios!, high: 0.5 } } } });
    expect(laxer.problems[0]).toMatch(/^campaign: the campaign in draw.json is not the one drawn with/);
  });

  it('compares the record with the copy in the database', () => {
    const edited = { ...record, reason: '事后修改' };
    expect(verify({ record: record, stored: edited }).problems).toEqual(['stored draw.reason: database "事后修改", draw.json null']);
  });
});
