// Versions of the online check record (网上检查记录表): a draft, signed by each matched inspector,
// corrected by a new version. A signed version's content is locked (triggers of migration 5);
// who may sign or correct is src/review's rule.
import type { Db } from './database.js';

export interface Signature {
  inspector: string;
  at: string;
}

export interface RecordFormVersion {
  id: number;
  inspectionId: number;
  version: number;
  status: 'draft' | 'signed' | 'superseded';
  content: unknown;
  contentSha256: string | null;
  signatures: Signature[];
  pdfPath: string | null;
  pdfSha256: string | null;
  createdAt: string;
  signedAt: string | null;
  correctionOf: number | null;
  correctionReason: string | null;
}

interface RecordFormRow {
  id: number;
  inspection_id: number;
  version: number;
  status: RecordFormVersion['status'];
  content: string | null;
  content_sha256: string | null;
  signatures: string;
  pdf_path: string | null;
  pdf_sha256: string | null;
  created_at: string;
  signed_at: string | null;
  correction_of: number | null;
  correction_reason: string | null;
}

const formOf = (r: RecordFormRow): RecordFormVersion => ({
  id: r.id,
  inspectionId: r.inspection_id,
  version: r.version,
  status: r.status,
  content: r.content === null ? null : JSON.parse(r.content),
  contentSha256: r.content_sha256,
  signatures: JSON.parse(r.signatures) as Signature[],
  pdfPath: r.pdf_path,
  pdfSha256: r.pdf_sha256,
  createdAt: r.created_at,
  signedAt: r.signed_at,
  correctionOf: r.correction_of,
  correctionReason: r.correction_reason,
});

export function recordFormVersions(db: Db, inspectionId: number): RecordFormVersion[] {
  return (db.prepare('SELECT * FROM record_forms WHERE inspection_id = ? ORDER BY version').all(inspectionId) as RecordFormRow[]).map(formOf);
}

/** The newest version: the one being signed or corrected, or the signed one. */
export function currentRecordForm(db: Db, inspectionId: number): RecordFormVersion | undefined {
  const row = db.prepare('SELECT * FROM record_forms WHERE inspection_id = ? ORDER BY version DESC LIMIT 1').get(inspectionId) as RecordFormRow | undefined;
  return row && formOf(row);
}

export function attachPdf(db: Db, recordFormId: number, path: string, sha256: string): void {
  // The PDF is printed from the signed content, so it may be attached after signing.
  db.prepare('UPDATE record_forms SET pdf_path = ?, pdf_sha256 = ? WHERE id = ?').run(path, sha256, recordFormId);
}

export interface SignedCheck {
  recordFormId: number;
  inspectionId: number;
  platformId: string;
  /** A draw's target, or a unit's own check (每月线上检查). */
  origin: 'draw' | 'routine';
  unit: string | null;
  inspectors: string[];
  /** When this version was signed. */
  signedAt: string;
  /** When the check was first signed: a correction does not move the check to another month. */
  firstSignedAt: string;
  content: unknown;
}

/** Checks whose record form is signed (the current signed version of each), first signed in [from, to) (UTC ISO). */
export function signedRecordForms(db: Db, range: { from: string; to: string }): SignedCheck[] {
  const rows = db
    .prepare(
      `SELECT f.id, f.inspection_id, f.signed_at, f.content, i.platform_id, i.origin, i.unit, i.inspectors,
              (SELECT MIN(g.signed_at) FROM record_forms g WHERE g.inspection_id = f.inspection_id AND g.signed_at IS NOT NULL) AS first_signed_at
       FROM record_forms f JOIN inspections i ON i.id = f.inspection_id
       WHERE f.status = 'signed'`,
    )
    .all() as { id: number; inspection_id: number; signed_at: string; content: string; platform_id: string; origin: 'draw' | 'routine'; unit: string | null; inspectors: string; first_signed_at: string }[];
  return rows
    .filter((r) => r.first_signed_at >= range.from && r.first_signed_at < range.to)
    .map((r) => ({
      recordFormId: r.id,
      inspectionId: r.inspection_id,
      platformId: r.platform_id,
      origin: r.origin,
      unit: r.unit,
      inspectors: JSON.parse(r.inspectors) as string[],
      signedAt: r.signed_at,
      firstSignedAt: r.first_signed_at,
      content: JSON.parse(r.content),
    }));
}

export interface NewRecordForm {
  inspectionId: number;
  version: number;
  content: unknown;
  contentSha256: string | null;
  signatures?: Signature[];
  signedAt?: string | null;
  correctionOf?: number;
  correctionReason?: string;
}

/** Stores a new draft version; returns its id. */
export function insertRecordForm(db: Db, f: NewRecordForm): number {
  const r = db
    .prepare(
      `INSERT INTO record_forms (inspection_id, version, status, content, content_sha256, signatures, signed_at, created_at, correction_of, correction_reason)
       VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(f.inspectionId, f.version, JSON.stringify(f.content), f.contentSha256, JSON.stringify(f.signatures ?? []), f.signedAt ?? null, new Date().toISOString(), f.correctionOf ?? null, f.correctionReason ?? null);
  return Number(r.lastInsertRowid);
}

/** A draft version's content and signatures as they now stand. */
export function updateRecordForm(db: Db, id: number, f: { content: unknown; contentSha256: string | null; signatures: Signature[]; signedAt: string | null }): void {
  db.prepare('UPDATE record_forms SET content = ?, content_sha256 = ?, signatures = ?, signed_at = ? WHERE id = ?').run(JSON.stringify(f.content), f.contentSha256, JSON.stringify(f.signatures), f.signedAt, id);
}

export function setRecordFormStatus(db: Db, id: number, status: RecordFormVersion['status']): void {
  db.prepare('UPDATE record_forms SET status = ? WHERE id = ?').run(status, id);
}
