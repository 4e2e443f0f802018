// Working days (工作日) by the official calendar: weekends off, the State Council's public holidays
// off and its 调休 weekends worked. The calendar is data (holiday-calendar.json, or a bureau's own
// file when the State Council publishes a new year), and a date outside the years it holds is
// refused, never guessed: a plain weekday of 2027 may yet be a holiday.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../input-error.js';
import builtIn from './holiday-calendar.json' with { type: 'json' };

/**
 * The publication clock: a check's result is published within 20 working days of being produced
 * (企业信息公示暂行条例: information the regulator produces in its duties is published within 20
 * working days; the result goes from the provincial platform to the 公示系统, seeds/002 五). The
 * count starts the day after the result was signed, as a period does (the first day not counted).
 */
export const PUBLICATION_WORKING_DAYS = 20;

/** A date outside the years the calendar holds, or a calendar file that is not one. */
export class CalendarError extends InputError {
  override name = 'CalendarError';
}

const isoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });
const yearSchema = z.strictObject({
  holidays: z.array(z.strictObject({ name: z.string().trim().min(1), from: isoDate, to: isoDate })),
  workdays: z.array(z.strictObject({ date: isoDate, for: z.string().trim().min(1) })),
});
const calendarSchema = z.strictObject({
  calendar: z.literal('wangjian-holidays/1', { message: 'expected "calendar": "wangjian-holidays/1"' }),
  source: z.string().trim().min(1, { message: 'expected the source: the State Council notice the dates come from' }),
  years: z.record(z.string().regex(/^\d{4}$/, { message: 'expected a year such as "2027"' }), yearSchema),
});

export interface HolidayCalendar {
  /** Where it was read from: the built-in file or a bureau's. */
  file: string;
  source: string;
  years: string[];
  /** Date → the holiday it is part of, or the holiday a 调休 weekend is worked for. */
  off: Map<string, string>;
  worked: Map<string, string>;
}

const DAY = 86_400_000;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/** Checks a calendar's content; the error names the file, the field and what was expected. */
export function parseCalendar(file: string, value: unknown): HolidayCalendar {
  const parsed = calendarSchema.safeParse(value);
  if (!parsed.success) throw new CalendarError(`${file}: ${parsed.error.issues.map((i) => `field "${i.path.join('.')}": ${i.message}`).join('; ')}`);
  const off = new Map<string, string>();
  const worked = new Map<string, string>();
  const problems: string[] = [];
  for (const [year, y] of Object.entries(parsed.data.years)) {
    y.holidays.forEach((h, i) => {
      if (h.from.slice(0, 4) !== year || h.to.slice(0, 4) !== year || h.to < h.from) problems.push(`field "years.${year}.holidays.${i}": expected from ≤ to, both in ${year}`);
      else for (let d = h.from; d <= h.to; d = nextDay(d)) off.set(d, h.name);
    });
    y.workdays.forEach((w, i) => {
      if (w.date.slice(0, 4) !== year) problems.push(`field "years.${year}.workdays.${i}": expected a date in ${year}`);
      else if (off.has(w.date)) problems.push(`field "years.${year}.workdays.${i}": ${w.date} is also a holiday (${off.get(w.date)})`);
      else worked.set(w.date, w.for);
    });
  }
  if (problems.length) throw new CalendarError(`${file}: ${problems.join('; ')}`);
  return { file, source: parsed.data.source, years: Object.keys(parsed.data.years).sort(), off, worked };
}

/** The calendar of `file`, else of $WANGJIAN_CALENDAR, else the built-in one. */
export function readCalendar(file = process.env.WANGJIAN_CALENDAR || undefined): HolidayCalendar {
  if (file === undefined) return parseCalendar('holiday-calendar.json (built in)', builtIn);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CalendarError(`${file}: not a readable JSON calendar (${(error as Error).message})`);
  }
  return parseCalendar(file, value);
}

/** Whether `date` is a working day; a date of a year the calendar lacks is refused. */
export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  if (!calendar.years.includes(date.slice(0, 4))) {
    throw new CalendarError(`${date.slice(0, 4)} 年不在节假日日历中 (${calendar.file} holds ${calendar.years.join(', ')}): add that year's holidays and 调休 from the State Council's notice, or give a calendar with --calendar`);
  }
  if (calendar.worked.has(date)) return true;
  if (calendar.off.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`th working day after `date` (`date` itself not counted). */
export function addWorkingDays(calendar: HolidayCalendar, date: string, n: number): string {
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = nextDay(day);
    if (isWorkingDay(calendar, day)) counted++;
  }
  return day;
}
