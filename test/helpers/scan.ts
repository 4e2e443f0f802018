// Scans for tests: a real database file and run folder in a temp dir, real Chromium, fast
// politeness settings (the sites are the test's own, on 127.0.0.1).
import { join } from 'node:path';
import type { PageKind, PlatformRecord, Snapshot } from '../../rules/types.js';
import { DEFAULT_VISIT_OPTIONS, type VisitOptions } from '../../src/crawl/options.js';
import { visitPlatform } from '../../src/crawl/visit.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import { scan, type ScanEvent, type ScanRequest, type ScanResult } from '../../src/scan/scan.js';
import { openDatabase, type Db } from '../../src/store/database.js';

export const FAST_VISIT: VisitOptions = { ...DEFAULT_VISIT_OPTIONS, concurrencyPerHost: 2, requestsPerMinute: 1200, navigationTimeoutSecs: 8, pageTimeoutSecs: 30, capture: { ...DEFAULT_VISIT_OPTIONS.capture, loadTimeoutMs: 5_000, settleTimeoutMs: 1_500 } };

export async function scanForTest(dir: string, request: Partial<ScanRequest> & Pick<ScanRequest, 'rosterPath'>, onEvent?: (e: ScanEvent) => void): Promise<{ db: Db; result: ScanResult }> {
  const db = openDatabase(join(dir, 'wangjian.sqlite'));
  const result = await scan(db, { platformConcurrency: 2, visit: FAST_VISIT, outDir: join(dir, 'run'), ...request }, new AbortController().signal, onEvent);
  return { db, result };
}

/** One platform's visit alone (no database, no rules), its evidence under `dir`: the crawl layer's own tests. */
export function visitForTest(dir: string, platform: PlatformRecord, pageKinds: readonly PageKind[], queries: readonly string[] = [], visit: VisitOptions = FAST_VISIT): Promise<Snapshot[]> {
  const bundle = new EvidenceBundle(dir, platform.id);
  bundle.reset();
  return visitPlatform(platform, bundle, visit, { pageKinds: new Set(pageKinds), queries }).snapshots;
}
