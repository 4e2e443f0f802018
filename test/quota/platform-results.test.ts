// The provincial platform round trip, results out (issue 17, items 3 and 4): a task the province
// drew opened for review from its imported file, its targets reviewed and signed in a real
// database, the results written in the platform's entry layout and read back cell by cell, the
// entered marks audited, and the status held against the deadline and the 20-working-day clock of
// the official holiday calendar.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, CalendarError, isWorkingDay, parseCalendar, readCalendar } from '../../src/campaign/working-days.js';
import { selectFromCampaign } from '../../src/nightly/selection.js';
import { markEntered, PLATFORM_RESULT_COLUMNS, RESULT_CATEGORIES, resultCategory } from '../../src/quota/platform-results.js';
import { openProvincialTask } from '../../src/review/provincial-task.js';
import { NO_OUTCOME, type CampaignItemResult, type RecordFormContent } from '../../src/review/record-form.js';
import type { ProvincialTask } from '../../src/roster/task-list.js';
import { createUser } from '../../src/store/accounts.js';
import { listAudit } from '../../src/store/audit-log.js';
import type { Db } from '../../src/store/database.js';
import { listDraws } from '../../src/store/draws.js';
import { listInspections, type Inspection } from '../../src/store/inspections.js';
import { wangjian as run } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { makeWorld, PASSWORD, PLATFORMS, reviewAndSign } from './world.js';

describe('the holiday calendar', () => {
  const calendar = readCalendar();

  it('counts 20 working days across 国庆 with its 调休 weekends worked', () => {
    // 10.1-10.7 off, Saturday 10.10 worked: signed Monday 9.28, the 20th working day is 10.30
    // (11.2 were 10.10 a Saturday off, 11.6 were the holiday days counted as weekdays).
    expect([isWorkingDay(calendar, '2026-10-01'), isWorkingDay(calendar, '2026-10-07'), isWorkingDay(calendar, '2026-10-10'), isWorkingDay(calendar, '2026-10-11')]).toEqual([false, false, true, false]);
    expect(addWorkingDays(calendar, '2026-09-28', 20)).toBe('2026-10-30');
    // Sunday 9.20 worked for 国庆, 中秋 9.25-9.27 off: signed Friday 9.18, due 10.22.
    expect(addWorkingDays(calendar, '2026-09-18', 20)).toBe('2026-10-22');
  });

  it('refuses a day of a year it does not hold, and counts on with a calendar that holds it', () => {
    // signed 12.7: 18 working days are left in 2026, the last two fall in 2027
    expect(() => addWorkingDays(calendar, '2026-12-07', 20)).toThrow(CalendarError);
    expect(() => addWorkingDays(calendar, '2026-12-07', 20)).toThrow(/2027 年不在节假日日历中/);
    const bureau = parseCalendar('bureau.json', {
      calendar: 'wangjian-holidays/1',
      source: 'test: a bureau adds 2027',
      years: { '2026': { holidays: [], workdays: [] }, '2027': { holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: [] } },
    });
    // 12.31 (Thu) is the 18th, 1.1 is a holiday, 1.4 and 1.5 are the 19th and 20th
    expect(addWorkingDays(bureau, '2026-12-07', 20)).toBe('2027-01-05');
  });

  it('refuses a calendar file that is not one, by field', () => {
    expect(() => parseCalendar('bad.json', { calendar: 'wangjian-holidays/1', source: 'x', years: { '2027': { holidays: [{ name: '春节', from: '2027-02-10', to: '2027-02-05' }], workdays: [] } } })).toThrow(
      'bad.json: field "years.2027.holidays.0": expected from ≤ to, both in 2027',
    );
    expect(() => parseCalendar('bad.json', { calendar: 'wangjian-holidays/1', years: {} })).toThrow('field "source"');
  });
});

