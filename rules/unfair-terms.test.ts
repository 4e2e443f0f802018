import { describe, expect, it } from 'vitest';
import { page, platform, snapshot } from '../test/helpers/snapshots.js';
import { BUILT_IN_TERMS, mergeTermLists } from './lib/term-lists.js';
import { unfairTerms, unfairTermsRule } from './unfair-terms.js';
import type { DraftFinding, Snapshot } from './types.js';

const HOME = snapshot({ html: page('<p>首页</p>') });
const doc = (body: string, kind: Snapshot['kind'] = 'agreement', id = 'p02') =>
  snapshot({ id, kind, url: `https://shop.example.cn/${kind}`, via: HOME.id, html: page(body, '用户服务协议') });
const run = (...docs: Snapshot[]) => unfairTerms.evaluate({ platform: platform(), snapshots: [HOME, ...docs] });
const items = (findings: DraftFinding[]) => findings.filter((f) => f.subject.includes('#:~:text='));
const platformLevel = (findings: DraftFinding[]) => findings.find((f) => !f.subject.includes('#:~:text='))!;

describe('unfair-terms', () => {
  it('a final right of interpretation is a violation, quoted with its place', () => {
    const findings = run(doc('<p>第一条 欢迎使用本平台。</p><p data-wj-box="10,200,600,20">本活动最终解释权归本平台所有。</p>'));
    const [hit] = items(findings);
    expect(hit).toMatchObject({ verdict: 'violation', details: { snapshotId: 'p02', url: 'https://shop.example.cn/agreement', sentence: '本活动最终解释权归本平台所有。', box: { x: 10, y: 200, width: 600, height: 20 } } });
    const text = `${'第一条 欢迎使用本平台。'} `;
    expect((hit!.details as { offset: number }).offset).toBe(text.length);
    expect(hit!.summary).toContain('NTM 21（五）');
    expect(platformLevel(findings)).toMatchObject({ verdict: 'violation', details: { counts: { interpretation: 1, sentences: 1 } } });
  });

  it.each([
    '本规则的解释权归本公司所有。',
    '本协议解释权属于“本平台”。',
    '在法律允许的范围内，本平台对上述条款保留解释权！',
    '本活动最終解釋權歸本店所有；',
    '以上规则，合美优选享有最终解释权',
  ])('violation: %s', (sentence) => {
    expect(items(run(doc(`<p>${sentence}</p>`))).map((f) => f.verdict)).toEqual(['violation']);
  });

  it('a clause limiting returns or complaints needs review, with its NTM 21 item', () => {
    const findings = items(run(doc('<p>特价商品一经售出，概不退换。用户放弃就本协议向法院起诉的权利。订单一经提交不可取消。</p>')));
    expect(findings.map((f) => [f.verdict, (f.details as { hits: { item: string }[] }).hits.map((h) => h.item)])).toEqual([
      ['needs-review', ['（一）']],
      ['needs-review', ['（三）']],
      ['needs-review', ['（四）']],
    ]);
  });

  it('a sentence that merely mentions 解释, or a rule forbidding the term, is no hit', () => {
    const findings = run(
      doc(
        '<p>本协议的订立、执行和解释及争议的解决，均适用中华人民共和国法律。我们将按照您的要求对格式条款予以解释说明。请注意以加粗形式提示您注意的免除或者限制责任的条款。</p>' +
          '<p>平台内经营者不得在促销活动中声明享有最终解释权。经营者不得以任何理由拒绝退货。您可以依法申请仲裁或者提起诉讼。</p>',
      ),
    );
    expect(items(findings)).toEqual([]);
    expect(platformLevel(findings)).toMatchObject({ verdict: 'compliant', details: { counts: { documents: 1, read: 1, sentences: 0 } } });
  });

  it('reads every document kind, and not listings or the homepage', () => {
    const findings = run(doc('<p>最终解释权归本店所有。</p>', 'privacy', 'p03'), snapshot({ id: 'p04', kind: 'product', via: 'p01', html: page('<p>最终解释权归本店所有。</p>') }));
    expect(items(findings).map((f) => (f.details as { pageKind: string }).pageKind)).toEqual(['privacy']);
    expect(unfairTerms.pageKinds).toEqual(expect.arrayContaining(['homepage', 'agreement', 'rules', 'rules-centre', 'privacy', 'complaint', 'notice', 'terms']));
  });

  it('reads the other terms set for consumers as well: an activity rule, an after-sales policy, a notice', () => {
    const findings = run(
      doc('<h1>双十一活动规则</h1><p>本活动最终解释权归本平台所有。</p>', 'terms', 'p03'),
      doc('<h1>售后服务政策</h1><p>商品一经售出，概不退换。</p>', 'terms', 'p04'),
      doc('<h1>关于调整运费的公告</h1><p>本公告自发布之日起施行，解释权归平台所有。</p>', 'notice', 'p05'),
    );
    expect(items(findings).map((f) => [(f.details as { pageKind: string }).pageKind, f.verdict])).toEqual([
      ['terms', 'violation'],
      ['terms', 'needs-review'],
      ['notice', 'violation'],
    ]);
    expect(items(findings)[0]!.summary).toMatch(/^消费者须知《/);
  });

  it('quotes a window around the hit when the sentence runs on without punctuation', () => {
    const [hit] = items(run(doc(`<p>${'平台规则说明 '.repeat(60)}最终解释权归本店所有 ${'更多说明 '.repeat(30)}</p>`)));
    expect(hit!.details).toMatchObject({ truncated: true });
    expect((hit!.details as { sentence: string }).sentence.length).toBeLessThanOrEqual(2 * 60 + 10);
  });

  it('not-checked without documents, or when none could be read', () => {
    expect(run()).toEqual([expect.objectContaining({ verdict: 'not-checked', details: expect.objectContaining({ reason: 'page-kind-not-found' }) })]);
    const failed = snapshot({ id: 'p02', kind: 'agreement', url: 'https://shop.example.cn/agreement', via: 'p01', failure: { reason: 'timeout' } });
    expect(run(failed)).toEqual([expect.objectContaining({ verdict: 'not-checked', details: expect.objectContaining({ reason: 'timeout' }) })]);
  });

  it('takes a bureau list added to the built-in one', () => {
    const lists = mergeTermLists(BUILT_IN_TERMS, [{ name: 'hz', list: { list: 'unfair-terms', version: '1', entries: [{ category: 'other-unfair', pattern: '不开具发票', source: 'bureau practice' }] } }]);
    const rule = unfairTermsRule(lists.unfair);
    const findings = rule.evaluate({ platform: platform(), snapshots: [HOME, doc('<p>本店商品不开具发票。</p>')] });
    expect(items(findings)).toHaveLength(1);
    expect(platformLevel(findings).details).toMatchObject({ listVersion: `${BUILT_IN_TERMS.unfair.version}+hz@1` });
  });
});
