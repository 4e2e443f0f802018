// The real command on a database made by the store: quota, accept, case, reports, bad input.
// Needs the build (`npm run build`).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_OUTCOME } from '../../src/review/record-form.js';
import { openDatabase } from '../../src/store/database.js';
import { listInspections } from '../../src/store/inspections.js';
import { wangjian as run } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { makeWorld, reviewedCheck } from './world.js';

const tmp = tempDir();
const storage = join(tmp.dir, 'storage');

const wangjian = (...args: string[]) => run(args, { storage, cwd: tmp.dir });

beforeAll(async () => {
  const { db } = await makeWorld(storage);
  reviewedCheck(db, 'spt-quiet', '沙坡头区市场监督管理局', ['spt-01', 'spt-02'], { decide: { 'licence-display': 'confirm' }, outcome: { ...NO_OUTCOME, removalsDemanded: 4 } }, '2026-11-30T15:59:00Z');
  db.close();
});
afterAll(() => tmp.remove());

describe('wangjian quota, case and report', () => {
  it('lists every unit with count / quota, the ones below marked, with suggestions', async () => {
    const r = await wangjian('quota', '--month', '2026-11');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^2026-11 网上检查（北京时间 2026-11-01 至 2026-11-30）：剩余 \d+ 天$/);
    expect(lines.find((l) => l.startsWith('spt '))).toMatch(/1\/1  沙坡头区市场监督管理局$/);
    expect(lines.find((l) => l.startsWith('zn '))).toMatch(/0\/1  中宁县市场监督管理局  未完成/);
    expect(r.stdout).toContain('wangjian quota --accept zn:zn-goji');
    const dec = await wangjian('quota', '--month', '2026-12');
    expect(dec.stdout.split('\n').find((l) => l.startsWith('spt '))).toMatch(/0\/1 .*未完成/);
  });

  it('accepts a suggestion as a routine inspection', async () => {
    const r = await wangjian('quota', '--accept', 'zn:zn-goji', '--inspectors', 'zn-01,zn-02');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    expect(listInspections(db, { unit: '中宁县市场监督管理局' }).map((i) => [i.platform.id, i.origin, i.runId])).toEqual([['zn-goji', 'routine', 'run-20261121-0200']]);
    db.close();
    const again = await wangjian('quota', '--accept', 'zn:zn-goji', '--inspectors', 'zn-01,zn-02');
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('已有未完成的检查')]);
  });

  it('records cases and writes the statistics table and the public list', async () => {
    expect((await wangjian('case', 'add', '--unit', 'spt', '--kind', 'price', '--decision-no', '卫沙市监处罚〔2026〕20号', '--fine', '0.35', '--date', '2026-11-05', '--transferred')).code).toBe(0);
    const bad = await wangjian('case', 'add', '--unit', 'spt', '--kind', 'theft', '--decision-no', 'x', '--date', '2026-11-05');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('unknown case kind "theft"')]);
    const r = await wangjian('report', 'stats', '--month', '2026-11', '--unit', 'spt', '--out', join(tmp.dir, 'reports'));
    expect(r.code).toBe(0);
    const xlsx = join(tmp.dir, 'reports', '专项行动情况统计表-2026-11-spt.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.getWorksheet('附件2')!;
    expect([sheet.getCell('C4').value, sheet.getCell('C6').value, sheet.getCell('C15').value]).toEqual([1, 4, 1]);
    expect(sheet.getCell('A9').value).toBe('查处网络违法案件 1 件；\n移送公安机关案件 1 件；\n罚没款 0.35 万元');
    const p = await wangjian('report', 'public', '--month', '2026-11', '--out', join(tmp.dir, 'public'));
    expect([p.code, p.stdout.split('\n')[0]]).toEqual([0, '1 checked targets']);
    expect(existsSync(join(tmp.dir, 'public', '检查结果公示-2026-11.csv'))).toBe(true);
  });

  it('refuses a bad units file, naming the line, and a bad month', async () => {
    writeFileSync(join(tmp.dir, 'bad.csv'), 'id,name,kind,regions\nSPT,沙坡头区市场监督管理局,county,640502\n');
    const r = await wangjian('unit', 'import', join(tmp.dir, 'bad.csv'));
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('line 2, field "id"')]);
    const m = await wangjian('quota', '--month', '2026-1');
    expect([m.code, m.stderr]).toEqual([2, expect.stringContaining('YYYY-MM')]);
  });
});
