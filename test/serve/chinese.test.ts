// Every page an inspector or a lead reads is in Chinese: no check id, kebab-case or camelCase
// token, item-N, English status word or raw JSON in the visible text. What is not the tool's own
// words is left out: URLs, file names, hashes, run ids, and text quoted from captured pages (which
// the pages mark `.quoted`, and the fixture's planted payloads in summaries).
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHECK_IDS } from '../../rules/check-ids.js';
import { HttpClient, logIn, useServeFixture } from './fixture.js';

const served = useServeFixture();

const ENGLISH: [string, RegExp][] = [
  ['check id', new RegExp(`(?<![\\w-])(?:${CHECK_IDS.join('|')})(?![\\w-])`)],
  ['item-N', /\bitem-\d+\b/],
  ['kebab-case', /\b[a-z]+(?:-[a-z]+)+\b/],
  ['camelCase', /\b[a-z]+[A-Z][a-zA-Z]*\b/],
  ['status word', /\b(?:draft|confirmed|rejected|violation|compliant|pending|signed|superseded)\b/i],
  ['raw JSON', /\{"|":\s*[[{"\d]/],
];

/** The page's visible text, every <details> open, without what is quoted or is a link's address. */
async function visibleText(page: Page): Promise<string> {
  const text = await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    for (const q of document.querySelectorAll('.quoted')) q.remove();
    return document.body.innerText;
  });
  // The fixture's planted page text (each payload sets dataset.xss) reaches summaries, which quote pages in their own words.
  return text
    .replace(/\S*dataset\.xss\S*/g, ' ')
    .replace(/\b(?:https?|javascript):\S+/g, ' ')
    .replace(/[\w./-]+\.(?:png|html|json|pdf|txt|csv)\b/g, ' ')
    .replace(/\b[0-9a-f]{16,}\b/g, ' ')
    .replace(/\b\d{8}-\d{6}-[0-9a-f]{4}\b/g, ' ');
}

/** GET routes that are no page: files, a script, an empty answer, and pages of what the fixture has none of. */
// /draws/:id and /scans/:job: the fixture has none; campaigns.test reads them.
const NOT_PAGES = ['/assets/inplace.js', '/draws/:id', '/scans/:job', '/audit.csv', '/evidence/:inspectionId/*', '/favicon.ico', '/inspections/:id/extraction-record.pdf', '/inspections/:id/record.pdf', '/platforms/:platformId/documents/:documentId/diff', '/quota/reports/:report.:ext'];

it('shows no English identifier or raw JSON on any page an inspector or a lead reads', async () => {
  const { fx, browser } = served;
  // Actions first, so the audit log has them to show.
  const inspector = new HttpClient(fx.base);
  await inspector.logIn('jc-01');
  const token = await inspector.csrf(`/inspections/${fx.shopInspection}`);
  const html = await (await inspector.request('GET', `/inspections/${fx.shopInspection}`)).text();
  const [first, second] = [...html.matchAll(/items\/(\d+)\/confirm/g)].map((m) => m[1]!);
  await inspector.request('POST', `/inspections/${fx.shopInspection}/items/${first}/confirm`, { form: { _csrf: token, version: '1', note: '' }, headers: { origin: fx.base } });
  await inspector.request('POST', `/inspections/${fx.shopInspection}/items/${second}/reject`, { form: { _csrf: token, version: '1', reason: '截图不清' }, headers: { origin: fx.base } });

  const inspection = (id: number) => [`/inspections/${id}`, `/inspections/${id}/items/${first}`, `/inspections/${id}/record`, `/inspections/${id}/record/versions`];
  const pages: [string, string][] = [
    ...['/', ...inspection(fx.shopInspection), '/quota', '/platforms/shop/documents', '/campaigns/jc-2026/record'].map((path) => ['jc-01', path] as [string, string]),
    ...['/audit', '/users', '/progress', '/campaigns', '/campaigns/new', '/campaigns/jc-2026/progress', '/users/jc-01/password', '/platforms/shop/nightly'].map((path) => ['jc-09', path] as [string, string]),
    ['', '/login'],
  ];
  const found: string[] = [];
  for (const [account, path] of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (account) await logIn(page, fx.base, account);
    const res = await page.goto(fx.base + path);
    expect(res?.status(), path).toBe(200);
    const text = await visibleText(page);
    for (const [what, pattern] of ENGLISH) {
      const m = new RegExp(pattern.source, `${pattern.flags}g`);
      for (const hit of text.matchAll(m)) found.push(`${path}: ${what} “${text.slice(Math.max(0, hit.index - 20), hit.index + hit[0].length + 20).replace(/\s+/g, ' ')}”`);
    }
    await context.close();
  }
  expect(found).toEqual([]);
  // every page of the application was read
  const pattern = (url: string) => new RegExp(`^${url.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+').replace('*', '.*')}$`);
  const unread = fx.app.reviewRoutes.filter((r) => r.method === 'GET' && !NOT_PAGES.includes(r.url) && !pages.some(([, path]) => pattern(r.url).test(path))).map((r) => r.url);
  expect(unread).toEqual([]);
});
