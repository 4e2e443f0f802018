// Results out to the provincial 双随机 platform (seeds/002 五: 谁检查、谁录入、谁公开; a result not
// entered in time counts as a check not done): one row a checked target in the platform's result
// entry layout, its 检查结果 one of the platform's fixed categories derived from the signed record
// form; and the mark that a result was entered (when, by whom), held against the task's deadline
// and the 20-working-day publication clock. Only signed, current record forms are read.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { addWorkingDays, CalendarError, PUBLICATION_WORKING_DAYS, type HolidayCalendar } from '../campaign/working-days.js';
import { provincialRecordOf } from '../review/provincial-task.js';
import type { CampaignItemResult, RecordFormContent } from '../review/record-form.js';
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import { getDraw } from '../store/draws.js';
import { listInspections, type Inspection } from '../store/inspections.js';
import { getPlatformEntry, putPlatformEntry, type PlatformEntry } from '../store/platform-entries.js';
import { signedRecordForms } from '../store/record-forms.js';
import { beijingDay } from '../time.js';
import { QuotaError } from './quota.js';
import { formOf, outcomeActions } from './reports.js';

/** The platform's 检查结果 categories (抽查检查结果), in its order: a row takes exactly one. */
export const RESULT_CATEGORIES = [
  '未发现问题',
  '未按规定公示应当公示的信息',
  '公示信息隐瞒真实情况、弄虚作假',
  '通过登记的住所（经营场所）无法联系',
  '未发现开展本次抽查涉及的经营活动',
  '发现问题已责令改正',
  '不配合检查情节严重',
  '发现问题待后续处理',
] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];

/** What the signed form says of a target, as the mapping reads it. */
export interface TargetFacts {
  /** Items (item-N) and item-less checks whose result is 不符合（违法）. */
  violations: string[];
  /** … 需进一步核查: not established either way. */
  toVerify: string[];
  /** … with any result but 未检查. */
  checked: string[];
  outcome: RecordFormContent['outcome'];
}

/**
 * The items whose duty is to publish (公示) something on the platform: the licence (ECL 15, item
 * 一), the complaint and other information disclosed (item 二), the agreement and rules (ECL 33-34,
 * item 八), the measures taken against sellers (ECL 36, item 九).
 */
const PUBLISHING_ITEMS = ['item-1', 'item-2', 'item-8', 'item-9'];

/**
 * wangjian's results → the platform's category: the first rule that holds gives the row's. One
 * table, so that a bureau that reads a category otherwise changes one line here.
 *
 * Never derived, the inspectors enter them on the platform by hand: 公示信息隐瞒真实情况、弄虚作假
 * (needs the enterprise's own filings set against the facts, which no online check reads);
 * 通过登记的住所（经营场所）无法联系 and 不配合检查情节严重 (what an on-site or written check meets);
 * 未发现开展本次抽查涉及的经营活动 (a site that does not answer is a failed visit, closed set of
 * crawl failures, not proof that the business stopped).
 */
export const RESULT_RULES: readonly { category: ResultCategory; when: (f: TargetFacts) => boolean; why: string }[] = [
  {
    category: '发现问题待后续处理',
    when: (f) => f.violations.length > 0 && (f.outcome.caseOpened || f.outcome.closureRequested),
    why: 'a case opened (立案) or a closure asked for goes on after the check, whatever else was ordered',
  },
  {
    category: '发现问题已责令改正',
    when: (f) => f.violations.length > 0 && (f.outcome.rectificationOrdered || f.outcome.removalsDemanded > 0),
    why: 'ordered to put it right (责令整改), or to take listings down (督促删除), and nothing further opened',
  },
  {
    category: '未按规定公示应当公示的信息',
    when: (f) => f.violations.length > 0 && f.violations.every((v) => PUBLISHING_ITEMS.includes(v)),
    why: 'debatable: the category comes from checks of 企业公示信息 (reports on the 公示系统); every problem here is a duty the ECL words as 公示 on the platform, nothing was ordered yet, and this category names what was wrong',
  },
  {
    category: '发现问题待后续处理',
    when: (f) => f.violations.length > 0,
    why: 'a violation with nothing ordered yet: its handling is still to come',
  },
  {
    category: '发现问题待后续处理',
    when: (f) => f.toVerify.length > 0,
    why: 'nothing established but a result left 需进一步核查: not 未发现问题 (unchecked is never compliant); the platform has no "being verified", and this is the category that promises a further act',
  },
  {
    category: '未发现问题',
    when: (f) => f.checked.length > 0,
    why: 'every item checked came out 符合; items not checked are named in 备注, never counted as clear',
  },
];

