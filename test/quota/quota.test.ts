import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingMonth } from '../../src/time.js';
import { acceptSuggestion, creditedUnit, daysLeft, monthBounds, monthQuota, QuotaError, suggestTargets, visibleUnits } from '../../src/quota/quota.js';
import type { Db } from '../../src/store/database.js';
import { getInspection, listInspections } from '../../src/store/inspections.js';
import { unitsOverTime } from '../../src/store/accounts.js';
import { listUnits } from '../../src/store/units.js';
import { tempDir } from '../helpers/tmp.js';
import { makeWorld, NIGHTLY_RUN, routineCheck } from './world.js';

const tmp = tempDir();
let db: Db;
const content = { outcome: { rectificationOrdered: false, removalsDemanded: 0, closureRequested: false, caseOpened: false, note: '' } };

beforeAll(async () => {
  ({ db } = await makeWorld(tmp.dir));
  // 23:59 and 00:00 北京时间 at the turn of November to December.
  routineCheck(db, 'spt-quiet', '沙坡头区市场监督管理局', ['spt-01', 'spt-02'], content, '2026-11-30T15:59:00Z');
  routineCheck(db, 'hy-mall', '中宁县市场监督管理局', ['zn-01', 'zn-02'], content, '2026-11-30T16:00:00Z');
  // The unit named by its id.
  routineCheck(db, 'zn-goji', 'spt', ['spt-01', 'spt-02'], content, '2026-11-01T03:00:00Z');
});
afterAll(() => {
  db.close();
  tmp.remove();
});

