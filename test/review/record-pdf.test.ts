import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/evidence/bundle.js';
import { buildRecordForm, type RecordFormContent } from '../../src/review/record-form.js';
import { loadAnnexImages, recordFormDocument } from '../../src/review/record-html.js';
import { printRecordPdf } from '../../src/review/record-pdf.js';
import { launchBrowser } from '../helpers/browser.js';
import { tempDir } from '../helpers/tmp.js';
import { inspection, item, PEOPLE } from './forms.js';
import { pdfText } from './pdf-text.js';

const tmp = tempDir();
const runDir = join(tmp.dir, 'run');
let content: RecordFormContent;
let png: Buffer;
let product: Buffer;

beforeAll(async () => {
  // A real screenshot of a results page, as the crawler takes them.
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent('<body style="margin:0"><div style="height:1500px;background:#eef">搜索结果</div><div style="margin:10px;height:100px;border:1px solid #999">旗舰手机 ¥1999 推广</div></body>');
  png = await page.screenshot({ fullPage: true });
  await page.setViewportSize({ width: 900, height: 600 });
  await page.setContent('<body style="margin:0"><div style="margin:40px;height:80px;border:1px solid #999">旗舰手机 商品详情</div></body>');
  product = await page.screenshot();
  await browser.close();
  mkdirSync(join(runDir, 'evidence', 'p-youpin'), { recursive: true });
  writeFileSync(join(runDir, 'evidence', 'p-youpin', 'p05-search.png'), png);
  writeFileSync(join(runDir, 'evidence', 'p-youpin', 'p06-search.png'), 'not what was captured');
  // Searches that landed on the same page: one picture under three names.
  for (const name of ['p01-homepage', 'p10-search', 'p11-search']) writeFileSync(join(runDir, 'evidence', 'p-youpin', `${name}.png`), png);
  writeFileSync(join(runDir, 'evidence', 'p-youpin', 'p12-product.png'), product);
  const items = [
    item('ad-label', 'violation', '搜索“手机”第 1 组结果第 2 位「旗舰手机」：竞价排名结果仅标注“推广”<script>alert(1)</script>', {
      evidence: [{ kind: 'screenshot', path: 'evidence/p-youpin/p05-search.png', sha256: sha256(png) }],
      details: { cardBox: { x: 10, y: 1510, width: 1260, height: 102 } },
    }),
    item('prohibited-listings', 'needs-review', '搜索“象牙”第 1 组结果第 1 位「象牙摆件」含重点排查词“象牙”', {
      evidence: [{ kind: 'screenshot', path: 'evidence/p-youpin/p06-search.png', sha256: sha256('the original bytes') }],
    }),
    item('licence-display', 'compliant', '首页展示营业执照信息'),
  ];
  content = buildRecordForm({ inspection: inspection(), items, people: PEOPLE, outcome: { rectificationOrdered: true, removalsDemanded: 3, closureRequested: false, caseOpened: false, note: '' } }).content;
});

afterAll(() => tmp.remove());

