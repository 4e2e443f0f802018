// The platform roster (电子商务平台经营者名录库) of shared/spec/formats.md, with the headers
// offices' own rosters use: 企业名称, 统一社会信用代码, 网址, 登记机关, 信用风险分类 ….
import { z } from 'zod';
import type { PlatformRecord } from '../../rules/types.js';
import { PLATFORM_RISKS, type RiskClass } from '../campaign/campaign.js';
import { type Headers, InputFileError, readTableFile } from './table-file.js';

export const PLATFORM_HEADERS: Headers = {
  name: ['企业名称', '主体名称', '经营者名称'],
  uscc: ['统一社会信用代码'],
  url: ['网址', '域名', '网站地址'],
  platform: ['平台名称', '网站名称'],
  region: ['登记机关', '所属区划', '行政区划代码'],
  risk: ['信用风险分类', '风险等级'],
  status: ['经营状态', '登记状态', '企业状态'],
};

/** 经营状态 as the 国家企业信用信息公示系统 writes it. */
export const PLATFORM_STATUSES = ['存续', '在业', '注销', '吊销', '停业'] as const;
export type PlatformStatus = (typeof PLATFORM_STATUSES)[number];
/** A platform in one of these is no longer trading: never drawn, never suggested for a check. */
export const CLOSED_STATUSES: readonly PlatformStatus[] = ['注销', '吊销', '停业'];

/**
 * 存续（在营、开业、在册） is 存续, as are 在营, 开业 and 在册 alone; 吊销，未注销 is 吊销 and
 * 吊销，已注销 is 注销. Anything else is left for the enum to refuse.
 */
function statusOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.normalize('NFKC').replace(/\s+/g, '');
  const head = text.replace(/\(.*$/, '');
  if (['在营', '开业', '在册'].includes(head)) return '存续';
  if (head.startsWith('吊销')) return /已注销/.test(head) ? '注销' : '吊销';
  return head;
}

/** 企业信用风险分类 as offices write it: A–D classes, their Chinese names, or the English ones. */
const RISK_WRITTEN: Readonly<Record<string, RiskClass>> = {
  a: 'low', b: 'general', c: 'higher', d: 'high',
  低: 'low', 一般: 'general', 较高: 'higher', 高: 'high', 未分类: 'unclassified',
  ...Object.fromEntries(PLATFORM_RISKS.map((r) => [r, r])),
};

/** A, A类, 低, 低风险 and low are one class; anything else is left for the enum to refuse. */
function riskOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const key = value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return RISK_WRITTEN[key] ?? RISK_WRITTEN[key.replace(/类$/, '')] ?? RISK_WRITTEN[key.replace(/风险$/, '')] ?? value;
}

/** A bare domain (www.example.cn, as 域名 columns hold) is the site's https homepage. */
function homepageOf(value: unknown): unknown {
  if (typeof value !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(value.trim())) return value;
  return /^[^\s/:?#]+\.[^\s/:?#.]+(:\d+)?([/?#]|$)/.test(value.trim()) ? `https://${value.trim()}` : value;
}

const optionalText = z.string().trim().min(1).optional();

/** An http(s) URL, or a bare domain read as its homepage; `missing` and `invalid` say what was expected. */
export function webAddress(missing: string, invalid: string) {
  return z.preprocess(
    homepageOf,
    z
      .string({ message: missing })
      .trim()
      .refine((s) => {
        try {
          return ['http:', 'https:'].includes(new URL(s).protocol);
        } catch {
          return false;
        }
      }, { message: invalid }),
  );
}

export const platformRecordSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9-]+$/, { message: 'expected an identifier of lowercase letters, digits and hyphens ([a-z0-9-]+)' }).optional(),
  name: z.string({ message: 'expected the registered name (企业名称)' }).trim().min(1, { message: 'expected the registered name (企业名称)' }),
  uscc: z
    .string({ message: 'expected the 统一社会信用代码' })
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'expected an 18-character 统一社会信用代码 (digits and A–Y without I, O, S, V, Z)' })),
  url: webAddress('expected the homepage URL', 'expected an http or https URL of the homepage, or its domain'),
  platform: optionalText,
  region: z.string().trim().regex(/^\d{6}$/, { message: 'expected a 6-digit administrative division code such as 140500 (a 登记机关 given by its name is not read: write its 行政区划代码)' }).optional(),
  status: z.preprocess(statusOf, z.enum(PLATFORM_STATUSES, { message: `expected a 经营状态: ${PLATFORM_STATUSES.join(', ')}` })).optional(),
  risk: z.preprocess(riskOf, z.enum(PLATFORM_RISKS, { message: `expected one of ${PLATFORM_RISKS.join(', ')} (A, B, C, D; 低, 一般, 较高, 高; 未分类)` })).default('general'),
});

export async function readPlatformRoster(file: string): Promise<PlatformRecord[]> {
  const rows = await readTableFile(file, platformRecordSchema, ['name', 'uscc', 'url'], PLATFORM_HEADERS);
  // Without an id a platform is keyed by its 统一社会信用代码, in lower case as ids are written:
  // the same code gives the same id on every import, so its draws, scans, evidence folder and
  // inspections stay its own.
  const keyed = rows.map((r) => ({ ...r, key: r.value.id === undefined ? ('uscc' as const) : ('id' as const), value: { ...r.value, id: r.value.id ?? r.value.uscc.toLowerCase() } }));
  const firstSeen = new Map<string, string>();
  const problems: string[] = [];
  for (const row of keyed) {
    const earlier = firstSeen.get(row.value.id);
    const what = row.key === 'id' ? 'id' : '统一社会信用代码 (the platform\'s key where it has no id)';
    if (earlier) problems.push(`${row.where}, field "${row.written[row.key] ?? row.key}": expected a unique ${what}; "${row.value[row.key]}" is already used at ${earlier}`);
    else firstSeen.set(row.value.id, row.where);
  }
  if (problems.length) throw new InputFileError(file, problems);
  return keyed.map((r) => r.value);
}
