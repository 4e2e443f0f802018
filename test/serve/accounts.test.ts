// Accounts on a real SQLite file: scrypt hashes with their parameters, sessions stored by hash with
// idle and absolute expiry, sessions ended by a password change or disabling, and the login lock
// expiring after its quarter of an hour.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountError, createUser, disableUser, hashPassword, login, sessionOf, setPassword, verifyPassword } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
let db: Db;
const PW = 'correct horse battery';
const inspector = (id: string) => ({ id, name: `检查员${id}`, unit: '网络交易监督管理科', region: '140500' });
const later = (ms: number) => new Date(Date.now() + ms);
const H = 3600_000;

beforeAll(async () => {
  db = openDatabase(join(tmp.dir, 'w.sqlite'));
  for (const id of ['a', 'b', 'c', 'd']) await createUser(db, inspector(id), 'inspector', PW);
});
afterAll(() => {
  db.close();
  tmp.remove();
});

describe('accounts', () => {
  it('stores scrypt hashes with their parameters and a fresh salt, and checks them', async () => {
    const [h1, h2] = [await hashPassword(PW), await hashPassword(PW)];
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword(PW, h1)).toBe(true);
    expect(await verifyPassword(`${PW}!`, h1)).toBe(false);
    const stored = (db.prepare('SELECT password FROM users WHERE id = ?').get('a') as { password: string }).password;
    expect(stored.startsWith('scrypt$')).toBe(true);
    await expect(createUser(db, inspector('e'), 'inspector', 'nine char')).rejects.toThrow(AccountError);
    await expect(createUser(db, inspector('a'), 'inspector', PW)).rejects.toThrow(/已存在/);
  });

  it('keeps only the hash of a session id, and ends a session idle 8 hours or open 12 hours', async () => {
    const r = await login(db, 'a', PW, '10.0.0.1');
    if (!r.ok) throw new Error('login failed');
    expect(JSON.stringify(db.prepare('SELECT * FROM sessions').all())).not.toContain(r.token);
    expect(sessionOf(db, r.token)?.user.id).toBe('a');
    expect(sessionOf(db, r.token, later(8 * H + 60_000))).toBeUndefined();
    expect(sessionOf(db, r.token)).toBeUndefined();

    const s = await login(db, 'a', PW, '10.0.0.1');
    if (!s.ok) throw new Error('login failed');
    for (const h of [4, 8, 11.9]) expect(sessionOf(db, s.token, later(h * H))?.csrf).toBe(s.csrf);
    expect(sessionOf(db, s.token, later(12 * H + 60_000))).toBeUndefined();
  });

  it('ends every session of an account when its password changes or it is disabled', async () => {
    const first = await login(db, 'b', PW, null);
    if (!first.ok) throw new Error('login failed');
    await setPassword(db, 'b', 'another long password');
    expect(sessionOf(db, first.token)).toBeUndefined();
    expect((await login(db, 'b', PW, null)).ok).toBe(false);
    const second = await login(db, 'b', 'another long password', null);
    if (!second.ok) throw new Error('login failed');
    disableUser(db, 'b');
    expect(sessionOf(db, second.token)).toBeUndefined();
    expect(await login(db, 'b', 'another long password', null)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks an account for 15 minutes after 5 failures in 15 minutes, then lets it in', async () => {
    const t0 = new Date();
    for (let i = 0; i < 4; i++) expect(await login(db, 'c', 'wrong password!', null, new Date(t0.getTime() + i * 60_000))).toEqual({ ok: false, reason: 'invalid' });
    expect((await login(db, 'c', PW, null, new Date(t0.getTime() + 5 * 60_000))).ok).toBe(true);
    // A success clears the count; five more failures lock.
    for (let i = 0; i < 5; i++) await login(db, 'c', 'wrong password!', null, new Date(t0.getTime() + (6 + i) * 60_000));
    expect(await login(db, 'c', PW, null, new Date(t0.getTime() + 12 * 60_000))).toEqual({ ok: false, reason: 'locked' });
    expect(await login(db, 'c', PW, null, new Date(t0.getTime() + 24 * 60_000))).toEqual({ ok: false, reason: 'locked' });
    expect((await login(db, 'c', PW, null, new Date(t0.getTime() + 26 * 60_000))).ok).toBe(true);
  });

  it('counts guesses in flight: of a burst of 31 simultaneous logins, no more are checked than the limits leave', async () => {
    await createUser(db, inspector('e'), 'inspector', PW);
    const checked = () => (db.prepare("SELECT COUNT(*) AS n FROM login_failures WHERE key = 'ip:10.7.7.7'").get() as { n: number }).n;
    // The address already has 17 of its 20 failures: 3 guesses left, whatever the account allows.
    for (let i = 0; i < 17; i++) await login(db, `other-${i}`, 'wrong password!', '10.7.7.7');
    const burst = await Promise.all([...Array.from({ length: 30 }, () => login(db, 'e', 'wrong password!', '10.7.7.7')), login(db, 'e', PW, '10.7.7.7')]);
    const outcomes = burst.map((r) => (r.ok ? 'ok' : r.reason));
    expect(outcomes.filter((o) => o !== 'locked')).toHaveLength(3);
    expect(outcomes.at(-1)).toBe('locked'); // the right password came after the three guesses left
    expect(checked()).toBe(0); // the address is locked now, its failures cleared into the lock
    expect(await login(db, 'e', PW, '10.7.7.8')).toMatchObject({ ok: true });
  });

  it('lets an office behind one address log in at once: 21 simultaneous right logins all succeed', async () => {
    await createUser(db, inspector('f'), 'inspector', PW);
    const at = await Promise.all(Array.from({ length: 21 }, () => login(db, 'f', PW, '10.8.8.8')));
    expect(at.map((r) => r.ok)).toEqual(Array.from({ length: 21 }, () => true));
    expect(db.prepare("SELECT COUNT(*) AS n FROM login_failures WHERE key IN ('ip:10.8.8.8', 'user:f')").get()).toEqual({ n: 0 });
  });

  it('locks an address after 20 failures, whatever the accounts tried', async () => {
    for (let i = 0; i < 20; i++) await login(db, `guess-${i}`, 'wrong password!', '10.9.9.9');
    expect(await login(db, 'd', PW, '10.9.9.9')).toEqual({ ok: false, reason: 'locked' });
    expect((await login(db, 'd', PW, '10.9.9.10')).ok).toBe(true);
  });
});
