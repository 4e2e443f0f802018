// `npm start`: the built-in sample platforms served on 127.0.0.1 and scanned with every check,
// so a new user sees real findings from a real browser within a few minutes: six shops built for
// the licence and agreement checks, and three for the search, listing and seller checks.
import { join } from 'node:path';
import { runScan } from '../cli/scan-command.js';
import { DEFAULT_VISIT_OPTIONS } from '../crawl/options.js';
import { paths } from '../paths.js';
import { rulesWithTerms } from '../../rules/index.js';
import { BUILT_IN_TERMS } from '../../rules/lib/term-lists.js';
import type { Rule } from '../../rules/types.js';
import { startShopSites } from './shops/index.js';
import { startDemoSites, writeDemoRoster } from './sites.js';

export async function runDemo(keepServing: boolean): Promise<void> {
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
    if (keepServing) {
      process.stderr.write(`the sample sites stay up until Ctrl-C:\n${platforms.map((p) => `  ${p.id}\t${p.url}`).join('\n')}\n`);
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
  } finally {
    await Promise.all([sites.close(), shops.close()]);
  }
}

/**
 * Every rule, prohibited-listings with only the keywords the sample platforms plant a listing
 * for: each keyword is a search on every platform, and the full list would make the demo slow.
 */
function demoRules(): Rule[] {
  const [builtIn] = BUILT_IN_TERMS.prohibited;
  const planted = builtIn!.entries.filter((e) => e.keyword === '军服' || e.keyword === '作训服');
  return rulesWithTerms({ ...BUILT_IN_TERMS, prohibited: [{ ...builtIn!, version: `${builtIn!.version}-demo`, entries: planted }] });
}
