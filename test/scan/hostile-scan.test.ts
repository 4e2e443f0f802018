// Pages that never finish, loop, flood, pop up or hang must not stop a scan: each ends in a
// capture or a not-checked finding with the right reason, and the other platforms go on.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoRoster } from '../../src/demo/sites.js';
import type { ScanResult } from '../../src/scan/scan.js';
import type { Db } from '../../src/store/database.js';
import { expectValidRunFolder } from '../helpers/findings.js';
import { DEFAULT_CAPTURE_LIMITS } from '../../src/crawl/options.js';
import { FAST_VISIT, scanForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';
import { startHostilePlatforms, startHostileSite, type HostilePlatforms } from '../sites/hostile.js';

const tmp = tempDir();
let hostile: HostilePlatforms;
let site: { url: string; close(): Promise<void> };
let db: Db;
let result: ScanResult;

beforeAll(async () => {
  hostile = await startHostilePlatforms();
  site = await startHostileSite();
  const roster = join(tmp.dir, 'roster.csv');
  // One more platform whose homepage is fine but whose licence and agreement links lead to every
  // hostile route: first, as the longest visit (a dozen pages that each run into a limit), so the
  // other platforms are visited beside it rather than after it.
  await writeDemoRoster([{ ...hostile.platforms[0]!, id: 'hostile-links', url: site.url }, ...hostile.platforms], roster);
  // The real capture limits, not the fast ones of other tests: a 15 MB page on a loaded machine
  // needs them, and never-ending pages must run into them.
  const visit = { ...FAST_VISIT, pageTimeoutSecs: 120, capture: DEFAULT_CAPTURE_LIMITS };
  ({ db, result } = await scanForTest(tmp.dir, { rosterPath: roster, platformConcurrency: 4, visit, checks: ['licence-display', 'agreement-display'] }));
}, 600_000);

afterAll(async () => {
  db?.close();
  await hostile?.close();
  await site?.close();
  tmp.remove();
});

describe('scanning hostile and broken sites', () => {
  it('finishes the run with findings for every platform', () => {
    expect(result.complete).toBe(true);
    expect(new Set(result.findings.map((f) => f.platformId))).toEqual(new Set([...hostile.platforms.map((p) => p.id), 'hostile-links']));
    expectValidRunFolder(result.run.outDir);
  });

  it('ends each hostile homepage in a capture or the not-checked reason it deserves', () => {
    for (const [platformId, outcomes] of Object.entries(hostile.outcomes)) {
      const licence = result.findings.find((f) => f.platformId === platformId && f.checkId === 'licence-display')!;
      const outcome = licence.verdict === 'not-checked' ? (licence.details.reason as string) : 'captured';
      expect(outcomes, `${platformId}: ${licence.verdict} ${JSON.stringify(licence.details.reason ?? '')}`).toContain(outcome);
    }
  });

  it('still judges the platform whose linked pages are hostile, from the pages it could capture', () => {
    const findings = result.findings.filter((f) => f.platformId === 'hostile-links');
    expect(findings.find((f) => f.checkId === 'licence-display')!.verdict).not.toBe('not-checked');
    expect(findings.find((f) => f.checkId === 'agreement-display')).toBeDefined();
  });

  it('never takes a link whose page answered 200 for a dead one, however much the page raised dialogs or windows', () => {
    const targets: { requestedUrl: string; status: number | null; state: string }[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.state === 'string' && 'status' in o && 'requestedUrl' in o) targets.push(o as never);
        Object.values(o).forEach(collect);
      }
    };
    for (const f of result.findings.filter((x) => x.platformId === 'hostile-links')) collect(f.details);
    const answered = targets.filter((t) => t.status === 200);
    expect(answered.map((t) => new URL(t.requestedUrl).pathname)).toEqual(expect.arrayContaining(['/dialogs', '/popup']));
    for (const t of answered) expect(t.state, t.requestedUrl).not.toBe('dead');
  });
});
