// 立即取证: pages an officer captured on demand for an inspection, each capture a run folder of its
// own (evidence/<platform>/ with its files, page metadata and manifest, stamped like a scan's)
// under <storage>/captures/<inspection>/<capture id>/, beside the database. Its manifest names the
// officer (capturedBy), so `evidence verify` and `evidence pack` take a capture as they take a run.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Snapshot } from '../../rules/types.js';
import { readManifest, type Manifest } from './load.js';

/** What a capture's manifest holds besides a run's. */
export interface OnDemandManifest extends Manifest {
  inspectionId: number;
  capturedBy: string;
}

export interface OnDemandCapture {
  id: string;
  /** The capture's run folder. */
  folder: string;
  capturedBy: string;
  page: Omit<Snapshot, 'html'>;
}

/** Where an inspection's captures are kept: beside the database `dbFile`, in the storage folder it belongs to. */
export const capturesFolderOf = (dbFile: string, inspectionId: number): string => join(dirname(dbFile), 'captures', String(inspectionId));

/** The inspection's finished captures (those whose manifest was written), oldest first. */
export function onDemandCaptures(dbFile: string, inspectionId: number, platformId: string): OnDemandCapture[] {
  const root = capturesFolderOf(dbFile, inspectionId);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .filter((id) => existsSync(join(root, id, 'evidence', platformId, 'manifest.json')))
    .flatMap((id) => {
      const manifest = readManifest(join(root, id), platformId) as OnDemandManifest;
      return manifest.pages.map((page) => ({ id, folder: join(root, id), capturedBy: manifest.capturedBy, page }));
    });
}
