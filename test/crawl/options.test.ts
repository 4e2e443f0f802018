// How many platforms a scan visits at once by default: enough to keep the machine's cores busy at
// the per-host politeness asked, no more than half the free memory holds, between 1 and 16.
import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIT_OPTIONS, platformsAtOnce } from '../../src/crawl/options.js';

const GB = 2 ** 30;

describe('platforms at once', () => {
  it('keeps two cores busy at 20 requests a minute a host with eleven platforms, fewer at a faster rate', () => {
    expect(platformsAtOnce(DEFAULT_VISIT_OPTIONS, 2, 16 * GB)).toBe(11);
    expect(platformsAtOnce({ requestsPerMinute: 600, concurrencyPerHost: 2 }, 2, 16 * GB)).toBe(2);
    expect(platformsAtOnce(DEFAULT_VISIT_OPTIONS, 4, 16 * GB)).toBe(16);
  });

  it('visits no more than half the free memory holds, and at least one', () => {
    expect(platformsAtOnce(DEFAULT_VISIT_OPTIONS, 2, 1 * GB)).toBe(2);
    expect(platformsAtOnce(DEFAULT_VISIT_OPTIONS, 2, 0)).toBe(1);
  });
});
