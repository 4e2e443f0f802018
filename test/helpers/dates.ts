// Dates relative to today, as the local test sites print them in notices.

/** The UTC day `offset` days from now, as YYYY-MM-DD. */
export const isoDayFromToday = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** YYYY-MM-DD as a notice writes it: 2026年11月1日. */
export const chineseDate = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
