// Signing the record form in real Chromium against the real server: the two matched inspectors
// log in, fill in 处理结果, the first signs (the results lock), withdraws and signs again, the
// second signs (the form is signed and its PDF printed), the PDF downloads, and a correction makes
// version 2 while version 1 and its PDF stay readable. Leads view; nobody else signs.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/evidence/bundle.js';
import type { RecordFormContent } from '../../src/review/record-form.js';
import { addItem, confirmItem, isLocked, rejectItem } from '../../src/review/items.js';
import { currentRecordForm, recordFormVersions } from '../../src/store/record-forms.js';
import { listAudit } from '../../src/store/audit-log.js';
import { ReviewError } from '../../src/review/acts.js';
import { reviewItems } from '../../src/store/review-items.js';
import { launchBrowser } from '../helpers/browser.js';
import { HttpClient, logIn, startServeFixture, type ServeFixture } from '../serve/fixture.js';
import { pdfText } from './pdf-text.js';

let browser: Browser;
let fx: ServeFixture;
let first: Page;
let second: Page;
let recordUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startServeFixture(browser);
  recordUrl = `${fx.base}/inspections/${fx.shopInspection}/record`;
  first = await (await browser.newContext()).newPage();
  second = await (await browser.newContext()).newPage();
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

/** The notice the last POST left (shown first on the page). */
const flash = (page: Page) => page.locator('main > .notice').first().innerText();
const submit = (page: Page, form: string) => Promise.all([page.waitForURL(/\/record$/), page.click(`${form} button[type=submit]`)]);

