import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCase } from '../../src/quota/cases.js';
import { monthlyStats, publicChecks, publicResultRows, statsGrid, writePublicResults, writeStatsReport } from '../../src/quota/reports.js';
import type { Db } from '../../src/store/database.js';
import { NO_OUTCOME } from '../../src/review/record-form.js';
import { storeDraw } from '../../src/store/draws.js';
import { correctRecordForm } from '../../src/review/record-versions.js';
import { createDrawInspections } from '../../src/review/inspections.js';
import { listInspections } from '../../src/store/inspections.js';
import { tempDir } from '../helpers/tmp.js';
import { makeWorld, reviewAndSign, reviewedCheck } from './world.js';

const tmp = tempDir();
let db: Db;
const now = new Date('2026-12-01T02:00:00Z');

beforeAll(async () => {
  ({ db } = await makeWorld(tmp.dir));
  // 沙坡头: one automated violation confirmed, one rejected, a 需进一步核查 confirmed, an on-site item recorded.
  reviewedCheck(db, 'spt-desert', '沙坡头区市场监督管理局', ['spt-01', 'spt-02'], {
    decide: { 'licence-display': 'confirm', 'agreement-display': 'reject', 'ad-label': 'confirm', tying: 'confirm' },
    offline: [{ checkId: 'item-6', verdict: 'compliant', summary: '现场查验平台内经营者身份核验记录，已建立登记档案', mode: 'on-site' }],
    outcome: { rectificationOrdered: true, removalsDemanded: 3, closureRequested: false, caseOpened: true, note: '内部备注' },
  }, '2026-11-10T03:00:00Z');
  const zn = reviewedCheck(db, 'zn-goji', '中宁县市场监督管理局', ['zn-01', 'zn-02'], {
    decide: { 'absolute-terms': 'confirm' },
    outcome: { ...NO_OUTCOME, removalsDemanded: 2, closureRequested: true },
  }, '2026-11-30T15:59:00Z');
  // Corrected and signed again in December: still November's check, now with 6 removals and a
  // written review, which is no on-site check.
  correctRecordForm(db, zn.id, 'zn-01', '督促删除条数录入有误');
  const written = { checkId: 'item-16', verdict: 'compliant' as const, summary: '书面审查平台报送的巡查记录，已按月巡查', mode: 'written' as const };
  reviewAndSign(db, zn, { decide: {}, offline: [written], outcome: { ...NO_OUTCOME, removalsDemanded: 6, closureRequested: true } }, '2026-12-02T01:00:00Z');
  // A drawn target of a campaign, checked in October.
  const record = {
    campaign: { id: 'zw-2026', name: '中卫市2026年电子商务平台双随机抽查', checks: ['licence-display'], window: { from: '2026-09-01', to: '2026-10-31' } },
    targets: [{ platformId: 'hy-mall', riskClass: 'general', inspectors: ['zn-01', 'zn-02'], assistants: [] }],
  };
  storeDraw(db, { id: 'zw-draw-1', campaignId: 'zw-2026', seed: 's', drawnAt: '2026-09-01T00:00:00Z', supersedes: null, reason: null, targets: 1, record: JSON.stringify(record) });
  createDrawInspections(db);
  const drawn = listInspections(db, { inspector: 'zn-01' }).find((i) => i.origin === 'draw')!;
  reviewAndSign(db, drawn, { decide: { 'licence-display': 'confirm' }, outcome: NO_OUTCOME }, '2026-10-15T02:00:00Z');
  // 00:00 on 1 December 北京时间: December's.
  reviewedCheck(db, 'spt-goji', '市局市场与网络交易监管科', ['net-01', 'net-02'], {
    decide: { 'licence-display': 'confirm', 'ad-label': 'confirm' },
    outcome: { ...NO_OUTCOME, rectificationOrdered: true, removalsDemanded: 7 },
  }, '2026-11-30T16:00:00Z');
  recordCase(db, { unit: 'spt', kind: 'counterfeit', platform: 'spt-desert', decisionNo: '卫沙市监处罚〔2026〕12号', fineWan: '0.5', transferred: true, date: '2026-11-18', actor: 'spt-lead' });
  recordCase(db, { unit: '中宁县市场监督管理局', kind: '虚假违法互联网广告案件', decisionNo: '宁市监处罚〔2026〕30号', fineWan: '1.25', transferred: false, date: '2026-11-30', actor: null });
  recordCase(db, { unit: 'zn', kind: 'other', decisionNo: '宁市监处罚〔2026〕31号', fineWan: '2', transferred: false, date: '2026-12-01', actor: null });
});
afterAll(() => {
  db.close();
  tmp.remove();
});

