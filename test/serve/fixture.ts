// A review server for tests: a real SQLite file with a finished run whose evidence was written by
// EvidenceBundle (a real screenshot taken in Chromium of a planted page), a stored draw matching
// two inspectors to each of two platforms, accounts made by the functions the CLI uses, and the
// app listening on 127.0.0.1:0.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { PlatformRecord } from '../../rules/types.js';
import { legalBasisOf } from '../../rules/legal-basis.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { Finding } from '../../src/findings/finding.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { buildApp, type AppOptions } from '../../src/serve/app.js';
import { createUser } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { storeDraw } from '../../src/store/draws.js';
import { createDrawInspections } from '../../src/review/inspections.js';
import { listInspections } from '../../src/store/inspections.js';
import { completeJob, createRun, finishRun, importPlatforms } from '../../src/store/scans.js';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { HttpClient as Session } from '../helpers/http-client.js';
import { snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/tmp.js';

export const PASSWORD = 'correct horse battery';

/** Each payload marks the document (data-xss) and opens a dialog if it ever runs. */
export const XSS = {
  script: '<script>document.documentElement.dataset.xss=1;alert("xss-script")</script>',
  img: '<img src=x onerror="document.documentElement.dataset.xss=1;alert(\'xss-img\')">',
  js: 'javascript:document.documentElement.dataset.xss=1;alert("xss-js")',
  svg: '"><svg onload="document.documentElement.dataset.xss=1;alert(\'xss-svg\')">',
};
const ALL = Object.values(XSS).join(' ');

const UNIT_A = '晋城市市场监督管理局网络交易监督管理科';
const UNIT_B = '晋城市市场监督管理局广告监督管理科';

const ROSTER = `id,name,unit,region,certificate
jc-01,王建国,${UNIT_A},140500,14050019001
jc-02,李秀英,${UNIT_A},140500,14050019002
jc-03,张伟,${UNIT_B},140500,14050019003
jc-04,刘洋,${UNIT_B},140500,14050019004
jc-09,赵科长,${UNIT_A},140500,14050019009
jc-10,孙磊,${UNIT_A},140500,14050019010
`;

export const shop: PlatformRecord = { id: 'shop', name: '某某网络科技有限公司', uscc: '91330106673959654P', url: 'http://127.0.0.1:9/', risk: 'general' };
export const mall: PlatformRecord = { id: 'mall', name: '另一商城有限公司', uscc: '91330106673959654P', url: 'http://127.0.0.1:9/mall/', risk: 'high' };
/** In the roster, never scanned. */
export const unscanned: PlatformRecord = { id: 'unscanned', name: '未扫描网络有限公司', uscc: '91330106673959654P', url: 'http://127.0.0.1:9/unscanned/', risk: 'low' };

/** The planted page: payloads in its title, text, a link and an attribute. */
const PLANTED = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${XSS.script}标题</title></head>
<body style="margin:0;width:1200px"><div style="height:300px">首页 ${XSS.script} ${XSS.img}</div>
<a href="${XSS.js}">点我</a><div title='${XSS.svg}'>${XSS.svg}</div>
<div id="ad" style="position:absolute;left:100px;top:400px;width:300px;height:80px;background:#fc0">推广 某商品</div>
<div style="height:1200px"></div></body></html>`;

export interface ServeFixture {
  db: Db;
  app: FastifyInstance;
  base: string;
  dir: string;
  roster: string;
  runDir: string;
  shopInspection: number;
  mallInspection: number;
  close(): Promise<void>;
}

function finding(platformId: string, checkId: string, verdict: Finding['verdict'], summary: string, evidence: Finding['evidence'], details: Record<string, unknown>, subject = `http://127.0.0.1:9/${platformId}`): Finding {
  return {
    runId: 'run-1', platformId, checkId, verdict, subject, summary, legalBasis: legalBasisOf(checkId), evidence, details,
    capturedAt: '2026-11-20T01:00:00Z', ruleVersion: '1.0.0', toolVersion: '0.1.0', capturedBy: 'automated',
  };
}

async function evidenceFor(browser: Browser, runDir: string, platformId: string) {
  const bundle = new EvidenceBundle(runDir, platformId);
  bundle.reset();
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  // Scripts off: the screenshot shows the page as markup, and nothing of it runs in the test.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(PLANTED.replace(/<script>.*?<\/script>/g, ''));
  const png = await page.screenshot({ fullPage: true });
  await page.close();
  const files = [bundle.write('p01-homepage.png', 'screenshot', png), bundle.write('p01-homepage.rendered.html', 'rendered-html', PLANTED)];
  // the page metadata and manifest a scan writes, with what a capture records of the server and machine
  const platform = platformId === 'shop' ? shop : mall;
  files.push(bundle.write('p01-homepage.meta.json', 'page-metadata', JSON.stringify({ finalUrl: platform.url, ...CAPTURE_FACTS })));
  const { html: _html, ...stored } = { ...snapshot({ id: 'p01', url: platform.url }), capturedAt: '2026-11-20T01:02:03.000Z', files };
  bundle.write('manifest.json', 'page-metadata', JSON.stringify({ platform, rules: {}, pages: [stored] }));
  return files.slice(0, 2);
}

