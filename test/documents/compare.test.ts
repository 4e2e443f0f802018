// Which versions `documents diff` and the review app's diff page compare, on a real database.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentComparison, DocumentsError } from '../../src/documents/compare.js';
import { openDatabase } from '../../src/store/database.js';
import { listDocuments, recordDocumentVersions } from '../../src/store/documents.js';
import { linked, page, snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
afterAll(() => {
  db.close();
  tmp.remove();
});

const home = snapshot({ html: page('<a href="/agreement">用户协议</a><a href="/rules">交易规则</a>') });
const record = (run: string, clause: string) =>
  recordDocumentVersions(db, run, 'acme', [home, linked(home, '/agreement', { id: 'p02', kind: 'agreement', html: page(`<p>${clause}</p>`, '用户服务协议') }), linked(home, '/rules', { id: 'p03', kind: 'rules', html: page('<p>交易规则正文。</p>', '交易规则') })]);
record('r1', '第一条 甲。');
record('r2', '第一条 乙。');
record('r3', '第一条 丙。');
const [agreement, rules] = listDocuments(db, { platformId: 'acme' });

describe('documentComparison', () => {
  it('compares the newest version with the one before it, or the versions asked for', () => {
    const texts = (c: ReturnType<typeof documentComparison>) => [c.from?.text, c.to.text];
    expect(texts(documentComparison(db, 'acme', agreement!.id))).toEqual(['第一条 乙。', '第一条 丙。']);
    expect(texts(documentComparison(db, 'acme', agreement!.id, { to: 2 }))).toEqual(['第一条 甲。', '第一条 乙。']);
    expect(texts(documentComparison(db, 'acme', agreement!.id, { from: 1 }))).toEqual(['第一条 甲。', '第一条 丙。']);
  });

  it('has nothing to compare a single version with', () => {
    expect(documentComparison(db, 'acme', rules!.id).from).toBeNull();
  });

  it('names what is missing', () => {
    expect(() => documentComparison(db, 'acme', agreement!.id, { to: 9 })).toThrow(new DocumentsError(`document ${agreement!.id} has no version 9: it has versions 1–3`));
    expect(() => documentComparison(db, 'other', agreement!.id)).toThrow(DocumentsError);
  });
});
