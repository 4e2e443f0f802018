import { describe, expect, it } from 'vitest';
import { CAPTURED_AT, linked, page, platform, snapshot } from '../test/helpers/snapshots.js';
import { agreementChanges } from './agreement-changes.js';
import { documentText } from './lib/document-text.js';
import { classifyLink } from './lib/page-kinds.js';
import type { DocumentHistory, Snapshot } from './types.js';

const OLD = '<h1>用户服务协议</h1><p>第一条 用户应当遵守平台规则。</p><p>第二条 平台可以在七日内处理退款申请。</p>';
const NEW = '<h1>用户服务协议</h1><p>第一条 用户应当遵守平台规则。</p><p>第二条 平台可以在十五日内处理退款申请。</p>';
const AGREEMENT_URL = 'https://shop.example.cn/agreement';

const home = (extra = '') => snapshot({ html: page(`<a href="/agreement">用户服务协议</a><a href="/history">历史版本</a>${extra}`) });
const agreement = (from: Snapshot, body: string, id = 'p02') => linked(from, '/agreement', { id, kind: 'agreement', html: page(body, '用户服务协议 - 某某商城') });
const notice = (from: Snapshot, body: string) => linked(from, '/notice', { id: 'p03', kind: 'notice', html: page(body, '关于修订《用户服务协议》的公示') });

/** The agreement as an earlier scan stored it, first seen ten days before this capture. */
function history(body = OLD): { documents: DocumentHistory[] } {
  return {
    documents: [
      { url: AGREEMENT_URL, kind: 'agreement', title: '用户服务协议 - 某某商城', versions: [{ version: 1, sha256: 'a'.repeat(64), text: documentText(page(body)), firstSeenAt: '2026-11-12T02:00:00.000Z', lastSeenAt: '2026-11-15T02:00:00.000Z' }] },
    ],
  };
}
const run = (snapshots: Snapshot[], h?: { documents: DocumentHistory[] }) => agreementChanges.evaluate({ platform: platform(), snapshots, ...(h ? { history: h } : {}) })[0]!;

