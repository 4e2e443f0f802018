// Whether evidence is still as it was captured: a run folder's files re-hashed against the
// manifests (and the hashes its findings cite), or an evidence pack's against its datapackage,
// whose digest and signature are checked too. Every file that changed, is missing or was added is
// named, so an inspector can say which piece of evidence no longer holds.
import type { KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import JSZip from 'jszip';
import { sha256 } from './bundle.js';
import { EvidenceError, readManifest } from './load.js';
import { checkSignature, type SignedData } from './signing.js';
import { checkStamp, manifestStampOf, type StampRecord } from './timestamp.js';

export interface Problem {
  what: 'changed' | 'missing' | 'added' | 'unsigned' | 'signature' | 'timestamp';
  /** The file, relative to the run folder or inside the pack. */
  path: string;
  detail: string;
}

export interface Verification {
  /** Files re-hashed. */
  checked: number;
  problems: Problem[];
  /** What was checked besides the files, and what was left unchecked, in a line each. */
  notes: string[];
}

const FINDINGS_FILE = /^findings(\.rejudged-[^/]+)?\.jsonl$/;

/** A run folder's evidence (of one platform, or all) against its manifests and its findings' hashes, and each manifest's time stamp, checked against the TSA's CA certificate `tsaCa` when one is given. */
export function verifyRunFolder(runDir: string, platformId?: string, tsaCa: string | null = null): Verification {
  const evidenceDir = join(runDir, 'evidence');
  if (!existsSync(evidenceDir)) throw new EvidenceError(`${runDir} is not a run folder: it has no evidence/ folder`);
  const platforms = readdirSync(evidenceDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (platformId === undefined || e.name === platformId))
    .map((e) => e.name);
  if (platformId !== undefined && !platforms.length) throw new EvidenceError(`no evidence of ${platformId} in ${runDir}`);
  const problems: Problem[] = [];
  const notes: string[] = [];
  /** Path → the SHA-256 the capture recorded, and where. */
  const recorded = new Map<string, { sha256: string; by: string }>();
  const manifested = new Set<string>();
  for (const id of platforms) {
    if (!existsSync(join(evidenceDir, id, 'manifest.json'))) continue;
    manifested.add(id);
    for (const file of readManifest(runDir, id).pages.flatMap((p) => p.files)) recorded.set(file.path, { sha256: file.sha256, by: `evidence/${id}/manifest.json` });
  }
  // A finding's hash is a second record of its evidence, kept apart from the manifest.
  const cited = new Set<string>();
  for (const name of readdirSync(runDir).filter((n) => FINDINGS_FILE.test(n)).sort()) {
    readFileSync(join(runDir, name), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        let finding: { platformId?: string; evidence?: { path: string; sha256: string }[] };
        try {
          finding = JSON.parse(line) as typeof finding;
        } catch {
          problems.push({ what: 'changed', path: name, detail: `line ${i + 1} is not JSON` });
          return;
        }
        if (!finding.platformId || (platformId !== undefined && finding.platformId !== platformId)) return;
        cited.add(finding.platformId);
        for (const e of finding.evidence ?? []) {
          const before = recorded.get(e.path);
          if (!before) recorded.set(e.path, { sha256: e.sha256, by: `${name} line ${i + 1}` });
          else if (before.sha256 !== e.sha256) problems.push({ what: 'changed', path: before.by, detail: `it records ${e.path} with SHA-256 ${before.sha256}, ${name} line ${i + 1} with ${e.sha256}` });
        }
      });
  }
  for (const id of cited) if (!manifested.has(id)) problems.push({ what: 'missing', path: `evidence/${id}/manifest.json`, detail: 'its findings cite evidence of the platform' });
  for (const id of platforms) if (!manifested.has(id) && !cited.has(id)) notes.push(`evidence/${id}: no manifest and no finding (a visit not finished): not checked`);

  for (const [path, { sha256: expected, by }] of recorded) {
    const file = join(runDir, path);
    if (!existsSync(file)) {
      problems.push({ what: 'missing', path, detail: `recorded in ${by}` });
      continue;
    }
    const actual = sha256(readFileSync(file));
    if (actual !== expected) problems.push({ what: 'changed', path, detail: `its SHA-256 is ${actual}; ${by} records ${expected}` });
  }
  for (const id of manifested) {
    for (const entry of readdirSync(join(evidenceDir, id), { recursive: true, withFileTypes: true })) {
      const path = relative(runDir, join(entry.parentPath, entry.name)).split('\\').join('/');
      if (entry.isFile() && path !== `evidence/${id}/manifest.json` && path !== `evidence/${id}/manifest.json.tsr` && !recorded.has(path)) problems.push({ what: 'added', path, detail: `not in evidence/${id}/manifest.json` });
    }
    const stamp = manifestStampOf(runDir, id);
    if (existsSync(stamp)) stamped(`evidence/${id}/manifest.json`, readFileSync(join(evidenceDir, id, 'manifest.json')), readFileSync(stamp), tsaCa, problems, notes);
  }
  notes.unshift(`${recorded.size} files of ${manifested.size} platform${manifested.size === 1 ? '' : 's'} against their manifests${cited.size ? ' and the hashes their findings cite' : ''}`);
  return { checked: recorded.size, problems: sorted(problems), notes };
}

