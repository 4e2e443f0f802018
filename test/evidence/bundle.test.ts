// An attempt given up on (a page that timed out and is retried) may still be running: its view of
// the bundle refuses to write once aborted, so it cannot overwrite the retry's files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('an evidence bundle until an attempt is given up on', () => {
  it('writes as the bundle does, then refuses, leaving the file as the retry wrote it', () => {
    const bundle = new EvidenceBundle(tmp.dir, 'shop');
    bundle.reset();
    const attempt = new AbortController();
    const first = bundle.until(attempt.signal);
    expect(first.write('p01-homepage.meta.json', 'page-metadata', 'first')).toEqual(bundle.write('p01-homepage.meta.json', 'page-metadata', 'first'));
    attempt.abort();
    bundle.until(new AbortController().signal).write('p01-homepage.meta.json', 'page-metadata', 'retry');
    expect(() => first.write('p01-homepage.meta.json', 'page-metadata', 'late')).toThrow();
    expect(readFileSync(join(bundle.dir, 'p01-homepage.meta.json'), 'utf8')).toBe('retry');
  });
});