const keys = (rows: readonly CampaignItemResult[], pick: (r: CampaignItemResult) => boolean) => rows.filter(pick).map((r) => r.key);

export function factsOf(form: RecordFormContent): TargetFacts {
  const rows = form.campaignRecord;
  return {
    violations: keys(rows, (r) => r.result === '不符合（违法）'),
    toVerify: keys(rows, (r) => r.result === '需进一步核查'),
    checked: keys(rows, (r) => r.result !== '未检查'),
    outcome: form.outcome,
  };
}

/** The row's category, or null when every item came out 未检查 (nothing to enter but by hand). */
export function resultCategory(form: RecordFormContent): ResultCategory | null {
  const facts = factsOf(form);
  return RESULT_RULES.find((r) => r.when(facts))?.category ?? null;
}

export interface TargetStatus {
  inspection: Inspection;
  /** 抽查任务编号: the provincial task's, else the one given for a wangjian draw. */
  taskNo: string | null;
  /** 检查实施机关: as the provincial task names it, else the signed form's unit. */
  unit: string | null;
  signed: { recordFormId: number; signedOn: string; form: RecordFormContent } | null;
  entry: PlatformEntry | null;
  deadline: string | null;
  /** The last day to publish: 20 working days after the result was signed. */
  publicationDue: string | null;
  /** Why the due day is unknown: a day outside the holiday calendar. */
  calendarProblem: string | null;
  marks: string[];
}

/** Each current target of a campaign with its signed result, entry mark, deadline and publication clock, as of `now`. */
export function campaignTargets(db: Db, campaignId: string, calendar: HolidayCalendar, options: { taskNo?: string; now?: Date } = {}): TargetStatus[] {
  const inspections = listInspections(db).filter((i) => i.campaignId === campaignId);
  if (!inspections.length) throw new QuotaError(`任务 ${campaignId} 没有检查对象 (no inspections of campaign ${campaignId}: wangjian draw, or wangjian campaign open for a provincial task)`);
  const signed = new Map(signedRecordForms(db, { from: '0000', to: '9999' }).filter((c) => inspections.some((i) => i.id === c.inspectionId)).map((c) => [c.inspectionId, c]));
  const today = beijingDay(options.now ?? new Date());
  return inspections.map((inspection) => {
    const draw = inspection.drawId ? getDraw(db, inspection.drawId) : undefined;
    const task = draw ? provincialRecordOf(draw.record) : null;
    const check = signed.get(inspection.id);
    const form = check ? formOf(check) : null;
    const entry = getPlatformEntry(db, inspection.id) ?? null;
    let publicationDue: string | null = null;
    let calendarProblem: string | null = null;
    const signedOn = check ? beijingDay(check.firstSignedAt) : null;
    if (signedOn) {
      try {
        publicationDue = addWorkingDays(calendar, signedOn, PUBLICATION_WORKING_DAYS);
      } catch (error) {
        if (!(error instanceof CalendarError)) throw error;
        calendarProblem = error.message;
      }
    }
    const deadline = inspection.deadline;
    const marks: string[] = [];
    if (!check && deadline && today > deadline) marks.push('逾期未完成（记录表未签署）');
    if (check && !entry && deadline && today > deadline) marks.push('逾期未录入');
    if (entry && deadline && entry.enteredOn > deadline) marks.push('逾期录入');
    if (publicationDue && (entry ? entry.enteredOn : today) > publicationDue) marks.push(entry ? '录入晚于公示期限' : '已过公示期限未录入');
    if (entry && check && entry.recordFormId !== check.recordFormId) marks.push('记录表录入后已更正，平台结果须更新');
    return {
      inspection,
      taskNo: task?.taskNo ?? options.taskNo ?? null,
      unit: task?.targets.find((t) => t.platformId === inspection.platform.id)?.unit ?? form?.header.unit ?? inspection.unit,
      signed: check && form ? { recordFormId: check.recordFormId, signedOn: signedOn!, form } : null,
      entry,
      deadline,
      publicationDue,
      calendarProblem,
      marks,
    };
  });
}

