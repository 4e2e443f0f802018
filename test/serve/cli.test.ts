// `wangjian user` and `wangjian serve` as run on the server's console. Needs the build
// (`npm run setup`, or `npx tsc -p tsconfig.json`).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getUser, login } from '../../src/store/accounts.js';
import { openDatabase } from '../../src/store/database.js';
import { listAudit } from '../../src/store/audit-log.js';
import { BIN, wangjian as run } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const storage = join(tmp.dir, 'storage');
const roster = join(tmp.dir, 'inspectors.csv');
writeFileSync(roster, 'id,name,unit,region,certificate\njc-01,王建国,晋城市市场监督管理局网络交易监督管理科,140500,14050019001\n');

const wangjian = (args: string[], input = '') => run(args, { storage, cwd: tmp.dir, input });

describe('wangjian user', () => {
  it('adds an inspector of the roster with a password from stdin, and the account logs in', async () => {
    const added = await wangjian(['user', 'add', 'jc-01', '--inspectors', roster, '--role', 'lead', '--password-stdin'], 'correct horse battery\n');
    expect(added).toMatchObject({ code: 0, stdout: 'created lead jc-01 (王建国, 晋城市市场监督管理局网络交易监督管理科)\n' });
    const listed = await wangjian(['user', 'list']);
    expect(listed.stdout).toBe('jc-01\t王建国\t晋城市市场监督管理局网络交易监督管理科\t14050019001\tlead\tactive\n');
    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    try {
      expect(await login(db, 'jc-01', 'correct horse battery', null)).toMatchObject({ ok: true, user: { role: 'lead', region: '140500' } });
      expect(listAudit(db).find((e) => e.action === 'user-added')).toMatchObject({ subject: 'jc-01', after: { role: 'lead' } });
    } finally {
      db.close();
    }
  });

  it('refuses a short password, an inspector not in the roster and a second account, with status 2', async () => {
    expect(await wangjian(['user', 'passwd', 'jc-01', '--password-stdin'], 'short\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('至少 10 个字符') });
    expect(await wangjian(['user', 'add', 'jc-99', '--inspectors', roster, '--password-stdin'], 'correct horse battery\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('no inspector with the id "jc-99"') });
    expect(await wangjian(['user', 'add', 'jc-01', '--inspectors', roster, '--password-stdin'], 'correct horse battery\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('已存在') });
    // Without --password-stdin and without a terminal there is nowhere to read a password from.
    expect(await wangjian(['user', 'passwd', 'jc-01'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--password-stdin') });
  });

  it('takes each account\'s 执法证号 from a newer roster, in the audit log', async () => {
    const renewed = join(tmp.dir, 'inspectors-2.csv');
    writeFileSync(renewed, 'id,name,unit,region,certificate\njc-01,王建国,晋城市市场监督管理局网络交易监督管理科,140500,14050019101\njc-77,无账号,晋城市市场监督管理局网络交易监督管理科,140500,14050019177\n');
    expect(await wangjian(['user', 'certificates', '--inspectors', renewed])).toMatchObject({ code: 0, stdout: 'jc-01\t14050019001 -> 14050019101\n' });
    expect(await wangjian(['user', 'certificates', '--inspectors', renewed])).toMatchObject({ code: 0, stdout: "every account already has the roster's 执法证号\n" });
    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    try {
      expect(getUser(db, 'jc-01')!.certificate).toBe('14050019101');
      expect(getUser(db, 'jc-77')).toBeUndefined();
      expect(listAudit(db).find((e) => e.action === 'user-certificate')).toMatchObject({ subject: 'jc-01', after: { before: '14050019001', after: '14050019101' } });
    } finally {
      db.close();
    }
  });
});

describe('wangjian serve', () => {
  it('prints where it listens and serves the login page', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, WANGJIAN_STORAGE: storage }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (out.includes('\n')) done(out);
        });
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url).toBeDefined();
      const res = await fetch(`${url}/login`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<html lang="zh-CN">');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
