// An agreement published as a PDF: the visit fetches it, keeps the file with its hash, and hands
// the checks its text, so unfair-terms reads it and agreement-display finds it readable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementDisplay } from '../../rules/agreement-display.js';
import { unfairTerms } from '../../rules/unfair-terms.js';
import type { PlatformRecord, Snapshot } from '../../rules/types.js';
import { launchOptions } from '../../src/browser/chromium.js';
import { listenLocal, sendBody, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { sha256 } from '../../src/evidence/bundle.js';
import { visitForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const CLAUSE = '本平台对本协议享有最终解释权。';
const AGREEMENT = `<!doctype html><html><head><meta charset="utf-8"><title>用户服务协议</title></head><body><h1>用户服务协议</h1>
${Array.from({ length: 12 }, (_, i) => `<p>第${i + 1}条 用户在本平台注册、浏览、下单及支付，应当遵守法律法规和本协议的约定，平台依法保护用户的合法权益。</p>`).join('')}<p>第十三条 ${CLAUSE}</p></body></html>`;

const tmp = tempDir();
let server: LocalServer;
let pdf: Buffer;
let snapshots: Snapshot[];
const platform: PlatformRecord = { id: 'pdf', name: '杭州某某网络科技有限公司', uscc: '91330106673959654P', url: '', risk: 'general' };

beforeAll(async () => {
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage();
    await page.setContent(AGREEMENT);
    pdf = await page.pdf({ format: 'A4' });
  } finally {
    await browser.close();
  }
  server = await listenLocal((_req, res, url) => {
    if (url.pathname === '/legal/agreement.pdf') return sendBody(res, 200, 'application/pdf', pdf);
    // a PDF behind a URL that does not say so
    if (url.pathname === '/doc') return sendBody(res, 200, 'application/pdf', pdf);
    sendHtml(res, 200, '<!doctype html><meta charset="utf-8"><title>某某商城</title><footer><a href="/legal/agreement.pdf">用户服务协议</a> <a href="/doc">交易规则</a></footer>');
  });
  platform.url = server.url;
  snapshots = await visitForTest(tmp.dir, platform, ['homepage', 'agreement', 'rules']);
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('a document published as a PDF', () => {
  it('is fetched, kept with its hash, and read as text', () => {
    // both links lead to the agreement: the one whose URL says nothing of PDF is told by its content type
    const pdfs = snapshots.filter((x) => x.contentType === 'application/pdf');
    expect(pdfs.map((x) => [x.linkText, x.kind])).toEqual([
      ['用户服务协议', 'agreement'],
      ['交易规则', 'agreement'],
    ]);
    for (const s of pdfs) {
      expect(s.failure, s.linkText!).toBeNull();
      expect(s.contentType).toBe('application/pdf');
      const fetched = s.files.find((f) => f.kind === 'response-body')!;
      expect(fetched.path).toMatch(/\.pdf$/);
      expect(fetched.sha256).toBe(sha256(pdf));
      expect(readFileSync(join(tmp.dir, fetched.path)).equals(pdf)).toBe(true);
      const meta = JSON.parse(readFileSync(join(tmp.dir, s.files.find((f) => f.kind === 'page-metadata')!.path), 'utf8')) as { pdf: unknown };
      expect(meta.pdf).toEqual({ pages: 1, read: 1 });
      // the text as a reader sees it: compatibility radicals the font maps to (⽤) read as 用
      expect(s.html).toContain(CLAUSE);
      expect(s.html).toContain('用户服务协议');
    }
  });

  it('is read by the text checks and counted readable by agreement-display', () => {
    const input = { platform, snapshots };
    const hits = unfairTerms.evaluate(input).filter((f) => f.verdict === 'violation');
    expect(hits.map((f) => f.summary).join('\n')).toContain(CLAUSE.slice(0, 10));
    const display = agreementDisplay.evaluate(input).at(-1)!;
    expect(display.details.serviceAgreement).toMatchObject({ verdict: 'compliant' });
  });
});
