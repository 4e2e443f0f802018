// The quota page of the review server: what each role sees, the accept button (CSRF-checked),
// and the report downloads, through the real app on a real database.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_OUTCOME } from '../../src/review/record-form.js';
import { buildApp, SESSION_COOKIE } from '../../src/serve/app.js';
import { login } from '../../src/store/accounts.js';
import type { Db } from '../../src/store/database.js';
import { listInspections } from '../../src/store/inspections.js';
import { tempDir } from '../helpers/tmp.js';
import { makeWorld, PASSWORD, reviewedCheck } from './world.js';

const tmp = tempDir();
let db: Db;
let app: FastifyInstance;
const sessions = new Map<string, { token: string; csrf: string }>();

beforeAll(async () => {
  ({ db } = await makeWorld(tmp.dir));
  reviewedCheck(db, 'spt-quiet', '沙坡头区市场监督管理局', ['spt-01', 'spt-02'], { decide: { 'licence-display': 'confirm' }, outcome: { ...NO_OUTCOME, removalsDemanded: 4 } }, '2026-11-05T02:00:00Z');
  for (const id of ['net-01', 'spt-01', 'zn-01']) {
    const r = await login(db, id, PASSWORD, null);
    if (!r.ok) throw new Error(`login ${id}`);
    sessions.set(id, { token: r.token, csrf: r.csrf });
  }
  app = await buildApp({ db });
});
afterAll(async () => {
  await app.close();
  db.close();
  tmp.remove();
});

const get = (as: string, url: string) => app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: sessions.get(as)!.token } });
const post = (as: string, url: string, fields: [string, string][], csrf = true) =>
  app.inject({
    method: 'POST',
    url,
    cookies: { [SESSION_COOKIE]: sessions.get(as)!.token },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([...(csrf ? [['_csrf', sessions.get(as)!.csrf] as [string, string]] : []), ...fields]).toString(),
  });

describe('/quota', () => {
  it('shows the city section\'s lead every unit, count / quota, the ones below, suggestions and the city reports', async () => {
    const r = await get('net-01', '/quota?month=2026-11');
    expect(r.statusCode).toBe(200);
    for (const name of ['中卫市市场监督管理局', '市局市场与网络交易监管科', '沙坡头区市场监督管理局', '中宁县市场监督管理局', '海原县市场监督管理局']) expect(r.body).toContain(name);
    expect(r.body).toMatch(/沙坡头区市场监督管理局<br><span class="muted">spt<\/span><\/td><td>1 \/ 1<\/td>\s*<td>已完成/);
    expect(r.body).toMatch(/中宁县市场监督管理局<br><span class="muted">zn<\/span><\/td><td>0 \/ 1<\/td>\s*<td><span class="late">未完成/);
    expect(r.body).toMatch(/<a href="\/inspections\/\d+">中卫市安静商贸有限公司<\/a>/);
    expect(r.body).toContain('中宁县市场监督管理局：建议检查对象');
    expect(r.body).toContain('中宁县枸杞之乡网络科技有限公司');
    expect(r.body).toContain('/quota/reports/stats.xlsx?month=2026-11"');
    expect(r.body).toContain('name="_csrf"');
  });

  it('shows an inspector only their unit, and no city-wide report', async () => {
    const r = await get('spt-01', '/quota?month=2026-11');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('沙坡头区市场监督管理局');
    expect(r.body).toContain('<td>1 / 1</td>');
    expect(r.body).not.toContain('中宁县市场监督管理局');
    expect(r.body).not.toContain('/quota/reports/public.xlsx');
    expect((await get('spt-01', '/quota/reports/stats.xlsx?month=2026-11')).statusCode).toBe(403);
    expect((await get('spt-01', '/quota/reports/stats.csv?month=2026-11&unit=zn')).statusCode).toBe(404);
  });

  it('accepts a suggestion with the CSRF token only, for a unit the user sees', async () => {
    const fields: [string, string][] = [['unit', 'zn'], ['platform', 'zn-goji'], ['month', '2026-11'], ['inspectors', 'zn-01'], ['inspectors', 'zn-02']];
    expect((await post('zn-01', '/quota/accept', fields, false)).statusCode).toBe(403);
    expect((await post('spt-01', '/quota/accept', fields)).statusCode).toBe(404);
    expect(listInspections(db, { unit: '中宁县市场监督管理局' })).toEqual([]);
    const r = await post('zn-01', '/quota/accept', fields);
    expect(r.statusCode).toBe(303);
    const [inspection] = listInspections(db, { unit: '中宁县市场监督管理局' });
    expect(r.headers.location).toBe(`/inspections/${inspection!.id}`);
    expect(inspection).toMatchObject({ origin: 'routine', runId: 'run-20261121-0200', inspectors: ['zn-01', 'zn-02'] });
    const again = await post('zn-01', '/quota/accept', fields);
    expect([again.statusCode, again.headers.location]).toEqual([303, '/quota?month=2026-11']);
  });

  it('downloads the statistics table, whose cells hold the month\'s figures', async () => {
    const r = await get('net-01', '/quota/reports/stats.xlsx?month=2026-11&unit=spt');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('专项行动情况统计表-2026-11-spt.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('附件2')!;
    expect([sheet.getCell('C4').value, sheet.getCell('C6').value]).toEqual([1, 4]);
    const csv = await get('net-01', '/quota/reports/public.csv?month=2026-11');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('中卫市安静商贸有限公司');
  });
});
