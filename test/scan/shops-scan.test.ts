// End to end for the search, listing and shop checks: real Chromium scans eight labelled shop
// platforms it has no profile for (a GET form, a script-built results list, ad zones under one
// label, a wholesale platform of offers and suppliers, a second-hand app of hash routes and a
// feed behind 加载更多, a flash sale of brand sessions in hashed class names, a bookstore of
// list rows, a services platform of merchants and their deals), and every verdict is asserted,
// item by item and shop by shop, against the labels; the platform-level checks (sort orders,
// add-ons, prohibited keywords) platform by platform. Prohibited-listings searches the keywords of the planted listings, as the demo does
// (each keyword is a search on every platform); the eval searches the whole list.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absoluteTermsRule } from '../../rules/absolute-terms.js';
import { BUILT_IN_TERMS } from '../../rules/lib/term-lists.js';
import { VERDICTS } from '../../rules/types.js';
import { demoRules } from '../../src/cli/demo-command.js';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { sha256 } from '../../src/evidence/bundle.js';
import { rejudge } from '../../src/scan/rejudge.js';
import type { ScanResult } from '../../src/scan/scan.js';
import type { Db } from '../../src/store/database.js';
import { pagePath, scoreFindings, type CheckFigures } from '../eval/eval.js';
import { expectValidRunFolder } from '../helpers/findings.js';
import { FAST_VISIT, scanForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';
import { PLATFORM_CHECKS, SHOP_CHECKS, startShopSites, type ShopSites } from '../../src/demo/shops/index.js';

const tmp = tempDir();
let sites: ShopSites;
let db: Db;
let result: ScanResult;

beforeAll(async () => {
  sites = await startShopSites();
  const roster = join(tmp.dir, 'roster.csv');
  await writeDemoRoster(sites.platforms, roster);
  // Two probes, as the demo: every probe lists the whole catalogue, and a listing is visited once.
  const visit = { ...FAST_VISIT, keywords: ['手机', '纸巾'] };
  ({ db, result } = await scanForTest(tmp.dir, { rosterPath: roster, checks: [...SHOP_CHECKS, ...PLATFORM_CHECKS], rules: demoRules(), visit }));
}, 600_000);

afterAll(async () => {
  db?.close();
  await sites?.close();
  tmp.remove();
});

/** Subjects whose reported verdict differs from the labelled one: "expected → reported × n". */
function mismatches(figures: CheckFigures, compliantMayGoUnreported: boolean): string[] {
  return VERDICTS.flatMap((expected) =>
    Object.entries(figures.confusion[expected])
      .filter(([reported, n]) => n > 0 && reported !== expected && !(compliantMayGoUnreported && expected === 'compliant' && reported === 'unreported'))
      .map(([reported, n]) => `${expected} → ${reported} × ${n}`),
  );
}

describe('scanning the labelled shop platforms', () => {
  it('gives every platform the expected verdict for each check', () => {
    const { platforms } = scoreFindings(sites, {}, result.findings);
    expect(platforms.filter((p) => p.reported !== p.expected)).toEqual([]);
    expect(platforms).toHaveLength(sites.platforms.length * (SHOP_CHECKS.length + PLATFORM_CHECKS.length));
  });

  it('finds the prohibited listings the keyword filters missed, and only those', () => {
    const hits = result.findings.filter((f) => f.checkId === 'prohibited-listings' && f.details.keywords);
    expect(hits.map((f) => [f.platformId, pagePath(f.subject), f.details.keywords])).toEqual([
      ['baibao', '/detail/3901.htm', ['军服', '作训服']],
      ['haopi', '/offer/69001.html', ['氰化钠']],
      ['xianqu', '/#/item/79001', ['象牙']],
      ['temai', sites.truth.temai!.prohibitedListings[0], ['特供']],
      ['linli', '/deal/59001', ['长江野生']],
    ]);
  });

  it('sees the 运费险 box a script ticked after load, which the served HTML shows unticked', () => {
    const ticked = result.findings.filter((f) => f.checkId === 'tying' && f.platformId === 'kuaigou' && f.verdict === 'violation' && f.details.addOns);
    expect(ticked.length).toBeGreaterThan(0);
    for (const f of ticked) expect(f.details.addOns).toEqual([expect.objectContaining({ stateFrom: 'live', scriptChecked: true })]);
  });

  it('finds every paid result and judges its 广告 label as labelled (labelled ones need no finding)', () => {
    const ads = scoreFindings(sites, {}, result.findings).checks.find((c) => c.check === 'ad-label')!;
    expect(mismatches(ads, true)).toEqual([]);
    expect(ads.recall).toBe(1);
    expect(ads.truePositives).toBeGreaterThanOrEqual(9);
  });

  it('judges each sampled listing’s 自营 mark against who its shop’s licence says sells it', () => {
    const self = scoreFindings(sites, {}, result.findings).checks.find((c) => c.check === 'self-operated-label')!;
    expect(mismatches(self, false)).toEqual([]);
    expect(self.recall).toBe(1);
  });

  it('judges each sampled shop’s licence information or self-declaration', () => {
    const licence = scoreFindings(sites, {}, result.findings).checks.find((c) => c.check === 'seller-licence-display')!;
    expect(mismatches(licence, false)).toEqual([]);
    expect(licence.recall).toBe(1);
  });

  it('reaches a wholesale supplier by its company name and reads its licence behind a 工商信息 tab', () => {
    const luwei = result.findings.find((f) => f.checkId === 'seller-licence-display' && f.subject.endsWith('/company/luwei'));
    expect(luwei).toMatchObject({ verdict: 'compliant', details: { shownAs: 'text', usccs: [expect.objectContaining({ checksumValid: true })] } });
    const shopId = (luwei!.details.shopPage as { snapshotId: string }).snapshotId;
    const metadata = JSON.parse(readFileSync(join(result.run.outDir, 'evidence', 'haopi', `${shopId}-shop.meta.json`), 'utf8'));
    expect(metadata.revealed).toEqual(['工商信息']);
  });

  it('searches an app through its hash route and reads its feed to the end, 加载更多 after 加载更多', () => {
    const evidence = join(result.run.outDir, 'evidence', 'xianqu');
    const manifest = JSON.parse(readFileSync(join(evidence, 'manifest.json'), 'utf8')) as { pages: { id: string; kind: string }[] };
    const searches = manifest.pages.filter((p) => p.kind === 'search').map((p) => JSON.parse(readFileSync(join(evidence, `${p.id}-search.meta.json`), 'utf8')) as { requestedUrl: string; finalUrl: string; revealed: string[] });
    expect(searches.map((m) => decodeURIComponent(new URL(m.finalUrl).hash))).toEqual(expect.arrayContaining(['#/search?q=手机', '#/search?q=象牙']));
    // the first search typed into the box on the homepage; the rest requested at the route it revealed
    const [typed, ...direct] = searches;
    expect(new URL(typed!.requestedUrl).hash).toBe('');
    expect(direct.length).toBeGreaterThan(0);
    for (const m of direct) expect(m.requestedUrl).toBe(m.finalUrl);
    expect(searches.find((m) => m.finalUrl.endsWith(encodeURIComponent('象牙')))?.revealed).toEqual(['加载更多', '加载更多']);
    // the unlabelled ad of the second batch is judged on its own item page
    const late = result.findings.find((f) => f.checkId === 'ad-label' && f.platformId === 'xianqu' && f.subject.includes('#/item/71008'));
    expect(late?.verdict).toBe('violation');
  });

  it('takes a merchant card for a listing: its merchant is the shop, its deals the product pages', () => {
    const evidence = join(result.run.outDir, 'evidence', 'linli');
    const manifest = JSON.parse(readFileSync(join(evidence, 'manifest.json'), 'utf8')) as { pages: { id: string; kind: string }[] };
    const pages = manifest.pages.map((p) => JSON.parse(readFileSync(join(evidence, `${p.id}-${p.kind}.meta.json`), 'utf8')) as { id: string; kind: string; via: string; requestedUrl: string });
    const searches = new Set(pages.filter((p) => p.kind === 'search').map((p) => p.id));
    const fromResults = (kind: string) => pages.filter((p) => p.kind === kind && searches.has(p.via)).map((p) => pagePath(p.requestedUrl));
    expect(fromResults('shop')).toEqual(expect.arrayContaining(['/shop/73001', '/shop/73002', '/shop/73003']));
    expect(fromResults('product')).toEqual(expect.arrayContaining(['/deal/52001', '/deal/52003', '/deal/52004']));
    const weak = result.findings.find((f) => f.checkId === 'ad-label' && f.platformId === 'linli' && f.subject.endsWith('/shop/73002'));
    expect(weak).toMatchObject({ verdict: 'needs-review', details: { labels: [expect.objectContaining({ text: '广告', fontSize: 8 })] } });
  });

  it('judges the run again from its evidence when a term list changes: only the verdicts the change touches move, the evidence stays', () => {
    const evidence = join(result.run.outDir, 'evidence');
    const hashes = () => Object.fromEntries(readdirSync(evidence, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name), sha256(readFileSync(join(e.parentPath, e.name)))]));
    const before = hashes();
    const originalFile = readFileSync(join(result.run.outDir, 'findings.jsonl'), 'utf8');
    // a bureau's own absolute-terms list adds 乳胶枕: only temai lists one
    const absolute = BUILT_IN_TERMS.absolute;
    const own = absoluteTermsRule({ ...absolute, version: `${absolute.version}+本局`, entries: [...absolute.entries, { term: '乳胶枕', source: '本局补充' }] });
    const rules = demoRules().map((r) => (r.id === own.id ? own : r));
    const r = rejudge(db, { runId: result.run.id, rules });
    expect(r.changes).toEqual([{ platformId: 'temai', checkId: 'absolute-terms', before: 'compliant', after: 'needs-review' }]);
    expect(r.compared).toBe(sites.platforms.length * (SHOP_CHECKS.length + PLATFORM_CHECKS.length));
    expect(r.run).toMatchObject({ rejudgedFrom: result.run.id, outDir: result.run.outDir, status: 'finished' });
    // the new run's findings rest on the same files, beside the old run's, which are as they were
    expect(hashes()).toEqual(before);
    expect(readFileSync(join(result.run.outDir, 'findings.jsonl'), 'utf8')).toBe(originalFile);
    expectValidRunFolder(result.run.outDir, `findings.rejudged-${r.run.id}.jsonl`);
    expect(r.findings.find((f) => f.checkId === 'absolute-terms' && f.platformId === 'temai' && f.verdict === 'needs-review')?.summary).toContain('乳胶枕');
  });

  it('rests every item finding on its pages, with the figures an inspector needs', () => {
    expectValidRunFolder(result.run.outDir);
    for (const f of result.findings.filter((x) => x.checkId === 'ad-label' && x.verdict !== 'compliant' && x.verdict !== 'not-checked')) {
      expect(f.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['screenshot', 'rendered-html']));
      expect(f.summary).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
