// The labelled fixture shop platforms, each a markup family of its own, each on 127.0.0.1 on a port of its
// own, with search, results, product, shop and shop-licence pages, and the truth they were built
// from with the verdicts it implies (truth.ts). See each family module for its cases.
import type { PlatformRecord } from '../../../rules/types.js';
import { baibao } from './baibao.js';
import { startFamily } from './common.js';
import { haopi } from './haopi.js';
import { kuaigou } from './kuaigou.js';
import { linli } from './linli.js';
import { shuxiang } from './shuxiang.js';
import { temai } from './temai.js';
import { expectedVerdicts, type PlatformExpectation, type PlatformTruth } from './truth.js';
import { xianqu } from './xianqu.js';
import { youpin } from './youpin.js';

export { PLATFORM_CHECKS, SHOP_CHECKS, type PlatformCheckId, type ShopCheckId } from './truth.js';

export interface ShopSites {
  /** Roster records: each operator's name and code are those on its 自营 shop's licence page. */
  platforms: PlatformRecord[];
  /** By platform id. */
  truth: Record<string, PlatformTruth>;
  /** By platform id: expectedVerdicts() of its truth. */
  expected: Record<string, PlatformExpectation>;
  close(): Promise<void>;
}

const SHOP_FAMILIES = [youpin, kuaigou, baibao, haopi, xianqu, temai, shuxiang, linli] as const;

/** The names of the listings the platforms' keyword filters missed: what a prohibited keyword finds. */
export const PLANTED_LISTINGS: readonly string[] = SHOP_FAMILIES.flatMap((f) => f.prohibited.map((i) => i.name));

/** Starts the platforms: on `firstPort` and the ports after it, or on ports the OS chooses. */
export async function startShopSites(firstPort?: number): Promise<ShopSites> {
  const started = await Promise.allSettled(SHOP_FAMILIES.map((f, i) => startFamily(f, firstPort === undefined ? 0 : firstPort + i)));
  const served = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async (): Promise<void> => {
    await Promise.all(served.map((s) => s.server.close()));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return {
    platforms: served.map((s) => s.platform),
    truth: Object.fromEntries(served.map((s) => [s.platform.id, s.truth])),
    expected: Object.fromEntries(served.map((s) => [s.platform.id, expectedVerdicts(s.truth, s.platform.url)])),
    close,
  };
}
