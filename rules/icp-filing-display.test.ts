import { describe, expect, it } from 'vitest';
import { platform, page, snapshot } from '../test/helpers/snapshots.js';
import { icpFilingDisplay } from './icp-filing-display.js';
import type { Snapshot } from './types.js';

const SITE = platform({ id: 'site-1', name: '晋城某某机械有限公司', uscc: '91140500MA0K0B8X3N', url: 'https://www.jcmachine.example.cn/' });

function run(home: Snapshot) {
  const findings = icpFilingDisplay.evaluate({ platform: SITE, snapshots: [home] });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}
const home = (footer: string) => snapshot({ url: SITE.url, html: page(`<div id="main">产品中心</div><div class="footer">${footer}</div>`) });

describe('icp-filing-display', () => {
  it('is compliant with a filing number in the footer, linked to the MIIT system', () => {
    const f = run(home('<a href="https://beian.miit.gov.cn/">晋ICP备 16001234号-2</a>'));
    expect(f.verdict).toBe('compliant');
    expect(f.summary).toBe('网站首页已标明ICP备案编号 晋ICP备16001234号-2');
    expect(f.subject).toBe(SITE.url);
    expect(f.details.numbers).toEqual([expect.objectContaining({ kind: 'icp-filing', number: '晋ICP备16001234号-2', linkedToFilingSystem: true, placement: expect.objectContaining({ region: 'footer' }) })]);
  });

  it('takes an ICP or value-added telecom licence number as meeting the duty', () => {
    expect(run(home('增值电信业务经营许可证：晋B2-20190012')).summary).toBe('网站首页已标明经营许可证编号 晋B2-20190012');
  });

  it('is a violation with no number, and a police filing alone is none', () => {
    const f = run(home('晋公网安备 14050202000123号 © 晋城某某机械有限公司'));
    expect(f.verdict).toBe('violation');
    expect(f.summary).toBe('网站首页未标明ICP备案编号或经营许可证编号');
  });

  it('is a violation with the number hidden, and needs review with it too small', () => {
    expect(run(home('<span style="display:none">晋ICP备16001234号</span>')).verdict).toBe('violation');
    const weak = run(home('<span style="font-size: 8px">晋ICP备16001234号</span>'));
    expect(weak.verdict).toBe('needs-review');
    expect(weak.summary).toMatch(/^网站首页的ICP备案编号 晋ICP备16001234号 不够显著/);
  });

  it('is not checked when the homepage did not load', () => {
    const f = run(snapshot({ url: SITE.url, failure: { reason: 'tls-error' } }));
    expect(f.verdict).toBe('not-checked');
    expect(f.details.reason).toBe('tls-error');
  });
});
