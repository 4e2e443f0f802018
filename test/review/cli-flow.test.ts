// The review and the record form from the command line, against the review server's own database:
// list and show, confirm, reject, amend and add as the matched inspectors (others refused, a stale
// version refused, nothing changed), fill in 处理结果, sign twice with the content hash the web
// page shows, and write the PDF, whose text carries that hash and the evidence's. Every act is in
// the audit log under the account that made it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/evidence/bundle.js';
import { currentRecordForm } from '../../src/store/record-forms.js';
import { listAudit } from '../../src/store/audit-log.js';
import { reviewItems, type ReviewItem } from '../../src/store/review-items.js';
import { wangjian } from '../helpers/cli.js';
import { HttpClient, useServeFixture } from '../serve/fixture.js';
import { pdfText } from './pdf-text.js';

const served = useServeFixture();

const cli = (...args: string[]) => wangjian(args, { storage: served.fx.dir });
const item = (checkId: string): ReviewItem => reviewItems(served.fx.db, served.fx.shopInspection).find((i) => i.checkId === checkId)!;
/** What the web's record page shows as the content one signs. */
async function webContentHash(): Promise<string> {
  const client = new HttpClient(served.fx.base);
  await client.logIn('jc-01');
  const page = await (await client.request('GET', `/inspections/${served.fx.shopInspection}/record`)).text();
  return /name="contentSha256" value="([0-9a-f]{64})"/.exec(page)![1]!;
}

