// A platform's evidence bundle read back as the snapshots the rules judged: its manifest holds
// every snapshot but the rendered page, which is read from the bundle's own file after its hash
// is checked against the manifest's. Capture once, judge many: `wangjian rejudge` runs today's
// rules on these, with no browser and no network.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformRecord, Snapshot } from '../../rules/types.js';
import { InputError } from '../input-error.js';
import { sha256 } from './bundle.js';

export class EvidenceError extends InputError {
  override name = 'EvidenceError';
}

export interface StoredVisit {
  platform: PlatformRecord;
  /** Rule id → version, of the rules that judged the visit when it was captured. */
  rules: Record<string, string>;
  snapshots: Snapshot[];
}

/** What a platform's manifest.json holds (src/scan writes it once the platform is done). */
export interface Manifest {
  platform: PlatformRecord;
  rules: Record<string, string>;
  pages: Omit<Snapshot, 'html'>[];
}

/** A platform's manifest in a run folder. */
export function readManifest(runDir: string, platformId: string): Manifest {
  const manifestFile = join(runDir, 'evidence', platformId, 'manifest.json');
  if (!existsSync(manifestFile)) throw new EvidenceError(`no evidence of ${platformId} in ${runDir} (no ${manifestFile})`);
  try {
    return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (error) {
    throw new EvidenceError(`${manifestFile} cannot be read: ${(error as Error).message}`);
  }
}

/** The snapshots of a platform's visit in a run folder, as they were captured. */
export function readStoredVisit(runDir: string, platformId: string): StoredVisit {
  const manifest = readManifest(runDir, platformId);
  const snapshots = manifest.pages.map((page): Snapshot => {
    const rendered = page.files.find((f) => f.kind === 'rendered-html');
    // an oversized page kept its rendered file, but the checks never read it
    if (!rendered || page.failure?.reason === 'oversized') return { ...page, html: '' };
    const file = join(runDir, rendered.path);
    if (!existsSync(file)) throw new EvidenceError(`evidence file ${rendered.path} of ${platformId} is missing`);
    const bytes = readFileSync(file);
    if (sha256(bytes) !== rendered.sha256) throw new EvidenceError(`evidence file ${rendered.path} of ${platformId} does not match its recorded SHA-256: it changed after the capture`);
    return { ...page, html: bytes.toString('utf8') };
  });
  return { platform: manifest.platform, rules: manifest.rules, snapshots };
}
