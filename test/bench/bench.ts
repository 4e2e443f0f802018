// The benchmark behind `npm run bench`: synthetic platforms served on 127.0.0.1 by this process,
// scanned by the real scan path (Crawlee, Chromium, SQLite, evidence files), then the run judged
// again from its evidence (wangjian rejudge) and each rule timed on the captured pages; then the
// hostile pages (hostile-bench.ts). It prints figures,
// never a pass or fail.
//
//   npm run bench [-- --platforms N --pages M --concurrency C --repeat K]
//   node dist/test/bench/bench.js --platforms 3 --pages 10        (after npx tsc -p tsconfig.json)
//
//   --platforms N    synthetic platforms (default 6)
//   --pages M        pages per platform, homepage included, all reached by the crawler (default 5)
//   --concurrency C  platforms visited at once (default 2)
//   --repeat K       timed runs of each rule over every platform's snapshots (default 10)
//   --province       instead: a province night, 53 platforms × 60 pages at a real scan's politeness
//                    (20 requests a minute a host) and platforms at once (about 22 minutes here)
//   --review         instead: the review application over a platform of 60 findings alone
//                    (review-bench.ts; it also runs after the hostile pages)
//   --workers        instead: the scan through a Redis queue by 1, 2 and 4 worker processes
//                    (workers-bench.ts; --platforms and --pages as above)
//   --load           instead: the review server under 50 inspectors at once for 60 s over 100
//                    inspections × 100 findings (load-bench.ts)
//
// Chromium's memory is summed over this process's descendants (Linux only): VmRSS counts the
// pages Chromium's processes share once per process, so it overstates; PSS (smaps_rollup)
// divides shared pages among their sharers and is the closer figure.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RULES } from '../../rules/index.js';
import type { Verdict } from '../../rules/types.js';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { readStoredVisit, type StoredVisit } from '../../src/evidence/load.js';
import { rejudge } from '../../src/scan/rejudge.js';
import { formatReview, runReviewBenchmark } from './review-bench.js';
import { judge, scan, type ScanResult } from '../../src/scan/scan.js';
import { DEFAULT_VISIT_OPTIONS, platformsAtOnce, type VisitOptions } from '../../src/crawl/options.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { formatHostile, runHostileBenchmark } from './hostile-bench.js';
import { formatLoad, LOAD, runLoadBenchmark } from './load-bench.js';
import { plainCrawl, type PlainCrawl } from './plain-crawlee.js';
import { formatWorkers, runWorkersBenchmark } from './workers-bench.js';
import { linksPerKind, startSyntheticSites, type SyntheticSites } from './synthetic-sites.js';

export interface BenchOptions {
  platforms: number;
  pages: number;
  concurrency: number;
  repeat: number;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = { platforms: 6, pages: 5, concurrency: 2, repeat: 10 };
/** A province's platforms (seeds/004) and the pages a scan samples on each (maxPages). */
const PROVINCE = { platforms: 53, pages: 60 };

export interface Timing {
  /** A rule's id, or "judge()" for all rules with the finding bookkeeping. */
  name: string;
  meanMs: number;
  p95Ms: number;
}

export interface BenchFigures {
  options: BenchOptions;
  pagesCaptured: number;
  /** Captured pages that carry a failure (the dead links among the variants). */
  pagesFailed: number;
  wallSeconds: number;
  pagesPerSecond: number;
  nodePeakRssBytes: number;
  /** Null where /proc is not there to read. */
  chromiumPeakRssBytes: number | null;
  chromiumPeakPssBytes: number | null;
  verdicts: Partial<Record<Verdict, number>>;
  /** Per platform evaluation, over every platform × repeat. */
  timings: Timing[];
  /** The run judged again from its evidence files (rejudge.ts): verdicts that changed should be none. */
  rejudged: { pages: number; seconds: number; changed: number; compared: number };
  /** Where a captured page's time went, per phase (page metadata `timings.phases`), and in all. */
  phases: Timing[];
  /** CPU seconds of the scan, by process (sampleProcesses). */
  cpu: CpuSeconds;
  /** A plain Crawlee crawler over the same pages (plain-crawlee.ts), with as many pages at once, and its CPU seconds. */
  plain: PlainCrawl & { cpu: CpuSeconds };
}

interface ChildMemory {
  rss: number;
  pss: number;
}

/** CPU seconds by process: Node itself, and Chromium's processes by their --type (browser, renderer, gpu-process, utility …). */
export type CpuSeconds = Record<string, number>;

/** Clock ticks a second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

interface Descendant {
  pid: number;
  kind: string;
  /** utime + stime, in ticks. */
  ticks: number;
}

