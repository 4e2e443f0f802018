import { describe, expect, it } from 'vitest';
import { coverageOf, coverageReason, coverageText, coveredVerdict } from './coverage.js';

describe('coverage', () => {
  const partial = coverageOf('搜索结果页', [null, 'timeout', null, 'http-error', 'timeout']);

  it('counts what was needed, what was seen, and why the rest was not, most frequent reason first', () => {
    expect(partial).toEqual({ what: '搜索结果页', needed: 5, seen: 2, missing: [{ reason: 'timeout', count: 2 }, { reason: 'http-error', count: 1 }] });
    expect(coverageReason(partial)).toBe('timeout');
    expect(coverageText(partial)).toBe('已检查 2/5 个搜索结果页，3 个未能检查（页面加载超时 2 个、服务器返回错误 1 个）');
  });

  it('lets a verdict be compliant only over everything needed', () => {
    expect(coveredVerdict('compliant', partial)).toBe('needs-review');
    expect(coveredVerdict('violation', partial)).toBe('violation');
    expect(coveredVerdict('compliant', coverageOf('店铺页面', [null, null]))).toBe('compliant');
    expect(coveredVerdict('compliant', coverageOf('店铺页面', ['captcha']))).toBe('not-checked');
    expect(coverageText(coverageOf('店铺页面', [null]))).toBe('');
    expect(coverageReason(coverageOf('店铺页面', [null]))).toBeNull();
  });
});
