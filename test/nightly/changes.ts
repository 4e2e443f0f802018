import { CHANGES } from '../../src/nightly/compare.js';
import type { NightlyReport } from '../../src/nightly/report.js';

/** change → sorted keys of the first platform's findings in a nightly report, the platform-level one as PLATFORM_KEY. */
export function changeKeys(report: NightlyReport): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(CHANGES.map((c) => [c, []]));
  for (const f of report.platforms[0]!.findings) out[f.change]!.push(f.key);
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}