/** The descendants of `root`, with what kind of Chromium process each is and its CPU so far; [] off Linux. */
function descendants(root: number): Descendant[] {
  if (process.platform !== 'linux') return [];
  const children = new Map<number, { pid: number; ticks: number }[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(name), ticks: Number(fields[11]) + Number(fields[12]) }]);
    } catch {
      // the process ended while the list was read
    }
  }
  const out: Descendant[] = [];
  const pending = [...(children.get(root) ?? [])];
  for (let p = pending.pop(); p !== undefined; p = pending.pop()) {
    pending.push(...(children.get(p.pid) ?? []));
    try {
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${p.pid}/cmdline`, 'utf8'))?.[1];
      out.push({ pid: p.pid, kind: type ?? 'browser', ticks: p.ticks });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** VmRSS and PSS summed over processes, in bytes. */
function memoryOf(pids: readonly number[]): ChildMemory {
  const kb = { rss: 0, pss: 0 };
  for (const pid of pids) {
    try {
      kb.rss += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      kb.pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return { rss: kb.rss * 1024, pss: kb.pss * 1024 };
}

interface ProcessSample {
  node: number;
  children: ChildMemory | null;
  cpu: CpuSeconds;
}

/**
 * Samples Node's and its child processes' RSS every 200 ms until stopped, and each process's CPU
 * as last seen (a renderer that ends between two samples loses its last 200 ms at most); returns
 * the peaks and the CPU seconds by kind of process.
 */
function sampleProcesses(intervalMs = 200): () => ProcessSample {
  let node = 0;
  let children: ChildMemory | null = null;
  const ticks = new Map<number, { kind: string; ticks: number }>();
  const cpuAtStart = process.cpuUsage();
  const sample = () => {
    node = Math.max(node, process.memoryUsage().rss);
    if (process.platform !== 'linux') return;
    const now = descendants(process.pid);
    for (const d of now) ticks.set(d.pid, { kind: d.kind, ticks: d.ticks });
    const memory = memoryOf(now.map((d) => d.pid));
    children = { rss: Math.max(children?.rss ?? 0, memory.rss), pss: Math.max(children?.pss ?? 0, memory.pss) };
  };
  sample();
  // What already ran before the start is not counted.
  const before = new Map([...ticks].map(([pid, t]) => [pid, t.ticks]));
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    const used = process.cpuUsage(cpuAtStart);
    const cpu: CpuSeconds = { node: (used.user + used.system) / 1e6 };
    for (const [pid, t] of ticks) cpu[t.kind] = (cpu[t.kind] ?? 0) + (t.ticks - (before.get(pid) ?? 0)) / TICKS;
    return { node, children, cpu };
  };
}

type Capture = StoredVisit;

function stats(name: string, samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    meanMs: samples.reduce((s, x) => s + x, 0) / samples.length,
    p95Ms: sorted[Math.max(Math.ceil(sorted.length * 0.95) - 1, 0)]!,
  };
}

/**
 * Per phase of the capture, over every page that loaded; "request to capture" is the whole of a
 * page's handling, from the request's start (navigation included) to its capture.
 */
function capturePhases(runDir: string, captures: readonly Capture[]): Timing[] {
  const samples = new Map<string, number[]>();
  const add = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  for (const page of captures.flatMap((c) => c.snapshots)) {
    const meta = page.files.find((f) => f.kind === 'page-metadata');
    if (page.failure || !meta) continue;
    const { timings } = JSON.parse(readFileSync(join(runDir, meta.path), 'utf8')) as { timings: { startedAt: string; capturedAt: string; phases?: Record<string, number> } };
    for (const [name, ms] of Object.entries(timings.phases ?? {})) add(name, ms);
    add('request to capture', Date.parse(timings.capturedAt) - Date.parse(timings.startedAt));
  }
  return [...samples].map(([name, ms]) => stats(name, ms));
}

function timeRules(captures: readonly Capture[], repeat: number, runId: string): Timing[] {
  const samples = new Map<string, number[]>([...RULES.map((r) => [r.id, []] as [string, number[]]), ['judge()', []]]);
  // One untimed pass first, so the figures are of compiled code and warm caches.
  for (let pass = 0; pass <= repeat; pass++) {
    for (const { platform, snapshots } of captures) {
      const input = { platform, snapshots };
      for (const rule of RULES) {
        const started = performance.now();
        rule.evaluate(input);
        if (pass > 0) samples.get(rule.id)!.push(performance.now() - started);
      }
      const started = performance.now();
      judge(RULES, platform, snapshots, runId);
      if (pass > 0) samples.get('judge()')!.push(performance.now() - started);
    }
  }
  return [...samples].map(([name, ms]) => stats(name, ms));
}

/** A scan of synthetic platforms in a temp folder, timed and sampled; the folder and sites go when `then` returns. */
async function syntheticScan<T>(
  platforms: number,
  pages: number,
  visit: VisitOptions,
  platformConcurrency: number,
  signal: AbortSignal,
  progress: (line: string) => void,
  then: (scanned: { sites: SyntheticSites; db: Db; dir: string; result: ScanResult; pages: number; wallSeconds: number; peaks: ProcessSample }) => Promise<T>,
): Promise<T> {
  const sites = await startSyntheticSites(platforms, pages);
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-bench-'));
  let db: Db | undefined;
  try {
    db = openDatabase(join(dir, 'wangjian.sqlite'));
    const rosterPath = join(dir, 'roster.csv');
    await writeDemoRoster(sites.platforms, rosterPath);
    const stopSampling = sampleProcesses();
    const started = performance.now();
    let captured = 0;
    const result = await scan(db, { rosterPath, outDir: join(dir, 'run'), fresh: true, platformConcurrency, visit: { ...visit, maxPages: pages, maxLinksPerKind: linksPerKind(pages) } }, signal, (e) => {
      if (e.type !== 'platform-done') return;
      captured += e.snapshots;
      progress(`${e.platform.id}: ${e.snapshots} pages in ${e.seconds.toFixed(1)} s (${e.done}/${e.total})`);
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const peaks = stopSampling();
    if (!result.complete) throw new Error('the scan was stopped before every platform was done');
    return await then({ sites, db, dir, result, pages: captured, wallSeconds, peaks });
  } finally {
    db?.close();
    await sites.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runBenchmark(options: BenchOptions, signal: AbortSignal = new AbortController().signal, progress: (line: string) => void = () => undefined): Promise<BenchFigures> {
  // The sites are this process's own: politeness would only measure the rate limiter.
  const visit = { ...FAST_VISIT, requestsPerMinute: 60_000 };
  return syntheticScan(options.platforms, options.pages, visit, options.concurrency, signal, progress, async ({ sites, db, dir, result, wallSeconds, peaks }) => {
    const captures = sites.platforms.map((p) => readStoredVisit(result.run.outDir, p.id));
    const pages = captures.flatMap((c) => c.snapshots);
    progress(`a plain Crawlee crawler over the same ${pages.filter((p) => !p.failure).length} pages`);
    const stopPlainSampling = sampleProcesses();
    const plain = await plainCrawl(
      pages.filter((p) => !p.failure).map((p) => p.finalUrl || p.requestedUrl),
      options.concurrency * FAST_VISIT.concurrencyPerHost,
      join(dir, 'plain'),
    );
    const plainCpu = stopPlainSampling().cpu;
    const verdicts: Partial<Record<Verdict, number>> = {};
    for (const f of result.findings) verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
    progress('judging the run again from its evidence');
    const rejudged = rejudge(db, { runId: result.run.id });
    progress(`timing ${RULES.length} rules × ${captures.length} platforms × ${options.repeat}`);
    return {
      options,
      pagesCaptured: pages.length,
      pagesFailed: pages.filter((p) => p.failure).length,
      wallSeconds,
      pagesPerSecond: pages.length / wallSeconds,
      nodePeakRssBytes: peaks.node,
      chromiumPeakRssBytes: peaks.children?.rss ?? null,
      chromiumPeakPssBytes: peaks.children?.pss ?? null,
      cpu: peaks.cpu,
      verdicts,
      timings: timeRules(captures, options.repeat, result.run.id),
      rejudged: { pages: rejudged.pages, seconds: rejudged.seconds, changed: rejudged.changes.length, compared: rejudged.compared },
      phases: capturePhases(result.run.outDir, captures),
      plain: { ...plain, cpu: plainCpu },
    };
  });
}

export interface ProvinceFigures {
  platforms: number;
  pages: number;
  atOnce: number;
  requestsPerMinute: number;
  pagesCaptured: number;
  wallSeconds: number;
  nodePeakRssBytes: number;
  chromiumPeakPssBytes: number | null;
  cpu: CpuSeconds;
}

/**
 * A province night: 53 synthetic platforms of 60 pages, at the politeness of a real scan (20
 * requests a minute a host, one page at a time) and as many platforms at once as the scan
 * command would choose on this machine (platformsAtOnce).
 */
export async function runProvinceNight(platforms: number, pages: number, signal: AbortSignal, progress: (line: string) => void): Promise<ProvinceFigures> {
  const visit = DEFAULT_VISIT_OPTIONS;
  const atOnce = platformsAtOnce(visit);
  progress(`province night: ${platforms} platforms × ${pages} pages, ${atOnce} at once, ${visit.requestsPerMinute} requests a minute a host`);
  return syntheticScan(platforms, pages, visit, atOnce, signal, progress, async ({ pages: captured, wallSeconds, peaks }) => ({
    platforms,
    pages,
    atOnce,
    requestsPerMinute: visit.requestsPerMinute,
    pagesCaptured: captured,
    wallSeconds,
    nodePeakRssBytes: peaks.node,
    chromiumPeakPssBytes: peaks.children?.pss ?? null,
    cpu: peaks.cpu,
  }));
}

export function formatProvince(f: ProvinceFigures): string {
  return [
    `province night: ${f.platforms} platforms × ${f.pages} pages, ${f.atOnce} at once, ${f.requestsPerMinute} requests a minute a host`,
    '',
    `  pages captured             ${f.pagesCaptured}`,
    `  wall time                  ${(f.wallSeconds / 60).toFixed(1)} min`,
    `  pages per second           ${(f.pagesCaptured / f.wallSeconds).toFixed(2)}`,
    `  CPU                        ${cpuLine(f.cpu, f.pagesCaptured)}`,
    `  peak RSS, Node             ${mb(f.nodePeakRssBytes)}`,
    `  peak PSS, Chromium         ${mb(f.chromiumPeakPssBytes)}`,
    '',
  ].join('\n');
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

/** "212 ms a page: node 60, renderer 110, gpu-process 30, browser 12". */
function cpuLine(cpu: CpuSeconds, pages: number): string {
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  const parts = Object.entries(cpu)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, s]) => `${kind} ${((s * 1000) / pages).toFixed(0)}`);
  return `${((total * 1000) / pages).toFixed(0)} ms a page (${parts.join(', ')})`;
}

export function formatFigures(f: BenchFigures): string {
  const { platforms, pages, concurrency, repeat } = f.options;
  const rows: [string, string][] = [
    ['pages captured', `${f.pagesCaptured} (${f.pagesFailed} with a failure)`],
    ['wall time', `${f.wallSeconds.toFixed(1)} s`],
    ['pages per second', f.pagesPerSecond.toFixed(2)],
    ['plain Crawlee, same pages', `${f.plain.pages} pages in ${f.plain.seconds.toFixed(1)} s, ${(f.plain.pages / f.plain.seconds).toFixed(2)} a second (screenshot and HTML each)`],
    ['wangjian / plain Crawlee', `${(f.pagesPerSecond / (f.plain.pages / f.plain.seconds)).toFixed(2)}× the pages a second`],
    ['CPU, wangjian', cpuLine(f.cpu, f.pagesCaptured)],
    ['CPU, plain Crawlee', cpuLine(f.plain.cpu, f.plain.pages)],
    ['peak RSS, Node', mb(f.nodePeakRssBytes)],
    ['peak RSS, Chromium', `${mb(f.chromiumPeakRssBytes)}${f.chromiumPeakRssBytes === null ? '' : ' (sum over child processes)'}`],
    ['peak PSS, Chromium', mb(f.chromiumPeakPssBytes)],
    ['verdicts', Object.entries(f.verdicts).map(([v, n]) => `${v} ${n}`).join(', ')],
    ['rejudge from the evidence', `${f.rejudged.pages} pages in ${f.rejudged.seconds.toFixed(2)} s, ${((f.rejudged.seconds * 1000) / f.rejudged.pages).toFixed(1)} ms a page; ${f.rejudged.changed} of ${f.rejudged.compared} verdicts changed`],
  ];
  const width = Math.max(...f.timings.map((t) => t.name.length), 'rule'.length);
  const phaseWidth = Math.max(...f.phases.map((t) => t.name.length), 'phase'.length);
  return [
    `wangjian bench: ${platforms} platforms × ${pages} pages, ${concurrency} at once`,
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(26)} ${v}`),
    '',
    'capture, ms per page that loaded',
    `  ${'phase'.padEnd(phaseWidth)}  ${'mean'.padStart(8)}  ${'p95'.padStart(8)}`,
    ...f.phases.map((t) => `  ${t.name.padEnd(phaseWidth)}  ${t.meanMs.toFixed(0).padStart(8)}  ${t.p95Ms.toFixed(0).padStart(8)}`),
    '',
    `rules, ms per platform evaluation (${platforms} platforms × ${repeat} runs)`,
    `  ${'rule'.padEnd(width)}  ${'mean'.padStart(8)}  ${'p95'.padStart(8)}`,
    ...f.timings.map((t) => `  ${t.name.padEnd(width)}  ${t.meanMs.toFixed(2).padStart(8)}  ${t.p95Ms.toFixed(2).padStart(8)}`),
    '',
  ].join('\n');
}

