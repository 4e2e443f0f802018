import { describe, expect, it } from 'vitest';
import { listingZones } from './listings.js';
import { promotionSignals, selfOperatedMarks } from './promotion.js';
import { loadHtml } from './text.js';

const BASE = 'https://shop.example.cn/search?q=x';
const card = (n: number, extra = '') => `<div class="card"><a href="/item/${n}.html">商品${n}</a><em>¥${n}.00</em>${extra}</div>`;

describe('listingZones', () => {
  it('finds a list of priced, linked items with rank, URL, title, price and labels', () => {
    const $ = loadHtml(`<body><h2>结果</h2><ul><li>${card(1, '<i data-tips="京东自营，品质保障">自营</i>')}</li><li>${card(2)}</li><li>${card(3)}</li></ul></body>`);
    const zones = listingZones($, BASE);
    expect(zones).toHaveLength(1);
    const [first] = zones[0]!.items;
    expect(first).toMatchObject({ rank: 1, zone: 0, url: 'https://shop.example.cn/item/1.html', title: '商品1', price: '¥1.00' });
    expect(selfOperatedMarks(first!).map((l) => [l.text, l.source])).toEqual([
      ['自营', 'text'],
      ['京东自营，品质保障', 'attribute'],
    ]);
  });

  it('reads the price from its own text, not run together with a sales count after it', () => {
    const sold = (n: number) => `<div class="card"><a href="/item/${n}.html">商品${n}</a><em>¥268.00</em><span>9700+人付款</span></div>`;
    const zones = listingZones(loadHtml(`<body><ul><li>${sold(1)}</li><li>${sold(2)}</li><li>${sold(3)}</li></ul></body>`), BASE);
    expect(zones[0]!.items.map((i) => i.price)).toEqual(['¥268.00', '¥268.00', '¥268.00']);
  });

  it('takes the cards of a list of rows as the results, not the rows, the short last row’s too', () => {
    const row = (from: number) => `<div class="row">${card(from)}${card(from + 1)}${card(from + 2)}</div>`;
    const zones = listingZones(loadHtml(`<body><div class="rows">${row(1)}${row(4)}${row(7)}<div class="row">${card(10)}${card(11)}</div></div></body>`), BASE);
    expect(zones.map((z) => z.items.length)).toEqual([3, 3, 3, 2]);
  });

  it('keeps a card with a sub-list (a shop and its deals) as one result', () => {
    const deals = '<ul><li><a href="/d/1">团购1</a>9元</li><li><a href="/d/2">团购2</a>19元</li><li><a href="/d/3">团购3</a>29元</li></ul>';
    const shop = (n: number) => `<li><a href="/shop/${n}">店铺${n}</a><span>人均 ¥50</span>${deals}</li>`;
    const zones = listingZones(loadHtml(`<body><ul class="shops">${shop(1)}${shop(2)}${shop(3)}</ul></body>`), BASE);
    expect(zones).toHaveLength(1);
    expect(zones[0]!.items.map((i) => i.url)).toEqual(['https://shop.example.cn/shop/1', 'https://shop.example.cn/shop/2', 'https://shop.example.cn/shop/3']);
  });

  it('takes a merchant card’s heading as its main link, and its priced deals as its offers', () => {
    const merchant = (n: number) => `<li><a href="/shop/${n}"><h4>老火锅(${n}号店)</h4></a>
      <a href="/shop/${n}#comment">283条点评</a><a href="/shop/${n}">人均 <b>¥96</b></a>
      <div class="deals"><a href="/deal/${n}1">团购：仅售168元，价值236元双人麻辣锅底套餐</a><a href="/deal/${n}2" title="代金券 仅售88元">代金券</a><a href="/map/${n}">地图</a></div></li>`;
    const [zone] = listingZones(loadHtml(`<body><ul>${merchant(1)}${merchant(2)}${merchant(3)}</ul></body>`), BASE);
    expect(zone!.items[0]).toMatchObject({
      url: 'https://shop.example.cn/shop/1',
      title: '老火锅(1号店)',
      offers: [
        { url: 'https://shop.example.cn/deal/11', title: '团购：仅售168元，价值236元双人麻辣锅底套餐', price: '168元' },
        { url: 'https://shop.example.cn/deal/12', title: '代金券', price: '88元' },
      ],
    });
    // a product card offers nothing besides itself
    expect(listingZones(loadHtml(`<body><ul><li>${card(1)}</li><li>${card(2)}</li><li>${card(3)}</li></ul></body>`), BASE)[0]!.items[0]!.offers).toEqual([]);
  });

  it('takes the cards of a flash sale’s brand sessions as the results: a session’s header links 进入专场 but prices nothing', () => {
    const session = (from: number) => `<section><div class="x1"><b>品牌特卖</b><span>距结束 2天 3小时</span><a href="/session/${from}">进入专场 ›</a></div><div class="x2">${card(from)}${card(from + 1)}${card(from + 2)}</div></section>`;
    // a session of one card holds a result too
    const single = `<section><div class="x1"><b>今日特卖</b><a href="/session/0">进入专场 ›</a></div><div class="x2">${card(10)}</div></section>`;
    const zones = listingZones(loadHtml(`<body><main>${single}${session(1)}${session(4)}${session(7)}</main></body>`), BASE);
    expect(zones.map((z) => z.items.map((i) => i.url!.replace('https://shop.example.cn', '')))).toEqual([
      ['/item/10.html'],
      ['/item/1.html', '/item/2.html', '/item/3.html'],
      ['/item/4.html', '/item/5.html', '/item/6.html'],
      ['/item/7.html', '/item/8.html', '/item/9.html'],
    ]);
  });

  it('takes a 自营 badge for a mark, not a seller whose name holds 自营', () => {
    const seller = (n: number, name: string) => card(n, `<a href="/shop/${n}">${name}</a>`);
    const [zone] = listingZones(loadHtml(`<body><ul><li>${seller(1, '书香网自营图书')}</li><li>${seller(2, '书香自营')}</li><li>${card(3, '<span>自营</span><span>书香自营</span>')}</li></ul></body>`), BASE);
    expect(zone!.items.map((i) => selfOperatedMarks(i).map((l) => l.text))).toEqual([[], [], ['自营', '书香自营']]);
  });

  it('gives each zone the labels over it, not those over a neighbouring zone', () => {
    const block = (heading: string, from: number) => `<div class="block"><h3>${heading}</h3><ul><li>${card(from)}</li><li>${card(from + 1)}</li><li>${card(from + 2)}</li></ul></div>`;
    const zones = listingZones(loadHtml(`<body><div class="page">${block('广告', 1)}${block('猜你喜欢', 4)}</div></body>`), BASE);
    expect(zones.map((z) => z.labels.map((l) => l.text))).toEqual([['广告'], ['猜你喜欢']]);
    expect(zones[0]!.items.map((i) => promotionSignals(i, zones[0]!).map((s) => s.kind))).toEqual([['zone-label'], ['zone-label'], ['zone-label']]);
    expect(zones[1]!.items.map((i) => promotionSignals(i, zones[1]!))).toEqual([[], [], []]);
  });

  it('reads click handlers and data-*url attributes for ad tracking', () => {
    const tracked = `<li onclick="searchlog(1,'1','2','2','','adwClk=')">${card(1)}</li>`;
    const zones = listingZones(loadHtml(`<body><ul>${tracked}<li>${card(2)}</li><li>${card(3)}</li></ul></body>`), BASE);
    expect(zones[0]!.items.map((i) => promotionSignals(i, zones[0]!).map((s) => `${s.kind} ${s.strength}`))).toEqual([['tracking-link strong'], [], []]);
  });
});
