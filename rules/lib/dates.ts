// Dates in Chinese notices: 2026年11月1日, 2026-11-01, 2026.11.01, 2026/11/1, and 11月1日 read in
// the year of the nearest full date before it (or of the capture). A change notice (修订公示,
// 征求意见) is read for its announcement date (公示/发布日期) and its effective date (生效日期,
// 自…起施行), which ECL 34 wants at least seven days apart.

export interface FoundDate {
  /** YYYY-MM-DD. */
  date: string;
  /** Where the date stands in the text, and the text as written. */
  index: number;
  text: string;
}

const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)|(?<![\d年.\-/])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g;

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/**
 * Every date of `text`, in order. A month and day without a year takes the year of the full date
 * before it (the next year when it would fall before that date), else `contextYear`, else is left out.
 */
export function findDates(text: string, contextYear?: number): FoundDate[] {
  const found: FoundDate[] = [];
  let year = contextYear;
  for (const m of text.matchAll(DATE)) {
    const full = m[1] ?? m[4];
    const y = full ? Number(full) : year;
    if (full) year = Number(full);
    if (y === undefined) continue;
    let date = isoDate(y, Number(m[2] ?? m[5] ?? m[7]), Number(m[3] ?? m[6] ?? m[8]));
    // 2025年12月28日至1月4日: a month and day before the date just read runs into the next year
    const last = found.at(-1)?.date;
    if (date && !full && last && date < last) date = isoDate(y + 1, Number(m[7]), Number(m[8]));
    if (date) found.push({ date, index: m.index, text: m[0] });
  }
  return found;
}

// What stands before or after a date to say what it is.
const ANNOUNCED_BEFORE = /(公示|发布|公布|公告|更新|修订|通知|征求意见)(日期|时间|期|日)?\s*(为|是|于)?\s*[：:]?\s*$/;
const ANNOUNCED_AFTER = /^\s*起?(发布|公示|公布|公告|征求意见)(?!日期|时间|期)/;
const EFFECTIVE_BEFORE = /(生效|施行|实施)(日期|时间|日|于)\s*(为|是)?\s*[：:]?\s*$/;
const EFFECTIVE_AFTER = /^\s*(起|开始)?\s*(正式)?\s*(生效|施行|实施)(?!日期|时间|日)/;

export interface NoticeDates {
  /** 公示日期 / 发布日期 / 更新日期, or a date followed by 发布/公示. */
  announced: FoundDate | null;
  /** 生效日期 / 施行日期, or 自…起施行 / 将于…生效. */
  effective: FoundDate | null;
}

/** The first announcement date and the first effective date a notice or document states. */
export function noticeDates(text: string, contextYear?: number): NoticeDates {
  let announced: FoundDate | null = null;
  let effective: FoundDate | null = null;
  for (const d of findDates(text, contextYear)) {
    const before = text.slice(Math.max(0, d.index - 12), d.index);
    const after = text.slice(d.index + d.text.length, d.index + d.text.length + 8);
    // a label before the date says more than the words after it
    const kind = EFFECTIVE_BEFORE.test(before) ? 'effective' : ANNOUNCED_BEFORE.test(before) ? 'announced' : EFFECTIVE_AFTER.test(after) ? 'effective' : ANNOUNCED_AFTER.test(after) ? 'announced' : null;
    if (kind === 'effective') effective ??= d;
    if (kind === 'announced') announced ??= d;
  }
  return { announced, effective };
}

/** Whole days from `from` to `to` (YYYY-MM-DD or ISO times; only the dates count). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}
