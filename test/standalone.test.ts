// A bureau clones the repository on its own, with no shared/ beside it: the suite must pass there.
// Two halves prove it without running the suite twice: only test/helpers/shared.ts names the
// shared/ folder, and the tests that read it (those importing that helper) pass, skipped, when it
// is not there.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/tmp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const HELPER = 'test/helpers/shared.ts';
const SELF = 'test/standalone.test.ts';

const files = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
const code = ['src', 'rules', 'test'].flatMap(files);

describe('a clone standing alone', () => {
  const empty = tempDir('wangjian-no-shared-');
  afterAll(() => empty.remove());

  it(`only ${HELPER} names the shared/ folder beside the checkout`, () => {
    // A path built to it: the literal 'shared' as a segment, or ../shared.
    const naming = /['"`]shared['"`]|\.\.[\\/]+shared\b/;
    const offending = code.filter((f) => f !== HELPER && f !== SELF && naming.test(readFileSync(join(root, f), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('the tests that read shared/ pass, skipped, without it, and the run says so once', () => {
    const readers = code.filter((f) => f.endsWith('.test.ts') && /from '\.\/helpers\/shared\.js'|from '\.\.\/helpers\/shared\.js'/.test(readFileSync(join(root, f), 'utf8')));
    expect(readers).toContain('test/realpages.test.ts');
    const report = join(empty.dir, 'report.json');
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/vitest.config.ts', '--reporter=json', `--outputFile=${report}`, ...readers], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WANGJIAN_SHARED: join(empty.dir, 'shared') },
    });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(report, 'utf8')) as { numFailedTests: number; numPassedTests: number; numPendingTests: number };
    expect(r.numFailedTests).toBe(0);
    expect(r.numPendingTests).toBeGreaterThan(30);
    expect(run.stderr.match(/is not there, so these are skipped/g)).toHaveLength(1);
  }, 120_000);
});
