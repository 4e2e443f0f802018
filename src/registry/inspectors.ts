// The inspector roster (执法检查人员名录库) of shared/spec/formats.md: who may be matched to a
// drawn platform, with the headers offices' own rosters use (姓名, 所属单位, 执法证号 …). Only an
// inspector with a 执法证号 (`certificate`) may inspect; one without may only assist. `avoid`
// names the platforms the inspector must not be matched with (回避), by id or 统一社会信用代码.
import { z } from 'zod';
import { type Headers, InputFileError, readTableFile } from '../roster/table-file.js';

export const INSPECTOR_HEADERS: Headers = {
  id: ['编号'],
  name: ['姓名'],
  unit: ['单位', '所属单位'],
  region: ['区划', '行政区划代码'],
  certificate: ['执法证号', '执法证件号'],
  specialties: ['专业领域', '业务专长'],
  avoid: ['回避', '回避对象'],
  validUntil: ['执法证有效期', '执法证有效期至', '有效期至'],
  status: ['状态', '在岗状态', '人员状态'],
};

/** 在岗 may be drawn; one 调动 (being transferred) or 退休 may not, and 退休 loses the login. */
export const INSPECTOR_STATUSES = ['在岗', '调动', '退休'] as const;
export type InspectorStatus = (typeof INSPECTOR_STATUSES)[number];

const DATE_MESSAGE = 'expected the last day the 执法证 is valid, as 2027-06-30, 2027/6/30 or 2027年6月30日';

const DAY = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.source;
const DAY_OR_SPAN = new RegExp(`^(?:${DAY}\\s*[至到~—-]\\s*)?${DAY}$`);

/**
 * A date as offices type it (2027-06-30, 2027/6/30, 2027.6.30, 2027年6月30日) as YYYY-MM-DD; of a
 * span (2022年7月1日至2027年6月30日) the end. Anything else is left for the schema to refuse.
 */
export function dayOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = DAY_OR_SPAN.exec(value.normalize('NFKC').trim());
  return m ? `${m[4]}-${m[5]!.padStart(2, '0')}-${m[6]!.padStart(2, '0')}` : value;
}

/** 2027-02-30 is no day: Date rolls it over, and the round trip tells. */
const isDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

const list = z
  .union([z.string(), z.array(z.string())], { message: 'expected a semicolon-separated list' })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[;；、,，]/)).map((s) => s.trim()).filter(Boolean))
  .optional()
  .transform((v) => v ?? []);

const ID = /^[A-Za-z0-9._-]+$/;

export const inspectorRecordSchema = z.object({
  id: z.string().trim().regex(ID, { message: 'expected an identifier of letters, digits, ".", "_" and "-"' }).optional(),
  name: z.string({ message: 'expected the inspector\'s name' }).trim().min(1, { message: 'expected the inspector\'s name' }),
  unit: z.string({ message: 'expected the bureau or section (unit)' }).trim().min(1, { message: 'expected the bureau or section (unit)' }),
  region: z.string({ message: 'expected a 6-digit administrative division code such as 140500' }).trim().regex(/^\d{6}$/, { message: 'expected a 6-digit administrative division code such as 140500' }),
  certificate: z.string().trim().min(1).optional(),
  specialties: list,
  // Lower case, as platform ids and the keys of platforms without one (their 统一社会信用代码) are.
  avoid: list.pipe(z.array(z.string().regex(/^[a-z0-9-]+$/i, { message: 'expected platform ids ([a-z0-9-]+) or 统一社会信用代码 separated by ";"' }).transform((s) => s.toLowerCase()))),
  // Absent unless the roster has the column, so a roster without it keeps its records' hashes
  // (src/draw/record.ts) and the draws made from it still verify.
  validUntil: z.preprocess(dayOf, z.string({ message: DATE_MESSAGE }).refine(isDay, { message: DATE_MESSAGE })).optional(),
  status: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '') : v), z.enum(INSPECTOR_STATUSES, { message: `expected a 状态: ${INSPECTOR_STATUSES.join(', ')}` })).optional(),
});

export type Inspector = z.output<typeof inspectorRecordSchema> & { id: string };

export async function readInspectorRoster(file: string): Promise<Inspector[]> {
  const rows = await readTableFile(file, inspectorRecordSchema, ['name', 'unit', 'region'], INSPECTOR_HEADERS);
  const problems: string[] = [];
  // Two rows with one id, or two inspectors with one 执法证号, are a data-entry error that
  // would give one person two chances in the draw.
  const firstSeen = { id: new Map<string, string>(), certificate: new Map<string, string>() };
  const unique = (key: 'id' | 'certificate', value: string | undefined, where: string, header: string | undefined): boolean => {
    if (value === undefined) return true;
    const earlier = firstSeen[key].get(value);
    if (earlier) problems.push(`${where}, field "${header ?? key}": expected a unique ${key}; "${value}" is already used at ${earlier}`);
    else firstSeen[key].set(value, where);
    return !earlier;
  };
  // Without an id an inspector is known by the 执法证号, which stays with the officer and names
  // the account to log in with; one written with other characters (浙执…), or none (an
  // assistant), cannot be an id, and the roster must give one (编号).
  const inspectors: Inspector[] = [];
  for (const { value, where, written } of rows) {
    const certificateUnique = unique('certificate', value.certificate, where, written.certificate);
    const id = value.id ?? value.certificate;
    if (id === undefined || !ID.test(id)) {
      problems.push(`${where}, field "${written.id ?? 'id'}": expected an id (编号): ${id === undefined ? 'there is no 执法证号 to use as one' : `the 执法证号 "${id}" holds characters an id cannot (letters, digits, ".", "_", "-")`}`);
      continue;
    }
    // An id taken from a repeated 执法证号 is named once, as the 执法证号.
    if (value.id !== undefined || certificateUnique) unique('id', id, where, value.id === undefined ? written.certificate : written.id);
    inspectors.push({ ...value, id });
  }
  if (problems.length) throw new InputFileError(file, problems);
  return inspectors;
}

/**
 * Whether a 执法证 was past its last day (validUntil, 北京时间) on `day` (YYYY-MM-DD): the draw, a
 * routine check, a signature and the accounts page all ask it. No certificate, or no date, is not.
 */
export const certificateExpired = (holder: { certificate?: string | null; validUntil?: string | null }, day: string): boolean =>
  Boolean(holder.certificate && holder.validUntil && holder.validUntil < day);