/** An evidence pack (WACZ) against its datapackage.json, its digest and, when signed, its signature; `trusted` is the key a signature must be made with. */
export async function verifyPack(file: string, trusted: KeyObject | null, tsaCa: string | null = null): Promise<Verification> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(readFileSync(file));
  } catch (error) {
    throw new EvidenceError(`${file} cannot be read as a WACZ (a zip file): ${(error as Error).message}`);
  }
  const problems: Problem[] = [];
  const notes: string[] = [];
  const bytesOf = (path: string) => zip.file(path)?.async('nodebuffer') ?? Promise.resolve(null);
  const jsonOf = async <T>(path: string): Promise<{ bytes: Buffer; value: T } | null> => {
    const bytes = await bytesOf(path);
    if (!bytes) return null;
    try {
      return { bytes, value: JSON.parse(bytes.toString('utf8')) as T };
    } catch {
      problems.push({ what: 'changed', path, detail: 'it is not JSON' });
      return null;
    }
  };

  const datapackage = await jsonOf<{ resources?: { path: string; hash: string; bytes: number }[] }>(DATAPACKAGE);
  if (!datapackage) return { checked: 0, problems: problems.length ? problems : [{ what: 'missing', path: DATAPACKAGE, detail: 'a WACZ lists its files in it' }], notes };
  const resources = datapackage.value.resources ?? [];
  for (const r of resources) {
    const bytes = await bytesOf(r.path);
    if (!bytes) problems.push({ what: 'missing', path: r.path, detail: `listed in ${DATAPACKAGE}` });
    else if (`sha256:${sha256(bytes)}` !== r.hash || bytes.length !== r.bytes) problems.push({ what: 'changed', path: r.path, detail: `its hash is sha256:${sha256(bytes)} (${bytes.length} bytes); ${DATAPACKAGE} records ${r.hash} (${r.bytes} bytes)` });
  }
  const listed = new Set([DATAPACKAGE, DIGEST, ...resources.map((r) => r.path)]);
  zip.forEach((path, entry) => {
    if (!entry.dir && !listed.has(path)) problems.push({ what: 'added', path, detail: `not in ${DATAPACKAGE}` });
  });
  notes.push(`${resources.length} files against ${DATAPACKAGE}`);

  const digest = await jsonOf<{ hash?: string; signedData?: SignedData; timeStamp?: StampRecord }>(DIGEST);
  const hash = `sha256:${sha256(datapackage.bytes)}`;
  if (!digest) {
    if (!problems.some((p) => p.path === DIGEST)) problems.push({ what: 'missing', path: DIGEST, detail: `it holds the hash of ${DATAPACKAGE}` });
  } else if (digest.value.hash !== hash) {
    problems.push({ what: 'changed', path: DATAPACKAGE, detail: `its hash is ${hash}; ${DIGEST} records ${digest.value.hash}` });
  } else {
    notes.push(`${DIGEST} holds`);
    const signed = digest.value.signedData;
    if (!signed) {
      if (trusted) problems.push({ what: 'unsigned', path: DIGEST, detail: 'WANGJIAN_SIGNING_KEY is configured, and the pack carries no signature' });
      else notes.push('not signed');
    } else {
      const check = checkSignature(signed, hash, trusted);
      if ('problem' in check) problems.push({ what: 'signature', path: DIGEST, detail: check.problem });
      else notes.push(`signed ${signed.created} with the ${check.signer}${trusted ? ', the configured WANGJIAN_SIGNING_KEY' : ' (no WANGJIAN_SIGNING_KEY is configured to say whose it must be)'}`);
    }
    const timeStamp = digest.value.timeStamp;
    if (timeStamp) stamped(DATAPACKAGE, datapackage.bytes, Buffer.from(timeStamp.reply, 'base64'), tsaCa, problems, notes);
  }
  // the stamps the scan took of its manifests, packed beside them
  for (const r of resources.filter((r) => r.path.endsWith('/manifest.json.tsr'))) {
    const manifest = await bytesOf(r.path.replace(/\.tsr$/, ''));
    const reply = await bytesOf(r.path);
    if (manifest && reply) stamped(r.path.replace(/\.tsr$/, ''), manifest, reply, tsaCa, problems, notes);
  }
  return { checked: resources.length, problems: sorted(problems), notes };
}

/** Checks the time stamp `reply` of a file's bytes, adding its problem or a note of its time. */
function stamped(path: string, bytes: Buffer, reply: Buffer, tsaCa: string | null, problems: Problem[], notes: string[]): void {
  const check = checkStamp(reply, sha256(bytes), tsaCa);
  if ('problem' in check) problems.push({ what: 'timestamp', path, detail: check.problem });
  else notes.push(`${path} time-stamped ${check.time}${check.checked ? ' (its TSA vouched for by WANGJIAN_TSA_CA)' : ' (its TSA not checked: no WANGJIAN_TSA_CA is configured)'}`);
}

export const DATAPACKAGE = 'datapackage.json';
export const DIGEST = 'datapackage-digest.json';

const sorted = (problems: Problem[]) => problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