describe('the record form PDF', () => {
  it('prints the form in Chinese on A4 with the screenshot annexed under its SHA-256, marked 草稿 until signed', async () => {
    const started = Date.now();
    const pdf = await printRecordPdf(content, { version: 1, status: 'draft', signatures: [{ inspector: 'wang', at: '2026-11-22T03:00:00Z' }], correctionReason: null, contentSha256: 'c'.repeat(64) }, runDir);
    const ms = Date.now() - started;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 is 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595(?:\.\d+)? 842(?:\.\d+)?\]/);
    // The 1622-row screenshot is embedded cut to the 1408 rows the annex shows.
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image[^>]*\/Height 1408\b|\/Height 1408\b[^>]*\/Subtype \/Image/);
    expect(pdf.toString('latin1')).not.toMatch(/\/Height 1622\b/);
    // Lines wrap anywhere in a table cell: compare the text run together.
    const text = pdfText(pdf).replace(/\n/g, '');
    for (const words of [
      '网络交易市场网上检查记录表',
      '优品网络科技有限公司（优品商城）',
      '公示信息与注册登记核对情况',
      '本次未检查',
      '1. 发现违法：搜索“手机”第 1 组结果第 2 位「旗舰手机」：竞价排名结果仅标注“推广”<script>alert(1)</script>（见附图 2）',
      '督促删除违法商品信息：3 条',
      '附件：证据截图',
      `SHA-256：${sha256(png)}`,
      '截图局部：第 214–1622 像素行（全图 1280×1622 像素），红框为所指元素',
      '与记录不符，未予显示',
      '王伟',
      '已电子签名 2026-11-22 11:00',
      '待签名',
      '草稿',
      '第 1 页，共 ',
    ]) {
      expect(text, words).toContain(words);
    }
    console.log(`record form PDF: ${pdf.length} bytes, printed in ${ms} ms`);
  });

  it('drops the 草稿 watermark once signed and marks a correction as 更正版本', async () => {
    const signatures = [
      { inspector: 'wang', at: '2026-11-22T03:00:00Z' },
      { inspector: 'li', at: '2026-11-22T03:05:00Z' },
    ];
    const text = pdfText(await printRecordPdf(content, { version: 2, status: 'signed', signatures, correctionReason: '补充截图说明', contentSha256: 'c'.repeat(64) }, runDir));
    expect(text).not.toContain('草稿');
    expect(text).not.toContain('待签名');
    expect(text).toContain('第 2 版');
    expect(text).toContain('更正版本');
    expect(text).toContain('更正理由：补充截图说明');
    expect(text).toContain(`内容 SHA-256：${'c'.repeat(64)}`);
  });

  it('escapes every crawled string and embeds the screenshot only when its hash matches', () => {
    const doc = recordFormDocument(content, null, loadAnnexImages(content, runDir));
    expect(doc).not.toContain('<script>');
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc).toContain(`data:image/png;base64,${png.toString('base64')}`);
    expect(doc.match(/data:image\/png/g)).toHaveLength(1);
    // The finding's card is outlined on the screenshot.
    expect(doc).toContain('<rect x="10" y="1510" width="1260" height="102"');
  });

  it('annexes each image once, numbered 附图 n, cited by every row that relies on it', async () => {
    const shot = (name: string, bytes: Buffer) => ({ kind: 'screenshot' as const, path: `evidence/p-youpin/${name}.png`, sha256: sha256(bytes) });
    const items = [
      item('licence-display', 'violation', '首页未公示营业执照信息', { evidence: [shot('p01-homepage', png)] }),
      item('ad-label', 'violation', '搜索“手机”结果「旗舰手机」仅标注“推广”', { evidence: [shot('p10-search', png), shot('p11-search', png), shot('p12-product', product)], details: { cardBox: { x: 10, y: 1510, width: 1260, height: 102 } } }),
      item('prohibited-listings', 'needs-review', '首页推荐「象牙摆件」', { evidence: [shot('p01-homepage', png)] }),
    ];
    const form = buildRecordForm({ inspection: inspection(), items, people: PEOPLE }).content;
    const pdf = await printRecordPdf(form, null, runDir);
    const lines = pdfText(pdf).split('\n');
    expect(lines.filter((l) => /^(附图|附件) \d+$/.test(l))).toEqual(['附图 1', '附图 2']);
    // Each picture is embedded once: the homepage cut to its window, the product page whole.
    const images = pdf.toString('latin1').match(/\/Subtype \/Image\b[^>]*\/Width (1280|900)\b|\/Width (1280|900)\b[^>]*\/Subtype \/Image\b/g) ?? [];
    expect(images).toHaveLength(2);
    const text = lines.join('');
    expect(text).toContain('1. 发现违法：搜索“手机”结果「旗舰手机」仅标注“推广”（见附图 1、2）');
    expect(text).toContain('1. 待研判：首页推荐「象牙摆件」（见附图 1）');
    expect(text).toContain('内容相同的文件：evidence/p-youpin/p10-search.png、evidence/p-youpin/p11-search.png');
  });

  it('leaves room for each inspector to sign by hand and date the printed form', async () => {
    const text = pdfText(await printRecordPdf(content, null, runDir)).replace(/\n/g, '');
    expect(text).toContain('签名及日期');
    expect(text.match(/签名：/g)).toHaveLength(2);
    expect(text.match(/日期：\s*年\s*月\s*日/g)).toHaveLength(2);
    expect(text).toContain('64050012345');
  });

  it('prints a form signed before 附图 numbering as it was signed: its rows cite 附件 n, and so does its annex', () => {
    const built = JSON.parse(JSON.stringify(content).replaceAll('见附图', '见附件')) as RecordFormContent;
    const signed = { ...built, schema: 'wangjian-record-form/1' as const, annex: built.annex.map(({ alsoAt: _, ...a }) => a) };
    const doc = recordFormDocument(signed, null, null);
    expect(doc).toContain('（见附件 2）');
    expect(doc).not.toContain('<h3>附图');
    expect(doc).toContain('<h3>附件 2</h3>');
  });
});