function parseOptions(argv: string[]): BenchOptions & { province: boolean; review: boolean; workers: boolean; load: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { platforms: { type: 'string' }, pages: { type: 'string' }, concurrency: { type: 'string' }, repeat: { type: 'string' }, province: { type: 'boolean' }, review: { type: 'boolean' }, workers: { type: 'boolean' }, load: { type: 'boolean' } },
  });
  const count = (name: keyof BenchOptions): number => {
    const raw = values[name];
    if (raw === undefined) return DEFAULT_BENCH_OPTIONS[name];
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a whole number of at least 1, not "${raw}"`);
    return n;
  };
  return { platforms: count('platforms'), pages: count('pages'), concurrency: count('concurrency'), repeat: count('repeat'), province: values.province === true, review: values.review === true, workers: values.workers === true, load: values.load === true };
}

async function main(): Promise<void> {
  // --sweep [--sites N]: a sweep of synthetic self-built sites alone, with options of its own (sweep-bench.ts)
  if (process.argv.includes('--sweep')) {
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort('SIGINT'));
    const { main: sweepBench } = await import('./sweep-bench.js');
    process.stdout.write(await sweepBench(process.argv.slice(2), () => sampleProcesses(2_000), controller.signal, (line) => process.stderr.write(`[bench] ${line}\n`)));
    return;
  }
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const controller = new AbortController();
  // Ctrl-C: each crawler stops itself on SIGINT; the scan returns and the temp folder is removed.
  process.once('SIGINT', () => controller.abort('SIGINT'));
  try {
    const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
    if (options.province) {
      process.stdout.write(formatProvince(await runProvinceNight(PROVINCE.platforms, PROVINCE.pages, controller.signal, progress)));
      return;
    }
    if (options.load) {
      process.stdout.write(formatLoad(await runLoadBenchmark(LOAD, progress)));
      return;
    }
    if (options.workers) {
      process.stdout.write(formatWorkers(await runWorkersBenchmark(options.platforms, options.pages, controller.signal, progress)));
      return;
    }
    if (!options.review) {
      process.stdout.write(formatFigures(await runBenchmark(options, controller.signal, progress)));
      process.stdout.write(`\n${formatHostile(await runHostileBenchmark(controller.signal, progress))}\n`);
    }
    process.stdout.write(formatReview(await runReviewBenchmark(progress)));
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    process.stderr.write('bench: interrupted; nothing measured\n');
    process.exitCode = 130;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
