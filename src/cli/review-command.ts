// `wangjian review` and `wangjian record`: the review of draft findings and the online check
// record (网上检查记录表) from the command line, for offline and scripted use. The same functions
// as the review pages, so the same rules (who may act, the version one saw, the content one signs)
// and the same audit entries, naming the account given with --as.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { VERDICTS } from '../../rules/types.js';
import { evidencePointer } from '../findings/pointer.js';
import { paths } from '../paths.js';
import { checkName, STATUS_NAMES, VERDICT_NAMES } from '../review/check-names.js';
import type { RecordOutcome } from '../review/record-form.js';
import { assertMayAct, itemToActOn, ReviewError } from '../review/acts.js';
import { recordFormStatus, recordPdf, recordState, removalsCount, saveOutcome, signRecord } from '../review/record-steps.js';
import { getUser } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { addItem, amendItem, BULK_VERDICTS, CHECK_MODES, confirmAll, confirmItem, rejectItem } from '../review/items.js';
import { getInspection, listInspections, type Inspection } from '../store/inspections.js';
import { reviewItems, type ItemVersion, type ReviewItem } from '../store/review-items.js';
import { EXIT } from './exit-codes.js';
import { out, printListing, withDatabase } from './output.js';


export function inspectionOf(db: Db, id: string): Inspection {
  const inspection = /^\d{1,15}$/.test(id) ? getInspection(db, Number(id)) : undefined;
  if (!inspection) throw new ReviewError(`no inspection ${id} (wangjian review list shows them)`);
  return inspection;
}

/** The account acting: it must exist and be active. */
export function actor(db: Db, id: string): string {
  const user = getUser(db, id);
  if (!user) throw new ReviewError(`--as ${id}: no such account (wangjian user commaList)`);
  if (user.disabledAt) throw new ReviewError(`--as ${id}: the account is disabled`);
  return user.id;
}

/** The item, when the actor may act on its inspection and, given --version, still holds the version seen. */
const actableItem = (db: Db, itemId: string, by: string, seen: string | undefined): ReviewItem => itemToActOn(db, { itemId, userId: by, seenVersion: seen }).item;

const counts = (items: readonly ReviewItem[]) =>
  (['draft', 'confirmed', 'rejected'] as const).map((s) => `${STATUS_NAMES[s]} ${items.filter((i) => i.current.status === s).length}`).join(' ');

function itemLines(item: ReviewItem): string[] {
  const v = item.current;
  const pointer = evidencePointer(v.details);
  const box = pointer.box ? ` box ${[pointer.box.x, pointer.box.y, pointer.box.width, pointer.box.height].map(Math.round).join(',')}` : '';
  return [
    `item ${item.id}  v${v.version}  ${STATUS_NAMES[v.status]}  ${VERDICT_NAMES[v.verdict]}  ${item.checkId} ${checkName(item.checkId)}`,
    `    ${v.summary}`,
    `    ${v.subject}`,
    ...v.evidence.map((e) => `    ${e.kind} ${e.path} sha256 ${e.sha256}${e.kind === 'screenshot' ? box : ''}`),
    ...(v.reason ? [`    理由：${v.reason}`] : []),
  ];
}

const outcomeFlags = (f: OutcomeFlags): RecordOutcome => ({
  rectificationOrdered: f.rectification === true,
  removalsDemanded: removalsCount(f.removals ?? ''),
  closureRequested: f.closure === true,
  caseOpened: f.case === true,
  note: f.note?.trim() ?? '',
});

interface OutcomeFlags {
  as?: string;
  rectification?: boolean;
  removals?: string;
  closure?: boolean;
  case?: boolean;
  note?: string;
}

