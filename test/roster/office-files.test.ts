// Rosters as offices have them: XLSX workbooks saved by Excel or WPS with a merged title above
// the header row, blank rows, numbers and dates typed as cells, and CSV in GBK with Chinese
// headers, read field by field, drawn from, imported and scanned from; and files that are no
// roster, or a hostile one, refused in a line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlatformRecord } from '../../rules/types.js';
import { campaignSchema } from '../../src/campaign/campaign.js';
import { DrawError, makeDraw } from '../../src/draw/draw.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { readPlatformRoster } from '../../src/roster/platforms.js';
import { LIMITS } from '../../src/roster/spreadsheet.js';
import { InputFileError } from '../../src/roster/table-file.js';
import { wangjian as run } from '../helpers/cli.js';
import { gbk, officeWorkbook as writeWorkbook } from '../helpers/office.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const at = (name: string) => join(tmp.dir, name);

const officeWorkbook = (name: string, title: string, header: string[], rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void) => writeWorkbook(tmp.dir, name, title, header, rows, edit);

const PLATFORM_HEADER = ['序号', '企业名称', '统一社会\n信用代码', '网址（URL）', '平台名称', '所属区划', '信用风险分类', '登记日期'];

const platformsXlsx = () =>
  officeWorkbook(
    'platforms.xlsx',
    '2026年电子商务平台经营者名录库',
    PLATFORM_HEADER,
    [
      [1, '合美网络科技有限公司', '91330106MA27U8XK3X', 'www.hemei.example.cn', '合美优选', 330106, 'A类', new Date(Date.UTC(2019, 2, 1))],
      [],
      [2, { richText: [{ text: '星河电子商务' }, { text: '有限公司' }] }, '91440300MA5F2G7D1J', { text: 'https://xinghe.example.cn/', hyperlink: 'https://xinghe.example.cn/' }, '星河购', 330106, '一般'],
      [3, '蓝山网络有限公司', '91140500MA0K3H9P2U', 'lanshan.example.cn/shop', '蓝山集市', null, '未分类'],
      [4, '云端好物科技有限公司', '91110105MA01QW8T4A', 'http://yunduan.example.cn/', '云端好物', 330105, 'D'],
    ],
    // 所属区划 merged down rows 6–7 (星河 and 蓝山), as offices group a district's rows.
    (ws) => ws.mergeCells('F6:F7'),
  );

async function problemsOf(read: Promise<unknown>): Promise<string[]> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputFileError);
  return (error as InputFileError).problems;
}

