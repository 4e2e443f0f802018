// The `wangjian` command: every subcommand and its options. main.ts runs it and gives errors their
// exit status (exit-codes.ts).
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_VISIT_OPTIONS, platformsAtOnce } from '../crawl/options.js';
import { paths } from '../paths.js';
import { CHECK_IDS } from '../../rules/check-ids.js';
import { openDatabase } from '../store/database.js';
import { findingsFileOf, jobs, listRuns } from '../store/scans.js';
import { TOOL_VERSION } from '../version.js';
import { addCampaignCommands } from './campaign-command.js';
import { addDrawCommands } from './draw-command.js';
import { addDocumentsCommands } from './documents-command.js';
import { addEvidenceCommands } from './evidence-command.js';
import { EXIT } from './exit-codes.js';
import { commaList, out, printListing } from './output.js';
import { addQuotaCommands } from './quota-command.js';
import { addNightlyCommand } from './nightly-command.js';
import { addServeCommand, portNumber } from './serve-command.js';
import { addReviewCommands } from './review-command.js';
import { addSweepCommand } from './sweep-command.js';
import { addRosterCommands } from './roster-command.js';
import { addUserCommands } from './user-command.js';
import { addWorkerCommand } from './worker-command.js';
import type { ScanFlags } from './scan-command.js';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
  return n;
};

function addScanOptions(cmd: Command): Command {
  return addTargetAndVisitOptions(cmd.option('--only <ids>', 'scan only these platform ids (comma-separated)', commaList))
    .option('--out <dir>', 'run folder for findings.jsonl and evidence (default storage/runs/<run-id>)')
    .option('--resume <run-id>', 'continue an unfinished run')
    .option('--fresh', 'start a new run even if an unfinished one over the same roster exists');
}

/** Which platforms (a roster file or a campaign's draw, exactly one), what to check and how to visit: shared by scan and nightly. */
function addTargetAndVisitOptions(cmd: Command): Command {
  return cmd
    .option('--platforms <file>', 'platform roster, XLSX, CSV or JSON (README "Files in and out")')
    .option('--campaign <id>', "the targets of this campaign's current draw, from the platforms table; --checks defaults to the campaign's checks")
    .hook('preAction', (c) => {
      const { platforms, campaign } = c.opts<{ platforms?: string; campaign?: string }>();
      if ((platforms === undefined) === (campaign === undefined)) c.error(`error: ${c.name()} needs exactly one of --platforms <roster file> or --campaign <campaign id>`, { exitCode: EXIT.badInput });
    })
    .option('--checks <ids>', `run only these checks (comma-separated): ${CHECK_IDS.join(', ')}`, commaList)
    .addOption(new Option('--concurrency <n>', `platforms visited at once (default: as many as keep this machine busy at the per-host politeness, ${platformsAtOnce(DEFAULT_VISIT_OPTIONS)} here at the defaults)`).argParser(positiveInt('--concurrency')))
    .addOption(new Option('--per-host <n>', 'pages fetched at once from one host').argParser(positiveInt('--per-host')).default(DEFAULT_VISIT_OPTIONS.concurrencyPerHost))
    .addOption(new Option('--rpm <n>', 'requests a minute to one host').argParser(positiveInt('--rpm')).default(DEFAULT_VISIT_OPTIONS.requestsPerMinute))
    .addOption(new Option('--max-pages <n>', 'most pages sampled on one platform (the searches the checks need come on top)').argParser(positiveInt('--max-pages')).default(DEFAULT_VISIT_OPTIONS.maxPages))
    .addOption(new Option('--nav-timeout <seconds>', 'navigation timeout').argParser(positiveInt('--nav-timeout')).default(DEFAULT_VISIT_OPTIONS.navigationTimeoutSecs))
    .option('--user-agent <ua>', 'User-Agent header (the default names wangjian)')
    .option('--keywords <words>', `probe keywords for the platforms' own search (comma-separated; default ${DEFAULT_VISIT_OPTIONS.keywords.join(',')})`, commaList)
    .addOption(new Option('--products <n>', 'product pages sampled a platform, besides every paid-looking or 自营 result').argParser(positiveInt('--products')).default(DEFAULT_VISIT_OPTIONS.productSample))
    .option('--profiles <file>', 'JSON of platform id → {searchUrl, searchInput, resultItem} where a site defeats detection');
}

