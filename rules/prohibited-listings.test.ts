import { describe, expect, it } from 'vitest';
import { page, platform, snapshot } from '../test/helpers/snapshots.js';
import { BUILT_IN_KEYWORDS, type KeywordList } from './lib/term-lists.js';
import { prohibitedListings, prohibitedListingsRule } from './prohibited-listings.js';
import type { DraftFinding, Snapshot } from './types.js';

const HOME = snapshot({ html: page('<div>首页</div>') });
const card = (path: string, title: string) => `<li><a href="${path}">${title}</a><span>¥99.00</span></li>`;
const OTHERS = [card('/item/1.html', '纯牛奶 250ml×24盒'), card('/item/2.html', '抽纸 3层120抽')];
function search(query: string, cards: string[], id = 'p02'): Snapshot {
  return snapshot({ id, kind: 'search', url: `https://shop.example.cn/search?q=${encodeURIComponent(query)}`, via: 'p01', query, html: page(`<ul>${[...cards, ...OTHERS].join('')}</ul>`) });
}
/** A search of every listed keyword but those given, each finding nothing of note. */
function otherSearches(...except: string[]): Snapshot[] {
  return BUILT_IN_KEYWORDS.entries.filter((e) => !except.includes(e.keyword)).map((e, i) => search(e.keyword, [card('/item/8.html', '保温杯 500ml')], `q${String(i).padStart(2, '0')}`));
}
function run(...snapshots: Snapshot[]): { items: DraftFinding[]; platform: DraftFinding } {
  const findings = prohibitedListings.evaluate({ platform: platform(), snapshots });
  return { items: findings.slice(0, -1), platform: findings[findings.length - 1]! };
}