describe('a platform roster as an office keeps it', () => {
  it('reads an XLSX below its title rows by its Chinese headers, each field typed as the office typed it', async () => {
    expect(await readPlatformRoster(await platformsXlsx())).toEqual([
      // keyed by the 统一社会信用代码 (no id column); the bare domain is its https homepage; A类 is low
      { id: '91330106ma27u8xk3x', name: '合美网络科技有限公司', uscc: '91330106MA27U8XK3X', url: 'https://www.hemei.example.cn', platform: '合美优选', region: '330106', risk: 'low' },
      { id: '91440300ma5f2g7d1j', name: '星河电子商务有限公司', uscc: '91440300MA5F2G7D1J', url: 'https://xinghe.example.cn/', platform: '星河购', region: '330106', risk: 'general' },
      { id: '91140500ma0k3h9p2u', name: '蓝山网络有限公司', uscc: '91140500MA0K3H9P2U', url: 'https://lanshan.example.cn/shop', platform: '蓝山集市', region: '330106', risk: 'unclassified' },
      { id: '91110105ma01qw8t4a', name: '云端好物科技有限公司', uscc: '91110105MA01QW8T4A', url: 'http://yunduan.example.cn/', platform: '云端好物', region: '330105', risk: 'high' },
    ]);
  });

  it('names every problem by the spreadsheet row and the header as written, and imports nothing', async () => {
    const path = await officeWorkbook('bad.xlsx', '2026年电子商务平台经营者名录库', ['企业名称', '统一社会信用代码', '域名', '登记机关', '风险等级'], [
      ['甲公司', 911101087000000001, 'a.example.cn', '330106', 'B'],
      ['乙公司', '91330106673959654P', 'b.example.cn', '杭州市西湖区市场监督管理局', 'E类'],
      ['丙公司', '91330106673959654P', 'c.example.cn', 330106, '较高风险'],
    ]);
    expect(await problemsOf(readPlatformRoster(path))).toEqual([
      'row 4, field "统一社会信用代码": is a number of more than 15 digits (911101087000000000), of which Excel keeps only the first 15: format the column as text (文本) and type the value again',
      'row 5, field "登记机关": expected a 6-digit administrative division code such as 140500 (a 登记机关 given by its name is not read: write its 行政区划代码); got "杭州市西湖区市场监督管理局"',
      'row 5, field "风险等级": expected one of low, general, higher, high, unclassified (A, B, C, D; 低, 一般, 较高, 高; 未分类); got "E类"',
    ]);
    const dup = await officeWorkbook('dup.xlsx', '名录', ['企业名称', '统一社会信用代码', '网址'], [
      ['乙公司', '91330106673959654P', 'b.example.cn'],
      ['丙公司', '91330106673959654p', 'c.example.cn'],
    ]);
    expect(await problemsOf(readPlatformRoster(dup))).toEqual([
      'row 5, field "统一社会信用代码": expected a unique 统一社会信用代码 (the platform\'s key where it has no id); "91330106673959654P" is already used at row 4',
    ]);
    const twice = await officeWorkbook('twice.xlsx', '名录', ['企业名称', '主体名称', '统一社会信用代码', '网址'], [['乙公司', '乙公司', '91330106673959654P', 'b.example.cn']]);
    expect(await problemsOf(readPlatformRoster(twice))).toEqual(['row 3: columns "企业名称" and "主体名称" both give the name; keep one of them']);
    const noHeader = await officeWorkbook('no-header.xlsx', '名录', ['公司', '代码'], [['乙公司', '91330106673959654P']]);
    expect(await problemsOf(readPlatformRoster(noHeader))).toEqual(['has no header row: none of its first 20 rows names a column such as id, name or 企业名称, uscc or 统一社会信用代码']);
  });

  it('reads a GBK CSV with Chinese headers below a title line, as WPS saves it', async () => {
    const path = at('platforms-gbk.csv');
    writeFileSync(
      path,
      gbk(
        [
          '2026年电子商务平台经营者名录库,,,,,',
          '主体名称,统一社会信用代码,域名,网站名称,行政区划代码,风险等级',
          ',,,,,',
          '合美网络科技有限公司,91330106MA27U8XK3X,www.hemei.example.cn,合美优选,330106,低风险',
          '星河电子商务有限公司,91440300MA5F2G7D1J,xinghe.example.cn,星河购,330106,较高',
        ].join('\r\n') + '\r\n',
      ),
    );
    expect(await readPlatformRoster(path)).toEqual([
      { id: '91330106ma27u8xk3x', name: '合美网络科技有限公司', uscc: '91330106MA27U8XK3X', url: 'https://www.hemei.example.cn', platform: '合美优选', region: '330106', risk: 'low' },
      { id: '91440300ma5f2g7d1j', name: '星河电子商务有限公司', uscc: '91440300MA5F2G7D1J', url: 'https://xinghe.example.cn', platform: '星河购', region: '330106', risk: 'higher' },
    ]);
    writeFileSync(at('bad-gbk.csv'), gbk('企业名称,统一社会信用代码,网址,风险等级\r\n甲公司,91330106MA27U8XK3X,ftp://a.cn/,很高\r\n'));
    expect(await problemsOf(readPlatformRoster(at('bad-gbk.csv')))).toEqual([
      'line 2, field "网址": expected an http or https URL of the homepage, or its domain; got "ftp://a.cn/"',
      'line 2, field "风险等级": expected one of low, general, higher, high, unclassified (A, B, C, D; 低, 一般, 较高, 高; 未分类); got "很高"',
    ]);
  });
});

