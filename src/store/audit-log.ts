// The audit log (执法全过程记录): every review act, hand-off and account event, appended and never
// changed (triggers of migration 5 refuse updates and deletes).
import type { Db } from './database.js';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  inspectionId: number | null;
  subject: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditRecord {
  actor: string | null;
  action: string;
  inspectionId?: number | null;
  subject?: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export function appendAudit(db: Db, e: AuditRecord): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, inspection_id, subject, before, after, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    new Date().toISOString(),
    e.actor,
    e.action,
    e.inspectionId ?? null,
    e.subject ?? null,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
    e.ip ?? null,
  );
}

export interface AuditFilter {
  inspectionId?: number;
  actor?: string;
  /** UTC ISO bounds, [from, to). */
  from?: string;
  to?: string;
  limit?: number;
}

export function listAudit(db: Db, filter: AuditFilter = {}): AuditEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.inspectionId !== undefined) (where.push('inspection_id = ?'), args.push(filter.inspectionId));
  if (filter.actor !== undefined) (where.push('actor = ?'), args.push(filter.actor));
  if (filter.from !== undefined) (where.push('at >= ?'), args.push(filter.from));
  if (filter.to !== undefined) (where.push('at < ?'), args.push(filter.to));
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC ${filter.limit ? `LIMIT ${Math.floor(filter.limit)}` : ''}`;
  const rows = db.prepare(sql).all(...args) as { seq: number; at: string; actor: string | null; action: string; inspection_id: number | null; subject: string | null; before: string | null; after: string | null; ip: string | null }[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    inspectionId: r.inspection_id,
    subject: r.subject,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    ip: r.ip,
  }));
}
