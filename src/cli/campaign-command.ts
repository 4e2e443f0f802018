// `wangjian campaign`: the provincial platform's task export kept as a draw-like file a city's
// campaign names in `exclude`, or opened for review; the results entered on the platform and the
// status of each target against the deadline and the publication clock; and `wangjian report
// platform`, the results in the platform's entry layout.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { PUBLICATION_WORKING_DAYS, readCalendar } from '../campaign/working-days.js';
import { readJsonFile } from '../draw/inputs.js';
import { InputError } from '../input-error.js';
import { campaignTargets, markEntered, platformReport, writePlatformResults, type TargetStatus } from '../quota/platform-results.js';
import { openProvincialTask } from '../review/provincial-task.js';
import { readPlatformRoster } from '../roster/platforms.js';
import { provincialTaskSchema, readProvincialTask } from '../roster/task-list.js';
import { commaList, consoleActor, out, withDatabase } from './output.js';



function statusLine(t: TargetStatus): string {
  const p = t.inspection.platform;
  const signed = t.signed ? `已签署 ${t.signed.signedOn}` : '未签署';
  const entered = t.entry ? `已录入 ${t.entry.enteredOn} ${t.entry.enteredBy}` : '未录入';
  const due = t.publicationDue ? `公示期限 ${t.publicationDue}` : t.calendarProblem ? '公示期限未知' : '公示期限 -';
  return [p.id, p.name, signed, entered, `完成时限 ${t.deadline ?? '-'}`, due, t.marks.join('；')].join('\t');
}

