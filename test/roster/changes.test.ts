// Rosters over time (issue 17, item 2): a platform roster imported again shows what changed and
// keeps what left, in a change log; an inspector's 执法证 validity and 状态 keep them out of a
// draw; a transfer moves the account, and the quota credit of checks done stays where it was
// earned. Files as offices make them (XLSX with title rows, GBK CSV), real SQLite files.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignSchema } from '../../src/campaign/campaign.js';
import { makeDraw } from '../../src/draw/draw.js';
import { sha256 as sha256Of } from '../../src/evidence/bundle.js';
import { canonicalJson } from '../../src/evidence/canonical.js';
import { rosterDigestOf } from '../../src/draw/record.js';
import { verifyDraw } from '../../src/draw/verify.js';
import { acceptSuggestion, monthQuota, suggestTargets } from '../../src/quota/quota.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { readPlatformRoster } from '../../src/roster/platforms.js';
import { getUser, login, syncAccounts } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { storeDraw } from '../../src/store/draws.js';
import { getInspection, insertInspection } from '../../src/store/inspections.js';
import { importRoster, listRoster, listRosterChanges } from '../../src/store/roster.js';
import { wangjian as run } from '../helpers/cli.js';
import { gbk, officeWorkbook } from '../helpers/office.js';
import { tempDir } from '../helpers/tmp.js';
import { makeWorld, PASSWORD, PLATFORMS, signAt } from '../quota/world.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const at = (name: string) => join(tmp.dir, name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const [HEMEI, XINGHE, LANSHAN, YUNDUAN] = ['91330106ma27u8xk3x', '91440300ma5f2g7d1j', '91140500ma0k3h9p2u', '91110105ma01qw8t4a'];

