// What the commands print on stdout.

export const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A line per item, or one line saying there is nothing to list. */
export function printListing<T>(items: readonly T[], empty: string, line: (item: T) => string): void {
  if (!items.length) out(empty);
  for (const item of items) out(line(item));
}
