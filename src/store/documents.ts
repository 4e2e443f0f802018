// Versions of a platform's agreement and rules documents across scans (migration 6). Each
// capture's main text is hashed: the same text as the document's newest version is one more
// sighting of it, another text is the next version. A job redone on resume first takes back what
// its earlier attempt recorded, so nothing is counted twice.
import { createHash } from 'node:crypto';
import { agreementChanges } from '../../rules/agreement-changes.js';
import { documentCaptures, matchDocuments } from '../../rules/lib/document-text.js';
import type { DocumentHistory, DocumentVersion, PageKind, Snapshot } from '../../rules/types.js';
import type { Db } from './database.js';

export interface StoredVersion extends DocumentVersion {
  title: string;
  url: string;
  firstRunId: string;
  lastRunId: string;
  /** How many scans saw this text. */
  sightings: number;
}

export interface StoredDocument {
  id: number;
  platformId: string;
  /** The document's identity (documentKey of its newest URL). */
  url: string;
  kind: PageKind;
  title: string;
  /** Oldest first. */
  versions: StoredVersion[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Records the documents among a platform's snapshots as versions; returns how many captures made a new version. */
export function recordDocumentVersions(db: Db, runId: string, platformId: string, snapshots: readonly Snapshot[]): { documents: number; newVersions: number } {
  const captures = documentCaptures(snapshots);
  let newVersions = 0;
  db.transaction(() => {
    db.prepare('DELETE FROM document_sightings WHERE run_id = ? AND platform_id = ?').run(runId, platformId);
    db.prepare(`DELETE FROM document_versions WHERE document_id IN (SELECT id FROM documents WHERE platform_id = ?)
      AND NOT EXISTS (SELECT 1 FROM document_sightings s WHERE s.document_id = document_versions.document_id AND s.version = document_versions.version)`).run(platformId);
    db.prepare('DELETE FROM documents WHERE platform_id = ? AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = documents.id)').run(platformId);

    const known = db.prepare('SELECT id, url, kind, title FROM documents WHERE platform_id = ?').all(platformId) as { id: number; url: string; kind: PageKind; title: string }[];
    const matched = matchDocuments(captures, known);
    const latest = db.prepare('SELECT version, sha256 FROM document_versions WHERE document_id = ? ORDER BY version DESC LIMIT 1');
    captures.forEach((c, i) => {
      let id = matched[i]?.id;
      if (id === undefined) id = Number(db.prepare('INSERT INTO documents (platform_id, url, kind, title) VALUES (?, ?, ?, ?)').run(platformId, c.key, c.kind, c.title).lastInsertRowid);
      else db.prepare('UPDATE documents SET url = ?, title = ? WHERE id = ?').run(c.key, c.title, id);
      const hash = sha256(c.text);
      const newest = latest.get(id) as { version: number; sha256: string } | undefined;
      let version = newest?.version ?? 0;
      if (newest?.sha256 !== hash) {
        version++;
        newVersions++;
        db.prepare('INSERT INTO document_versions (document_id, version, sha256, text, title, url) VALUES (?, ?, ?, ?, ?, ?)').run(id, version, hash, c.text, c.title, c.snapshot.finalUrl);
      }
      db.prepare('INSERT INTO document_sightings (document_id, version, run_id, platform_id, snapshot_id, seen_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, version, runId, platformId, c.snapshot.id, c.snapshot.capturedAt);
    });
  })();
  return { documents: captures.length, newVersions };
}

interface VersionRow {
  document_id: number;
  version: number;
  sha256: string;
  text: string;
  title: string;
  url: string;
  first_seen_at: string;
  last_seen_at: string;
  first_run_id: string;
  last_run_id: string;
  sightings: number;
}

export interface DocumentQuery {
  platformId?: string;
  /** Leave out this run's sightings (the run being judged). */
  excludeRun?: string;
  /** Only sightings of runs that ran this check. */
  judgedBy?: string;
}

/** Documents (of one platform, or all) with their versions, as the sightings asked for saw them. */
export function listDocuments(db: Db, options: DocumentQuery = {}): StoredDocument[] {
  const judged = (sighting: string) => (options.judgedBy !== undefined ? `AND EXISTS (SELECT 1 FROM runs r, json_each(r.checks) c WHERE r.id = ${sighting}.run_id AND c.value = @judgedBy)` : '');
  const params = { platformId: options.platformId ?? null, excludeRun: options.excludeRun ?? '', judgedBy: options.judgedBy ?? null };
  const docs = db
    .prepare(`SELECT id, platform_id AS platformId, url, kind, title FROM documents WHERE @platformId IS NULL OR platform_id = @platformId ORDER BY platform_id, kind, id`)
    .all(params) as Omit<StoredDocument, 'versions'>[];
  // first and last sighting of each version by time, with the run each belongs to
  const rows = db
    .prepare(
      `SELECT v.document_id, v.version, v.sha256, v.text, v.title, v.url,
         MIN(s.seen_at) AS first_seen_at, MAX(s.seen_at) AS last_seen_at, COUNT(*) AS sightings,
         (SELECT run_id FROM document_sightings f WHERE f.document_id = v.document_id AND f.version = v.version AND f.run_id <> @excludeRun ${judged('f')} ORDER BY f.seen_at LIMIT 1) AS first_run_id,
         (SELECT run_id FROM document_sightings l WHERE l.document_id = v.document_id AND l.version = v.version AND l.run_id <> @excludeRun ${judged('l')} ORDER BY l.seen_at DESC LIMIT 1) AS last_run_id
       FROM document_versions v JOIN document_sightings s ON s.document_id = v.document_id AND s.version = v.version
       WHERE s.run_id <> @excludeRun AND (@platformId IS NULL OR s.platform_id = @platformId) ${judged('s')}
       GROUP BY v.document_id, v.version ORDER BY v.document_id, v.version`,
    )
    .all(params) as VersionRow[];
  return docs
    .map((d) => ({
      ...d,
      versions: rows
        .filter((r) => r.document_id === d.id)
        .map((r) => ({ version: r.version, sha256: r.sha256, text: r.text, title: r.title, url: r.url, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at, firstRunId: r.first_run_id, lastRunId: r.last_run_id, sightings: r.sightings })),
    }))
    .filter((d) => d.versions.length > 0);
}

/**
 * What earlier scans saw of a platform's documents, for the rules (RuleInput.history), `runId`'s
 * own sightings left out. Only scans that ran agreement-changes count: a change first seen by a
 * scan that did not judge it is still a change when the next one that does compares.
 */
export function documentHistory(db: Db, platformId: string, runId: string): { documents: DocumentHistory[] } {
  return {
    documents: listDocuments(db, { platformId, excludeRun: runId, judgedBy: agreementChanges.id }).map((d) => ({
      url: d.url,
      kind: d.kind,
      title: d.title,
      versions: d.versions.map(({ version, sha256: hash, text, firstSeenAt, lastSeenAt }) => ({ version, sha256: hash, text, firstSeenAt, lastSeenAt })),
    })),
  };
}
