// End to end: real Chromium scans the built-in sample platforms served on 127.0.0.1, and every
// platform × check verdict is asserted exactly, as are the stored run and its findings file.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoRoster, startDemoSites, DEMO_CHECKS, type DemoSites } from '../../src/demo/sites.js';
import type { ScanResult } from '../../src/scan/scan.js';
import type { Db } from '../../src/store/database.js';
import { jobs, runFindings } from '../../src/store/scans.js';
import { expectValidRunFolder, readFindings } from '../helpers/findings.js';
import { scanForTest } from '../helpers/scan.js';
import { unnamedIn } from '../../src/review/finding-data.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
let sites: DemoSites;
let db: Db;
let result: ScanResult;

beforeAll(async () => {
  sites = await startDemoSites();
  const roster = join(tmp.dir, 'roster.csv');
  await writeDemoRoster(sites.platforms, roster);
  // The sample shops are built for DEMO_CHECKS; the search and seller checks have shops of their own.
  ({ db, result } = await scanForTest(tmp.dir, { rosterPath: roster, checks: DEMO_CHECKS }));
});

afterAll(async () => {
  db?.close();
  await sites?.close();
  tmp.remove();
});

describe('scanning the sample platforms', () => {
  it('gives each platform and check exactly the expected verdict, in one platform-level finding', () => {
    const got: Record<string, Record<string, string>> = {};
    // One finding a check is about the platform (its subject the homepage); unfair-terms adds one a sentence.
    for (const f of result.findings.filter((x) => !x.subject.includes('#'))) {
      got[f.platformId] ??= {};
      expect(got[f.platformId]![f.checkId], `${f.platformId} ${f.checkId} reported twice`).toBeUndefined();
      got[f.platformId]![f.checkId] = f.verdict;
    }
    const wanted = Object.fromEntries(Object.entries(sites.expected).map(([id, checks]) => [id, Object.fromEntries(DEMO_CHECKS.map((c) => [c, checks[c]]))]));
    expect(got).toEqual(wanted);
  });

  it('has a Chinese name for every key and enumerated value of its findings\' data, as inspectors read it', () => {
    expect(result.findings.flatMap((f) => unnamedIn(f.details).map((where) => `${f.checkId} ${where}`))).toEqual([]);
  });

  it('says why an unreachable or blocked platform was not checked', () => {
    for (const [platformId, reason] of Object.entries(sites.reasons)) {
      const findings = result.findings.filter((f) => f.platformId === platformId);
      expect(findings.map((f) => [f.verdict, f.details.reason])).toEqual(findings.map(() => ['not-checked', reason]));
    }
  });

  it('finishes the run and stores every platform as done', () => {
    expect(result.complete).toBe(true);
    expect(result.run.status).toBe('finished');
    expect(jobs(db, result.run.id).map((j) => j.status)).toEqual(sites.platforms.map(() => 'done'));
  });

  it('writes findings.jsonl as formats.md says, equal to what the database holds', () => {
    expectValidRunFolder(result.run.outDir);
    expect(readFindings(result.run.outDir)).toEqual(runFindings(db, result.run.id));
  });

  it('rests each finding on the screenshot and rendered page of the pages it judged', () => {
    for (const f of result.findings.filter((f) => f.verdict !== 'not-checked')) {
      const kinds = f.evidence.map((e) => e.kind);
      expect(kinds).toContain('screenshot');
      expect(kinds).toContain('rendered-html');
    }
  });
});
