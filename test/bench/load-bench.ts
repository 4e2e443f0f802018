// The review server under load: 50 inspectors at once for 60 s against a database of 100
// inspections × 100 draft findings, over HTTP as the page's script sends its acts. The server runs
// as `wangjian serve` in a process of its own, as a bureau runs it. Each inspector opens the
// worklist and its inspections, confirms violations and 待研判 one by one, the compliant and
// not-checked in bulk, fills in 处理结果 and signs; the two inspectors of a pair work the same four
// inspections, so each is refused what the other has just changed. Printed: latency by percentile,
// errors, and a reconciliation of every act the server said it did against the review rows and
// the audit log (none lost, none doubled).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { legalBasisOf } from '../../rules/legal-basis.js';
import type { Verdict } from '../../rules/types.js';
import { CATALOGUE_CHECKS } from '../../src/campaign/items.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { Finding } from '../../src/findings/finding.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { createUser } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { completeJob, createRun, finishRun, importPlatforms } from '../../src/store/scans.js';
import { launchBrowser } from '../helpers/browser.js';
import { serve, type Running } from '../helpers/cli.js';
import { HttpClient } from '../helpers/http-client.js';
import { tempDir } from '../helpers/tmp.js';

const PASSWORD = 'load bench password';
const UNIT = '晋城市市场监督管理局网络交易监督管理科';
/** A platform's 100 drafts, as a scan leaves them. */
const MIX: readonly [Verdict, number][] = [['violation', 3], ['needs-review', 7], ['compliant', 60], ['not-checked', 30]];

/** The issue's figure: 50 inspectors at once for 60 s against 100 inspections × 100 findings. */
export const LOAD: LoadOptions = { inspectors: 50, inspections: 100, seconds: 60 };

export interface LoadOptions {
  inspectors: number;
  inspections: number;
  seconds: number;
}

