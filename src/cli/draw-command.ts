// `wangjian draw` (双随机): draw, verify, publish and list inspection draws.
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { makeDraw } from '../draw/draw.js';
import { readCampaignInput, readDrawFile, readExclusionFile, readExclusions, readInspectorsInput, readPlatformsInput } from '../draw/inputs.js';
import { publishDraw } from '../draw/publish.js';
import { drawRecordSchema, type DrawRecord } from '../draw/record.js';
import { verifyDraw } from '../draw/verify.js';
import { paths } from '../paths.js';
import { openDatabase, type Db } from '../store/database.js';
import { getDraw, listDraws } from '../store/draws.js';
import { drawText, storeNewDraw, storeRematch } from '../review/draws.js';
import { rematchSlot } from '../draw/rematch.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import { consoleActor, printListing } from './output.js';

interface DrawFlags {
  campaign?: string;
  platforms?: string;
  inspectors?: string;
  seed?: string;
  out?: string;
  supersedes?: string;
  reason?: string;
}

async function runDraw(flags: DrawFlags, cmd: Command): Promise<void> {
  const missing = (['campaign', 'platforms', 'inspectors', 'seed'] as const).filter((k) => flags[k] === undefined);
  if (missing.length) cmd.error(`error: draw needs ${missing.map((k) => `--${k}`).join(', ')}`, { exitCode: EXIT.badInput });
  if ((flags.supersedes === undefined) !== (flags.reason === undefined)) cmd.error('error: a redraw names the draw it replaces with --supersedes <draw id> and says why with --reason "<text>"', { exitCode: EXIT.badInput });
  if (flags.out !== undefined && existsSync(flags.out)) cmd.error(`error: ${flags.out} exists already; a draw is never overwritten, so choose another --out`, { exitCode: EXIT.badInput });

  // Every input is read and checked before anything is drawn or stored.
  const { campaign, digest } = readCampaignInput(flags.campaign!);
  const exclude = readExclusions(campaign, flags.campaign!);
  const platforms = await readPlatformsInput(flags.platforms!);
  const inspectors = await readInspectorsInput(flags.inspectors!);
  const record = makeDraw({
    campaign,
    platforms: platforms.platforms,
    inspectors: inspectors.inspectors,
    exclude,
    seed: flags.seed!,
    digests: { campaign: digest, platforms: platforms.digest, inspectors: inspectors.digest },
    drawnAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    toolVersion: TOOL_VERSION,
    supersedes: flags.supersedes === undefined ? undefined : { drawId: flags.supersedes, reason: flags.reason! },
  });

  // with the roster drawn from, so that `nightly --campaign` finds the targets' records; the
  // targets become inspections for review at once
  const out = keepDraw(record, flags.out, (db) => storeNewDraw(db, record, { platforms: platforms.platforms, file: flags.platforms!, sha256: platforms.digest.sha256 }));

  process.stdout.write(`draw ${record.id}: ${record.targets.length} targets of campaign ${campaign.id}, written to ${out} and stored\n`);
  for (const s of record.strata) process.stdout.write(`  ${s.riskClass.padEnd(8)} ${String(s.drawn).padStart(3)} of ${String(s.eligible).padStart(3)} eligible (ratio ${s.ratio})\n`);
  for (const t of record.targets) process.stdout.write(`  ${t.platformId}\t${t.riskClass}\t检查人员 ${t.inspectors.join(', ')}${t.assistants.length ? `\t辅助人员 ${t.assistants.join(', ')}` : ''}\n`);
  const noRegion = record.leftOut.filter((l) => l.reason === 'no-region').length;
  if (noRegion) process.stderr.write(`wangjian: note: ${noRegion} platform${noRegion === 1 ? ' has' : 's have'} no region in the roster and ${noRegion === 1 ? 'was' : 'were'} left out (leftOut in ${out})\n`);
  for (const l of record.leftOut) {
    if (l.reason === 'closed') process.stderr.write(`wangjian: note: platform ${l.platformId} is ${l.status} and was not drawn from\n`);
    if (l.reason === 'not-on-duty') process.stderr.write(`wangjian: note: inspector ${l.inspectorId} is ${l.status}, not 在岗, and was not drawn\n`);
    if (l.reason === 'certificate-expired') process.stderr.write(`wangjian: note: inspector ${l.inspectorId}'s 执法证 expired on ${l.validUntil}, before the draw, and was not drawn\n`);
  }
}