/** What src/crawl/provenance.ts records of a page's server and the capture machine. */
export const CAPTURE_FACTS = {
  server: { ipAddress: '203.0.113.7', port: 443 },
  redirectChain: [{ url: 'http://shop.example.cn/', status: 301, server: { ipAddress: '203.0.113.7', port: 80 } }],
  tls: { protocol: 'TLS 1.3', subject: 'shop.example.cn', issuer: 'Test CA', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z', chain: [{ subject: 'CN=shop.example.cn', issuer: 'CN=Test CA', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z', serialNumber: '01', fingerprint256: '3A:7F:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD' }] },
  environment: { hostname: 'wj-capture-01', os: 'Linux 6.1', addresses: ['10.0.0.5'], clock: { source: 'tsc', synchronised: 'unknown', how: 'timedatectl could not say' }, browser: 'Chromium 156.0.8078.129', playwright: '1.65.1', node: 'v20.20.2', tool: 'wangjian 0.1.0' },
};

export async function startServeFixture(browser: Browser, options: Omit<AppOptions, 'db'> = {}): Promise<ServeFixture> {
  const tmp = tempDir('wangjian-serve-');
  const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  const roster = join(tmp.dir, 'inspectors.csv');
  writeFileSync(roster, ROSTER);
  const inspectors = await readInspectorRoster(roster);
  for (const i of inspectors) await createUser(db, i, i.id === 'jc-09' ? 'lead' : 'inspector', PASSWORD);

  importPlatforms(db, [shop, mall, unscanned], 'roster.csv');
  const runDir = join(tmp.dir, 'run');
  createRun(db, { id: 'run-1', startedAt: '2026-11-20T01:00:00Z', outDir: runDir, rosterPath: 'roster.csv', rosterSha256: 'x', checks: ['licence-display', 'ad-label', 'tying', 'complaint-channel'], toolVersion: '0.1.0' }, [shop, mall], {});
  const shopFiles = await evidenceFor(browser, runDir, 'shop');
  const mallFiles = await evidenceFor(browser, runDir, 'mall');
  completeJob(db, 'run-1', 'shop', [], [
    finding('shop', 'licence-display', 'violation', `首页未公示营业执照信息 ${ALL}`, shopFiles, { title: `${XSS.script}标题`, text: XSS.img, url: XSS.js }, XSS.js),
    finding('shop', 'ad-label', 'violation', '搜索结果第 1 位「某商品」：只标注“推广”，未标注“广告”', shopFiles, { cardBox: { x: 100, y: 400, width: 300, height: 80 }, title: '某商品' }, `http://127.0.0.1:9/search?q=${encodeURIComponent(XSS.svg)}${XSS.svg}`),
    finding('shop', 'tying', 'needs-review', '商品页提供运费险，未见显著提示', shopFiles, { addOns: [{ label: '运费险 ¥3.00', on: true, problem: 'pre-selected' }] }),
    finding('shop', 'complaint-channel', 'compliant', '首页公示了投诉电话', [], { channels: [{ how: 'phone', text: '投诉电话 12315', url: null }] }),
  ]);
  completeJob(db, 'run-1', 'mall', [], [finding('mall', 'licence-display', 'violation', '商城首页未公示营业执照信息', mallFiles, {})]);
  finishRun(db, 'run-1');

  const record = {
    campaign: { id: 'jc-2026', name: '晋城市2026年度电子商务平台双随机抽查', checks: ['licence-display', 'ad-label', 'tying', 'complaint-channel', 'item-6'], window: { from: '2026-06-01', to: '2026-10-10' }, deadline: '2026-12-31' },
    targets: [
      { platformId: 'shop', inspectors: ['jc-01', 'jc-02'], assistants: [] },
      { platformId: 'mall', inspectors: ['jc-03', 'jc-04'], assistants: [] },
    ],
  };
  storeDraw(db, { id: 'draw-1', campaignId: 'jc-2026', seed: 's', drawnAt: '2026-06-01T00:00:00Z', supersedes: null, reason: null, targets: 2, record: JSON.stringify(record) });
  createDrawInspections(db);
  const [shopInspection, mallInspection] = ['jc-01', 'jc-03'].map((id) => listInspections(db, { inspector: id })[0]!.id);

  const app = await buildApp({ db, ...options });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    db, app, base, dir: tmp.dir, roster, runDir, shopInspection: shopInspection!, mallInspection: mallInspection!,
    async close() {
      await app.close();
      db.close();
      tmp.remove();
    },
  };
}

/** A browser and a review server for a test file's tests: started before them, closed after. */
export function useServeFixture(): { readonly browser: Browser; readonly fx: ServeFixture } {
  const served = {} as { browser: Browser; fx: ServeFixture };
  beforeAll(async () => {
    served.browser = await launchBrowser();
    served.fx = await startServeFixture(served.browser);
  });
  afterAll(async () => {
    await served.browser?.close();
    await served.fx?.close();
  });
  return served;
}

/** Logs in through the form, as a person would. */
export async function logIn(page: Page, base: string, id: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#id', id);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

/** A session for plain HTTP requests as the fixture's accounts, whose password is PASSWORD unless said. */
export class HttpClient extends Session {
  override logIn(id: string, password = PASSWORD): Promise<Response> {
    return super.logIn(id, password);
  }
}
