import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { progressLine, summaryTable } from '../../src/scan/report.js';

const platforms = [{ id: 'acme', name: '甲公司', uscc: '91330106673959654P', url: 'https://a.cn/', platform: '甲商城', risk: 'general' as const }];
const finding = (checkId: string, verdict: Finding['verdict']) => ({ platformId: 'acme', checkId, verdict }) as Finding;

describe('summaryTable', () => {
  it('rolls a check’s findings up to the worst verdict, one column a check', () => {
    const table = summaryTable(platforms, ['ad-label', 'tying'], [finding('ad-label', 'compliant'), finding('ad-label', 'violation'), finding('tying', 'needs-review')]);
    expect(table.split('\n')).toEqual(['platform     ad-label        tying', '-----------  --------------  -------------------', 'acme 甲商城  violation 违法  needs-review 待研判']);
  });

  it('numbers the columns, with a legend, when many checks would not fit a terminal', () => {
    const checks = ['a', 'b', 'c', 'd', 'e'];
    const lines = summaryTable(platforms, checks, [finding('c', 'not-checked')]).split('\n');
    expect(lines[0]).toBe('platform     1  2  3     4  5');
    expect(lines[2]).toBe('acme 甲商城  —  —  未检  —  —');
    expect(lines).toContain(' 3 c');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(80);
  });
});

describe('progressLine', () => {
  it('says per platform how many pages of each kind the visit reached, so one that saw almost nothing shows at once', () => {
    const done = { type: 'platform-done' as const, platform: platforms[0]!, findings: [finding('ad-label', 'not-checked')], seconds: 3.2, done: 1, total: 2 };
    expect(progressLine({ ...done, snapshots: 5, reached: { homepage: 1, agreement: 1, search: 2 }, failed: 1 })).toBe('[1/2] acme: 5 pages (homepage 1, agreement 1, search 2, failed 1), 1 not-checked (3.2 s)');
    expect(progressLine({ ...done, snapshots: 1, reached: {}, failed: 1 })).toBe('[1/2] acme: 1 page (failed 1), 1 not-checked (3.2 s)');
  });
});
