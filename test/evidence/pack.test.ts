// Evidence packs and verification on a real run folder (written by EvidenceBundle as a scan writes
// it, no browser): a byte changed, a file deleted or added is named in the folder and in the pack,
// a changed signed datapackage is caught by its digest and by its signature, and the pack opens as
// a zip whose WARC records warcio parses back with the files' own hashes.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { EvidenceFile } from '../../rules/types.js';
import { EvidenceBundle, sha256 } from '../../src/evidence/bundle.js';
import { checkSignature, signHash } from '../../src/evidence/signing.js';
import { verifyPack, verifyRunFolder, type Problem } from '../../src/evidence/verify.js';
import { checkStamp, stampDigest, stampManifest } from '../../src/evidence/timestamp.js';
import { packEvidence, UnverifiedEvidenceError } from '../../src/evidence/wacz.js';
import { platform, snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/tmp.js';
import { startTestTsa, type TestTsa } from '../helpers/tsa.js';

const tmp = tempDir('wangjian-pack-');
afterAll(() => tmp.remove());

const HOME = 'http://127.0.0.1:18101/';
const FETCHED = '<!DOCTYPE html><html><head><title>合美优选</title></head><body><footer>营业执照</footer></body></html>';
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)]);
const run = join(tmp.dir, 'run');
let files: EvidenceFile[];

