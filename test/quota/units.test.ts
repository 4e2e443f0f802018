import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUnitFile, unitAndChildren } from '../../src/quota/units.js';
import { InputFileError } from '../../src/roster/table-file.js';
import { openDatabase } from '../../src/store/database.js';
import { findUnit, importUnits, listUnits } from '../../src/store/units.js';
import { tempDir } from '../helpers/tmp.js';
import { UNITS_CSV } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('units file', () => {
  it('reads the CSV, defaults the quota to 1 and stores the units', async () => {
    const file = join(tmp.dir, 'units.csv');
    writeFileSync(file, UNITS_CSV);
    const units = await readUnitFile(file);
    expect(units.find((u) => u.id === 'spt')).toEqual({ id: 'spt', name: '沙坡头区市场监督管理局', kind: 'county', regions: ['640502'], quota: 1, parent: 'city' });
    expect(units.find((u) => u.id === 'city-net')!.quota).toBe(2);
    const db = openDatabase(join(tmp.dir, 'w.sqlite'));
    importUnits(db, units, file);
    expect(listUnits(db).map((u) => u.kind)).toEqual(['city', 'city-section', 'county', 'county', 'county']);
    expect(findUnit(db, '中宁县市场监督管理局')?.id).toBe('zn');
    expect(unitAndChildren(listUnits(db), 'city').map((u) => u.id).sort()).toEqual(['city', 'city-net', 'hy', 'spt', 'zn']);
    db.close();
  });

  it('names the line and field of every problem and imports nothing', async () => {
    const file = join(tmp.dir, 'bad.csv');
    writeFileSync(file, 'id,name,kind,regions,quota,parent\nspt,沙坡头区市场监督管理局,county,6405,1,\nspt,中宁县市场监督管理局,bureau,640521,x,nowhere\n');
    const error = await (async () => {
      try {
        await readUnitFile(file);
      } catch (e) {
        return e as InputFileError;
      }
    })();
    expect(error).toBeInstanceOf(InputFileError);
    expect(error!.problems.join('\n')).toMatch(/line 2, field "regions\.0"/);
    expect(error!.problems.join('\n')).toMatch(/line 3, field "kind"/);
    expect(error!.problems.join('\n')).toMatch(/line 3, field "quota"/);
  });
});
