// `wangjian user`: accounts of the review server. Accounts are made here, on the server's
// console, not in the web app: an account is an inspector of the roster, and whoever holds the
// console holds the database anyway.
import type { Command } from 'commander';
import { readInspectorRoster } from '../registry/inspectors.js';
import { readFileSync } from 'node:fs';
import { sha256 } from '../evidence/bundle.js';
import { AccountError, createUser, disableUser, listUsers, MIN_PASSWORD_LENGTH, ROLES, setPassword, syncAccounts, takeCertificates, transferAccount, type Role } from '../store/accounts.js';
import { findUnit } from '../store/units.js';
import type { Db } from '../store/database.js';
import { appendAudit } from '../store/audit-log.js';
import { consoleActor, out, printListing, withDatabase } from './output.js';
import { changeText } from './roster-command.js';

/** The first line of stdin, for scripts: `printf '%s\n' "$PW" | wangjian user add … --password-stdin`. */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new AccountError('not a terminal: give the password on stdin with --password-stdin');
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AccountError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return passwordFromStdin();
  const first = await promptHidden(`password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  const again = await promptHidden('password again: ');
  if (first !== again) throw new AccountError('the two passwords differ; nothing was changed');
  return first;
}

/** Account changes made on the console are part of the 执法全过程记录 too. */
function audit(db: Db, action: string, subject: string, after: unknown): void {
  appendAudit(db, { actor: null, action, subject, after: { ...(after as object), by: consoleActor() } });
}


export function addUserCommands(program: Command): void {
  const user = program.command('user').description('accounts of the review server (wangjian serve)');
  user
    .command('add <inspector-id>')
    .description('create an account for an inspector of the inspector roster')
    .requiredOption('--inspectors <file>', 'inspector roster (XLSX, CSV or JSON) holding the inspector: name, unit, region and 执法证号 are taken from it')
    .option('--role <role>', `${ROLES.join(' or ')}: a lead sees every inspection of the unit, the audit log and the accounts`, 'inspector')
    .option('--password-stdin', 'read the password from the first line of stdin instead of the terminal')
    .action(async (id: string, flags: { inspectors: string; role: string; passwordStdin?: boolean }) => {
      const inspector = (await readInspectorRoster(flags.inspectors)).find((i) => i.id === id);
      if (!inspector) throw new AccountError(`${flags.inspectors}: no inspector with the id "${id}"`);
      if (!(ROLES as readonly string[]).includes(flags.role)) throw new AccountError(`--role must be ${ROLES.join(' or ')}, not "${flags.role}"`);
      const password = await newPassword(flags.passwordStdin ?? false);
      const created = await withDatabase(async (db) => {
        const u = await createUser(db, inspector, flags.role as Role, password);
        audit(db, 'user-added', u.id, { name: u.name, unit: u.unit, certificate: u.certificate, role: u.role });
        return u;
      });
      process.stdout.write(`created ${created.role} ${created.id} (${created.name}, ${created.unit})\n`);
    });
  user
    .command('certificates')
    .description("take each account's 执法证号 from the inspector roster (printed on the record forms it signs)")
    .requiredOption('--inspectors <file>', 'inspector roster (XLSX, CSV or JSON)')
    .action(async (flags: { inspectors: string }) => {
      const roster = await readInspectorRoster(flags.inspectors);
      const changed = await withDatabase((db) => {
        const done = takeCertificates(db, roster);
        for (const c of done) audit(db, 'user-certificate', c.id, { before: c.before, after: c.after });
        return done;
      });
      printListing(changed, 'every account already has the roster\'s 执法证号', (c) => `${c.id}\t${c.before ?? '-'} -> ${c.after ?? '-'}`);
    });
  user
    .command('sync')
    .description("take each account's unit, 执法证号, 执法证有效期 and 状态 from the inspector roster: a new unit is a transfer, 退休 disables the login")
    .requiredOption('--inspectors <file>', 'inspector roster (XLSX, CSV or JSON)')
    .option('--dry-run', 'print what would change and write nothing')
    .action(async (flags: { inspectors: string; dryRun?: boolean }) => {
      const roster = await readInspectorRoster(flags.inspectors);
      const source = { file: flags.inspectors, sha256: sha256(readFileSync(flags.inspectors)), by: consoleActor(), at: new Date().toISOString() };
      const { changes, disabled } = await withDatabase((db) => {
        const done = syncAccounts(db, roster, { dryRun: flags.dryRun ?? false, source });
        if (!flags.dryRun) {
          for (const c of done.changes) audit(db, c.field === 'unit' ? 'user-transferred' : `user-${c.field}`, c.id, { before: c.before, after: c.after, file: flags.inspectors });
          for (const id of done.disabled) audit(db, 'user-disabled', id, { reason: '退休', file: flags.inspectors });
        }
        return done;
      });
      printListing(changes, "every account already is as the roster says", (c) => `${c.id}	${changeText({ change: 'changed', field: c.field, old: c.before, new: c.after })}${c.field === 'unit' ? ' (transfer)' : ''}`);
      for (const id of disabled) out(`${id}	disabled: 退休`);
      if (flags.dryRun) out('(dry run: nothing was written)');
    });
  user
    .command('transfer <id>')
    .description('move an account to another unit (调动): checks it signs from now on count for the new unit, those already signed stay with the old one')
    .requiredOption('--unit <unit>', 'the new unit, by its id or name in the units file (wangjian unit commaList)')
    .action(async (id: string, flags: { unit: string }) => {
      const change = await withDatabase((db) => {
        const unit = findUnit(db, flags.unit);
        if (!unit) throw new AccountError(`no unit "${flags.unit}" in the units file (see wangjian unit commaList)`);
        const done = transferAccount(db, id, unit.name, { file: null, sha256: null, by: consoleActor(), at: new Date().toISOString() });
        audit(db, 'user-transferred', id, { before: done.before, after: done.after });
        return done;
      });
      out(`${id} transferred: ${change.before} → ${change.after}`);
    });
  user
    .command('passwd <id>')
    .description("set an account's password; its sessions end")
    .option('--password-stdin', 'read the password from the first line of stdin instead of the terminal')
    .action(async (id: string, flags: { passwordStdin?: boolean }) => {
      const password = await newPassword(flags.passwordStdin ?? false);
      await withDatabase(async (db) => {
        await setPassword(db, id, password);
        audit(db, 'user-password', id, {});
      });
      process.stdout.write(`password of ${id} changed; its sessions are ended\n`);
    });
  user
    .command('disable <id>')
    .description('disable an account (it is kept: the audit log and signatures name it); its sessions end')
    .action(async (id: string) => {
      await withDatabase((db) => {
        disableUser(db, id);
        audit(db, 'user-disabled', id, {});
      });
      process.stdout.write(`${id} disabled\n`);
    });
  user
    .command('list')
    .description('list the accounts')
    .action(() =>
      withDatabase((db) => {
        printListing(listUsers(db), 'no accounts yet: wangjian user add <inspector id> --inspectors <roster> makes one', (u) => `${u.id}\t${u.name}\t${u.unit}\t${u.certificate ?? '-'}\t${u.role}\t${u.disabledAt ? `disabled ${u.disabledAt}` : 'active'}${u.status || u.validUntil ? `\t${[u.status, u.validUntil && `执法证有效期至 ${u.validUntil}`].filter(Boolean).join(' ')}` : ''}`);
      }),
    );
}