describe('agreement-changes', () => {
  it('is compliant on a first scan, saying there is nothing to compare yet', () => {
    const hp = home();
    const f = run([hp, agreement(hp, NEW)]);
    expect(f).toMatchObject({ verdict: 'compliant', summary: '首次采集《用户服务协议 - 某某商城》，尚无以往版本可比对；可查阅历史版本（「历史版本」）' });
    expect(f.details.documents).toEqual([expect.objectContaining({ status: 'first-seen', url: AGREEMENT_URL })]);
  });

  it('is compliant when the text is that of the stored version, naming the version compared', () => {
    const hp = home();
    const f = run([hp, agreement(hp, OLD)], history());
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toContain('比对第1版');
    expect(f.details.documents).toEqual([expect.objectContaining({ status: 'unchanged', comparedWith: expect.objectContaining({ version: 1 }) })]);
  });

  it('is a violation when a changed text was announced fewer than 7 days before it took effect', () => {
    const hp = home('<a href="/notice">关于修订《用户服务协议》的公示</a>');
    const f = run([hp, agreement(hp, NEW), notice(hp, '<p>我们将修订《用户服务协议》。公示日期：2026年11月19日，生效日期：2026年11月22日。</p>')], history());
    expect(f.verdict).toBe('violation');
    expect(f.summary).toContain('公示日期2026-11-19，生效日期2026-11-22，仅提前3日公示，不足7日');
    expect(f.subject).toBe('https://shop.example.cn/');
    expect(f.details.documents).toEqual([expect.objectContaining({ status: 'changed', notice: expect.objectContaining({ snapshotId: 'p03', announced: '2026-11-19', effective: '2026-11-22' }) })]);
    expect(f.evidence.map((e) => e.path)).toContain('evidence/p03.html');
    // and a finding of the document itself, which the nightly runs key by its URL
    const [, doc, ...rest] = agreementChanges.evaluate({ platform: platform(), snapshots: [hp, agreement(hp, NEW), notice(hp, '<p>我们将修订《用户服务协议》。公示日期：2026年11月19日，生效日期：2026年11月22日。</p>')], history: history() });
    expect(rest).toEqual([]);
    expect(doc).toMatchObject({ verdict: 'violation', subject: AGREEMENT_URL, summary: expect.stringContaining('仅提前3日公示'), details: { document: expect.objectContaining({ status: 'changed' }) } });
    expect(doc!.evidence.map((e) => e.path)).toEqual(expect.arrayContaining(['evidence/p02.html', 'evidence/p03.html']));
    expect(doc!.evidence.map((e) => e.path)).not.toContain('evidence/p01.html');
  });

  it('judges the change again while the changed text stays in force, from when it was first seen', () => {
    const hp = home();
    const h = history();
    // a later scan: the text without notice, first seen on 11-18, is still the text in force
    h.documents[0]!.versions = [...h.documents[0]!.versions, { version: 2, sha256: 'c'.repeat(64), text: documentText(page(NEW)), firstSeenAt: '2026-11-18T02:00:00.000Z', lastSeenAt: '2026-11-20T02:00:00.000Z' }];
    const [f, doc] = agreementChanges.evaluate({ platform: platform(), snapshots: [hp, agreement(hp, NEW)], history: h });
    expect(f).toMatchObject({ verdict: 'violation', summary: expect.stringContaining('现行文本（第2版，2026-11-18起所见）与2026-11-12起所存第1版相比文本已修改，但未见修改前的公示') });
    expect(doc).toMatchObject({ verdict: 'violation', subject: AGREEMENT_URL, details: { document: expect.objectContaining({ status: 'changed-earlier', comparedWith: expect.objectContaining({ version: 1 }) }) } });
    // an effective date is measured from the day the new text was first seen, not from this capture
    expect(run([hp, agreement(hp, `${NEW}<p>本协议自2026年11月26日起生效。</p>`)], { documents: [{ ...h.documents[0]!, versions: [h.documents[0]!.versions[0]!, { ...h.documents[0]!.versions[1]!, text: documentText(page(`${NEW}<p>本协议自2026年11月26日起生效。</p>`)) }] }] })).toMatchObject({ verdict: 'compliant', summary: expect.stringContaining('新文本首次采集时（2026-11-18）已公示，距生效日期2026-11-26尚有8日') });
    // a text that never changed is compared and found the same, with no document finding
    expect(agreementChanges.evaluate({ platform: platform(), snapshots: [hp, agreement(hp, OLD)], history: history() })).toHaveLength(1);
  });

  it('is compliant when the notice came 10 days ahead', () => {
    const hp = home('<a href="/notice">关于修订《用户服务协议》的公示</a>');
    const f = run([hp, agreement(hp, NEW), notice(hp, '<p>公示日期：2026年11月12日</p><p>修订后的协议自2026年11月22日起施行。</p>')], history());
    expect(f).toMatchObject({ verdict: 'compliant' });
    expect(f.summary).toContain('提前10日公示');
  });

  it('reads the dates the changed document itself states', () => {
    const hp = home();
    expect(run([hp, agreement(hp, `${NEW}<p>更新日期：2026.11.20 生效日期：2026.11.22</p>`)], history()).summary).toContain('仅提前2日公示');
  });

  it('is a violation when the text changed with no notice, or only a notice of an earlier change', () => {
    const hp = home();
    expect(run([hp, agreement(hp, NEW)], history())).toMatchObject({ verdict: 'violation', summary: expect.stringContaining('但未见修改前的公示') });
    const stale = run([hp, agreement(hp, `${NEW}<p>发布日期：2024年1月1日，生效日期：2024年1月8日</p>`)], history());
    expect(stale.verdict).toBe('violation');
  });

  it('needs review when a notice is there but its dates cannot be read', () => {
    const hp = home('<a href="/notice">关于修订《用户服务协议》的公示</a>');
    expect(run([hp, agreement(hp, NEW), notice(hp, '<p>我们将修订《用户服务协议》，请您知悉。</p>')], history())).toMatchObject({ verdict: 'needs-review', summary: expect.stringContaining('未能读出公示及生效日期') });
  });

  it('counts a notice an earlier scan stored that is no longer on the site', () => {
    const hp = home();
    const h = history();
    h.documents.push({ url: 'https://shop.example.cn/notice/7', kind: 'notice', title: '关于修订《用户服务协议》的公示', versions: [{ version: 1, sha256: 'b'.repeat(64), text: '关于修订《用户服务协议》的公示\n公示日期：2026年11月10日\n生效日期：2026年11月20日', firstSeenAt: '2026-11-13T02:00:00.000Z', lastSeenAt: '2026-11-15T02:00:00.000Z' }] });
    const f = run([hp, agreement(hp, NEW)], h);
    expect(f).toMatchObject({ verdict: 'compliant', summary: expect.stringContaining('提前10日公示') });
    expect(f.details.documents).toEqual([expect.objectContaining({ notice: expect.objectContaining({ snapshotId: null, fromEarlierScan: true, url: 'https://shop.example.cn/notice/7' }) })]);
  });

  it('needs review when a rules centre lists a notice of the change with its date only', () => {
    const hp = home('<a href="/rules">规则中心</a>');
    const centre = linked(hp, '/rules', { id: 'p04', kind: 'rules-centre', html: page('<ul><li>关于修订《用户服务协议》的公示 2026-11-18</li><li>关于春节发货安排的通知 2026-01-20</li></ul>') });
    expect(run([hp, agreement(hp, NEW), centre], history())).toMatchObject({ verdict: 'needs-review', summary: expect.stringContaining('仅读到公示日期2026-11-18，未读到生效日期') });
  });

  it('takes the capture day as the latest announcement when only an effective date is stated', () => {
    const hp = home();
    // captured 2026-11-22; effective 2026-12-05 is 13 days later
    expect(CAPTURED_AT.slice(0, 10)).toBe('2026-11-22');
    expect(run([hp, agreement(hp, `${NEW}<p>本协议自2026年12月5日起生效。</p>`)], history()).verdict).toBe('compliant');
    expect(run([hp, agreement(hp, `${NEW}<p>本协议自2026年11月25日起生效。</p>`)], history()).verdict).toBe('needs-review');
  });

  it('finds a moved document by its title', () => {
    const hp = snapshot({ html: page('<a href="/legal/agreement?spm=a1">用户服务协议</a><a href="/history">历史版本</a>') });
    const moved = linked(hp, '/legal/agreement?spm=a1', { id: 'p02', kind: 'agreement', html: page(NEW, '用户服务协议 - 某某商城') });
    const f = run([hp, moved], history());
    expect(f.details.documents).toEqual([expect.objectContaining({ status: 'changed', url: 'https://shop.example.cn/legal/agreement' })]);
  });

  it('needs review when no past versions can be reached', () => {
    const hp = snapshot({ html: page('<a href="/agreement">用户服务协议</a>') });
    expect(run([hp, agreement(hp, OLD)], history())).toMatchObject({ verdict: 'needs-review', summary: expect.stringContaining('未见历史版本入口') });
  });

  it('is not-checked when no agreement or rules page was captured, or the homepage failed', () => {
    expect(run([home()])).toMatchObject({ verdict: 'not-checked', details: { reason: 'page-kind-not-found' } });
    expect(run([snapshot({ failure: { reason: 'timeout' } })]).verdict).toBe('not-checked');
  });
});

describe('notice links', () => {
  it('are told from the documents they name and from enforcement notices', () => {
    const kinds = ['关于修订《用户服务协议》的公示', '关于修订《知识产权保护规则》的公示', '规则变更公告', '《交易规则》修改征求意见', '违规处理结果更新公告', '用户服务协议'].map((t) => classifyLink(t, '/x'));
    expect(kinds).toEqual(['notice', 'notice', 'notice', 'notice', 'enforcement', 'agreement']);
  });
});
