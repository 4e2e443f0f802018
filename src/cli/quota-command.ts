// `wangjian unit`, `quota`, `case` and `report`: the units and their monthly online checks
// (seeds/003), the cases they report, and the statistics table and public results list.
import type { Command } from 'commander';
import { paths } from '../paths.js';
import { CASE_KINDS, recordCase, wan } from '../quota/cases.js';
import { beijingMonth } from '../time.js';
import { acceptSuggestion, monthBounds, monthQuota, QuotaError, suggestTargets } from '../quota/quota.js';
import { monthlyStats, writePublicResults, writeStatsReport } from '../quota/reports.js';
import { readUnitFile, unitMembers } from '../quota/units.js';
import { openDatabase, type Db } from '../store/database.js';
import { importUnits, listCases, listUnits } from '../store/units.js';
import { addPlatformReportCommand } from './campaign-command.js';
import { EXIT } from './exit-codes.js';
import { commaList, consoleActor, out, printListing, withDatabase } from './output.js';



function showQuota(db: Db, month: string): void {
  const q = monthQuota(db, month);
  if (!q.units.length) throw new QuotaError('尚未导入单位 (no units: run wangjian unit import <file>)');
  out(`${month} 网上检查（北京时间 ${q.firstDay} 至 ${q.lastDay}）：剩余 ${q.daysLeft} 天`);
  const suggestions = suggestTargets(db, q);
  for (const u of q.units) {
    const mark = u.below ? `  未完成 below quota${q.daysLeft ? '' : ' (month over)'}` : '';
    out(`${u.unit.id.padEnd(14)} ${String(u.checks.length).padStart(3)}/${u.unit.quota}  ${u.unit.name}${mark}`);
    for (const s of suggestions.get(u.unit.id) ?? []) {
      const violations = s.open.filter((f) => f.verdict === 'violation').length;
      out(`    建议 ${s.platform.id}  ${s.platform.name}：${s.open.length} open findings (${violations} violations), nightly run ${s.runId}`);
      out(`         wangjian quota --accept ${u.unit.id}:${s.platform.id} --inspectors <id>,<id>`);
    }
    if (u.below && !suggestions.get(u.unit.id)?.length) out('    (no nightly findings in the jurisdiction to suggest)');
  }
  if (q.unattributed.length) out(`${q.unattributed.length} signed check(s) of no known unit: inspections ${q.unattributed.map((c) => c.inspectionId).join(', ')}`);
}

