// The reports a unit sends up and out (seeds/003): the monthly statistics table 专项行动情况统计表
// (附件2), counted from the signed record forms and the recorded cases, and the public list of
// checks and their results (一公开). Both as XLSX laid out like the paper table and as CSV (UTF-8
// with BOM). Only signed, current record forms count, and only what the inspectors confirmed is in
// a signed form's content, so nothing unconfirmed can reach either report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvText } from '../draw/publish.js';
import { checkName } from '../review/check-names.js';
import { RECORD_FORM_SCHEMAS, type CellEntry, type RecordFormContent, type RecordOutcome } from '../review/record-form.js';
import { unitsOverTime } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { getInspection } from '../store/inspections.js';
import { signedRecordForms, type SignedCheck } from '../store/record-forms.js';
import { listCases, listUnits, type CaseRecord, type Unit } from '../store/units.js';
import { CASE_KINDS, wan } from './cases.js';
import { beijingDay } from '../time.js';
import { creditedUnit, monthBounds, QuotaError } from './quota.js';
import { unitAndChildren } from './units.js';

/** A date as the table writes it: 2026年12月1日. */
function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A signed check's record form content; refused when its schema is not one wangjian reads. */
export function formOf(check: SignedCheck): RecordFormContent {
  const content = check.content as RecordFormContent | null;
  if (!content || !(RECORD_FORM_SCHEMAS as readonly string[]).includes(content.schema)) throw new QuotaError(`检查对象 ${check.inspectionId} 的记录表内容格式未知 (record form ${check.recordFormId} is not ${RECORD_FORM_SCHEMAS.join(' or ')})`);
  return content;
}

// --- 附件2 专项行动情况统计表 -----------------------------------------------------------------

export interface MonthlyStats {
  month: string;
  /** 填报单位 */
  unitName: string;
  /** The units counted: the unit and those below it, or every unit for the city. */
  units: Unit[];
  /** 填报日期, YYYY-MM-DD */
  filledOn: string;
  /** 网上检查网站、网店（个次） */
  online: number;
  /** 实地检查网站、网店经营者（个次）: signed forms with a result recorded as found on site (a written review is not one). */
  onsite: number;
  /** 督促网络交易平台、网店删除违法商品信息（条） */
  removals: number;
  /** 责令整改网站、网店（个次） */
  rectifications: number;
  /** 已提请关闭网站（个次） */
  closures: number;
  cases: CaseRecord[];
}

/** The month's figures of a unit (with the units below it), or of the whole city when `unitId` is absent. */
export function monthlyStats(db: Db, month: string, unitId?: string, now = new Date()): MonthlyStats {
  const bounds = monthBounds(month);
  const all = listUnits(db);
  let units = all;
  let unitName = all.find((u) => u.kind === 'city')?.name ?? '全市';
  if (unitId !== undefined) {
    const unit = all.find((u) => u.id === unitId || u.name === unitId);
    if (!unit) throw new QuotaError(`没有单位 ${unitId} (no such unit: see wangjian unit list)`);
    units = unitAndChildren(all, unit.id);
    unitName = unit.name;
  }
  const unitAt = unitsOverTime(db);
  // The city counts every signed check, also those of inspectors no units file names.
  const checks = signedRecordForms(db, bounds).filter((c) => unitId === undefined || units.some((u) => u === creditedUnit(c, all, unitAt)));
  const forms = checks.map(formOf);
  return {
    month,
    unitName,
    units,
    filledOn: beijingDay(now),
    online: forms.length,
    onsite: forms.filter((f) => f.rows.some((r) => [...r.online.entries, ...r.onsite.entries].some((e) => e.mode === 'on-site'))).length,
    removals: forms.reduce((n, f) => n + f.outcome.removalsDemanded, 0),
    rectifications: forms.filter((f) => f.outcome.rectificationOrdered).length,
    closures: forms.filter((f) => f.outcome.closureRequested).length,
    cases: listCases(db, { from: bounds.firstDay, to: bounds.lastDay, units: unitId === undefined ? undefined : units.map((u) => u.id) }),
  };
}

