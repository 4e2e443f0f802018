// `wangjian campaign import`: the provincial platform's task export, matched to the roster and kept
// as a draw-like file a city's campaign names in `exclude`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../input-error.js';
import { readPlatformRoster } from '../roster/platforms.js';
import { readProvincialTask } from '../roster/task-list.js';
import { out } from './output.js';

export function addCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('campaigns made elsewhere: the provincial 双随机 platform’s tasks');
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
      out(`written to ${flags.out}; name it in a campaign's "exclude" to leave these platforms out of its draw`);
    });
}