/** The columns of the platform's result entry sheet. */
export const PLATFORM_RESULT_COLUMNS = ['序号', '抽查任务编号', '检查对象名称', '统一社会信用代码', '检查事项', '检查结果', '检查日期', '检查实施机关', '检查人员', '执法证号', '备注'] as const;

const itemWords = (form: RecordFormContent, ks: readonly string[]) => form.campaignRecord.filter((r) => ks.includes(r.key)).map((r) => `${r.no}${r.name}`).join('；');

/** A signed target's row; null when no category can be derived. */
export function platformResultRow(t: TargetStatus, n: number): string[] | null {
  if (!t.signed) return null;
  const { form } = t.signed;
  const category = resultCategory(form);
  if (!category) return null;
  const facts = factsOf(form);
  const unchecked = form.campaignRecord.filter((r) => r.result === '未检查').map((r) => r.key);
  const actions = outcomeActions(form.outcome);
  const notes = [
    facts.violations.length ? `发现问题：${itemWords(form, facts.violations)}` : '',
    facts.toVerify.length ? `需进一步核查：${itemWords(form, facts.toVerify)}` : '',
    unchecked.length ? `未检查：${itemWords(form, unchecked)}` : '',
    actions.length ? `处理：${actions.join('；')}` : '',
  ].filter(Boolean);
  return [
    String(n),
    t.taskNo ?? '',
    form.header.target.name,
    form.header.target.uscc,
    itemWords(form, facts.checked),
    category,
    t.signed.signedOn,
    t.unit ?? '',
    form.header.inspectors.map((p) => p.name).join('、'),
    form.header.inspectors.map((p) => p.certificate ?? '').join('、'),
    notes.join('\n'),
  ];
}

export interface PlatformReport {
  rows: string[][];
  /** Targets left out, with why. */
  left: { platformId: string; name: string; why: string }[];
}

/** The rows of a campaign's signed targets; a wangjian draw's campaign needs its 抽查任务编号 given. */
export function platformReport(statuses: readonly TargetStatus[]): PlatformReport {
  const noTask = statuses.filter((t) => t.signed && !t.taskNo);
  if (noTask.length) throw new QuotaError(`${noTask.map((t) => t.inspection.platform.id).join(', ')}: 没有抽查任务编号 (a campaign of wangjian's own draw: give the task's number on the platform with --task-no)`);
  const rows: string[][] = [];
  const left: PlatformReport['left'] = [];
  for (const t of statuses) {
    const row = platformResultRow(t, rows.length + 1);
    if (row) rows.push(row);
    else left.push({ platformId: t.inspection.platform.id, name: t.inspection.platform.name, why: t.signed ? '每一项均为未检查，无可录入的结果 (every item 未检查: enter it by hand)' : '记录表未签署 (record form not signed)' });
  }
  return { rows, left };
}

