// The campaign file (抽查任务) of shared/spec/formats.md: what is drawn, from where, at what
// ratios, and who may inspect. Unknown keys are rejected so that a misspelt "minInspector"
// cannot silently fall back to a default.
import { z } from 'zod';
import { CHECK_IDS } from '../../rules/check-ids.js';
import { CATALOGUE_CHECKS, INSPECTION_ITEMS } from './items.js';

export const RISK_CLASSES = ['low', 'general', 'higher', 'high'] as const;
/**
 * A platform's class may also be 未分类, not yet classified: drawn as a stratum of its own (draw.ts),
 * never counted as general, at `ratios.unclassified`, which falls under no rising order.
 */
export const PLATFORM_RISKS = [...RISK_CLASSES, 'unclassified'] as const;
export type RiskClass = (typeof PLATFORM_RISKS)[number];
export const RISK_NAMES: Record<RiskClass, string> = { low: '低风险', general: '一般风险', higher: '较高风险', high: '高风险', unclassified: '未分类' };

const LEVEL_DIGITS = { province: 2, city: 4, county: 6 } as const;

const KNOWN_CHECKS = new Set([...INSPECTION_ITEMS.map((i) => i.id), ...Object.keys(CATALOGUE_CHECKS), ...CHECK_IDS]);

/** Whether a campaign may name `id`: a check of shared/spec/checks.md or an inspection item item-1 … item-16. */
export const isKnownCheck = (id: string): boolean => KNOWN_CHECKS.has(id);

/** The significant digits of a division code: 140000 → "14", 140500 → "1405", 140521 → "140521". */
export function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

/** Whether a platform's or inspector's division code lies in a campaign's region. */
export function inRegion(code: string | undefined, region: string): boolean {
  return code !== undefined && code.startsWith(regionPrefix(region));
}

const share = z.number({ message: 'expected a share between 0 and 1, such as 0.5' }).min(0, { message: 'expected a share between 0 and 1, such as 0.5' }).max(1, { message: 'expected a share between 0 and 1, such as 0.5' });
const isoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

export const campaignSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, { message: 'expected an identifier of lowercase letters, digits and hyphens ([a-z0-9-]+)' }),
    name: z.string().trim().min(1, { message: 'expected the campaign\'s name' }),
    level: z.enum(['province', 'city', 'county'], { message: 'expected province, city or county' }),
    region: z.string().regex(/^\d{6}$/, { message: 'expected a 6-digit administrative division code such as 140500' }),
    ratio: share.optional(),
    ratios: z.strictObject({ low: share, general: share, higher: share, high: share, unclassified: share.optional() }).optional(),
    minInspectors: z.number().int().min(2, { message: 'expected a whole number of at least 2: an inspection needs two certified officers' }).default(2),
    assistants: z.number().int().min(0, { message: 'expected a whole number of uncertified assistants per target, 0 or more' }).default(0),
    specialties: z.array(z.string().trim().min(1)).default(['网络交易']),
    checks: z
      .array(z.string().refine((c) => KNOWN_CHECKS.has(c), { message: `expected a check of shared/spec/checks.md or an inspection item item-1 … item-16` }))
      .min(1, { message: 'expected at least one check or inspection item' }),
    window: z.strictObject({ from: isoDate, to: isoDate }),
    deadline: isoDate.optional(),
    exclude: z.array(z.string().min(1)).default([]),
  })
  .superRefine((c, ctx) => {
    if ((c.ratio === undefined) === (c.ratios === undefined)) ctx.addIssue({ code: 'custom', path: ['ratios'], message: 'expected either "ratio" (one share for all) or "ratios" (one per risk class), not both or neither' });
    if (c.ratios) {
      for (let i = 1; i < RISK_CLASSES.length; i++) {
        const [lower, higher] = [RISK_CLASSES[i - 1]!, RISK_CLASSES[i]!];
        if (c.ratios[higher] < c.ratios[lower]) ctx.addIssue({ code: 'custom', path: ['ratios', higher], message: `expected ratios rising from low to high risk (分别递加比例): ${higher} ${c.ratios[higher]} is below ${lower} ${c.ratios[lower]}` });
      }
    }
    if (regionPrefix(c.region).length !== LEVEL_DIGITS[c.level]) ctx.addIssue({ code: 'custom', path: ['region'], message: `expected a ${c.level} code (${LEVEL_DIGITS[c.level]} significant digits, e.g. ${{ province: '140000', city: '140500', county: '140521' }[c.level]}); got ${c.region}` });
    if (c.window.to < c.window.from) ctx.addIssue({ code: 'custom', path: ['window', 'to'], message: `expected the window to end on or after ${c.window.from}` });
    if (c.deadline && c.deadline < c.window.to) ctx.addIssue({ code: 'custom', path: ['deadline'], message: `expected the deadline on or after the window's end ${c.window.to}` });
    const repeated = c.checks.filter((x, i) => c.checks.indexOf(x) !== i);
    if (repeated.length) ctx.addIssue({ code: 'custom', path: ['checks'], message: `expected each check once; repeated: ${[...new Set(repeated)].join(', ')}` });
  });

export type Campaign = z.output<typeof campaignSchema>;

/** The ratio a risk class is drawn at; undefined for 未分类 when the campaign's `ratios` name none. */
export function ratioOf(campaign: Campaign, risk: RiskClass): number | undefined {
  if (risk === 'unclassified') return campaign.ratios ? campaign.ratios.unclassified : campaign.ratio;
  return campaign.ratios?.[risk] ?? campaign.ratio ?? 0;
}
