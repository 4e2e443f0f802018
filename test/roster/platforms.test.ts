import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPlatformRoster } from '../../src/roster/platforms.js';
import { InputFileError } from '../../src/roster/table-file.js';
import { openDatabase } from '../../src/store/database.js';
import { importPlatforms, listPlatforms } from '../../src/store/scans.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

function file(name: string, content: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = 'id,name,uscc,url,platform,region,risk';

async function problemsOf(path: string): Promise<string[]> {
  try {
    await readPlatformRoster(path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return (error as InputFileError).problems;
  }
  throw new Error('expected the roster to be rejected');
}

describe('platform roster', () => {
  it('reads a spreadsheet export: UTF-8 BOM, CRLF, quoted commas, empty optional cells', async () => {
    const path = file(
      'office.csv',
      '\uFEFF' + [HEADER, 'acme-mall,"某某网络科技有限公司,杭州分公司",91330106673959654p,https://mall.example.cn/,某某商城,330106,high', 'beta,乙公司,91110105721471662U,http://beta.example.cn,,,'].join('\r\n') + '\r\n',
    );
    const roster = await readPlatformRoster(path);
    expect(roster).toEqual([
      { id: 'acme-mall', name: '某某网络科技有限公司,杭州分公司', uscc: '91330106673959654P', url: 'https://mall.example.cn/', platform: '某某商城', region: '330106', risk: 'high' },
      { id: 'beta', name: '乙公司', uscc: '91110105721471662U', url: 'http://beta.example.cn', risk: 'general' },
    ]);
  });

  it('reads a GBK export (Excel and WPS on Chinese Windows) character for character, and refuses bytes that are no text', async () => {
    // 某某网络科技有限公司 and 某某商城 in GBK
    const gbk = (hex: string) => Buffer.from(hex, 'hex');
    const row = Buffer.concat([Buffer.from(`${HEADER}\r\nacme,`), gbk('c4b3c4b3cdf8c2e7bfc6bcbcd3d0cfdeb9abcbbe'), Buffer.from(',91330106673959654P,https://mall.example.cn/,'), gbk('c4b3c4b3c9ccb3c7'), Buffer.from(',330106,low\r\n')]);
    const path = join(tmp.dir, 'gbk.csv');
    writeFileSync(path, row);
    expect(await readPlatformRoster(path)).toEqual([{ id: 'acme', name: '某某网络科技有限公司', uscc: '91330106673959654P', url: 'https://mall.example.cn/', platform: '某某商城', region: '330106', risk: 'low' }]);
    const broken = join(tmp.dir, 'broken.csv');
    writeFileSync(broken, Buffer.concat([row, Buffer.from('beta,'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(',91110105721471662U,http://beta.example.cn,,,\r\n')]));
    expect(await problemsOf(broken)).toEqual(['line 3: is neither UTF-8 nor GBK/GB18030 text; save the file as CSV UTF-8 and import it again']);
  });

  it('reads the same roster as JSON', async () => {
    const path = file('roster.json', JSON.stringify([{ id: 'beta', name: '乙公司', uscc: '91110105721471662U', url: 'http://beta.example.cn', risk: 'low' }]));
    expect(await readPlatformRoster(path)).toEqual([{ id: 'beta', name: '乙公司', uscc: '91110105721471662U', url: 'http://beta.example.cn', risk: 'low' }]);
  });

  it('names the line, the field and what was expected for every bad cell', async () => {
    const path = file('bad.csv', [HEADER, 'good,甲公司,91330106673959654P,https://a.cn/,,,', 'Bad_Id,乙公司,91330106673959654P,https://b.cn/,,,', 'c,丙公司,91330106673959654O,ftp://c.cn/,,1405,urgent'].join('\n'));
    const problems = await problemsOf(path);
    expect(problems).toEqual([
      expect.stringMatching(/^line 3, field "id": expected an identifier of lowercase letters.*got "Bad_Id"$/),
      expect.stringMatching(/^line 4, field "uscc": expected an 18-character 统一社会信用代码/),
      expect.stringMatching(/^line 4, field "url": expected an http or https URL/),
      expect.stringMatching(/^line 4, field "region": expected a 6-digit administrative division code/),
      expect.stringMatching(/^line 4, field "risk": expected one of low, general, higher, high/),
    ]);
  });

  it('rejects duplicate ids, naming both places', async () => {
    const path = file('dup.json', JSON.stringify([1, 2].map(() => ({ id: 'same', name: '甲', uscc: '91330106673959654P', url: 'https://a.cn/' }))));
    expect(await problemsOf(path)).toEqual(['record 2, field "id": expected a unique id; "same" is already used at record 1']);
  });

  it('rejects a file without a required column, malformed CSV and malformed JSON', async () => {
    expect(await problemsOf(file('nocol.csv', 'id,name,url\na,甲,https://a.cn/\n'))).toEqual(['missing column "uscc" (or 统一社会信用代码)']);
    expect((await problemsOf(file('ragged.csv', `${HEADER}\na,甲,91330106673959654P,https://a.cn/,x\n`)))[0]).toMatch(/line 2: is not valid CSV/);
    expect((await problemsOf(file('broken.json', '[{"id":')))[0]).toMatch(/is not valid JSON/);
    expect((await problemsOf(join(tmp.dir, 'missing.csv')))[0]).toMatch(/cannot be read/);
  });

  it('imports nothing from a file with one bad record', async () => {
    const db = openDatabase(join(tmp.dir, 'roster.sqlite'));
    importPlatforms(db, await readPlatformRoster(file('first.csv', `${HEADER}\nkeep,甲公司,91330106673959654P,https://a.cn/,,,\n`)), 'first.csv');
    const bad = file('second.csv', `${HEADER}\nnew-one,乙公司,91110105721471662U,https://b.cn/,,,\nbroken,丙公司,bad,https://c.cn/,,,\n`);
    await expect(readPlatformRoster(bad)).rejects.toThrow(InputFileError);
    expect(listPlatforms(db).map((p) => p.id)).toEqual(['keep']);
    db.close();
  });
});