describe('a platform roster imported again', () => {
  const storage = at('storage');
  const wangjian = (...args: string[]) => run(args, { storage, cwd: tmp.dir });

  it('prints the diff, writes nothing on --dry-run, keeps a platform gone from the roster with its status, and logs each change', async () => {
    const first = await officeWorkbook(tmp.dir, 'platforms-2026.xlsx', '2026年电子商务平台经营者名录库', ['序号', '企业名称', '统一社会信用代码', '网址', '所属区划', '信用风险分类', '经营状态'], [
      [1, '合美网络科技有限公司', '91330106MA27U8XK3X', 'www.hemei.example.cn', 330106, 'A类', '存续（在营、开业、在册）'],
      [2, '星河电子商务有限公司', '91440300MA5F2G7D1J', 'https://xinghe.example.cn/', 330106, '一般', '存续'],
      [3, '蓝山网络有限公司', '91140500MA0K3H9P2U', 'lanshan.example.cn', 330105, 'B', '在业'],
    ]);
    expect(await wangjian('roster', 'import', first)).toMatchObject({ code: 0, stdout: `imported 3 platforms from ${first}\n` });

    // The next quarter's roster, saved by WPS as GBK CSV: 合美 moved its shop, 星河 was revoked,
    // 蓝山 is no longer listed, 云端 is new.
    const second = at('platforms-2027q1.csv');
    writeFileSync(second, gbk(['2027年第一季度电子商务平台经营者名录库,,,,,', '企业名称,统一社会信用代码,网址,所属区划,信用风险分类,经营状态', '合美网络科技有限公司,91330106MA27U8XK3X,https://shop.hemei.example.cn/,330106,A,存续', '星河电子商务有限公司,91440300MA5F2G7D1J,https://xinghe.example.cn/,330106,一般,吊销，未注销', '云端好物科技有限公司,91110105MA01QW8T4A,yunduan.example.cn,330105,D,存续'].join('\r\n')));
    const listed = (await wangjian('roster', 'list')).stdout;
    const diff = [
      `+ ${YUNDUAN}\tadded: 云端好物科技有限公司`,
      `~ ${HEMEI}\t网址 (url): https://www.hemei.example.cn → https://shop.hemei.example.cn/`,
      `~ ${XINGHE}\t经营状态 (status): 存续 → 吊销`,
      `- ${LANSHAN}\tgone from the roster (kept, marked 不在名录库 from `,
    ];
    const dry = await wangjian('roster', 'import', second, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would import 3 platforms from ${second}\n1 added, 2 changed, 1 gone, 0 back, 0 unchanged (dry run: nothing was written)\n`);
    for (const line of diff) expect(dry.stdout).toContain(line);
    expect((await wangjian('roster', 'list')).stdout).toBe(listed);
    expect((await wangjian('roster', 'changes', '--platform', XINGHE)).stdout).toMatch(/^\S+ \S+\tplatform\t91440300ma5f2g7d1j\tadded: 星河电子商务有限公司\t\S+platforms-2026\.xlsx sha256 [0-9a-f]{12}\tconsole \(.+\)\n$/);

    const real = await wangjian('roster', 'import', second);
    expect(real.stdout).toContain(`imported 3 platforms from ${second}\n1 added, 2 changed, 1 gone, 0 back, 0 unchanged\n`);
    for (const line of diff) expect(real.stdout).toContain(line);
    const rows = (await wangjian('roster', 'list')).stdout.split('\n');
    expect(rows.find((r) => r.startsWith(XINGHE))).toMatch(/\t吊销$/);
    expect(rows.find((r) => r.startsWith(LANSHAN))).toMatch(/\t不在名录库 \(gone from the roster \d{4}-\d{2}-\d{2}\)$/);
    expect(rows.find((r) => r.startsWith(HEMEI))).toMatch(/\t存续$/);

    const log = (await wangjian('roster', 'changes', '--platform', XINGHE)).stdout.trim().split('\n');
    expect(log).toHaveLength(2);
    expect(log[1]!.split('\t').slice(1, 5)).toEqual(['platform', XINGHE, '经营状态 (status): 存续 → 吊销', `${second} sha256 ${sha256(second).slice(0, 12)}`]);

    // Listed again a year on: 蓝山 is back, and the log has the whole story.
    const third = await officeWorkbook(tmp.dir, 'platforms-2027q2.xlsx', '名录库', ['企业名称', '统一社会信用代码', '网址', '所属区划', '信用风险分类', '经营状态'], [
      ['合美网络科技有限公司', '91330106MA27U8XK3X', 'https://shop.hemei.example.cn/', 330106, 'A', '存续'],
      ['星河电子商务有限公司', '91440300MA5F2G7D1J', 'https://xinghe.example.cn/', 330106, '一般', '吊销'],
      ['蓝山网络有限公司', '91140500MA0K3H9P2U', 'lanshan.example.cn', 330105, 'B', '在业'],
      ['云端好物科技有限公司', '91110105MA01QW8T4A', 'yunduan.example.cn', 330105, 'D', '存续'],
    ]);
    expect((await wangjian('roster', 'import', third)).stdout).toMatch(new RegExp(`0 added, 0 changed, 0 gone, 1 back, 3 unchanged\\n\\+ ${LANSHAN}\\tback in the roster \\(gone from \\d{4}-\\d{2}-\\d{2}\\)\\n`));
    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    try {
      expect(listRoster(db).map((p) => [p.id, p.status ?? null, p.goneAt])).toEqual([
        [YUNDUAN, '存续', null],
        [LANSHAN, '在业', null],
        [HEMEI, '存续', null],
        [XINGHE, '吊销', null],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
      expect(listRosterChanges(db, { roster: 'platforms', subject: LANSHAN }).map((c) => [c.change, c.file])).toEqual([
        ['added', first],
        ['gone', second],
        ['returned', third],
      ]);
      expect(listRosterChanges(db, { subject: YUNDUAN })[0]).toMatchObject({ roster: 'platforms', change: 'added', new: '云端好物科技有限公司', sha256: sha256(second), by: expect.stringMatching(/^console \(/) });
    } finally {
      db.close();
    }
  }, 120_000);
});

const CAMPAIGN = campaignSchema.parse({
  id: 'hz-2026-ecom',
  name: '杭州市2026年度电子商务平台经营者双随机抽查',
  level: 'city',
  region: '330100',
  ratio: 1,
  checks: ['licence-display'],
  window: { from: '2026-06-01', to: '2026-12-31' },
});

describe('the draw and the rosters as they change', () => {
  it('leaves out platforms 注销, 吊销 or 停业 and inspectors not 在岗 or whose 执法证 ended before the day of the draw, saying why; the draw verifies', async () => {
    const platformsFile = at('draw-platforms.csv');
    writeFileSync(platformsFile, gbk(['企业名称,统一社会信用代码,网址,所属区划,经营状态', '合美网络科技有限公司,91330106MA27U8XK3X,www.hemei.example.cn,330106,存续', '星河电子商务有限公司,91440300MA5F2G7D1J,xinghe.example.cn,330106,注销', '蓝山网络有限公司,91140500MA0K3H9P2U,lanshan.example.cn,330105,停业', '云端好物科技有限公司,91110105MA01QW8T4A,yunduan.example.cn,330105,'].join('\r\n')));
    const inspectorsFile = await officeWorkbook(tmp.dir, 'draw-inspectors.xlsx', '执法检查人员名录库', ['编号', '姓名', '单位', '区划', '执法证号', '执法证有效期', '状态'], [
      ['hz-01', '王建国', '网监科', 330100, '33010019001', new Date(Date.UTC(2027, 5, 30)), '在岗'],
      ['hz-02', '李敏', '网监科', 330100, '33010019002', '2026/12/1', '在岗'],
      ['hz-03', '陈静', '网监科', 330100, '33010019003', '2026年11月30日', '在岗'],
      ['hz-04', '刘洋', '西湖区局', 330106, '33010619004', '2028-01-31', '退休'],
      ['hz-05', '赵磊', '西湖区局', 330106, '33010619005', '2028-01-31', '调动'],
      ['hz-06', '孙丽', '西湖区局', 330106, '33010619006', '2022年7月1日至2027年6月30日', ' 在岗 '],
    ]);
    const platforms = await readPlatformRoster(platformsFile);
    const inspectors = await readInspectorRoster(inspectorsFile);
    expect(inspectors.map((i) => [i.id, i.validUntil, i.status])).toEqual([
      ['hz-01', '2027-06-30', '在岗'],
      ['hz-02', '2026-12-01', '在岗'],
      ['hz-03', '2026-11-30', '在岗'],
      ['hz-04', '2028-01-31', '退休'],
      ['hz-05', '2028-01-31', '调动'],
      ['hz-06', '2027-06-30', '在岗'],
    ]);
    const digests = { campaign: { file: 'campaign.json', sha256: 'a'.repeat(64), contentSha256: sha256Of(canonicalJson(CAMPAIGN)) }, platforms: rosterDigestOf(platformsFile, readFileSync(platformsFile), platforms), inspectors: rosterDigestOf(inspectorsFile, readFileSync(inspectorsFile), inspectors) };
    const draw = (drawnAt: string) => makeDraw({ campaign: CAMPAIGN, platforms, inspectors, exclude: [], seed: '2026-12-01 杭州市局公告', digests, drawnAt, toolVersion: 'test' });

    // 09:00 on 1 December 北京时间: hz-02's 执法证 is valid through the day, hz-03's ended the day before.
    const record = draw('2026-12-01T01:00:00Z');
    expect(record.leftOut).toEqual([
      { platformId: LANSHAN, reason: 'closed', status: '停业' },
      { platformId: XINGHE, reason: 'closed', status: '注销' },
      { inspectorId: 'hz-03', reason: 'certificate-expired', validUntil: '2026-11-30' },
      { inspectorId: 'hz-04', reason: 'not-on-duty', status: '退休' },
      { inspectorId: 'hz-05', reason: 'not-on-duty', status: '调动' },
    ]);
    expect(record.targets.map((t) => t.platformId).sort()).toEqual([YUNDUAN, HEMEI].sort());
    for (const t of record.targets) expect(['hz-01', 'hz-02', 'hz-06']).toEqual(expect.arrayContaining(t.inspectors));
    expect(verifyDraw({ record, platforms: { platforms, digest: digests.platforms }, inspectors: { inspectors, digest: digests.inspectors } }).problems).toEqual([]);
    // At 23:00 on 30 November 北京时间 (15:00 UTC) hz-03's 执法证 is still valid.
    expect(draw('2026-11-30T15:00:00Z').leftOut.map((l) => ('inspectorId' in l ? l.inspectorId : l.platformId))).not.toContain('hz-03');

    // `wangjian draw` says whom it left out and why (today hz-02's 执法证 has ended too).
    writeFileSync(at('campaign.json'), JSON.stringify(CAMPAIGN));
    const drawn = await run(['draw', '--campaign', 'campaign.json', '--platforms', platformsFile, '--inspectors', inspectorsFile, '--seed', '2026-12-01 杭州市局公告', '--out', 'draw.json'], { storage: at('storage-draw'), cwd: tmp.dir });
    expect(drawn.code, drawn.stderr).toBe(0);
    for (const note of [`platform ${XINGHE} is 注销 and was not drawn from`, `platform ${LANSHAN} is 停业 and was not drawn from`, "inspector hz-03's 执法证 expired on 2026-11-30, before the draw, and was not drawn", 'inspector hz-04 is 退休, not 在岗, and was not drawn', 'inspector hz-05 is 调动, not 在岗, and was not drawn']) {
      expect(drawn.stderr).toContain(`wangjian: note: ${note}\n`);
    }
  }, 60_000);

  it('reads a roster without those columns to the records it gave before, so old draws re-derive as they were', async () => {
    const file = at('plain-inspectors.csv');
    writeFileSync(file, 'id,name,unit,region,certificate\nhz-01,王建国,网监科,330100,33010019001\n');
    const [inspector] = await readInspectorRoster(file);
    expect(inspector).toEqual({ id: 'hz-01', name: '王建国', unit: '网监科', region: '330100', certificate: '33010019001', specialties: [], avoid: [] });
    expect(rosterDigestOf(file, readFileSync(file), [inspector!]).records['hz-01']).toBe(createHash('sha256').update('{"avoid":[],"certificate":"33010019001","id":"hz-01","name":"王建国","region":"330100","specialties":[],"unit":"网监科"}').digest('hex'));
  });
});

describe('inspectors over time', () => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await makeWorld(at('world')));
  });
  afterAll(() => db.close());

  it('takes a transfer and 退休 from the roster: the account moves, a retired one cannot log in, and each check counts for the unit its officer was in when it was signed', async () => {
    storeDraw(db, { id: 'zw-2026-draw', campaignId: 'zw-2026', seed: 's', drawnAt: '2026-11-01T00:00:00Z', supersedes: null, reason: null, targets: 2, record: '{}' });
    const drawn = (platformId: string) => getInspection(db, insertInspection(db, { platformId, origin: 'draw', drawId: 'zw-2026-draw', checks: ['licence-display'], unit: '中宁县市场监督管理局', inspectors: ['zn-01', 'zn-02'], assistants: [], deadline: null })!)!;
    const content = { outcome: { rectificationOrdered: false, removalsDemanded: 0, closureRequested: false, caseOpened: false, note: '' } };
    signAt(db, drawn('zn-goji'), content, '2026-11-20T02:00:00Z');
    const open = drawn('hy-mall');

    // The roster of December, GBK: 李娟 moved to 沙坡头区, 杨帆 retired, 赵刚's 执法证 renewed.
    const roster = at('inspectors-2026-12.csv');
    writeFileSync(roster, gbk(['编号,姓名,单位,区划,执法证号,执法证有效期,状态', 'zn-01,李娟,沙坡头区市场监督管理局,640502,64052119001,2027/6/30,在岗', 'zn-02,赵刚,中宁县市场监督管理局,640521,64052119002,2029年6月30日,在岗', 'spt-02,杨帆,沙坡头区市场监督管理局,640502,64050219002,2026-12-31,退休'].join('\r\n')));
    const inspectors = await readInspectorRoster(roster);
    const source = { file: roster, sha256: sha256(roster), by: 'console (test)', at: '2026-12-01T01:00:00Z' };
    const dry = syncAccounts(db, inspectors, { dryRun: true, source });
    expect(dry.changes.filter((c) => c.field === 'unit')).toEqual([{ id: 'zn-01', field: 'unit', before: '中宁县市场监督管理局', after: '沙坡头区市场监督管理局' }]);
    expect(dry.disabled).toEqual(['spt-02']);
    expect(getUser(db, 'zn-01')!.unit).toBe('中宁县市场监督管理局');
    expect(listRosterChanges(db, { roster: 'inspectors' })).toEqual([]);

    syncAccounts(db, inspectors, { source });
    expect(getUser(db, 'zn-01')).toMatchObject({ unit: '沙坡头区市场监督管理局', validUntil: '2027-06-30', status: '在岗' });
    expect(getUser(db, 'zn-02')).toMatchObject({ validUntil: '2029-06-30' });
    expect(getUser(db, 'spt-02')).toMatchObject({ status: '退休', disabledAt: '2026-12-01T01:00:00Z' });
    expect(await login(db, 'spt-02', PASSWORD, null)).toEqual({ ok: false, reason: 'invalid' });
    expect(listRosterChanges(db, { roster: 'inspectors', subject: 'zn-01' }).find((c) => c.field === 'unit')).toMatchObject({ old: '中宁县市场监督管理局', new: '沙坡头区市场监督管理局', file: roster, sha256: sha256(roster), by: 'console (test)', at: '2026-12-01T01:00:00Z' });

    // The check signed in November stays 中宁's; the drawn check still open when 李娟 moved
    // counts, signed in December, for 沙坡头区.
    signAt(db, open, content, '2026-12-05T02:00:00Z');
    const count = (month: string, unit: string) => monthQuota(db, month, new Date('2026-12-10T00:00:00Z')).units.find((u) => u.unit.id === unit)!.checks.map((c) => c.platformId);
    expect(count('2026-11', 'zn')).toEqual(['zn-goji']);
    expect(count('2026-11', 'spt')).toEqual([]);
    expect(count('2026-12', 'spt')).toEqual(['hy-mall']);
    expect(count('2026-12', 'zn')).toEqual([]);
  });

  it('suggests no platform for a monthly check that is gone from the roster or 注销, and refuses to take one on', () => {
    const november = new Date('2026-11-22T02:00:00Z');
    const suggested = () => suggestTargets(db, monthQuota(db, '2026-11', november)).get('spt')!.map((s) => s.platform.id);
    expect(suggested()).toEqual(['spt-desert', 'spt-goji']);
    // nor takes one on with an inspector whose 执法证 has expired
    syncAccounts(db, [{ id: 'spt-01', name: '马丽', unit: '沙坡头区市场监督管理局', region: '640502', certificate: '64050219001', validUntil: '2026-10-31' }], { fields: ['certificate', 'validUntil'] });
    expect(() => acceptSuggestion(db, { unit: 'spt', platformId: 'spt-desert', inspectors: ['spt-01'], actor: 'spt-lead', now: november })).toThrow('执法证已于 2026-10-31 到期');
    importRoster(db, PLATFORMS.filter((p) => p.id !== 'spt-desert').map((p) => (p.id === 'spt-goji' ? { ...p, status: '注销' as const } : p)), { file: 'roster-2026-12.csv', complete: true });
    expect(suggested()).toEqual([]);
    expect(() => acceptSuggestion(db, { unit: 'spt', platformId: 'spt-goji', inspectors: ['spt-01'], actor: 'spt-lead', now: november })).toThrow('经营状态为注销');
    expect(() => acceptSuggestion(db, { unit: 'spt', platformId: 'spt-desert', inspectors: ['spt-01'], actor: 'spt-lead', now: november })).toThrow(/已于 \d{4}-\d{2}-\d{2} 移出名录库/);
  });

  it('wangjian user transfer moves an account to a unit of the units file, and roster changes lists it', async () => {
    const storage = at('storage-users');
    const wangjian = (args: string[], input = '') => run(args, { storage, cwd: tmp.dir, input });
    const units = at('units.csv');
    writeFileSync(units, 'id,name,kind,regions,quota\nhz-net,杭州市局网络交易监督管理处,city-section,330100,2\nhz-xh,杭州市西湖区市场监督管理局,county,330106,1\n');
    const inspectors = at('user-inspectors.csv');
    writeFileSync(inspectors, 'id,name,unit,region,certificate,执法证有效期,状态\nhz-01,王建国,杭州市局网络交易监督管理处,330100,33010019001,2027年6月30日,在岗\n');
    expect((await wangjian(['unit', 'import', units])).code).toBe(0);
    expect((await wangjian(['user', 'add', 'hz-01', '--inspectors', inspectors, '--password-stdin'], 'hz01-transfer-test\n')).code).toBe(0);
    expect(await wangjian(['user', 'transfer', 'hz-01', '--unit', 'hz-xh'])).toMatchObject({ code: 0, stdout: 'hz-01 transferred: 杭州市局网络交易监督管理处 → 杭州市西湖区市场监督管理局\n' });
    expect((await wangjian(['user', 'list'])).stdout).toMatch(/^hz-01\t王建国\t杭州市西湖区市场监督管理局\t33010019001\tinspector\tactive\t在岗 执法证有效期至 2027-06-30\n$/);
    expect((await wangjian(['roster', 'changes', '--inspector', 'hz-01'])).stdout).toMatch(/\tinspector\thz-01\t单位 \(unit\): 杭州市局网络交易监督管理处 → 杭州市西湖区市场监督管理局\t\(console\)\tconsole \(/);
    expect(await wangjian(['user', 'transfer', 'hz-01', '--unit', 'no-such-unit'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no unit "no-such-unit"') });
  }, 60_000);
});
