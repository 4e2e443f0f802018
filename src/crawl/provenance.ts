// Where a page came from and what captured it, for the page metadata and the 电子数据提取笔录:
// the server's address, its TLS certificate chain, each redirect with its status, and the capture
// machine (name, network, clock and whether it is synchronised) with the browser and tool versions.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname, networkInterfaces, release, type as osType } from 'node:os';
import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { promisify } from 'node:util';
import type { Response } from 'playwright-core';
import { paths } from '../paths.js';
import { TOOL_VERSION } from '../version.js';

export interface Certificate {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  serialNumber: string;
  /** SHA-256 of the certificate's DER, colon-separated hex as openssl prints it. */
  fingerprint256: string;
}

export interface Redirect {
  url: string;
  status: number | null;
  server: { ipAddress: string; port: number } | null;
}

export interface ServerIdentity {
  /** The address the browser fetched the page from. */
  server: { ipAddress: string; port: number } | null;
  /** For https: what the browser reports of the connection and the leaf certificate, and the chain the server presents. */
  tls: { protocol: string; subject: string; issuer: string; validFrom: string | null; validTo: string | null; chain: Certificate[] | { error: string } } | null;
  /** The responses before the page's own, first first: each URL with its status (301, 302, …). */
  redirectChain: Redirect[];
}

export interface CaptureEnvironment {
  hostname: string;
  os: string;
  /** The machine's own addresses (not loopback): the network the capture went out from. */
  addresses: string[];
  clock: { source: string; synchronised: 'yes' | 'no' | 'unknown'; how: string };
  browser: string;
  playwright: string;
  node: string;
  tool: string;
}

const CLOCK_SOURCE = '/sys/devices/system/clocksource/clocksource0/current_clocksource';
const PEER_TIMEOUT_MS = 5_000;

/** The machine's clock: the kernel's clock source, and whether NTP has synchronised it (timedatectl, where systemd runs). */
async function clockOfMachine(): Promise<CaptureEnvironment['clock']> {
  let source = 'unknown';
  try {
    source = readFileSync(CLOCK_SOURCE, 'utf8').trim();
  } catch {
    // not Linux, or /sys not mounted
  }
  try {
    const { stdout } = await promisify(execFile)('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], { timeout: 3_000 });
    const value = stdout.trim();
    return { source, synchronised: value === 'yes' ? 'yes' : value === 'no' ? 'no' : 'unknown', how: `timedatectl show: NTPSynchronized=${value}` };
  } catch (error) {
    return { source, synchronised: 'unknown', how: `timedatectl could not say (${(error as Error).message.split('\n')[0]!.slice(0, 120)})` };
  }
}

/** The capture machine and its software as they are now (read once a visit), with `browserVersion` (Browser.version()). */
export async function captureEnvironment(browserVersion: string): Promise<CaptureEnvironment> {
  return {
    hostname: hostname(),
    os: `${osType()} ${release()}`,
    addresses: Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address),
    clock: await clockOfMachine(),
    browser: `Chromium ${browserVersion}`,
    playwright: (JSON.parse(readFileSync(join(paths.root, 'node_modules', 'playwright-core', 'package.json'), 'utf8')) as { version: string }).version,
    node: process.version,
    tool: `wangjian ${TOOL_VERSION}`,
  };
}

const nameOf = (fields: Record<string, string | string[] | undefined> | undefined) =>
  Object.entries(fields ?? {})
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');

/** The chain a server presents to `host` at ip:port, leaf first: recorded as presented, whoever issued it (the browser judged the trust). */
export function presentedChain(host: string, ipAddress: string, port: number): Promise<Certificate[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: ipAddress, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, timeout: PEER_TIMEOUT_MS });
    socket.once('secureConnect', () => {
      const chain: Certificate[] = [];
      for (let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true); cert?.raw && chain.length < 10; cert = cert.issuerCertificate === cert ? undefined : cert.issuerCertificate) {
        chain.push({ subject: nameOf(cert.subject), issuer: nameOf(cert.issuer), validFrom: new Date(cert.valid_from).toISOString(), validTo: new Date(cert.valid_to).toISOString(), serialNumber: cert.serialNumber, fingerprint256: cert.fingerprint256 });
      }
      socket.end();
      resolve(chain);
    });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake within ${PEER_TIMEOUT_MS} ms`)));
    socket.once('error', reject);
  });
}

const seconds = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000).toISOString());

/**
 * The identity of the servers of one visit's pages. Playwright reports the leaf certificate's
 * names and dates only; the chain and fingerprints come from a TLS connection of our own to the
 * same address, once per host and address in the visit.
 */
export class ServerIdentities {
  private readonly chains = new Map<string, Promise<Certificate[] | { error: string }>>();

  async of(response: Response | null): Promise<ServerIdentity> {
    if (!response) return { server: null, tls: null, redirectChain: [] };
    const server = await response.serverAddr().catch(() => null);
    const redirectChain: Redirect[] = [];
    for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) {
      const hop = await r.response().catch(() => null);
      redirectChain.unshift({ url: r.url(), status: hop?.status() ?? null, server: (await hop?.serverAddr().catch(() => null)) ?? null });
    }
    const details = new URL(response.url()).protocol === 'https:' ? await response.securityDetails().catch(() => null) : null;
    if (!details || !server) return { server, tls: null, redirectChain };
    const host = new URL(response.url()).hostname.replace(/^\[|\]$/g, '');
    const key = `${host} ${server.ipAddress}:${server.port}`;
    let chain = this.chains.get(key);
    if (!chain) this.chains.set(key, (chain = presentedChain(host, server.ipAddress, server.port).catch((error: Error) => ({ error: error.message }))));
    return {
      server,
      tls: { protocol: details.protocol ?? '', subject: details.subjectName ?? '', issuer: details.issuer ?? '', validFrom: seconds(details.validFrom), validTo: seconds(details.validTo), chain: await chain },
      redirectChain,
    };
  }
}
