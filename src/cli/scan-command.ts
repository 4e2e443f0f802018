// `wangjian scan` (also run by the demo): progress on stderr, the summary on stdout, and
// Ctrl-C stopping cleanly with what was done kept.
import { join } from 'node:path';
import { readSearchProfiles } from '../crawl/search.js';
import { DEFAULT_VISIT_OPTIONS, platformsAtOnce, type VisitOptions } from '../crawl/options.js';
import { paths } from '../paths.js';
import { progressLine, summaryTable } from '../scan/report.js';
import { scan, type ScanEvent, type ScanResult } from '../scan/scan.js';
import { writeCampaignRoster } from '../nightly/selection.js';
import { openDatabase } from '../store/database.js';
import { jobs } from '../store/scans.js';
import type { Rule } from '../../rules/types.js';
import { EXIT } from './exit-codes.js';
import { stopOnSignal } from './interrupt.js';

export interface ScanFlags {
  /** Exactly one of a roster file and a campaign whose current draw's targets are scanned. */
  platforms?: string;
  campaign?: string;
  only?: string[];
  checks?: string[];
  out?: string;
  resume?: string;
  fresh?: boolean;
  /** Platforms at once; by default as many as keep the machine busy (platformsAtOnce). */
  concurrency?: number;
  perHost: number;
  rpm: number;
  maxPages: number;
  navTimeout: number;
  userAgent?: string;
  keywords?: string[];
  products?: number;
  profiles?: string;
  /** A Redis URL: the visits go on its queue for `wangjian worker` processes, this process stores what they return. */
  redis?: string;
}

export function visitOptions(flags: ScanFlags): VisitOptions {
  return {
    ...DEFAULT_VISIT_OPTIONS,
    concurrencyPerHost: flags.perHost,
    requestsPerMinute: flags.rpm,
    maxPages: flags.maxPages,
    navigationTimeoutSecs: flags.navTimeout,
    userAgent: flags.userAgent ?? DEFAULT_VISIT_OPTIONS.userAgent,
    keywords: flags.keywords ?? DEFAULT_VISIT_OPTIONS.keywords,
    productSample: flags.products ?? DEFAULT_VISIT_OPTIONS.productSample,
  };
}

/** Platforms visited at once: as asked, else as many as keep this machine busy at the politeness asked. */
export function platformConcurrency(flags: ScanFlags): number {
  return flags.concurrency ?? platformsAtOnce({ requestsPerMinute: flags.rpm, concurrencyPerHost: flags.perHost });
}

/** Runs a scan with progress on stderr and the summary on stdout; Ctrl-C stops it cleanly. */
export async function runScan(flags: ScanFlags, rules?: readonly Rule[]): Promise<ScanResult> {
  const db = openDatabase(paths.database);
  const stopping = stopOnSignal(
    flags.redis !== undefined
      ? 'stopping: the queued visits stay on the queue for the workers; resume to store them; Ctrl-C again to quit at once'
      : 'stopping: the platforms under way are dropped and redone on resume; Ctrl-C again to quit at once',
  );
  try {
    const { rosterPath, checks } = flags.campaign !== undefined ? writeCampaignRoster(db, flags.campaign, join(paths.storage, 'campaigns', flags.campaign)) : { rosterPath: flags.platforms!, checks: undefined };
    const request = {
      rosterPath,
      only: flags.only,
      checks: flags.checks ?? checks,
      outDir: flags.out,
      resume: flags.resume,
      fresh: flags.fresh,
      visit: visitOptions(flags),
      profiles: flags.profiles ? readSearchProfiles(flags.profiles) : undefined,
    };
    const onEvent = (e: ScanEvent) => process.stderr.write(progressLine(e) + '\n');
    // The workers run the configured rules: a command's own rule set (the demo's) stays local.
    const result =
      flags.redis !== undefined && !rules
        ? await (await import('../queue/coordinator.js')).scanOnQueue(db, { ...request, redisUrl: flags.redis }, stopping.signal, onEvent)
        : await scan(db, { ...request, platformConcurrency: platformConcurrency(flags), rules }, stopping.signal, onEvent);
    const platforms = jobs(db, result.run.id).map((j) => j.platform);
    process.stdout.write(`\n${summaryTable(platforms, result.run.checks, result.findings)}\n\n`);
    process.stdout.write(`${result.findings.length} findings in ${result.findingsFile}\n`);
    if (!result.complete) {
      process.stdout.write(`the scan was stopped; continue it with: npx wangjian scan ${flags.campaign !== undefined ? `--campaign ${flags.campaign}` : `--platforms ${flags.platforms}`} --resume ${result.run.id}\n`);
      process.exitCode = EXIT.interrupted;
    }
    return result;
  } finally {
    stopping.release();
    db.close();
  }
}