const inspectorsXlsx = () =>
  officeWorkbook('inspectors.xlsx', '执法检查人员名录库', ['序号', '姓名', '所属单位', '行政区划代码', '执法证件号', '业务专长', '回避对象'], [
    [1, '王建国', '杭州市市场监督管理局网络交易监管科', 330100, 33010019001, '网络交易、广告', null],
    [2, '李敏', '杭州市市场监督管理局网络交易监管科', 330100, 33010019002, '网络交易', '91330106MA27U8XK3X'],
    [3, '张伟', '杭州市西湖区市场监督管理局', 330106, 33010619003, '网络交易；价格', null],
  ]);

describe('an inspector roster as an office keeps it', () => {
  it('reads an XLSX by its Chinese headers, each inspector known by the 执法证号 where there is no id', async () => {
    expect(await readInspectorRoster(await inspectorsXlsx())).toEqual([
      { id: '33010019001', name: '王建国', unit: '杭州市市场监督管理局网络交易监管科', region: '330100', certificate: '33010019001', specialties: ['网络交易', '广告'], avoid: [] },
      // 回避 by the platform's 统一社会信用代码, kept in lower case as the platform's key is
      { id: '33010019002', name: '李敏', unit: '杭州市市场监督管理局网络交易监管科', region: '330100', certificate: '33010019002', specialties: ['网络交易'], avoid: ['91330106ma27u8xk3x'] },
      { id: '33010619003', name: '张伟', unit: '杭州市西湖区市场监督管理局', region: '330106', certificate: '33010619003', specialties: ['网络交易', '价格'], avoid: [] },
    ]);
  });

  it('reads a GBK CSV with Chinese headers, and wants an id (编号) where the 执法证号 cannot be one', async () => {
    const path = at('inspectors-gbk.csv');
    writeFileSync(path, gbk(['执法检查人员名录库,,,,,,', '编号,姓名,单位,区划,执法证号,专业领域,回避', 'hz-01,王建国,网监科,330100,浙执330100001,网络交易,', 'hz-05,赵磊,西湖区局,330106,,网络交易,'].join('\r\n')));
    expect(await readInspectorRoster(path)).toEqual([
      { id: 'hz-01', name: '王建国', unit: '网监科', region: '330100', certificate: '浙执330100001', specialties: ['网络交易'], avoid: [] },
      { id: 'hz-05', name: '赵磊', unit: '西湖区局', region: '330106', specialties: ['网络交易'], avoid: [] },
    ]);
    writeFileSync(at('no-id.csv'), gbk(['姓名,单位,区划,执法证号', '王建国,网监科,330100,浙执330100001', '赵磊,西湖区局,330106,', '李敏,网监科,330100,33010019002', '陈静,网监科,330100,33010019002'].join('\r\n')));
    expect(await problemsOf(readInspectorRoster(at('no-id.csv')))).toEqual([
      'line 2, field "id": expected an id (编号): the 执法证号 "浙执330100001" holds characters an id cannot (letters, digits, ".", "_", "-")',
      'line 3, field "id": expected an id (编号): there is no 执法证号 to use as one',
      'line 5, field "执法证号": expected a unique certificate; "33010019002" is already used at line 4',
    ]);
  });
});

const CAMPAIGN = {
  id: 'hz-2026-ecom',
  name: '杭州市2026年度电子商务平台经营者双随机抽查',
  level: 'city',
  region: '330100',
  ratios: { low: 1, general: 1, higher: 1, high: 1, unclassified: 1 },
  checks: ['licence-display'],
  window: { from: '2026-06-01', to: '2026-10-10' },
};

