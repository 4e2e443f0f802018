// The record form printed to PDF by the project's Chromium (the one the crawler drives): A4,
// backgrounds on, the form's name, target and version over every page and the page number under
// it. A signed version's PDF is written once, beside the database, and its SHA-256 stored with it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Browser } from 'playwright-core';
import { BrowserSession } from '../browser/session.js';
import { sha256 } from '../evidence/bundle.js';
import { html } from '../html.js';
import type { Db } from '../store/database.js';
import { attachPdf, type RecordFormVersion } from '../store/record-forms.js';
import type { RecordFormContent } from './record-form.js';
import { pngSize } from '../evidence/png.js';
import { EXTRACTION_TITLE, extractionRecordDocument, type ExtractionRecord } from './extraction-record.js';
import { annexWindow, FORM_TITLE, loadAnnexImages, recordFormDocument, type AnnexImage, type RecordFormMeta } from './record-html.js';

/**
 * One Chromium prints a process's PDFs, two at a time, and is closed once none has come for
 * PRINTER_IDLE_MS: the review server signing fifty forms at once started fifty browsers (its load
 * bench: a second signature waited up to 80 s). A console command exits when done, closing it.
 */
const printer = new BrowserSession();
const printQueue = pLimit(2);
const PRINTER_IDLE_MS = 30_000;
let printing = 0;
let idle: NodeJS.Timeout | undefined;

async function withPrinter<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  clearTimeout(idle);
  printing++;
  try {
    return await printQueue(async () => work(await printer.browser()));
  } finally {
    if (--printing === 0) idle = setTimeout(() => void printer.close(), PRINTER_IDLE_MS).unref();
  }
}

// Chromium draws the header and footer outside the page's own styles: each sets its font.
const MARGIN = '8pt/1.2 "Noto Serif CJK SC","Source Han Serif SC",SimSun,serif';

/**
 * Tall screenshots cut to the rows the annex shows, by Chromium itself (pixel for pixel, as PNG):
 * a whole 12 000-pixel page would otherwise be embedded for a window of 1 400 rows.
 */
async function cutTall(browser: Browser, content: RecordFormContent, images: Map<number, AnnexImage>): Promise<void> {
  const page = await browser.newPage({ javaScriptEnabled: false });
  try {
    await page.route('**/*', (route) => route.abort());
    for (const a of content.annex) {
      const image = images.get(a.n);
      const size = image?.png && pngSize(image.png);
      if (!image?.png || !size) continue;
      const win = annexWindow(size.width, size.height, a.boxes);
      if (win.height >= size.height) continue;
      await page.setViewportSize({ width: size.width, height: Math.min(size.height, 4000) });
      await page.setContent(`<body style="margin:0"><img style="display:block" src="data:image/png;base64,${image.png.toString('base64')}"></body>`, { waitUntil: 'load' });
      const png = await page.screenshot({ fullPage: true, clip: { x: 0, y: win.top, width: size.width, height: win.height } });
      images.set(a.n, { ...image, png, cut: { top: win.top, ...size } });
    }
  } finally {
    await page.close();
  }
}

/** The form's PDF bytes. */
export async function printRecordPdf(content: RecordFormContent, meta: RecordFormMeta | null, runDir: string | null): Promise<Buffer> {
  const label = `${FORM_TITLE} · ${content.header.target.name} · ${meta ? `第 ${meta.version} 版${meta.status === 'draft' ? '（草稿）' : ''}` : '草稿'}`;
  return withPrinter(async (browser) => {
    const images = loadAnnexImages(content, runDir);
    await cutTall(browser, content, images);
    // The document is self-contained and escaped; still, crawled text is printed here, so nothing
    // in it may run or fetch.
    return printA4(browser, recordFormDocument(content, meta, images), label);
  });
}

/** A self-contained document printed as A4, `label` over every page and the page number under it; nothing in it may run or fetch. */
async function printA4(browser: Browser, document: string, label: string): Promise<Buffer> {
  const page = await browser.newPage({ javaScriptEnabled: false });
  try {
    await page.route('**/*', (route) => route.abort());
    await page.setContent(document, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '20mm', right: '18mm', bottom: '18mm', left: '22mm' },
      displayHeaderFooter: true,
      headerTemplate: html`<div style="font:${MARGIN};width:100%;margin:0 22mm 0 18mm;text-align:right;color:#444">${label}</div>`.text,
      footerTemplate: html`<div style="font:${MARGIN};width:100%;text-align:center;color:#444">第 <span class="pageNumber"></span> 页，共 <span class="totalPages"></span> 页</div>`.text,
    });
  } finally {
    // The browser stays for the next print: its pages go (each its own context, nothing shared).
    await page.close();
  }
}

/** The 电子数据提取笔录's PDF bytes. */
export async function printExtractionRecord(record: ExtractionRecord): Promise<Buffer> {
  return withPrinter((browser) => printA4(browser, extractionRecordDocument(record), `${EXTRACTION_TITLE} · ${record.inspection.platform.name} · 检查编号 ${record.inspection.id}`));
}

export interface WrittenPdf {
  path: string;
  sha256: string;
  bytes: number;
}

/** Prints a stored version, writes it as <dir>/<inspection>/v<version>-<sha256 prefix>.pdf and attaches it to the version. */
export async function printAndAttach(db: Db, form: RecordFormVersion, runDir: string | null, dir: string): Promise<WrittenPdf> {
  const pdf = await printRecordPdf(form.content as RecordFormContent, form, runDir);
  const hash = sha256(pdf);
  const folder = join(dir, String(form.inspectionId));
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `v${form.version}-${form.status}-${hash.slice(0, 12)}.pdf`);
  writeFileSync(path, pdf);
  attachPdf(db, form.id, path, hash);
  return { path, sha256: hash, bytes: pdf.length };
}
