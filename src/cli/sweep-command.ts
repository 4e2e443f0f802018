// `wangjian sweep`: a list of self-built sites or shops checked for the display duties their own
// page decides. Progress on stderr (a line every few seconds: targets, pages a second, time left),
// the summary on stdout; Ctrl-C stops it cleanly, and the same command continues it.
import { Command, InvalidArgumentError, Option } from 'commander';
import { SWEEP_CHECKS, SWEEP_KINDS, type SweepKind } from '../../rules/sweep-checks.js';
import { EXIT } from './exit-codes.js';
import { stopOnSignal } from './interrupt.js';

interface SweepFlags {
  sites: string;
  kind?: SweepKind;
  checks?: string[];
  out?: string;
  resume?: string;
  fresh?: boolean;
  concurrency: number;
  perHost: number;
  rpm: number;
  navTimeout: number;
  browserTabs: number;
  userAgent?: string;
}

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
  return n;
};

/** Seconds as 42 s, 7 min or 3.2 h. */
const duration = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

export function addSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('check a list of self-built sites or in-platform shops for their licence display (and ICP number or registration mark), HTTP first')
    .requiredOption('--sites <file>', 'the list: XLSX or CSV (网站名称, 网址 or 域名, 经营者名称, 统一社会信用代码, 所属区划; shops: 平台, 店铺网址 …)')
    .addOption(new Option('--kind <kind>', 'self-built sites or shops (default: shops when the list has a 平台 column)').choices([...SWEEP_KINDS]))
    .option('--checks <ids>', `run only these (self-built: ${SWEEP_CHECKS['self-built'].join(', ')}; shop: ${SWEEP_CHECKS.shop.join(', ')})`, (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--out <dir>', 'folder for findings.jsonl, the summary, the breach lists and evidence (default storage/sweeps/<sweep id>)')
    .option('--resume <sweep-id>', 'continue an unfinished sweep')
    .option('--fresh', 'start a new sweep even if an unfinished one over the same list exists')
    .addOption(new Option('--concurrency <n>', 'pages fetched at once, across hosts').argParser(positiveInt('--concurrency')).default(64))
    .addOption(new Option('--per-host <n>', 'pages fetched at once from one host (shops of a platform share one)').argParser(positiveInt('--per-host')).default(1))
    .addOption(new Option('--rpm <n>', 'requests a minute to one host').argParser(positiveInt('--rpm')).default(20))
    .addOption(new Option('--nav-timeout <seconds>', 'time for a page to answer').argParser(positiveInt('--nav-timeout')).default(30))
    .addOption(new Option('--browser-tabs <n>', 'pages captured in Chromium at once (pages that need a script, and screenshots of findings)').argParser(positiveInt('--browser-tabs')).default(2))
    .option('--user-agent <ua>', 'User-Agent header (the default names wangjian)')
    .action(async (flags: SweepFlags) => {
      // Loaded here: the crawler (Crawlee, Playwright) is heavy, and only a sweep needs it.
      const { DEFAULT_SWEEP_OPTIONS, sweep } = await import('../sweep/sweep.js');
      const { formatSweepSummary } = await import('../sweep/report.js');
      const { openDatabase } = await import('../store/database.js');
      const { paths } = await import('../paths.js');
      const db = openDatabase(paths.database);
      const stopping = stopOnSignal('stopping: the sites under way are dropped and redone on resume; Ctrl-C again to quit at once');
      let shown = 0;
      try {
        const options = {
          ...DEFAULT_SWEEP_OPTIONS,
          concurrency: flags.concurrency,
          perHost: flags.perHost,
          requestsPerMinute: flags.rpm,
          navigationTimeoutSecs: flags.navTimeout,
          browserTabs: flags.browserTabs,
          userAgent: flags.userAgent ?? DEFAULT_SWEEP_OPTIONS.userAgent,
        };
        const result = await sweep(db, { sitesPath: flags.sites, kind: flags.kind, checks: flags.checks, outDir: flags.out, resume: flags.resume, fresh: flags.fresh, options }, stopping.signal, (e) => {
          if (e.type === 'sweep') {
            process.stderr.write(`sweep ${e.sweep.id}: ${e.total} ${e.sweep.kind === 'shop' ? 'shops' : 'sites'}${e.resumed ? `, resumed with ${e.remaining} to go` : ''}; folder ${e.sweep.outDir}\n`);
            return;
          }
          const now = Date.now();
          if (now - shown < 2_000 && e.done < e.total) return;
          shown = now;
          const rate = e.done - e.startedWith;
          const left = rate > 0 ? ((e.total - e.done) * e.seconds) / rate : null;
          process.stderr.write(`[sweep] ${e.done}/${e.total} · ${e.pages} pages, ${(e.pages / Math.max(e.seconds, 0.001)).toFixed(0)} a second · ${left === null ? '' : `about ${duration(left)} left`}\n`);
        });
        process.stdout.write(`\n${formatSweepSummary(result.summary)}\n\n`);
        process.stdout.write(`findings: ${result.findingsFile}\nin breach: ${result.reports.slice(1).join(', ')}\n`);
        if (!result.complete) {
          process.stdout.write(`the sweep was stopped; continue it with: npx wangjian sweep --sites ${flags.sites} --resume ${result.sweep.id}\n`);
          process.exitCode = EXIT.interrupted;
        }
      } finally {
        stopping.release();
        db.close();
      }
    });
}
