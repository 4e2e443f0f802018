// Units (各县（区）局、市局各科室) with their jurisdiction and monthly online-check quota
// (seeds/003 三（二）), and the cases (案件) they report in the statistics table 附件2.
import type { Db } from './database.js';
import { InputError } from '../input-error.js';

export const UNIT_KINDS = ['county', 'city-section', 'city'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  /** 6-digit division codes of the jurisdiction. */
  regions: string[];
  /** Online checks a month. */
  quota: number;
  parent: string | null;
}

interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  regions: string;
  quota: number;
  parent: string | null;
}

const unitOf = (r: UnitRow): Unit => ({ id: r.id, name: r.name, kind: r.kind, regions: JSON.parse(r.regions) as string[], quota: r.quota, parent: r.parent });

/** Stores the units of a file; a unit already stored (same id) takes the file's values. */
export function importUnits(db: Db, units: readonly Unit[], source: string): void {
  const upsert = db.prepare(`
    INSERT INTO units (id, name, kind, regions, quota, parent, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, regions = excluded.regions, quota = excluded.quota,
      parent = excluded.parent, source = excluded.source, imported_at = excluded.imported_at`);
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const u of units) upsert.run(u.id, u.name, u.kind, JSON.stringify(u.regions), u.quota, u.parent, source, at);
  })();
}

/** City first, then the sections, then the county bureaus, each by id. */
export function listUnits(db: Db): Unit[] {
  const rows = db.prepare(`SELECT * FROM units ORDER BY CASE kind WHEN 'city' THEN 0 WHEN 'city-section' THEN 1 ELSE 2 END, id`).all() as UnitRow[];
  return rows.map(unitOf);
}

/** The unit an inspection or account names, by id or by name (rosters write the name). */
export function findUnit(db: Db, idOrName: string): Unit | undefined {
  const row = db.prepare('SELECT * FROM units WHERE id = ? OR name = ?').get(idOrName, idOrName) as UnitRow | undefined;
  return row && unitOf(row);
}

export class UnitStoreError extends InputError {
  override name = 'UnitStoreError';
}

export interface CaseRecord {
  id: number;
  unit: string;
  /** One of the case kinds of 附件2 (src/quota/cases.ts). */
  kind: string;
  platformId: string | null;
  decisionNo: string;
  fineYuan: number;
  /** 移送公安机关. */
  transferred: boolean;
  /** YYYY-MM-DD, the decision's date. */
  decidedOn: string;
  createdAt: string;
  createdBy: string | null;
}

interface CaseRow {
  id: number;
  unit: string;
  kind: string;
  platform_id: string | null;
  decision_no: string;
  fine_yuan: number;
  transferred: 0 | 1;
  decided_on: string;
  created_at: string;
  created_by: string | null;
}

const caseOf = (r: CaseRow): CaseRecord => ({
  id: r.id,
  unit: r.unit,
  kind: r.kind,
  platformId: r.platform_id,
  decisionNo: r.decision_no,
  fineYuan: r.fine_yuan,
  transferred: r.transferred === 1,
  decidedOn: r.decided_on,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export function addCase(db: Db, c: Omit<CaseRecord, 'id' | 'createdAt'>): CaseRecord {
  if (!db.prepare('SELECT 1 FROM units WHERE id = ?').get(c.unit)) throw new UnitStoreError(`no unit "${c.unit}": import the units file first (wangjian unit import)`);
  if (db.prepare('SELECT 1 FROM cases WHERE decision_no = ?').get(c.decisionNo)) throw new UnitStoreError(`a case with decision number "${c.decisionNo}" is recorded already`);
  const r = db
    .prepare(`INSERT INTO cases (unit, kind, platform_id, decision_no, fine_yuan, transferred, decided_on, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(c.unit, c.kind, c.platformId, c.decisionNo, c.fineYuan, c.transferred ? 1 : 0, c.decidedOn, new Date().toISOString(), c.createdBy);
  return caseOf(db.prepare('SELECT * FROM cases WHERE id = ?').get(r.lastInsertRowid) as CaseRow);
}

/** Cases decided in [from, to] (YYYY-MM-DD, inclusive), of the units named, or all. */
export function listCases(db: Db, filter: { from?: string; to?: string; units?: readonly string[] } = {}): CaseRecord[] {
  const rows = db.prepare('SELECT * FROM cases WHERE decided_on >= ? AND decided_on <= ? ORDER BY decided_on, id').all(filter.from ?? '0000-00-00', filter.to ?? '9999-99-99') as CaseRow[];
  return rows.map(caseOf).filter((c) => !filter.units || filter.units.includes(c.unit));
}
