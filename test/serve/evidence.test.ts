// Reading evidence for the pages: which box a finding points at, which files a path may reach.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evidencePath, findBox, pageName } from '../../src/serve/evidence.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('evidence', () => {
  it('finds the box of a quote, a search result, or a label one level down', () => {
    const box = { x: 1, y: 2, width: 3, height: 4 };
    expect(findBox({ box })).toEqual(box);
    expect(findBox({ cardBox: box, labels: [{ box: { ...box, x: 9 } }] })).toEqual(box);
    expect(findBox({ labels: [{ text: '广告', box: null }, { text: '推广', box }] })).toEqual(box);
    expect(findBox({ label: { box } })).toEqual(box);
    expect(findBox({ box: { x: 1, y: 2, width: 0, height: 4 } })).toBeNull();
    expect(findBox({ box: { x: '1', y: 2, width: 3, height: 4 } })).toBeNull();
    expect(findBox({ deep: { deeper: { box } } })).toBeNull();
  });

  it('names the page a file belongs to', () => {
    expect(['evidence/a/p01-homepage.png', 'evidence/a/p07-search.top.png', 'evidence/a/p02-licence.rendered.html', 'evidence/a/p02-licence.meta.json', 'evidence/a/p02-licence.fetched.html'].map(pageName)).toEqual([
      'p01-homepage', 'p07-search', 'p02-licence', 'p02-licence', 'p02-licence',
    ]);
  });

  it("reaches only files in the platform's own folder of the run", () => {
    const run = join(tmp.dir, 'run');
    mkdirSync(join(run, 'evidence', 'shop'), { recursive: true });
    mkdirSync(join(run, 'evidence', 'mall'), { recursive: true });
    writeFileSync(join(run, 'evidence', 'shop', 'p01.png'), 'png');
    writeFileSync(join(run, 'evidence', 'mall', 'p01.png'), 'png');
    writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
    symlinkSync(join(tmp.dir, 'secret.txt'), join(run, 'evidence', 'shop', 'link.png'));
    expect(evidencePath(run, 'shop', 'evidence/shop/p01.png')).toBe(join(run, 'evidence', 'shop', 'p01.png'));
    for (const bad of ['evidence/mall/p01.png', 'evidence/shop/../mall/p01.png', 'evidence/shop/../../../secret.txt', '/etc/passwd', 'evidence/shop/link.png', 'evidence/shop', 'evidence/shop/', 'evidence//shop/p01.png', 'evidence\\shop\\p01.png', 'evidence/shop/p01.png\0', 'evidence/shop/missing.png']) {
      expect([bad, evidencePath(run, 'shop', bad)]).toEqual([bad, null]);
    }
  });
});
