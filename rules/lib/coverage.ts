// What a check needed against what the visit got. A check that needs every page of a set (every
// search, every sampled shop) is compliant only when it saw them all: over part of them its
// verdict is needs-review, over none not-checked, and the finding says how many and why.
import type { NotCheckedReason, Verdict } from '../types.js';
import { NOT_CHECKED_WORDS } from './verdicts.js';

export interface Coverage {
  /** What the check needed, as an inspector reads it: 搜索结果页, 店铺页面. */
  what: string;
  needed: number;
  seen: number;
  /** Why the rest were not seen, each reason with its count, most frequent first. */
  missing: { reason: NotCheckedReason; count: number }[];
}

/** Coverage over the pages a check needed, each with the reason it could not be judged (null when it was). */
export function coverageOf(what: string, reasons: readonly (NotCheckedReason | null)[]): Coverage {
  const counts = new Map<NotCheckedReason, number>();
  for (const r of reasons) if (r) counts.set(r, (counts.get(r) ?? 0) + 1);
  const missing = [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  return { what, needed: reasons.length, seen: reasons.filter((r) => r === null).length, missing };
}

/** The verdict over what was seen, bounded by what was not: compliant only over everything needed. */
export function coveredVerdict(verdict: Verdict, c: Coverage): Verdict {
  if (c.seen === 0) return 'not-checked';
  return verdict === 'compliant' && c.seen < c.needed ? 'needs-review' : verdict;
}

/** The reason a partly or wholly unseen check names: the most frequent one. */
export function coverageReason(c: Coverage): NotCheckedReason | null {
  return c.seen < c.needed ? (c.missing[0]?.reason ?? 'page-kind-not-found') : null;
}

/** "已检查 7/10 个搜索结果页，3 个未能检查（页面加载超时 2 个、服务器返回错误 1 个）", or '' over full coverage. */
export function coverageText(c: Coverage): string {
  if (c.seen >= c.needed) return '';
  const why = c.missing.map((m) => `${NOT_CHECKED_WORDS[m.reason]} ${m.count} 个`).join('、');
  return `已检查 ${c.seen}/${c.needed} 个${c.what}，${c.needed - c.seen} 个未能检查（${why}）`;
}
