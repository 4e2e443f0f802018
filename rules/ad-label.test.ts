import { describe, expect, it } from 'vitest';
import { page, platform, snapshot } from '../test/helpers/snapshots.js';
import { adLabel } from './ad-label.js';
import type { DraftFinding, Snapshot } from './types.js';

const HOME = snapshot({ html: page('<div>首页</div>') });
const SEARCH_URL = 'https://shop.example.cn/search?q=%E6%89%8B%E6%9C%BA';
const AD_CLICK = 'https://shop.example.cn/click?ad_id=8812&to=item';

/** A result card; `paid` adds a click-tracking link, `extra` any labels. */
function card(n: number, { paid = false, extra = '', attrs = '' } = {}): string {
  const link = paid ? AD_CLICK.replace('8812', String(8800 + n)) : `https://shop.example.cn/item/${n}.html`;
  return `<li class="item"${attrs}><a href="${link}">商品${n} 手机 128GB 全网通</a><span class="price">¥${n}99.00</span>${extra}</li>`;
}
const list = (cards: string[], heading = '') => `<div class="block">${heading}<ul class="list">${cards.join('')}</ul></div>`;
const natural = (from: number, n = 3) => Array.from({ length: n }, (_, i) => card(from + i));

function search(body: string, spec: Partial<Parameters<typeof snapshot>[0]> = {}): Snapshot {
  return snapshot({ id: 'p02', kind: 'search', url: SEARCH_URL, via: 'p01', query: '手机', html: page(body), ...spec });
}
function run(...snapshots: Snapshot[]): { items: DraftFinding[]; platform: DraftFinding } {
  const findings = adLabel.evaluate({ platform: platform(), snapshots });
  const last = findings[findings.length - 1]!;
  expect(last.subject).toBe('https://shop.example.cn/');
  return { items: findings.slice(0, -1), platform: last };
}
const measured = (box: string, font: number, color = '51,51,51,1', bg = '255,255,255,1') =>
  `data-wj-box="${box}" data-wj-font="${font}" data-wj-color="${color}" data-wj-bg="${bg}" data-wj-opacity="1"`;

