// Which findings of two runs are the same one, and when the nightly lock counts as stale: the
// parts of the nightly that need no browser.
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { PLATFORM_KEY, findingKey, homepageSet, normaliseUrl } from '../../src/nightly/identity.js';
import { openDatabase } from '../../src/store/database.js';
import { acquireNightlyLock, heartbeatNightlyLock, isStale, LOCK_STALE_MS, lockHolder, releaseNightlyLock } from '../../src/store/nightly.js';
import { tempDir } from '../helpers/tmp.js';

const finding = (subject: string, details: Record<string, unknown> = {}): Finding => ({
  runId: 'r',
  platformId: 'p',
  checkId: 'c',
  verdict: 'violation',
  subject,
  summary: '',
  legalBasis: { duty: [], penalty: [] },
  evidence: [],
  details,
  capturedAt: '2026-11-22T00:00:00Z',
  ruleVersion: '1',
  toolVersion: '0',
  capturedBy: 'automated',
});

describe('finding identity', () => {
  it('normalises subject URLs: host case, default port, trailing slash, tracking parameters, parameter order, text fragments', () => {
    expect(normaliseUrl('HTTPS://Shop.Example.CN:443/item/1/?b=2&spm=a1.b2&a=1&utm_source=x#:~:text=%E6%9C%80')).toBe('https://shop.example.cn/item/1?a=1&b=2');
    expect(normaliseUrl('http://s.example.cn/search?q=手机#result-0-3')).toBe('http://s.example.cn/search?q=%E6%89%8B%E6%9C%BA#result-0-3');
    expect(normaliseUrl('http://spa.example.cn/#/item/7')).toBe('http://spa.example.cn/#/item/7');
    expect(normaliseUrl('not a url ')).toBe('not a url');
  });

  it('keys the platform-level finding by the platform, wherever the homepage redirected', () => {
    const homes = homepageSet(['http://example.cn/', 'https://www.example.cn/?from=redirect']);
    expect(findingKey(finding('https://www.example.cn/?from=redirect'), homes)).toBe(PLATFORM_KEY);
    expect(findingKey(finding('http://example.cn'), homes)).toBe(PLATFORM_KEY);
    expect(findingKey(finding('https://www.example.cn/item/1'), homes)).toBe('https://www.example.cn/item/1');
  });

  it('adds the item key of details: the sentence of unfair-terms, the term and field of absolute-terms', () => {
    const homes = homepageSet(['http://example.cn/']);
    const a = findingKey(finding('http://example.cn/agreement#:~:text=%E6%9C%AC', { sentence: '本平台享有最终解释权。' }), homes);
    const b = findingKey(finding('http://example.cn/agreement#:~:text=%E6%9C%AC', { sentence: '本平台不承担任何责任。' }), homes);
    expect(a).toBe('http://example.cn/agreement sentence=本平台享有最终解释权。');
    expect(a).not.toBe(b);
    // a sentence on the homepage itself is an item, not the platform-level finding
    expect(findingKey(finding('http://example.cn/#:~:text=x', { sentence: 'x' }), homes)).toBe('http://example.cn/ sentence=x');
    expect(findingKey(finding('http://example.cn/item/1', { term: '最佳', field: 'title' }), homes)).toBe('http://example.cn/item/1 term=最佳 field=title');
  });
});

describe('the nightly lock', () => {
  const tmp = tempDir();
  const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  it('is held by one process at a time and released only by its holder', () => {
    expect(acquireNightlyLock(db)).toEqual({ acquired: true, tookOver: null });
    const second = acquireNightlyLock(db, process.ppid);
    expect(second).toMatchObject({ acquired: false, holder: { pid: process.pid, host: hostname() } });
    releaseNightlyLock(db, process.ppid); // not the holder: nothing happens
    expect(lockHolder(db)?.pid).toBe(process.pid);
    expect(heartbeatNightlyLock(db, 'n1')).toBe(true);
    expect(lockHolder(db)?.nightlyId).toBe('n1');
    releaseNightlyLock(db);
    expect(lockHolder(db)).toBeUndefined();
  });

  it('is stale when its pid is dead here, or its heartbeat stopped on another host', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const now = Date.now();
    const at = (ms: number) => new Date(now - ms).toISOString();
    expect(isStale({ nightlyId: null, pid: dead, host: hostname(), startedAt: at(0), heartbeatAt: at(0) }, now)).toBe(true);
    expect(isStale({ nightlyId: null, pid: process.pid, host: hostname(), startedAt: at(0), heartbeatAt: at(0) }, now)).toBe(false);
    expect(isStale({ nightlyId: null, pid: dead, host: 'other-host', startedAt: at(0), heartbeatAt: at(LOCK_STALE_MS - 1000) }, now)).toBe(false);
    expect(isStale({ nightlyId: null, pid: dead, host: 'other-host', startedAt: at(0), heartbeatAt: at(LOCK_STALE_MS + 1000) }, now)).toBe(true);
  });

  it('is taken over from a dead holder, naming it', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(acquireNightlyLock(db, dead).acquired).toBe(true);
    const taken = acquireNightlyLock(db);
    expect(taken).toMatchObject({ acquired: true, tookOver: { pid: dead } });
    expect(heartbeatNightlyLock(db, null, dead)).toBe(false); // the dead holder no longer holds it
    releaseNightlyLock(db);
  });
});