export function addReviewCommands(program: Command): void {
  const review = program.command('review').description('the review of draft findings, as on the review pages (wangjian serve)');
  review
    .command('list')
    .description('inspections, with how far each review has come')
    .option('--inspector <id>', 'only those this account is matched to')
    .action((flags: { inspector?: string }) =>
      withDatabase((db) =>
        printListing(listInspections(db, flags.inspector ? { inspector: flags.inspector } : {}), 'no inspections', (i) => {
          const items = reviewItems(db, i.id);
          return `${i.id}\t${i.platform.id}\t${i.platform.name}\t${i.campaignName ?? (i.origin === 'routine' ? '日常网上检查' : '—')}\t${i.inspectors.join(',')}\t${i.runId ?? '未扫描'}\t${counts(items)}\t记录表 ${recordFormStatus(db, i)}\t${i.deadline ?? ''}`;
        }),
      ),
    );
  review
    .command('show <inspection>')
    .description("an inspection's results: each item with its version, status, verdict, summary and evidence")
    .action((id: string) =>
      withDatabase((db) => {
        const inspection = inspectionOf(db, id);
        out(`inspection ${inspection.id}: ${inspection.platform.name} (${inspection.platform.id}), scan ${inspection.runId ?? '—'}, inspectors ${inspection.inspectors.join(', ')}`);
        printListing(reviewItems(db, inspection.id), 'no results', (item) => itemLines(item).join('\n'));
      }),
    );
  /**
   * A command acting on one result as the account --as, which must be matched to its inspection,
   * at the --version read when given; `check` refuses bad flags before anything is looked up.
   */
  const act = <F extends { as: string; version?: string }>(
    name: string,
    describe: string,
    options: (cmd: Command) => Command,
    change: (db: Db, itemId: number, by: string, f: F) => ItemVersion,
    check: (f: F) => void = () => undefined,
  ) =>
    options(
      review
        .command(`${name} <item>`)
        .description(describe)
        .requiredOption('--as <account>', 'the inspector acting (an account matched to the inspection)')
        .option('--version <n>', 'the version of the item read (as the review page sends it): refused when it has changed since'),
    ).action((itemId: string, f: F) =>
      withDatabase((db) => {
        check(f);
        const by = actor(db, f.as);
        const v = change(db, actableItem(db, itemId, by, f.version).id, by, f);
        out(`item ${itemId}: ${STATUS_NAMES[v.status]}, version ${v.version}`);
      }),
    );
  act<{ as: string; version?: string; note?: string }>(
    'confirm',
    'confirm a draft result',
    (cmd) => cmd.option('--note <text>', 'a note kept with the confirmation'),
    (db, id, by, f) => confirmItem(db, id, by, f.note),
  );
  act<{ as: string; version?: string; reason: string }>(
    'reject',
    'reject a draft result, with the reason',
    (cmd) => cmd.requiredOption('--reason <text>', 'why the result is wrong'),
    (db, id, by, f) => rejectItem(db, id, by, f.reason),
  );
  act<{ as: string; version?: string; summary?: string; verdict?: string }>(
    'amend',
    "a new version of a result in the inspector's words or with another verdict; it stays to be confirmed",
    (cmd) => cmd.option('--summary <text>', 'the summary as it should read').option('--verdict <verdict>', VERDICTS.join(' | ')),
    (db, id, by, f) => amendItem(db, id, by, { summary: f.summary, verdict: f.verdict }),
    (f) => {
      if (f.summary === undefined && f.verdict === undefined) throw new ReviewError('amend needs --summary or --verdict; nothing was changed');
    },
  );
  review
    .command('confirm-all <inspection>')
    .description('confirm every draft of the inspection (or of one check) with a compliant or not-checked verdict; violations and needs-review are confirmed one by one')
    .requiredOption('--as <account>', 'the inspector acting (an account matched to the inspection)')
    .requiredOption('--verdict <verdict>', BULK_VERDICTS.join(' | '))
    .option('--check <id>', 'only the drafts of this check')
    .action((id: string, f: { as: string; verdict: string; check?: string }) =>
      withDatabase((db) => {
        const inspection = inspectionOf(db, id);
        const by = actor(db, f.as);
        assertMayAct(by, inspection);
        const confirmed = confirmAll(db, inspection.id, by, { verdict: f.verdict, ...(f.check ? { checkId: f.check } : {}) });
        printListing(confirmed, 'no draft to confirm', (item) => `item ${item.id}: ${STATUS_NAMES[item.current.status]}, version ${item.current.version}`);
      }),
    );
  review
    .command('add <inspection>')
    .description("a result of the inspector's own: a problem the scan missed, or an item only a written or on-site check decides (item-6, 7, 13, 14, 16)")
    .requiredOption('--as <account>', 'the inspector recording it (an account matched to the inspection)')
    .requiredOption('--check <id>', 'a check id or item-N')
    .requiredOption('--verdict <verdict>', VERDICTS.join(' | '))
    .requiredOption('--summary <text>', 'what was found')
    .option('--subject <text>', 'what it is about (a page, a seller)')
    .option('--mode <mode>', `how it was checked: ${CHECK_MODES.join(' | ')}`)
    .action((id: string, f: { as: string; check: string; verdict: string; summary: string; subject?: string; mode?: string }) =>
      withDatabase((db) => {
        const inspection = inspectionOf(db, id);
        const by = actor(db, f.as);
        assertMayAct(by, inspection);
        const item = addItem(db, inspection.id, by, { checkId: f.check, verdict: f.verdict, summary: f.summary, mode: f.mode, ...(f.subject ? { subject: f.subject } : {}) });
        out(`item ${item.id}: ${STATUS_NAMES[item.current.status]}, version ${item.current.version}`);
      }),
    );

  const record = program.command('record').description('the online check record (网上检查记录表) of an inspection');
  record
    .command('build <inspection>')
    .description("the form as it stands: what is still pending and the content's SHA-256 one signs; with --as, saves the 处理结果 first")
    .option('--as <account>', 'the inspector saving the 处理结果 (an account matched to the inspection)')
    .option('--rectification', '责令整改')
    .option('--removals <n>', '督促删除违法商品信息条数')
    .option('--closure', '提请关闭网站')
    .option('--case', '立案')
    .option('--note <text>', '其他处理情况')
    .action((id: string, f: OutcomeFlags) =>
      withDatabase((db) => {
        const inspection = inspectionOf(db, id);
        if (f.as !== undefined) saveOutcome(db, inspection, actor(db, f.as), outcomeFlags(f));
        const s = recordState(db, inspection);
        out(`record form of inspection ${inspection.id}: version ${s.meta.version}, ${recordFormStatus(db, inspection)}${s.frozen ? ' (content frozen by a signature)' : ''}`);
        out(`signatures: ${inspection.inspectors.map((p) => `${p} ${s.meta.signatures.some((x) => x.inspector === p) ? 'signed' : 'to sign'}`).join(', ')}`);
        for (const p of s.built?.pending ?? []) out(`pending: ${p}`);
        out(`content sha256: ${s.contentSha256}`);
      }),
    );
  record
    .command('sign <inspection>')
    .description('sign the form as `record build` showed it; the second signature makes it signed and prints the PDF')
    .requiredOption('--as <account>', 'the inspector signing (one of the inspection’s inspectors)')
    .requiredOption('--sha256 <hash>', 'the content SHA-256 `record build` printed: a form changed since is not signed')
    .action((id: string, f: { as: string; sha256: string }) =>
      withDatabase(async (db) => {
        const inspection = inspectionOf(db, id);
        const { form, pdf } = await signRecord(db, inspection, actor(db, f.as), f.sha256, paths.root);
        if (form.status !== 'signed') return out(`signed by ${f.as}; the results are locked until the other inspector signs (version ${form.version})`);
        if (pdf instanceof Error) {
          process.stderr.write(`wangjian: the form is signed (version ${form.version}), but printing its PDF failed: ${pdf.message}; \`wangjian record pdf ${inspection.id} --as ${f.as} --out <file>\` prints it again and keeps it\n`);
          process.exitCode = EXIT.failed;
          return;
        }
        out(`signed (version ${form.version}); PDF ${pdf?.path} sha256 ${pdf?.sha256}`);
      }),
    );
  record
    .command('pdf <inspection>')
    .description('write the PDF of the newest signed version (its kept file), of --version, or of the draft as it stands')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--version <n>', 'the version to print')
    .option('--as <account>', 'when the signed version’s kept PDF is missing or altered: print it again and keep it, by this account')
    .action((id: string, f: { out: string; version?: string; as?: string }) =>
      withDatabase(async (db) => {
        const inspection = inspectionOf(db, id);
        if (f.version !== undefined && !/^\d{1,6}$/.test(f.version)) throw new ReviewError(`--version expects a whole number, not "${f.version}"`);
        const { pdf } = await recordPdf(db, inspection, f.version === undefined ? undefined : Number(f.version), paths.root, f.as === undefined ? undefined : actor(db, f.as));
        writeFileSync(f.out, pdf);
        out(`${f.out}: ${pdf.length} bytes`);
      }),
    );
}
