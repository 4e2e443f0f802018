// A finding as stored and published: shared/spec/formats.md "findings.jsonl".
import { legalBasisOf, type LegalBasis } from '../../rules/legal-basis.js';
import type { DraftFinding, EvidenceFile, Rule, Verdict } from '../../rules/types.js';
import { TOOL_VERSION } from '../version.js';

export interface Finding {
  runId: string;
  platformId: string;
  checkId: string;
  verdict: Verdict;
  subject: string;
  summary: string;
  legalBasis: LegalBasis;
  evidence: EvidenceFile[];
  details: Record<string, unknown>;
  capturedAt: string;
  ruleVersion: string;
  toolVersion: string;
  capturedBy: 'automated' | 'inspector';
}

/** UTC to the second, as formats.md writes it ("2026-11-22T02:13:05Z"). */
export function utcSeconds(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function completeFinding(draft: DraftFinding, rule: Pick<Rule, 'version'>, runId: string, platformId: string): Finding {
  return {
    runId,
    platformId,
    checkId: draft.checkId,
    verdict: draft.verdict,
    subject: draft.subject,
    summary: draft.summary,
    legalBasis: legalBasisOf(draft.checkId),
    evidence: draft.evidence,
    details: draft.details,
    capturedAt: utcSeconds(draft.capturedAt),
    ruleVersion: rule.version,
    toolVersion: TOOL_VERSION,
    capturedBy: 'automated',
  };
}
