import { describe, expect, it } from 'vitest';
import { page, platform, snapshot } from '../test/helpers/snapshots.js';
import { tying } from './tying.js';
import type { DraftFinding, Snapshot } from './types.js';

const HOME = snapshot({ html: page('<div>首页</div>') });
const product = (body: string, id = 'p03') =>
  snapshot({ id, kind: 'product', url: `https://shop.example.cn/item/${id}.html`, via: 'p02', html: page(`<h1>纯牛奶 250ml×24盒</h1><p>¥69.90</p>${body}`, '纯牛奶 250ml×24盒') });
const COLOURS = '<div class="sku"><label><input type="radio" name="c" checked>红色</label><label><input type="radio" name="c">蓝色</label><span class="item selected">颜色选择：白色</span></div>';

function run(...snapshots: Snapshot[]): { items: DraftFinding[]; platform: DraftFinding } {
  const findings = tying.evaluate({ platform: platform(), snapshots });
  return { items: findings.slice(0, -1), platform: findings[findings.length - 1]! };
}

describe('tying', () => {
  it('flags a 运费险 box a script ticked after load: only the live state shows it', () => {
    const { items, platform: p } = run(HOME, product('<p class="addon"><label><input type="checkbox" data-wj-checked="1"> 运费险 ¥3.00</label></p>'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ verdict: 'violation', subject: 'https://shop.example.cn/item/p03.html' });
    expect(items[0]!.summary).toBe('商品页「纯牛奶 250ml×24盒」：附加服务“运费险 ¥3.00”默认已选中（页面源码未勾选，加载后由脚本勾选）');
    expect(items[0]!.details.addOns).toEqual([expect.objectContaining({ label: '运费险 ¥3.00', control: 'checkbox', on: true, stateFrom: 'live', scriptChecked: true, problem: 'pre-selected' })]);
    expect(p).toMatchObject({ verdict: 'violation', details: { counts: { productPages: 1, addOns: 1, preSelected: 1 } } });
    expect(p.summary).toBe('检查 1 个商品页，发现附加服务选项 1 项：默认选中 1 项，缺少显著提示 0 项（涉及 1 个商品页）');
  });

  it('flags an add-on switched on by aria-checked, or picked by a selected class on its tile', () => {
    const aria = run(HOME, product('<div role="switch" aria-checked="true">延长保修 1年 ¥59</div>')).items[0]!;
    expect(aria.details.addOns).toEqual([expect.objectContaining({ control: 'switch', stateFrom: 'aria', problem: 'pre-selected' })]);
    expect(aria.summary).toContain('依据aria 状态');
    const tile = run(HOME, product('<ul class="services"><li class="svc active">碎屏险 ¥29</li><li class="svc">只换不修 ¥99</li></ul>')).items[0]!;
    expect(tile.details.addOns).toEqual([expect.objectContaining({ label: '碎屏险 ¥29', control: 'selected-tile', stateFrom: 'class' })]);
  });

  it('counts a second-hand platform’s paid inspection (验货宝, 鉴定服务) as an add-on', () => {
    const { items } = run(HOME, product('<p class="addon"><label><input type="checkbox" checked> 验货宝 ¥15.00（平台验货担保）</label></p>'));
    expect(items[0]!.details.addOns).toEqual([expect.objectContaining({ label: '验货宝 ¥15.00（平台验货担保）', stateFrom: 'checked-attribute', problem: 'pre-selected' })]);
    expect(run(HOME, product('<label><input type="checkbox"> 鉴定服务 ¥39</label>')).items[0]!.details.addOns).toEqual([expect.objectContaining({ problem: 'no-notice' })]);
  });

  it('lets the live state overrule the HTML: a box whose checked attribute a script cleared is off', () => {
    const { platform: p } = run(HOME, product('<label><input type="checkbox" checked data-wj-checked="0">运费险 自愿选购，需另付费</label>'));
    expect(p.verdict).toBe('compliant');
    expect(p.summary).toBe('检查 1 个商品页，1 项附加服务均未默认选中且有提示');
  });

  it('is compliant for an unchecked add-on with a visible notice; asks for review without one, or with a faint one', () => {
    const noticed = '<div class="addon"><label><input type="checkbox" data-wj-checked="0">运费险 ¥3.00</label><span class="tip">自愿选购，勾选后需另付费</span></div>';
    expect(run(HOME, product(noticed)).items).toEqual([]);
    const bare = run(HOME, product('<div class="addon"><label><input type="checkbox">开通会员 ¥19/月</label></div>'));
    expect(bare.items[0]).toMatchObject({ verdict: 'needs-review', details: { addOns: [expect.objectContaining({ problem: 'no-notice', notice: null })] } });
    expect(bare.platform.verdict).toBe('needs-review');
    const faint = '<div class="addon"><label><input type="checkbox">延保服务</label><span style="font-size:8px">自愿选购</span></div>';
    expect(run(HOME, product(faint)).items[0]!.details.addOns).toEqual([expect.objectContaining({ problem: 'weak-notice', notice: expect.objectContaining({ prominence: 'weak' }) })]);
  });

  it('asks for review of the add-ons of a wholesale offer page offered without a notice: 运输货损险, 延长质保', () => {
    const offer = '<div class="offer-addons"><label><input type="checkbox">运输货损险 ¥5.00/单</label><label><input type="checkbox">延长质保 1年</label></div>';
    const { items, platform: p } = run(HOME, product(offer));
    expect(items[0]!.details.addOns).toEqual([expect.objectContaining({ problem: 'no-notice' }), expect.objectContaining({ problem: 'no-notice' })]);
    expect(p.verdict).toBe('needs-review');
  });

  it('leaves options that are no add-on alone: colour and size choices, a 会员中心 menu tab', () => {
    const nav = '<nav><a class="active" href="/vip">会员中心</a></nav>';
    const { items, platform: p } = run(HOME, product(COLOURS + nav));
    expect(items).toEqual([]);
    expect(p).toMatchObject({ verdict: 'compliant', summary: '检查 1 个商品页，未发现附加服务选项', details: { counts: { addOns: 0 } } });
  });

  it('is not-checked without product pages, or when none loaded', () => {
    expect(run(HOME).platform).toMatchObject({ verdict: 'not-checked', summary: '未采集到商品详情页，未能检查', details: { reason: 'page-kind-not-found' } });
    const failed = snapshot({ id: 'p03', kind: 'product', via: 'p02', failure: { reason: 'login-wall' } });
    expect(run(HOME, failed).platform).toMatchObject({ verdict: 'not-checked', summary: '商品详情页未能检查（需要登录才能查看）', details: { reason: 'login-wall' } });
  });
});
