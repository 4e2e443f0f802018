// A Zhongwei database for the quota and report tests: the roster, the units, inspectors'
// accounts, and a nightly scan with findings — all through the store's own functions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { PlatformRecord, Verdict } from '../../rules/types.js';
import type { Finding } from '../../src/findings/finding.js';
import { readUnitFile } from '../../src/quota/units.js';
import { createUser } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { createNightly, finishNightly, setNightlyRun } from '../../src/store/nightly.js';
import { buildRecordForm, type RecordOutcome } from '../../src/review/record-form.js';
import { addItem, confirmItem, rejectItem, type CheckMode } from '../../src/review/items.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { buildRecord } from '../../src/review/record-steps.js';
import { reviewItems } from '../../src/store/review-items.js';
import { signRecordForm } from '../../src/review/record-versions.js';
import type { Inspection } from '../../src/store/inspections.js';
import { completeJob, createRun, finishRun, importPlatforms } from '../../src/store/scans.js';
import { importUnits } from '../../src/store/units.js';
import { UNITS_CSV } from './fixtures.js';

export const PLATFORMS: PlatformRecord[] = [
  { id: 'spt-goji', name: '中卫市沙坡头枸杞电子商务有限公司', uscc: '91640502MA76000001', url: 'https://goji.zw.example.cn/', region: '640502', risk: 'general' },
  { id: 'spt-desert', name: '中卫市大漠网络科技有限公司', uscc: '91640502MA76000002', url: 'https://desert.zw.example.cn/', region: '640502', risk: 'general' },
  { id: 'spt-quiet', name: '中卫市安静商贸有限公司', uscc: '91640502MA76000003', url: 'https://quiet.zw.example.cn/', region: '640502', risk: 'low' },
  { id: 'zn-goji', name: '中宁县枸杞之乡网络科技有限公司', uscc: '91640521MA76000004', url: 'https://goji.zn.example.cn/', region: '640521', risk: 'higher' },
  { id: 'hy-mall', name: '海原县好物商城有限公司', uscc: '91640522MA76000005', url: 'https://mall.hy.example.cn/', region: '640522', risk: 'general' },
];

export const ACCOUNTS = [
  { id: 'spt-01', name: '马丽', unit: '沙坡头区市场监督管理局', region: '640502', role: 'inspector' },
  { id: 'spt-02', name: '杨帆', unit: '沙坡头区市场监督管理局', region: '640502', role: 'inspector' },
  { id: 'spt-lead', name: '王强', unit: 'spt', region: '640502', role: 'lead' },
  { id: 'zn-01', name: '李娟', unit: '中宁县市场监督管理局', region: '640521', role: 'inspector' },
  { id: 'zn-02', name: '赵刚', unit: '中宁县市场监督管理局', region: '640521', role: 'inspector' },
  { id: 'net-01', name: '张伟', unit: '市局市场与网络交易监管科', region: '640500', role: 'lead' },
  { id: 'net-02', name: '周敏', unit: '市局市场与网络交易监管科', region: '640500', role: 'inspector' },
] as const;

export const PASSWORD = 'zhongwei-2026-test';

function finding(runId: string, platformId: string, checkId: string, verdict: Verdict, summary: string): Finding {
  return {
    runId, platformId, checkId, verdict, summary,
    subject: `https://${platformId}.example.cn/#${checkId}`,
    legalBasis: { duty: ['ECL 15'], penalty: ['ECL 76'] },
    evidence: [], details: {}, capturedAt: '2026-11-20T18:00:00Z', ruleVersion: '1.0.0', toolVersion: 'test', capturedBy: 'automated',
  };
}

// Open findings a platform: spt-desert 3 (2 violations), spt-goji 2, zn-goji 1, spt-quiet and hy-mall none.
const FINDINGS: [string, string, Verdict, string][] = [
  ['spt-desert', 'licence-display', 'violation', '首页未公示营业执照信息'],
  ['spt-desert', 'agreement-display', 'violation', '未公示交易规则'],
  ['spt-desert', 'ad-label', 'needs-review', '竞价排名商品标注不清'],
  ['spt-desert', 'tying', 'compliant', '未发现搭售'],
  ['spt-goji', 'licence-display', 'needs-review', '营业执照信息与名录不一致'],
  ['spt-goji', 'ad-label', 'violation', '搜索结果中的推广商品未标明“广告”'],
  ['spt-quiet', 'licence-display', 'compliant', '已公示营业执照信息'],
  ['zn-goji', 'absolute-terms', 'violation', '商品页使用“最佳”'],
  ['hy-mall', 'licence-display', 'compliant', '已公示营业执照信息'],
];

