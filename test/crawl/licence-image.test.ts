// A licence published only as an image: the visit reads it with OCR and keeps the image and its
// text as evidence with their hashes; licence-display leaves it for review, as checks.md says, but
// its finding says what the image reads and whether that is the roster's name and code. Two
// shapes: a licence page showing the picture, and a link straight to the picture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenceDisplay } from '../../rules/licence-display.js';
import type { PlatformRecord, Snapshot } from '../../rules/types.js';
import { launchOptions } from '../../src/browser/chromium.js';
import { ocrEngine } from '../../src/crawl/ocr.js';
import { listenLocal, sendBody, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { sha256 } from '../../src/evidence/bundle.js';
import { visitForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const NAME = '杭州合美网络科技有限公司';
const USCC = '91330106MA27U8XK3X';
const LICENCE = `<body style="margin:0;background:#fffdf5"><div style="border:6px double #b22;margin:16px;padding:20px;height:300px">
<h1 style="text-align:center;color:#b22;letter-spacing:12px;margin:0 0 18px">营业执照</h1>
<p style="font-size:20px">统一社会信用代码　${USCC}</p><p style="font-size:20px">名　　称　${NAME}</p>
<p style="font-size:20px">类　　型　有限责任公司（自然人投资或控股）</p><p style="font-size:20px">住　　所　浙江省杭州市西湖区文三路 100 号</p></div></body>`;
const home = (href: string) => `<!doctype html><meta charset="utf-8"><title>合美优选</title><main>欢迎</main><footer><a href="${href}">营业执照</a> 浙ICP备12345678号</footer>`;

const tmp = tempDir();
let server: LocalServer;
let png: Buffer;
const platform = (id: string, url: string): PlatformRecord => ({ id, name: NAME, uscc: USCC, url, risk: 'general' });
const visits: Record<string, Snapshot[]> = {};

beforeAll(async () => {
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 640, height: 380 } });
    await page.setContent(LICENCE);
    png = await page.screenshot();
  } finally {
    await browser.close();
  }
  server = await listenLocal((_req, res, url) => {
    if (url.pathname === '/licence.png') return sendBody(res, 200, 'image/png', png);
    if (url.pathname === '/licence') return sendHtml(res, 200, '<!doctype html><meta charset="utf-8"><title>营业执照</title><img src="/licence.png" alt="营业执照">');
    if (url.pathname === '/licence-text') return sendHtml(res, 200, `<!doctype html><meta charset="utf-8"><title>营业执照</title><p>统一社会信用代码：${USCC}</p><img src="/licence.png" alt="营业执照">`);
    sendHtml(res, 200, home(url.searchParams.has('direct') ? '/licence.png' : url.searchParams.has('text') ? '/licence-text' : '/licence'));
  });
  const [page, direct, text] = await Promise.all([
    visitForTest(tmp.dir, platform('page', server.url), ['homepage', 'licence']),
    visitForTest(tmp.dir, platform('direct', `${server.url}?direct=1`), ['homepage', 'licence']),
    visitForTest(tmp.dir, platform('text', `${server.url}?text=1`), ['homepage', 'licence']),
  ]);
  Object.assign(visits, { page, direct, text });
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('a licence shown only as an image', () => {
  it('is read by OCR on this machine (the set-up installs Tesseract with chi_sim)', async () => {
    expect(await ocrEngine()).toMatch(/^tesseract \S+ chi_sim$/);
  });

  it.each(['page', 'direct'])('is kept with its text as evidence, each file hashed (%s)', (id) => {
    const licence = visits[id]!.find((s) => s.kind === 'licence')!;
    expect(licence.imageTexts).toHaveLength(1);
    const text = licence.files.find((f) => f.kind === 'image-text')!;
    expect(readFileSync(join(tmp.dir, text.path), 'utf8')).toBe(licence.imageTexts![0]!.text);
    expect(text.sha256).toBe(sha256(readFileSync(join(tmp.dir, text.path))));
    // the image: fetched from the page, or the page's own response body
    const image = licence.files.find((f) => f.kind === (id === 'page' ? 'image' : 'response-body'))!;
    expect(image.sha256).toBe(sha256(png));
    expect(licence.imageTexts![0]).toMatchObject({ src: `${server.url}licence.png`, engine: expect.stringMatching(/chi_sim/) });
    if (id === 'page') expect(licence.imageTexts![0]!.box).toMatchObject({ width: 640, height: 380 });
    const meta = JSON.parse(readFileSync(join(tmp.dir, licence.files.find((f) => f.kind === 'page-metadata')!.path), 'utf8')) as { imageTexts: unknown };
    expect(meta.imageTexts).toEqual(licence.imageTexts);
  });

  it('is not read where the licence page states the code in its text', () => {
    const licence = visits.text!.find((s) => s.kind === 'licence')!;
    expect(licence.failure).toBeNull();
    expect(licence.imageTexts).toBeUndefined();
    expect(licence.files.map((f) => f.kind)).not.toContain('image-text');
  });

  it.each(['page', 'direct'])('stays for review under licence-display, its finding saying the image bears the roster’s code (%s)', (id) => {
    const [finding] = licenceDisplay.evaluate({ platform: platform(id, ''), snapshots: visits[id]! });
    expect(finding!.verdict).toBe('needs-review');
    expect(finding!.summary).toContain(`营业执照信息仅以图片形式公示，需人工核对；图片识别（OCR）：`);
    expect(finding!.summary).toContain(`统一社会信用代码 ${USCC}（与名录一致）`);
    expect(finding!.details.imageReadings).toEqual([expect.objectContaining({ codes: [expect.objectContaining({ code: USCC, matchesRecord: true })], name: expect.objectContaining({ matchesRecord: true }) })]);
  });
});
