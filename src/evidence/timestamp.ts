// Trusted time (RFC 3161): a digest stamped by the time-stamping authority WANGJIAN_TSA_URL names,
// its reply kept beside what it stamps, and checked against the TSA's CA certificate
// WANGJIAN_TSA_CA. The requests are made and the replies read and verified by OpenSSL's `ts`
// (Debian's openssl package): the reference implementation a court's expert or another bureau
// would check a token with, so the tool checks it the same way rather than with a CMS library of
// its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 as sha256Of } from './bundle.js';
import { EvidenceError } from './load.js';

/** OpenSSL's answer; it throws with its stdout and stderr on a non-zero exit. */
const openssl = (args: readonly string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });

/** The TSA configured: WANGJIAN_TSA_URL to stamp, WANGJIAN_TSA_CA to check stamps. */
export interface TsaConfig {
  url: string | null;
  ca: string | null;
}

export function configuredTsa(env: NodeJS.ProcessEnv = process.env): TsaConfig {
  return { url: env.WANGJIAN_TSA_URL || null, ca: env.WANGJIAN_TSA_CA || null };
}

/** A stamp as evidence keeps it: the TSA's reply (a DER TimeStampResp) and what it says. */
export interface TimeStamp {
  /** The stamped time, as the TSA's token states it (UTC ISO). */
  time: string;
  tsa: string;
  reply: Buffer;
}

/** A stamp as a pack's datapackage-digest.json keeps it (`timeStamp`): the reply in base64. */
export interface StampRecord {
  time: string;
  tsa: string;
  reply: string;
}

export const stampRecord = (stamp: TimeStamp): StampRecord => ({ time: stamp.time, tsa: stamp.tsa, reply: stamp.reply.toString('base64') });

const STAMP_TIMEOUT_MS = 15_000;