describe('the draw over an office roster', () => {
  const platform = (id: string, risk: PlatformRecord['risk']): PlatformRecord => ({ id, name: id, uscc: '91330106673959654P', url: 'https://a.cn/', region: '330106', risk });
  const inspectors = ['a', 'b', 'c'].map((id) => ({ id, name: id, unit: '科', region: '330100', certificate: id, specialties: [], avoid: [] }));
  const draw = (ratios: Record<string, number>, platforms: PlatformRecord[]) =>
    makeDraw({
      campaign: campaignSchema.parse({ ...CAMPAIGN, ratios }),
      platforms,
      inspectors,
      exclude: [],
      seed: '2026-12-01 杭州市局公告',
      digests: { campaign: { file: 'c', sha256: '', contentSha256: '' }, platforms: { file: 'p', sha256: '', contentSha256: '', records: {} }, inspectors: { file: 'i', sha256: '', contentSha256: '', records: {} } },
      drawnAt: '2026-12-01T00:00:00Z',
      toolVersion: 'test',
    });
  const FOUR = { low: 0.2, general: 0.4, higher: 0.6, high: 1 };

  it('draws 未分类 platforms as a stratum of their own, at their own share, never as general', () => {
    const record = draw({ ...FOUR, unclassified: 0.5 }, [platform('g-1', 'general'), platform('u-1', 'unclassified'), platform('u-2', 'unclassified'), platform('u-3', 'unclassified')]);
    expect(record.strata).toEqual([
      { riskClass: 'low', ratio: 0.2, eligible: 0, drawn: 0 },
      { riskClass: 'general', ratio: 0.4, eligible: 1, drawn: 1 },
      { riskClass: 'higher', ratio: 0.6, eligible: 0, drawn: 0 },
      { riskClass: 'high', ratio: 1, eligible: 0, drawn: 0 },
      { riskClass: 'unclassified', ratio: 0.5, eligible: 3, drawn: 2 },
    ]);
    expect(record.targets.filter((t) => t.riskClass === 'unclassified')).toHaveLength(2);
    // A roster without them draws as before the class existed: four strata.
    expect(draw(FOUR, [platform('g-1', 'general')]).strata.map((s) => s.riskClass)).toEqual(['low', 'general', 'higher', 'high']);
  });

  it('refuses to draw 未分类 platforms the campaign gives no share', () => {
    expect(() => draw(FOUR, [platform('g-1', 'general'), platform('u-1', 'unclassified')])).toThrow(
      new DrawError('1 eligible platform is 未分类 (unclassified), and the campaign\'s ratios give them no share: add "unclassified" to its ratios (the general share, say, if the bureau draws them as 一般风险)'),
    );
  });

  it('draws from the XLSX rosters with `wangjian draw`, keeps each 回避 named by credit code, and imports and scans from them', async () => {
    const [platforms, roster] = [await platformsXlsx(), await inspectorsXlsx()];
    writeFileSync(at('campaign.json'), JSON.stringify(CAMPAIGN));
    const wangjian = (...args: string[]) => run(args, { storage: at('storage'), cwd: tmp.dir });
    const drawn = await wangjian('draw', '--campaign', 'campaign.json', '--platforms', platforms, '--inspectors', roster, '--seed', '2026-12-01 杭州市局公告', '--out', 'draw.json');
    expect(drawn.stderr).toBe('');
    expect(drawn.code).toBe(0);
    const record = JSON.parse(readFileSync(at('draw.json'), 'utf8')) as { strata: { riskClass: string; eligible: number }[]; targets: { platformId: string; riskClass: string; inspectors: string[] }[] };
    expect(record.targets.map((t) => [t.platformId, t.riskClass])).toEqual([
      ['91330106ma27u8xk3x', 'low'],
      ['91440300ma5f2g7d1j', 'general'],
      ['91110105ma01qw8t4a', 'high'],
      ['91140500ma0k3h9p2u', 'unclassified'],
    ]);
    expect(record.targets.find((t) => t.platformId === '91330106ma27u8xk3x')!.inspectors).toEqual(['33010019001', '33010619003']);
    expect((await wangjian('draw', 'verify', 'draw.json', '--platforms', platforms, '--inspectors', roster)).code).toBe(0);

    const imported = await wangjian('roster', 'import', platforms);
    expect(imported.stdout).toBe(`imported 4 platforms from ${platforms}\n`);
    expect((await wangjian('roster', 'list')).stdout).toContain('91140500ma0k3h9p2u\t蓝山网络有限公司\t91140500MA0K3H9P2U\thttps://lanshan.example.cn/shop\tunclassified');
    // The scan reads the workbook: an --only that names none of its platforms is refused by name.
    const scanned = await wangjian('scan', '--platforms', platforms, '--only', 'hemei');
    expect(scanned.stderr).toContain(`--only names platform not in ${platforms}: hemei`);
    expect(scanned.code).toBe(2);
  }, 60_000);
});

