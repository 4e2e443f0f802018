// The evaluation behind `npm run eval`: the labelled shop platforms (src/demo/shops) and the
// demo platforms (src/demo/sites.ts) served on 127.0.0.1 by this process, scanned by the real
// scan path, and the reported verdicts compared with the expected ones. It prints figures, never
// a pass or fail.
//
//   npm run eval
//   node dist/test/eval/eval.js          (after npx tsc -p tsconfig.json)
//
// Per check of the shop platforms, over the labelled subjects (items for ad-label and
// self-operated-label, shops for the seller checks): a confusion table of expected (rows) by
// reported (columns) verdicts, where a subject no finding names is "unreported" and several
// findings on one subject count as their worst; then, taking "problem" to mean violation or
// needs-review, true and false positives and negatives, recall and precision. Then a table of
// every platform × check (the platform-level checks too): expected, and the worst verdict reported.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { worstVerdict } from '../../rules/lib/verdicts.js';
import { VERDICTS, type Verdict } from '../../rules/types.js';
import { DEMO_CHECKS, startDemoSites, writeDemoRoster } from '../../src/demo/sites.js';
import type { Finding } from '../../src/findings/finding.js';
import { scan } from '../../src/scan/scan.js';
import { openDatabase } from '../../src/store/database.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';
import { PLATFORM_CHECKS, SHOP_CHECKS, startShopSites, type ShopSites } from '../../src/demo/shops/index.js';

export const REPORTED = [...VERDICTS, 'unreported'] as const;
export type Reported = (typeof REPORTED)[number];

export interface CheckFigures {
  check: string;
  /** Expected verdict → reported verdict → number of subjects. */
  confusion: Record<Verdict, Record<Reported, number>>;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Of the subjects expected to be a problem, the share reported as one; null when none is expected. */
  recall: number | null;
  /** Of the subjects reported as a problem, the share expected to be one; null when none is reported. */
  precision: number | null;
  /** Findings of the check that name no labelled subject (platform-wide or not-checked findings, unknown subjects). */
  otherFindings: number;
}

export interface PlatformRow {
  platformId: string;
  check: string;
  expected: Verdict;
  /** The worst verdict among the platform's findings for the check. */
  reported: Reported;
}

export interface EvaluationFigures {
  checks: CheckFigures[];
  platforms: PlatformRow[];
  findings: number;
  wallSeconds: number;
}

/** What scoring needs of a finding. */
export type ScoredFinding = Pick<Finding, 'platformId' | 'checkId' | 'verdict' | 'subject' | 'details'>;

const isProblem = (v: Reported) => v === 'violation' || v === 'needs-review';

function decoded(s: string): string {
  let out = s;
  // Click-tracking URLs carry the product URL encoded, sometimes twice.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(out);
      if (next === out) break;
      out = next;
    } catch {
      break;
    }
  }
  return out;
}

/**
 * The labelled path a finding is about: the first of `paths` its subject names (directly, inside a
 * click-tracking URL, or as the prefix of a shop's licence page), else the first named by a
 * top-level string of its details.
 */
