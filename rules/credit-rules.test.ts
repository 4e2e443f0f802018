import { describe, expect, it } from 'vitest';
import { linked, page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { creditRules } from './credit-rules.js';
import type { Snapshot } from './types.js';

const run = (...snapshots: Snapshot[]) => creditRules.evaluate({ platform: platform(), snapshots })[0]!;
const home = (body: string) => snapshot({ html: page(`<div id="main">商品</div>${body}`) });
const product = (id: string, tabs: string) => snapshot({ id, kind: 'product', url: `https://shop.example.cn/item/${id}`, via: 'p09', depth: 2, html: page(`<h1>商品</h1><ul>${tabs}</ul>`) });
function withRules() {
  const hp = home('<a href="/credit">信用评价规则</a>');
  return [hp, linked(hp, '/credit', { id: 'p02', kind: 'credit-rules', html: page(prose(600)) })];
}

describe('credit-rules', () => {
  it('is compliant with rules and a review tab on a product page', () => {
    const f = run(...withRules(), product('p03', '<li>商品详情</li><li>累计评价(2.3万+)</li>'));
    expect(f).toMatchObject({ verdict: 'compliant', summary: '已公示信用评价规则（「信用评价规则」）；商品页面提供评价入口（「累计评价(2.3万+)」）' });
  });

  it('asks for review when one half is missing', () => {
    expect(run(...withRules(), product('p03', '<li>商品详情</li>'))).toMatchObject({ verdict: 'needs-review', summary: '已公示信用评价规则（「信用评价规则」）；抽查的1个商品页面均未见评价入口' });
    expect(run(home(''), product('p03', '<li><a href="#r">晒单</a></li>')).verdict).toBe('needs-review');
  });

  it('is a violation with neither; a 信用评价规则 link on a product page is not a review entry', () => {
    expect(run(home(''), product('p03', '<li><a href="/credit">信用评价规则</a></li>')).verdict).toBe('violation');
  });

  it('judges the rules half alone when no product page was captured', () => {
    const f = run(...withRules());
    expect(f).toMatchObject({ verdict: 'compliant', details: { reviews: { verdict: 'not-checked', productPages: [] } } });
    expect(f.summary).toContain('未采集到商品页面，评价入口未核验');
    expect(run(home('')).verdict).toBe('violation');
  });

  it('finds the rules through the rules centre; not-checked when the homepage failed', () => {
    const hp = home('<a href="/rules">规则中心</a>');
    const centre = linked(hp, '/rules', { id: 'p02', kind: 'rules-centre', html: page(`<a href="/r/9">评价规范</a>${prose(300)}`) });
    expect(run(hp, centre, linked(centre, '/r/9', { id: 'p03', html: page(prose(600)) })).details.rules).toBe('found');
    expect(run(snapshot({ failure: { reason: 'dns-failure' } })).verdict).toBe('not-checked');
  });
});