describe("the provincial platform's task list", () => {
  const TASK_HEADER = ['序号', '抽查任务编号', '检查对象', '统一社会信用代码', '检查实施机关', '检查人员'];
  const taskXlsx = (name: string, rows: unknown[][]) => officeWorkbook(name, '“双随机、一公开”抽查任务检查对象名单', TASK_HEADER, rows);
  const HZ = '杭州市市场监督管理局';

  it('is matched to the roster by credit code and kept as a draw file a city draw excludes', async () => {
    const [platforms, roster] = [await platformsXlsx(), await inspectorsXlsx()];
    const task = await taskXlsx('task.xlsx', [
      [1, 'ZJ-2026-0042', '合美网络科技有限公司', '91330106MA27U8XK3X', HZ, '王建国、李敏'],
      [2, 'ZJ-2026-0042', '云端好物科技有限公司', '91110105ma01qw8t4a', HZ, '赵强'],
    ]);
    const wangjian = (...args: string[]) => run(args, { storage: at('storage-task'), cwd: tmp.dir });
    const imported = await wangjian('campaign', 'import', task, '--platforms', platforms, '--out', 'province-task.json');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const kept = JSON.parse(readFileSync(at('province-task.json'), 'utf8')) as { campaignId: string; targets: unknown[] };
    expect(kept).toMatchObject({ source: 'provincial-platform', campaignId: 'ZJ-2026-0042' });
    expect(kept.targets).toEqual([
      { platformId: '91330106ma27u8xk3x', uscc: '91330106MA27U8XK3X', name: '合美网络科技有限公司', unit: HZ, inspectors: ['王建国', '李敏'] },
      { platformId: '91110105ma01qw8t4a', uscc: '91110105MA01QW8T4A', name: '云端好物科技有限公司', unit: HZ, inspectors: ['赵强'] },
    ]);
    // a city campaign excluding the province's task draws none of its targets
    writeFileSync(at('city-campaign.json'), JSON.stringify({ ...CAMPAIGN, id: 'city-2026', exclude: ['province-task.json'] }));
    const drawn = await wangjian('draw', '--campaign', 'city-campaign.json', '--platforms', platforms, '--inspectors', roster, '--seed', '2026-12-02 市局公告', '--out', 'city-draw.json');
    expect(drawn.code, drawn.stderr).toBe(0);
    const record = JSON.parse(readFileSync(at('city-draw.json'), 'utf8')) as { targets: { platformId: string }[]; leftOut: { platformId: string; reason: string; by?: string }[] };
    expect(record.targets.map((t) => t.platformId)).not.toContain('91330106ma27u8xk3x');
    expect(record.leftOut).toContainEqual({ platformId: '91330106ma27u8xk3x', reason: 'excluded', by: 'ZJ-2026-0042' });
  }, 60_000);

  it('refuses a target not in the roster, one listed twice and two tasks in one file, by row and header, writing nothing', async () => {
    const platforms = await platformsXlsx();
    const task = await taskXlsx('bad-task.xlsx', [
      [1, 'ZJ-2026-0042', '合美网络科技有限公司', '91330106MA27U8XK3X', HZ, '王建国'],
      [2, 'ZJ-2026-0042', '合美网络科技有限公司', '91330106MA27U8XK3X', HZ, '王建国'],
      [3, 'ZJ-2026-0043', '某未登记公司', '91330106673959654P', HZ, '李敏'],
    ]);
    const result = await run(['campaign', 'import', task, '--platforms', platforms, '--out', 'never.json'], { storage: at('storage-task'), cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds 2 tasks (ZJ-2026-0042, ZJ-2026-0043): export one 抽查任务 a file');
    expect(result.stderr).toContain('row 5, field "统一社会信用代码": 91330106MA27U8XK3X is listed twice');
    expect(result.stderr).toContain('row 6, field "统一社会信用代码": 91330106673959654P is not in the platform roster');
    expect(() => readFileSync(at('never.json'))).toThrow();
  }, 60_000);
});

describe('a file that is no roster', () => {
  it('refuses an .xls, a workbook under a password, and a file named .xlsx that is none, saying what to do', async () => {
    writeFileSync(at('old.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
    expect(await problemsOf(readPlatformRoster(at('old.xls')))).toEqual([
      'is an Excel 97–2003 workbook (.xls or .et) or a workbook under a password, which wangjian does not read: open it in Excel or WPS and save it as an Excel workbook (.xlsx) or CSV, without a password',
    ]);
    writeFileSync(at('page.xlsx'), '<html><table><tr><td>企业名称</td></tr></table></html>');
    expect(await problemsOf(readPlatformRoster(at('page.xlsx')))).toEqual(['is named .xlsx but is not an Excel workbook: open it in Excel or WPS and save it as an Excel workbook (.xlsx) or CSV']);
    const whole = readFileSync(await platformsXlsx());
    writeFileSync(at('cut.xlsx'), whole.subarray(0, whole.length - 200));
    expect(await problemsOf(readPlatformRoster(at('cut.xlsx')))).toEqual(['is not a readable XLSX workbook (its zip structure is damaged): open it in Excel or WPS and save it again']);
  });

  it('refuses a zip bomb, a sheet of too many rows and an oversized file before reading them whole', async () => {
    const bomb = await officeWorkbook('bomb.xlsx', '名录', ['企业名称', '统一社会信用代码', '网址'], [['甲'.repeat(12 * 2 ** 20), '91330106673959654P', 'a.cn']]);
    expect(readFileSync(bomb).length).toBeLessThan(2 ** 20);
    expect(await problemsOf(readPlatformRoster(bomb))).toEqual([`unpacks to more than 32 MB, more than a roster needs: is it a roster?`]);
    const many = await officeWorkbook('many.xlsx', '名录', ['企业名称', '统一社会信用代码', '网址'], Array.from({ length: LIMITS.rows }, (_, i) => [`公司${i}`, '91330106673959654P', 'a.cn']));
    expect(await problemsOf(readPlatformRoster(many))).toEqual([`has more than ${LIMITS.rows} rows, more than a roster has: is it a roster?`]);
    writeFileSync(at('lines.csv'), `name,uscc,url\n${'甲,91330106673959654P,a.cn\n'.repeat(LIMITS.rows)}`);
    expect(await problemsOf(readPlatformRoster(at('lines.csv')))).toEqual([`has more than ${LIMITS.rows} lines, more than a roster has: is it a roster?`]);
    writeFileSync(at('huge.csv'), Buffer.alloc(LIMITS.fileBytes + 1, 0x20));
    expect(await problemsOf(readPlatformRoster(at('huge.csv')))).toEqual(['is larger than 16 MB, more than a roster needs: is it a roster?']);
  }, 60_000);
});