/** The table as a grid of four columns (项目 group, 项目, 数量, 备注), with the merged ranges of the paper form. */
export function statsGrid(s: MonthlyStats): { cells: string[][]; merges: string[] } {
  const [year, mon] = s.month.split('-').map(Number);
  const fine = s.cases.reduce((n, c) => n + c.fineYuan, 0);
  const transferred = s.cases.filter((c) => c.transferred).length;
  const kindRow = (k: (typeof CASE_KINDS)[number]) => {
    const own = s.cases.filter((c) => c.kind === k.id);
    return [String(own.length), own.length ? `决定书：${own.map((c) => c.decisionNo).join('、')}` : ''];
  };
  const [other, ...named] = [CASE_KINDS[CASE_KINDS.length - 1]!, ...CASE_KINDS.slice(0, -1)];
  const cells: string[][] = [
    [`${year} 年网络市场监管专项行动情况统计表`, '', '', ''],
    [`填报单位：${s.unitName}`, '', `统计月份：${year}年${mon}月`, `填报日期：${chineseDate(s.filledOn)}`],
    ['项 目', '', '数 量', '备 注'],
    ['市场监管部门', '网上检查网站、网店（个次）', String(s.online), ''],
    ['', '实地检查网站、网店经营者（个次）', String(s.onsite), ''],
    ['', '督促网络交易平台、网店删除违法商品信息（条）', String(s.removals), ''],
    ['', '责令整改网站、网店（个次）', String(s.rectifications), ''],
    ['', '已提请关闭网站（个次）', String(s.closures), ''],
    [`查处网络违法案件 ${s.cases.length} 件；\n移送公安机关案件 ${transferred} 件；\n罚没款 ${wan(fine)} 万元`, '按主要违法行为问题分类', '', ''],
    ...named.map((k) => ['', `${k.name}（件）`, ...kindRow(k)]),
    [`${other.name}（件）`, '', ...kindRow(other)],
    ['（违法典型案例附处罚决定书）', '', '', ''],
  ];
  const last = cells.length;
  return { cells, merges: ['A1:D1', 'A2:B2', 'A3:B3', 'A4:A8', `A9:A${last - 2}`, `A${last - 1}:B${last - 1}`, `A${last}:D${last}`] };
}

const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** Writes 专项行动情况统计表-<month>-<unit>.xlsx and .csv; returns their paths. */
export async function writeStatsReport(s: MonthlyStats, outDir: string, unitKey: string): Promise<string[]> {
  const { cells, merges } = statsGrid(s);
  const base = join(outDir, `专项行动情况统计表-${s.month}-${unitKey}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${base}.csv`, csvText(cells));

  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('附件2', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 } });
  sheet.addRows(cells.map((r) => r.map((v, i) => (i === 2 && /^\d+$/.test(v) ? Number(v) : v))));
  for (const range of merges) sheet.mergeCells(range);
  sheet.columns.forEach((col, i) => (col.width = [22, 46, 10, 30][i]));
  sheet.eachRow((row, n) => {
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: 'SimSun', size: 11 };
      cell.alignment = { vertical: 'middle', horizontal: col === 2 && n > 3 ? 'left' : 'center', wrapText: true };
      if (n >= 3 && n < cells.length) cell.border = BORDER;
    });
  });
  sheet.getRow(1).height = 30;
  sheet.getCell('A1').font = { name: 'SimHei', size: 16, bold: true };
  sheet.getRow(2).eachCell((cell) => (cell.alignment = { horizontal: 'left', vertical: 'middle' }));
  sheet.getRow(3).font = { name: 'SimSun', size: 11, bold: true };
  sheet.getRow(cells.length).getCell(1).alignment = { horizontal: 'left' };
  await book.xlsx.writeFile(`${base}.xlsx`);
  return [`${base}.xlsx`, `${base}.csv`];
}

// --- 一公开: the checks and their results ------------------------------------------------------

