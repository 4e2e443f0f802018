import { describe, expect, it } from 'vitest';
import { daysBetween, findDates, noticeDates } from './dates.js';

describe('findDates', () => {
  it('reads the written forms of a date, in order', () => {
    expect(findDates('2026年11月1日、2026-11-02、2026.11.03、2026/11/4 与 2026 年 11 月 5 号').map((d) => d.date)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
  });

  it('gives a month and day the year of the full date before it, else the context year, else leaves it out', () => {
    expect(findDates('公示期为2025年12月28日至1月4日').map((d) => d.date)).toEqual(['2025-12-28', '2026-01-04']);
    expect(findDates('自11月8日起施行', 2026).map((d) => d.date)).toEqual(['2026-11-08']);
    expect(findDates('自11月8日起施行')).toEqual([]);
  });

  it('drops impossible dates and does not read a date inside a longer number', () => {
    expect(findDates('2026年2月30日')).toEqual([]);
    expect(findDates('编号 2026-11-0123')).toEqual([]);
  });
});

describe('noticeDates', () => {
  it('reads the labelled announcement and effective dates', () => {
    const d = noticeDates('关于修订《用户服务协议》的公示 公示日期：2026年11月1日 生效日期：2026年11月11日');
    expect([d.announced?.date, d.effective?.date]).toEqual(['2026-11-01', '2026-11-11']);
  });

  it('reads 自…起施行, 将于…生效 and a date followed by 发布', () => {
    expect(noticeDates('本规则于2026-11-01发布，自2026-11-04起施行。')).toMatchObject({ announced: { date: '2026-11-01' }, effective: { date: '2026-11-04' } });
    expect(noticeDates('更新日期：2026.11.01。修订后的协议将于11月8日正式生效。', 2026)).toMatchObject({ announced: { date: '2026-11-01' }, effective: { date: '2026-11-08' } });
  });

  it('reads 更新于 and 生效于', () => {
    expect(noticeDates('本协议更新于2026年11月1日，生效于2026年11月8日。')).toMatchObject({ announced: { date: '2026-11-01' }, effective: { date: '2026-11-08' } });
    expect(noticeDates('公示期：2026年11月1日-2026年11月8日；修订后的规则将于2026年12月1日正式实施')).toMatchObject({ announced: { date: '2026-11-01' }, effective: { date: '2026-12-01' } });
  });

  it('leaves a date that is neither unclassified', () => {
    expect(noticeDates('2026年11月1日，平台举办了周年庆活动')).toEqual({ announced: null, effective: null });
  });
});

describe('daysBetween', () => {
  it('counts whole days between dates or times', () => {
    expect(daysBetween('2026-11-01', '2026-11-08')).toBe(7);
    expect(daysBetween('2026-11-01T23:59:00Z', '2026-11-04T00:01:00Z')).toBe(3);
  });
});
