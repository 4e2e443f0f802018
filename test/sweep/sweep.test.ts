// wangjian sweep over small sites served here: self-built sites (a licence in the footer, behind a
// link, a 亮照 badge, a self-declaration, a paraphrase, a bad check digit, none, a script-only page,
// a GBK page, a 404, a closed port, a bad certificate) and the shops of one platform, one sweep of
// each shared by the assertions; a sweep killed mid-run and resumed; a malformed list.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, type LocalServer } from '../../src/demo/http.js';
import type { Finding } from '../../src/findings/finding.js';
import { openDatabase } from '../../src/store/database.js';
import { InputFileError } from '../../src/roster/table-file.js';
import { DEFAULT_SWEEP_OPTIONS, sweep, type SweepResult } from '../../src/sweep/sweep.js';
import type { TargetResult } from '../../src/sweep/batch.js';
import { BIN, start } from '../helpers/cli.js';
import { expectValidRunFolder } from '../helpers/findings.js';
import { tempDir } from '../helpers/tmp.js';
import { startTestSites, type TestSites } from './sites.js';

const tmp = tempDir('wangjian-sweep-');
const OPTIONS = { ...DEFAULT_SWEEP_OPTIONS, requestsPerMinute: 6_000, navigationTimeoutSecs: 10, pageTimeoutSecs: 30 };
let served: TestSites;
let sites: { result: SweepResult; targets: TargetResult[] };
let shops: { result: SweepResult; targets: TargetResult[] };

const readFindings = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Finding);

beforeAll(async () => {
  served = await startTestSites(tmp.dir);
  const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  try {
    const run = async (list: string, out: string) => {
      const targets: TargetResult[] = [];
      const result = await sweep(db, { sitesPath: list, outDir: join(tmp.dir, out), options: OPTIONS }, new AbortController().signal, (e) => e.type === 'target' && targets.push(e.result));
      return { result, targets };
    };
    [sites, shops] = await Promise.all([run(served.sitesCsv, 'sites'), run(served.shopsCsv, 'shops')]);
  } finally {
    db.close();
  }
}, 120_000);

afterAll(async () => {
  await served?.close();
  tmp.remove();
});

describe('wangjian sweep', () => {
  it('gives each self-built site the verdicts of its homepage, with not-checked reasons from the closed set', () => {
    const findings = readFindings(sites.result.findingsFile);
    for (const site of served.sites) {
      const target = sites.targets.find((t) => t.target.url === site.url)!;
      expect(target, site.name).toBeDefined();
      const got = Object.fromEntries(target.findings.map((f) => [f.checkId, f.verdict]));
      expect(got, `${site.name}: ${target.findings.map((f) => f.summary).join(' / ')}`).toEqual(site.expected);
      if (site.reason) for (const f of target.findings) expect(f.details.reason, site.name).toBe(site.reason);
      expect(target.browser, site.name).toBe(site.browser);
      // findings.jsonl holds the target's findings, the subject the site
      expect(findings.filter((f) => target.findings.some((t) => t.subject === f.subject && t.checkId === f.checkId)).length, site.name).toBe(2);
    }
    expect(sites.result.complete).toBe(true);
    expect(sites.result.summary.byVerdict).toMatchObject({ violation: 1 });
  });

  it('names the paraphrase and the check digit, and compares the code with the list', () => {
    const summary = (name: string) => sites.targets.find((t) => t.target.site === name)!.findings.find((f) => f.checkId === 'licence-display')!.summary;
    expect(summary('改写声明')).toMatch(/^网站首页的自我声明“.*无需办理营业执照”不是《网络交易监督管理办法》第十二条第三款规定的表述$/);
    expect(summary('校验位错')).toContain('未通过校验位检验');
    expect(summary('名单不符')).toContain('与名单所列 91330106673959654P 不一致');
  });

  it('keeps the fetched bytes with their SHA-256, and a screenshot where a finding needs one; the findings validate', () => {
    const none = sites.targets.find((t) => t.target.site === '均未公示')!.findings[0]!;
    expect(none.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['response-body', 'screenshot', 'rendered-html']));
    const ok = sites.targets.find((t) => t.target.site === '合规')!.findings[0]!;
    expect(ok.evidence.map((e) => e.kind).sort()).toEqual(['page-metadata', 'response-body']);
    for (const dir of ['sites', 'shops']) expectValidRunFolder(join(tmp.dir, dir));
  });

  it('judges shops apart from the platform chrome around them, and lists those in breach for the platform to act on', () => {
    for (const shop of served.shops) {
      const target = shops.targets.find((t) => t.target.url === shop.url)!;
      expect(Object.fromEntries(target.findings.map((f) => [f.checkId, f.verdict])), `${shop.name}: ${target.findings.map((f) => f.summary).join(' / ')}`).toEqual(shop.expected);
      expect(target.findings.every((f) => f.platformId === 'mall' && f.subject === shop.url)).toBe(true);
    }
    const csv = readFileSync(join(tmp.dir, 'shops', 'breaches.csv'), 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('督促平台处置');
    expect(csv).toMatch(/evidence\/[^,\n]+\.png/);
  });

  it('refuses a malformed list whole, by row, field and reason', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, `网站名称,网址,统一社会信用代码\n甲,www.a.example.cn,91330106673959654P\n乙,ftp://b.example.cn/,\n丙,www.a.example.cn,9133\n`);
    const db = openDatabase(join(tmp.dir, 'refused.sqlite'));
    try {
      const refused = sweep(db, { sitesPath: bad, options: OPTIONS }, new AbortController().signal);
      await expect(refused).rejects.toBeInstanceOf(InputFileError);
      await expect(refused).rejects.toThrow(/line 3, field "网址": expected an http or https URL[\s\S]*line 4, field "统一社会信用代码": expected an 18-character/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM sweeps').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe('a sweep killed mid-run', () => {
  let slow: LocalServer;
  afterAll(() => slow?.close());

  it('continues where it stopped, with no finding lost or written twice', async () => {
    // 100 compliant sites on one server, each page 40 ms late, four at a time: about 1.5 s in all
    slow = await listenLocal((_req, res, url) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${url.pathname}</title><div class="footer"><p>经营者名称：晋城某某机械有限公司 统一社会信用代码：91330106673959654P</p>晋ICP备16001234号</div>`), 40);
    });
    const list = join(tmp.dir, 'many.csv');
    writeFileSync(list, `网址\n${Array.from({ length: 100 }, (_, i) => `${slow.url}site/${i}`).join('\n')}\n`);
    const storage = join(tmp.dir, 'killed');
    const args = [BIN, 'sweep', '--sites', list, '--out', join(storage, 'out'), '--rpm', '60000', '--per-host', '4', '--concurrency', '4'];
    const first = start(process.execPath, args, { storage });
    await first.waitFor(/\[sweep\] \d+\/100/, 30_000);
    first.child.kill('SIGKILL');
    await first.ended;
    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    const doneBefore = (db.prepare(`SELECT COUNT(*) AS n FROM sweep_targets WHERE status = 'done'`).get() as { n: number }).n;
    db.close();
    expect(doneBefore).toBeGreaterThan(0);
    expect(doneBefore).toBeLessThan(100);

    const second = await start(process.execPath, args, { storage }).ended;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`resumed with ${100 - doneBefore} to go`));
    const findings = readFindings(join(storage, 'out', 'findings.jsonl'));
    expect(findings).toHaveLength(200);
    expect(new Set(findings.map((f) => `${f.subject} ${f.checkId}`)).size).toBe(200);
    expect(findings.every((f) => f.verdict === 'compliant')).toBe(true);
  }, 60_000);
});