describe('months in 北京时间', () => {
  it('bounds a month at 16:00 UTC of the day before', () => {
    expect(monthBounds('2026-11')).toMatchObject({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', lastDay: '2026-11-30', days: 30 });
    expect(monthBounds('2026-12').to).toBe('2026-12-31T16:00:00.000Z');
    expect(beijingMonth(new Date('2026-11-30T17:30:00Z'))).toBe('2026-12');
    expect(() => monthBounds('2026-13')).toThrow(QuotaError);
  });

  it('counts the days left with today included, none once the month is over', () => {
    expect(daysLeft('2026-11', new Date('2026-11-22T14:00:00Z'))).toBe(9);
    expect(daysLeft('2026-11', new Date('2026-11-30T15:59:59Z'))).toBe(1);
    expect(daysLeft('2026-11', new Date('2026-11-30T16:00:00Z'))).toBe(0);
    expect(daysLeft('2026-12', new Date('2026-11-22T14:00:00Z'))).toBe(31);
  });
});

describe('monthly quota', () => {
  it('counts a form signed at 15:59 UTC on 30 November in November, one at 16:00 in December', () => {
    const nov = monthQuota(db, '2026-11', new Date('2026-11-22T14:00:00Z'));
    const dec = monthQuota(db, '2026-12', new Date('2026-11-22T14:00:00Z'));
    const count = (q: typeof nov, id: string) => q.units.find((u) => u.unit.id === id)!.checks.map((c) => c.platformId).sort();
    expect(count(nov, 'spt')).toEqual(['spt-quiet', 'zn-goji']);
    expect(count(nov, 'zn')).toEqual([]);
    expect(count(dec, 'zn')).toEqual(['hy-mall']);
    expect(count(dec, 'spt')).toEqual([]);
  });

  it('credits a check without a unit (a draw target before accounts existed) to its first inspector\'s unit', () => {
    const unitAt = unitsOverTime(db);
    const firstSignedAt = '2026-11-20T02:00:00Z';
    expect(creditedUnit({ origin: 'draw', unit: null, inspectors: ['zn-01', 'spt-01'], firstSignedAt }, listUnits(db), unitAt)?.id).toBe('zn');
    expect(creditedUnit({ origin: 'routine', unit: '沙坡头区市场监督管理局', inspectors: ['zn-01'], firstSignedAt }, listUnits(db), unitAt)?.id).toBe('spt');
    expect(creditedUnit({ origin: 'draw', unit: null, inspectors: ['nobody'], firstSignedAt }, listUnits(db), unitAt)).toBeUndefined();
  });

  it('marks the units below quota and the days left', () => {
    const q = monthQuota(db, '2026-11', new Date('2026-11-22T14:00:00Z'));
    expect(q.daysLeft).toBe(9);
    expect(Object.fromEntries(q.units.map((u) => [u.unit.id, [u.checks.length, u.unit.quota, u.below]]))).toEqual({
      city: [0, 0, false],
      'city-net': [0, 2, true],
      spt: [2, 1, false],
      zn: [0, 1, true],
      hy: [0, 1, true],
    });
  });

  it('suggests the jurisdiction\'s platforms with the most open findings, none checked or held', () => {
    const q = monthQuota(db, '2026-11', new Date('2026-11-22T14:00:00Z'));
    const s = suggestTargets(db, q);
    expect([...s.keys()].sort()).toEqual(['city-net', 'hy', 'zn']);
    // The city section's jurisdiction is the whole city; spt-quiet and hy-mall have no open finding,
    // and zn-goji, checked by 沙坡头 this month, is still a target for the others.
    expect(s.get('city-net')!.map((x) => [x.platform.id, x.open.length])).toEqual([['spt-desert', 3], ['spt-goji', 2], ['zn-goji', 1]]);
    expect(s.get('zn')!.map((x) => x.platform.id)).toEqual(['zn-goji']);
    expect(s.get('hy')).toEqual([]);
    expect(s.get('zn')![0]!.runId).toBe(NIGHTLY_RUN);
  });

  it('accepting a suggestion makes a routine inspection bound to the nightly, and takes the platform off every list', () => {
    const now = new Date('2026-11-22T14:00:00Z');
    expect(() => acceptSuggestion(db, { unit: 'zn', platformId: 'spt-desert', inspectors: ['zn-01', 'zn-02'], actor: 'zn-01', now })).toThrow(/辖区/);
    expect(() => acceptSuggestion(db, { unit: 'city-net', platformId: 'spt-desert', inspectors: ['net-02', 'spt-01'], actor: 'net-01', now })).toThrow(/不属于/);
    const inspection = acceptSuggestion(db, { unit: 'city-net', platformId: 'spt-desert', inspectors: ['net-01', 'net-02'], actor: 'net-01', now });
    expect(getInspection(db, inspection.id)).toMatchObject({ origin: 'routine', unit: '市局市场与网络交易监管科', runId: NIGHTLY_RUN, deadline: '2026-11-30', inspectors: ['net-01', 'net-02'] });
    expect(listInspections(db, { unit: '市局市场与网络交易监管科' }).map((i) => i.platform.id)).toEqual(['spt-desert']);
    const s = suggestTargets(db, monthQuota(db, '2026-11', now));
    expect(s.get('city-net')!.map((x) => x.platform.id)).toEqual(['spt-goji', 'zn-goji']);
    expect(() => acceptSuggestion(db, { unit: 'city-net', platformId: 'spt-desert', inspectors: ['net-01', 'net-02'], actor: 'net-01', now })).toThrow(/未完成/);
  });

  it('shows a city-section lead every unit, a county lead theirs and those below, an inspector theirs', () => {
    const units = listUnits(db);
    expect(visibleUnits(units, { role: 'lead', unit: '市局市场与网络交易监管科' })).toHaveLength(5);
    expect(visibleUnits(units, { role: 'lead', unit: 'spt' }).map((u) => u.id)).toEqual(['spt']);
    expect(visibleUnits(units, { role: 'inspector', unit: '市局市场与网络交易监管科' }).map((u) => u.id)).toEqual(['city-net']);
    expect(visibleUnits(units, { role: 'inspector', unit: '别的单位' })).toEqual([]);
  });
});