describe('专项行动情况统计表 (附件2)', () => {
  it('counts the city\'s signed forms, outcomes and cases of the month', () => {
    const s = monthlyStats(db, '2026-11', undefined, now);
    expect({ online: s.online, onsite: s.onsite, removals: s.removals, rectifications: s.rectifications, closures: s.closures, cases: s.cases.length }).toEqual({
      online: 2, onsite: 1, removals: 9, rectifications: 1, closures: 1, cases: 2,
    });
    expect(s.unitName).toBe('中卫市市场监督管理局');
    const dec = monthlyStats(db, '2026-12', undefined, now);
    expect([dec.online, dec.removals, dec.rectifications, dec.cases.length]).toEqual([1, 7, 1, 1]);
  });

  it('counts a unit\'s own', () => {
    const s = monthlyStats(db, '2026-11', 'zn', now);
    expect([s.unitName, s.online, s.onsite, s.removals, s.closures, s.cases.map((c) => c.decisionNo)]).toEqual(['中宁县市场监督管理局', 1, 0, 6, 1, ['宁市监处罚〔2026〕30号']]);
  });

  it('writes an XLSX laid out like the paper table whose cells hold the figures', async () => {
    const [xlsx, csv] = await writeStatsReport(monthlyStats(db, '2026-11', undefined, now), join(tmp.dir, 'out'), 'city');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx!);
    const sheet = book.getWorksheet('附件2')!;
    const value = (ref: string) => sheet.getCell(ref).value;
    expect(value('A1')).toBe('2026 年网络市场监管专项行动情况统计表');
    expect(value('A2')).toBe('填报单位：中卫市市场监督管理局');
    expect(value('D2')).toBe('填报日期：2026年12月1日');
    expect([value('B4'), value('C4')]).toEqual(['网上检查网站、网店（个次）', 2]);
    expect([value('B5'), value('C5')]).toEqual(['实地检查网站、网店经营者（个次）', 1]);
    expect([value('B6'), value('C6')]).toEqual(['督促网络交易平台、网店删除违法商品信息（条）', 9]);
    expect([value('B7'), value('C7')]).toEqual(['责令整改网站、网店（个次）', 1]);
    expect([value('B8'), value('C8')]).toEqual(['已提请关闭网站（个次）', 1]);
    expect(value('A9')).toBe('查处网络违法案件 2 件；\n移送公安机关案件 1 件；\n罚没款 1.75 万元');
    expect([value('B10'), value('C10')]).toEqual(['网络销售假冒伪劣商品案件（件）', 1]);
    expect([value('B16'), value('C16')]).toEqual(['虚假违法互联网广告案件（件）', 1]);
    expect([value('A21'), value('C21')]).toEqual(['其他违法违规案件（件）', 0]);
    expect(value('A22')).toBe('（违法典型案例附处罚决定书）');
    // Merged like the paper form: the two group labels span their rows.
    expect(sheet.getCell('A8').isMerged && sheet.getCell('A8').master.address).toBe('A4');
    expect(sheet.getCell('A20').master.address).toBe('A9');
    expect(sheet.getColumn(2).width).toBeGreaterThan(40);
    const text = readFileSync(csv!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('市场监管部门,网上检查网站、网店（个次）,2,\r\n');
  });

  it('has the rows of 附件2 in its order', () => {
    const { cells } = statsGrid(monthlyStats(db, '2026-11', undefined, now));
    expect(cells.map((r) => r[1] || r[0]).slice(3, 21)).toEqual([
      '网上检查网站、网店（个次）', '实地检查网站、网店经营者（个次）', '督促网络交易平台、网店删除违法商品信息（条）', '责令整改网站、网店（个次）', '已提请关闭网站（个次）',
      '按主要违法行为问题分类', '网络销售假冒伪劣商品案件（件）', '电子商务平台未履行平台义务案件（件）', '电子商务经营者未履行市场主体公示义务案件（件）', '未办理《食品经营许可证》销售食品案件（件）',
      '互联网不正当竞争案件（件）', '不正当价格行为案件（件）', '虚假违法互联网广告案件（件）', '侵害网络消费者合法权益案件（件）', '侵害公民个人信息案件（件）', '格式条款合同违法违规案件（件）',
      '网络销售禁售、限售物品案件（件）', '其他违法违规案件（件）',
    ]);
  });
});

describe('public results (一公开)', () => {
  it('lists each signed check with its confirmed violations only', () => {
    const rows = publicResultRows(publicChecks(db, { month: '2026-11' }).checks);
    expect(rows.map((r) => [r[1], r[6], r[9], r[10]])).toEqual([
      ['中卫市大漠网络科技有限公司', '发现问题', '2026-11-10', '沙坡头区市场监督管理局'],
      ['中宁县枸杞之乡网络科技有限公司', '发现问题', '2026-11-30', '中宁县市场监督管理局'],
    ]);
    expect(rows[0]![7]).toContain('首页未公示营业执照信息');
    expect(rows[0]![8]).toBe('责令整改；督促删除违法商品信息 3 条；已立案调查');
  });

  it('lists a campaign\'s drawn targets', () => {
    const { checks, title } = publicChecks(db, { campaign: 'zw-2026' });
    expect(title).toBe('中卫市2026年电子商务平台双随机抽查检查结果');
    expect(publicResultRows(checks).map((r) => [r[1], r[5], r[6], r[9], r[10]])).toEqual([
      ['海原县好物商城有限公司', '（一）对电子商务平台亮证亮照的检查', '未发现问题', '2026-10-15', '中宁县市场监督管理局'],
    ]);
  });

  it('carries nothing rejected, unconfirmed or internal, in the CSV or the XLSX', async () => {
    const { files, rows } = await writePublicResults(db, { month: '2026-11' }, join(tmp.dir, 'public'));
    expect(rows).toBe(2);
    const csv = readFileSync(files[1]!, 'utf8');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(files[0]!);
    const cells: string[] = [];
    book.getWorksheet('检查结果')!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    for (const text of [csv, cells.join('\n')]) {
      expect(text).toContain('首页未公示营业执照信息');
      expect(text).not.toContain('未公示交易规则'); // rejected
      expect(text).not.toContain('竞价排名商品标注不清'); // 需进一步核查, not established
      expect(text).not.toContain('营业执照信息与名录不一致'); // December's
      expect(text).not.toContain('内部备注');
    }
  });
});