/** Writes draw.json (never over a file) and stores the draw; the file is taken back when storing fails. */
function keepDraw(record: DrawRecord, out: string | undefined, store: (db: Db) => unknown): string {
  const file = out ?? join(paths.storage, 'draws', `${record.id}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, drawText(record), { flag: 'wx' });
  const db = openDatabase(paths.database);
  try {
    store(db);
  } catch (error) {
    unlinkSync(file);
    throw error;
  } finally {
    db.close();
  }
  return file;
}

/** The database's copy of a draw, to catch a draw.json edited after it was made. */
function storedRecord(id: string) {
  const db = openDatabase(paths.database);
  const found = getDraw(db, id);
  db.close();
  return found && drawRecordSchema.parse(JSON.parse(found.record));
}

export function addDrawCommands(program: Command): void {
  const draw = program
    .command('draw')
    .description('draw inspection targets and inspectors at random from a published seed (双随机), and store the draw')
    .enablePositionalOptions()
    .option('--campaign <file>', 'campaign file, JSON (shared/spec/formats.md)')
    .option('--platforms <file>', 'platform roster, XLSX, CSV or JSON')
    .option('--inspectors <file>', 'inspector roster, XLSX, CSV or JSON')
    .option('--seed <text>', 'the seed the bureau published before the draw (a date, a lottery number, any text)')
    .option('--out <file>', 'where to write the draw record (draw.json; default storage/draws/<draw id>.json); never overwritten')
    .option('--supersedes <draw-id>', 'redraw: the draw this one replaces')
    .option('--reason <text>', 'redraw: why')
    .action((flags: DrawFlags, cmd: Command) => runDraw(flags, cmd));

  draw
    .command('verify <draw-file>')
    .description('recompute a draw from its seed and the rosters, and report every difference')
    .requiredOption('--platforms <file>', 'the platform roster drawn from')
    .requiredOption('--inspectors <file>', 'the inspector roster drawn from')
    .option('--campaign <file>', 'also check the campaign file against the draw')
    .option('--exclude <files...>', 'also check the excluded draws\' files against the draw')
    .action(async (file: string, flags: { platforms: string; inspectors: string; campaign?: string; exclude?: string[] }) => {
      const record = readDrawFile(file);
      const stored = existsSync(paths.database) ? storedRecord(record.id) : undefined;
      const result = verifyDraw({
        record,
        platforms: await readPlatformsInput(flags.platforms),
        inspectors: await readInspectorsInput(flags.inspectors),
        campaign: flags.campaign === undefined ? undefined : readCampaignInput(flags.campaign),
        exclude: flags.exclude?.map((f) => readExclusionFile(f, f)),
        stored,
      });
      for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
      if (result.reproduced) {
        process.stdout.write(`verified: ${file} (draw ${record.id}, ${record.targets.length} targets) is reproduced exactly from seed ${JSON.stringify(record.seed)} and these inputs\n`);
      } else {
        process.stdout.write(`NOT verified: ${file} (draw ${record.id}) differs in ${result.problems.length} place${result.problems.length === 1 ? '' : 's'}:\n${result.problems.map((p) => `  ${p}\n`).join('')}`);
        process.exitCode = EXIT.failed;
      }
    });

  draw
    .command('publish <draw-file>')
    .description('write the public list (一公开): CSV and XLSX with the seed and how to verify')
    .requiredOption('--platforms <file>', 'the platform roster drawn from')
    .requiredOption('--inspectors <file>', 'the inspector roster drawn from')
    .requiredOption('--out <dir>', 'folder for the public files')
    .action(async (file: string, flags: { platforms: string; inspectors: string; out: string }) => {
      const files = await publishDraw({
        record: readDrawFile(file),
        drawFile: file,
        platforms: await readPlatformsInput(flags.platforms),
        inspectors: await readInspectorsInput(flags.inspectors),
        outDir: flags.out,
      });
      process.stdout.write(`published:\n${files.map((f) => `  ${f}\n`).join('')}`);
    });

  draw
    .command('rematch <draw-id>')
    .description('回避 declared after the draw: match one officer\'s slot at one target again (the targets and every other slot unchanged), on a stream of its own, as a draw superseding the stored one')
    .requiredOption('--platform <id>', 'the target')
    .requiredOption('--inspector <id>', 'the officer who declared the conflict')
    .requiredOption('--reason <text>', 'the conflict as declared (回避事由)')
    .requiredOption('--platforms <file>', 'the platform roster drawn from')
    .requiredOption('--inspectors <file>', 'the inspector roster drawn from')
    .option('--out <file>', 'where to write the new draw record (default storage/draws/<draw id>.json); never overwritten')
    .action(async (id: string, flags: { platform: string; inspector: string; reason: string; platforms: string; inspectors: string; out?: string }, cmd: Command) => {
      const stored = existsSync(paths.database) ? storedRecord(id) : undefined;
      if (!stored) cmd.error(`error: no draw ${id} in the database (see wangjian draw list)`, { exitCode: EXIT.badInput });
      const record = rematchSlot(
        { record: stored, platforms: (await readPlatformsInput(flags.platforms)).platforms, inspectors: await readInspectorsInput(flags.inspectors) },
        { platformId: flags.platform, inspectorId: flags.inspector, reason: flags.reason, declaredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
      );
      const out = keepDraw(record, flags.out, (db) => storeRematch(db, record, consoleActor()));
      const r = record.rematches!.at(-1)!;
      process.stdout.write(`draw ${record.id} supersedes ${id}: at ${r.platformId} ${r.replaced} is replaced by ${r.by} (stream ${r.stream}); written to ${out} and stored\n`);
    });

  draw
    .command('list')
    .description('list the draws stored')
    .action(() => {
      const db = openDatabase(paths.database);
      printListing(listDraws(db), 'no draws stored yet: wangjian draw --campaign … makes one', (d) => {
        const chain = [d.supersedes ? `supersedes ${d.supersedes} (${d.reason})` : '', d.supersededBy ? `superseded by ${d.supersededBy}` : 'current'].filter(Boolean).join('; ');
        return `${d.id}\t${d.campaignId}\t${d.drawnAt}\t${d.targets} targets\tseed ${JSON.stringify(d.seed)}\t${chain}`;
      });
      db.close();
    });

  draw
    .command('show <draw-id>')
    .description('print a stored draw record (draw.json) exactly as it was made')
    .action((id: string, _flags: unknown, cmd: Command) => {
      const db = openDatabase(paths.database);
      const found = getDraw(db, id);
      db.close();
      if (!found) cmd.error(`error: no draw ${id} in the database (see wangjian draw list)`, { exitCode: EXIT.badInput });
      process.stdout.write(found.record);
    });
}
