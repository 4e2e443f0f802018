import { describe, expect, it } from 'vitest';
import { page, platform, snapshot } from '../test/helpers/snapshots.js';
import { absoluteTerms } from './absolute-terms.js';
import type { DraftFinding } from './types.js';

const HOME = snapshot({ html: page('<p>首页</p>') });
/** A results page of cards, each a link with a price (the shape listings.ts recognises). */
const results = (titles: string[]) =>
  snapshot({
    id: 'p02',
    kind: 'search',
    url: 'https://shop.example.cn/search?q=纸巾',
    via: HOME.id,
    query: '纸巾',
    html: page(`<ul class="list">${titles.map((t, i) => `<li class="item"><a href="/item/${i + 1}.htm">${t}</a><span class="price">¥${19 + i}.90</span></li>`).join('')}</ul>`),
  });
const run = (...pages: ReturnType<typeof snapshot>[]) => absoluteTerms.evaluate({ platform: platform(), snapshots: [HOME, ...pages] });
const hits = (findings: DraftFinding[]) => findings.filter((f) => f.subject !== HOME.finalUrl);
const terms = (findings: DraftFinding[]) => hits(findings).map((f) => (f.details as { term: string }).term);

describe('absolute-terms', () => {
  it('each hit in a listing title needs review, subject the item URL, with ±20 characters', () => {
    const findings = run(results(['全网最低价 抽纸 30包', '销量第一 湿巾 80抽', '原木抽纸 家庭装 24包']));
    expect(hits(findings).map((f) => [f.verdict, f.subject, (f.details as { context: string }).context])).toEqual([
      ['needs-review', 'https://shop.example.cn/item/1.htm', '全网最低价 抽纸 30包'],
      ['needs-review', 'https://shop.example.cn/item/2.htm', '销量第一 湿巾 80抽'],
    ]);
    expect(terms(findings)).toEqual(['全网最低', '第一']);
    expect(findings.at(-1)).toMatchObject({ verdict: 'needs-review', details: { counts: { items: 3, hits: 2 } } });
  });

  it('makes one finding of a term a listing uses wherever it was seen: two searches and its product page', () => {
    const search = (id: string, query: string) =>
      snapshot({ id, kind: 'search', url: `https://shop.example.cn/search?q=${query}`, via: HOME.id, query, html: page(`<ul>${[1, 2, 3].map((n) => `<li><a href="/item/${n}.htm?kw=${encodeURIComponent(query)}">${n === 1 ? '全网最低价 ' : ''}${query} 商品${n}</a><span>¥9.90</span></li>`).join('')}</ul>`) });
    const product = snapshot({ id: 'p04', kind: 'product', url: 'https://shop.example.cn/item/1.htm?kw=%E7%BA%B8%E5%B7%BE', via: 'p02', html: page('<h1>全网最低价 纸巾 商品1 家庭装 24包</h1>') });
    const findings = hits(run(search('p02', '纸巾'), search('p03', '牛奶'), product));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toContain('（同一商品共 3 处，见于 3 个页面）');
    expect((findings[0]!.details.seenIn as { snapshotId: string; field: string }[]).map((x) => [x.snapshotId, x.field])).toEqual([
      ['p02', 'listing-title'],
      ['p03', 'listing-title'],
      ['p04', 'title'],
    ]);
  });

  it('reads the promotional terms the platform sets for consumers (活动规则) as well as listings', () => {
    const rules = snapshot({ id: 'p05', kind: 'terms', url: 'https://shop.example.cn/activity/1111', via: HOME.id, title: '双十一活动规则', html: page('<h1>双十一活动规则</h1><p>活动期间全场商品全网最低价，买贵必赔。</p><p>活动时间：11月1日至11月11日。</p>', '双十一活动规则') });
    const findings = run(results(['原木抽纸 家庭装 24包', '竹浆本色纸 12包', '湿厕纸 80抽']), rules);
    expect(hits(findings).map((f) => [f.subject, f.summary])).toEqual([
      ['https://shop.example.cn/activity/1111', '「双十一活动规则」正文使用绝对化用语“全网最低”：“双十一活动规则 活动期间全场商品全网最低价,买贵必赔。 活动时间:11月1日至1”，需结合语境判断是否违反广告法第九条第（三）项'],
    ]);
    expect(findings.at(-1)!.summary).toBe('检查 3 个商品的标题和描述及 1 个活动规则等页面，发现绝对化用语 1 处（1 个活动规则等页面），需人工复核');
  });

  it('near-misses: ordinals, a brand, official grades and titles, consumption hints', () => {
    const findings = run(
      results([
        '2024年第一季度新品 抽纸',
        '第一次购买送湿巾 2024年第一批',
        '国家一级能效 空调 一级能效',
        '第一坊 手工挂面',
        '国家级非物质文化遗产 龙井茶',
        '最佳赏味期内发货 牛奶',
        'NO.12 型号纸巾',
      ]),
    );
    expect(terms(findings)).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ verdict: 'compliant' })]);
  });

  it('reads full-width Latin terms and notes a time-bound claim', () => {
    const findings = hits(run(results(['ＮＯ．１ 纸巾品牌', '2024年度天猫销量第一 抽纸', '原木抽纸 家庭装'])));
    expect(findings.map((f) => [(f.details as { term: string }).term, (f.details as { boundedByTimeOrPlace: boolean }).boundedByTimeOrPlace])).toEqual([
      ['NO.1', false],
      ['第一', true],
    ]);
    expect(findings[1]!.summary).toContain('限定了时间或地域');
  });

  it('reads a product page title and description', () => {
    const product = snapshot({
      id: 'p03',
      kind: 'product',
      url: 'https://shop.example.cn/item/9.htm',
      via: 'p02',
      html: page('<h1>顶级 乌龙茶 500g</h1><div class="detail"><p>选用史无前例的工艺，口感独一无二。</p></div>'),
    });
    const findings = hits(run(product));
    expect(findings.map((f) => [f.subject, (f.details as { field: string }).field, (f.details as { term: string }).term])).toEqual([
      ['https://shop.example.cn/item/9.htm', 'title', '顶级'],
      ['https://shop.example.cn/item/9.htm', 'description', '史无前例'],
      ['https://shop.example.cn/item/9.htm', 'description', '独一无二'],
    ]);
  });

  it('not-checked without search or product pages', () => {
    expect(run()).toEqual([expect.objectContaining({ verdict: 'not-checked', details: expect.objectContaining({ reason: 'page-kind-not-found' }) })]);
    expect(absoluteTerms.pageKinds).toEqual(['homepage', 'search', 'product', 'terms']);
  });
});
