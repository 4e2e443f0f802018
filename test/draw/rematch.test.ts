// 回避 declared after the draw: only the declaring officer's slot is matched again, on its own
// recorded stream; the targets and every other slot stay as drawn; the new record supersedes the
// old with the reason, and `draw verify` replays it (and finds a re-match tampered with).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DrawError, makeDraw } from '../../src/draw/draw.js';
import type { DrawRecord } from '../../src/draw/record.js';
import { rematchSlot } from '../../src/draw/rematch.js';
import { verifyDraw } from '../../src/draw/verify.js';
import { storeNewDraw, storeRematch } from '../../src/review/draws.js';
import { listAudit } from '../../src/store/audit-log.js';
import { openDatabase } from '../../src/store/database.js';
import { listDraws } from '../../src/store/draws.js';
import { listInspections } from '../../src/store/inspections.js';
import { tempDir } from '../helpers/tmp.js';
import { campaign, drawInputs, generateRosters } from './rosters.js';

const rosters = generateRosters('rematch', { platforms: 40, inspectors: 120, certified: 0.8 });
const inputs = drawInputs(campaign({ assistants: 1 }), rosters, '2026-07-25');
const record = makeDraw(inputs);
const roster = { inspectors: rosters.inspectors, digest: inputs.digests.inspectors };
const given = { platforms: { platforms: rosters.platforms, digest: inputs.digests.platforms }, inspectors: roster };
const at = '2026-07-28T01:00:00Z';

/** The draw with the slot's officer taken out: what must stay the same. */
const without = (r: DrawRecord, platformId: string) => r.targets.map((t) => (t.platformId === platformId ? { ...t, inspectors: [], assistants: [] } : t));

