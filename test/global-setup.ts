// Runs once before the suite: a clone standing alone (no shared/ beside it) is told once, not per
// test, which tests skip for want of it.
import { hasShared, SHARED_DIR } from './helpers/shared.js';

export default function setup(): void {
  const missing = [
    hasShared('realpages') ? '' : 'the tests on real saved pages (test/realpages.test.ts)',
    hasShared('tools', 'validate-findings.mjs') ? '' : 'the shared formats validator in the scan tests (the project\'s own format checks still run)',
  ].filter(Boolean);
  if (missing.length) process.stderr.write(`note: ${SHARED_DIR} is not there, so these are skipped: ${missing.join('; ')}\n`);
}
