// `wangjian documents list` and `wangjian documents diff`: the versions scans stored of each
// platform's agreement and rules documents, and what changed between two of them.
import { type Command, InvalidArgumentError } from 'commander';
import type { Comparison } from '../documents/compare.js';
import { paths } from '../paths.js';
import { openDatabase } from '../store/database.js';
import type { StoredVersion } from '../store/documents.js';
import { EXIT } from './exit-codes.js';

const version = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a version is a whole number of at least 1');
  return n;
};

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const label = (v: StoredVersion) => `《${v.title}》 第${v.version}版 ${v.url} 见于 ${when(v.firstSeenAt)} 至 ${when(v.lastSeenAt)} sha256 ${v.sha256.slice(0, 16)}`;

export function addDocumentsCommands(program: Command): void {
  const documents = program.command('documents').description('versions of the agreement and rules documents the scans captured');
  documents
    .command('list')
    .description('each platform document and its versions, with dates and hashes')
    .option('--platform <id>', 'only this platform')
    .action(async (flags: { platform?: string }) => {
      // Loaded here: documents bring the document-text rules and their HTML parser, which the other commands do without.
      const { listDocuments } = await import('../store/documents.js');
      const db = openDatabase(paths.database);
      try {
        const docs = listDocuments(db, flags.platform !== undefined ? { platformId: flags.platform } : {});
        if (!docs.length) process.stdout.write('no documents stored yet: a scan stores them when it captures agreement or rules pages\n');
        for (const d of docs) {
          process.stdout.write(`${d.platformId}\t${d.id}\t${d.kind}\t${d.title}\t${d.url}\n`);
          for (const v of d.versions) process.stdout.write(`  v${v.version}\t${when(v.firstSeenAt)} → ${when(v.lastSeenAt)}\t${v.sightings} scan${v.sightings > 1 ? 's' : ''}\tsha256 ${v.sha256}\n`);
        }
      } finally {
        db.close();
      }
    });
  documents
    .command('diff <platform> <doc-id>')
    .description('what changed between two versions of a document (default: the last two), sentence by sentence')
    .option('--from <v>', 'older version', version)
    .option('--to <v>', 'newer version', version)
    .action(async (platformId: string, docId: string, flags: { from?: number; to?: number }, cmd: Command) => {
      const [{ documentComparison, DocumentsError }, { documentDiffText }] = await Promise.all([import('../documents/compare.js'), import('../documents/diff.js')]);
      const db = openDatabase(paths.database);
      let comparison: Comparison;
      try {
        comparison = documentComparison(db, platformId, Number(docId), flags);
      } catch (error) {
        if (error instanceof DocumentsError) return cmd.error(`error: ${error.message}`, { exitCode: EXIT.badInput });
        throw error;
      } finally {
        db.close();
      }
      const { from, to } = comparison;
      if (from) process.stdout.write(`${documentDiffText(from.text, to.text, { from: label(from), to: label(to) })}\n`);
      else process.stdout.write(`${label(to)}\nonly one version stored: nothing to compare yet\n`);
    });
}