export function buildProgram(): Command {
  // Positional options: `draw` has options of its own and subcommands with the same option names.
  const program = new Command('wangjian')
    .description('网监: compliance scans of e-commerce platforms for market-regulation bureaus')
    .version(TOOL_VERSION)
    .enablePositionalOptions()
    // Usage errors throw instead of exiting, so that main.ts gives them the status of bad input;
    // every subcommand inherits this.
    .exitOverride();

  addScanOptions(
    program
      .command('scan')
      .description('scan the platforms of a roster, or the targets of a campaign\'s draw, run the checks, write findings.jsonl'),
  )
    .option('--redis <url>', 'put the visits on the queue of this Redis for `wangjian worker` processes (README "Scans across machines")')
    .action(async (flags: ScanFlags) => {
    // Loaded here: the crawler (Crawlee, Playwright) is heavy, and only scans need it.
    const { runScan } = await import('./scan-command.js');
    await runScan(flags);
  });

  program
    .command('demo')
    .description('serve the built-in sample platforms on 127.0.0.1 and scan them')
    .option('--keep-serving', 'keep the sample sites running after the scan, to look at them in a browser')
    .option('--serve-only', 'only serve the sample platforms, at the addresses of examples/first-day/platforms.csv, until Ctrl-C')
    .option('--review', 'then seed a sample bureau (inspectors, demo accounts, a drawn campaign) and serve the review application')
    .option('--port <n>', 'port of the review application (with --review)', portNumber, 8080)
    .option('--host <address>', 'address of the review application (with --review)', '127.0.0.1')
    .action(async (flags: { keepServing?: boolean; serveOnly?: boolean; review?: boolean; port: number; host: string }, cmd: Command) => {
      if (flags.serveOnly && (flags.review || flags.keepServing)) cmd.error('error: --serve-only does not scan, so it goes with neither --review nor --keep-serving', { exitCode: EXIT.badInput });
      const { runDemo, serveSamplePlatforms } = await import('./demo-command.js');
      if (flags.serveOnly) return serveSamplePlatforms();
      await runDemo({ keepServing: flags.keepServing ?? false, review: flags.review ? { port: flags.port, host: flags.host } : undefined });
    });

  addRosterCommands(program);

  program
    .command('runs')
    .description('list recent scan runs')
    .action(() => {
      const db = openDatabase(paths.database);
      printListing(listRuns(db), 'no scan runs yet: wangjian scan makes one', (r) => {
        const all = jobs(db, r.id);
        const done = all.filter((j) => j.status === 'done').length;
        return `${r.id}\t${r.status}\t${done}/${all.length} platforms\t${r.startedAt}\t${findingsFileOf(r)}${r.rejudgedFrom ? `\trejudged from ${r.rejudgedFrom}` : ''}`;
      });
      db.close();
    });

  program
    .command('rejudge')
    .description('judge a run again with the current rules, from its stored evidence (no browser, no network), as a new run; print the verdicts that changed')
    .argument('<run-id>', 'the run to judge again (wangjian runs lists them)')
    .option('--checks <ids>', `judge only these checks (comma-separated; default the run's): ${CHECK_IDS.join(', ')}`, commaList)
    .action(async (runId: string, flags: { checks?: string[] }) => {
      const { rejudge } = await import('../scan/rejudge.js');
      const db = openDatabase(paths.database);
      try {
        const r = rejudge(db, { runId, checks: flags.checks });
        const platforms = new Set(r.findings.map((f) => f.platformId)).size;
        out(`run ${r.run.id}: run ${r.original.id} judged again (${platforms} platforms, ${r.pages} pages, ${r.seconds.toFixed(1)} s, evidence unchanged)`);
        out(r.changes.length ? `${r.changes.length} of ${r.compared} platform × check verdicts changed:` : `none of ${r.compared} platform × check verdicts changed`);
        for (const c of r.changes) out(`  ${c.platformId}\t${c.checkId}\t${c.before ?? '(not judged)'} → ${c.after}`);
        out(`findings: ${r.findingsFile}`);
      } finally {
        db.close();
      }
    });

  addCampaignCommands(program);
  addDrawCommands(program);
  addDocumentsCommands(program);
  addEvidenceCommands(program);
  addQuotaCommands(program);
  addNightlyCommand(program, addTargetAndVisitOptions);
  addReviewCommands(program);
  addUserCommands(program);
  addServeCommand(program);
  addSweepCommand(program);
  addWorkerCommand(program);
  return program;
}
