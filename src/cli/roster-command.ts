// `wangjian roster`: the platform roster in the database, imported again as it changes, and the
// log of what each import changed.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { sha256 } from '../evidence/bundle.js';
import { paths } from '../paths.js';
import { readPlatformRoster } from '../roster/platforms.js';
import { openDatabase } from '../store/database.js';
import { importRoster, listRosterChanges, listRoster, type RosterChange, type RosterName } from '../store/roster.js';
import { beijingDay, beijingTime } from '../time.js';
import { EXIT } from './exit-codes.js';
import { consoleActor, out, printListing } from './output.js';

/** A field as the diff names it: the header offices write, then the field. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  name: '企业名称', uscc: '统一社会信用代码', url: '网址', platform: '平台名称', region: '所属区划', risk: '信用风险分类', status: '经营状态',
  unit: '单位', certificate: '执法证号', validUntil: '执法证有效期',
};

const shown = (v: string | null) => v ?? '(none)';

/** One line of a diff or of the change log, after the subject. */
export function changeText(c: Pick<RosterChange, 'change' | 'field' | 'old' | 'new'>): string {
  switch (c.change) {
    case 'added':
      return c.new === null ? 'added' : `added: ${c.new}`;
    case 'gone':
      return `gone from the roster (kept, marked 不在名录库 from ${c.new})`;
    case 'returned':
      return `back in the roster (gone from ${c.old})`;
    case 'changed':
      return `${FIELD_NAMES[c.field!] ?? c.field} (${c.field}): ${shown(c.old)} → ${shown(c.new)}`;
  }
}

const MARK = { added: '+', changed: '~', gone: '-', returned: '+' } as const;

export function addRosterCommands(program: Command): void {
  const roster = program.command('roster').description('the platform roster in the database');
  roster
    .command('import <file>')
    .description('validate a platform roster (XLSX, CSV or JSON) and store it; imported again, print what changed: added, each field old → new, gone (kept, marked gone from the roster)')
    .option('--dry-run', 'print what would change and write nothing')
    .action(async (file: string, flags: { dryRun?: boolean }) => {
      const platforms = await readPlatformRoster(file);
      const db = openDatabase(paths.database);
      let diff;
      try {
        diff = importRoster(db, platforms, { file, sha256: sha256(readFileSync(file)), by: consoleActor(), complete: true, dryRun: flags.dryRun ?? false });
      } finally {
        db.close();
      }
      const verb = flags.dryRun ? 'would import' : 'imported';
      out(`${verb} ${platforms.length} platforms from ${file}`);
      // The first import adds every platform: its diff would be the file again.
      if (diff.before === 0 || diff.changes.length === 0) return;
      // Platforms, not fields: one platform with two fields changed is one changed.
      const count = (kind: RosterChange['change']) => new Set(diff.changes.filter((c) => c.change === kind).map((c) => c.subject)).size;
      out(`${count('added')} added, ${count('changed')} changed, ${count('gone')} gone, ${count('returned')} back, ${diff.unchanged} unchanged${flags.dryRun ? ' (dry run: nothing was written)' : ''}`);
      for (const c of diff.changes) out(`${MARK[c.change]} ${c.subject}\t${changeText(c)}`);
    });
  roster
    .command('list')
    .description('list the platforms stored, with their 经营状态 and those gone from the roster')
    .action(() => {
      const db = openDatabase(paths.database);
      const platforms = listRoster(db);
      db.close();
      printListing(platforms, 'no platforms stored yet: wangjian roster import <file> stores a roster', (p) => `${p.id}\t${p.name}\t${p.uscc}\t${p.url}\t${p.risk}\t${p.goneAt ? `不在名录库 (gone from the roster ${beijingDay(p.goneAt)})` : (p.status ?? '-')}`);
    });
  roster
    .command('changes')
    .description('the change log of the rosters: what each import (and each transfer) changed, who, when, from which file')
    .option('--platform <id>', "only this platform's changes")
    .option('--inspector <id>', "only this inspector's (account's) changes")
    .action((flags: { platform?: string; inspector?: string }, cmd: Command) => {
      if (flags.platform !== undefined && flags.inspector !== undefined) cmd.error('error: give --platform or --inspector, not both', { exitCode: EXIT.badInput });
      const filter: { roster?: RosterName; subject?: string } = flags.platform !== undefined ? { roster: 'platforms', subject: flags.platform } : flags.inspector !== undefined ? { roster: 'inspectors', subject: flags.inspector } : {};
      const db = openDatabase(paths.database);
      const changes = listRosterChanges(db, filter);
      db.close();
      const whose = filter.subject === undefined ? '' : ` of ${filter.subject}`;
      printListing(changes, `no roster changes${whose} yet: wangjian roster import <file> logs each one`, (c) =>
        [beijingTime(c.at), c.roster === 'platforms' ? 'platform' : 'inspector', c.subject, changeText(c), c.file === null ? '(console)' : `${c.file}${c.sha256 ? ` sha256 ${c.sha256.slice(0, 12)}` : ''}`, c.by ?? '-'].join('\t'),
      );
    });
}
