// An inspector roster pasted into a page (CSV, as offices save it from Excel), read as `wangjian
// user add --inspectors` and `wangjian draw --inspectors` read a file: refused whole, with each
// problem by line and field; fingerprinted as a draw fingerprints its roster file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rosterDigestOf, type RosterDigest } from '../draw/record.js';
import { readInspectorRoster, type Inspector } from '../registry/inspectors.js';
import { InputFileError } from '../roster/table-file.js';

/** How the pages and the draw record name a pasted roster. */
export const ROSTER_NAME = '粘贴的名录';

export async function readPastedRoster(text: string): Promise<{ inspectors: Inspector[]; digest: RosterDigest } | { problems: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-roster-'));
  try {
    const file = join(dir, 'roster.csv');
    writeFileSync(file, text);
    const inspectors = await readInspectorRoster(file);
    return { inspectors, digest: rosterDigestOf(`${ROSTER_NAME}.csv`, Buffer.from(text), inspectors) };
  } catch (error) {
    if (error instanceof InputFileError) return { problems: error.problems };
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