describe('the record form in the browser', () => {
  it('cannot be signed while results are drafts, and lists what is pending', async () => {
    await logIn(first, fx.base, 'jc-01');
    await first.goto(recordUrl);
    const pending = await first.locator('.notice.error').innerText();
    expect(pending).toContain('待确认或驳回');
    expect(pending).toContain('（六）电子商务平台经营者对平台内经营者身份和信息管理的检查：待录入书面或实地检查结果');
    expect(await first.locator('form[action$="/record/sign"] button').isDisabled()).toBe(true);
    // The preview is the form: its rows, 本次未检查 where nothing looked, the watermark.
    const form = await first.locator('.rf').innerText();
    expect(form).toContain('公示信息与注册登记核对情况');
    expect(form).toContain('本次未检查');
    expect(form).toContain('草稿');
    // The PDF of a draft is printed as it stands, marked 草稿.
    const client = new HttpClient(fx.base);
    await client.logIn('jc-01');
    const res = await client.request('GET', `/inspections/${fx.shopInspection}/record.pdf`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="record-${fx.shopInspection}-v1-draft.pdf"`);
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('草稿');
    expect(text).toContain('待签名');
  });

  it('keeps 处理结果 as a draft, then the first signature freezes the content and locks the results', async () => {
    const items = reviewItems(fx.db, fx.shopInspection);
    for (const i of items) {
      if (i.checkId === 'tying') rejectItem(fx.db, i.id, 'jc-01', '运费险有显著提示');
      else confirmItem(fx.db, i.id, 'jc-01');
    }
    addItem(fx.db, fx.shopInspection, 'jc-02', { checkId: 'item-6', verdict: 'compliant', summary: '调取平台内经营者身份核验台账，核验完整' });

    await first.goto(recordUrl);
    expect(await first.locator('.notice.error').count()).toBe(0);
    // The annexed screenshot of the confirmed violations links to the inspection's evidence.
    expect(await first.locator('.rf .annex a', { hasText: '查看截图' }).getAttribute('href')).toBe(`/evidence/${fx.shopInspection}/evidence/shop/p01-homepage.png`);
    await first.fill('input[name=removalsDemanded]', '两条');
    await submit(first, 'form[action$="/record"]');
    expect(await flash(first)).toBe('督促删除违法商品信息条数须为非负整数');
    await first.check('input[name=rectificationOrdered]');
    await first.fill('input[name=removalsDemanded]', '2');
    await first.fill('textarea[name=note]', '责令三日内整改并补充“广告”标注');
    await submit(first, 'form[action$="/record"]');
    expect(await flash(first)).toBe('处理结果已保存。');
    expect(await first.locator('.rf').innerText()).toContain('责令整改：是；督促删除违法商品信息：2 条');
    expect((currentRecordForm(fx.db, fx.shopInspection)!.content as RecordFormContent).outcome).toEqual({ rectificationOrdered: true, removalsDemanded: 2, closureRequested: false, caseOpened: false, note: '责令三日内整改并补充“广告”标注' });

    // What was shown is what is signed: a result changed since the page was loaded refuses the signature.
    const shown = await first.locator('input[name=contentSha256]').inputValue();
    await first.locator('input[name=contentSha256]').evaluate((el, v) => ((el as HTMLInputElement).value = v), 'f'.repeat(64));
    await submit(first, 'form[action$="/record/sign"]');
    expect(await flash(first)).toBe('记录表内容已变化，请重新核对后再签名');
    expect(await first.locator('input[name=contentSha256]').inputValue()).toBe(shown);
    await submit(first, 'form[action$="/record/sign"]');
    expect(await flash(first)).toContain('待另一位检查人员签名');
    expect(isLocked(fx.db, fx.shopInspection)).toBe(true);
    const item = reviewItems(fx.db, fx.shopInspection)[0]!;
    expect(() => confirmItem(fx.db, item.id, 'jc-01')).toThrow(ReviewError);
    expect(await first.locator('.rf').innerText()).toContain('已电子签名');

    // Withdrawn before the second signature, the results unlock; signed again, they lock again.
    await submit(first, 'form[action$="/record/withdraw"]');
    expect(isLocked(fx.db, fx.shopInspection)).toBe(false);
    await submit(first, 'form[action$="/record/sign"]');
    expect(isLocked(fx.db, fx.shopInspection)).toBe(true);
  });

  it('lets a lead view but not sign, and refuses a signature without the form token', async () => {
    const lead = new HttpClient(fx.base);
    await lead.logIn('jc-09');
    const page = await lead.request('GET', `/inspections/${fx.shopInspection}/record`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('网上检查记录表');
    expect(body).not.toContain('/record/sign');
    const token = /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
    expect((await lead.request('POST', `/inspections/${fx.shopInspection}/record/sign`, { form: { _csrf: token } })).status).toBe(403);

    const other = new HttpClient(fx.base);
    await other.logIn('jc-03');
    expect((await other.request('GET', `/inspections/${fx.shopInspection}/record`)).status).toBe(404);
    const second = new HttpClient(fx.base);
    await second.logIn('jc-02');
    expect((await second.request('POST', `/inspections/${fx.shopInspection}/record/sign`, { form: {} })).status).toBe(403);
    expect(currentRecordForm(fx.db, fx.shopInspection)!.signatures.map((s) => s.inspector)).toEqual(['jc-01']);
  });

  it('is signed by the second inspector, printed, and downloads as the PDF of what was signed', async () => {
    await logIn(second, fx.base, 'jc-02');
    await second.goto(recordUrl);
    expect(await second.locator('main').innerText()).toContain('已有签名，记录表内容和检查结果已锁定');
    const started = Date.now();
    await submit(second, 'form[action$="/record/sign"]');
    const signMs = Date.now() - started;
    expect(await flash(second)).toBe('记录表已签署，PDF 已生成。');
    const form = currentRecordForm(fx.db, fx.shopInspection)!;
    expect(form.status).toBe('signed');
    expect(form.signatures.map((s) => s.inspector)).toEqual(['jc-01', 'jc-02']);
    expect(sha256(readFileSync(form.pdfPath!))).toBe(form.pdfSha256);
    expect(listAudit(fx.db, { inspectionId: fx.shopInspection, actor: 'jc-02', limit: 2 }).map((e) => e.action)).toEqual(['record-pdf', 'record-signed']);
    expect(await second.locator('form[action$="/record/sign"]').count()).toBe(0);

    const [download] = await Promise.all([second.waitForEvent('download'), second.click('a[href$="/record.pdf"]')]);
    const pdf = readFileSync((await download.path())!);
    expect(sha256(pdf)).toBe(form.pdfSha256);
    const text = pdfText(pdf).replace(/\n/g, '');
    expect(text).toContain('某某网络科技有限公司');
    expect(text).toContain('王建国');
    expect(text).toContain('李秀英');
    // Each inspector's 执法证号 as the roster the accounts were made from gives it.
    expect(text).toContain('王建国（执法证号 14050019001）');
    expect(text).toMatch(/李秀英14050019002已电子签名/);
    expect(text).toContain('责令整改：是；督促删除违法商品信息：2 条');
    expect(text).toContain('调取平台内经营者身份核验台账，核验完整');
    expect(text).not.toContain('草稿');
    // The crawled markup in a summary is printed as text.
    expect(text).toContain('首页未公示营业执照信息<script>');
    console.log(`second signature with PDF: ${signMs} ms; PDF ${pdf.length} bytes; ${/共 (\d+) 页/.exec(text)?.[1]} pages`);
  });

  it('opens a correction as version 2 with the results unlocked, while version 1 and its PDF stay readable', async () => {
    const v1 = currentRecordForm(fx.db, fx.shopInspection)!;
    await first.goto(recordUrl);
    await submit(first, 'form[action$="/record/correct"]').catch(() => undefined);
    // The browser keeps an empty required reason from being sent.
    expect(recordFormVersions(fx.db, fx.shopInspection)).toHaveLength(1);
    await first.fill('textarea[name=reason]', '处理结果漏填立案情况');
    await submit(first, 'form[action$="/record/correct"]');
    expect(recordFormVersions(fx.db, fx.shopInspection).map((f) => [f.version, f.status])).toEqual([
      [1, 'signed'],
      [2, 'draft'],
    ]);
    expect(isLocked(fx.db, fx.shopInspection)).toBe(false);
    const page = await first.locator('main').innerText();
    expect(page).toContain('第 2 版');
    expect(page).toContain('更正版本');
    expect(page).toContain('处理结果漏填立案情况');
    // The correction starts from the signed 处理结果.
    expect(await first.locator('textarea[name=note]').inputValue()).toBe('责令三日内整改并补充“广告”标注');

    await first.goto(`${recordUrl}/versions`);
    // On an office PC's screen the hashes wrap within their cells rather than push the table off the page.
    await first.setViewportSize({ width: 1024, height: 768 });
    const overflowing = await first.evaluate(() =>
      [document.documentElement, ...document.querySelectorAll('td')].filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent!.slice(0, 40)),
    );
    expect(overflowing).toEqual([]);
    await first.setViewportSize({ width: 1280, height: 720 });
    const versions = await first.locator('table').innerText();
    expect(versions).toContain(v1.pdfSha256!);
    expect(versions).toContain('处理结果漏填立案情况');
    await first.goto(`${recordUrl}?version=1`);
    expect(await first.locator('.rf').innerText()).toContain('责令整改：是');
    const client = new HttpClient(fx.base);
    await client.logIn('jc-01');
    const res = await client.request('GET', `/inspections/${fx.shopInspection}/record.pdf?version=1`);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(v1.pdfSha256);
    // The campaign record lists the target with its items, from the signed version 1.
    const campaign = await client.request('GET', '/campaigns/jc-2026/record');
    const table = await campaign.text();
    expect(table).toContain('某某网络科技有限公司');
    expect(table).toContain('已签署');
    expect(table).toContain('不符合（违法）');
  });
});
