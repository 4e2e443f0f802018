// `npm start` (`wangjian demo`): the built-in sample platforms served on 127.0.0.1 and scanned
// with every check, so a new user sees real findings from a real browser within a few minutes:
// six shops built for the licence and agreement checks, and eight for the search, listing and
// seller checks.
import { join } from 'node:path';
import { rulesWithTerms } from '../../rules/index.js';
import { BUILT_IN_TERMS } from '../../rules/lib/term-lists.js';
import type { Rule } from '../../rules/types.js';
import { DEFAULT_VISIT_OPTIONS } from '../crawl/options.js';
import { PLANTED_LISTINGS, startShopSites } from '../demo/shops/index.js';
import { startDemoSites, writeDemoRoster } from '../demo/sites.js';
import { paths } from '../paths.js';
import { runScan } from './scan-command.js';

export interface DemoOptions {
  /** Keep the sample sites up after the scan until Ctrl-C. */
  keepServing: boolean;
  /** Then seed a sample bureau and serve the review application on this port. */
  review?: { port: number; host: string } | undefined;
}

/**
 * Where `demo --serve-only` serves the sample platforms: the addresses of the sample roster in
 * examples/first-day/platforms.csv, six demo shops from the first port, then the eight shop
 * platforms.
 */
export const SAMPLE_PORTS = { sites: 18101, shops: 18107 } as const;

/** The sample platforms at the addresses of the first-day roster, without a scan, until Ctrl-C. */
export async function serveSamplePlatforms(): Promise<void> {
  const [sites, shops] = await Promise.all([startDemoSites(SAMPLE_PORTS.sites), startShopSites(SAMPLE_PORTS.shops)]);
  try {
    const platforms = [...sites.platforms, ...shops.platforms];
    // What is served, written as the demo writes its roster: the same bytes as the first-day roster.
    const roster = join(paths.storage, 'demo', 'roster.csv');
    await writeDemoRoster(platforms, roster);
    process.stdout.write(`serving ${platforms.length} sample platforms on 127.0.0.1 (roster ${roster}) until Ctrl-C:\n${platforms.map((p) => `  ${p.id}\t${p.url}`).join('\n')}\n`);
    await untilInterrupted();
  } finally {
    await Promise.all([sites.close(), shops.close()]);
  }
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const [sites, shops] = await Promise.all([startDemoSites(), startShopSites()]);
  const platforms = [...sites.platforms, ...shops.platforms];
  const roster = join(paths.storage, 'demo', 'roster.csv');
  await writeDemoRoster(platforms, roster);
  process.stderr.write(`serving ${platforms.length} sample platforms on 127.0.0.1; roster ${roster}\n`);
  try {
    // The sample sites are this process's own: no need for the gentle defaults of a real scan.
    const flags = {
      platforms: roster,
      fresh: true,
      concurrency: 2,
      perHost: 2,
      rpm: 600,
      maxPages: DEFAULT_VISIT_OPTIONS.maxPages,
      navTimeout: 10,
      keywords: ['手机', '纸巾'],
      products: 6,
    };
    await runScan(flags, demoRules());
    if (options.review) {
      await serveDemoReview(roster, options.review);
    } else if (options.keepServing) {
      process.stderr.write(`the sample sites stay up until Ctrl-C:\n${platforms.map((p) => `  ${p.id}\t${p.url}`).join('\n')}\n`);
      await untilInterrupted();
    } else {
      process.stderr.write('to review these findings in the browser as an inspector would: npx wangjian demo --review\n');
    }
  } finally {
    await Promise.all([sites.close(), shops.close()]);
  }
}

const untilInterrupted = () =>
  new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });

/** The review application over the demo scan, with a sample bureau, until Ctrl-C. */
async function serveDemoReview(roster: string, where: { port: number; host: string }): Promise<void> {
  const [{ buildApp }, { openDatabase }, { seedDemoReview, DEMO_PASSWORD }] = await Promise.all([import('../serve/app.js'), import('../store/database.js'), import('../demo/review.js')]);
  const db = openDatabase(paths.database);
  try {
    const seeded = await seedDemoReview(db, roster, join(paths.storage, 'demo'));
    const app = await buildApp({ db });
    const address = await app.listen({ port: where.port, host: where.host });
    const accounts = seeded.accounts.map((a) => `  ${a.id}  ${a.name}  ${a.role === 'lead' ? '负责人 (section lead)' : '检查人员 (inspector)'}`).join('\n');
    process.stdout.write(
      `\nreview application: ${address}/  (draw ${seeded.drawId}, ${seeded.inspections} targets)\n` +
        `demo accounts, password "${DEMO_PASSWORD}" (demo only):\n${accounts}\n` +
        'the sample sites and the server stay up until Ctrl-C\n',
    );
    await untilInterrupted();
    await app.close();
  } finally {
    db.close();
  }
}

/**
 * Every rule, prohibited-listings with only the keywords the sample platforms plant a listing
 * for: each keyword is a search on every platform, and the full list would make the demo slow.
 */
export function demoRules(): Rule[] {
  const [builtIn] = BUILT_IN_TERMS.prohibited;
  const planted = builtIn!.entries.filter((e) => PLANTED_LISTINGS.some((name) => name.includes(e.keyword)));
  return rulesWithTerms({ ...BUILT_IN_TERMS, prohibited: [{ ...builtIn!, version: `${builtIn!.version}-demo`, entries: planted }] });
}
