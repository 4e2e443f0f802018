// Commands started side by side on a bureau's new storage each open the database and bring its
// schema up to date: none may fail on a table another has just made.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.js';
import { openDatabase, schemaVersion } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const PROCESSES = 8;

/** A process that says it is ready, then opens the database and closes it: its exit status and stderr. */
function openInProcess(file: string): { ready: Promise<void>; ended: Promise<{ code: number | null; stderr: string }> } {
  const database = pathToFileURL(join(paths.root, 'dist', 'src', 'store', 'database.js')).href;
  const script = `const { openDatabase } = await import(${JSON.stringify(database)}); process.stdout.write('ready\\n'); openDatabase(${JSON.stringify(file)}).close();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    ready: new Promise((done) => child.stdout.once('data', () => done())),
    ended: new Promise((done) => child.once('exit', (code) => done({ code, stderr }))),
  };
}

describe('the database opened by several processes at once', () => {
  it('is migrated once, whoever comes first, and every process opens it', async () => {
    const file = join(tmp.dir, 'new', 'wangjian.sqlite');
    mkdirSync(dirname(file), { recursive: true });
    // A new database whose migrations table another writer has made and still holds the write
    // lock on: every command reads that nothing is applied, then waits for the lock.
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    holder.exec('BEGIN IMMEDIATE');
    const opening = Array.from({ length: PROCESSES }, () => openInProcess(file));
    await Promise.all(opening.map((o) => o.ready));
    await new Promise((resolve) => setTimeout(resolve, 300));
    holder.exec('COMMIT');
    holder.close();
    expect(await Promise.all(opening.map((o) => o.ended))).toEqual(Array.from({ length: PROCESSES }, () => ({ code: 0, stderr: '' })));
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    db.close();
  });
});
