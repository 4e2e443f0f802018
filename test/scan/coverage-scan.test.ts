// A check is compliant only over everything it needed: a scan whose searches fail by design (an
// error page, a refusal, a captcha) records every keyword it meant to search, however small its
// page limit, and the search checks come out needs-review with the counts and reasons, never
// compliant.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prohibitedListings } from '../../rules/prohibited-listings.js';
import type { Finding } from '../../src/findings/finding.js';
import { DEFAULT_KEYWORDS } from '../../src/crawl/options.js';
import { listenLocal, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { footer, page, productGrid, type Brand } from '../../src/demo/layout.js';
import { validUscc, writeDemoRoster } from '../../src/demo/sites.js';
import type { Db } from '../../src/store/database.js';
import { FAST_VISIT, scanForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const BRAND: Brand = { name: '覆盖商城', tagline: '搜索时好时坏', colour: '#2f54eb' };
const USCC = validUscc('91330108MA2CH5C08');
// Smaller than the searches planned: the sample is bounded, the searches come on top.
const MAX_PAGES = 5;
const tmp = tempDir();
let server: LocalServer;
let db: Db;
let findings: Finding[];
let searches: { query: string; failure: string | null }[];

const results = (q: string) =>
  productGrid(`“${q}”的搜索结果`, [1, 2, 3, 4].map((i) => ({ name: `${q} 商品${i}`, price: 10 * i, sold: `${i}00`, shop: `第${i}店` })));

beforeAll(async () => {
  server = await listenLocal((_req, res, url) => {
    const q = url.searchParams.get('q');
    if (q === DEFAULT_KEYWORDS[1]) return sendHtml(res, 500, '<!doctype html><title>500</title><p>服务器错误</p>');
    if (q === '象牙') return sendHtml(res, 429, '<!doctype html><title>429</title><p>访问过于频繁</p>');
    if (q === '熊胆') return sendHtml(res, 200, '<!doctype html><meta charset="utf-8"><title>安全验证</title><p>请拖动滑块完成安全验证</p>');
    const main = q ? results(q) : productGrid('今日推荐', [{ name: '保温杯', price: 59, sold: '1,000', shop: '一店' }]);
    sendHtml(res, 200, page({ brand: BRAND, title: q ? `${q} - 搜索` : undefined, main, footer: footer([], [`营业执照：杭州覆盖网络科技有限公司 统一社会信用代码 ${USCC}`]) }));
  });
  const roster = join(tmp.dir, 'roster.csv');
  await writeDemoRoster([{ id: 'coverage', name: '杭州覆盖网络科技有限公司', uscc: USCC, url: server.url, platform: BRAND.name, region: '330108', risk: 'general' }], roster);
  const scanned = await scanForTest(tmp.dir, { rosterPath: roster, visit: { ...FAST_VISIT, maxPages: MAX_PAGES }, checks: ['ad-label', 'prohibited-listings'] });
  db = scanned.db;
  findings = scanned.result.findings;
  searches = (db.prepare("SELECT query, failure FROM snapshots WHERE kind = 'search'").all() as { query: string; failure: string | null }[]);
}, 300_000);

afterAll(async () => {
  db?.close();
  await server?.close();
  tmp.remove();
});

const platformLevel = (checkId: string) => findings.filter((f) => f.checkId === checkId).at(-1)!;
const reasonOf = (s: { failure: string | null }) => (s.failure ? (JSON.parse(s.failure) as { reason: string }).reason : null);

describe('a scan whose searches fail by design', () => {
  it('records every keyword it meant to search, past the page limit: a failed search does not end the others', () => {
    const planned = [...DEFAULT_KEYWORDS, ...prohibitedListings.queries!.filter((q) => !DEFAULT_KEYWORDS.includes(q))];
    expect(searches.map((s) => s.query).sort()).toEqual([...planned].sort());
    const reason = Object.fromEntries(searches.map((s) => [s.query, reasonOf(s)]));
    expect(reason[DEFAULT_KEYWORDS[1]!]).toBe('http-error');
    expect(reason[DEFAULT_KEYWORDS[2]!]).toBeNull();
    expect(reason['象牙']).toBe('blocked');
    expect(reason['熊胆']).toBe('captcha');
    expect(searches.filter((s) => reasonOf(s) !== null)).toHaveLength(3);
  });

  it('judges ad-label over the pages it saw and calls it needs-review, with the count and the reason of the rest', () => {
    const f = platformLevel('ad-label');
    expect(f.verdict).toBe('needs-review');
    expect(f.details).toMatchObject({ reason: 'http-error', coverage: { what: '搜索结果页', needed: searches.length, seen: searches.length - 3 } });
    expect(f.summary).toContain(`未发现付费排名结果；已检查 ${searches.length - 3}/${searches.length} 个搜索结果页，3 个未能检查（服务器返回错误 1 个、网站拒绝访问 1 个、页面要求人机验证 1 个），未检查部分不能认定合规`);
  });

  it('never calls prohibited-listings compliant over part of its keywords', () => {
    const f = platformLevel('prohibited-listings');
    expect(f.verdict).toBe('needs-review');
    const coverage = f.details.coverage as { needed: number; seen: number; missing: { reason: string }[] };
    expect(coverage.needed).toBe(prohibitedListings.queries!.length);
    expect(coverage.missing.map((m) => m.reason).sort()).toEqual(['blocked', 'captcha']);
    expect(f.summary).toContain(`已检查 ${coverage.seen}/${coverage.needed} 个重点排查关键词`);
  });
});
