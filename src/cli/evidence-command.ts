// `wangjian evidence`: pack a run folder's evidence as a WACZ, signed with the bureau's key when
// WANGJIAN_SIGNING_KEY names one and time-stamped when WANGJIAN_TSA_URL names a TSA, and verify a
// run folder or a pack (its time stamps against WANGJIAN_TSA_CA).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EvidenceError } from '../evidence/load.js';
import { readKeyFile } from '../evidence/signing.js';
import { configuredTsa } from '../evidence/timestamp.js';
import { paths } from '../paths.js';
import { openDatabase } from '../store/database.js';
import { EXIT } from './exit-codes.js';
import { actor, inspectionOf } from './review-command.js';
import { out } from './output.js';

/** The key WANGJIAN_SIGNING_KEY names (a PEM file), or null when none is configured. */
const configuredKey = (use: 'sign' | 'verify') => (process.env.WANGJIAN_SIGNING_KEY ? readKeyFile(process.env.WANGJIAN_SIGNING_KEY, use) : null);

export function addEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('evidence packs (WACZ) of a run folder, and whether evidence is as it was captured');
  evidence
    .command('pack')
    .description('pack a run folder\'s evidence as a WACZ 1.1.1, signed when WANGJIAN_SIGNING_KEY names a key')
    .argument('<run-folder>', 'the run folder (storage/runs/<run-id>, or a scan\'s --out)')
    .requiredOption('--out <file>', 'the pack to write, e.g. acme.wacz (never overwritten)')
    .option('--platform <id>', 'pack only this platform\'s evidence')
    .action(async (runDir: string, flags: { out: string; platform?: string }) => {
      // loaded here: the WARC and zip libraries only these commands need
      const { packEvidence } = await import('../evidence/wacz.js');
      const packed = await packEvidence(runDir, { out: flags.out, platformId: flags.platform, key: configuredKey('sign'), tsa: configuredTsa() });
      out(`${packed.out}: ${packed.pages} pages of ${packed.platforms.join(', ')} in ${packed.records} WARC records; datapackage ${packed.hash}${packed.signed ? ', signed' : ', not signed (no WANGJIAN_SIGNING_KEY)'}${packed.stamped ? `, time-stamped ${packed.stamped}` : ''}`);
    });
  evidence
    .command('verify')
    .description('re-hash a run folder\'s evidence against its manifests, or a pack against its datapackage, digest and signature; exit 1 when anything changed, is missing or was added')
    .argument('<run-folder|pack.wacz>', 'a run folder or an evidence pack')
    .action(async (target: string) => {
      if (!existsSync(target)) throw new EvidenceError(`${target} does not exist`);
      const { verifyPack, verifyRunFolder } = await import('../evidence/verify.js');
      const { ca } = configuredTsa();
      const result = statSync(target).isDirectory() ? verifyRunFolder(target, undefined, ca) : await verifyPack(target, configuredKey('verify'), ca);
      out(`${target}: ${result.notes.join('; ')}`);
      for (const p of result.problems) out(`${p.what.padEnd(9)} ${p.path}: ${p.detail}`);
      out(result.problems.length ? `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: the evidence is not as it was captured` : `all ${result.checked} files as they were captured`);
      if (result.problems.length) process.exitCode = EXIT.failed;
    });
  evidence
    .command('capture')
    .description('立即取证: capture one URL now for an inspection, attributed to the officer --as names, into its evidence (listed in its 电子数据提取笔录)')
    .argument('<inspection>', 'the inspection number (wangjian review list)')
    .argument('<url>', 'the page to capture, http or https')
    .requiredOption('--as <account>', 'the officer capturing (one of the inspection\'s inspectors or assistants)')
    .action(async (id: string, url: string, flags: { as: string }) => {
      const db = openDatabase(paths.database);
      try {
        const inspection = inspectionOf(db, id);
        const by = actor(db, flags.as);
        const { captureNow } = await import('../scan/capture-now.js');
        const { id: capture, folder, page, timeStamp } = await captureNow(db, inspection, url, by);
        out(`${folder}: capture ${capture} of ${page.finalUrl} by ${by}, ${page.failure ? `not captured (${page.failure.reason}: ${page.failure.message})` : `HTTP ${page.status}, ${page.files.length} files`}${timeStamp ? ('time' in timeStamp ? `; manifest time-stamped ${timeStamp.time}` : `; manifest NOT time-stamped: ${timeStamp.error}`) : ''}`);
      } finally {
        db.close();
      }
    });
  evidence
    .command('record')
    .description('print the 电子数据提取笔录 of an inspection\'s run: officers, time and its source, machine, tool, each URL\'s server and certificate, the steps, every file with its SHA-256')
    .argument('<inspection>', 'the inspection number (wangjian review list)')
    .requiredOption('--out <file>', 'the PDF to write')
    .action(async (id: string, flags: { out: string }) => {
      const db = openDatabase(paths.database);
      try {
        const inspection = inspectionOf(db, id);
        const { extractionRecordPdf } = await import('../review/extraction-record.js');
        const { pdf } = await extractionRecordPdf(db, inspection, paths.root, configuredTsa().ca);
        writeFileSync(flags.out, pdf);
        out(`${flags.out}: 电子数据提取笔录 of inspection ${inspection.id}, ${pdf.length} bytes`);
      } finally {
        db.close();
      }
    });
}
