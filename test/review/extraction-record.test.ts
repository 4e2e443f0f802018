// The 电子数据提取笔录 from the review server: the fixture's run folder has a manifest and page
// metadata carrying what a capture records (server, certificate, redirects, machine), the shop's
// manifest is stamped by the test's own TSA, and the PDF downloaded by a matched inspector carries,
// as pdf.js reads its text, the officers with their 执法证号, the time and its source, the server
// and certificate, every file with its SHA-256, and lines for the officers and a 见证人.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceFile } from '../../rules/types.js';
import { readPdf } from '../../src/crawl/pdf.js';
import { sha256 } from '../../src/evidence/bundle.js';
import { readManifest } from '../../src/evidence/load.js';
import { onDemandCaptures } from '../../src/evidence/on-demand.js';
import { verifyRunFolder } from '../../src/evidence/verify.js';
import { listAudit } from '../../src/store/audit-log.js';
import { stampManifest } from '../../src/evidence/timestamp.js';
import { startTestTsa, type TestTsa } from '../helpers/tsa.js';
import { CAPTURE_FACTS, HttpClient, useServeFixture } from '../serve/fixture.js';
import { pdfText } from './pdf-text.js';

const served = useServeFixture();
let tsa: TestTsa;
let files: EvidenceFile[];
/** A page of the platform's an officer captures on demand (立即取证). */
let site: Server;
let onDemandUrl: string;
const FINGERPRINT = CAPTURE_FACTS.tls.chain[0]!.fingerprint256;