export const NIGHTLY_RUN = 'run-20261121-0200';

export async function makeWorld(dir: string): Promise<{ db: Db; dbFile: string; unitsFile: string }> {
  const dbFile = join(dir, 'wangjian.sqlite');
  const db = openDatabase(dbFile);
  importPlatforms(db, PLATFORMS, 'roster.csv');
  const unitsFile = join(dir, 'units.csv');
  writeFileSync(unitsFile, UNITS_CSV);
  importUnits(db, await readUnitFile(unitsFile), unitsFile);
  for (const a of ACCOUNTS) await createUser(db, a, a.role, PASSWORD);
  createNightly(db, { id: 'nightly-1', outDir: dir, source: 'platforms roster.csv', rosterSha256: 'x', checks: [], startedAt: '2026-11-20T18:00:00Z' });
  createRun(db, { id: NIGHTLY_RUN, startedAt: '2026-11-20T18:00:00Z', outDir: dir, rosterPath: 'roster.csv', rosterSha256: 'x', checks: [], toolVersion: 'test' }, PLATFORMS, {});
  setNightlyRun(db, 'nightly-1', NIGHTLY_RUN);
  for (const p of PLATFORMS) completeJob(db, NIGHTLY_RUN, p.id, [], FINDINGS.filter((f) => f[0] === p.id).map(([pid, check, verdict, summary]) => finding(NIGHTLY_RUN, pid, check, verdict, summary)));
  finishRun(db, NIGHTLY_RUN);
  finishNightly(db, 'nightly-1');
  return { db, dbFile, unitsFile };
}

/** Both inspectors sign the content at the instant `at` (the clock is set, the store is real). */
export function signAt(db: Db, inspection: Inspection, content: unknown, at: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
  try {
    for (const who of inspection.inspectors) signRecordForm(db, inspection.id, who, content, `sha-${inspection.id}`);
  } finally {
    vi.useRealTimers();
  }
}

/** A routine check of a platform by two inspectors of a unit, signed at `at`. */
export function routineCheck(db: Db, platformId: string, unit: string, inspectors: [string, string], content: unknown, at: string): Inspection {
  const inspection = createRoutineInspection(db, { platformId, unit, inspectors, actor: inspectors[0] });
  signAt(db, inspection, content, at);
  return inspection;
}

export interface Review {
  /** checkId → what the inspectors do with the automated item. */
  decide: Record<string, 'confirm' | 'reject'>;
  /** Offline items recorded by hand, each with how it was checked (书面审查 or 实地检查). */
  offline?: { checkId: string; verdict: Verdict; summary: string; mode: CheckMode }[];
  outcome: RecordOutcome;
  /** Build the form as the server does (buildRecord): the people's names and 执法证号 from their accounts, the nightly history. */
  asServer?: boolean;
}

/**
 * A routine check reviewed and signed the way the server does it: items from the bound nightly
 * run confirmed or rejected, offline results added, the record form built from the items, and
 * both inspectors signing its content at `at`.
 */
export function reviewedCheck(db: Db, platformId: string, unit: string, inspectors: [string, string], review: Review, at: string): Inspection {
  const inspection = createRoutineInspection(db, { platformId, unit, inspectors, runId: NIGHTLY_RUN, actor: inspectors[0] });
  reviewAndSign(db, inspection, review, at);
  return inspection;
}

/** Reviews an inspection's items as told, builds its record form and has both inspectors sign it at `at`. */
export function reviewAndSign(db: Db, inspection: Inspection, review: Review, at: string): void {
  const inspectors = inspection.inspectors as [string, string];
  for (const item of reviewItems(db, inspection.id)) {
    const action = review.decide[item.checkId];
    if (action === 'confirm') confirmItem(db, item.id, inspectors[0]);
    if (action === 'reject') rejectItem(db, item.id, inspectors[0], '页面已核实，自动检查误报');
  }
  for (const o of review.offline ?? []) addItem(db, inspection.id, inspectors[1], o);
  const built = review.asServer ? buildRecord(db, inspection, review.outcome) : buildRecordForm({ inspection, items: reviewItems(db, inspection.id), outcome: review.outcome });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
  try {
    for (const who of inspectors) signRecordForm(db, inspection.id, who, built.content, built.contentSha256);
  } finally {
    vi.useRealTimers();
  }
}