export function addCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('campaigns made elsewhere: the provincial 双随机 platform’s tasks, opened for review, and results entered on the platform');
  campaign
    .command('import <task-file>')
    .description("read the task and target list the provincial platform exports (XLSX or CSV: 抽查任务编号, 检查对象, 统一社会信用代码, 检查实施机关, 检查人员), match each target to the roster by credit code, and write it as a draw file a campaign's exclude can name")
    .requiredOption('--platforms <file>', 'platform roster, XLSX, CSV or JSON')
    .requiredOption('--out <file>', 'where to write the task (JSON); never overwritten')
    .action(async (file: string, flags: { platforms: string; out: string }) => {
      if (existsSync(flags.out)) throw new InputError(`--out ${flags.out} exists already; nothing was written`);
      const task = await readProvincialTask(file, await readPlatformRoster(flags.platforms));
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileSync(flags.out, `${JSON.stringify(task, null, 2)}\n`, { flag: 'wx' });
      out(`task ${task.campaignId}: ${task.targets.length} targets matched to the roster`);
      for (const t of task.targets) out(`  ${t.platformId}\t${t.name}\t${t.unit ?? ''}\t${t.inspectors.join('、')}`);
      out(`written to ${flags.out}; name it in a campaign's "exclude" to leave these platforms out of its draw, or open it for review with wangjian campaign open`);
    });

  campaign
    .command('open <task-file>')
    .description('open the inspections of an imported provincial task (the file campaign import wrote): its targets and inspectors as the province drew them, the 抽查任务编号 kept, as a draw stored in the database')
    .requiredOption('--name <text>', '任务名称, as the platform names the task')
    .requiredOption('--checks <ids>', 'the checks and items (item-1 … item-16) the task covers, comma-separated', commaList)
    .requiredOption('--deadline <YYYY-MM-DD>', '完成时限: the day results must be entered on the platform by')
    .option('--supersedes <draw-id>', 'open the task again: the stored draw this one replaces')
    .option('--reason <text>', 'with --supersedes: why')
    .action((file: string, flags: { name: string; checks: string[]; deadline: string; supersedes?: string; reason?: string }) => {
      if ((flags.supersedes === undefined) !== (flags.reason === undefined)) throw new InputError('opening a task again names the draw it replaces with --supersedes <draw id> and says why with --reason "<text>"');
      const task = readJsonFile(file, provincialTaskSchema, 'a task file written by wangjian campaign import');
      const { record, created } = withDatabase((db) =>
        openProvincialTask(db, { task, name: flags.name, checks: flags.checks, deadline: flags.deadline, supersedes: flags.supersedes ? { drawId: flags.supersedes, reason: flags.reason! } : undefined, actor: consoleActor() }),
      );
      out(`task ${record.taskNo} opened as draw ${record.id}: ${record.targets.length} targets, ${created} inspections created, due ${record.campaign.deadline}`);
      for (const t of record.targets) out(`  ${t.platformId}\t${t.name}\t检查人员 ${t.inspectors.join(', ')}`);
    });

  campaign
    .command('entered <campaign>')
    .description("record that a target's signed result was entered on the provincial platform: the day and who entered it (audited)")
    .requiredOption('--target <platform|uscc>', "the target's platform id or 统一社会信用代码")
    .requiredOption('--date <YYYY-MM-DD>', 'the day it was entered (北京时间)')
    .requiredOption('--by <name>', 'who entered it')
    .option('--correct <reason>', 'put an earlier mark right, saying why')
    .action((campaignId: string, flags: { target: string; date: string; by: string; correct?: string }) => {
      const entry = withDatabase((db) => markEntered(db, { campaignId, target: flags.target, enteredOn: flags.date, enteredBy: flags.by, actor: consoleActor(), correction: flags.correct }));
      out(`inspection ${entry.inspectionId}: entered on the platform ${entry.enteredOn} by ${entry.enteredBy} (record form ${entry.recordFormId})`);
    });

  campaign
    .command('status <campaign>')
    .description(`each target: signed, entered on the platform (when, by whom), the deadline, the publication due day (${PUBLICATION_WORKING_DAYS} working days after signing) and what is overdue`)
    .option('--calendar <file>', 'holiday calendar JSON (default: $WANGJIAN_CALENDAR, else the built-in one)')
    .action((campaignId: string, flags: { calendar?: string }) => {
      const calendar = readCalendar(flags.calendar);
      const targets = withDatabase((db) => campaignTargets(db, campaignId, calendar));
      for (const t of targets) out(statusLine(t));
      const signed = targets.filter((t) => t.signed).length;
      const entered = targets.filter((t) => t.entry).length;
      out(`${targets.length} targets: ${signed} signed, ${entered} entered on the platform, ${targets.filter((t) => t.marks.length).length} marked`);
      for (const problem of new Set(targets.flatMap((t) => (t.calendarProblem ? [t.calendarProblem] : [])))) process.stderr.write(`wangjian: warning: publication due day unknown: ${problem}\n`);
    });
}

/** `wangjian report platform`, registered under `report` with the other reports. */
export function addPlatformReportCommand(report: Command): void {
  report
    .command('platform')
    .description("the signed results of a campaign in the provincial platform's result entry layout (XLSX): 抽查任务编号, 检查事项, 检查结果 from the platform's list, 检查日期, 检查实施机关, 检查人员")
    .requiredOption('--campaign <id>', 'the campaign, or the 抽查任务编号 of an opened provincial task')
    .requiredOption('--out <file>', 'the XLSX to write; never overwritten')
    .option('--task-no <编号>', "the 抽查任务编号 on the platform, for a campaign of wangjian's own draw")
    .action(async (flags: { campaign: string; out: string; taskNo?: string }) => {
      if (existsSync(flags.out)) throw new InputError(`--out ${flags.out} exists already; nothing was written`);
      const report = withDatabase((db) => platformReport(campaignTargets(db, flags.campaign, readCalendar(), { taskNo: flags.taskNo })));
      await writePlatformResults(report, flags.out);
      out(`${report.rows.length} targets written to ${flags.out}`);
      for (const l of report.left) out(`  left out ${l.platformId}\t${l.name}\t${l.why}`);
    });
}
