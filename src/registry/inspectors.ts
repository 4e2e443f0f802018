// The inspector roster (执法检查人员名录库) of shared/spec/formats.md: who may be matched to a
// drawn platform. Only an inspector with a 执法证号 (`certificate`) may inspect; one without may
// only assist. `avoid` names the platforms the inspector must not be matched with (回避).
import { z } from 'zod';
import { InputFileError, readTableFile } from '../roster/table-file.js';

/** A semicolon-separated cell (full-width ； too, as typed in Chinese spreadsheets), or a JSON array. */
const list = z
  .union([z.string(), z.array(z.string())], { message: 'expected a semicolon-separated list' })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[;；]/)).map((s) => s.trim()).filter(Boolean))
  .optional()
  .transform((v) => v ?? []);

export const inspectorRecordSchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9._-]+$/, { message: 'expected an identifier of letters, digits, ".", "_" and "-"' }),
  name: z.string({ message: 'expected the inspector\'s name' }).trim().min(1, { message: 'expected the inspector\'s name' }),
  unit: z.string({ message: 'expected the bureau or section (unit)' }).trim().min(1, { message: 'expected the bureau or section (unit)' }),
  region: z.string({ message: 'expected a 6-digit administrative division code such as 140500' }).trim().regex(/^\d{6}$/, { message: 'expected a 6-digit administrative division code such as 140500' }),
  certificate: z.string().trim().min(1).optional(),
  specialties: list,
  avoid: list.pipe(z.array(z.string().regex(/^[a-z0-9-]+$/, { message: 'expected platform ids ([a-z0-9-]+) separated by ";"' }))),
});

export type Inspector = z.output<typeof inspectorRecordSchema>;

export function readInspectorRoster(file: string): Inspector[] {
  const rows = readTableFile(file, inspectorRecordSchema, ['id', 'name', 'unit', 'region']);
  const problems: string[] = [];
  // Two rows with one id, or two inspectors with one 执法证号, are a data-entry error that
  // would give one person two chances in the draw.
  for (const key of ['id', 'certificate'] as const) {
    const firstSeen = new Map<string, string>();
    for (const row of rows) {
      const value = row.value[key];
      if (value === undefined) continue;
      const earlier = firstSeen.get(value);
      if (earlier) problems.push(`${row.where}, field "${key}": expected a unique ${key}; "${value}" is already used at ${earlier}`);
      else firstSeen.set(value, row.where);
    }
  }
  if (problems.length) throw new InputFileError(file, problems);
  return rows.map((r) => r.value);
}