export function addQuotaCommands(program: Command): void {
  const unit = program.command('unit').description('units (county bureaus, city sections) with their jurisdiction and monthly online-check quota');
  unit
    .command('import <file>')
    .description('validate a units file (XLSX, CSV or JSON: id, name, kind, regions, quota, parent) and store it')
    .action(async (file: string) => {
      const units = await readUnitFile(file);
      withDatabase((db) => importUnits(db, units, file));
      out(`imported ${units.length} units from ${file}`);
    });
  unit
    .command('list')
    .description('the units stored, with their quota, jurisdiction and members (accounts whose unit is the unit)')
    .action(() =>
      withDatabase((db) => {
        printListing(listUnits(db), 'no units stored yet: wangjian unit import <file> stores them', (u) => {
          const members = unitMembers(db, u);
          return `${u.id}\t${u.name}\t${u.kind}\tquota ${u.quota}\t${u.regions.join(';')}\t${u.parent ?? '-'}\t${members.length ? members.map((m) => m.id).join(',') : '(no accounts)'}`;
        });
      }),
    );

  program
    .command('quota')
    .description('monthly online checks (每月线上检查) of every unit: count / quota, days left, suggested targets')
    .option('--month <YYYY-MM>', 'the month, in 北京时间 (default: this month)')
    .option('--accept <unit:platform>', 'accept a suggestion: a routine inspection of the platform for the unit, bound to its nightly findings')
    .option('--inspectors <ids>', 'with --accept: the two (or more) inspectors, comma-separated', commaList)
    .action((flags: { month?: string; accept?: string; inspectors?: string[] }, cmd: Command) => {
      withDatabase((db) => {
        if (flags.accept === undefined) return showQuota(db, flags.month ?? beijingMonth(new Date()));
        const [unitId, platformId] = flags.accept.split(':');
        if (!unitId || !platformId) cmd.error('error: --accept takes <unit id>:<platform id>', { exitCode: EXIT.badInput });
        if (!flags.inspectors) cmd.error('error: --accept needs --inspectors <id>,<id>', { exitCode: EXIT.badInput });
        const inspection = acceptSuggestion(db, { unit: unitId!, platformId: platformId!, inspectors: flags.inspectors!, actor: consoleActor() });
        out(`inspection ${inspection.id}: ${inspection.platform.name} for ${inspection.unit}, inspectors ${inspection.inspectors.join(', ')}, findings of run ${inspection.runId}, due ${inspection.deadline}`);
      });
    });

  const cases = program.command('case').description('cases (查处网络违法案件) for the statistics table 附件2');
  cases
    .command('add')
    .description('record a case decided by a unit')
    .requiredOption('--unit <id>', 'the unit (id or name)')
    .requiredOption('--kind <kind>', `the main violation: ${CASE_KINDS.map((k) => k.id).join(', ')} (or the table's Chinese name)`)
    .requiredOption('--decision-no <no>', '行政处罚决定书 number')
    .requiredOption('--date <YYYY-MM-DD>', "the decision's date")
    .option('--fine <万元>', '罚没款 in 万元', '0')
    .option('--platform <id>', 'the platform concerned')
    .option('--transferred', '移送公安机关 (transferred to the police)')
    .action((flags: { unit: string; kind: string; decisionNo: string; date: string; fine: string; platform?: string; transferred?: boolean }) => {
      const c = withDatabase((db) =>
        recordCase(db, { unit: flags.unit, kind: flags.kind, platform: flags.platform, decisionNo: flags.decisionNo, fineWan: flags.fine, transferred: flags.transferred ?? false, date: flags.date, actor: consoleActor() }),
      );
      out(`case ${c.id}: ${c.decisionNo}, ${c.unit}, ${c.kind}, ${wan(c.fineYuan)} 万元${c.transferred ? ', 移送公安机关' : ''}`);
    });
  cases
    .command('list')
    .description('the cases recorded')
    .option('--month <YYYY-MM>', 'only those decided in the month')
    .action((flags: { month?: string }) =>
      withDatabase((db) => {
        const b = flags.month === undefined ? undefined : monthBounds(flags.month);
        printListing(
          listCases(db, b && { from: b.firstDay, to: b.lastDay }),
          flags.month === undefined ? 'no cases recorded yet: wangjian case add records one' : `no cases decided in ${flags.month}`,
          (c) => `${c.id}\t${c.decidedOn}\t${c.unit}\t${c.kind}\t${c.decisionNo}\t${wan(c.fineYuan)} 万元\t${c.transferred ? '移送公安机关' : '-'}\t${c.platformId ?? '-'}`,
        );
      }),
    );

  const report = program.command('report').description('reports: the monthly statistics table (附件2), the public results list (一公开) and the results for the provincial platform');
  report
    .command('stats')
    .description('专项行动情况统计表 (附件2) of a unit (with the units below it) or of the city, as XLSX and CSV')
    .requiredOption('--month <YYYY-MM>', 'the month, in 北京时间')
    .option('--unit <id>', 'the unit (default: the whole city)')
    .requiredOption('--out <dir>', 'folder to write to')
    .action(async (flags: { month: string; unit?: string; out: string }) => {
      const stats = withDatabase((db) => monthlyStats(db, flags.month, flags.unit));
      const files = await writeStatsReport(stats, flags.out, stats.units.length === 1 ? stats.units[0]!.id : (flags.unit ?? 'city'));
      out(`${stats.unitName} ${flags.month}: ${stats.online} online checks, ${stats.onsite} on-site, ${stats.cases.length} cases\n${files.join('\n')}`);
    });
  report
    .command('public')
    .description('the results of the signed checks of a campaign or a month, for publication (一公开), as XLSX and CSV')
    .option('--campaign <id>', 'the campaign')
    .option('--month <YYYY-MM>', 'the month, in 北京时间')
    .requiredOption('--out <dir>', 'folder to write to')
    .action(async (flags: { campaign?: string; month?: string; out: string }) => {
      const db = openDatabase(paths.database);
      try {
        const { files, rows } = await writePublicResults(db, { campaign: flags.campaign, month: flags.month }, flags.out);
        out(`${rows} checked targets\n${files.join('\n')}`);
      } finally {
        db.close();
      }
    });
  addPlatformReportCommand(report);
}
