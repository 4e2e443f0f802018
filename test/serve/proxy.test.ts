// Behind a reverse proxy that ends https (--trust-proxy, --secure-cookie): the browser's scheme and
// host pass the Origin check, the client's address is the one throttled and logged, and the
// session cookie is Secure.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.js';
import { reviewItems } from '../../src/store/review-items.js';
import { launchBrowser } from '../helpers/browser.js';
import { HttpClient, PASSWORD, startServeFixture, type ServeFixture } from './fixture.js';

let browser: Browser;
let fx: ServeFixture;

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startServeFixture(browser, { trustProxy: '127.0.0.1', secureCookie: true });
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

describe('behind a proxy', () => {
  it('takes the forwarded scheme, host and address', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wangjian.bureau.example', 'x-forwarded-for': '10.20.30.40' };
    const client = new HttpClient(fx.base);
    const page = await client.request('GET', '/login', { headers: forwarded });
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await client.request('POST', '/login', { form: { _csrf: token, id: 'jc-01', password: PASSWORD, next: '/' }, headers: { ...forwarded, origin: 'https://wangjian.bureau.example' } });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('__Host-wj_session='))).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(listAudit(fx.db, { actor: 'jc-01' }).find((e) => e.action === 'login')?.ip).toBe('10.20.30.40');

    const csrf = await client.csrf(`/inspections/${fx.shopInspection}`);
    const item = reviewItems(fx.db, fx.shopInspection)[0]!;
    const path = `/inspections/${fx.shopInspection}/items/${item.id}/confirm`;
    // The address the app is reached by is the forwarded one, not the proxy's.
    expect((await client.request('POST', path, { form: { _csrf: csrf }, headers: { ...forwarded, origin: fx.base } })).status).toBe(403);
    expect((await client.request('POST', path, { form: { _csrf: csrf, version: '1' }, headers: { ...forwarded, origin: 'https://wangjian.bureau.example' } })).status).toBe(303);
    // An act is logged with the client's forwarded address, as the log-in was.
    expect(listAudit(fx.db, { actor: 'jc-01' }).find((e) => e.action === 'confirm')?.ip).toBe('10.20.30.40');
  });
});