describe('prohibited-listings', () => {
  it('keeps the built-in list modest, sourced, and asks the crawler to search each keyword', () => {
    expect(BUILT_IN_KEYWORDS.entries.length).toBeLessThanOrEqual(20);
    for (const e of BUILT_IN_KEYWORDS.entries) expect(e.source).toMatch(/^seeds\/000 四\(二\)/);
    expect(new Set(BUILT_IN_KEYWORDS.entries.map((e) => e.category)).size).toBe(8);
    expect(prohibitedListings.queries).toEqual(BUILT_IN_KEYWORDS.entries.map((e) => e.keyword));
  });

  it('collects a merchant card’s deal that carries the keyword, subject the deal, the card named beside it', () => {
    const merchant = `<li><a href="/shop/6"><h4>江畔鱼庄(望江楼店)</h4></a><span>人均 ¥120</span><div><a href="/deal/61">团购：仅售888元，长江野生江鲜宴</a><a href="/deal/62">团购：仅售158元，江团鱼火锅</a></div></li>`;
    const { items } = run(HOME, search('长江野生', [merchant]));
    expect(items.map((f) => [f.subject, f.details.price, f.details.card])).toEqual([['https://shop.example.cn/deal/61', '888元', { title: '江畔鱼庄(望江楼店)', url: 'https://shop.example.cn/shop/6' }]]);
    expect(items[0]!.summary).toContain('「江畔鱼庄(望江楼店)」的「团购：仅售888元，长江野生江鲜宴」含重点排查词“长江野生”');
  });

  it('collects a listing whose title carries the keyword searched, with its category, source and page', () => {
    const { items, platform: p } = run(HOME, search('军服', [card('/item/9.html', '仿制 军服 作训服 迷彩套装')]));
    expect(items).toHaveLength(1);
    const f = items[0]!;
    expect(f).toMatchObject({ verdict: 'needs-review', subject: 'https://shop.example.cn/item/9.html' });
    expect(f.summary).toBe('搜索“军服”第 1 组结果第 1 位「仿制 军服 作训服 迷彩套装」含重点排查词“军服”（军服及“军”字号商品），需人工核实是否为禁限售商品');
    expect(f.details).toMatchObject({ keyword: '军服', matched: '军服', category: '军服及“军”字号商品', source: 'seeds/000 四(二)；《军服管理条例》', listVersion: '2026.1', price: '¥99.00' });
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p02.html', 'evidence/p02.png']);
    expect(p.verdict).toBe('needs-review');
    const others = BUILT_IN_KEYWORDS.entries.length - 1;
    expect(p.summary).toBe(`以 1 个重点排查关键词搜索，共 3 条结果，发现标题含关键词的商品 1 条（“军服”），需人工核实；已检查 1/${others + 1} 个重点排查关键词，${others} 个未能检查（未找到所需页面 ${others} 个）`);
  });

  it('matches a listed variant and ignores spacing; one listing found under two keywords is one finding', () => {
    const listing = card('/item/7.html', '长江 江刀 鲜活');
    const { items } = run(HOME, search('长江刀鱼', [listing]), search('作训服', [card('/item/9.html', '作训服 军装')], 'p03'), search('军服', [card('/item/9.html', '作训服 军装')], 'p04'));
    expect(items.map((f) => [f.subject, f.details.matched, f.details.keywords])).toEqual([
      ['https://shop.example.cn/item/7.html', '江刀', ['长江刀鱼']],
      ['https://shop.example.cn/item/9.html', '作训服', ['作训服', '军服']],
    ]);
  });

  it('leaves the search’s near misses alone: a 军旅题材图书 the search returned for 军服 does not carry the word', () => {
    const { items, platform: p } = run(HOME, search('军服', [card('/item/5.html', '军旅题材图书 《亮剑》 精装')]), ...otherSearches('军服'));
    expect(items).toEqual([]);
    expect(p.verdict).toBe('compliant');
  });

  it('ignores results of probe keywords; compliant when the searches ran and found nothing', () => {
    const probe = search('手机', [card('/item/9.html', '手机 军用 三防')]);
    expect(run(HOME, probe).platform).toMatchObject({ verdict: 'not-checked', details: { reason: 'page-kind-not-found' } });
    const all = BUILT_IN_KEYWORDS.entries.length;
    const { platform: p } = run(HOME, probe, search('象牙', [card('/item/3.html', '天然牛角梳')], 'p03'), ...otherSearches('象牙'));
    expect(p).toMatchObject({ verdict: 'compliant', details: { counts: { searched: all, results: 3 * all, listings: 0 } } });
    expect(p.summary).toBe(`以 ${all} 个重点排查关键词搜索，共 ${3 * all} 条结果，未发现标题含关键词的商品`);
  });

  it('is never compliant over part of the keywords: the rest are named with their reasons', () => {
    const all = BUILT_IN_KEYWORDS.entries.length;
    const failed = snapshot({ id: 'p03', kind: 'search', via: 'p01', query: '象牙', failure: { reason: 'timeout' } });
    const { platform: p } = run(HOME, failed, ...otherSearches('象牙'));
    expect(p.verdict).toBe('needs-review');
    expect(p.details).toMatchObject({ reason: 'timeout', coverage: { needed: all, seen: all - 1, missing: [{ reason: 'timeout', count: 1 }] }, unsearched: ['象牙'] });
    expect(p.summary).toBe(`以 ${all - 1} 个重点排查关键词搜索，共 ${3 * (all - 1)} 条结果，未发现标题含关键词的商品；已检查 ${all - 1}/${all} 个重点排查关键词，1 个未能检查（页面加载超时 1 个），未检查部分不能认定合规`);
  });

  it('is not-checked when every keyword search failed', () => {
    const failed = snapshot({ id: 'p02', kind: 'search', via: 'p01', query: '象牙', failure: { reason: 'captcha' } });
    expect(run(HOME, failed).platform).toMatchObject({ verdict: 'not-checked', summary: '重点排查关键词搜索未能完成（页面要求人机验证）', details: { reason: 'captcha' } });
  });

  it('takes a bureau’s own list besides the built-in one, recording both versions', () => {
    const own: KeywordList = { list: 'prohibited-keywords', version: 'sx-2025@2', entries: [{ keyword: '野生甲鱼', category: '野生动物及其制品', source: '省局通知' }] };
    const rule = prohibitedListingsRule(BUILT_IN_KEYWORDS, own);
    expect(rule.queries).toContain('野生甲鱼');
    const findings = rule.evaluate({ platform: platform(), snapshots: [HOME, search('野生甲鱼', [card('/item/3.html', '野生甲鱼 鲜活')])] });
    expect(findings[0]!.details).toMatchObject({ keyword: '野生甲鱼', source: '省局通知', listVersion: '2026.1+sx-2025@2' });
  });
});
