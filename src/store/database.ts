// The project's SQLite database (better-sqlite3): WAL so readers never wait for the scan,
// foreign keys on, and the schema brought up to date on open.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // First: switching a new file to WAL takes a lock another process opening it may hold. A
  // bureau's commands share the file with a nightly scan and the review server: a write waits
  // for theirs (up to 30 s on a loaded machine) rather than failing with "database is locked".
  db.pragma('busy_timeout = 30000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Statements are kept by their SQL: the stores prepare where they query, and the review server
  // under load spent a tenth of its time preparing the same few statements again.
  const prepared = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = prepare(sql)));
    return statement;
  }) as Db['prepare'];
  migrate(db);
  return db;
}

export function schemaVersion(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
}

type Migration = (typeof MIGRATIONS)[number];

/** The migrations this database lacks, in order (one written on a parallel branch may carry a lower number than one applied). */
function pending(db: Db): Migration[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const applied = new Set(exists ? (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version) : []);
  const unknown = [...applied].filter((v) => !MIGRATIONS.some((m) => m.version === v));
  if (unknown.length) throw new Error(`the database schema (version ${Math.max(...unknown)}) is newer than this wangjian: update wangjian`);
  return [...MIGRATIONS].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
}

function migrate(db: Db): void {
  if (!pending(db).length) return;
  // Under the write lock, read again: two commands opening a new database at once would otherwise
  // both apply the same migration, and the second fail on a table the first had made.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of pending(db)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
  }).immediate();
}
