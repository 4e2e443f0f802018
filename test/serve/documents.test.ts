// 协议与规则版本 in the review app: a platform's document versions and the diff between two, for
// those who may see an inspection of the platform; crawled text shown escaped.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDocuments, recordDocumentVersions } from '../../src/store/documents.js';
import { createRun } from '../../src/store/scans.js';
import { launchBrowser } from '../helpers/browser.js';
import { linked, page, snapshot } from '../helpers/snapshots.js';
import { HttpClient, shop, startServeFixture, XSS, type ServeFixture } from './fixture.js';

let browser: Browser;
let fx: ServeFixture;

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startServeFixture(browser);
  const home = snapshot({ html: page('<a href="/agreement">用户协议</a>') });
  const capture = (clause: string, at: string) => [home, linked(home, '/agreement', { id: 'p02', kind: 'agreement', html: page(`<p>第一条 总则。</p><p>${clause}</p>`, '用户服务协议') })].map((s) => ({ ...s, capturedAt: at }));
  recordDocumentVersions(fx.db, 'run-1', 'shop', capture('第二条 平台可随时变更本协议。', '2026-11-01T00:00:00.000Z'));
  // A second scan sees the edited agreement, with a payload as its text (markup in a page is not its text).
  createRun(fx.db, { id: 'run-2', startedAt: '2026-11-09T00:00:00Z', outDir: fx.runDir, rosterPath: 'roster.csv', rosterSha256: 'y', checks: ['agreement-changes'], toolVersion: '0.1.0' }, [shop], {});
  recordDocumentVersions(fx.db, 'run-2', 'shop', capture(`第二条 平台变更本协议前七日公示。${XSS.img.replaceAll('<', '&lt;')}`, '2026-11-09T00:00:00.000Z'));
});
afterAll(async () => {
  await fx.close();
  await browser.close();
});

describe('document versions page', () => {
  it('lists the versions and shows what changed, escaped', async () => {
    const client = new HttpClient(fx.base);
    await client.logIn('jc-01');
    const inspection = await (await client.request('GET', `/inspections/${fx.shopInspection}`)).text();
    expect(inspection).toContain('href="/platforms/shop/documents"');
    const list = await (await client.request('GET', '/platforms/shop/documents')).text();
    expect(list).toContain('第 2 版');
    const [doc] = listDocuments(fx.db, { platformId: 'shop' });
    const diff = await client.request('GET', `/platforms/shop/documents/${doc!.id}/diff`);
    expect(diff.status).toBe(200);
    const text = await diff.text();
    expect(text).toContain('<del>第二条 平台可随时变更本协议。</del>');
    expect(text).toContain('<ins>第二条 平台变更本协议前七日公示。');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&lt;img src=x');
  });

  it('answers 404 to an inspector with no inspection of the platform, and for an unknown version', async () => {
    const other = new HttpClient(fx.base);
    await other.logIn('jc-03');
    expect((await other.request('GET', '/platforms/shop/documents')).status).toBe(404);
    const own = new HttpClient(fx.base);
    await own.logIn('jc-01');
    const [doc] = listDocuments(fx.db, { platformId: 'shop' });
    expect((await own.request('GET', `/platforms/shop/documents/${doc!.id}/diff?to=9`)).status).toBe(404);
  });
});