export interface LoadFigures extends LoadOptions {
  findings: number;
  requests: number;
  /** Answers that were neither the act done nor a refusal the app means to give (409, a notice of kind error). */
  errors: string[];
  /** Acts refused as designed: a result another inspector had just changed, a form changed since read. */
  refused: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  byRoute: Map<string, number[]>;
  acts: { confirm: number; bulk: number; outcome: number; sign: number };
  signedForms: number;
  reconciliation: string[];
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? 0;

function seed(db: Db, runDir: string, png: Buffer, html: string, options: LoadOptions): number[] {
  const checks = Object.keys(CATALOGUE_CHECKS);
  const platforms = Array.from({ length: options.inspections }, (_, i) => ({
    id: `p${String(i + 1).padStart(3, '0')}`, name: `某某网络科技有限公司${i + 1}`, uscc: '91140500MA0K000001', url: `http://127.0.0.1:9/p${i + 1}/`, risk: 'general' as const,
  }));
  importPlatforms(db, platforms, 'roster.csv');
  createRun(db, { id: 'run-1', startedAt: '2026-12-01T01:00:00Z', outDir: runDir, rosterPath: 'roster.csv', rosterSha256: 'x', checks, toolVersion: '0.1.0' }, platforms, {});
  const verdicts = MIX.flatMap(([v, n]) => Array.from({ length: n }, () => v));
  for (const platform of platforms) {
    const bundle = new EvidenceBundle(runDir, platform.id);
    bundle.reset();
    const files = [bundle.write('p01-search.png', 'screenshot', png), bundle.write('p01-search.rendered.html', 'rendered-html', html)];
    const findings: Finding[] = verdicts.map((verdict, i) => ({
      runId: 'run-1', platformId: platform.id, checkId: checks[i % checks.length]!, verdict, subject: `${platform.url}item/${i}`,
      summary: `第 ${i + 1} 条：${verdict === 'violation' ? '搜索结果未标明“广告”' : verdict === 'compliant' ? '未发现问题' : verdict === 'needs-review' ? '标注字号过小，待研判' : '页面加载超时，未能检查'}`,
      legalBasis: legalBasisOf(checks[i % checks.length]!), evidence: files, details: { box: { x: 20, y: 60 + (i % 30) * 60, width: 400, height: 40 } },
      capturedAt: '2026-12-01T01:00:00Z', ruleVersion: '1.0.0', toolVersion: '0.1.0', capturedBy: 'automated',
    }));
    completeJob(db, 'run-1', platform.id, [], findings);
  }
  finishRun(db, 'run-1');
  const pairs = Math.floor(options.inspectors / 2);
  return platforms.map((p, i) => {
    const pair = i % pairs;
    return createRoutineInspection(db, { platformId: p.id, unit: UNIT, inspectors: [inspectorId(2 * pair), inspectorId(2 * pair + 1)], runId: 'run-1', actor: inspectorId(2 * pair) }).id;
  });
}

const inspectorId = (n: number) => `ld-${String(n + 1).padStart(2, '0')}`;

interface Tally {
  latencies: number[];
  byRoute: Map<string, number[]>;
  errors: string[];
  refused: number;
  acts: LoadFigures['acts'];
  /** Per review item, how many acts the server said it did on it. */
  itemActs: Map<number, number>;
}

/** One inspector's 60 s: its inspections worked through to both signatures, then browsing. */
async function inspector(base: string, id: string, mine: readonly number[], until: number, tally: Tally): Promise<void> {
  const client = new HttpClient(base);
  const timed = async (route: string, method: string, path: string, init: Parameters<HttpClient['request']>[2] = {}) => {
    const started = performance.now();
    const res = await client.request(method, path, init);
    const body = await res.text();
    const ms = performance.now() - started;
    tally.latencies.push(ms);
    const list = tally.byRoute.get(route) ?? [];
    list.push(ms);
    tally.byRoute.set(route, list);
    if (res.status >= 500 || (res.status >= 400 && res.status !== 409)) tally.errors.push(`${method} ${path}: ${res.status}`);
    return { res, body };
  };
  const login = await client.logIn(id, PASSWORD);
  if (login.status !== 303) throw new Error(`load bench: ${id} could not log in (${login.status})`);
  const json = { accept: 'application/json' };
  let turn = 0;
  while (performance.now() < until) {
    const inspection = mine[turn++ % mine.length]!;
    if (turn % 4 === 0) await timed('GET /', 'GET', '/');
    const { body } = await timed('GET /inspections/:id', 'GET', `/inspections/${inspection}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
    // The compliant and not-checked are confirmed in bulk first; what single confirm forms are
    // left then are the violations and 待研判, confirmed one at a time.
    const bulk = /<form method="post" action="\/inspections\/\d+\/confirm-all"[^>]*>.*?name="verdict" value="([a-z-]+)"/.exec(body);
    if (bulk) {
      const { res, body: answer } = await timed('POST confirm-all', 'POST', `/inspections/${inspection}/confirm-all`, { form: { _csrf: csrf, verdict: bulk[1]! }, headers: json });
      // The answer redraws each result it confirmed: its fragments name them.
      const ids = res.status === 200 ? Object.keys((JSON.parse(answer) as { fragments: Record<string, string> }).fragments).filter((k) => k.startsWith('item-')).map((k) => Number(k.slice(5))) : [];
      for (const item of ids) tally.itemActs.set(item, (tally.itemActs.get(item) ?? 0) + 1);
      if (ids.length) tally.acts.bulk++;
      else tally.refused++;
      continue;
    }
    const single = [...body.matchAll(/<div class="card" id="item-(\d+)"[^>]*>\s*<p>[^\n]*?class="badge s-draft"/g)].flatMap(([, id]) => {
      const form = new RegExp(`<form method="post" action="(/inspections/\\d+/items/${id}/confirm)"[^>]*>.*?name="version" value="(\\d+)"`).exec(body);
      return form ? [[form[0], form[1]!, id!, form[2]!] as const] : [];
    });
    if (single.length) {
      const m = single[Math.floor(Math.random() * single.length)]!;
      const { res, body: answer } = await timed('POST confirm', 'POST', m[1]!, { form: { _csrf: csrf, version: m[3]!, note: '' }, headers: json });
      // A result confirmed already answers 200 with 未作更改 and adds no version.
      if (res.status === 200 && (JSON.parse(answer) as { text: string }).text === '已确认。') {
        tally.itemActs.set(Number(m[2]), (tally.itemActs.get(Number(m[2])) ?? 0) + 1);
        tally.acts.confirm++;
      } else tally.refused++;
      continue;
    }
    // Every result reviewed: 处理结果, then the signature (the second prints the PDF).
    const record = await timed('GET record', 'GET', `/inspections/${inspection}/record`);
    const sha = /name="contentSha256" value="([0-9a-f]{64})"/.exec(record.body)?.[1];
    if (!sha) continue; // signed already by this inspector, or by both
    const token = /name="_csrf" value="([^"]+)"/.exec(record.body)?.[1] ?? '';
    // 处理结果 are filled in before the first signature; after it the form is frozen and shows no such form.
    if (record.body.includes(`action="/inspections/${inspection}/record"`) && !record.body.includes('name="rectificationOrdered" checked')) {
      await timed('POST record', 'POST', `/inspections/${inspection}/record`, { form: { _csrf: token, rectificationOrdered: 'on', removalsDemanded: '0', note: '已责令整改' } });
      if (client.takeNotice()?.kind === 'ok') tally.acts.outcome++;
      continue;
    }
    await timed('POST sign', 'POST', `/inspections/${inspection}/record/sign`, { form: { _csrf: token, contentSha256: sha } });
    const notice = client.takeNotice();
    if (notice?.kind === 'ok') tally.acts.sign++;
    else tally.refused++;
  }
}

/** Every act the server said it did is in the review rows and the audit log once; nothing else is. */
function reconcile(db: Db, tally: Tally): string[] {
  const problems: string[] = [];
  const versions = db.prepare(`SELECT item_id AS item, COUNT(*) AS n FROM review_versions WHERE status = 'confirmed' GROUP BY item_id`).all() as { item: number; n: number }[];
  const confirmedVersions = new Map(versions.map((r) => [r.item, r.n]));
  for (const [item, n] of tally.itemActs) if ((confirmedVersions.get(item) ?? 0) !== n) problems.push(`item ${item}: ${n} confirmations answered, ${confirmedVersions.get(item) ?? 0} confirmed versions stored`);
  for (const [item, n] of confirmedVersions) if (!tally.itemActs.has(item)) problems.push(`item ${item}: ${n} confirmed versions stored that no answer reported`);
  const audit = (action: string) => (db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
  const bulkItems = audit('confirm-bulk');
  const singles = audit('confirm');
  const answered = [...tally.itemActs.values()].reduce((a, b) => a + b, 0);
  if (bulkItems + singles !== answered) problems.push(`audit log: ${singles} confirm + ${bulkItems} confirm-bulk entries for ${answered} confirmations answered`);
  const signatures = audit('record-sign') + audit('record-signed');
  if (signatures !== tally.acts.sign) problems.push(`audit log: ${signatures} signature entries for ${tally.acts.sign} signatures answered`);
  const signedInDb = (db.prepare(`SELECT COUNT(*) AS n FROM record_forms WHERE status = 'signed'`).get() as { n: number }).n;
  if (signedInDb !== audit('record-signed')) problems.push(`record forms: ${signedInDb} signed, ${audit('record-signed')} second signatures in the audit log`);
  const integrity = (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  return problems;
}

export async function runLoadBenchmark(options: LoadOptions, progress: (line: string) => void): Promise<LoadFigures> {
  const tmp = tempDir('wangjian-load-bench-');
  const storage = join(tmp.dir, 'storage');
  const db = openDatabase(join(storage, 'wangjian.sqlite'));
  let server: Running | null = null;
  try {
    progress(`load: ${options.inspections} inspections × 100 findings, ${options.inspectors} inspectors`);
    const roster = join(tmp.dir, 'inspectors.csv');
    writeFileSync(roster, `id,name,unit,region,certificate\n${Array.from({ length: options.inspectors }, (_, n) => `${inspectorId(n)},检查员${n + 1},${UNIT},140500,140500190${String(n + 1).padStart(2, '0')}`).join('\n')}\n`);
    for (const i of await readInspectorRoster(roster)) await createUser(db, i, 'inspector', PASSWORD);
    const browser = await launchBrowser();
    const shot = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>搜索</title></head><body>${Array.from({ length: 30 }, (_, i) => `<p style="height:60px">商品 ${i + 1} ¥${i + 1}99</p>`).join('')}</body></html>`;
    await shot.setContent(html);
    const png = await shot.screenshot({ fullPage: true });
    await browser.close();
    const inspections = seed(db, join(storage, 'runs', 'run-1'), png, html, options);
    const started = await serve(storage);
    server = started.server;
    progress(`load: ${options.inspectors} inspectors for ${options.seconds} s against ${started.base}`);
    const tally: Tally = { latencies: [], byRoute: new Map(), errors: [], refused: 0, acts: { confirm: 0, bulk: 0, outcome: 0, sign: 0 }, itemActs: new Map() };
    const until = performance.now() + options.seconds * 1000;
    const pairs = Math.floor(options.inspectors / 2);
    await Promise.all(
      Array.from({ length: options.inspectors }, (_, n) => {
        const pair = Math.floor(n / 2);
        const mine = inspections.filter((_, i) => i % pairs === pair);
        // The pair's two inspectors start from opposite ends, as two people would not take the same result first.
        return inspector(started.base, inspectorId(n), n % 2 ? [...mine].reverse() : mine, until, tally);
      }),
    );
    server.child.kill('SIGTERM');
    await server.ended;
    server = null;
    const signedForms = (db.prepare(`SELECT COUNT(*) AS n FROM record_forms WHERE status = 'signed'`).get() as { n: number }).n;
    const sorted = [...tally.latencies].sort((a, b) => a - b);
    return {
      ...options,
      findings: options.inspections * 100,
      requests: sorted.length,
      errors: tally.errors,
      refused: tally.refused,
      latencyMs: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0 },
      byRoute: tally.byRoute,
      acts: tally.acts,
      signedForms,
      reconciliation: reconcile(db, tally),
    };
  } finally {
    server?.child.kill('SIGKILL');
    db.close();
    tmp.remove();
  }
}

export function formatLoad(f: LoadFigures): string {
  const routes = [...f.byRoute].map(([route, ms]) => {
    const s = [...ms].sort((a, b) => a - b);
    return `  ${route.padEnd(24)} ${String(s.length).padStart(6)} ${quantile(s, 0.5).toFixed(0).padStart(6)} ${quantile(s, 0.95).toFixed(0).padStart(6)} ${quantile(s, 0.99).toFixed(0).padStart(6)}`;
  });
  return [
    `review server under load: ${f.inspectors} inspectors at once for ${f.seconds} s, ${f.inspections} inspections × 100 findings (${f.findings})`,
    '',
    `  requests                   ${f.requests} (${(f.requests / f.seconds).toFixed(1)} a second)`,
    `  latency                    p50 ${f.latencyMs.p50.toFixed(0)} ms, p95 ${f.latencyMs.p95.toFixed(0)} ms, p99 ${f.latencyMs.p99.toFixed(0)} ms, max ${f.latencyMs.max.toFixed(0)} ms (goal: p95 under 200 ms)`,
    `  errors                     ${f.errors.length}${f.errors.length ? `: ${f.errors.slice(0, 5).join('; ')}` : ''} (goal 0)`,
    `  acts done                  ${f.acts.confirm} confirmations, ${f.acts.bulk} bulk confirmations, ${f.acts.outcome} 处理结果, ${f.acts.sign} signatures (${f.signedForms} forms signed by both)`,
    `  refused as designed        ${f.refused} (a result or form the other inspector had just changed)`,
    `  lost or doubled acts       ${f.reconciliation.length}${f.reconciliation.length ? `: ${f.reconciliation.slice(0, 5).join('; ')}` : ''} (goal 0; the audit log and review rows against every answer, and PRAGMA integrity_check)`,
    '',
    '  route                    requests    p50    p95    p99 (ms)',
    ...routes,
    '',
  ].join('\n');
}
