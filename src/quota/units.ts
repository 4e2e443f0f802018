// The units file: each county bureau and city section that must run at least one online check a
// month (seeds/003 三（二）), with its jurisdiction. CSV or JSON like the rosters; README "Monthly
// online checks (quota)" documents the columns.
import { z } from 'zod';
import { InputFileError, readTableFile } from '../roster/table-file.js';
import { listUsers, type User } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { UNIT_KINDS, type Unit } from '../store/units.js';

const codes = z
  .union([z.string(), z.array(z.string())], { message: 'expected semicolon-separated 6-digit division codes' })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[;；]/)).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\d{6}$/, { message: 'expected 6-digit administrative division codes such as 640502, separated by ";"' })).min(1, { message: 'expected at least one division code: the unit\'s jurisdiction' }));

// CSV cells are text: "2" is read as 2, but "two" or "1.5" are refused.
const QUOTA = 'expected a whole number of online checks a month, 0 or more';
const quota = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v), z.number({ message: QUOTA }).int({ message: QUOTA }).min(0, { message: QUOTA })).default(1);

export const unitRecordSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9-]+$/, { message: 'expected an identifier of lowercase letters, digits and hyphens ([a-z0-9-]+)' }),
  name: z.string({ message: 'expected the unit\'s name, e.g. 沙坡头区市场监督管理局' }).trim().min(1, { message: 'expected the unit\'s name, e.g. 沙坡头区市场监督管理局' }),
  kind: z.enum(UNIT_KINDS, { message: 'expected county, city-section or city' }),
  regions: codes,
  quota,
  parent: z.string().trim().min(1).optional(),
});

export async function readUnitFile(file: string): Promise<Unit[]> {
  const rows = await readTableFile(file, unitRecordSchema, ['id', 'name', 'kind', 'regions']);
  const problems: string[] = [];
  for (const key of ['id', 'name'] as const) {
    const firstSeen = new Map<string, string>();
    for (const row of rows) {
      const earlier = firstSeen.get(row.value[key]);
      if (earlier) problems.push(`${row.where}, field "${key}": expected a unique ${key}; "${row.value[key]}" is already used at ${earlier}`);
      else firstSeen.set(row.value[key], row.where);
    }
  }
  const ids = new Set(rows.map((r) => r.value.id));
  for (const row of rows) {
    const parent = row.value.parent;
    if (parent !== undefined && !ids.has(parent)) problems.push(`${row.where}, field "parent": expected the id of another unit in this file; got "${parent}"`);
    if (parent === row.value.id) problems.push(`${row.where}, field "parent": a unit cannot be its own parent`);
  }
  if (problems.length) throw new InputFileError(file, problems);
  return rows.map(({ value: u }) => ({ id: u.id, name: u.name, kind: u.kind, regions: u.regions, quota: u.quota, parent: u.parent ?? null }));
}

/** The unit and every unit below it (parent chains), for a bureau that answers for its sections. */
export function unitAndChildren(units: readonly Unit[], id: string): Unit[] {
  const out: Unit[] = [];
  const visit = (uid: string) => {
    for (const u of units) {
      if ((u.id === uid || u.parent === uid) && !out.includes(u)) {
        out.push(u);
        if (u.id !== uid) visit(u.id);
      }
    }
  };
  visit(id);
  return out;
}

/** Accounts (the inspector roster's `unit`) whose unit is the unit's id or name, disabled ones left out. */
export function unitMembers(db: Db, unit: Unit): User[] {
  return listUsers(db).filter((u) => u.disabledAt === null && belongsTo(u.unit, unit));
}

/** Whether a unit string (an account's, an inspection's) names the unit: rosters write the name, files may use the id. */
export function belongsTo(unitText: string | null | undefined, unit: Unit): boolean {
  return unitText === unit.id || unitText === unit.name;
}
