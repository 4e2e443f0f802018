import { describe, expect, it } from 'vitest';
import { linked, page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { complaintChannel } from './complaint-channel.js';
import type { Snapshot } from './types.js';

const run = (...snapshots: Snapshot[]) => complaintChannel.evaluate({ platform: platform(), snapshots })[0]!;
const home = (body: string) => snapshot({ html: page(`<div id="main">商品</div>${body}`) });

describe('complaint-channel', () => {
  it('is compliant with a 400 complaint hotline in the footer', () => {
    const f = run(home('<footer>客服及投诉热线：400-800-0000</footer>'));
    expect(f).toMatchObject({ verdict: 'compliant', summary: '已公示投诉举报方式：「客服及投诉热线：400-800-0000」' });
    expect(f.details.channels).toEqual([expect.objectContaining({ how: 'phone', on: 'p01' })]);
  });

  it('is compliant with a 12315 referral', () => {
    expect(run(home('<footer>消费者投诉举报请拨打 12315</footer>')).details.channels).toEqual([expect.objectContaining({ how: '12315' })]);
    expect(run(home('<a href="https://www.12315.cn/">全国12315平台</a>')).verdict).toBe('compliant');
  });

  it('is compliant with a 投诉举报 link that leads to a page', () => {
    const hp = home('<a href="/complaint">投诉举报</a>');
    const f = run(hp, linked(hp, '/complaint', { id: 'p02', kind: 'complaint', html: page(`<form>${prose(400)}<button>提交投诉</button></form>`) }));
    expect(f.details.channels).toEqual([expect.objectContaining({ how: 'online-entry', url: 'https://shop.example.cn/complaint' })]);
  });

  it('is a violation with a dead link and no phone; ignores hidden numbers and 12377', () => {
    const hp = home('<a href="/complaint">投诉中心</a><p style="display:none">投诉电话 400-800-0000</p><a href="http://www.12377.cn/">违法和不良信息举报中心</a>');
    const f = run(hp, linked(hp, '/complaint', { id: 'p02', status: 404, failure: { reason: 'http-error' } }));
    expect(f).toMatchObject({ verdict: 'violation', summary: '投诉举报链接「投诉中心」失效或指向空白/错误页面，首页未见投诉电话' });
  });

  it('is not-checked when the only entry timed out, or the homepage failed', () => {
    const hp = home('<a href="/complaint">我要投诉</a>');
    expect(run(hp, linked(hp, '/complaint', { id: 'p02', failure: { reason: 'timeout' } }))).toMatchObject({ verdict: 'not-checked', details: { reason: 'timeout' } });
    expect(run(snapshot({ failure: { reason: 'blocked' } })).verdict).toBe('not-checked');
  });
});
