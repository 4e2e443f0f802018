// The review stage on a real SQLite file: inspections from a draw, items from a run's
// findings, versions and the audit log never overwritten, and the two-signature record form.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformRecord } from '../../rules/types.js';
import type { Finding } from '../../src/findings/finding.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { storeDraw } from '../../src/store/draws.js';
import { addItem, amendItem, confirmItem, isLocked, rejectItem } from '../../src/review/items.js';
import { bindWaitingInspections, catchUpHandOffs, createDrawInspections, createRoutineInspection } from '../../src/review/inspections.js';
import { correctRecordForm, saveRecordDraft, signRecordForm, withdrawSignature } from '../../src/review/record-versions.js';
import { currentRecordForm, recordFormVersions, signedRecordForms } from '../../src/store/record-forms.js';
import { listAudit } from '../../src/store/audit-log.js';
import { listInspections } from '../../src/store/inspections.js';
import { reviewItems } from '../../src/store/review-items.js';
import { ReviewError } from '../../src/review/acts.js';
import { checkChoices } from '../../src/review/check-names.js';
import { CATALOGUE_CHECKS, INSPECTION_ITEMS } from '../../src/campaign/items.js';
import { completeJob, createRun, importPlatforms } from '../../src/store/scans.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
let db: Db;

const shop: PlatformRecord = { id: 'shop', name: '某某网络科技有限公司', uscc: '91330106673959654P', url: 'http://127.0.0.1:1/', risk: 'general' };
const mall: PlatformRecord = { id: 'mall', name: '另一网络科技有限公司', uscc: '91330106673959654P', url: 'http://127.0.0.1:2/', risk: 'high' };

function finding(checkId: string, verdict: Finding['verdict'], summary: string): Finding {
  return {
    runId: 'run-1', platformId: 'shop', checkId, verdict, subject: 'http://127.0.0.1:1/', summary,
    legalBasis: { duty: ['ECL 15'], penalty: ['ECL 76'] }, evidence: [], details: {},
    capturedAt: '2026-11-20T01:00:00Z', ruleVersion: '1.0.0', toolVersion: '0.1.0', capturedBy: 'automated',
  };
}

beforeAll(() => {
  db = openDatabase(join(tmp.dir, 'w.sqlite'));
  importPlatforms(db, [shop, mall], 'roster.csv');
  const record = {
    campaign: { id: 'c1', name: '2026年度抽查', checks: ['licence-display', 'item-12'], window: { from: '2026-06-01', to: '2026-10-10' }, deadline: '2026-12-31' },
    targets: [
      { platformId: 'shop', inspectors: ['li', 'wang'], assistants: ['zhao'] },
      { platformId: 'mall', inspectors: ['chen', 'liu'], assistants: [] },
    ],
  };
  storeDraw(db, { id: 'd1', campaignId: 'c1', seed: 's', drawnAt: '2026-06-01T00:00:00Z', supersedes: null, reason: null, targets: 2, record: JSON.stringify(record) });
});
afterAll(() => {
  db.close();
  tmp.remove();
});

