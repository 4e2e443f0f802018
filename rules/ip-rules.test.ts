import { describe, expect, it } from 'vitest';
import { linked, page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { ipRules } from './ip-rules.js';
import type { Snapshot } from './types.js';

const run = (...snapshots: Snapshot[]) => ipRules.evaluate({ platform: platform(), snapshots })[0]!;
const home = (body: string) => snapshot({ html: page(`<div id="main">商品</div>${body}`) });
function withIpPage(extra: string) {
  const hp = home('<a href="/ip">知识产权保护</a>');
  return [hp, linked(hp, '/ip', { id: 'p02', kind: 'ip-rules', html: page(`<h1>知识产权保护规则</h1>${prose(600)}${extra}`) })];
}

describe('ip-rules', () => {
  it('is compliant with rules and a 侵权投诉 entry on the rules page', () => {
    const f = run(...withIpPage('<a href="/ip/complain">知识产权侵权投诉入口</a>'));
    expect(f).toMatchObject({ verdict: 'compliant', summary: '已公示知识产权保护规则（「知识产权保护」），并提供权利人投诉渠道（「知识产权侵权投诉入口」）' });
    expect(f.details.complaintChannels).toEqual([{ on: 'p02', how: 'entry-link', text: '知识产权侵权投诉入口', url: 'https://shop.example.cn/ip/complain' }]);
  });

  it('counts a notice address in the rules text, and an IP portal link', () => {
    expect(run(...withIpPage('<p>权利人可通过投诉邮箱 ip@example.cn 提交侵权通知。</p>')).details.complaintChannels).toEqual([expect.objectContaining({ how: 'notice-address' })]);
    expect(run(...withIpPage('<a href="https://ipp.example.com/">保护平台</a>')).verdict).toBe('compliant');
  });

  it('asks for review when the rules have no complaint channel', () => {
    expect(run(...withIpPage(''))).toMatchObject({ verdict: 'needs-review', summary: '已公示知识产权保护规则（「知识产权保护」），但未见权利人侵权投诉渠道' });
  });

  it('finds the rules through the rules centre', () => {
    const hp = home('<a href="/rules">规则中心</a>');
    const centre = linked(hp, '/rules', { id: 'p02', kind: 'rules-centre', html: page(`<a href="/ipr">知识产权规则</a><a href="/ipr/notice">权利人投诉</a>${prose(300)}`) });
    const f = run(hp, centre, linked(centre, '/ipr', { id: 'p03', kind: 'ip-rules', html: page(prose(600)) }));
    expect(f.verdict).toBe('compliant');
    expect(f.details.links).toEqual(expect.arrayContaining([expect.objectContaining({ text: '知识产权规则', viaRulesCentre: true })]));
  });

  it('finds the rules behind a link whose page turned out to be a hub of documents, whatever the link is called', () => {
    const hp = home('<a href="/rules">平台规则</a>');
    const hub = linked(hp, '/rules', { id: 'p02', kind: 'rules-centre', html: page('<a href="/ipr">知识产权规则</a><a href="/ipr/notice">权利人投诉</a><a href="/agreement">用户协议</a>') });
    const f = run(hp, hub, linked(hub, '/ipr', { id: 'p03', kind: 'ip-rules', html: page(prose(600)) }));
    expect(f.verdict).toBe('compliant');
    expect(f.details.links).toEqual(expect.arrayContaining([expect.objectContaining({ text: '知识产权规则', viaRulesCentre: true })]));
  });

  it('is a violation when nothing is found, not-checked when the homepage failed', () => {
    expect(run(home('<a href="/about">关于我们</a>'))).toMatchObject({ verdict: 'violation', summary: '首页及规则中心均未见知识产权保护规则及权利人投诉渠道' });
    // a 帮助中心 not captured may hold them
    expect(run(home('<a href="/help">帮助中心</a>'))).toMatchObject({ verdict: 'not-checked' });
    expect(run(snapshot({ failure: { reason: 'timeout' } })).verdict).toBe('not-checked');
  });
});
