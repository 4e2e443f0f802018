// Which two versions of a stored document to compare, for `wangjian documents diff` and the
// review app's diff page alike: by default the newest and the one before it.
import type { Db } from '../store/database.js';
import { listDocuments, type StoredDocument, type StoredVersion } from '../store/documents.js';

export class DocumentsError extends Error {}

export interface Comparison {
  document: StoredDocument;
  /** Null when the document has a single version and no version was asked for. */
  from: StoredVersion | null;
  to: StoredVersion;
}

export function documentComparison(db: Db, platformId: string, documentId: number, asked: { from?: number; to?: number } = {}): Comparison {
  const document = listDocuments(db, { platformId }).find((d) => d.id === documentId);
  if (!document) throw new DocumentsError(`platform ${platformId} has no document ${documentId} (see wangjian documents list --platform ${platformId})`);
  const version = (n: number) => {
    const v = document.versions.find((x) => x.version === n);
    if (!v) throw new DocumentsError(`document ${documentId} has no version ${n}: it has versions 1–${document.versions.at(-1)!.version}`);
    return v;
  };
  const to = version(asked.to ?? document.versions.at(-1)!.version);
  if (asked.from === undefined && to.version === document.versions[0]!.version) return { document, from: null, to };
  return { document, from: version(asked.from ?? document.versions[document.versions.indexOf(to) - 1]!.version), to };
}
