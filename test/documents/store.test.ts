// Document versions in a real SQLite file: a new text is a new version, the same text only moves
// "last seen", a redone job replaces its run's sightings, a moved document keeps its versions.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { documentHistory, listDocuments, recordDocumentVersions } from '../../src/store/documents.js';
import type { Snapshot } from '../../rules/types.js';
import { linked, page, snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const home = snapshot({ html: page('<a href="/agreement">用户协议</a><a href="/rules">交易规则</a>') });
function capture(agreementBody: string, at: string, agreementHref = '/agreement'): Snapshot[] {
  const agreement = linked(home, agreementHref, { id: 'p02', kind: 'agreement', html: page(`<p>${agreementBody}</p>`, '用户服务协议') });
  const rules = linked(home, '/rules', { id: 'p03', kind: 'rules', html: page('<p>交易规则正文。</p>', '交易规则') });
  return [home, agreement, rules].map((s) => ({ ...s, capturedAt: at }));
}

describe('document versions', () => {
  const db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  afterAll(() => db.close());
  const addRun = (id: string, checks: string[]) =>
    db.prepare(`INSERT INTO runs (id, started_at, status, out_dir, roster_path, roster_sha256, checks, options, tool_version) VALUES (?, '2026-11-01T00:00:00Z', 'finished', '/tmp', 'roster.csv', 'x', ?, '{}', 'test')`).run(id, JSON.stringify(checks));
  for (const id of ['r1', 'r2', 'r3', 'r4']) addRun(id, ['agreement-display', 'agreement-changes']);

  it('stores a version per distinct text, and moves last seen for the same text', () => {
    expect(recordDocumentVersions(db, 'r1', 'acme', capture('第一条 旧条款。', '2026-11-01T00:00:00.000Z'))).toEqual({ documents: 2, newVersions: 2 });
    expect(recordDocumentVersions(db, 'r2', 'acme', capture('第一条 旧条款。', '2026-11-08T00:00:00.000Z'))).toEqual({ documents: 2, newVersions: 0 });
    expect(recordDocumentVersions(db, 'r3', 'acme', capture('第一条 新条款。', '2026-11-15T00:00:00.000Z'))).toEqual({ documents: 2, newVersions: 1 });
    const [agreement, rules] = listDocuments(db, { platformId: 'acme' });
    expect(agreement).toMatchObject({ kind: 'agreement', url: 'https://shop.example.cn/agreement', title: '用户服务协议' });
    expect(agreement!.versions.map((v) => [v.version, v.text, v.firstSeenAt.slice(0, 10), v.lastSeenAt.slice(0, 10), v.firstRunId, v.lastRunId, v.sightings])).toEqual([
      [1, '第一条 旧条款。', '2026-11-01', '2026-11-08', 'r1', 'r2', 2],
      [2, '第一条 新条款。', '2026-11-15', '2026-11-15', 'r3', 'r3', 1],
    ]);
    expect(agreement!.versions[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rules!.versions).toHaveLength(1);
  });

  it('gives the rules the history without the run being judged', () => {
    const history = documentHistory(db, 'acme', 'r3').documents.find((d) => d.kind === 'agreement')!;
    expect(history.versions.map((v) => v.version)).toEqual([1]);
    expect(history.versions[0]!.lastSeenAt.slice(0, 10)).toBe('2026-11-08');
  });

  it('leaves out of the history what scans that did not judge changes saw, so their change is judged later', () => {
    addRun('r-display-only', ['agreement-display']);
    recordDocumentVersions(db, 'r-display-only', 'beta', capture('第一条 旧条款。', '2026-11-01T00:00:00.000Z'));
    recordDocumentVersions(db, 'r1', 'beta', capture('第一条 旧条款。', '2026-11-02T00:00:00.000Z'));
    recordDocumentVersions(db, 'r-display-only', 'beta', capture('第一条 新条款。', '2026-11-03T00:00:00.000Z'));
    const history = documentHistory(db, 'beta', 'r2').documents.find((d) => d.kind === 'agreement')!;
    expect(history.versions.map((v) => [v.version, v.firstSeenAt.slice(0, 10), v.lastSeenAt.slice(0, 10)])).toEqual([[1, '2026-11-02', '2026-11-02']]);
    expect(listDocuments(db, { platformId: 'beta' })[0]!.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('replaces what an earlier attempt of the same job recorded', () => {
    recordDocumentVersions(db, 'r3', 'acme', capture('第一条 再改的条款。', '2026-11-15T01:00:00.000Z'));
    recordDocumentVersions(db, 'r3', 'acme', capture('第一条 再改的条款。', '2026-11-15T01:00:00.000Z'));
    const agreement = listDocuments(db, { platformId: 'acme' })[0]!;
    expect(agreement.versions.map((v) => [v.version, v.text, v.sightings])).toEqual([
      [1, '第一条 旧条款。', 2],
      [2, '第一条 再改的条款。', 1],
    ]);
  });

  it('keeps the versions of a document that moved to another URL with the same title', () => {
    recordDocumentVersions(db, 'r4', 'acme', capture('第一条 再改的条款。', '2026-11-22T00:00:00.000Z', '/legal/agreement?spm=x1'));
    const docs = listDocuments(db, { platformId: 'acme' });
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ url: 'https://shop.example.cn/legal/agreement' });
    expect(docs[0]!.versions.map((v) => [v.version, v.url, v.lastRunId])).toEqual([
      [1, 'https://shop.example.cn/agreement', 'r2'],
      [2, 'https://shop.example.cn/agreement', 'r4'],
    ]);
  });
});