describe('the result category', () => {
  const row = (key: string, result: CampaignItemResult['result']): CampaignItemResult => ({ key, no: '', name: key, result, basis: [], evidence: [] });
  const form = (rows: CampaignItemResult[], outcome = NO_OUTCOME) => ({ campaignRecord: rows, outcome }) as unknown as RecordFormContent;

  it('follows the mapping table, rule by rule', () => {
    const licence = row('item-1', '不符合（违法）');
    const ads = row('item-12', '不符合（违法）');
    expect(resultCategory(form([licence, ads], { ...NO_OUTCOME, rectificationOrdered: true, caseOpened: true }))).toBe('发现问题待后续处理');
    expect(resultCategory(form([ads], { ...NO_OUTCOME, removalsDemanded: 2 }))).toBe('发现问题已责令改正');
    expect(resultCategory(form([licence, row('item-8', '不符合（违法）')]))).toBe('未按规定公示应当公示的信息');
    expect(resultCategory(form([licence, ads]))).toBe('发现问题待后续处理');
    expect(resultCategory(form([row('item-1', '需进一步核查'), row('item-4', '符合')]))).toBe('发现问题待后续处理');
    expect(resultCategory(form([row('item-1', '符合'), row('item-12', '未检查')]))).toBe('未发现问题');
    expect(resultCategory(form([row('item-1', '未检查')]))).toBeNull();
  });
});

