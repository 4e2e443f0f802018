// The scoring of `npm run eval` on hand-made findings (no scan): subjects are recognised through
// click-tracking URLs and licence pages, several findings on one subject count as the worst, and
// the problem counts follow the confusion table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopSites, type ShopSites } from '../../src/demo/shops/index.js';
import { scoreFindings, subjectPath, type ScoredFinding } from './eval.js';

let sites: ShopSites;
beforeAll(async () => {
  sites = await startShopSites();
});
afterAll(async () => {
  await sites?.close();
});

const finding = (checkId: string, verdict: ScoredFinding['verdict'], path: string, details: Record<string, unknown> = {}): ScoredFinding => ({
  platformId: 'youpin',
  checkId,
  verdict,
  subject: new URL(path, sites.platforms[0]!.url).href,
  details,
});

describe('eval scoring', () => {
  it('finds the labelled path a subject names', () => {
    const paths = ['/shop/1000', '/shop/10001', '/item/1104.html'];
    expect(subjectPath(finding('x', 'violation', '/click?adid=yp1104&url=%2Fitem%2F1104.html%3Fkw%3D%25E6%2589%258B'), paths)).toBe('/item/1104.html');
    expect(subjectPath(finding('x', 'violation', '/shop/1000/licence'), paths)).toBe('/shop/1000');
    expect(subjectPath(finding('x', 'violation', '/search?keyword=x', { itemUrl: '/shop/10001' }), paths)).toBe('/shop/10001');
    expect(subjectPath(finding('x', 'violation', '/'), paths)).toBeNull();
  });

  it('counts each labelled subject once, by the worst of its findings', () => {
    const findings = [
      finding('ad-label', 'compliant', '/item/1104.html'),
      finding('ad-label', 'violation', '/click?adid=yp1104&url=%2Fitem%2F1104.html'),
      finding('ad-label', 'violation', '/item/1106.html'),
      finding('ad-label', 'violation', '/search?keyword=x'),
    ];
    const adLabel = scoreFindings(sites, {}, findings).checks.find((c) => c.check === 'ad-label')!;
    expect(adLabel.confusion.violation.violation).toBe(1);
    expect(adLabel.confusion.compliant.violation).toBe(1);
    expect(adLabel.otherFindings).toBe(1);
    const problems = Object.values(sites.expected).flatMap((e) => Object.values(e['ad-label'].subjects)).filter((v) => v !== 'compliant').length;
    expect([adLabel.truePositives, adLabel.falsePositives, adLabel.falseNegatives]).toEqual([1, 1, problems - 1]);
    expect(adLabel.recall).toBeCloseTo(1 / problems);
  });

  it('reports each platform × check as the worst of its findings, unreported when there is none', () => {
    const { platforms } = scoreFindings(sites, { hemei: { 'licence-display': 'compliant' } }, [finding('ad-label', 'needs-review', '/item/1105.html')]);
    expect(platforms.find((r) => r.platformId === 'youpin' && r.check === 'ad-label')).toEqual({ platformId: 'youpin', check: 'ad-label', expected: 'violation', reported: 'needs-review' });
    expect(platforms.find((r) => r.platformId === 'hemei')).toEqual({ platformId: 'hemei', check: 'licence-display', expected: 'compliant', reported: 'unreported' });
  });
});
