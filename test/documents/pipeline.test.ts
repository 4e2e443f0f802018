// End to end: a site on 127.0.0.1 whose service agreement is edited between real scans (real
// Chromium, a real SQLite file): with no notice, a 3-day notice, and a 10-day notice. Each scan stores
// the documents' versions, the next judges the change against them, and `wangjian documents diff`
// prints what changed. Needs the build (`npm run build`) for the command.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, routeTable, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { documentDiffHtml } from '../../src/documents/diff.js';
import type { Finding } from '../../src/findings/finding.js';
import { paths } from '../../src/paths.js';
import { scan } from '../../src/scan/scan.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { listDocuments, type StoredDocument } from '../../src/store/documents.js';
import { chineseDate as chinese, isoDayFromToday as day } from '../helpers/dates.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = resolve(paths.root, 'src', 'bin', 'wangjian.mjs');
const tmp = tempDir();
const storage = join(tmp.dir, 'storage');


/** What the site shows: the agreement's refund clause, and a change notice (days of notice) or none. */
const site: { refundDays: string; notice: number | null } = { refundDays: '七日', notice: null };

const doc = (title: string, body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><nav><a href="/">首页</a></nav><main><h1>${title}</h1>${body}</main><footer>访问时间 ${new Date().toISOString()}</footer></body></html>`;
const routes = routeTable(
  {
    '/': (_req, res) =>
      sendHtml(res, 200, doc('某某商城', `<p>欢迎光临某某商城，本平台销售日用百货。</p><a href="/agreement">用户服务协议</a> <a href="/rules">交易规则</a> <a href="/history">协议历史版本</a>${site.notice !== null ? ' <a href="/notice">关于修订《用户服务协议》的公示</a>' : ''}`)),
    '/agreement': (_req, res) =>
      sendHtml(res, 200, doc('用户服务协议', `<p>第一条 用户在使用本平台服务前，应当仔细阅读本协议的全部条款。</p><p>第二条 平台应当在${site.refundDays}内处理用户的退款申请；逾期未处理的，视为同意退款。</p><p>第三条 本协议未尽事宜，依照法律法规执行。${'用户应当遵守平台规则，诚信经营，文明交易。'.repeat(12)}</p>`)),
    '/rules': (_req, res) => sendHtml(res, 200, doc('交易规则', `<p>第一条 为规范平台交易秩序，制定本规则。</p><p>${'经营者应当如实描述商品信息，不得虚假宣传。'.repeat(15)}</p>`)),
    '/history': (_req, res) => sendHtml(res, 200, doc('协议历史版本', '<ul><li><a href="/agreement/2025">2025年版</a></li></ul>')),
    '/notice': (_req, res) =>
      site.notice === null
        ? sendHtml(res, 404, doc('404', '<p>页面不存在</p>'))
        : sendHtml(res, 200, doc('关于修订《用户服务协议》的公示', `<p>我们将修订《用户服务协议》第二条退款处理期限。</p><p>公示日期：${chinese(day(0))}</p><p>生效日期：${chinese(day(site.notice))}</p>`)),
  },
  (_req, res) => sendHtml(res, 404, doc('404', '<p>页面不存在</p>')),
);

let server: LocalServer;
let db: Db;
/** The agreement-changes finding of each scan, in order, and the documents after the second. */
const verdicts: Finding[] = [];
let afterTwo: StoredDocument[];

async function scanOnce(n: number): Promise<Finding> {
  const result = await scan(db, { rosterPath: join(tmp.dir, 'roster.csv'), checks: ['agreement-changes', 'agreement-display'], fresh: true, outDir: join(tmp.dir, `run-${n}`), platformConcurrency: 1, visit: FAST_VISIT }, new AbortController().signal);
  return result.findings.find((f) => f.checkId === 'agreement-changes')!;
}

beforeAll(async () => {
  server = await listenLocal(routes);
  writeFileSync(join(tmp.dir, 'roster.csv'), `id,name,uscc,url\nmall,某某网络科技有限公司,91330106673959654P,${server.url}\n`);
  db = openDatabase(join(storage, 'wangjian.sqlite'));
  verdicts.push(await scanOnce(1));
  Object.assign(site, { refundDays: '三日', notice: null });
  verdicts.push(await scanOnce(2));
  afterTwo = listDocuments(db, { platformId: 'mall' });
  Object.assign(site, { refundDays: '五日', notice: 3 });
  verdicts.push(await scanOnce(3));
  Object.assign(site, { refundDays: '十日', notice: 10 });
  verdicts.push(await scanOnce(4));
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.close();
  tmp.remove();
});

describe('agreement versions across scans', () => {
  it('stores a version per text: two for the edited agreement, one for the unchanged rules', () => {
    expect(afterTwo.map((d) => [d.kind, d.title, d.versions.length])).toEqual([
      ['agreement', '用户服务协议', 2],
      ['rules', '交易规则', 1],
    ]);
    const [agreement, rules] = afterTwo;
    expect(agreement!.versions.map((v) => v.text.includes('三日'))).toEqual([false, true]);
    expect(rules!.versions[0]!.sightings).toBe(2);
    // the footer's changing access time is not part of the text
    expect(agreement!.versions[0]!.text).not.toContain('访问时间');
  });

  it('shows the changed sentence in the diff', () => {
    const [agreement] = afterTwo;
    const out = documentDiffHtml(agreement!.versions[0]!.text, agreement!.versions[1]!.text);
    expect(out).toContain('<del>第二条 平台应当在七日内处理用户的退款申请；</del><ins>第二条 平台应当在三日内处理用户的退款申请；</ins>');
  });

  it('judges each change by its notice: nothing to compare yet, none, 3 days, 10 days', () => {
    expect(verdicts.map((f) => f.verdict)).toEqual(['compliant', 'violation', 'violation', 'compliant']);
    expect(verdicts[0]!.summary).toContain('尚无以往版本可比对');
    expect(verdicts[1]!.summary).toContain('但未见修改前的公示');
    expect(verdicts[1]!.details.documents).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'rules', status: 'unchanged' })]));
    expect(verdicts[2]!.summary).toContain(`公示日期${day(0)}，生效日期${day(3)}，仅提前3日公示`);
    expect(verdicts[3]!.summary).toContain('提前10日公示');
    expect(verdicts.every((f) => f.summary.includes('可查阅历史版本'))).toBe(true);
  });

  it('prints the change with `wangjian documents list` and `documents diff`', async () => {
    const run = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: tmp.dir, env: { ...process.env, WANGJIAN_STORAGE: storage } })).stdout;
    const agreementId = String(afterTwo[0]!.id);
    const list = await run('documents', 'list', '--platform', 'mall');
    expect(list).toContain(`mall\t${agreementId}\tagreement\t用户服务协议`);
    expect(list).toMatch(/ {2}v4\t.*\t1 scan\tsha256 [0-9a-f]{64}/);
    expect(list).toContain('notice\t关于修订《用户服务协议》的公示');
    const diff = await run('documents', 'diff', 'mall', agreementId, '--from', '1', '--to', '2');
    expect(diff).toContain('- 第二条 平台应当在七日内处理用户的退款申请；');
    expect(diff).toContain('+ 第二条 平台应当在三日内处理用户的退款申请；');
    expect(await run('documents', 'diff', 'mall', agreementId)).toContain('+ 第二条 平台应当在十日内处理用户的退款申请；');
    await expect(run('documents', 'diff', 'mall', agreementId, '--to', '9')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('has no version 9') });
  });
});
