// The review server under attack, against the real server and a real SQLite file: crawled
// payloads stay inert in every view (real Chromium), anonymous requests are refused on every
// route, an inspector cannot reach another's inspection or its evidence by editing the URL, a
// POST without the session's token or from another origin is refused, and logins are throttled.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.js';
import { reviewItems } from '../../src/store/review-items.js';
import { MAX_BODY_BYTES } from '../../src/serve/app.js';
import { HttpClient, logIn, PASSWORD, useServeFixture, XSS } from './fixture.js';

const served = useServeFixture();

/** Opens every <details> (their frames load), waits for the frames, and says whether any payload ran anywhere. */
async function payloadRan(page: Page): Promise<boolean> {
  await page.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await page.waitForLoadState('load');
  // The frames load lazily: each is brought into view, then waited for.
  for (const el of await page.locator('iframe').all()) {
    await el.scrollIntoViewIfNeeded();
    await (await el.elementHandle())!.contentFrame().then((f) => f!.waitForLoadState('load'));
  }
  const frames = page.frames();
  const marks = await Promise.all(frames.map((f) => f.locator('html').getAttribute('data-xss')));
  return marks.some((m) => m !== null);
}

/** Every page of the app (GET routes that answer HTML), with the shop's inspection and campaign filled in. */
function pages(): string[] {
  return served.fx.app.reviewRoutes
    .filter((r) => r.method === 'GET' && !/\*|\.(csv|pdf|xlsx)|:ext|^\/login$|^\/favicon/.test(r.url))
    .map((r) => r.url.replace(/^\/campaigns\/:id/, '/campaigns/jc-2026').replace(':id', String(served.fx.shopInspection)));
}

