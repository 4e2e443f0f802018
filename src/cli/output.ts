// What the commands print on stdout, and who the audit log names for a command run at the console.
import { userInfo } from 'node:os';

export const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A line per item, or one line saying there is nothing to list. */
export function printListing<T>(items: readonly T[], empty: string, line: (item: T) => string): void {
  if (!items.length) out(empty);
  for (const item of items) out(line(item));
}

/** The console has no account: the audit log names who ran the command on this machine. */
export const consoleActor = (): string => `console (${userInfo().username})`;
