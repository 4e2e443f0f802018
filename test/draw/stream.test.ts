// The random stream against values computed by an independent implementation (Python's hmac
// module, from the algorithm as documented in stream.ts and the README), and its uniformity.
import { describe, expect, it } from 'vitest';
import { DrawStream } from '../../src/draw/stream.js';
import { chiSquare } from './stats.js';

describe('draw stream (wangjian-draw/1)', () => {
  it('gives the documented values: HMAC-SHA256(seed, "wangjian-draw/1|campaign|purpose|counter"), first 4 bytes', () => {
    const s = new DrawStream('2026-07-25', 'sx-2026-ecom', 'platforms/general');
    // below(2^32) returns the raw 32-bit words, since nothing is rejected.
    expect([s.below(2 ** 32), s.below(2 ** 32), s.below(2 ** 32)]).toEqual([1344414764, 4019101473, 534476709]);
    expect(new DrawStream('2026-07-30 晋城市局公告', 'jc-2026-ecom', 'platforms/low').below(2 ** 32)).toBe(1490165182);
  });

  it('samples as the reference implementation does', () => {
    const s = new DrawStream('2026-07-25', 'sx-2026-ecom', 'platforms/general');
    expect([0, 1, 2, 3, 4].map(() => s.below(7))).toEqual([0, 2, 4, 0, 3]);
    const range = Array.from({ length: 53 }, (_, i) => i);
    expect(new DrawStream('2026-07-25', 'sx-2026-ecom', 'platforms/general').sample(range, 10)).toEqual([16, 50, 26, 13, 28, 22, 46, 29, 14, 37]);
  });

  it('keeps purposes, campaigns and seeds apart', () => {
    const first = (seed: string, campaign: string, purpose: string) => new DrawStream(seed, campaign, purpose).below(2 ** 32);
    const values = new Set([first('a', 'c', 'p'), first('a', 'c', 'q'), first('a', 'd', 'p'), first('b', 'c', 'p'), first('a ', 'c', 'p')]);
    expect(values.size).toBe(5);
  });

  it('draws each of 0 … n−1 equally often (chi-square over 60,000 draws of below(12))', () => {
    const s = new DrawStream('uniformity', 'test', 'below');
    const counts = new Array<number>(12).fill(0);
    for (let i = 0; i < 60_000; i++) counts[s.below(12)]!++;
    const test = chiSquare(counts, 60_000, 1);
    expect(Math.abs(test.z)).toBeLessThan(3.09);
  });

  it('refuses a range it cannot draw from', () => {
    const s = new DrawStream('x', 'y', 'z');
    expect(() => s.below(0)).toThrow(RangeError);
    expect(() => s.below(1.5)).toThrow(RangeError);
    expect(s.below(1)).toBe(0);
  });
});
