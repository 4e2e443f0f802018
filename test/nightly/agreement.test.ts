// Nightly runs over a site whose service agreement and transaction rules are edited between
// them: night 1 the first texts; night 2 the agreement edited with no notice (new); night 3
// nothing changed, the unannounced text still in force (persisting); night 4 the agreement
// edited again after a 10-day notice (its finding resolved) and the rules after a 3-day notice
// (new). Real Chromium, a real SQLite file, the nightly in-process.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, routeTable, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { PLATFORM_KEY, normaliseUrl } from '../../src/nightly/identity.js';
import { nightly, type NightlyResult } from '../../src/nightly/nightly.js';
import { selectFromRoster } from '../../src/nightly/selection.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { listDocuments } from '../../src/store/documents.js';
import { chineseDate as chinese, isoDayFromToday as day } from '../helpers/dates.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';
import { changeKeys } from './changes.js';

const tmp = tempDir();

/** What the site shows: the refund term of the agreement, the rules' ban, and the days of notice of each change (none: no notice). */
const site: { refund: string; ban: string; agreementNotice: number | null; rulesNotice: number | null } = { refund: '七日', ban: '不得虚假宣传', agreementNotice: null, rulesNotice: null };

const doc = (title: string, body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><nav><a href="/">首页</a></nav><main><h1>${title}</h1>${body}</main></body></html>`;
const notice = (name: string, days: number) => doc(`关于修订《${name}》的公示`, `<p>我们将修订《${name}》。</p><p>公示日期：${chinese(day(0))}</p><p>生效日期：${chinese(day(days))}</p>`);
const notFound = doc('404', '<p>页面不存在</p>');
const routes = routeTable(
  {
    '/': (_req, res) =>
      sendHtml(
        res,
        200,
        doc(
          '晨光商城',
          `<p>欢迎光临晨光商城。</p><a href="/agreement">用户服务协议</a> <a href="/rules">交易规则</a> <a href="/history">历史版本</a>` +
            (site.agreementNotice !== null ? ' <a href="/notice/agreement">关于修订《用户服务协议》的公示</a>' : '') +
            (site.rulesNotice !== null ? ' <a href="/notice/rules">关于修订《交易规则》的公示</a>' : ''),
        ),
      ),
    '/agreement': (_req, res) => sendHtml(res, 200, doc('用户服务协议', `<p>第一条 用户应当仔细阅读本协议。</p><p>第二条 平台应当在${site.refund}内处理退款申请。</p><p>${'用户应当遵守平台规则，诚信交易。'.repeat(12)}</p>`)),
    '/rules': (_req, res) => sendHtml(res, 200, doc('交易规则', `<p>第一条 为规范交易秩序，制定本规则。</p><p>第二条 经营者${site.ban}。</p><p>${'经营者应当如实描述商品信息。'.repeat(12)}</p>`)),
    '/history': (_req, res) => sendHtml(res, 200, doc('历史版本', '<ul><li><a href="/agreement/2025">2025年版</a></li></ul>')),
    '/notice/agreement': (_req, res) => (site.agreementNotice === null ? sendHtml(res, 404, notFound) : sendHtml(res, 200, notice('用户服务协议', site.agreementNotice))),
    '/notice/rules': (_req, res) => (site.rulesNotice === null ? sendHtml(res, 404, notFound) : sendHtml(res, 200, notice('交易规则', site.rulesNotice))),
  },
  (_req, res) => sendHtml(res, 404, notFound),
);

let server: LocalServer;
let db: Db;
let roster: string;
const results: NightlyResult[] = [];

async function runNightly(): Promise<void> {
  results.push(await nightly(db, { selection: await selectFromRoster(roster), baseDir: join(tmp.dir, 'nightly'), checks: ['agreement-changes'], platformConcurrency: 1, visit: FAST_VISIT }, new AbortController().signal));
}

const changes = (n: number) => changeKeys(results[n]!.report!);
const verdictOf = (n: number, key: string) => results[n]!.report!.platforms[0]!.findings.find((f) => f.key === key)?.verdict;

let agreement: string;
let rules: string;

beforeAll(async () => {
  server = await listenLocal(routes);
  agreement = normaliseUrl(`${server.url}agreement`);
  rules = normaliseUrl(`${server.url}rules`);
  roster = join(tmp.dir, 'roster.csv');
  await writeDemoRoster([{ id: 'chenguang', name: '晨光网络科技有限公司', uscc: '91330106673959654P', url: server.url, risk: 'general' }], roster);
  db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  await runNightly();
  site.refund = '三日';
  await runNightly();
  await runNightly();
  Object.assign(site, { refund: '十日', agreementNotice: 10, ban: '不得虚假宣传或者刷单炒信', rulesNotice: 3 });
  await runNightly();
}, 180_000);

afterAll(async () => {
  db?.close();
  await server?.close();
  tmp.remove();
});

describe('nightly runs over an agreement and rules edited between them', () => {
  it('reports nothing on the first night: the texts are first seen', () => {
    expect(changes(0)).toEqual({ new: [], persisting: [], resolved: [], unchecked: [] });
  });

  it('reports the agreement edited with no notice as new, for the document and the platform', () => {
    expect(changes(1)).toEqual({ new: [PLATFORM_KEY, agreement].sort(), persisting: [], resolved: [], unchecked: [] });
    expect(verdictOf(1, agreement)).toBe('violation');
  });

  it('keeps it persisting while the unannounced text stays in force', () => {
    expect(changes(2)).toEqual({ new: [], persisting: [PLATFORM_KEY, agreement].sort(), resolved: [], unchecked: [] });
    expect(results[2]!.report!.platforms[0]!.findings.find((f) => f.key === agreement)!.summary).toContain('现行文本（第2版');
  });

  it('resolves it once a text announced 10 days ahead replaces it, and reports the rules changed after 3 days new', () => {
    expect(changes(3)).toEqual({ new: [rules], persisting: [PLATFORM_KEY], resolved: [agreement], unchecked: [] });
    expect(verdictOf(3, rules)).toBe('violation');
    expect(results[3]!.report!.platforms[0]!.findings.find((f) => f.key === rules)!.summary).toContain('仅提前3日公示');
  });

  it('stores a version per text: three of the agreement, two of the rules, and both notices', () => {
    const docs = listDocuments(db, { platformId: 'chenguang' });
    const versions = Object.fromEntries(docs.map((d) => [d.title, d.versions.length]));
    expect(versions).toMatchObject({ 用户服务协议: 3, 交易规则: 2, '关于修订《用户服务协议》的公示': 1, '关于修订《交易规则》的公示': 1 });
  });
});