describe('review from the command line', () => {
  it('lists the inspections and shows one with its drafts and their evidence', async () => {
    const list = await cli('review', 'list', '--inspector', 'jc-01');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${served.fx.shopInspection}\\tshop\\t某某网络科技有限公司\\t.*待审核 4 已确认 0 已驳回 0\\t记录表 未填写`, 'm'));
    const show = await cli('review', 'show', String(served.fx.shopInspection));
    expect(show.code).toBe(0);
    const ad = item('ad-label');
    expect(show.stdout).toContain(`item ${ad.id}  v1  待审核`);
    // the element the finding points at, as the review page outlines it
    expect(show.stdout).toMatch(/screenshot evidence\/shop\/p01-homepage\.png sha256 [0-9a-f]{64} box 100,400,300,80/);
  });

  it('refuses an account not matched to the inspection, and a version that has changed, changing nothing', async () => {
    const licence = item('licence-display');
    const other = await cli('review', 'confirm', String(licence.id), '--as', 'jc-03');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('jc-03 is not matched to inspection');
    const stale = await cli('review', 'confirm', String(licence.id), '--as', 'jc-01', '--version', '2');
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('is at version 1, not 2');
    expect(item('licence-display').versions).toHaveLength(1);
  });

  it('confirms, rejects, amends and adds as the inspectors, each act audited under its account', async () => {
    expect((await cli('review', 'confirm', String(item('licence-display').id), '--as', 'jc-01', '--version', '1')).code).toBe(0);
    expect((await cli('review', 'reject', String(item('tying').id), '--as', 'jc-02', '--reason', '运费险为用户主动勾选')).code).toBe(0);
    expect((await cli('review', 'amend', String(item('ad-label').id), '--as', 'jc-01', '--summary', '“推广”字样未标明“广告”')).code).toBe(0);
    expect((await cli('review', 'confirm', String(item('ad-label').id), '--as', 'jc-02')).code).toBe(0);
    // the compliant drafts together: here the one complaint-channel result
    const bulk = await cli('review', 'confirm-all', String(served.fx.shopInspection), '--as', 'jc-02', '--verdict', 'compliant');
    expect(bulk.stdout).toBe(`item ${item('complaint-channel').id}: 已确认, version 2\n`);
    expect((await cli('review', 'confirm-all', String(served.fx.shopInspection), '--as', 'jc-02', '--verdict', 'violation')).code).toBe(2);
    const added = await cli('review', 'add', String(served.fx.shopInspection), '--as', 'jc-01', '--check', 'item-6', '--verdict', 'compliant', '--summary', '调取平台内经营者身份核验台账，核验完整', '--mode', 'written');
    expect(added.code, added.stderr).toBe(0);
    expect(item('ad-label').versions.map((v) => [v.status, v.summary])).toEqual([
      ['draft', '搜索结果第 1 位「某商品」：只标注“推广”，未标注“广告”'],
      ['draft', '“推广”字样未标明“广告”'],
      ['confirmed', '“推广”字样未标明“广告”'],
    ]);
    const log = listAudit(served.fx.db, { inspectionId: served.fx.shopInspection }).filter((e) => ['confirm', 'confirm-bulk', 'reject', 'amend', 'add'].includes(e.action));
    expect(log.map((e) => [e.action, e.actor]).reverse()).toEqual([['confirm', 'jc-01'], ['reject', 'jc-02'], ['amend', 'jc-01'], ['confirm', 'jc-02'], ['confirm-bulk', 'jc-02'], ['add', 'jc-01']]);
  });

  it('fills in 处理结果 and signs twice with the hash the web shows, down to the kept PDF', async () => {
    const build = await cli('record', 'build', String(served.fx.shopInspection), '--as', 'jc-01', '--rectification', '--removals', '2');
    expect(build.code, build.stderr).toBe(0);
    const hash = /content sha256: ([0-9a-f]{64})/.exec(build.stdout)![1]!;
    expect(build.stdout).not.toContain('pending:');
    expect(hash).toBe(await webContentHash());

    const assistant = await cli('record', 'sign', String(served.fx.shopInspection), '--as', 'jc-03', '--sha256', hash);
    expect(assistant.code).toBe(2);
    expect((await cli('record', 'sign', String(served.fx.shopInspection), '--as', 'jc-01', '--sha256', 'f'.repeat(64))).stderr).toContain('记录表内容已变化');
    const first = await cli('record', 'sign', String(served.fx.shopInspection), '--as', 'jc-01', '--sha256', hash);
    expect(first.stdout).toContain('the results are locked until the other inspector signs');
    const second = await cli('record', 'sign', String(served.fx.shopInspection), '--as', 'jc-02', '--sha256', hash);
    expect(second.code, second.stderr).toBe(0);
    const form = currentRecordForm(served.fx.db, served.fx.shopInspection)!;
    expect([form.status, form.contentSha256, form.signatures.map((s) => s.inspector)]).toEqual(['signed', hash, ['jc-01', 'jc-02']]);
    expect(second.stdout).toContain(`sha256 ${form.pdfSha256}`);
    expect(listAudit(served.fx.db, { inspectionId: served.fx.shopInspection, actor: 'jc-02', limit: 2 }).map((e) => e.action)).toEqual(['record-pdf', 'record-signed']);

    const file = join(served.fx.dir, 'record.pdf');
    expect((await cli('record', 'pdf', String(served.fx.shopInspection), '--out', file)).code).toBe(0);
    const pdf = readFileSync(file);
    expect(sha256(pdf)).toBe(form.pdfSha256);
    const text = pdfText(pdf).replace(/\n/g, '');
    expect(text).toContain(`内容 SHA-256：${hash}`);
    expect(text).toContain(`SHA-256：${item('ad-label').current.evidence.find((e) => e.kind === 'screenshot')!.sha256}`);
    expect(text).toContain('责令整改：是；督促删除违法商品信息：2 条');
    expect(text).not.toContain('草稿');
  });

  it('prints a signed version whose kept PDF is gone for reading without keeping it, and keeps it again when asked', async () => {
    const form = currentRecordForm(served.fx.db, served.fx.shopInspection)!;
    rmSync(form.pdfPath!);
    const file = join(served.fx.dir, 'reprint.pdf');
    expect((await cli('record', 'pdf', String(served.fx.shopInspection), '--out', file)).code).toBe(0);
    expect(pdfText(readFileSync(file)).replace(/\n/g, '')).toContain(`内容 SHA-256：${form.contentSha256}`);
    // a read: nothing kept, nothing changed
    expect(existsSync(form.pdfPath!)).toBe(false);
    expect(currentRecordForm(served.fx.db, served.fx.shopInspection)!.pdfSha256).toBe(form.pdfSha256);

    // the record page offers to print it again, and that act keeps it, audited under its account
    const client = new HttpClient(served.fx.base);
    await client.logIn('jc-01');
    const token = await client.csrf(`/inspections/${served.fx.shopInspection}/record`);
    expect((await client.request('POST', `/inspections/${served.fx.shopInspection}/record/print`, { form: { _csrf: token } })).status).toBe(303);
    const kept = currentRecordForm(served.fx.db, served.fx.shopInspection)!;
    expect(sha256(readFileSync(kept.pdfPath!))).toBe(kept.pdfSha256);
    expect(listAudit(served.fx.db, { inspectionId: served.fx.shopInspection, limit: 1 })[0]).toMatchObject({ action: 'record-pdf', actor: 'jc-01', ip: '127.0.0.1' });
  });
});
