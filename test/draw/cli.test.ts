// The real command from the README's steps: draw, verify, publish; a tampered draw and bad
// input refused. Needs the build (`npm run setup`, or `npx tsc -p tsconfig.json`).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.js';
import { openDatabase } from '../../src/store/database.js';
import { listDraws } from '../../src/store/draws.js';
import { wangjian as run } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = resolve(paths.root, 'test', 'draw', 'fixtures');
const SEED = '2026-07-30 晋城市局公告';

const tmp = tempDir();
afterAll(() => tmp.remove());
const at = (name: string) => join(tmp.dir, name);

const wangjian = (...args: string[]) => run(args, { storage: at('storage'), cwd: tmp.dir });

const storedDraws = () => {
  const db = openDatabase(at('storage/wangjian.sqlite'));
  const draws = listDraws(db);
  db.close();
  return draws;
};

describe('wangjian draw', () => {
  let record: { id: string; targets: { platformId: string; inspectors: string[] }[] };
  beforeAll(async () => {
    cpSync(FIXTURES, tmp.dir, { recursive: true });
    const drawn = await wangjian('draw', '--campaign', 'campaign.json', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv', '--seed', SEED, '--out', 'draw.json');
    expect(drawn.stderr).toBe('');
    expect(drawn.code).toBe(0);
    record = JSON.parse(readFileSync(at('draw.json'), 'utf8'));
  });

  it('draws from the fixtures as the reference implementation does, and stores the draw', () => {
    // low: 2 of jc-book, jc-farm, jc-mall; general: 1 of jc-food, jc-tour (jc-coal: the province took it); higher: both; high: jc-live.
    expect(record.targets.map((t) => t.platformId)).toEqual(['jc-farm', 'jc-mall', 'jc-food', 'jc-car', 'jc-med', 'jc-live']);
    expect(record.targets.find((t) => t.platformId === 'jc-live')!.inspectors).not.toContain('jc-02'); // 回避
    expect(storedDraws().map((d) => d.id)).toEqual([record.id]);
  });

  it('verifies, publishes, refuses a tampered draw, and refuses bad input without storing anything', async () => {
    const tampered = { ...record, targets: record.targets.map((t, i) => (i === 0 ? { ...t, inspectors: ['jc-01', 'jc-03'] } : t)) };
    writeFileSync(at('tampered.json'), JSON.stringify(tampered, null, 2));
    writeFileSync(at('bad-campaign.json'), readFileSync(at('campaign.json'), 'utf8').replace('"high": 1.0', '"high": 1.5'));
    const [verified, refused, published, bad, again] = await Promise.all([
      wangjian('draw', 'verify', 'draw.json', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv', '--campaign', 'campaign.json', '--exclude', 'province-2026.json'),
      wangjian('draw', 'verify', 'tampered.json', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv'),
      wangjian('draw', 'publish', 'draw.json', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv', '--out', 'public'),
      wangjian('draw', '--campaign', 'bad-campaign.json', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv', '--seed', SEED, '--out', 'bad.json'),
      wangjian('draw', '--campaign', 'campaign.json', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv', '--seed', 'a luckier seed', '--out', 'again.json'),
    ]);

    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`verified: draw.json (draw ${record.id}, 6 targets) is reproduced exactly from seed "${SEED}"`);

    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`NOT verified: tampered.json (draw ${record.id}) differs in 2 places:`);
    expect(refused.stdout).toContain(`targets["jc-farm"].inspectors: draw.json ["jc-01","jc-03"], reproduced ${JSON.stringify(record.targets[0]!.inspectors)}`);
    expect(refused.stdout).toContain(`stored draw.targets[0].inspectors: database ${JSON.stringify(record.targets[0]!.inspectors)}, draw.json ["jc-01","jc-03"]`);

    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('wangjian: bad-campaign.json: 1 problem; nothing was imported\n  field "ratios.high": expected a share between 0 and 1, such as 0.5\n');
    expect(existsSync(at('bad.json'))).toBe(false);

    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`campaign "jc-2026-ecom" was drawn already (${record.id}`);
    expect(existsSync(at('again.json'))).toBe(false);
    expect(storedDraws().map((d) => d.id)).toEqual([record.id]);

    expect(published.code).toBe(0);
    const csv = readFileSync(at(`public/${record.id}.csv`), 'utf8');
    expect(csv.startsWith('\uFEFF序号,风险类别,平台编号,企业名称,统一社会信用代码,平台名称,网址,检查人员,执法证号,辅助人员\r\n')).toBe(true);
    expect(csv).toContain('\r\n1,低风险,jc-farm,晋城市田园电子商务有限公司,91140521083016613L,田园到家,https://farm.jc.example.cn/,');
    expect(readFileSync(at(`public/${record.id}.draw.json`))).toEqual(readFileSync(at('draw.json')));

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(at(`public/${record.id}.xlsx`));
    const list = book.getWorksheet('抽查名单')!;
    expect(list.rowCount).toBe(7);
    expect(list.getRow(7).getCell(3).value).toBe('jc-live');
    expect(list.getRow(7).getCell(2).value).toBe('高风险');
    const csvRows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    for (let r = 1; r <= 7; r++) expect((list.getRow(r).values as unknown[]).slice(1).map((v) => v ?? '').join(',')).toBe(csvRows[r - 1]);
    const about = book.getWorksheet('抽取说明')!;
    const notes = new Map(about.getSheetValues().flatMap((row) => (Array.isArray(row) ? [[String(row[1]), String(row[2])]] : [])));
    expect(notes.get('随机种子（抽取前公布）')).toBe(SEED);
    expect(notes.get('复核方法')).toContain(`npx wangjian draw verify ${record.id}.draw.json`);
  });
  it('re-matches one officer after a declared conflict (回避) as a draw superseding the stored one', async () => {
    const live = record.targets.find((t) => t.platformId === 'jc-live')!;
    const declaring = live.inspectors[0]!;
    const rematched = await wangjian('draw', 'rematch', record.id, '--platform', 'jc-live', '--inspector', declaring, '--reason', '其配偶在该平台任职', '--platforms', 'roster.csv', '--inspectors', 'inspectors.csv', '--out', 'rematch.json');
    expect([rematched.code, rematched.stderr]).toEqual([0, '']);
    const next = JSON.parse(readFileSync(at('rematch.json'), 'utf8')) as typeof record & { supersedes: string; rematches: { by: string }[] };
    expect(next.supersedes).toBe(record.id);
    expect(next.targets.filter((t) => t.platformId !== 'jc-live')).toEqual(record.targets.filter((t) => t.platformId !== 'jc-live'));
    expect(next.targets.find((t) => t.platformId === 'jc-live')!.inspectors).toEqual([...live.inspectors.filter((i) => i !== declaring), next.rematches[0]!.by].sort());
    expect(rematched.stdout).toContain(`at jc-live ${declaring} is replaced by ${next.rematches[0]!.by}`);
    expect(storedDraws().find((d) => d.id === record.id)!.supersededBy).toBe(next.id);
  });
});
