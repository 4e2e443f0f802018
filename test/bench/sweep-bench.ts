// `npm run bench -- --sweep [--sites N]`: the sweep of N synthetic self-built sites (2,000 by
// default), each on a port of its own of 127.0.0.1 (sweep-sites.ts, served by a process of its
// own), at a real sweep's politeness (one page at a time a host, 20 requests a minute), through
// the real command's path: Crawlee's HttpCrawler, the rules, evidence files, SQLite, findings.jsonl
// and the breach lists. One site in forty is drawn by a script and one in forty shows no licence:
// both go on to Chromium (5 %). It prints the pages a second over HTTP, the time in all, CPU by
// process and peak memory; never a pass or fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Verdict } from '../../rules/types.js';
import { openDatabase } from '../../src/store/database.js';
import { DEFAULT_SWEEP_OPTIONS, sweep } from '../../src/sweep/sweep.js';

type Sampler = () => () => { node: number; children: { rss: number; pss: number } | null; cpu: Record<string, number> };

export interface SweepFigures {
  sites: number;
  httpPages: number;
  /** From the start to the last page fetched over HTTP. */
  httpSeconds: number;
  browserSites: number;
  browserPages: number;
  wallSeconds: number;
  cpu: Record<string, number>;
  nodePeakRssBytes: number;
  chromiumPeakPssBytes: number | null;
  byVerdict: Partial<Record<Verdict, number>>;
}

/** The sites served by a process of their own; resolves with their ports and a stop. */
async function serveSites(count: number): Promise<{ ports: number[]; stop(): void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./sweep-sites.js', import.meta.url)), String(count), '--type=sites'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ports = await new Promise<number[]>((done, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.endsWith('\n')) done(JSON.parse(out) as number[]);
    });
    child.once('exit', (code) => fail(new Error(`the sites process ended (${code})`)));
  });
  return { ports, stop: () => child.kill() };
}

export async function runSweepBenchmark(count: number, sample: Sampler, signal: AbortSignal, progress: (line: string) => void): Promise<SweepFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-sweep-bench-'));
  const sites = await serveSites(count);
  const db = openDatabase(join(dir, 'wangjian.sqlite'));
  try {
    const list = join(dir, 'sites.csv');
    writeFileSync(list, `网站名称,网址,经营者名称,统一社会信用代码\n${sites.ports.map((p, i) => `某某机械 ${i},http://127.0.0.1:${p}/,晋城某某机械有限公司,91330106673959654P`).join('\n')}\n`);
    progress(`sweeping ${count} sites, each its own host, ${DEFAULT_SWEEP_OPTIONS.concurrency} pages at once, ${DEFAULT_SWEEP_OPTIONS.requestsPerMinute} requests a minute a host`);
    const stop = sample();
    const started = performance.now();
    let httpPages = 0;
    let lastPageAt = started;
    let browserSites = 0;
    let browserPages = 0;
    let shown = 0;
    const result = await sweep(db, { sitesPath: list, outDir: join(dir, 'sweep'), options: DEFAULT_SWEEP_OPTIONS }, signal, (e) => {
      if (e.type !== 'target') return;
      if (e.pages > httpPages) {
        httpPages = e.pages;
        lastPageAt = performance.now();
      }
      if (e.result.browser) {
        browserSites++;
        browserPages += e.result.browserPages;
      }
      if (e.done - shown >= 250 || e.done === e.total) {
        shown = e.done;
        progress(`${e.done}/${e.total} sites, ${e.pages} pages over HTTP, ${(e.pages / e.seconds).toFixed(0)} a second, ${browserSites} in the browser`);
      }
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const peaks = stop();
    if (!result.complete) throw new Error('the sweep was stopped before every site was done');
    return {
      sites: count,
      httpPages,
      httpSeconds: (lastPageAt - started) / 1000,
      browserSites,
      browserPages,
      wallSeconds,
      cpu: Object.fromEntries(Object.entries(peaks.cpu).filter(([, s]) => s > 0)),
      nodePeakRssBytes: peaks.node,
      chromiumPeakPssBytes: peaks.children ? peaks.children.pss : null,
      byVerdict: result.summary.byVerdict,
    };
  } finally {
    db.close();
    sites.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

export function formatSweep(f: SweepFigures): string {
  const pages = f.httpPages + f.browserPages;
  const cpuTotal = Object.values(f.cpu).reduce((a, b) => a + b, 0);
  const parts = Object.entries(f.cpu)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, s]) => `${kind} ${((s * 1000) / pages).toFixed(1)}`);
  return [
    `sweep: ${f.sites} self-built sites, each on its own host`,
    '',
    `  pages over HTTP            ${f.httpPages} in ${f.httpSeconds.toFixed(1)} s: ${(f.httpPages / f.httpSeconds).toFixed(0)} a second`,
    `  sites in the browser       ${f.browserSites} (${f.browserPages} pages)`,
    `  wall time                  ${f.wallSeconds.toFixed(1)} s (${(f.sites / f.wallSeconds).toFixed(0)} sites a second in all)`,
    `  CPU                        ${((cpuTotal * 1000) / pages).toFixed(1)} ms a page (${parts.join(', ')})`,
    `  peak RSS, Node             ${mb(f.nodePeakRssBytes)}`,
    `  peak PSS, Chromium         ${mb(f.chromiumPeakPssBytes)}`,
    `  sites by worst verdict     ${Object.entries(f.byVerdict).map(([v, n]) => `${v} ${n}`).join(', ')}`,
    '',
  ].join('\n');
}

/** Run from bench.ts with its process sampler: `--sweep [--sites N]`. */
export async function main(argv: string[], sample: Sampler, signal: AbortSignal, progress: (line: string) => void): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { sweep: { type: 'boolean' }, sites: { type: 'string' } } });
  const count = values.sites === undefined ? 2_000 : Number(values.sites);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--sites expects a whole number of at least 1, not "${values.sites}"`);
  return formatSweep(await runSweepBenchmark(count, sample, signal, progress));
}
