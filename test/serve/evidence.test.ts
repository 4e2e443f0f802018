// Reading evidence for the pages: which box a finding points at, which files a path may reach.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evidencePointer, outlinedScreenshot } from '../../src/findings/pointer.js';
import { evidencePath, pageName } from '../../src/serve/evidence.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('evidence', () => {
  it('finds the box of a quote, a search result, or a label one level down, and the page it sits on', () => {
    const box = { x: 1, y: 2, width: 3, height: 4 };
    const boxOf = (details: Record<string, unknown>) => evidencePointer(details).box;
    expect(boxOf({ box })).toEqual(box);
    expect(boxOf({ cardBox: box, labels: [{ box: { ...box, x: 9 } }] })).toEqual(box);
    expect(boxOf({ labels: [{ text: '广告', box: null }, { text: '推广', box }] })).toEqual(box);
    expect(boxOf({ label: { box } })).toEqual(box);
    expect(boxOf({ box: { x: 1, y: 2, width: 0, height: 4 } })).toBeNull();
    expect(boxOf({ box: { x: '1', y: 2, width: 3, height: 4 } })).toBeNull();
    expect(boxOf({ deep: { deeper: { box } } })).toBeNull();
    expect(evidencePointer({ searchPage: { snapshotId: 'p03', url: 'https://s.example.cn/s?q=1' }, cardBox: box })).toEqual({ snapshotId: 'p03', url: 'https://s.example.cn/s?q=1', box });
    // a mark that names its own page: the product page's, though the search page comes first
    const pages = { searchPage: { snapshotId: 'p03', url: 'https://s.example.cn/s?q=1' }, productPage: { snapshotId: 'p09', url: 'https://s.example.cn/item/9' } };
    expect(evidencePointer({ ...pages, marks: [{ text: '自营', snapshotId: 'p09', box }] })).toEqual({ snapshotId: 'p09', url: 'https://s.example.cn/item/9', box });
  });

  it('draws a box on the screenshot of the page it is on, or on none when that cannot be told', () => {
    const box = { x: 1, y: 2, width: 3, height: 4 };
    const shot = (path: string) => ({ kind: 'screenshot' as const, path, sha256: path });
    const files = [shot('evidence/a/p03-search.png'), shot('evidence/a/p09-product.top.png'), shot('evidence/a/p09-product.bottom.png')];
    expect(outlinedScreenshot(files, { snapshotId: 'p09', url: null, box })).toEqual(files[1]);
    expect(outlinedScreenshot(files, { snapshotId: null, url: null, box })).toBeNull();
    expect(outlinedScreenshot([files[0]!], { snapshotId: null, url: null, box })).toEqual(files[0]);
    expect(outlinedScreenshot(files, { snapshotId: 'p09', url: null, box: null })).toBeNull();
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
