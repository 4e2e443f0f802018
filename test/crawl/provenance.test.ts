// The facts a page's metadata keeps of where it came from: an https server of the test's own
// (a self-signed certificate made by openssl here) reached through 301 → 302 → 200 is recorded with
// its address, TLS protocol, certificate chain and fingerprint, each redirect with its status, and
// the capture machine and browser. A scan's browser does not trust that certificate: the same
// page is then not checked, for a tls-error. With a TSA configured (the test's own), the visit's
// manifest is time-stamped as soon as it is written.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../../src/browser/session.js';
import { readManifest } from '../../src/evidence/load.js';
import { verifyRunFolder } from '../../src/evidence/verify.js';
import { visitAndJudge } from '../../src/scan/scan.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { platform } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/tmp.js';
import { startTestTsa, type TestTsa } from '../helpers/tsa.js';

const tmp = tempDir('wangjian-provenance-');
let server: Server;
let home: string;
let certificate: X509Certificate;
let tsa: TestTsa;

beforeAll(async () => {
  const key = join(tmp.dir, 'key.pem');
  const cert = join(tmp.dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-utf8', '-subj', '/CN=localhost/O=合美优选测试', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  certificate = new X509Certificate(readFileSync(cert));
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    if (req.url === '/old') res.writeHead(301, { location: '/moved' }).end();
    else if (req.url === '/moved') res.writeHead(302, { location: '/' }).end();
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>合美优选</title><h1>合美优选</h1><p>营业执照</p>');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  home = `https://localhost:${(server.address() as AddressInfo).port}/`;
  tsa = await startTestTsa(tmp.dir);
  process.env.WANGJIAN_TSA_URL = tsa.url;
  process.env.WANGJIAN_TSA_CA = tsa.ca;
});

afterAll(async () => {
  delete process.env.WANGJIAN_TSA_URL;
  delete process.env.WANGJIAN_TSA_CA;
  server.close();
  await tsa.close();
  tmp.remove();
});

/** The homepage visited as a scan visits a platform (no checks: the homepage alone), its manifest written. */
async function visitHome(name: string, session: BrowserSession) {
  const outDir = join(tmp.dir, name);
  try {
    const job = { runId: name, outDir, platform: platform({ id: 'hemei', url: `${home}old` }), visit: { ...FAST_VISIT, keywords: [] }, history: { documents: [] } };
    const judged = await visitAndJudge(job, [], session, new AbortController().signal);
    const page = judged!.snapshots[0]!;
    return { judged: judged!, outDir, page, meta: JSON.parse(readFileSync(join(outDir, page.files.find((f) => f.kind === 'page-metadata')!.path), 'utf8')) as Record<string, any> };
  } finally {
    await session.close();
  }
}

describe('capture provenance', () => {
  it('records the server, its certificate chain, the redirects and the capture machine', async () => {
    const publicKey = createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    const { judged, outDir, page, meta } = await visitHome('trusted', new BrowserSession({ trustedKeys: [publicKey] }));
    expect(page.failure).toBeNull();
    expect(readManifest(outDir, 'hemei').pages.map((p) => p.id)).toEqual([page.id]);
    expect(page.finalUrl).toBe(home);
    const port = Number(new URL(home).port);
    expect(meta.server).toEqual({ ipAddress: '127.0.0.1', port });
    expect(meta.redirectChain).toEqual([
      { url: `${home}old`, status: 301, server: { ipAddress: '127.0.0.1', port } },
      { url: `${home}moved`, status: 302, server: { ipAddress: '127.0.0.1', port } },
    ]);
    expect(meta.tls).toMatchObject({ protocol: expect.stringMatching(/^TLS 1\.[23]$/), subject: 'localhost', issuer: 'localhost', validTo: new Date(certificate.validTo).toISOString() });
    expect(meta.tls.chain).toEqual([
      expect.objectContaining({ subject: 'CN=localhost, O=合美优选测试', issuer: 'CN=localhost, O=合美优选测试', fingerprint256: certificate.fingerprint256, serialNumber: certificate.serialNumber }),
    ]);
    expect(meta.environment).toMatchObject({ hostname: hostname(), browser: expect.stringMatching(/^Chromium \d+\./), playwright: expect.stringMatching(/^\d+\./), tool: expect.stringMatching(/^wangjian /) });
    expect(meta.environment.clock.source).not.toBe('');
    expect(['yes', 'no', 'unknown']).toContain(meta.environment.clock.synchronised);
    // the manifest stamped as the visit ended, and the stamp holds against the TSA's CA
    expect(judged.timeStamp).toEqual({ time: expect.stringMatching(/^20\d\d-/) });
    const verified = verifyRunFolder(outDir, 'hemei', tsa.ca);
    expect(verified.problems).toEqual([]);
    expect(verified.notes.join('; ')).toContain('evidence/hemei/manifest.json time-stamped');
  });

  it('leaves a page whose certificate the browser does not trust not checked, for a tls-error', async () => {
    const { page } = await visitHome('untrusted', new BrowserSession());
    expect(page.failure?.reason).toBe('tls-error');
  });
});
