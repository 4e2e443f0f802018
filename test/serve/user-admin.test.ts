// 用户管理 in real Chromium against the real server: a lead adds accounts for the unit's inspectors
// from a roster pasted as CSV or uploaded as an office's XLSX (a bad one refused whole, by line and
// field, as `wangjian user add` refuses its file), sets a password anew and disables an account; each act audited. Another unit's
// inspectors and accounts cannot be reached by changing an id in a path or a form.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getUser } from '../../src/store/accounts.js';
import { listAudit } from '../../src/store/audit-log.js';
import { HttpClient } from '../helpers/http-client.js';
import { officeWorkbook } from '../helpers/office.js';
import { logIn, PASSWORD, useServeFixture } from './fixture.js';

const served = useServeFixture();
let page: Page;
const UNIT_A = '晋城市市场监督管理局网络交易监督管理科';
const UNIT_B = '晋城市市场监督管理局广告监督管理科';
const NEW_PW = 'a new long password';

const roster = (region: string) => `编号,姓名,所属单位,行政区划代码,执法证号,执法证有效期,状态
jc-01,王建国,${UNIT_A},140500,14050019001,2027/6/30,在岗
jc-20,周敏,${UNIT_A},${region},14050019020,2027年6月30日,在岗
jc-21,吴刚,${UNIT_B},140500,14050019021,,
`;

/** Whether the account logs in with the password. */
async function logsIn(id: string, password: string): Promise<boolean> {
  const res = await new HttpClient(served.fx.base).logIn(id, password);
  return res.status === 303 && !(res.headers.get('location') ?? '').startsWith('/login');
}

beforeAll(async () => {
  page = await served.browser.newPage();
  await logIn(page, served.fx.base, 'jc-09');
});

describe('用户管理', () => {
  it('adds accounts for the unit from a roster pasted or uploaded, refusing a bad roster whole by line and field', async () => {
    await page.goto(`${served.fx.base}/users`);
    await page.fill('#roster', roster('14O500'));
    const refused = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/users/roster')), page.click('button:has-text("读取名录")')]);
    expect(refused[0].status()).toBe(400);
    expect(await page.locator('.notice.error').innerText()).toMatch(/line 3, field "行政区划代码"/);
    // the roster kept in the form to put right
    expect(await page.inputValue('#roster')).toContain('14O500');

    await page.fill('#roster', roster('140500'));
    await page.click('button:has-text("读取名录")');
    // only the unit's inspector without an account is offered
    expect(await page.locator('input[name=ids]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(['jc-20']);
    await page.check('#add-jc-20');
    await page.fill('input[name="password:jc-20"]', 'short');
    await page.click('button:has-text("添加所选账号")');
    expect(await page.locator('.notice.error').innerText()).toContain('至少 10 个字符');
    expect(getUser(served.fx.db, 'jc-20')).toBeUndefined();

    // the office's workbook, title rows above the header, uploaded
    const rows = roster('140500').trim().split('\n').map((l) => l.split(','));
    await page.fill('#roster', '');
    await page.setInputFiles('#rosterFile', await officeWorkbook(served.fx.dir, 'inspectors.xlsx', '执法检查人员名录库', rows[0]!, rows.slice(1)));
    await page.click('button:has-text("读取名录")');
    await page.check('#add-jc-20');
    await page.fill('input[name="password:jc-20"]', NEW_PW);
    await page.click('button:has-text("添加所选账号")');
    expect(await page.locator('.notice.ok').innerText()).toContain('周敏（jc-20）');
    expect(await page.locator('table').first().innerText()).toContain('14050019020');
    expect(getUser(served.fx.db, 'jc-20')).toMatchObject({ unit: UNIT_A, role: 'inspector', certificate: '14050019020', validUntil: '2027-06-30', status: '在岗' });
    expect(await page.locator('table').first().locator('tr', { hasText: 'jc-20' }).innerText()).toMatch(/有效期至 2027-06-30[\s\S]*在岗，正常/);
    expect(await logsIn('jc-20', NEW_PW)).toBe(true);
    expect(listAudit(served.fx.db, {}).find((e) => e.action === 'user-added' && e.subject === 'jc-20')).toMatchObject({ actor: 'jc-09' });
  });

  it('sets a password anew and disables an account, ending its sessions', async () => {
    const other = new HttpClient(served.fx.base);
    await other.logIn('jc-02', PASSWORD);
    await page.goto(`${served.fx.base}/users`);
    await page.locator('tr', { hasText: 'jc-02' }).getByRole('link', { name: '重设密码' }).click();
    await page.fill('#password', NEW_PW);
    await page.fill('#again', `${NEW_PW}!`);
    await page.click('button:has-text("设置密码")');
    expect(await page.locator('.notice.error').innerText()).toContain('两次输入的密码不同');
    await page.fill('#password', NEW_PW);
    await page.fill('#again', NEW_PW);
    await page.click('button:has-text("设置密码")');
    expect(await page.locator('.notice.ok').innerText()).toContain('已重设 李秀英（jc-02）的密码');
    expect((await other.request('GET', '/')).status).toBe(302);
    expect([await logsIn('jc-02', PASSWORD), await logsIn('jc-02', NEW_PW)]).toEqual([false, true]);

    await page.locator('tr', { hasText: 'jc-10' }).getByRole('button', { name: '停用' }).click();
    expect(await page.locator('.notice.ok').innerText()).toContain('已停用 孙磊（jc-10）');
    expect(await logsIn('jc-10', PASSWORD)).toBe(false);
    expect(listAudit(served.fx.db, {}).filter((e) => e.actor === 'jc-09' && ['user-password', 'user-disabled'].includes(e.action)).map((e) => `${e.action} ${e.subject}`).sort()).toEqual(['user-disabled jc-10', 'user-password jc-02']);
  });

  it("reaches no account or inspector of another unit by an id changed in a path or a form", async () => {
    const lead = new HttpClient(served.fx.base);
    await lead.logIn('jc-09', PASSWORD);
    const token = await lead.csrf('/users');
    const form = (extra: Record<string, string>) => ({ form: { _csrf: token, ...extra }, headers: { origin: served.fx.base } });
    expect((await lead.request('GET', '/users/jc-03/password')).status).toBe(404);
    expect((await lead.request('POST', '/users/jc-03/password', form({ password: NEW_PW, again: NEW_PW }))).status).toBe(404);
    expect((await lead.request('POST', '/users/jc-04/disable', form({}))).status).toBe(404);
    // an inspector of unit B named in the form: refused, nothing made
    expect((await lead.request('POST', '/users/add', form({ roster64: Buffer.from(roster('140500')).toString('base64'), ids: 'jc-21', 'password:jc-21': NEW_PW }))).status).toBe(404);
    expect(getUser(served.fx.db, 'jc-21')).toBeUndefined();
    expect([await logsIn('jc-03', PASSWORD), getUser(served.fx.db, 'jc-04')?.disabledAt]).toEqual([true, null]);
    // a multipart form without the session's token is refused like any other
    expect(await page.evaluate(async () => {
      const form = new FormData();
      form.append('roster', 'id,name,unit,region');
      return (await fetch('/users/roster', { method: 'POST', body: form })).status;
    })).toBe(403);
    // and an inspector may not manage accounts at all
    const inspector = new HttpClient(served.fx.base);
    await inspector.logIn('jc-01', PASSWORD);
    expect((await inspector.request('GET', '/users/jc-01/password')).status).toBe(403);
  });
});
