// Signing the record form as an officer: a 执法证 past its last day (北京时间) refuses the
// signature and changes nothing; renewed, the same officer signs.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordState, signRecord } from '../../src/review/record-steps.js';
import { getUser, syncAccounts } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { getInspection } from '../../src/store/inspections.js';
import { currentRecordForm } from '../../src/store/record-forms.js';
import { signableInspection } from '../helpers/signable.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wangjian-signing-');
let db: Db;
let inspectionId: number;

beforeAll(async () => {
  inspectionId = await signableInspection(tmp.dir);
  db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
});

afterAll(() => {
  db.close();
  tmp.remove();
});

const validUntil = (day: string) => {
  const u = getUser(db, 'jc-01')!;
  syncAccounts(db, [{ id: u.id, name: u.name, unit: u.unit, region: u.region, certificate: u.certificate ?? undefined, validUntil: day }], { fields: ['validUntil'] });
};

it('refuses the signature of an officer whose 执法证 has expired, and takes it once renewed', async () => {
  const inspection = getInspection(db, inspectionId)!;
  const sha = recordState(db, inspection).contentSha256;
  validUntil('2020-12-31');
  await expect(signRecord(db, inspection, 'jc-01', sha, join(tmp.dir, 'runs'))).rejects.toThrow('执法证已于 2020-12-31 到期');
  expect(currentRecordForm(db, inspectionId)?.signatures ?? []).toEqual([]);
  validUntil('2099-12-31');
  expect((await signRecord(db, inspection, 'jc-01', sha, join(tmp.dir, 'runs'))).form.signatures).toMatchObject([{ inspector: 'jc-01' }]);
});
