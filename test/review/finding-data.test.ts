// The data behind a finding in Chinese: labels, enumerated values, units, nesting; and a key or
// value without a Chinese name is reported, which the scan tests hold to nothing over real output.
import { describe, expect, it } from 'vitest';
import { dataRows, unnamedIn } from '../../src/review/finding-data.js';

describe('finding data', () => {
  it('labels every key and names every enumerated value in Chinese, numbers with their units', () => {
    const rows = dataRows({ labels: [{ text: '推广', prominence: 'not-visible', fontSize: 7, contrast: 1.92, box: { x: 1, y: 2, width: 3, height: 4 }, hidden: 'display-none' }], reason: 'login-wall' });
    expect(rows).toEqual([
      { label: '标注', value: { kind: 'list', items: [{ kind: 'rows', rows: [
        { label: '文字', value: { kind: 'quote', text: '推广' } },
        { label: '显著程度', value: { kind: 'text', text: '不可见' } },
        { label: '字号', value: { kind: 'text', text: '7px' } },
        { label: '颜色对比度', value: { kind: 'text', text: '1.92:1' } },
        { label: '位置（页面坐标）', value: { kind: 'text', text: '左 1px，上 2px，宽 3px，高 4px' } },
        { label: '隐藏方式', value: { kind: 'text', text: '元素被隐藏（display:none）' } },
      ] }] } },
      { label: '原因', value: { kind: 'text', text: '需要登录才能查看' } },
    ]);
    expect(unnamedIn({ seenIn: [{ query: '手机', url: 'https://s.example.cn/?q=1', verdict: 'needs-review' }], byTerm: { 顶级: 2 } })).toEqual([]);
  });

  it('reports a key or an enumerated value it has no Chinese for', () => {
    expect(unnamedIn({ newKey: 1, prominence: 'half-visible', title: 'kept-as-quoted', problems: [{ code: 'brand-new' }] })).toEqual([
      'details.newKey',
      'details.prominence = half-visible',
      'details.problems[0].code = brand-new',
    ]);
  });
});
