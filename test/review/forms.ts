// Hand-made inspections and review items for the record form tests: the shapes the store returns.
import type { EvidenceFile, Verdict } from '../../rules/types.js';
import { legalBasisOf } from '../../rules/legal-basis.js';
import type { Inspection } from '../../src/store/inspections.js';
import type { ItemVersion, ReviewItem } from '../../src/store/review-items.js';

export function inspection(over: Partial<Inspection> = {}): Inspection {
  return {
    id: 7,
    platform: { id: 'p-youpin', name: '优品网络科技有限公司', uscc: '91330106673959654P', url: 'https://youpin.example.cn/', platform: '优品商城', risk: 'general' },
    origin: 'draw',
    drawId: 'draw-2026-1',
    campaignId: 'c-2026',
    campaignName: '2026 年电子商务平台双随机抽查',
    checks: ['licence-display', 'ad-label', 'prohibited-listings', 'unfair-terms', 'item-6', 'item-16'],
    unit: '中卫市市场监督管理局市场与网络交易监管科',
    inspectors: ['wang', 'li'],
    assistants: [],
    deadline: '2026-12-31',
    runId: 'run-20261122',
    createdAt: '2026-11-22T01:00:00.000Z',
    createdBy: null,
    ...over,
  };
}

let nextId = 1;

export interface ItemOptions {
  status?: ItemVersion['status'];
  evidence?: EvidenceFile[];
  details?: Record<string, unknown>;
  subject?: string;
  origin?: ReviewItem['origin'];
}

export function item(checkId: string, verdict: Verdict, summary: string, o: ItemOptions = {}): ReviewItem {
  const id = nextId++;
  const origin = o.origin ?? (checkId.startsWith('item-') ? 'inspector' : 'automated');
  const subject = o.subject ?? 'https://youpin.example.cn/';
  const current: ItemVersion = {
    version: o.status && o.status !== 'draft' ? 2 : 1,
    status: o.status ?? 'confirmed',
    verdict,
    summary,
    subject,
    details: o.details ?? {},
    evidence: o.evidence ?? [],
    reason: null,
    author: o.status === 'draft' ? null : 'wang',
    at: '2026-11-22T03:00:00.000Z',
  };
  return {
    id,
    inspectionId: 7,
    checkId,
    origin,
    original:
      origin === 'automated'
        ? {
            runId: 'run-20261122',
            platformId: 'p-youpin',
            checkId,
            verdict,
            subject,
            summary,
            legalBasis: legalBasisOf(checkId),
            evidence: current.evidence,
            details: current.details,
            capturedAt: '2026-11-22T02:13:05Z',
            ruleVersion: '1.0.0',
            toolVersion: '0.1.0',
            capturedBy: 'automated',
          }
        : null,
    current,
    versions: [current],
    runDir: '/runs/run-20261122',
  };
}

export const PEOPLE = [
  { id: 'wang', name: '王伟', unit: '中卫市市场监督管理局市场与网络交易监管科', certificate: '64050012345' },
  { id: 'li', name: '李娜', unit: '中卫市市场监督管理局市场与网络交易监管科', certificate: '64050067890' },
];
