import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesWithTerms } from '../../rules/index.js';
import { BUILT_IN_TERMS } from '../../rules/lib/term-lists.js';
import { loadTermLists } from '../../src/roster/term-lists.js';
import { InputFileError } from '../../src/roster/table-file.js';
import { afterAll } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
let folders = 0;

function folder(files: Record<string, unknown>): string {
  const dir = join(tmp.dir, `terms-${++folders}`);
  mkdirSync(dir);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

describe('loadTermLists', () => {
  it('is the built-in lists without a folder', () => {
    expect(loadTermLists(undefined)).toBe(BUILT_IN_TERMS);
  });

  it('adds a bureau folder of lists to the built-in ones', () => {
    const dir = folder({
      'hz-brands.json': { list: 'absolute-terms', version: '3', entries: [{ term: '王牌', source: 'bureau practice' }], exceptions: [{ pattern: '第一食品', source: 'AAG 9(4)' }] },
      'hz-terms.json': { list: 'unfair-terms', version: '1', entries: [{ category: 'other-unfair', pattern: '不开具发票', source: 'bureau practice' }] },
      'readme.txt': 'ignored',
    });
    const lists = loadTermLists(dir);
    expect(lists.absolute.version).toBe(`${BUILT_IN_TERMS.absolute.version}+hz-brands@3`);
    expect(lists.absolute.entries.at(-1)).toEqual({ term: '王牌', source: 'bureau practice' });
    expect(lists.absolute.exceptions).toHaveLength(BUILT_IN_TERMS.absolute.exceptions.length + 1);
    expect(lists.unfair.entries).toHaveLength(BUILT_IN_TERMS.unfair.entries.length + 1);
  });

  it('adds a bureau’s prohibited keywords to the searches prohibited-listings asks for', () => {
    const dir = folder({ 'sx-2025.json': { list: 'prohibited-keywords', version: '2', entries: [{ keyword: '野生娃娃鱼', category: '野生动物及其制品', source: 'bureau practice' }] } });
    const rule = rulesWithTerms(loadTermLists(dir)).find((r) => r.id === 'prohibited-listings')!;
    expect(rule.queries).toContain('野生娃娃鱼');
    expect(rule.queries).toEqual(expect.arrayContaining(BUILT_IN_TERMS.prohibited[0]!.entries.map((e) => e.keyword)));
  });

  it('rejects a file with an entry without source, an unknown kind or a bad pattern, naming file and field', () => {
    const dir = folder({ 'bad.json': { list: 'unfair-terms', version: '1', entries: [{ category: 'other-unfair', pattern: '(', source: '' }, { category: 'nope', pattern: 'x', source: 'NTM 21' }] } });
    expect(() => loadTermLists(dir)).toThrow(InputFileError);
    try {
      loadTermLists(dir);
    } catch (e) {
      expect((e as Error).message).toMatch(/bad\.json: \d+ problems/);
      expect((e as Error).message).toContain('entries.0.source');
      expect((e as Error).message).toContain('entries.0.pattern');
      expect((e as Error).message).toContain('entries.1.category');
    }
  });
});