/** `work` with a scratch folder of its own, removed after. */
function inScratch<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-tsa-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const opensslError = (error: unknown) => ((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n')[0]!;

/** What a TSA's reply states: its status, the time ("Time stamp: Dec  8 00:13:32 2026 GMT") and the digest stamped (hex). */
function readReply(file: string): { time: string; status: string; digest: string } {
  const stdout = openssl(['ts', '-reply', '-in', file, '-text']);
  const status = /^Status: (.*)$/m.exec(stdout)?.[1] ?? 'unknown';
  const time = /^Time stamp: (.*)$/m.exec(stdout)?.[1];
  // "    0000 - 9f 86 d0 …-9a 2f …   .....L}e" lines after "Message data:"
  const digest = (/^Message data:\n((?:\s+[0-9a-f]{4} - .*\n?)+)/m.exec(stdout)?.[1] ?? '')
    .split('\n')
    .map((line) => (/ - ((?:[0-9a-f]{2}[ -]){0,15}[0-9a-f]{2})/.exec(line)?.[1] ?? '').replace(/[ -]/g, ''))
    .join('');
  return { status, time: time ? new Date(time.replace(/\.\d+/, '')).toISOString() : '', digest };
}

/**
 * Stamps a SHA-256 digest (hex) at the TSA: a request with a nonce, asking for the TSA's
 * certificate in the token. With the TSA's CA configured, a stamp that does not hold for the
 * digest is refused at once rather than kept.
 */
export async function stampDigest(sha256: string, tsa: TsaConfig & { url: string }): Promise<TimeStamp> {
  const tsaUrl = tsa.url;
  const query = inScratch((dir) => {
    const file = join(dir, 'request.tsq');
    openssl(['ts', '-query', '-digest', sha256, '-sha256', '-cert', '-out', file]);
    return readFileSync(file);
  });
  let response: Response;
  try {
    response = await fetch(tsaUrl, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: query, signal: AbortSignal.timeout(STAMP_TIMEOUT_MS) });
  } catch (error) {
    throw new EvidenceError(`the time-stamping authority ${tsaUrl} did not answer: ${(error as Error).message}`);
  }
  if (!response.ok) throw new EvidenceError(`the time-stamping authority ${tsaUrl} answered HTTP ${response.status}`);
  const reply = Buffer.from(await response.arrayBuffer());
  const status = inScratch((dir) => {
    const file = join(dir, 'reply.tsr');
    writeFileSync(file, reply);
    try {
      return readReply(file).status;
    } catch (error) {
      throw new EvidenceError(`the time-stamping authority ${tsaUrl} answered something that is not a time-stamp reply: ${opensslError(error)}`);
    }
  });
  if (!/^Granted/.test(status)) throw new EvidenceError(`the time-stamping authority ${tsaUrl} refused the stamp: ${status}`);
  const check = checkStamp(reply, sha256, tsa.ca);
  if ('problem' in check) throw new EvidenceError(`the stamp of ${tsaUrl}: ${check.problem}`);
  return { time: check.time, tsa: tsaUrl, reply };
}

/** Whether a kept reply stamps `sha256` (hex) and was signed by a TSA the CA certificate `caFile` vouches for; its time when it holds. */
export function checkStamp(reply: Buffer, sha256: string, caFile: string | null): { time: string; checked: boolean } | { problem: string } {
  return inScratch((dir) => {
    const file = join(dir, 'reply.tsr');
    writeFileSync(file, reply);
    let read: ReturnType<typeof readReply>;
    try {
      read = readReply(file);
    } catch (error) {
      return { problem: `it is not a time-stamp reply: ${opensslError(error)}` };
    }
    if (read.digest !== sha256) return { problem: `the time stamp does not hold: it stamps ${read.digest || 'no digest'}, not ${sha256}` };
    if (!caFile) return { time: read.time, checked: false };
    try {
      const stdout = openssl(['ts', '-verify', '-digest', sha256, '-in', file, '-CAfile', caFile]);
      if (!/Verification: OK/.test(stdout)) return { problem: `openssl ts -verify: ${stdout.trim()}` };
    } catch (error) {
      const detail = `${(error as { stdout?: string }).stdout ?? ''}\n${(error as { stderr?: string }).stderr ?? ''}`;
      const reason = /message imprint mismatch/i.test(detail) ? `it stamps another digest than ${sha256}` : /certificate verify error|unable to get local issuer|self-signed/i.test(detail) ? `its signer is not vouched for by WANGJIAN_TSA_CA (${caFile})` : opensslError(error);
      return { problem: `the time stamp does not hold: ${reason}` };
    }
    return { time: read.time, checked: true };
  });
}

/** The reply stamping a platform's manifest, kept beside it. */
export const manifestStampOf = (runDir: string, platformId: string) => join(runDir, 'evidence', platformId, 'manifest.json.tsr');

/** Stamps a platform's manifest.json as written (so every file it hashes), keeping the reply beside it. */
export async function stampManifest(runDir: string, platformId: string, tsa: TsaConfig & { url: string }): Promise<TimeStamp> {
  const manifest = join(runDir, 'evidence', platformId, 'manifest.json');
  if (!existsSync(manifest)) throw new EvidenceError(`no manifest of ${platformId} in ${runDir} to stamp`);
  const stamp = await stampDigest(sha256Of(readFileSync(manifest)), tsa);
  writeFileSync(manifestStampOf(runDir, platformId), stamp.reply);
  return stamp;
}

/** What became of stamping a manifest: the stamped time, or why the TSA gave none (the capture is kept either way). */
export type ManifestStamp = { time: string } | { error: string };

/** Stamps the manifest when a TSA is configured (`WANGJIAN_TSA_URL`); undefined when none is. */
export async function stampManifestIfConfigured(runDir: string, platformId: string): Promise<ManifestStamp | undefined> {
  const tsa = configuredTsa();
  if (!tsa.url) return undefined;
  return stampManifest(runDir, platformId, { ...tsa, url: tsa.url }).then(
    (stamp): ManifestStamp => ({ time: stamp.time }),
    (error: Error): ManifestStamp => ({ error: error.message }),
  );
}
