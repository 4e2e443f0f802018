import { describe, expect, it } from 'vitest';
import { page, platform, snapshot } from '../test/helpers/snapshots.js';
import { sellerRegistrationMark } from './seller-registration-mark.js';
import type { Snapshot } from './types.js';

const HOME = snapshot({ html: page('<div>首页</div>') });
let n = 0;
const shop = (body: string, spec = {}) => {
  n++;
  return snapshot({ id: `s${n}`, kind: 'shop', url: `https://shop${n}.example.cn/`, via: 'p03', depth: 3, html: page(`<div class="shop-head"><h1>店铺${n}</h1>${body}</div>`), ...spec });
};
const run = (...shops: Snapshot[]) => {
  const findings = sellerRegistrationMark.evaluate({ platform: platform(), snapshots: [HOME, ...shops] });
  expect(findings).toHaveLength(1);
  return findings[0]!;
};

describe('seller-registration-mark', () => {
  it('is compliant when every sampled shop carries a mark and both kinds are told apart', () => {
    const f = run(shop('<span class="badge">个人卖家</span>'), shop('<img src="/qy.png" alt="企业店铺">'));
    expect(f.verdict).toBe('compliant');
    expect(f.subject).toBe('https://shop.example.cn/');
    expect(f.summary).toBe('抽查的 2 个店铺页面均以显著方式标明经营者“未办理市场主体登记”或“已办理市场主体登记”');
    expect(f.details.shops).toEqual([
      expect.objectContaining({ kinds: ['unregistered'], marks: [expect.objectContaining({ text: '个人卖家', prominence: 'visible' })] }),
      expect.objectContaining({ kinds: ['registered'] }),
    ]);
    expect(f.evidence).toHaveLength(4);
  });

  it('reads a labelled field (经营者类型：个体工商户) as a mark', () => {
    expect(run(shop('<p>经营者类型：个体工商户</p>')).details.kindsMarked).toEqual(['registered']);
  });

  it('is a violation when no sampled shop carries any mark', () => {
    const f = run(shop('<p>欢迎光临</p>'), shop('<p>新品上架</p>'));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('抽查的 2 个店铺页面均未见区分已办理和未办理市场主体登记的标记');
  });

  it('is a violation when only one kind is marked and the other shops carry nothing', () => {
    const f = run(shop('<span>已办理市场主体登记</span>'), shop('<p>欢迎光临</p>'), shop('<p>新品</p>'));
    expect(f.verdict).toBe('violation');
    expect(f.details.problems).toEqual([expect.objectContaining({ code: 'one-kind-only' })]);
    expect(f.summary).toBe('平台仅对“已办理市场主体登记”的经营者作标记：抽查的 3 个店铺中 1 个有此标记，2 个无任何标记，消费者无法区分两类经营者');
  });

  it('asks for review when both kinds are marked but some shops carry no mark', () => {
    const f = run(shop('<span>个人店铺</span>'), shop('<span>企业店铺</span>'), shop('<p>欢迎</p>'));
    expect(f).toMatchObject({ verdict: 'needs-review', details: { problems: [expect.objectContaining({ code: 'some-unmarked' })] } });
  });

  it('asks for review when the marks exist but are not visibly rendered, or are weak', () => {
    const hidden = run(shop('<span style="display:none">个人卖家</span>'));
    expect(hidden.verdict).toBe('needs-review');
    expect(hidden.summary).toContain('存在但未可见呈现（元素被隐藏（display:none））');
    const small = run(shop('<span data-wj-box="10,10,30,8" data-wj-font="7" data-wj-color="0,0,0,1" data-wj-bg="255,255,255,1">企业店铺</span>'));
    expect(small.verdict).toBe('needs-review');
    expect(small.summary).toContain('字号 7px 小于 10px');
  });

  it('does not count words in the platform footer (个人卖家入驻) or longer sentences', () => {
    const f = run(shop('<p>本店支持个人卖家发货服务说明</p><div class="footer"><a href="/join">个人卖家</a></div>'));
    expect(f.verdict).toBe('violation');
  });

  it('reads marks inside a lazy module as the browser shows them once loaded', () => {
    expect(run(shop('<textarea class="ks-datalazyload">&lt;span&gt;个人卖家&lt;/span&gt;</textarea>')).details.kindsMarked).toEqual(['unregistered']);
  });

  it('is not-checked without shop pages, or when every shop page failed', () => {
    const none = sellerRegistrationMark.evaluate({ platform: platform(), snapshots: [HOME] });
    expect(none).toEqual([expect.objectContaining({ verdict: 'not-checked', summary: '未采集到店铺页面，未能检查' })]);
    const failed = run(shop('', { failure: { reason: 'login-wall' } }));
    expect(failed).toMatchObject({ verdict: 'not-checked', details: { reason: 'login-wall' } });
    expect(failed.summary).toBe('抽查的 1 个店铺页面均未能打开（需要登录才能查看）');
  });
});