describe('crawled content', () => {
  it('stays inert and shows as text on every page, in frames and opened directly', async () => {
    const page = await served.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await logIn(page, served.fx.base, 'jc-01');
    const inspection = `${served.fx.base}/inspections/${served.fx.shopInspection}`;
    await page.goto(inspection);
    expect(await payloadRan(page)).toBe(false);
    const text = await page.locator('main').innerText();
    expect(text).toContain(XSS.script);
    expect(text).toContain(XSS.img);
    expect(text).toContain(XSS.svg);
    expect(text).toContain(XSS.js);
    // No element of a payload exists in the app's own page; the javascript: subject is not a link.
    expect(await page.locator('main script, main svg, main [onerror], main [onload], a[href^="javascript:" i]').count()).toBe(0);
    // The captured page is framed with every restriction, and loaded: its own text is there.
    const frames = page.locator('iframe');
    expect(await frames.count()).toBeGreaterThan(0);
    for (const f of await frames.all()) expect(await f.getAttribute('sandbox')).toBe('');
    const framed = page.frames().find((f) => f.url().includes('/evidence/'));
    expect(await framed!.locator('body').innerText()).toContain('推广 某商品');

    // Acting on the poisoned finding puts the payload in the audit log; the lead's view stays inert.
    const card = page.locator('.card', { hasText: '首页未公示营业执照信息' });
    await card.locator('form[action$="/amend"] textarea[name=summary]').fill(`改 ${XSS.svg}${XSS.script}`);
    // answered in place: the card the server drew again is swapped in, the payload with it, as text
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/amend')), card.locator('form[action$="/amend"] button').click()]);
    await page.locator('#act-status:not([hidden])').waitFor();
    expect(await page.locator('.card', { hasText: `改 ${XSS.svg}` }).count()).toBe(1);
    expect(await payloadRan(page)).toBe(false);
    // Confirmed, it goes on the record form too.
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/confirm')), page.locator('.card', { hasText: '首页未公示营业执照信息' }).locator('form[action$="/confirm"] button').click()]);
    await page.locator('#act-status:not([hidden])', { hasText: '已确认' }).waitFor();
    for (const path of pages()) {
      await page.goto(served.fx.base + path);
      expect([path, await payloadRan(page)]).toEqual([path, false]);
    }

    // Evidence opened directly, outside any frame, is still sandboxed by its response's CSP.
    const evidence = `${served.fx.base}/evidence/${served.fx.shopInspection}/evidence/shop/p01-homepage.rendered.html`;
    const res = await page.goto(evidence);
    expect(res!.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(await payloadRan(page)).toBe(false);
    expect(await page.locator('body').innerText()).toContain('推广 某商品');

    const lead = await served.browser.newPage();
    lead.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await logIn(lead, served.fx.base, 'jc-09');
    for (const path of [...pages(), `/audit?inspection=${served.fx.shopInspection}`]) {
      await lead.goto(served.fx.base + path);
      expect([path, await payloadRan(lead)]).toEqual([path, false]);
    }
    await lead.goto(`${served.fx.base}/audit?inspection=${served.fx.shopInspection}`);
    await lead.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    // Shown as text in the entry's before and after, and as nothing else.
    expect(await lead.locator('main').innerText()).toContain('改 "><svg onload=');
    expect(dialogs).toEqual([]);
    // What the captured page asks for (its <img src=x>) goes nowhere, and does not fill the audit log.
    expect(listAudit(served.fx.db, {}).filter((e) => e.subject?.includes('/evidence/') && e.subject.endsWith('/x'))).toEqual([]);
    await page.close();
    await lead.close();
  });
});

describe('access', () => {
  it('refuses every route to anonymous requests: GET goes to the login page, anything else is 401', async () => {
    const [item] = reviewItems(served.fx.db, served.fx.shopInspection);
    const routes = served.fx.app.reviewRoutes.filter((r) => r.url !== '/login' && r.url !== '/favicon.ico');
    expect(routes.length).toBeGreaterThan(10);
    const anonymous = new HttpClient(served.fx.base);
    for (const r of routes) {
      const path = r.url
        .replace(':inspectionId', String(served.fx.shopInspection))
        .replace(':id', r.url.startsWith('/users') ? 'jc-01' : String(served.fx.shopInspection))
        .replace(':itemId', String(item!.id))
        .replace('*', 'evidence/shop/p01-homepage.png')
        .replace(/:\w+/g, 'x');
      const res = await anonymous.request(r.method, path, r.method === 'GET' ? {} : { form: { _csrf: 'x' } });
      const body = await res.text();
      if (r.method === 'GET') {
        expect([r.url, res.status, res.headers.get('location')]).toEqual([r.url, 302, `/login?next=${encodeURIComponent(path)}`]);
      } else {
        expect([r.url, res.status]).toEqual([r.url, 401]);
      }
      expect(body).not.toContain('某某网络科技有限公司');
    }
  });

  it("keeps an inspector out of another's inspection and its evidence, answering 404 and logging the denial", async () => {
    const [mallItem] = reviewItems(served.fx.db, served.fx.mallInspection);
    const client = new HttpClient(served.fx.base);
    await client.logIn('jc-01');
    const token = await client.csrf(`/inspections/${served.fx.shopInspection}`);
    const attempts: [string, string][] = [
      ['GET', `/inspections/${served.fx.mallInspection}`],
      ['GET', `/evidence/${served.fx.mallInspection}/evidence/mall/p01-homepage.png`],
      ['GET', `/evidence/${served.fx.mallInspection}/evidence/mall/p01-homepage.rendered.html`],
      ['GET', `/inspections/${served.fx.mallInspection}/extraction-record.pdf`],
      // The shop's inspection may not reach into the mall's folder of the same run, or out of the run.
      ['GET', `/evidence/${served.fx.shopInspection}/evidence/mall/p01-homepage.png`],
      ['GET', `/evidence/${served.fx.shopInspection}/evidence/shop/..%2F..%2F..%2Finspectors.csv`],
      ['GET', `/evidence/${served.fx.shopInspection}/..%2F..%2Fwangjian.sqlite`],
      ['POST', `/inspections/${served.fx.mallInspection}/items/${mallItem!.id}/confirm`],
      ['POST', `/inspections/${served.fx.shopInspection}/items/${mallItem!.id}/confirm`],
      ['POST', `/inspections/${served.fx.mallInspection}/items`],
    ];
    const before = listAudit(served.fx.db, { actor: 'jc-01' }).filter((e) => e.action === 'denied').length;
    const unknown = await (await client.request('GET', '/inspections/999999')).text();
    for (const [method, path] of attempts) {
      const res = await client.request(method, path, method === 'POST' ? { form: { _csrf: token, checkId: 'item-6', verdict: 'violation', summary: 'x' } } : {});
      expect([path, res.status]).toEqual([path, 404]);
      const body = await res.text();
      expect(body).not.toContain('另一商城有限公司');
      // Someone else's inspection looks exactly like one that does not exist.
      if (path === `/inspections/${served.fx.mallInspection}`) expect(body).toBe(unknown);
    }
    const denied = listAudit(served.fx.db, { actor: 'jc-01' }).filter((e) => e.action === 'denied');
    expect(denied.length - before).toBe(attempts.length + 1);
    expect(denied.some((e) => e.inspectionId === served.fx.mallInspection && e.subject === `GET /inspections/${served.fx.mallInspection}`)).toBe(true);
    expect(reviewItems(served.fx.db, served.fx.mallInspection)[0]!.current.status).toBe('draft');
    // The inspector's own evidence is served, with the sandbox CSP.
    const own = await client.request('GET', `/evidence/${served.fx.shopInspection}/evidence/shop/p01-homepage.png`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('content-security-policy')).toMatch(/^sandbox;/);

    // A lead sees only the unit's inspections; an inspector has no lead pages.
    const lead = new HttpClient(served.fx.base);
    await lead.logIn('jc-09');
    expect((await lead.request('GET', `/inspections/${served.fx.mallInspection}`)).status).toBe(404);
    expect((await lead.request('GET', `/inspections/${served.fx.shopInspection}`)).status).toBe(200);
    for (const path of ['/audit', '/audit.csv', '/users']) expect((await client.request('GET', path)).status).toBe(403);
  });

  it('refuses a POST without the session token, with a wrong one, or from another origin (403, logged)', async () => {
    const client = new HttpClient(served.fx.base);
    await client.logIn('jc-02');
    const token = await client.csrf(`/inspections/${served.fx.shopInspection}`);
    const item = reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.checkId === 'complaint-channel')!;
    const path = `/inspections/${served.fx.shopInspection}/items/${item.id}/confirm`;
    const refused: [Record<string, string>, Record<string, string>][] = [
      [{ note: 'x' }, {}],
      [{ _csrf: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, note: 'x' }, {}],
      [{ _csrf: 'short', note: 'x' }, {}],
      [{ _csrf: token, note: 'x' }, { origin: 'http://evil.example' }],
      [{ _csrf: token, note: 'x' }, { origin: 'null' }],
    ];
    for (const [form, headers] of refused) expect((await client.request('POST', path, { form, headers })).status).toBe(403);
    // Another user's token is no good either.
    const other = new HttpClient(served.fx.base);
    await other.logIn('jc-01');
    expect((await client.request('POST', path, { form: { _csrf: await other.csrf('/'), note: 'x' } })).status).toBe(403);
    expect(reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.id === item.id)!.current.status).toBe('draft');
    const denials = listAudit(served.fx.db, { actor: 'jc-02' }).filter((e) => e.action === 'denied' && e.subject === `POST ${path}`);
    expect(denials).toHaveLength(refused.length + 1);
    // The right token from the app's own origin goes through.
    const ok = await client.request('POST', path, { form: { _csrf: token, version: '1', note: '核实' }, headers: { origin: served.fx.base } });
    expect(ok.status).toBe(303);
    expect(reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.id === item.id)!.current.status).toBe('confirmed');
  });

  it('refuses a request body over the limit (413) and a URL over Node\'s header limit (431), changing nothing', async () => {
    const client = new HttpClient(served.fx.base);
    await client.logIn('jc-02');
    const path = `/inspections/${served.fx.shopInspection}`;
    const token = await client.csrf(path);
    const item = reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.checkId === 'tying')!;
    const before = reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.id === item.id)!.versions.length;
    const big = await client.request('POST', `${path}/items/${item.id}/amend`, { form: { _csrf: token, version: String(item.current.version), summary: 'x'.repeat(MAX_BODY_BYTES), verdict: 'violation' } });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('提交的内容过大');
    expect(reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.id === item.id)!.versions).toHaveLength(before);
    expect((await client.request('GET', `${path}?q=${'x'.repeat(20_000)}`)).status).toBe(431);
  });

  it('ends the session at log-out: the old cookie opens nothing', async () => {
    const client = new HttpClient(served.fx.base);
    const res = await client.logIn('jc-02');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('wj_session='))!.split(';')[0]!;
    expect((await fetch(`${served.fx.base}/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    const out = await client.request('POST', '/logout', { form: { _csrf: await client.csrf('/') } });
    expect([out.status, out.headers.get('location')]).toEqual([303, '/login']);
    expect((await fetch(`${served.fx.base}/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(302);
    expect(listAudit(served.fx.db, { actor: 'jc-02' }).some((e) => e.action === 'logout')).toBe(true);
  });

  it('after logging in, goes only to a page of the app', async () => {
    for (const [next, to] of [[`/inspections/${served.fx.shopInspection}`, `/inspections/${served.fx.shopInspection}`], ['//evil.example/', '/'], ['/\t/evil.example/', '/'], ['/\\evil.example/', '/'], ['https://evil.example/', '/'], ['javascript:alert(1)', '/']]) {
      const client = new HttpClient(served.fx.base);
      const token = await client.csrf('/login');
      const res = await client.request('POST', '/login', { form: { _csrf: token, id: 'jc-02', password: PASSWORD, next: next! } });
      expect([next, res.status, res.headers.get('location')]).toEqual([next, 303, to]);
    }
  });

  it('locks logins after five failures, alike for an account that exists and one that does not', async () => {
    for (const id of ['jc-10', 'nobody']) {
      const client = new HttpClient(served.fx.base);
      for (let i = 0; i < 5; i++) {
        const res = await client.logIn(id, 'wrong password 123');
        expect(res.status).toBe(401);
        expect(await res.text()).toContain('用户名或密码错误。');
      }
      // Now even the right password is not tried.
      const locked = await client.logIn(id);
      expect(locked.status).toBe(429);
      expect(await locked.text()).toContain('登录失败次数过多');
    }
    expect(listAudit(served.fx.db, {}).filter((e) => e.action === 'login-failed' && e.subject === 'nobody')).toHaveLength(5);
    // Other accounts from the same address are not locked out by it.
    expect((await new HttpClient(served.fx.base).logIn('jc-01')).status).toBe(303);
  });
});
