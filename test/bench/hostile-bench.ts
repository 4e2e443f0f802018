// The hostile-pages part of `npm run bench`: every hostile homepage of test/sites/hostile.ts (a
// response that never ends, redirect loops by HTTP, meta refresh and script, a 15 MB page,
// dialogs, pop-ups, a hanging script, error statuses, text under the wrong charset) scanned with
// every check. Per case it prints the reason the homepage was recorded with and how many firm
// verdicts (violation or compliant) came out: a page the scan could not read must give none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CAPTURE_LIMITS } from '../../src/crawl/options.js';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { scan } from '../../src/scan/scan.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { startHostilePlatforms, type HostileOutcome } from '../sites/hostile.js';

export interface HostileCase {
  id: string;
  /** What the homepage may end in. */
  expected: readonly HostileOutcome[];
  /** What it ended in: `captured`, or the not-checked reason recorded. */
  recorded: string;
  findings: number;
  /** Findings that are violation or compliant. */
  firm: number;
}

export async function runHostileBenchmark(signal: AbortSignal, progress: (line: string) => void): Promise<HostileCase[]> {
  const hostile = await startHostilePlatforms();
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-bench-hostile-'));
  let db: Db | undefined;
  try {
    db = openDatabase(join(dir, 'wangjian.sqlite'));
    const rosterPath = join(dir, 'roster.csv');
    await writeDemoRoster(hostile.platforms, rosterPath);
    const result = await scan(
      db,
      // The real capture limits: never-ending and hanging pages must run into them.
      { rosterPath, outDir: join(dir, 'run'), fresh: true, platformConcurrency: 2, visit: { ...FAST_VISIT, pageTimeoutSecs: 120, capture: DEFAULT_CAPTURE_LIMITS } },
      signal,
      (e) => {
        if (e.type === 'platform-done') progress(`${e.platform.id}: ${e.snapshots} pages in ${e.seconds.toFixed(1)} s (${e.done}/${e.total})`);
      },
    );
    const homes = db.prepare(`SELECT platform_id AS id, failure FROM snapshots WHERE run_id = ? AND kind = 'homepage' AND depth = 0`).all(result.run.id) as { id: string; failure: string | null }[];
    return hostile.platforms.map((p) => {
      const home = homes.find((h) => h.id === p.id);
      const own = result.findings.filter((f) => f.platformId === p.id);
      return {
        id: p.id,
        expected: hostile.outcomes[p.id]!,
        recorded: !home ? 'no homepage snapshot' : home.failure ? (JSON.parse(home.failure) as { reason: string }).reason : 'captured',
        findings: own.length,
        firm: own.filter((f) => f.verdict === 'violation' || f.verdict === 'compliant').length,
      };
    });
  } finally {
    db?.close();
    await hostile.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatHostile(cases: readonly HostileCase[]): string {
  const width = Math.max(...cases.map((c) => c.id.length), 'case'.length);
  const unread = cases.filter((c) => c.recorded !== 'captured');
  return [
    'hostile pages: the reason recorded, and firm verdicts (violation or compliant) emitted',
    `  ${'case'.padEnd(width)}  ${'recorded'.padEnd(18)} ${'as expected'.padEnd(12)} firm/findings`,
    ...cases.map((c) => `  ${c.id.padEnd(width)}  ${c.recorded.padEnd(18)} ${(c.expected.includes(c.recorded as HostileOutcome) ? 'yes' : `no (${c.expected.join('/')})`).padEnd(12)} ${c.firm}/${c.findings}`),
    `  firm verdicts on pages not read: ${unread.reduce((n, c) => n + c.firm, 0)} (goal 0)`,
    '',
  ].join('\n');
}
