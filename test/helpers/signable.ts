// An inspection ready to sign, in a storage folder of its own: two inspectors (jc-01, jc-02) with
// accounts, a finished scan of one platform with a violation and a compliant result, both
// confirmed, and 处理结果 filled in. For the tests of signing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { legalBasisOf } from '../../rules/legal-basis.js';
import type { Finding } from '../../src/findings/finding.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { confirmAll, confirmItem } from '../../src/review/items.js';
import { saveOutcome } from '../../src/review/record-steps.js';
import { createUser } from '../../src/store/accounts.js';
import { openDatabase } from '../../src/store/database.js';
import { reviewItems } from '../../src/store/review-items.js';
import { completeJob, createRun, finishRun, importPlatforms } from '../../src/store/scans.js';

export const PASSWORD = 'correct horse battery';
export const UNIT = '晋城市市场监督管理局网络交易监督管理科';

/** Makes the storage's database and returns the inspection's id. */
export async function signableInspection(storage: string): Promise<number> {
  const db = openDatabase(join(storage, 'wangjian.sqlite'));
  try {
    const roster = join(storage, 'inspectors.csv');
    writeFileSync(roster, `id,name,unit,region,certificate\njc-01,王建国,${UNIT},140500,14050019001\njc-02,李秀英,${UNIT},140500,14050019002\n`);
    for (const i of await readInspectorRoster(roster)) await createUser(db, i, 'inspector', PASSWORD);
    const platform = { id: 'shop', name: '某某网络科技有限公司', uscc: '91330106673959654P', url: 'http://127.0.0.1:9/', risk: 'general' as const };
    importPlatforms(db, [platform], 'roster.csv');
    createRun(db, { id: 'run-1', startedAt: '2026-12-01T01:00:00Z', outDir: join(storage, 'runs', 'run-1'), rosterPath: 'roster.csv', rosterSha256: 'x', checks: ['licence-display', 'complaint-channel'], toolVersion: '0.1.0' }, [platform], {});
    const finding = (checkId: string, verdict: Finding['verdict'], summary: string): Finding => ({
      runId: 'run-1', platformId: 'shop', checkId, verdict, subject: platform.url, summary, legalBasis: legalBasisOf(checkId), evidence: [], details: {},
      capturedAt: '2026-12-01T01:00:00Z', ruleVersion: '1.0.0', toolVersion: '0.1.0', capturedBy: 'automated',
    });
    completeJob(db, 'run-1', 'shop', [], [finding('licence-display', 'violation', '首页未公示营业执照信息'), finding('complaint-channel', 'compliant', '首页公示了投诉电话')]);
    finishRun(db, 'run-1');
    const inspection = createRoutineInspection(db, { platformId: 'shop', unit: UNIT, inspectors: ['jc-01', 'jc-02'], checks: ['licence-display', 'complaint-channel'], runId: 'run-1', actor: 'jc-01' });
    confirmAll(db, inspection.id, 'jc-01', { verdict: 'compliant' });
    confirmItem(db, reviewItems(db, inspection.id).find((i) => i.current.verdict === 'violation')!.id, 'jc-01');
    saveOutcome(db, inspection, 'jc-01', { rectificationOrdered: true, removalsDemanded: 0, closureRequested: false, caseOpened: false, note: '' });
    return inspection.id;
  } finally {
    db.close();
  }
}