describe('re-matching one slot after a declared conflict (回避)', () => {
  const target = record.targets[3]!;
  const declaring = target.inspectors[1]!;
  const once = rematchSlot({ record, platforms: rosters.platforms, inspectors: roster }, { platformId: target.platformId, inspectorId: declaring, reason: '其配偶为该平台股东', declaredAt: at });

  it('replaces only that officer, with another certified inspector of the region, and leaves every other slot and target as drawn', () => {
    expect(once.targets.map((t) => t.platformId)).toEqual(record.targets.map((t) => t.platformId));
    expect(without(once, target.platformId)).toEqual(without(record, target.platformId));
    const after = once.targets[3]!;
    expect(after.assistants).toEqual(target.assistants);
    const kept = target.inspectors.filter((i) => i !== declaring);
    expect(after.inspectors).toEqual(expect.arrayContaining(kept));
    const [by] = after.inspectors.filter((i) => !kept.includes(i));
    expect(by).not.toBe(declaring);
    const officer = rosters.inspectors.find((i) => i.id === by)!;
    expect(officer.certificate).toBeDefined();
    expect(officer.region.startsWith('14')).toBe(true);
    expect(officer.avoid).not.toContain(target.platformId);
    expect(once.strata).toEqual(record.strata);
    expect(once.seed).toBe(record.seed);
  });

  it('records the re-match: a new draw superseding the old, with the reason and the stream', () => {
    expect(once.id).toBe(`${record.id}-r1`);
    expect(once.supersedes).toBe(record.id);
    expect(once.reason).toContain('其配偶为该平台股东');
    expect(once.rematches).toEqual([{ platformId: target.platformId, slot: 'inspectors', replaced: declaring, by: expect.any(String), reason: '其配偶为该平台股东', declaredAt: at, stream: `rematch/1/${target.platformId}/${declaring}` }]);
    // the same request gives the same officer: it is drawn on the recorded stream, not at will
    expect(rematchSlot({ record, platforms: rosters.platforms, inspectors: roster }, { platformId: target.platformId, inspectorId: declaring, reason: '其配偶为该平台股东', declaredAt: at })).toEqual(once);
  });

  it('re-matches an assistant among the uncertified, and a second conflict on the re-matched draw keeps the first', () => {
    const assistant = target.assistants[0]!;
    const twice = rematchSlot({ record: once, platforms: rosters.platforms, inspectors: roster }, { platformId: target.platformId, inspectorId: assistant, reason: '曾在该平台任职', declaredAt: at });
    expect(twice.id).toBe(`${record.id}-r2`);
    expect(twice.supersedes).toBe(once.id);
    expect(twice.targets[3]!.inspectors).toEqual(once.targets[3]!.inspectors);
    expect(rosters.inspectors.find((i) => i.id === twice.targets[3]!.assistants[0])!.certificate).toBeUndefined();
    expect(twice.rematches!.map((r) => r.slot)).toEqual(['inspectors', 'assistants']);
    // the officer re-matched in comes out once more: the first declarer may not come back in
    const newcomer = once.rematches![0]!.by;
    const third = rematchSlot({ record: twice, platforms: rosters.platforms, inspectors: roster }, { platformId: target.platformId, inspectorId: newcomer, reason: '近亲属在该平台任职', declaredAt: at });
    expect(third.targets[3]!.inspectors).not.toContain(declaring);
    expect(verifyDraw({ record: third, ...given }).problems).toEqual([]);
  });

  it('is reproduced by draw verify, and a re-match tampered with is found', () => {
    expect(verifyDraw({ record: once, ...given })).toMatchObject({ reproduced: true, problems: [] });
    const other = rosters.inspectors.find((i) => i.certificate && !once.targets[3]!.inspectors.includes(i.id) && i.id !== declaring)!.id;
    const forged = { ...once, targets: once.targets.map((t, n) => (n === 3 ? { ...t, inspectors: [...target.inspectors.filter((i) => i !== declaring), other].sort() } : t)), rematches: [{ ...once.rematches![0]!, by: other }] };
    expect(verifyDraw({ record: forged, ...given }).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^targets\["[^"]+"\]\.inspectors: draw\.json/), expect.stringMatching(/^rematches\[0\]\.by: draw\.json/)]));
  });

  it('refuses an officer not matched to the target, a roster other than the one drawn from, and a missing reason', () => {
    const other = record.targets[0]!;
    const stranger = rosters.inspectors.find((i) => !other.inspectors.includes(i.id) && !other.assistants.includes(i.id))!.id;
    expect(() => rematchSlot({ record, platforms: rosters.platforms, inspectors: roster }, { platformId: other.platformId, inspectorId: stranger, reason: 'x', declaredAt: at })).toThrow(DrawError);
    const changed = { inspectors: rosters.inspectors.slice(1), digest: { contentSha256: '0'.repeat(64) } };
    expect(() => rematchSlot({ record, platforms: rosters.platforms, inspectors: changed }, { platformId: target.platformId, inspectorId: declaring, reason: 'x', declaredAt: at })).toThrow(/not the one draw .* was drawn from/);
    expect(() => rematchSlot({ record, platforms: rosters.platforms, inspectors: roster }, { platformId: target.platformId, inspectorId: declaring, reason: ' ', declaredAt: at })).toThrow(/回避事由/);
  });
});

describe('a re-match stored', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('supersedes the draw, keeps every other target\'s inspection and opens a new one for the re-matched target', () => {
    const db = openDatabase(join(tmp.dir, 'w.sqlite'));
    storeNewDraw(db, record, { platforms: rosters.platforms, file: 'roster.csv', sha256: inputs.digests.platforms.sha256 });
    const before = new Map(listInspections(db).map((i) => [i.platform.id, i]));
    const target = record.targets[5]!;
    const next = rematchSlot({ record, platforms: rosters.platforms, inspectors: roster }, { platformId: target.platformId, inspectorId: target.inspectors[0]!, reason: '亲属关系', declaredAt: at });
    const { inspection } = storeRematch(db, next, 'jc-09');
    expect(listDraws(db).map((d) => [d.id, d.supersededBy])).toEqual(expect.arrayContaining([[record.id, next.id], [next.id, null]]));
    const after = listInspections(db);
    expect(after.map((i) => i.platform.id).sort()).toEqual([...before.keys()].sort());
    for (const i of after) {
      expect(i.drawId).toBe(next.id);
      if (i.platform.id === target.platformId) expect([i.id === before.get(i.platform.id)!.id, i.inspectors]).toEqual([false, next.targets[5]!.inspectors]);
      else expect(i.id).toBe(before.get(i.platform.id)!.id);
    }
    expect(inspection).toBe(after.find((i) => i.platform.id === target.platformId)!.id);
    expect(listAudit(db, {}).find((e) => e.action === 'draw-rematched')).toMatchObject({ actor: 'jc-09', inspectionId: inspection, subject: target.platformId });
    db.close();
  });
});
