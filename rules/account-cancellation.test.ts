import { describe, expect, it } from 'vitest';
import { linked, page, platform, prose, snapshot } from '../test/helpers/snapshots.js';
import { accountCancellation } from './account-cancellation.js';
import type { Snapshot } from './types.js';

const run = (...snapshots: Snapshot[]) => accountCancellation.evaluate({ platform: platform(), snapshots })[0]!;
const HOME = snapshot({ html: page('<a href="/agreement">用户协议</a><a href="/privacy">隐私政策</a>') });
const doc = (kind: 'agreement' | 'privacy', text: string, id = kind === 'privacy' ? 'p03' : 'p02') =>
  linked(HOME, `/${kind}`, { id, kind, html: page(`<h1>${kind === 'privacy' ? '隐私政策' : '用户服务协议'}</h1>${prose(400)}<p>${text}</p>`) });
const RIGHTS = '您有权查询、更正、删除您的个人信息。';

describe('account-cancellation', () => {
  it('is compliant when the privacy policy says how to cancel, and how to query, correct and delete', () => {
    const f = run(HOME, doc('agreement', ''), doc('privacy', `${RIGHTS}您可以在“我的-设置-账户与安全-注销账户”页面申请注销账户，我们将在十五个工作日内处理，不收取任何费用。`));
    expect(f).toMatchObject({ verdict: 'compliant', summary: '服务协议和隐私政策已明示账户注销的方式或程序，未见不合理条件' });
    expect(f.details.route).toMatchObject({ snapshotId: 'p03' });
    // a fee said not to be charged is no condition
    expect(f.details.conditions).toEqual([]);
  });

  it('asks for review when the right to cancel is stated but not the way', () => {
    expect(run(HOME, doc('privacy', `${RIGHTS}您也可以注销账户。`))).toMatchObject({ verdict: 'needs-review', summary: '隐私政策提及用户可以注销账户，但未见注销的方式或程序' });
  });

  it('asks for review of the conditions set on cancelling, quoting them', () => {
    const f = run(HOME, doc('privacy', `${RIGHTS}如需注销账户，您需将手持身份证照片及身份证复印件邮寄至我司，并支付手续费 50 元。`));
    expect(f.verdict).toBe('needs-review');
    expect(f.summary).toBe('隐私政策对账户注销设有条件（“手持身份证”“身份证复印件”“邮寄”“支付手续费”），需研判是否属于不合理条件');
    expect(run(HOME, doc('agreement', `${RIGHTS}账户一经注册，不予注销。`)).summary).toBe('服务协议对账户注销设有条件（“不予注销”），需研判是否属于不合理条件');
  });

  it('is a violation when a privacy policy read says nothing of cancelling; without one it asks for review', () => {
    expect(run(HOME, doc('agreement', RIGHTS), doc('privacy', RIGHTS))).toMatchObject({ verdict: 'violation', summary: '服务协议和隐私政策中未见账户注销的方式和程序' });
    expect(run(HOME, doc('agreement', RIGHTS))).toMatchObject({ verdict: 'needs-review', summary: '服务协议中未见账户注销的方式和程序，未找到隐私政策核实' });
  });

  it('says the documents could not be read, and that none was captured', () => {
    const failed = snapshot({ id: 'p03', kind: 'privacy', url: 'https://shop.example.cn/privacy', via: 'p01', failure: { reason: 'timeout' } });
    expect(run(HOME, failed)).toMatchObject({ verdict: 'not-checked', summary: '隐私政策未能读取（页面加载超时），未能检查账户注销方式', details: { reason: 'timeout' } });
    expect(run(HOME)).toMatchObject({ verdict: 'not-checked', details: { reason: 'page-kind-not-found' } });
  });

  it('reads a clause that forbids a condition as no condition', () => {
    const f = run(HOME, doc('privacy', `${RIGHTS}您可通过客服申请注销账户，我们不会要求您邮寄身份证复印件，也不得对注销设置不合理条件。`));
    expect(f.verdict).toBe('compliant');
  });
});