describe('a provincial task from opening to the results entered on the platform', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const at = (name: string) => join(tmp.dir, name);
  const wangjian = (...args: string[]) => run(args, { storage: tmp.dir, cwd: tmp.dir });
  const TASK_NO = 'NX-2026-0007';
  const ZW = '中卫市市场监督管理局';
  const byPlatform = new Map<string, Inspection>();
  let db: Db;

  beforeAll(async () => {
    ({ db } = await makeWorld(tmp.dir));
    await createUser(db, { id: 'nx-01', name: '王芳', unit: ZW, region: '640500', certificate: '64050020001' }, 'inspector', PASSWORD);
    await createUser(db, { id: 'nx-02', name: '刘洋', unit: ZW, region: '640500', certificate: '64050020002' }, 'inspector', PASSWORD);
    const uscc = (id: string) => PLATFORMS.find((p) => p.id === id)!.uscc;
    const task: ProvincialTask = {
      source: 'provincial-platform',
      campaignId: TASK_NO,
      importedFrom: 'task.xlsx',
      targets: [
        // listed by name and by 执法证号, as the platform's export may
        { platformId: 'spt-goji', uscc: uscc('spt-goji'), name: '中卫市沙坡头枸杞电子商务有限公司', unit: ZW, inspectors: ['王芳', '64050020002'] },
        { platformId: 'spt-desert', uscc: uscc('spt-desert'), name: '中卫市大漠网络科技有限公司', unit: ZW, inspectors: ['马丽', '杨帆'] },
        { platformId: 'spt-quiet', uscc: uscc('spt-quiet'), name: '中卫市安静商贸有限公司', unit: ZW, inspectors: ['马丽', '杨帆'] },
        { platformId: 'zn-goji', uscc: uscc('zn-goji'), name: '中宁县枸杞之乡网络科技有限公司', unit: '中宁县市场监督管理局', inspectors: ['李娟', '赵刚'] },
      ],
    };
    writeFileSync(at('task.json'), JSON.stringify(task));
    // an inspector the bureau has no account for refuses the whole task, and nothing is stored
    const bad = { ...task, targets: [{ ...task.targets[0]!, inspectors: ['王芳', '钱多多'] }] };
    expect(() => openProvincialTask(db, { task: bad, name: 'x', checks: ['licence-display'], deadline: '2026-10-30', actor: 'test' })).toThrow('检查人员: 钱多多 has no account');
    expect(listDraws(db)).toEqual([]);
  });

  it('opens the inspections of the imported task as the province drew them, and scans by its number', async () => {
    const opened = await wangjian('campaign', 'open', 'task.json', '--name', '2026年电子商务平台经营者双随机抽查', '--checks', 'licence-display,agreement-display,ad-label,tying,absolute-terms', '--deadline', '2026-10-30');
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain(`task ${TASK_NO} opened as draw ${TASK_NO}-`);
    const inspections = listInspections(db).filter((i) => i.campaignId === TASK_NO);
    for (const i of inspections) byPlatform.set(i.platform.id, i);
    expect(inspections.map((i) => [i.platform.id, i.inspectors, i.origin, i.deadline, i.campaignName])).toEqual([
      ['spt-goji', ['nx-01', 'nx-02'], 'draw', '2026-10-30', '2026年电子商务平台经营者双随机抽查'],
      ['spt-desert', ['spt-01', 'spt-02'], 'draw', '2026-10-30', '2026年电子商务平台经营者双随机抽查'],
      ['spt-quiet', ['spt-01', 'spt-02'], 'draw', '2026-10-30', '2026年电子商务平台经营者双随机抽查'],
      ['zn-goji', ['zn-01', 'zn-02'], 'draw', '2026-10-30', '2026年电子商务平台经营者双随机抽查'],
    ]);
    // bound to the platforms' latest scan, like a drawn target; `scan --campaign <编号>` finds them too
    expect(inspections.every((i) => i.runId !== null)).toBe(true);
    expect(selectFromCampaign(db, TASK_NO).platforms.map((p) => p.id)).toEqual(['spt-goji', 'spt-desert', 'spt-quiet', 'zn-goji']);
    expect(listAudit(db, { limit: 20 }).some((e) => e.action === 'provincial-task-opened' && e.subject === TASK_NO)).toBe(true);

    reviewAndSign(db, byPlatform.get('spt-goji')!, { decide: { 'licence-display': 'confirm', 'ad-label': 'confirm' }, outcome: { ...NO_OUTCOME, rectificationOrdered: true }, asServer: true }, '2026-09-28T02:00:00Z');
    reviewAndSign(db, byPlatform.get('spt-desert')!, { decide: { 'licence-display': 'confirm', 'agreement-display': 'confirm', 'ad-label': 'reject', tying: 'confirm' }, outcome: NO_OUTCOME, asServer: true }, '2026-09-28T03:00:00Z');
    reviewAndSign(db, byPlatform.get('spt-quiet')!, { decide: { 'licence-display': 'confirm' }, outcome: NO_OUTCOME, asServer: true }, '2026-09-18T02:00:00Z');
    reviewAndSign(db, byPlatform.get('zn-goji')!, { decide: { 'absolute-terms': 'confirm' }, outcome: NO_OUTCOME, asServer: true }, '2026-12-07T02:00:00Z');
  }, 60_000);

  it("writes the platform's result entry sheet from the signed forms, every column of a row end to end", async () => {
    const written = await wangjian('report', 'platform', '--campaign', TASK_NO, '--out', 'results.xlsx');
    expect(written.stderr).toBe('');
    expect(written.stdout).toContain('4 targets written to results.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(at('results.xlsx'));
    const sheet = book.getWorksheet('检查结果录入')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...PLATFORM_RESULT_COLUMNS]);
    expect(values(2)).toEqual([
      '1',
      TASK_NO,
      '中卫市沙坡头枸杞电子商务有限公司',
      '91640502MA76000001',
      '（一）对电子商务平台亮证亮照的检查；（十二）电子商务平台经营者竞价排名业务的广告标注义务的检查',
      '发现问题已责令改正',
      '2026-09-28',
      ZW,
      '王芳、刘洋',
      '64050020001、64050020002',
      [
        '发现问题：（十二）电子商务平台经营者竞价排名业务的广告标注义务的检查',
        '需进一步核查：（一）对电子商务平台亮证亮照的检查',
        '未检查：（四）对电子商务平台经营者搭售的检查；（八）电子商务平台经营者的服务协议和交易规则制定、公示、修改的检查；广告绝对化用语',
        '处理：责令整改',
      ].join('\n'),
    ]);
    const column = (name: (typeof PLATFORM_RESULT_COLUMNS)[number]) => [3, 4, 5].map((n) => values(n)[PLATFORM_RESULT_COLUMNS.indexOf(name)]);
    expect(column('检查对象名称')).toEqual(['中卫市大漠网络科技有限公司', '中卫市安静商贸有限公司', '中宁县枸杞之乡网络科技有限公司']);
    expect(column('检查结果')).toEqual(['未按规定公示应当公示的信息', '未发现问题', '发现问题待后续处理']);
    expect(column('检查日期')).toEqual(['2026-09-28', '2026-09-18', '2026-12-07']);
    expect(column('检查实施机关')).toEqual([ZW, ZW, '中宁县市场监督管理局']);
    expect(column('检查人员')).toEqual(['马丽、杨帆', '马丽、杨帆', '李娟、赵刚']);
    // the result cell takes only the platform's categories
    expect(sheet.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ["'检查结果类别'!$A$2:$A$9"] });
    expect((book.getWorksheet('检查结果类别')!.getColumn(1).values as unknown[]).slice(2)).toEqual([...RESULT_CATEGORIES]);
  }, 60_000);

  it('records who entered a result and when, audited, and shows each target against the deadline and the publication clock', async () => {
    const entered = await wangjian('campaign', 'entered', TASK_NO, '--target', '91640502MA76000001', '--date', '2026-10-12', '--by', '王芳');
    expect(entered.stderr).toBe('');
    // the others through the same function, without a process each
    const mark = (target: string, enteredOn: string, enteredBy: string, correction?: string) => () => markEntered(db, { campaignId: TASK_NO, target, enteredOn, enteredBy, actor: 'console (test)', correction });
    mark('spt-desert', '2026-11-02', '马丽')();
    // a second mark is refused; put right, it keeps the first in the audit log
    expect(mark('spt-desert', '2026-11-03', '杨帆')).toThrow('已记录于 2026-11-02 由 马丽 录入');
    mark('spt-desert', '2026-11-03', '杨帆', '录入日期记错')();
    const marks = listAudit(db).filter((e) => e.action === 'platform-entered');
    expect(marks.map((e) => [e.subject, e.before && (e.before as { enteredOn: string }).enteredOn, e.after])).toEqual([
      ['spt-desert', '2026-11-02', expect.objectContaining({ enteredOn: '2026-11-03', enteredBy: '杨帆', reason: '录入日期记错' })],
      ['spt-desert', null, expect.objectContaining({ enteredOn: '2026-11-02', enteredBy: '马丽' })],
      ['spt-goji', null, expect.objectContaining({ enteredOn: '2026-10-12', enteredBy: '王芳' })],
    ]);
    expect(marks.map((e) => e.actor)).toEqual(['console (test)', 'console (test)', expect.stringMatching(/^console \(/)]);
    // a day before signing, a day to come, a target not of the task: refused
    expect(mark('spt-quiet', '2026-09-17', '马丽')).toThrow('before the record form was signed (2026-09-18)');
    expect(mark('spt-quiet', '2099-01-04', '马丽')).toThrow('is still to come');
    expect(mark('hy-mall', '2026-10-12', '马丽')).toThrow('没有检查对象 hy-mall');

    const status = await wangjian('campaign', 'status', TASK_NO);
    const lines = status.stdout.split('\n');
    const line = (id: string) => lines.find((l) => l.startsWith(`${id}\t`))!.split('\t').slice(2);
    expect(line('spt-goji')).toEqual(['已签署 2026-09-28', '已录入 2026-10-12 王芳', '完成时限 2026-10-30', '公示期限 2026-10-30', '']);
    expect(line('spt-desert')).toEqual(['已签署 2026-09-28', '已录入 2026-11-03 杨帆', '完成时限 2026-10-30', '公示期限 2026-10-30', '逾期录入；录入晚于公示期限']);
    expect(line('spt-quiet')).toEqual(['已签署 2026-09-18', '未录入', '完成时限 2026-10-30', '公示期限 2026-10-22', '逾期未录入；已过公示期限未录入']);
    // signed 12.7: the clock runs into 2027, which the calendar does not hold yet
    expect(line('zn-goji')).toEqual(['已签署 2026-12-07', '未录入', '完成时限 2026-10-30', '公示期限未知', '逾期未录入']);
    expect(status.stderr).toContain('publication due day unknown: 2027 年不在节假日日历中');
    expect(status.stdout).toContain('4 targets: 4 signed, 2 entered on the platform, 3 marked');
  }, 60_000);
});