describe('the review stage', () => {
  it('makes one inspection a drawn target, once, visible to its inspectors and assistants', () => {
    expect(createDrawInspections(db)).toBe(2);
    expect(createDrawInspections(db)).toBe(0);
    // no scan of the platforms yet: nothing to review
    expect(listInspections(db).map((i) => i.runId)).toEqual([null, null]);
    expect(listInspections(db, { inspector: 'li' }).map((i) => i.platform.id)).toEqual(['shop']);
    expect(listInspections(db, { inspector: 'zhao' }).map((i) => i.platform.id)).toEqual(['shop']);
    expect(listInspections(db, { inspector: 'chen' })[0]).toMatchObject({ platform: { name: '另一网络科技有限公司' }, deadline: '2026-12-31', campaignName: '2026年度抽查' });
  });

  it('takes the findings of the checks in scope from the scan that finished, as drafts', () => {
    createRun(db, { id: 'run-1', startedAt: '2026-11-20T01:00:00Z', outDir: join(tmp.dir, 'run-1'), rosterPath: 'r', rosterSha256: 'x', checks: ['licence-display', 'ad-label', 'tying'], toolVersion: '0.1.0' }, [shop], {});
    completeJob(db, 'run-1', 'shop', [], [finding('licence-display', 'violation', '首页未公示营业执照信息'), finding('ad-label', 'needs-review', '广告标注字号过小'), finding('tying', 'violation', '默认勾选运费险')]);
    expect(bindWaitingInspections(db, 'run-1', 'shop')).toBe(1);
    // bound once: the next scan of the platform does not take the inspection from under its review
    expect(bindWaitingInspections(db, 'run-1', 'shop')).toBe(0);
    const [inspection] = listInspections(db, { inspector: 'li' });
    expect(inspection!.runId).toBe('run-1');
    const items = reviewItems(db, inspection!.id);
    // licence-display is named; ad-label serves item-12; tying is outside the campaign.
    expect(items.map((i) => [i.checkId, i.current.status, i.current.author])).toEqual([['licence-display', 'draft', null], ['ad-label', 'draft', null]]);
    expect(reviewItems(db, inspection!.id)).toHaveLength(2);
    expect(items[0]!.original?.summary).toBe('首页未公示营业执照信息');
    expect(items[0]!.runDir).toBe(join(tmp.dir, 'run-1'));
  });

  it('keeps every version and logs every action with before and after', () => {
    const id = listInspections(db, { inspector: 'li' })[0]!.id;
    const [licence, ad] = reviewItems(db, id);
    confirmItem(db, licence!.id, 'li');
    amendItem(db, ad!.id, 'wang', { summary: '“广告”字样8像素，不够显著', verdict: 'violation' });
    expect(() => rejectItem(db, ad!.id, 'wang', '  ')).toThrow(ReviewError);
    rejectItem(db, ad!.id, 'wang', '截图显示标注清晰');
    const added = addItem(db, id, 'li', { checkId: 'item-16', verdict: 'compliant', summary: '平台已建立检查监控制度（书面材料）' });
    expect(added).toMatchObject({ origin: 'inspector', current: { status: 'confirmed', author: 'li' } });
    expect(() => addItem(db, id, 'li', { checkId: 'nonsense', verdict: 'compliant', summary: 'x' })).toThrow(ReviewError);

    const after = reviewItems(db, id).find((i) => i.id === ad!.id)!;
    expect(after.versions.map((v) => [v.version, v.status, v.verdict])).toEqual([[1, 'draft', 'needs-review'], [2, 'draft', 'violation'], [3, 'rejected', 'violation']]);
    expect(after.original?.summary).toBe('广告标注字号过小');
    const log = listAudit(db, { inspectionId: id });
    expect(log.map((e) => e.action)).toEqual(['add', 'reject', 'amend', 'confirm', 'run-bound', 'inspection-created']);
    expect(log[1]).toMatchObject({ actor: 'wang', before: { status: 'draft' }, after: { status: 'rejected', reason: '截图显示标注清晰' } });
    expect(() => db.prepare('UPDATE review_versions SET summary = ?').run('x')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('locks the items from the first signature; signed by both, it is counted; a correction is a new version', () => {
    const id = listInspections(db, { inspector: 'li' })[0]!.id;
    saveRecordDraft(db, id, 'li', { outcome: 'draft' }, 'h0');
    expect(() => signRecordForm(db, id, 'zhao', { a: 1 }, 'h1')).toThrow(/只有本检查对象匹配的执法人员/);
    signRecordForm(db, id, 'li', { a: 1 }, 'h1');
    expect(isLocked(db, id)).toBe(true);
    expect(() => confirmItem(db, reviewItems(db, id)[1]!.id, 'wang')).toThrow(/锁定/);
    expect(() => signRecordForm(db, id, 'wang', { a: 2 }, 'h2')).toThrow(/不一致/);
    withdrawSignature(db, id, 'li');
    expect(isLocked(db, id)).toBe(false);
    signRecordForm(db, id, 'li', { a: 1 }, 'h1');
    expect(signRecordForm(db, id, 'wang', { a: 1 }, 'h1')).toMatchObject({ status: 'signed', version: 1 });
    expect(() => db.prepare('UPDATE record_forms SET content = ? WHERE inspection_id = ?').run('{}', id)).toThrow(/locked/);

    const signedAt = currentRecordForm(db, id)!.signedAt!;
    const month = { from: signedAt.slice(0, 10), to: '9999' };
    expect(signedRecordForms(db, month).map((s) => s.inspectionId)).toEqual([id]);

    correctRecordForm(db, id, 'wang', '处理结果填写有误');
    expect(isLocked(db, id)).toBe(false);
    // Until the correction is signed, the signed version stands.
    expect(signedRecordForms(db, month).map((s) => s.recordFormId)).toEqual([currentRecordForm(db, id)!.correctionOf]);
    signRecordForm(db, id, 'wang', { a: 3 }, 'h3');
    signRecordForm(db, id, 'li', { a: 3 }, 'h3');
    expect(recordFormVersions(db, id).map((f) => [f.version, f.status])).toEqual([[1, 'superseded'], [2, 'signed']]);
    const [counted] = signedRecordForms(db, month);
    expect(counted).toMatchObject({ content: { a: 3 }, firstSignedAt: signedAt });
  });

  it('makes a routine online check of two inspectors over a finished scan', () => {
    expect(() => createRoutineInspection(db, { platformId: 'shop', unit: 'u', inspectors: ['li'], actor: 'li' })).toThrow(/两名/);
    expect(() => createRoutineInspection(db, { platformId: 'mall', unit: 'u', inspectors: ['li', 'wang'], runId: 'run-1', actor: 'li' })).toThrow(ReviewError);
    const routine = createRoutineInspection(db, { platformId: 'shop', unit: '沙坡头区局', inspectors: ['li', 'wang'], runId: 'run-1', actor: 'li' });
    expect(reviewItems(db, routine.id).map((i) => i.checkId)).toEqual(['licence-display', 'ad-label', 'tying']);
    expect(listInspections(db, { unit: '沙坡头区局' }).map((i) => i.id)).toEqual([routine.id]);
    // every item of the notice can be recorded by hand: by a check that serves it, or as itself
    const offered = checkChoices().flatMap((g) => g.choices.map((c) => c.id));
    const unoffered = INSPECTION_ITEMS.filter((item, i) => !offered.includes(item.id) && !offered.some((c) => (CATALOGUE_CHECKS[c] ?? []).includes(i + 1)));
    expect(unoffered).toEqual([]);
    const added = addItem(db, routine.id, 'li', { checkId: 'account-cancellation', verdict: 'compliant', summary: '隐私政策载明账户注销途径，无不合理条件', mode: 'online' });
    expect(added.current).toMatchObject({ status: 'confirmed', verdict: 'compliant' });
  });

  it('catches up what an older version left undone: a waiting inspection whose platform has a finished scan takes it, once', () => {
    // the mall's scan finished without the hand-off (an older version bound a scan when an inspection was first opened)
    createRun(db, { id: 'run-2', startedAt: '2026-11-21T01:00:00Z', outDir: join(tmp.dir, 'run-2'), rosterPath: 'r', rosterSha256: 'y', checks: ['licence-display'], toolVersion: '0.1.0' }, [mall], {});
    completeJob(db, 'run-2', 'mall', [], [{ ...finding('licence-display', 'violation', '商城首页未公示营业执照信息'), runId: 'run-2', platformId: 'mall' }]);
    const waiting = listInspections(db, { inspector: 'chen' })[0]!;
    expect(waiting.runId).toBeNull();
    catchUpHandOffs(db);
    catchUpHandOffs(db);
    expect(listInspections(db, { inspector: 'chen' })[0]!.runId).toBe('run-2');
    expect(reviewItems(db, waiting.id).map((i) => [i.checkId, i.current.summary])).toEqual([['licence-display', '商城首页未公示营业执照信息']]);
    expect(listAudit(db, { inspectionId: waiting.id }).filter((e) => e.action === 'run-bound')).toHaveLength(1);
  });
});