export const PUBLIC_RESULT_COLUMNS = ['序号', '检查对象', '统一社会信用代码', '平台名称', '网址', '检查事项', '检查结果', '发现的问题', '处理情况', '检查日期', '检查单位'] as const;

/** What was done about a check's problems (处理结果), as the public list and the platform's results write it. */
export function outcomeActions(o: RecordOutcome): string[] {
  return [o.rectificationOrdered && '责令整改', o.removalsDemanded > 0 && `督促删除违法商品信息 ${o.removalsDemanded} 条`, o.closureRequested && '提请关闭网站', o.caseOpened && '已立案调查'].filter((a): a is string => Boolean(a));
}

/**
 * One row a checked target. A confirmed violation is a problem found; a confirmed 需进一步核查
 * result is not published as one, since it is not established.
 */
export function publicResultRows(checks: readonly SignedCheck[]): string[][] {
  return [...checks]
    .sort((a, b) => a.firstSignedAt.localeCompare(b.firstSignedAt) || a.inspectionId - b.inspectionId)
    .map((check, n) => {
      const form = formOf(check);
      const t = form.header.target;
      const entries = new Map<number, CellEntry>();
      for (const row of form.rows) for (const e of [...row.online.entries, ...row.onsite.entries]) if (e.verdict === 'violation') entries.set(e.itemId, e);
      const problems = [...entries.values()].map((e, i) => `${i + 1}. ${checkName(e.checkId)}：${e.summary}`);
      const items = form.campaignRecord.filter((r) => r.result !== '未检查').map((r) => `${r.no}${r.name}`);
      const actions = outcomeActions(form.outcome);
      return [
        String(n + 1),
        t.name,
        t.uscc,
        t.brand ?? '',
        t.url,
        items.join('；'),
        problems.length ? '发现问题' : '未发现问题',
        problems.join('\n'),
        actions.join('；'),
        beijingDay(check.firstSignedAt),
        form.header.unit ?? '',
      ];
    });
}

export interface PublicScope {
  campaign?: string;
  month?: string;
}

/** The signed checks of a campaign (its draws' targets) or of a month. */
export function publicChecks(db: Db, scope: PublicScope): { checks: SignedCheck[]; title: string; key: string } {
  if ((scope.campaign === undefined) === (scope.month === undefined)) throw new QuotaError('请指定 --campaign <id> 或 --month YYYY-MM 之一 (name a campaign or a month)');
  if (scope.month !== undefined) {
    const [y, m] = scope.month.split('-').map(Number);
    return { checks: signedRecordForms(db, monthBounds(scope.month)), title: `${y}年${m}月网络交易市场网上检查结果`, key: scope.month };
  }
  const checks = signedRecordForms(db, { from: '0000', to: '9999' }).filter((c) => getInspection(db, c.inspectionId)?.campaignId === scope.campaign);
  const name = checks.length ? getInspection(db, checks[0]!.inspectionId)!.campaignName : null;
  return { checks, title: `${name ?? scope.campaign}检查结果`, key: scope.campaign! };
}

/** Writes 检查结果公示-<key>.xlsx and .csv; returns their paths. */
export async function writePublicResults(db: Db, scope: PublicScope, outDir: string): Promise<{ files: string[]; rows: number }> {
  const { checks, title, key } = publicChecks(db, scope);
  const rows = publicResultRows(checks);
  const base = join(outDir, `检查结果公示-${key}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${base}.csv`, csvText([[...PUBLIC_RESULT_COLUMNS], ...rows]));

  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('检查结果');
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, PUBLIC_RESULT_COLUMNS.length);
  sheet.addRow([...PUBLIC_RESULT_COLUMNS]).font = { bold: true };
  sheet.addRows(rows);
  sheet.columns.forEach((col, i) => (col.width = [6, 32, 22, 16, 30, 48, 12, 60, 28, 12, 28][i]));
  sheet.eachRow((row, n) => {
    if (n > 2) row.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  await book.xlsx.writeFile(`${base}.xlsx`);
  return { files: [`${base}.xlsx`, `${base}.csv`], rows: rows.length };
}
