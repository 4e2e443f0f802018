// Results entered on the provincial 双随机 platform (已录入): one mark a checked target, naming the
// signed record form version entered. Persistence only: when a mark may be made is src/quota's rule.
import type { Db } from './database.js';

export interface PlatformEntry {
  inspectionId: number;
  recordFormId: number;
  /** 北京时间 date, YYYY-MM-DD. */
  enteredOn: string;
  enteredBy: string;
  recordedAt: string;
  recordedBy: string;
}

const SELECT = `SELECT inspection_id AS inspectionId, record_form_id AS recordFormId, entered_on AS enteredOn, entered_by AS enteredBy,
  recorded_at AS recordedAt, recorded_by AS recordedBy FROM platform_entries`;

export function getPlatformEntry(db: Db, inspectionId: number): PlatformEntry | undefined {
  return db.prepare(`${SELECT} WHERE inspection_id = ?`).get(inspectionId) as PlatformEntry | undefined;
}

/** Stores the mark, or replaces the inspection's earlier one. */
export function putPlatformEntry(db: Db, e: PlatformEntry): void {
  db.prepare(
    `INSERT INTO platform_entries (inspection_id, record_form_id, entered_on, entered_by, recorded_at, recorded_by)
     VALUES (@inspectionId, @recordFormId, @enteredOn, @enteredBy, @recordedAt, @recordedBy)
     ON CONFLICT (inspection_id) DO UPDATE SET record_form_id = excluded.record_form_id, entered_on = excluded.entered_on,
       entered_by = excluded.entered_by, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
  ).run(e);
}
