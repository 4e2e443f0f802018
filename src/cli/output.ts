// What the commands share: what they print on stdout, who the audit log names for a command run
// at the console, the database they open, and comma-separated option values.
import { userInfo } from 'node:os';
import { paths } from '../paths.js';
import { openDatabase, type Db } from '../store/database.js';

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

/** Runs `work` on the database, closed after it, whether it returned, threw or (a promise) settled. */
export function withDatabase<T>(work: (db: Db) => T): T {
  const db = openDatabase(paths.database);
  let result: T;
  try {
    result = work(db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => db.close()) as T;
  db.close();
  return result;
}

/** A comma-separated option value as its items: `--checks a, b` is ['a', 'b']. */
export const commaList = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
