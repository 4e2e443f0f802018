import { describe, expect, it } from 'vitest';
import { page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { searchDisplay } from './search-display.js';
import type { DraftFinding, Snapshot } from './types.js';

const HOME = snapshot({ html: page('<div>首页</div>') });
const results = Array.from({ length: 3 }, (_, i) => `<li><a href="/item/${i}.html">商品${i} 手机 价格</a><span>¥${i}99.00</span></li>`).join('');
const search = (bar: string, id = 'p02') => snapshot({ id, kind: 'search', url: `https://shop.example.cn/search?q=${id}`, via: 'p01', query: '手机', html: page(`${bar}<ul>${results}</ul>`) });
const privacy = (body: string) => snapshot({ id: 'p03', kind: 'privacy', url: 'https://shop.example.cn/privacy', via: 'p01', html: page(body, '隐私政策') });
const LINKS = '<div class="sort-bar"><a href="#">综合排序</a><a href="#">销量</a><a href="#">价格↑</a><a href="#">信用</a></div>';
const SWITCH = '<div class="setting"><div class="row"><span>个性化推荐</span><label class="switch"><input type="checkbox" role="switch" data-wj-checked="1"></label></div><p>关闭后，搜索结果将不针对您的个人特征</p></div>';

function run(...snapshots: Snapshot[]): DraftFinding {
  const findings = searchDisplay.evaluate({ platform: platform(), snapshots });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('search-display', () => {
  it('is compliant with several sort orders on the results and a 个性化推荐 switch on the privacy page', () => {
    const f = run(HOME, search(LINKS), privacy(prose(200) + SWITCH));
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toBe('检查 1 个搜索结果页，提供“综合排序”“销量”“价格”“信用”排序；在隐私政策/个人信息设置页找到不针对个人特征的选项（“个性化推荐”）');
    expect(f.details.sortOptions).toEqual([
      expect.objectContaining({ text: '综合排序', kind: 'default', control: 'link', snapshotId: 'p02', prominence: 'visible' }),
      expect.objectContaining({ text: '销量', kind: 'sales' }),
      expect.objectContaining({ text: '价格', kind: 'price' }),
      expect.objectContaining({ text: '信用', kind: 'credit' }),
    ]);
    expect(f.details.nonPersonalisedOptions).toEqual([expect.objectContaining({ text: '个性化推荐', control: 'switch', on: true, snapshotId: 'p03' })]);
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p02.html', 'evidence/p02.png', 'evidence/p03.html', 'evidence/p03.png']);
  });

  it('reads the non-personalised option and the sort orders however a platform spells them', () => {
    for (const option of ['<a href="?np=1">不看个性化推荐</a>', '<button>非个性化排序</button>', '<a href="?np=1">不基于个人特征排序</a>', '<span role="button">不使用个性化推荐</span>']) {
      const f = run(HOME, search(`<div class="sort"><a href="#">综合</a><a href="#">销量</a><a href="#">价格</a>${option}</div>`));
      expect(f.details.nonPersonalisedOptions, option).toEqual([expect.objectContaining({ on: null })]);
      expect(f.details.nonPersonalised, option).toBe('compliant');
    }
    // wholesale and services platforms sort by what their buyers choose by
    const wholesale = run(HOME, search('<div class="sort"><a href="#">综合</a><a href="#">成交量</a><a href="#">起批量</a><a href="#">价格</a></div>'));
    expect(wholesale.details.sortKinds).toEqual(['综合/默认', '销量', '起批量', '价格']);
    const services = run(HOME, search('<div class="sort"><a href="#">智能排序</a><a href="#">离我最近</a><a href="#">人均</a><a href="#">好评</a></div>'));
    expect(services.details.sortKinds).toEqual(['综合/默认', '距离', '价格', '评价']);
    expect(services.details.ordering).toBe('compliant');
  });

  it('reads sort orders offered as buttons or as a select, and a 不针对个人特征 option among them', () => {
    const buttons = '<div class="sort"><button>默认</button><button>销量优先</button><button>好评率</button><a href="?sort=np">不针对个人特征</a></div>';
    const f = run(HOME, search(buttons));
    expect(f.verdict).toBe('compliant');
    expect(f.details.sortKinds).toEqual(['综合/默认', '销量', '评价']);
    expect(f.details.nonPersonalisedOptions).toEqual([expect.objectContaining({ text: '不针对个人特征', control: 'link', on: null })]);
    const select = '<label>排序：<select><option>综合</option><option>价格从低到高</option><option>新品</option></select></label>';
    expect(run(HOME, search(select), privacy(SWITCH)).details.sortOptions).toEqual([
      expect.objectContaining({ text: '综合', control: 'select' }),
      expect.objectContaining({ text: '价格从低到高', kind: 'price', control: 'select' }),
      expect.objectContaining({ text: '新品', kind: 'new', control: 'select' }),
    ]);
  });

  it('is a violation when the results offer no order beyond the default; words in result titles do not count', () => {
    const f = run(HOME, search('<div class="sort-bar"><a href="#">综合</a></div>'), privacy(SWITCH));
    expect(f.verdict).toBe('violation');
    expect(f.details.ordering).toBe('violation');
    expect(f.summary).toMatch(/^检查 1 个搜索结果页，除默认排序外未见按销量、价格、信用等排序的选项（仅见“综合”）；/);
    expect(run(HOME, search(''), privacy(SWITCH)).details.sortOptions).toEqual([]);
  });

  it('does not count sort options hidden from view, and asks for review with only one besides the default', () => {
    const hidden = '<div><a href="#">综合</a><a href="#">销量</a><a href="#" style="display:none">价格</a></div>';
    const f = run(HOME, search(hidden), privacy(SWITCH));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain('除默认排序外仅有一种排序方式');
    expect(f.details.sortOptions).toEqual(expect.arrayContaining([expect.objectContaining({ text: '价格', prominence: 'not-visible', hidden: 'display-none' })]));
  });

  it('asks for review when the web pages only describe the option (it may be in the app), quoting the policy', () => {
    const policy = privacy(`${prose(100)}<p>您可以在 App“设置—隐私—个性化推荐”中关闭相关推荐。</p>`);
    const f = run(HOME, search(LINKS), policy);
    expect(f.verdict).toBe('needs-review');
    expect(f.details).toMatchObject({ ordering: 'compliant', nonPersonalised: 'needs-review', nonPersonalisedOptions: [] });
    expect(f.details.mentions).toEqual([expect.objectContaining({ snapshotId: 'p03', excerpt: expect.stringContaining('设置—隐私—个性化推荐”中关闭') })]);
    expect(f.summary).toContain('网页上未找到不针对个人特征的选项，仅有文字说明');
    expect(run(HOME, search(LINKS)).summary).toContain('网页上未找到不针对个人特征的选项（如“关闭个性化推荐”），可能在客户端提供，需人工核实');
  });

  it('is not-checked without a results page, or when no result list was recognised', () => {
    expect(run(HOME, privacy(SWITCH))).toMatchObject({ verdict: 'not-checked', details: { reason: 'page-kind-not-found' } });
    const empty = snapshot({ id: 'p02', kind: 'search', via: 'p01', query: '手机', html: page(`${LINKS}<p>没有找到相关商品</p>`) });
    expect(run(HOME, empty)).toMatchObject({ verdict: 'not-checked', summary: '搜索结果页未能检查（未识别出搜索结果列表）' });
    const blocked = snapshot({ id: 'p02', kind: 'search', via: 'p01', query: '手机', failure: { reason: 'captcha' } });
    expect(run(HOME, blocked)).toMatchObject({ verdict: 'not-checked', details: { reason: 'captcha' } });
  });
});
