// Commands started side by side on a bureau's new storage each open the database and bring its
// schema up to date: none may fail on a table another has just made.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.js';
import { openDatabase, schemaVersion } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A process that opens the database and closes it; its exit status and stderr. */
function openInProcess(file: string): Promise<{ code: number | null; stderr: string }> {
  const database = pathToFileURL(join(paths.root, 'dist', 'src', 'store', 'database.js')).href;
  const child = spawn(process.execPath, ['--input-type=module', '-e', `const { openDatabase } = await import(${JSON.stringify(database)}); openDatabase(${JSON.stringify(file)}).close();`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, stderr })));
}

describe('the database opened by several processes at once', () => {
  it('is migrated once, whoever comes first, and every process opens it', async () => {
    const file = join(tmp.dir, 'new', 'wangjian.sqlite');
    const opened = await Promise.all(Array.from({ length: 12 }, () => openInProcess(file)));
    expect(opened).toEqual(Array.from({ length: 12 }, () => ({ code: 0, stderr: '' })));
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    db.close();
  });
});
