// 北京时间 (UTC+8, no daylight saving): the time inspectors read and the calendar the monthly
// quota and the record forms are kept in. Instants are stored in UTC.
export const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The calendar day (YYYY-MM-DD) an instant falls on, in 北京时间. */
export function beijingDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar month (YYYY-MM) an instant falls in, in 北京时间. */
export function beijingMonth(at: Date): string {
  return beijingDay(at).slice(0, 7);
}

/** An instant in 北京时间 as inspectors read it: "2026-11-22 10:13" (with `seconds`, "10:13:05", as an extraction record states it). */
export function beijingTime(iso: string, seconds = false): string {
  const t = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, seconds ? 19 : 16)}`;
}
