// `wangjian nightly`, for cron or a systemd timer: progress on stderr, a summary of one screen on
// stdout. The exit status says whether it ran, not what it found: 0 ran, 2 bad input, 75
// (EX_TEMPFAIL) another nightly holds the lock so this one did not run, 130 stopped.
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { stopOnSignal } from './interrupt.js';
import type { ScanFlags } from './scan-command.js';

type NightlyFlags = Omit<ScanFlags, 'only' | 'resume' | 'fresh'>;

async function runNightly(flags: NightlyFlags): Promise<void> {
  // Loaded here: the crawler (Crawlee, Playwright) is heavy, and only scans need it.
  const [{ nightly, NightlyLockedError }, { consoleSummary }, { selectFromCampaign, selectFromRoster }, { visitOptions, platformConcurrency }, { progressLine }, { readSearchProfiles }, { openDatabase }, { paths }] =
    await Promise.all([
      import('../nightly/nightly.js'),
      import('../nightly/report.js'),
      import('../nightly/selection.js'),
      import('./scan-command.js'),
      import('../scan/report.js'),
      import('../crawl/search.js'),
      import('../store/database.js'),
      import('../paths.js'),
    ]);
  const db = openDatabase(paths.database);
  const stopping = stopOnSignal('stopping: the platforms under way are dropped; the next nightly continues this one');
  try {
    const selection = flags.campaign !== undefined ? selectFromCampaign(db, flags.campaign) : await selectFromRoster(flags.platforms!);
    const result = await nightly(
      db,
      {
        selection,
        baseDir: flags.out,
        checks: flags.checks ?? selection.checks,
        platformConcurrency: platformConcurrency(flags),
        visit: visitOptions(flags),
        profiles: flags.profiles ? readSearchProfiles(flags.profiles) : undefined,
      },
      stopping.signal,
      (e) => process.stderr.write(`${e.type === 'log' ? `wangjian: ${e.message}` : progressLine(e)}\n`),
    );
    if (!result.report) {
      process.stdout.write(`nightly ${result.nightly.id} was stopped before every platform was scanned; the next nightly continues it\n`);
      process.exitCode = EXIT.interrupted;
      return;
    }
    process.stdout.write(`${consoleSummary(result.report, result.files!)}\n`);
  } catch (error) {
    if (error instanceof NightlyLockedError) {
      process.stderr.write(`wangjian: ${error.message}\n`);
      process.exitCode = EXIT.locked;
      return;
    }
    // a selection that cannot be made is bad input, told by main.ts like every other
    throw error;
  } finally {
    stopping.release();
    db.close();
  }
}

export function addNightlyCommand(program: Command, addTargetAndVisitOptions: (cmd: Command) => Command): void {
  addTargetAndVisitOptions(
    program
      .command('nightly')
      .description('scan, then report findings new, persisting and resolved since the previous complete run of each platform (for cron)')
      .option('--out <dir>', 'folder for the nightly folders (default storage/nightly); each nightly writes <dir>/<nightly id>/'),
  ).action((flags: NightlyFlags) => runNightly(flags));
}
