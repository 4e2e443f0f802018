// A visit read back from its evidence bundle: the snapshots as captured, the rendered page from its
// own file, and a clear refusal when a file is missing or changed since the capture.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import { EvidenceError, readStoredVisit } from '../../src/evidence/load.js';
import { platform, snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A bundle of two pages, the second an oversized one whose rendered file the checks never read. */
function writeBundle(runDir: string) {
  const bundle = new EvidenceBundle(runDir, 'acme');
  bundle.reset();
  const home = snapshot({ html: '<p>首页</p>' });
  const big = snapshot({ id: 'p02', kind: 'agreement', html: '', failure: { reason: 'oversized', message: 'too big' } });
  const pages = [
    { ...home, files: [bundle.write('p01-homepage.rendered.html', 'rendered-html', '<p>首页</p>')] },
    { ...big, files: [bundle.write('p02-agreement.rendered.html', 'rendered-html', '<p>很长</p>')] },
  ];
  bundle.write('manifest.json', 'page-metadata', JSON.stringify({ platform: platform({ id: 'acme' }), rules: { 'licence-display': '1.0.0' }, pages: pages.map(({ html: _html, ...rest }) => rest) }));
}

describe('readStoredVisit', () => {
  it('gives back the snapshots with their rendered pages, an oversized one without', () => {
    const dir = join(tmp.dir, 'run1');
    writeBundle(dir);
    const visit = readStoredVisit(dir, 'acme');
    expect(visit.platform.id).toBe('acme');
    expect(visit.rules).toEqual({ 'licence-display': '1.0.0' });
    expect(visit.snapshots.map((s) => [s.id, s.html])).toEqual([['p01', '<p>首页</p>'], ['p02', '']]);
  });

  it('refuses a bundle whose page changed or went missing after the capture, and a platform with none', () => {
    const dir = join(tmp.dir, 'run2');
    writeBundle(dir);
    const file = join(dir, 'evidence', 'acme', 'p01-homepage.rendered.html');
    writeFileSync(file, '<p>改过的首页</p>');
    expect(() => readStoredVisit(dir, 'acme')).toThrow(new EvidenceError('evidence file evidence/acme/p01-homepage.rendered.html of acme does not match its recorded SHA-256: it changed after the capture'));
    rmSync(file);
    expect(() => readStoredVisit(dir, 'acme')).toThrow(/p01-homepage.rendered.html of acme is missing/);
    expect(() => readStoredVisit(dir, 'other')).toThrow(EvidenceError);
  });
});