/** A run folder as a scan leaves it: two pages of hemei (the second never loaded), its manifest and a finding citing the screenshot. */
function writeRunFolder(dir: string): EvidenceFile[] {
  const bundle = new EvidenceBundle(dir, 'hemei');
  bundle.reset();
  const homeFiles = [
    bundle.write('p01-homepage.fetched.html', 'response-body', FETCHED),
    bundle.write('p01-homepage.rendered.html', 'rendered-html', FETCHED.replace('<footer>', '<footer data-wj-box="0,900,1280,40">')),
    bundle.write('p01-homepage.png', 'screenshot', PNG),
    // the body is stored decoded, so its recorded encoding and length must not reach the WARC
    bundle.write('p01-homepage.meta.json', 'page-metadata', JSON.stringify({ finalUrl: HOME, status: 200, responseHeaders: { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': '51', 'set-cookie': 'a=1\nb=2' } })),
  ];
  const failedFiles = [bundle.write('p02-agreement.meta.json', 'page-metadata', JSON.stringify({ failure: { reason: 'timeout' } }))];
  const pages = [
    { ...snapshot({ id: 'p01', url: HOME, title: '合美优选' }), files: homeFiles },
    { ...snapshot({ id: 'p02', kind: 'agreement', url: `${HOME}agreement`, failure: { reason: 'timeout' } }), files: failedFiles },
  ].map(({ html: _html, ...page }) => page);
  bundle.write('manifest.json', 'page-metadata', JSON.stringify({ platform: platform({ id: 'hemei', url: HOME }), rules: {}, pages }, null, 2));
  const shot = homeFiles[2]!;
  writeFileSync(join(dir, 'findings.jsonl'), `${JSON.stringify({ runId: 'run', platformId: 'hemei', checkId: 'licence-display', verdict: 'compliant', evidence: [shot] })}\n`);
  return [...homeFiles, ...failedFiles];
}

/** A copy of the run folder to spoil. */
function copyOfRun(name: string): string {
  const dir = join(tmp.dir, name);
  cpSync(run, dir, { recursive: true });
  return dir;
}

const named = (problems: Problem[]) => problems.map((p) => `${p.what} ${p.path}`);
const ed25519 = (): KeyObject => generateKeyPairSync('ed25519').privateKey;

beforeAll(() => {
  files = writeRunFolder(run);
});

describe('evidence verify on a run folder', () => {
  it('holds for the folder as captured, every file of the manifest checked', () => {
    const result = verifyRunFolder(run);
    expect(result.problems).toEqual([]);
    expect(result.checked).toBe(files.length);
  });

  it('names a screenshot with one byte changed, a rendered page deleted and a file added', () => {
    const dir = copyOfRun('spoiled');
    const shot = join(dir, 'evidence/hemei/p01-homepage.png');
    const bytes = readFileSync(shot);
    bytes.writeUInt8(bytes.readUInt8(100) ^ 1, 100);
    writeFileSync(shot, bytes);
    rmSync(join(dir, 'evidence/hemei/p01-homepage.rendered.html'));
    writeFileSync(join(dir, 'evidence/hemei/p03-shop.png'), PNG);
    const { problems } = verifyRunFolder(dir);
    expect(named(problems)).toEqual(['changed evidence/hemei/p01-homepage.png', 'missing evidence/hemei/p01-homepage.rendered.html', 'added evidence/hemei/p03-shop.png']);
    expect(problems[0]!.detail).toContain(sha256(PNG));
  });

  it('catches a manifest rewritten to a tampered screenshot, by the hash its finding cites', () => {
    const dir = copyOfRun('rewritten');
    const manifestFile = join(dir, 'evidence/hemei/manifest.json');
    const forged = Buffer.concat([PNG, Buffer.from('x')]);
    writeFileSync(join(dir, 'evidence/hemei/p01-homepage.png'), forged);
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace(sha256(PNG), sha256(forged)));
    expect(named(verifyRunFolder(dir).problems)).toEqual(['changed evidence/hemei/manifest.json']);
  });
});

describe('evidence pack', () => {
  const key = ed25519();
  const wacz = join(tmp.dir, 'hemei.wacz');
  let zip: JSZip;

  beforeAll(async () => {
    await packEvidence(run, { out: wacz, platformId: 'hemei', key, now: new Date('2026-12-07T08:00:00Z') });
    zip = await JSZip.loadAsync(readFileSync(wacz));
  });

  it('is a WACZ 1.1.1 whose datapackage hashes every file it holds, and whose digest hashes the datapackage', async () => {
    const entries = Object.values(zip.files).filter((e) => !e.dir).map((e) => e.name).sort();
    expect(entries).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'evidence/hemei/manifest.json', 'findings.jsonl', 'indexes/index.cdx', 'pages/pages.jsonl']);
    const datapackageBytes = await zip.file('datapackage.json')!.async('nodebuffer');
    const datapackage = JSON.parse(datapackageBytes.toString()) as { profile: string; wacz_version: string; mainPageUrl: string; resources: { path: string; hash: string; bytes: number }[] };
    expect([datapackage.profile, datapackage.wacz_version, datapackage.mainPageUrl]).toEqual(['data-package', '1.1.1', HOME]);
    expect(datapackage.resources.map((r) => r.path).sort()).toEqual(entries.filter((e) => !e.startsWith('datapackage')));
    for (const r of datapackage.resources) {
      const bytes = await zip.file(r.path)!.async('nodebuffer');
      expect([r.hash, r.bytes], r.path).toEqual([`sha256:${sha256(bytes)}`, bytes.length]);
    }
    const digest = JSON.parse(await zip.file('datapackage-digest.json')!.async('string')) as { path: string; hash: string; signedData: { hash: string } };
    expect([digest.path, digest.hash, digest.signedData.hash]).toEqual(['datapackage.json', `sha256:${sha256(datapackageBytes)}`, `sha256:${sha256(datapackageBytes)}`]);
    const pages = (await zip.file('pages/pages.jsonl')!.async('string')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(pages.map((p) => [p.format ?? p.url, p.ts])).toEqual([['json-pages-1.0', undefined], [HOME, '2026-11-22T02:13:05.000Z']]);
  });

  it('holds its WARC records, parsed back by warcio, with the pages\' URLs and the files\' own hashes', async () => {
    const warc = await zip.file('archive/data.warc.gz')!.async('nodebuffer');
    const records: string[][] = [];
    let response: { status: unknown; headers: [string, string][]; body: string } | undefined;
    for await (const record of new WARCParser([warc])) {
      const path = record.warcHeader('Wangjian-Evidence-Path');
      const file = files.find((f) => f.path === path);
      if (record.warcType === 'response') {
        const info = record.getResponseInfo()!;
        response = { status: info.status, headers: [...(info.headers as Headers).entries()], body: await record.contentText() };
      }
      records.push([record.warcType, record.warcTargetURI ?? '', record.warcContentType ?? '', file ? String(record.warcPayloadDigest === `sha256:${file.sha256}`) : '(no file)']);
    }
    expect(records).toEqual([
      ['warcinfo', '', 'application/warc-fields', '(no file)'],
      ['response', HOME, 'application/http; msgtype=response', 'true'],
      ['resource', `urn:dom:${HOME}`, 'text/html; charset=utf-8', 'true'],
      ['resource', `urn:view:${HOME}`, 'image/png', 'true'],
      ['metadata', HOME, 'application/json', 'true'],
      ['metadata', `${HOME}agreement`, 'application/json', 'true'],
    ]);
    expect(response!.status).toBe(200);
    expect(response!.body).toBe(FETCHED);
    expect(response!.headers.filter(([name]) => /encoding|length|cookie/.test(name))).toEqual([['content-length', String(Buffer.byteLength(FETCHED))], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    const index = await zip.file('indexes/index.cdx')!.async('string');
    expect(index).toContain(`"url":"${HOME}","mime":"text/html","status":"200","digest":"${files[0]!.sha256}"`);
  });

  it('verifies, with its signature, and is not written over', async () => {
    const result = await verifyPack(wacz, key);
    expect(result.problems).toEqual([]);
    expect(result.notes.join('; ')).toMatch(/^5 files against datapackage.json; datapackage-digest.json holds; signed 2026-12-07T08:00:00.000Z with the Ed25519 key sha256:[0-9a-f]{64}, the configured WANGJIAN_SIGNING_KEY$/);
    await expect(packEvidence(run, { out: wacz, key: null })).rejects.toThrow(/exists already/);
  });

  /** The pack with `change` made to its zip, verified against the pack's key. */
  async function spoiled(name: string, change: (zip: JSZip) => Promise<void>, trusted: KeyObject | null = key): Promise<Problem[]> {
    const copy = await JSZip.loadAsync(readFileSync(wacz));
    await change(copy);
    const file = join(tmp.dir, name);
    writeFileSync(file, await copy.generateAsync({ type: 'nodebuffer' }));
    return (await verifyPack(file, trusted)).problems;
  }
  const edited = (zip: JSZip, path: string, edit: (text: string) => string) => zip.file(path)!.async('string').then((text) => void zip.file(path, edit(text)));

  it('names a record changed by one byte, a file deleted and a file added', async () => {
    const problems = await spoiled('files.wacz', async (z) => {
      const warc = await z.file('archive/data.warc.gz')!.async('nodebuffer');
      warc.writeUInt8(warc.readUInt8(warc.length - 5) ^ 1, warc.length - 5);
      z.file('archive/data.warc.gz', warc);
      z.remove('pages/pages.jsonl');
      z.file('archive/extra.warc', 'WARC/1.1\r\n');
    });
    expect(named(problems)).toEqual(['changed archive/data.warc.gz', 'added archive/extra.warc', 'missing pages/pages.jsonl']);
  });

  it('catches a changed signed datapackage: by its digest, by the signature once the digest is redone, and by the key once it is signed again', async () => {
    // a finding turned into a violation, with its new hash in the datapackage
    const forge = async (z: JSZip) => {
      const before = await z.file('findings.jsonl')!.async('nodebuffer');
      const after = Buffer.from(before.toString().replace('"compliant"', '"violation"'));
      z.file('findings.jsonl', after);
      await edited(z, 'datapackage.json', (text) => text.replace(`sha256:${sha256(before)}`, `sha256:${sha256(after)}`));
    };
    expect(named(await spoiled('datapackage.wacz', forge))).toEqual(['changed datapackage.json']);

    const redigest = async (z: JSZip, resign: KeyObject | null) => {
      await forge(z);
      const hash = `sha256:${sha256(await z.file('datapackage.json')!.async('nodebuffer'))}`;
      await edited(z, 'datapackage-digest.json', (text) => {
        const digest = JSON.parse(text) as { hash: string; signedData: unknown };
        return JSON.stringify({ ...digest, hash, signedData: resign ? signHash(hash, resign, new Date()) : digest.signedData });
      });
    };
    const redigested = await spoiled('redigested.wacz', (z) => redigest(z, null));
    expect(named(redigested)).toEqual(['signature datapackage-digest.json']);
    expect(redigested[0]!.detail).toMatch(/^it signs sha256:\w+, not the datapackage's sha256:\w+$/);
    const resigned = await spoiled('resigned.wacz', (z) => redigest(z, ed25519()));
    expect(named(resigned)).toEqual(['signature datapackage-digest.json']);
    expect(resigned[0]!.detail).toMatch(/^it was made with the Ed25519 key sha256:\w+, not the configured WANGJIAN_SIGNING_KEY/);
  });

  it('stripped of its signature, fails where a key is configured', async () => {
    const strip = (z: JSZip) => edited(z, 'datapackage-digest.json', (text) => JSON.stringify({ ...JSON.parse(text), signedData: undefined }));
    expect(named(await spoiled('stripped.wacz', strip))).toEqual(['unsigned datapackage-digest.json']);
    expect(await spoiled('stripped-unkeyed.wacz', strip, null)).toEqual([]);
  });
});

describe('packing evidence that does not verify', () => {
  it('is refused, naming the file, and writes nothing', async () => {
    const dir = copyOfRun('unpackable');
    appendFileSync(join(dir, 'evidence/hemei/p01-homepage.png'), 'x');
    const out = join(tmp.dir, 'never.wacz');
    await expect(packEvidence(dir, { out, key: null })).rejects.toThrow(UnverifiedEvidenceError);
    await expect(packEvidence(dir, { out, key: null })).rejects.toThrow(/changed evidence\/hemei\/p01-homepage.png/);
    expect(() => readFileSync(out)).toThrow();
  });
});

describe('signing keys', () => {
  it('signs with ECDSA P-256 as Web Crypto verifies (r‖s), and a wrong signature does not hold', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signed = signHash('sha256:abc', privateKey, new Date());
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    expect(checkSignature(signed, 'sha256:abc', privateKey)).toEqual({ signer: expect.stringMatching(/^ECDSA P-256 key sha256:/) });
    const bad = { ...signed, signature: Buffer.alloc(64, 1).toString('base64') };
    expect(checkSignature(bad, 'sha256:abc', null)).toEqual({ problem: expect.stringMatching(/^the signature does not hold/) });
  });
});

describe('trusted time (RFC 3161, a TSA run by the test with OpenSSL)', () => {
  let tsa: TestTsa;
  let stamped: string;
  beforeAll(async () => {
    tsa = await startTestTsa(tmp.dir);
    stamped = copyOfRun('stamped');
    await stampManifest(stamped, 'hemei', tsa);
  });
  afterAll(() => tsa.close());

  it('stamps a manifest, and the stamp holds for it against the TSA\'s CA, and for nothing else', async () => {
    const result = verifyRunFolder(stamped, undefined, tsa.ca);
    expect(result.problems).toEqual([]);
    expect(result.notes.join('; ')).toMatch(/evidence\/hemei\/manifest.json time-stamped 20\d\d-\d\d-\d\dT[\d:.]+Z \(its TSA vouched for by WANGJIAN_TSA_CA\)/);
    // another CA does not vouch for the TSA
    expect(verifyRunFolder(stamped, undefined, tsa.otherCa).problems).toEqual([{ what: 'timestamp', path: 'evidence/hemei/manifest.json', detail: expect.stringContaining('not vouched for by WANGJIAN_TSA_CA') }]);
    // a manifest changed after its stamp (a space is enough) is caught with or without the CA
    const dir = copyOfRun('stamped-changed');
    cpSync(join(stamped, 'evidence/hemei/manifest.json.tsr'), join(dir, 'evidence/hemei/manifest.json.tsr'));
    appendFileSync(join(dir, 'evidence/hemei/manifest.json'), ' ');
    for (const ca of [tsa.ca, null]) expect(named(verifyRunFolder(dir, undefined, ca).problems)).toEqual(['timestamp evidence/hemei/manifest.json']);
    // a reply for another digest, or bytes that are no reply at all
    const other = await stampDigest(sha256('another manifest'), tsa);
    expect(checkStamp(other.reply, sha256(readFileSync(join(stamped, 'evidence/hemei/manifest.json'))), tsa.ca)).toEqual({ problem: expect.stringMatching(/^the time stamp does not hold: it stamps [0-9a-f]{64}, not/) });
    expect(checkStamp(Buffer.from('not a reply'), sha256('x'), tsa.ca)).toEqual({ problem: expect.stringMatching(/^it is not a time-stamp reply/) });
  });

  it('stamps a pack\'s datapackage and carries the manifest\'s stamp; a forged datapackage with its digest redone is caught by the stamp', async () => {
    const wacz = join(tmp.dir, 'stamped.wacz');
    const packed = await packEvidence(stamped, { out: wacz, key: null, tsa: { url: tsa.url, ca: tsa.ca } });
    expect(packed.stamped).toMatch(/^20\d\d-/);
    const result = await verifyPack(wacz, null, tsa.ca);
    expect(result.problems).toEqual([]);
    expect(result.notes.filter((n) => n.includes('time-stamped')).map((n) => n.split(' ')[0])).toEqual(['datapackage.json', 'evidence/hemei/manifest.json']);
    const zip = await JSZip.loadAsync(readFileSync(wacz));
    const datapackage = await zip.file('datapackage.json')!.async('string');
    const forged = Buffer.from(datapackage.replace('"modified"', '"modified" ').replace(/"created": "[^"]+"/, '"created": "2026-01-01T00:00:00.000Z"'));
    zip.file('datapackage.json', forged);
    const digest = JSON.parse(await zip.file('datapackage-digest.json')!.async('string')) as Record<string, unknown>;
    zip.file('datapackage-digest.json', JSON.stringify({ ...digest, hash: `sha256:${sha256(forged)}` }));
    const file = join(tmp.dir, 'stamped-forged.wacz');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(named((await verifyPack(file, null, tsa.ca)).problems)).toEqual(['timestamp datapackage.json']);
  });

  it('refuses a TSA that does not answer, keeping nothing', async () => {
    await expect(stampDigest(sha256('x'), { url: 'http://127.0.0.1:9/tsa', ca: null })).rejects.toThrow(/did not answer/);
  });
});