export function subjectPath(finding: ScoredFinding, paths: readonly string[]): string | null {
  const texts = [finding.subject, ...Object.values(finding.details).filter((v): v is string => typeof v === 'string')];
  for (const raw of texts) {
    const s = decoded(raw);
    let best: { path: string; at: number } | null = null;
    for (const path of paths) {
      const at = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[?#/&])`).exec(s)?.index;
      if (at !== undefined && (!best || at < best.at)) best = { path, at };
    }
    if (best) return best.path;
  }
  return null;
}

/** A page's path as the truth names it: a hash route (/#/item/1) is part of it, a query (the keyword echoed) is not. */
export const pagePath = (url: string | URL) => {
  const u = new URL(url);
  return `${u.pathname}${u.hash.startsWith('#/') ? u.hash.replace(/\?.*$/, '') : ''}`;
};

const worstReported = (verdicts: readonly Verdict[]): Reported => (verdicts.length ? worstVerdict(verdicts) : 'unreported');

function emptyConfusion(): Record<Verdict, Record<Reported, number>> {
  return Object.fromEntries(VERDICTS.map((e) => [e, Object.fromEntries(REPORTED.map((r) => [r, 0]))])) as Record<Verdict, Record<Reported, number>>;
}

/** Compares findings with the shop platforms' truth, and every platform's verdicts with its expected ones. */
export function scoreFindings(shops: Pick<ShopSites, 'truth' | 'expected'>, demoExpected: Record<string, Record<string, Verdict>>, findings: readonly ScoredFinding[]): Pick<EvaluationFigures, 'checks' | 'platforms'> {
  const checks = SHOP_CHECKS.map((check): CheckFigures => {
    const confusion = emptyConfusion();
    let otherFindings = 0;
    for (const platformId of Object.keys(shops.truth)) {
      const expectation = shops.expected[platformId]![check];
      const paths = Object.keys(expectation.subjects).map(pagePath);
      const reported = new Map<string, Verdict[]>();
      for (const f of findings.filter((x) => x.platformId === platformId && x.checkId === check)) {
        const path = subjectPath(f, paths);
        if (path) reported.set(path, [...(reported.get(path) ?? []), f.verdict]);
        else otherFindings++;
      }
      for (const [url, expected] of Object.entries(expectation.subjects)) {
        confusion[expected][worstReported(reported.get(pagePath(url)) ?? [])]++;
      }
    }
    const count = (expectedProblem: boolean, reportedProblem: boolean) =>
      VERDICTS.filter((e) => isProblem(e) === expectedProblem).reduce((n, e) => n + REPORTED.filter((r) => isProblem(r) === reportedProblem).reduce((m, r) => m + confusion[e][r], 0), 0);
    const tp = count(true, true);
    const fp = count(false, true);
    const fn = count(true, false);
    return {
      check,
      confusion,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: count(false, false),
      recall: tp + fn ? tp / (tp + fn) : null,
      precision: tp + fp ? tp / (tp + fp) : null,
      otherFindings,
    };
  });
  const expectedRows = [
    ...Object.entries(demoExpected).flatMap(([platformId, e]) => Object.entries(e).map(([check, expected]) => ({ platformId, check, expected }))),
    ...Object.entries(shops.expected).flatMap(([platformId, e]) => [...SHOP_CHECKS, ...PLATFORM_CHECKS].map((check) => ({ platformId, check, expected: e[check].platform }))),
  ];
  const platforms = expectedRows.map((row) => ({
    ...row,
    reported: worstReported(findings.filter((f) => f.platformId === row.platformId && f.checkId === row.check).map((f) => f.verdict)),
  }));
  return { checks, platforms };
}

/** Serves the shop and demo platforms, scans them all in a temp folder, and scores the findings. */
export async function runEvaluation(signal: AbortSignal = new AbortController().signal, progress: (line: string) => void = () => undefined): Promise<EvaluationFigures> {
  const tmp = tempDir('wangjian-eval-');
  const [demo, shops] = await Promise.all([startDemoSites(), startShopSites()]);
  const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  try {
    const rosterPath = join(tmp.dir, 'roster.csv');
    await writeDemoRoster([...demo.platforms, ...shops.platforms], rosterPath);
    const started = performance.now();
    const result = await scan(db, { rosterPath, outDir: join(tmp.dir, 'run'), fresh: true, platformConcurrency: 2, visit: FAST_VISIT }, signal, (e) => {
      if (e.type === 'platform-done') progress(`${e.platform.id}: ${e.snapshots} pages, ${e.findings.length} findings in ${e.seconds.toFixed(1)} s (${e.done}/${e.total})`);
    });
    if (!result.complete) throw new Error('the scan was stopped before every platform was done');
    const demoExpected = Object.fromEntries(Object.entries(demo.expected).map(([id, e]) => [id, Object.fromEntries(DEMO_CHECKS.map((c) => [c, e[c]]))]));
    return { ...scoreFindings(shops, demoExpected, result.findings), findings: result.findings.length, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
    await Promise.all([demo.close(), shops.close()]);
    tmp.remove();
  }
}

const ratio = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));

/** Rows of cells under a header; the first `left` columns are left-aligned, the rest (figures) right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * Checks whose rule judges the platform as a whole, one finding for all its shops (NTM 27 asks
 * whether consumers can tell the two kinds of seller apart): only the platform table scores them.
 */
const PLATFORM_WIDE = new Set(['seller-registration-mark']);

export function formatFigures(f: EvaluationFigures): string {
  const perCheck = f.checks.flatMap((c) =>
    PLATFORM_WIDE.has(c.check)
      ? [`${c.check}: judged for each platform as a whole (the platform table below)`, '']
      : [
          `${c.check} (expected ↓, reported →; ${c.otherFindings} findings on no labelled subject)`,
          ...table(
            ['', ...REPORTED],
            VERDICTS.map((e) => [e, ...REPORTED.map((r) => String(c.confusion[e][r]))]),
          ),
          `  problem = violation or needs-review: TP ${c.truePositives}  FP ${c.falsePositives}  FN ${c.falseNegatives}  TN ${c.trueNegatives}  recall ${ratio(c.recall)}  precision ${ratio(c.precision)}`,
          '',
        ],
  );
  const sorted = [...f.platforms].sort((a, b) => a.platformId.localeCompare(b.platformId) || a.check.localeCompare(b.check));
  const platformRows = sorted.map((r) => [r.platformId, r.check, r.expected, r.reported, r.expected === r.reported ? '' : isProblem(r.expected) === isProblem(r.reported) ? '~' : '✗']);
  const exact = f.platforms.filter((r) => r.expected === r.reported).length;
  return [
    `wangjian eval: ${f.platforms.length} platform × check verdicts, ${f.findings} findings, scan ${f.wallSeconds.toFixed(1)} s`,
    '',
    ...perCheck,
    `platforms (~ same problem/no-problem side, ✗ other side): ${exact}/${f.platforms.length} exact`,
    ...table(['platform', 'check', 'expected', 'reported', ''], platformRows, 5),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const controller = new AbortController();
  // Ctrl-C: each crawler stops itself on SIGINT; the scan returns and the temp folder is removed.
  process.once('SIGINT', () => controller.abort('SIGINT'));
  const figures = await runEvaluation(controller.signal, (line) => process.stderr.write(`[eval] ${line}\n`));
  process.stdout.write(formatFigures(figures));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
