// The list a sweep goes through: self-built sites (网站名称, 网址 or 域名, 经营者名称, 统一社会信用代码,
// 所属区划) or in-platform shops (平台, 店铺网址, 店铺名称, 经营者名称 …), read like a roster (XLSX or
// CSV in UTF-8 or GBK, title rows, Chinese headers) and refused whole, every problem named by row
// and column.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SweepKind } from '../../rules/sweep.js';
import { webAddress } from '../roster/platforms.js';
import { type Headers, InputFileError, readTableFile } from '../roster/table-file.js';

export const SWEEP_HEADERS: Headers = {
  id: ['编号'],
  url: ['网址', '域名', '网站地址', '店铺网址', '店铺链接', '店铺地址'],
  site: ['网站名称', '店铺名称'],
  name: ['经营者名称', '企业名称', '主体名称'],
  uscc: ['统一社会信用代码'],
  region: ['所属区划', '行政区划代码', '登记机关'],
  platform: ['平台', '平台名称', '所属平台'],
};

const optionalText = z.string().trim().min(1).optional();

const targetRowSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]*$/, { message: 'expected an identifier of lowercase letters, digits, dots and hyphens' }).optional(),
  url: webAddress('expected the site or shop URL (网址), or the site\'s domain', 'expected an http or https URL, or a domain such as www.example.cn'),
  site: optionalText,
  name: optionalText,
  uscc: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'expected an 18-character 统一社会信用代码 (digits and A–Y without I, O, S, V, Z), or the cell left empty' }))
    .optional(),
  region: z.string().trim().regex(/^\d{6}$/, { message: 'expected a 6-digit administrative division code such as 140500' }).optional(),
  platform: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected the platform\'s id as in the platform roster (lowercase letters, digits, hyphens)' }).optional(),
});

/** One site or shop to sweep. */
export interface SweepTarget {
  /** Unique in the list: the id column, else made from the URL; the target's evidence folder. */
  id: string;
  kind: SweepKind;
  url: string;
  /** 网站名称 or 店铺名称. */
  site?: string | undefined;
  name?: string | undefined;
  uscc?: string | undefined;
  region?: string | undefined;
  /** The shop's platform (its roster id); for a self-built site, its own id. */
  platform: string;
}

/** An id from the URL: host and path in lowercase letters, digits, dots and hyphens, short. */
function idOf(url: string): string {
  const u = new URL(url);
  const slug = `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}`.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.length <= 60 ? slug : `${slug.slice(0, 50)}-${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
}

/** The list's kind when the command does not say: shops when it has a platform column. */
export async function readSweepTargets(file: string, kind?: SweepKind): Promise<{ kind: SweepKind; targets: SweepTarget[] }> {
  const rows = await readTableFile(file, targetRowSchema, ['url'], SWEEP_HEADERS);
  const listKind: SweepKind = kind ?? (rows.some((r) => r.written.platform !== undefined || r.value.platform !== undefined) ? 'shop' : 'self-built');
  const problems: string[] = [];
  const byUrl = new Map<string, string>();
  const byId = new Map<string, string>();
  const targets: SweepTarget[] = [];
  for (const { value, where, written } of rows) {
    const url = new URL(value.url).href;
    const earlier = byUrl.get(url);
    if (earlier) {
      problems.push(`${where}, field "${written.url ?? 'url'}": ${url} is already listed at ${earlier}`);
      continue;
    }
    byUrl.set(url, where);
    if (listKind === 'shop' && !value.platform) {
      problems.push(`${where}, field "${written.platform ?? 'platform'}": expected the shop's platform (平台), its id as in the platform roster`);
      continue;
    }
    let id = value.id ?? idOf(url);
    if (byId.has(id)) {
      if (value.id) {
        problems.push(`${where}, field "${written.id ?? 'id'}": expected a unique id; "${id}" is already used at ${byId.get(id)}`);
        continue;
      }
      id = `${id}-${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
    }
    byId.set(id, where);
    targets.push({ id, kind: listKind, url, site: value.site, name: value.name, uscc: value.uscc, region: value.region, platform: listKind === 'shop' ? value.platform! : id });
  }
  if (problems.length) throw new InputFileError(file, problems);
  return { kind: listKind, targets };
}
