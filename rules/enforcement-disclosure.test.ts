import { describe, expect, it } from 'vitest';
import { linked, page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { enforcementDisclosure, STALE_AFTER_DAYS } from './enforcement-disclosure.js';
import type { Snapshot } from './types.js';

function run(...snapshots: Snapshot[]) {
  const findings = enforcementDisclosure.evaluate({ platform: platform(), snapshots });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}
const home = (body: string) => snapshot({ html: page(`<div id="main">商品</div>${body}`) });
const INTRO = '<p>根据电子商务法第三十六条，平台对平台内经营者违反法律法规或平台规则的行为采取处置措施，并将处置信息在此公示。公示内容包括店铺名称、违规行为、处理措施及处理日期，经营者有异议的可申诉。</p>'.repeat(2);
const table = (rows: string[][]) =>
  page(`<h1>违规处理公示</h1>${INTRO}<table><tr><th>店铺名称</th><th>违规行为</th><th>处理措施</th><th>处理日期</th></tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`);
// the snapshots' capture date is 2026-11-22
const RECENT = [
  ['声悦数码专营店', '出售假冒商品', '下架商品并扣12分', '2026-11-02'],
  ['北方好物小店', '刷单炒信', '关闭店铺', '2026年9月30日'],
];
function withPage(html: string) {
  const hp = home('<footer><a href="/punish">违规处理公示</a></footer>');
  return [hp, linked(hp, '/punish', { id: 'p02', kind: 'enforcement', html })];
}

describe('enforcement-disclosure', () => {
  it('is compliant with a recent table of complete entries', () => {
    const f = run(...withPage(table(RECENT)));
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toBe('已公示平台内经营者违规处理信息：违规处理公示页面（「违规处理公示」）共2条记录，最新为2026-11-02，均载明店铺名称、违规行为、处理措施和日期');
    expect(f.details.pages).toEqual([expect.objectContaining({ entries: 2, missingFields: [], newestDate: '2026-11-02', newestAgeDays: 20, fieldsPresent: { shop: 2, violation: 2, measure: 2, date: 2 } })]);
    expect(f.evidence.map((e) => e.path)).toEqual(['evidence/p01.html', 'evidence/p01.png', 'evidence/p02.html', 'evidence/p02.png']);
  });

  it('asks for review when entries lack a date, naming the field', () => {
    const f = run(...withPage(table([...RECENT, ['古城食品', '未公示许可证', '限期整改', '—']])));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toBe('违规处理公示页面（「违规处理公示」）需人工核实：1条记录缺少处理日期');
  });

  it('asks for review when the table has no date column at all', () => {
    const html = page(`<h1>违规处理公示</h1>${INTRO}<table><tr><th>商家</th><th>违规类型</th><th>处置措施</th></tr><tr><td>甲店</td><td>售假</td><td>清退</td></tr></table>`);
    expect(run(...withPage(html)).details.pages).toEqual([expect.objectContaining({ entries: 1, missingFields: ['date'] })]);
  });

  it(`asks for review when the newest entry is more than ${STALE_AFTER_DAYS} days old`, () => {
    const f = run(...withPage(table([['甲店', '售假', '关店', '2026-03-01']])));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toContain(`最新一条记录日期为2026-03-01，距采集已超过${STALE_AFTER_DAYS}天`);
  });

  it('reads entries written as a list', () => {
    const html = page(`<h1>违规处理公示</h1>${INTRO}<ul><li>2026-11-01 「甲乙旗舰店」因出售假冒商品被关闭店铺</li><li>2026-10-20 卖家丙因虚假宣传被警告</li></ul>`);
    expect(run(...withPage(html))).toMatchObject({ verdict: 'compliant', details: { pages: [expect.objectContaining({ entries: 2 })] } });
  });

  it('finds the page through the rules centre', () => {
    const hp = home('<a href="/rules">规则中心</a>');
    const centre = linked(hp, '/rules', { id: 'p02', kind: 'rules-centre', html: page(`<a href="/notice/punish">处罚公示</a>${prose(300)}`) });
    const f = run(hp, centre, linked(centre, '/notice/punish', { id: 'p03', kind: 'enforcement', html: table(RECENT) }));
    expect(f.verdict).toBe('compliant');
    expect(f.details.links).toEqual([expect.objectContaining({ foundOn: 'p02', viaRulesCentre: true })]);
  });

  it('is a violation with no link, or a dead one', () => {
    expect(run(home('<a href="/agreement">用户协议</a>')).summary).toBe('首页及规则中心均未见平台内经营者违规处理信息公示页面');
    const hp = home('<a href="/punish">违规公示</a>');
    const dead = run(hp, linked(hp, '/punish', { id: 'p02', status: 404, failure: { reason: 'http-error' } }));
    expect(dead).toMatchObject({ verdict: 'violation', summary: '违规处理公示页面（「违规公示」）链接失效或指向空白/错误页面，未见处置信息公示' });
  });

  it('is not-checked when the page timed out, or the homepage failed', () => {
    const hp = home('<a href="/punish">违规处理公示</a>');
    expect(run(hp, linked(hp, '/punish', { id: 'p02', failure: { reason: 'timeout' } })).details.reason).toBe('timeout');
    expect(run(snapshot({ failure: { reason: 'captcha' } }))).toMatchObject({ verdict: 'not-checked', details: { reason: 'captcha' } });
  });
});