describe('ad-label', () => {
  it('is compliant when every paid result is labelled 广告; labelled results get no finding of their own', () => {
    const { items, platform: p } = run(HOME, search(list([card(1, { paid: true, extra: '<span class="tag">广告</span>' }), ...natural(2)])));
    expect(items).toEqual([]);
    expect(p.verdict).toBe('compliant');
    expect(p.summary).toBe('检查 1 个搜索结果页共 4 条结果，识别出付费排名结果 1 条，均已显著标明“广告”');
    expect(p.details.counts).toMatchObject({ results: 4, paid: 1, labelled: 1 });
    expect(p.evidence.map((e) => e.path)).toEqual(['evidence/p02.html', 'evidence/p02.png']);
  });

  it('makes one finding of a listing that several searches showed, judged by its worst showing, naming each search', () => {
    const echoing = (query: string, extra = '') => `<li><a href="https://shop.example.cn/click?ad_id=8801&to=${encodeURIComponent(`/item/1.html?kw=${query}`)}">商品1 ${query} 128GB</a><span>¥199.00</span>${extra}</li>`;
    const at = (id: string, query: string, first: string) => search(list([first, ...natural(2)]), { id, query, url: `https://shop.example.cn/search?q=${encodeURIComponent(query)}` });
    const { items, platform: p } = run(HOME, at('p02', '手机', echoing('手机', '<span class="tag">广告</span>')), at('p03', '纸巾', echoing('纸巾')), at('p04', '牛奶', echoing('牛奶')));
    expect(items).toHaveLength(1);
    const f = items[0]!;
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('搜索“纸巾”第 1 组结果第 1 位「商品1 纸巾 128GB」：付费排名结果未标明“广告”（同一结果出现在“手机”、“纸巾”、“牛奶”的结果中）');
    expect(f.details.seenIn).toEqual([
      expect.objectContaining({ query: '手机', snapshotId: 'p02', verdict: 'compliant', problem: 'labelled' }),
      expect.objectContaining({ query: '纸巾', snapshotId: 'p03', verdict: 'violation', problem: 'no-label' }),
      expect.objectContaining({ query: '牛奶', snapshotId: 'p04', verdict: 'violation', problem: 'no-label' }),
    ]);
    expect(p.summary).toBe('检查 3 个搜索结果页共 12 条结果，识别出付费排名结果 3 条（1 个不同结果）：已标明“广告” 0 条，违规 1 条，需人工复核 0 条');
  });

  it('is compliant, saying so, when no paid result is found', () => {
    expect(run(HOME, search(list(natural(1)))).platform.summary).toBe('检查 1 个搜索结果页共 3 条结果，未发现付费排名结果');
  });

  it('flags a paid result without any label, with rank, query, title and signals', () => {
    const { items, platform: p } = run(HOME, search(list([...natural(1, 2), card(3, { paid: true })])));
    expect(items).toHaveLength(1);
    const f = items[0]!;
    expect(f.verdict).toBe('violation');
    expect(f.subject).toBe('https://shop.example.cn/click?ad_id=8803&to=item');
    expect(f.summary).toBe('搜索“手机”第 1 组结果第 3 位「商品3 手机 128GB 全网通」：付费排名结果未标明“广告”');
    expect(f.details).toMatchObject({ problem: 'no-label', query: '手机', rank: 3, zone: 0, price: '¥399.00' });
    expect(f.details.signals).toEqual([{ kind: 'tracking-link', strength: 'strong', evidence: 'https://shop.example.cn/click?ad_id=8803&to=item' }]);
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p02.html', 'evidence/p02.png']);
    expect(p.verdict).toBe('violation');
    expect(p.summary).toBe('检查 1 个搜索结果页共 3 条结果，识别出付费排名结果 1 条：已标明“广告” 0 条，违规 1 条，需人工复核 0 条');
  });

  it('takes 推广, 赞助 or Sponsored as a promotion marker but not as the 广告 the law asks for', () => {
    for (const word of ['推广', '赞助', 'Sponsored']) {
      const { items } = run(HOME, search(list([card(1, { extra: `<em>${word}</em>` }), ...natural(2)])));
      expect(items[0]).toMatchObject({ verdict: 'violation', details: { problem: 'other-word' } });
      expect(items[0]!.summary).toContain(`付费排名结果仅标注“${word}”，未标明“广告”`);
    }
  });

  it('counts a 广告 label hidden by display:none as not visibly rendered', () => {
    const { items } = run(HOME, search(list([card(1, { paid: true, extra: '<span style="display:none">广告</span>' }), ...natural(2)])));
    expect(items[0]).toMatchObject({ verdict: 'violation', details: { problem: 'label-not-visible' } });
    expect(items[0]!.summary).toContain('display:none');
    expect(items[0]!.details.labels).toEqual([expect.objectContaining({ text: '广告', prominence: 'not-visible', hidden: 'display-none' })]);
  });

  const box = '0,0,300,120';
  const measuredCard = (label: string) =>
    `<li class="item" data-wj-box="${box}"><a href="${AD_CLICK}">商品1 手机 128GB 全网通</a><span>¥199.00</span>${label}</li>`;

  it('judges a measured label: 5px or near-invisible contrast → violation, 8px or low contrast → needs-review', () => {
    const verdictOf = (label: string) => run(HOME, search(list([measuredCard(label), ...natural(2)]))).items[0]!;
    const tiny = verdictOf(`<i ${measured('10,100,12,6', 5)}>广告</i>`);
    expect(tiny).toMatchObject({ verdict: 'violation', details: { problem: 'label-not-visible' } });
    expect(tiny.summary).toContain('字号 5px 小于 6px');
    const ghost = verdictOf(`<i ${measured('10,100,20,12', 12, '250,250,250,1')}>广告</i>`);
    expect(ghost.verdict).toBe('violation');
    const small = verdictOf(`<i ${measured('10,100,16,10', 8)}>广告</i>`);
    expect(small).toMatchObject({ verdict: 'needs-review', details: { problem: 'weak-label' } });
    expect(small.details.labels).toEqual([expect.objectContaining({ fontSize: 8, prominence: 'weak', insideCard: true, measured: true })]);
    const grey = verdictOf(`<i ${measured('10,100,20,12', 12, '170,170,170,1')}>广告</i>`);
    expect(grey).toMatchObject({ verdict: 'needs-review' });
    expect(grey.summary).toContain('对比度');
  });

  it('asks for review when the 广告 label stands outside the card it labels', () => {
    const f = run(HOME, search(list([measuredCard(`<i ${measured('10,900,24,14', 12)}>广告</i>`), ...natural(2)]))).items[0]!;
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('标记位于其所标注的结果框之外');
    expect(f.details.labels).toEqual([expect.objectContaining({ insideCard: false })]);
  });

  it('reads an unannotated page’s inline font size and colours (an 8px grey label) as weak', () => {
    const label = '<a href="/business" style="background-color:#DDDDDD;color:#A2A2A2;font-size:8px">广告</a>';
    const f = run(HOME, search(list([card(1, { paid: true, extra: label }), ...natural(2)]))).items[0]!;
    expect(f.verdict).toBe('needs-review');
    expect(f.details.labels).toEqual([expect.objectContaining({ measured: false, fontSize: 8, contrast: 1.88 })]);
  });

  it('lets a 广告 heading over a block cover every result in it (AIG pt. 7)', () => {
    const block = list([1, 2, 3].map((n) => card(n, { paid: true })), '<h3>精选商品</h3><span class="tag">广告</span>');
    const { items, platform: p } = run(HOME, search(block + list(natural(10))));
    expect(items).toEqual([]);
    expect(p.details.counts).toMatchObject({ paid: 3, labelled: 3 });
  });

  it('names the euphemism a paid block is headed with instead of 广告', () => {
    const block = list([1, 2, 3].map((n) => card(n, { paid: true })), '<a href="/hot">掌柜热卖</a>');
    const { items } = run(HOME, search(list(natural(10)) + block));
    expect(items).toHaveLength(3);
    expect(items[0]!.summary).toBe('搜索“手机”第 2 组结果第 1 位「商品1 手机 128GB 全网通」：付费排名结果未标明“广告”，所在区域仅以“掌柜热卖”标示');
    expect(items[0]!.details.zoneHeadings).toEqual(['掌柜热卖']);
  });

  it('asks for review when a paid block is marked only by an icon drawn in CSS', () => {
    const block = list([1, 2, 3].map((n) => card(n, { paid: true })), '<span class="u-ad"></span><h3>商品精选</h3>');
    const { items } = run(HOME, search(block));
    expect(items.map((f) => f.verdict)).toEqual(['needs-review', 'needs-review', 'needs-review']);
    expect(items[0]!.details.problem).toBe('icon-only');
  });

  it('asks for review when a result looks paid only from a weak signal (its own class)', () => {
    const { items } = run(HOME, search(list([card(1, { attrs: ' id="ad-291-1"' }), ...natural(2)])));
    expect(items[0]).toMatchObject({ verdict: 'needs-review', details: { problem: 'weak-signals' } });
  });

  it('takes sponsor flags in data attributes as a strong signal, and ignores an empty ad_id', () => {
    const flagged = card(1, { attrs: ' data-report="object_type@offer^_p_isad@1^itemType@p4p"' });
    const emptyId = '<li><a href="https://shop.example.cn/item.htm?id=9&ad_id=&am_id=">商品9 手机</a><span>¥9.00</span></li>';
    const { items } = run(HOME, search(list([flagged, emptyId, ...natural(2)])));
    expect(items).toHaveLength(1);
    expect(items[0]!.details.signals).toEqual([expect.objectContaining({ kind: 'attribute', strength: 'strong' })]);
  });

  it('names a result without a URL by its place on the search page', () => {
    const noUrl = '<li><a href="javascript:void(0)">商品9 手机 推荐</a><span>¥9.00</span><a href="javascript:go(1)" data-clickurl="https://ccc-x.jd.com/dsp/nc?ext=1">x</a></li>';
    const { items } = run(HOME, search(list([...natural(1, 2), noUrl])));
    expect(items[0]!.subject).toBe(`${SEARCH_URL}#result-0-3`);
  });

  it('is not-checked without a search page, with the search page’s failure, or the homepage’s', () => {
    expect(run(HOME).platform).toMatchObject({ verdict: 'not-checked', summary: '未采集到搜索结果页，未能检查', details: { reason: 'page-kind-not-found' } });
    const blocked = run(HOME, search('', { failure: { reason: 'captcha', message: 'slider' } })).platform;
    expect(blocked).toMatchObject({ verdict: 'not-checked', summary: '搜索结果页未能检查（页面要求人机验证）', details: { reason: 'captcha' } });
    const noList = run(HOME, search('<p>没有找到相关商品</p>')).platform;
    expect(noList).toMatchObject({ verdict: 'not-checked', summary: '搜索结果页未能检查（未识别出搜索结果列表）', details: { reason: 'page-kind-not-found' } });
    const homeDown = adLabel.evaluate({ platform: platform(), snapshots: [snapshot({ failure: { reason: 'timeout' } })] });
    expect(homeDown).toEqual([expect.objectContaining({ verdict: 'not-checked', details: expect.objectContaining({ reason: 'timeout' }) })]);
  });

  it('is never compliant when one of several search pages failed: needs-review, with the count and the reason', () => {
    const ok = search(list([card(1, { paid: true, extra: '<b>广告</b>' }), ...natural(2)]));
    const failed = search('', { id: 'p03', url: 'https://shop.example.cn/search?q=x', query: '衣服', failure: { reason: 'timeout' } });
    const p = run(HOME, ok, failed).platform;
    expect(p.verdict).toBe('needs-review');
    expect(p.summary).toContain('，均已显著标明“广告”；已检查 1/2 个搜索结果页，1 个未能检查（页面加载超时 1 个），未检查部分不能认定合规');
    expect(p.details).toMatchObject({ reason: 'timeout', coverage: { what: '搜索结果页', needed: 2, seen: 1 } });
    expect(p.details.pages).toContainEqual(expect.objectContaining({ snapshotId: 'p03', reason: 'timeout' }));
  });
});
