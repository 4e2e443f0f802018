// Checks a run folder against shared/spec/formats.md: the project's own reading, and the shared
// validator that other tools use when it is beside the checkout.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { VERDICTS } from '../../rules/types.js';
import type { Finding } from '../../src/findings/finding.js';
import { hasShared, sharedPath } from './shared.js';

/** A run folder's findings: its findings.jsonl, or another file of the folder (a rejudged run's). */
export function readFindings(runDir: string, file = 'findings.jsonl'): Finding[] {
  return readFileSync(join(runDir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
}

export function expectValidRunFolder(runDir: string, file = 'findings.jsonl'): void {
  const findings = readFindings(runDir, file);
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) {
    expect(Object.keys(f)).toEqual(['runId', 'platformId', 'checkId', 'verdict', 'subject', 'summary', 'legalBasis', 'evidence', 'details', 'capturedAt', 'ruleVersion', 'toolVersion', 'capturedBy']);
    expect(VERDICTS).toContain(f.verdict);
    expect(f.capturedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(f.legalBasis.duty.length).toBeGreaterThan(0);
    if (f.verdict === 'not-checked') expect(f.details.reason).toEqual(expect.any(String));
    for (const e of f.evidence) {
      expect(e.path.startsWith('/')).toBe(false);
      expect(createHash('sha256').update(readFileSync(join(runDir, e.path))).digest('hex')).toBe(e.sha256);
    }
  }
  if (hasShared('tools', 'validate-findings.mjs')) {
    const r = spawnSync(process.execPath, [sharedPath('tools', 'validate-findings.mjs'), join(runDir, file)], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/, 0 problems/);
    expect(r.status).toBe(0);
  }
}