beforeAll(async () => {
  const { fx } = served;
  tsa = await startTestTsa(fx.dir);
  files = readManifest(fx.runDir, 'shop').pages.flatMap((p) => p.files);
  await stampManifest(fx.runDir, 'shop', { url: tsa.url, ca: tsa.ca });
  // the review server checks the stamp against the CA configured
  process.env.WANGJIAN_TSA_CA = tsa.ca;
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>店铺首页</title><h1>某某旗舰店</h1><p>营业执照信息</p>'));
  await new Promise<void>((listening) => site.listen(0, '127.0.0.1', listening));
  onDemandUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/shop/88`;
});
afterAll(async () => {
  delete process.env.WANGJIAN_TSA_CA;
  site?.close();
  await tsa?.close();
});

/** The on-demand capture's files as the record lists them, from the inspection's captures folder. */
function capturedFiles(): EvidenceFile[] {
  const { fx } = served;
  return onDemandCaptures(fx.db.name, fx.shopInspection, 'shop').flatMap((c) => [
    ...c.page.files.map((f) => ({ ...f, path: `captures/${fx.shopInspection}/${c.id}/${f.path}` })),
    { kind: 'page-metadata' as const, path: `captures/${fx.shopInspection}/${c.id}/evidence/shop/manifest.json`, sha256: sha256(readFileSync(join(c.folder, 'evidence/shop/manifest.json'))) },
  ]);
}

describe('the 电子数据提取笔录', () => {
  it('takes an officer\'s capture of one URL now (立即取证), attributed to them, into the inspection\'s evidence; another inspection\'s officer may not', async () => {
    const { fx } = served;
    const client = new HttpClient(fx.base);
    await client.logIn('jc-02');
    const page = `/inspections/${fx.shopInspection}`;
    const res = await client.request('POST', `${page}/captures`, { form: { _csrf: await client.csrf(page), url: onDemandUrl } });
    expect([res.status, res.headers.get('location')]).toEqual([303, `${page}#captures`]);
    const [capture] = onDemandCaptures(fx.db.name, fx.shopInspection, 'shop');
    expect(capture).toMatchObject({ capturedBy: 'jc-02', page: { finalUrl: onDemandUrl, status: 200, failure: null } });
    expect(capture!.page.files.map((f) => f.kind).sort()).toEqual(['page-metadata', 'rendered-html', 'response-body', 'screenshot']);
    // a run folder of its own, whole, with the server recorded
    expect(verifyRunFolder(capture!.folder, 'shop').problems).toEqual([]);
    expect(JSON.parse(readFileSync(join(capture!.folder, capture!.page.files.find((f) => f.kind === 'page-metadata')!.path), 'utf8')).server.ipAddress).toBe('127.0.0.1');
    expect(listAudit(fx.db, { inspectionId: fx.shopInspection, limit: 1 })[0]).toMatchObject({ action: 'evidence-captured', actor: 'jc-02', subject: onDemandUrl });
    const shown = await (await client.request('GET', page)).text();
    expect(shown).toContain(capture!.page.files.find((f) => f.kind === 'screenshot')!.sha256);
    // not a URL, and not the officer's inspection
    const refused = await client.request('POST', `${page}/captures`, { form: { _csrf: await client.csrf(page), url: 'file:///etc/passwd' } });
    expect(refused.status).toBe(303);
    const other = new HttpClient(fx.base);
    await other.logIn('jc-03');
    expect((await other.request('POST', `${page}/captures`, { form: { _csrf: await other.csrf(`/inspections/${fx.mallInspection}`), url: onDemandUrl } })).status).toBe(404);
    expect(onDemandCaptures(fx.db.name, fx.shopInspection, 'shop')).toHaveLength(1);
    expect(existsSync(join(fx.dir, 'captures', String(fx.shopInspection)))).toBe(true);
  });

  it('prints the officers, time and source, machine, server, certificate, redirects and every file with its SHA-256', async () => {
    const { fx } = served;
    const client = new HttpClient(fx.base);
    await client.logIn('jc-01');
    const res = await client.request('GET', `/inspections/${fx.shopInspection}/extraction-record.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="extraction-record-${fx.shopInspection}-run-1.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    const manifest = readFileSync(join(fx.runDir, 'evidence/shop/manifest.json'));
    // the hashes and addresses as pdf.js reads them (cells wrap anywhere: the text run together)
    const read = (await readPdf(new Uint8Array(pdf))).lines.join('').replace(/\s+/g, '');
    for (const words of [
      '203.0.113.7:443', '301http://shop.example.cn/', `${FINGERPRINT}`, '10.0.0.5',
      ...files.flatMap((f) => [f.path, f.sha256]),
      'evidence/shop/manifest.json', sha256(manifest), 'evidence/shop/manifest.json.tsr',
      onDemandUrl, ...capturedFiles().flatMap((f) => [f.path, f.sha256]),
    ]) {
      expect(read, words).toContain(words);
    }
    // the Chinese through each glyph's ActualText too (pdf.js gives 见 and 页 as their radicals ⻅ ⻚)
    const flat = pdfText(pdf).replace(/\s+/g, '');
    for (const words of [
      '电子数据提取笔录',
      '王建国', '14050019001', '李秀英', '14050019002',
      '2026-11-2009:02:03', // 北京时间
      '时钟源tsc', 'RFC3161可信时间戳', '经时间戳服务机构的CA证书验证',
      '主机名wj-capture-01', '10.0.0.5', 'Chromium156.0.8078.129', 'wangjian0.1.0',
      'TLS1.3', `SHA-256指纹${FINGERPRINT}`,
      `全部${files.length + capturedFiles().length - 1}个文件与清单及检查结果记录的SHA-256一致`,
      '见证人', '签名：', '立即取证：李秀英于',
    ]) {
      expect(flat, words).toContain(words);
    }
  });

  it('is refused for an inspection whose run has no evidence of the platform, naming why', async () => {
    const { fx } = served;
    const client = new HttpClient(fx.base);
    await client.logIn('jc-03');
    rmSync(join(fx.runDir, 'evidence/mall/manifest.json'));
    const res = await client.request('GET', `/inspections/${fx.mallInspection}/extraction-record.pdf`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('无法制作电子数据提取笔录：no evidence of mall');
  });
});
