// The platform roster (电子商务平台经营者名录库) of shared/spec/formats.md.
import { z } from 'zod';
import type { PlatformRecord } from '../../rules/types.js';
import { InputFileError, readTableFile } from './table-file.js';

const RISK_CLASSES = ['low', 'general', 'higher', 'high'] as const;

const optionalText = z.string().trim().min(1).optional();

export const platformRecordSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9-]+$/, { message: 'expected an identifier of lowercase letters, digits and hyphens ([a-z0-9-]+)' }),
  name: z.string({ message: 'expected the registered name (企业名称)' }).trim().min(1, { message: 'expected the registered name (企业名称)' }),
  uscc: z
    .string({ message: 'expected the 统一社会信用代码' })
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'expected an 18-character 统一社会信用代码 (digits and A–Y without I, O, S, V, Z)' })),
  url: z
    .string({ message: 'expected the homepage URL' })
    .trim()
    .refine((s) => {
      try {
        return ['http:', 'https:'].includes(new URL(s).protocol);
      } catch {
        return false;
      }
    }, { message: 'expected an http or https URL of the homepage' }),
  platform: optionalText,
  region: z.string().trim().regex(/^\d{6}$/, { message: 'expected a 6-digit administrative division code such as 140500' }).optional(),
  risk: z.enum(RISK_CLASSES, { message: `expected one of ${RISK_CLASSES.join(', ')}` }).default('general'),
});

export function readPlatformRoster(file: string): PlatformRecord[] {
  const rows = readTableFile(file, platformRecordSchema, ['id', 'name', 'uscc', 'url']);
  const firstSeen = new Map<string, string>();
  const problems: string[] = [];
  for (const row of rows) {
    const earlier = firstSeen.get(row.value.id);
    if (earlier) problems.push(`${row.where}, field "id": expected a unique id; "${row.value.id}" is already used at ${earlier}`);
    else firstSeen.set(row.value.id, row.where);
  }
  if (problems.length) throw new InputFileError(file, problems);
  return rows.map((r) => r.value);
}