/** Writes the XLSX the platform's result entry takes: the header on row 1, one row a target, 检查结果 from the fixed list. */
export async function writePlatformResults(report: PlatformReport, file: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('检查结果录入');
  sheet.addRow([...PLATFORM_RESULT_COLUMNS]).font = { bold: true };
  sheet.addRows(report.rows);
  const list = book.addWorksheet('检查结果类别');
  list.addRow(['检查结果']);
  for (const c of RESULT_CATEGORIES) list.addRow([c]);
  const column = PLATFORM_RESULT_COLUMNS.indexOf('检查结果') + 1;
  for (let r = 2; r <= report.rows.length + 1; r++) {
    sheet.getCell(r, column).dataValidation = { type: 'list', allowBlank: false, formulae: [`'检查结果类别'!$A$2:$A$${RESULT_CATEGORIES.length + 1}`], showErrorMessage: true };
  }
  sheet.columns.forEach((col, i) => (col.width = [6, 18, 32, 22, 60, 22, 12, 28, 18, 24, 48][i]));
  sheet.eachRow((row, n) => {
    if (n > 1) row.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  mkdirSync(dirname(file), { recursive: true });
  await book.xlsx.writeFile(file);
}

export interface EntryRequest {
  campaignId: string;
  /** The platform's id or 统一社会信用代码. */
  target: string;
  enteredOn: string;
  enteredBy: string;
  /** Who records the mark (the audit log's actor). */
  actor: string;
  /** To put an earlier mark right: why. */
  correction?: string;
}

/** Records that a target's signed result was entered on the platform; refuses an unsigned one, a day to come or before signing. */
export function markEntered(db: Db, req: EntryRequest, now = new Date()): PlatformEntry {
  const wanted = req.target.trim().toLowerCase();
  const inspection = listInspections(db).find((i) => i.campaignId === req.campaignId && (i.platform.id.toLowerCase() === wanted || i.platform.uscc.toLowerCase() === wanted));
  if (!inspection) throw new QuotaError(`任务 ${req.campaignId} 没有检查对象 ${req.target} (no target of the campaign with that platform id or 统一社会信用代码)`);
  const check = signedRecordForms(db, { from: '0000', to: '9999' }).find((c) => c.inspectionId === inspection.id);
  if (!check) throw new QuotaError(`${inspection.platform.name}：记录表尚未签署，不能录入平台 (the record form is not signed)`);
  const signedOn = beijingDay(check.firstSignedAt);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(req.enteredOn) || Number.isNaN(Date.parse(req.enteredOn))) throw new QuotaError(`--date: expected a date as YYYY-MM-DD, got ${req.enteredOn}`);
  if (req.enteredOn > beijingDay(now)) throw new QuotaError(`--date ${req.enteredOn} is still to come (today is ${beijingDay(now)} 北京时间)`);
  if (req.enteredOn < signedOn) throw new QuotaError(`--date ${req.enteredOn} is before the record form was signed (${signedOn})`);
  if (!req.enteredBy.trim()) throw new QuotaError('--by: who entered the result on the platform');
  const before = getPlatformEntry(db, inspection.id);
  if (before && !req.correction?.trim()) throw new QuotaError(`${inspection.platform.name}：已记录于 ${before.enteredOn} 由 ${before.enteredBy} 录入 (marked already; to put it right give --correct "<reason>")`);
  const entry: PlatformEntry = { inspectionId: inspection.id, recordFormId: check.recordFormId, enteredOn: req.enteredOn, enteredBy: req.enteredBy.trim(), recordedAt: now.toISOString(), recordedBy: req.actor };
  db.transaction(() => {
    putPlatformEntry(db, entry);
    appendAudit(db, {
      actor: req.actor,
      action: 'platform-entered',
      inspectionId: inspection.id,
      subject: inspection.platform.id,
      before: before ?? null,
      after: { enteredOn: entry.enteredOn, enteredBy: entry.enteredBy, recordFormId: entry.recordFormId, ...(before ? { reason: req.correction!.trim() } : {}) },
    });
  })();
  return entry;
}
