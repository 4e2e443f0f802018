import { describe, expect, it } from 'vitest';
import { documentDiff, documentDiffHtml, documentDiffText, sentences } from '../../src/documents/diff.js';

const OLD = '用户服务协议\n第一条 用户应当遵守平台规则。第二条 平台可以在七日内处理退款申请；逾期视为同意。\n第三条 其他。';
const NEW = '用户服务协议\n第一条 用户应当遵守平台规则。第二条 平台可以在十五日内处理退款申请；逾期视为同意。\n第三条 其他。';

describe('document diff', () => {
  it('cuts Chinese text after 。；！？ and at paragraph ends', () => {
    expect(sentences(OLD)).toEqual(['用户服务协议\n', '第一条 用户应当遵守平台规则。', '第二条 平台可以在七日内处理退款申请；', '逾期视为同意。\n', '第三条 其他。']);
  });

  it('marks only the changed sentence', () => {
    expect(documentDiff(OLD, NEW).filter((p) => p.kind !== 'same')).toEqual([
      { kind: 'removed', sentences: ['第二条 平台可以在七日内处理退款申请；'] },
      { kind: 'added', sentences: ['第二条 平台可以在十五日内处理退款申请；'] },
    ]);
  });

  it('prints a unified diff with context for a terminal', () => {
    expect(documentDiffText(OLD, NEW, { from: 'v1', to: 'v2' }, 1)).toBe(
      ['--- v1', '+++ v2', '  …（未变 1 句）', '  第一条 用户应当遵守平台规则。', '- 第二条 平台可以在七日内处理退款申请；', '+ 第二条 平台可以在十五日内处理退款申请；', '  逾期视为同意。', '  …（未变 1 句）'].join('\n'),
    );
    expect(documentDiffText(OLD, OLD, { from: 'v1', to: 'v1' })).toContain('两版文本相同');
  });

  it('returns safe HTML with <del> and <ins>, every text escaped', () => {
    const out = documentDiffHtml('第一条 <b>旧</b>。', '第一条 <script>alert(1)</script>。');
    expect(out).toBe('<div class="document-diff"><p><del>第一条 &lt;b&gt;旧&lt;/b&gt;。</del><ins>第一条 &lt;script&gt;alert(1)&lt;/script&gt;。</ins></p></div>');
    expect(documentDiffHtml(OLD, NEW)).toContain('<p>用户服务协议</p><p>第一条 用户应当遵守平台规则。<del>第二条 平台可以在七日内处理退款申请；</del><ins>第二条 平台可以在十五日内处理退款申请；</ins>逾期视为同意。</p>');
  });
});
