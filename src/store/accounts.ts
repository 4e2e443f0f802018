// Accounts of the review server (migration 4): users taken from the inspector roster, scrypt
// password hashes, sessions, and login throttling. Whoever signs a record form (网上检查记录表)
// must be who the account says, so a session is short-lived, ends with a password change, and
// failed logins lock an account or an address for a while.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Inspector, InspectorStatus } from '../registry/inspectors.js';
import type { Db } from './database.js';
import { InputError } from '../input-error.js';
import { type ChangeSource, logChanges } from './roster.js';

export type Role = 'inspector' | 'lead';
export const ROLES: readonly Role[] = ['inspector', 'lead'];
export const MIN_PASSWORD_LENGTH = 10;

/** Why an account operation was refused; nothing was changed. */
export class AccountError extends InputError {
  override name = 'AccountError';
}

export interface User {
  id: string;
  name: string;
  unit: string;
  region: string;
  /** 执法证号, from the roster; null for one without (an assistant). */
  certificate: string | null;
  /** The last day the 执法证 is valid (YYYY-MM-DD), from the roster; null when it gives none. */
  validUntil: string | null;
  /** 在岗, 调动 or 退休, from the roster; null when it gives none. */
  status: InspectorStatus | null;
  role: Role;
  createdAt: string;
  passwordChangedAt: string;
  disabledAt: string | null;
}

interface UserRow {
  id: string;
  name: string;
  unit: string;
  region: string;
  certificate: string | null;
  certificate_valid_until: string | null;
  status: InspectorStatus | null;
  role: Role;
  password: string;
  created_at: string;
  password_changed_at: string;
  disabled_at: string | null;
}

const userOf = (r: UserRow): User => ({ id: r.id, name: r.name, unit: r.unit, region: r.region, certificate: r.certificate, validUntil: r.certificate_valid_until, status: r.status, role: r.role, createdAt: r.created_at, passwordChangedAt: r.password_changed_at, disabledAt: r.disabled_at });

// --- passwords -------------------------------------------------------------------------------

// OWASP's scrypt floor is N=2^17 with r=8; 2^15 keeps a login near 0.1 s on an office server
// while costing an attacker 32 MiB per guess. The parameters are stored with each hash.
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new AccountError(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符 (a password needs at least ${MIN_PASSWORD_LENGTH} characters)`);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A login for an unknown or disabled account still pays for one hash, so timing does not tell.
let decoyHash: Promise<string> | undefined;

// --- users -----------------------------------------------------------------------------------

const now = () => new Date().toISOString();

/** The unit of an account, when that account exists. */
export function unitOfAccount(db: Db, id: string): string | null {
  return (db.prepare('SELECT unit FROM users WHERE id = ?').get(id) as { unit: string } | undefined)?.unit ?? null;
}

export function getUser(db: Db, id: string): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row && userOf(row);
}

export function listUsers(db: Db): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(userOf);
}

type RosterInspector = Pick<Inspector, 'id' | 'name' | 'unit' | 'region' | 'certificate'> & Partial<Pick<Inspector, 'validUntil' | 'status'>>;

/** An account for an inspector of the roster; name, unit, region, 执法证号, its validity and 状态 come from the roster record. */
export async function createUser(db: Db, inspector: RosterInspector, role: Role, password: string): Promise<User> {
  if (!ROLES.includes(role)) throw new AccountError(`角色须为 ${ROLES.join(' 或 ')} (unknown role ${role})`);
  if (inspector.status === '退休') throw new AccountError(`${inspector.id} 在名录中为退休 (the roster says the inspector has retired: no account)`);
  checkPasswordStrength(password);
  if (getUser(db, inspector.id)) throw new AccountError(`用户 ${inspector.id} 已存在 (the account exists already; use "user passwd")`);
  const hash = await hashPassword(password);
  const at = now();
  db.transaction(() => {
    db.prepare('INSERT INTO users (id, name, unit, region, certificate, certificate_valid_until, status, role, password, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(inspector.id, inspector.name, inspector.unit, inspector.region, inspector.certificate ?? null, inspector.validUntil ?? null, inspector.status ?? null, role, hash, at, at);
    // in its unit from the start ('') until a transfer: a check signed before the account was made counts there too
    db.prepare("INSERT INTO account_units (user_id, unit, since) VALUES (?, ?, '')").run(inspector.id, inspector.unit);
  })();
  return getUser(db, inspector.id)!;
}

// --- the roster over time: transfers, 执法证, 状态 -----------------------------------------------

/** What the inspector roster gives an account, as the account keeps it. */
export const ACCOUNT_FIELDS = ['unit', 'region', 'certificate', 'validUntil', 'status'] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

export interface AccountChange {
  id: string;
  field: AccountField;
  before: string | null;
  after: string | null;
}

/**
 * Moves an account to another unit from `at` on (a transfer, 调动): the unit history keeps where
 * it was before, for the checks already done (src/quota/quota.ts creditedUnit).
 */
function moveAccount(db: Db, id: string, unit: string, at: string): void {
  db.prepare('UPDATE users SET unit = ? WHERE id = ?').run(unit, id);
  db.prepare('INSERT INTO account_units (user_id, unit, since) VALUES (?, ?, ?) ON CONFLICT (user_id, since) DO UPDATE SET unit = excluded.unit').run(id, unit, at);
}

/** Transfers an account to `unit` (by its name, as rosters write it); logged as an inspector roster change made on the console. */
export function transferAccount(db: Db, id: string, unit: string, source: ChangeSource): AccountChange {
  const user = requireUser(db, id);
  if (user.unit === unit) throw new AccountError(`${id} 已属于${unit} (the account is of that unit already)`);
  const change: AccountChange = { id, field: 'unit', before: user.unit, after: unit };
  db.transaction(() => {
    moveAccount(db, id, unit, source.at);
    logChanges(db, [{ roster: 'inspectors', subject: id, change: 'changed', field: 'unit', old: change.before, new: change.after }], source);
  })();
  return change;
}

const COLUMN: Record<AccountField, string> = { unit: 'unit', region: 'region', certificate: 'certificate', validUntil: 'certificate_valid_until', status: 'status' };

/**
 * Takes each account's fields from the inspector roster: a transfer (单位 changed) moves the
 * account to its new unit (and region), a 执法证 issued, renewed or withdrawn and its validity are taken, and
 * an inspector the roster marks 退休 loses the login (the account is kept, disabled: the audit log
 * and signatures name it). The roster's inspectors without an account are left alone. Returns
 * the changes and the accounts disabled; `dryRun` writes nothing.
 */
export function syncAccounts(db: Db, roster: readonly RosterInspector[], options: { fields?: readonly AccountField[]; dryRun?: boolean; source?: ChangeSource } = {}): { changes: AccountChange[]; disabled: string[] } {
  const fields = options.fields ?? ACCOUNT_FIELDS;
  const at = options.source?.at ?? now();
  const changes: AccountChange[] = [];
  const disabled: string[] = [];
  for (const inspector of roster) {
    const user = getUser(db, inspector.id);
    if (!user) continue;
    for (const field of fields) {
      const after = inspector[field] ?? null;
      if (user[field] !== after) changes.push({ id: user.id, field, before: user[field], after });
    }
    if (fields.includes('status') && inspector.status === '退休' && !user.disabledAt) disabled.push(user.id);
  }
  if (options.dryRun) return { changes, disabled };
  db.transaction(() => {
    for (const c of changes) {
      if (c.field === 'unit') moveAccount(db, c.id, c.after!, at);
      else db.prepare(`UPDATE users SET ${COLUMN[c.field]} = ? WHERE id = ?`).run(c.after, c.id);
    }
    for (const id of disabled) disableUser(db, id, at);
    if (options.source) logChanges(db, changes.map((c) => ({ roster: 'inspectors', subject: c.id, change: 'changed', field: c.field, old: c.before, new: c.after })), options.source);
  })();
  return { changes, disabled };
}

/** Takes each account's 执法证号 from the roster; returns the accounts changed, with their old and new 执法证号. */
export function takeCertificates(db: Db, roster: readonly Pick<Inspector, 'id' | 'certificate'>[]): { id: string; before: string | null; after: string | null }[] {
  return syncAccounts(db, roster as RosterInspector[], { fields: ['certificate'] }).changes.map(({ id, before, after }) => ({ id, before, after }));
}

/** The unit each account was in at an instant (UTC ISO): the unit history's latest entry from before it. */
export function unitsOverTime(db: Db): (id: string, at: string) => string | undefined {
  const history = new Map<string, { unit: string; since: string }[]>();
  for (const r of db.prepare('SELECT user_id, unit, since FROM account_units ORDER BY user_id, since').all() as { user_id: string; unit: string; since: string }[]) {
    history.set(r.user_id, [...(history.get(r.user_id) ?? []), { unit: r.unit, since: r.since }]);
  }
  return (id, at) => {
    const units = history.get(id);
    return units?.filter((u) => u.since <= at).at(-1)?.unit;
  };
}

function requireUser(db: Db, id: string): User {
  const user = getUser(db, id);
  if (!user) throw new AccountError(`没有用户 ${id} (no such account)`);
  return user;
}

/** Sets a new password and ends every session of the account. */
export async function setPassword(db: Db, id: string, password: string): Promise<void> {
  requireUser(db, id);
  checkPasswordStrength(password);
  const hash = await hashPassword(password);
  db.transaction(() => {
    db.prepare('UPDATE users SET password = ?, password_changed_at = ? WHERE id = ?').run(hash, now(), id);
    endUserSessions(db, id);
  })();
}

/** Disables the account (it stays, since the audit log and signatures name it) and ends its sessions. */
export function disableUser(db: Db, id: string, at = now()): User {
  requireUser(db, id);
  db.transaction(() => {
    db.prepare('UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').run(at, id);
    endUserSessions(db, id);
  })();
  return getUser(db, id)!;
}

// --- sessions --------------------------------------------------------------------------------

export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Session {
  user: User;
  /** The synchronizer token every POST of this session must carry. */
  csrf: string;
  createdAt: string;
}

function openSession(db: Db, userId: string, ip: string | null): { token: string; csrf: string } {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const at = now();
  db.prepare('INSERT INTO sessions (id_sha256, user_id, csrf, created_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?)').run(digest(token), userId, csrf, at, at, ip);
  return { token, csrf };
}

/** The live session of this cookie value, its idle clock restarted; undefined when unknown, expired or the account disabled. */
export function sessionOf(db: Db, token: string, at = new Date()): Session | undefined {
  const row = db.prepare('SELECT user_id, csrf, created_at, last_seen_at FROM sessions WHERE id_sha256 = ?').get(digest(token)) as { user_id: string; csrf: string; created_at: string; last_seen_at: string } | undefined;
  if (!row) return undefined;
  const t = at.getTime();
  const user = getUser(db, row.user_id);
  if (!user || user.disabledAt || t - Date.parse(row.last_seen_at) > SESSION_IDLE_MS || t - Date.parse(row.created_at) > SESSION_ABSOLUTE_MS) {
    endSession(db, token);
    return undefined;
  }
  db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_sha256 = ?').run(at.toISOString(), digest(token));
  return { user, csrf: row.csrf, createdAt: row.created_at };
}

export function endSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE id_sha256 = ?').run(digest(token));
}

export function endUserSessions(db: Db, userId: string): void {
  db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
}

// --- login -----------------------------------------------------------------------------------

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LOCK_MS = 15 * 60_000;
/** Failures within the window that lock the key: per account, and per address (an office shares one). */
export const LOGIN_LIMITS = { user: 5, ip: 20 } as const;
/**
 * How long a login waits for the guesses in flight on its keys to end before it is refused: 50
 * logins at once from one office take about 5 s of scrypt on a 2-core server (20 take 2.2 s).
 */
const IN_FLIGHT_WAIT_MS = 30_000;

export type LoginResult = { ok: true; user: User; token: string; csrf: string } | { ok: false; reason: 'invalid' | 'locked' };

function lockedUntil(db: Db, key: string, at: Date): string | undefined {
  const row = db.prepare('SELECT until FROM login_locks WHERE key = ?').get(key) as { until: string } | undefined;
  return row && row.until > at.toISOString() ? row.until : undefined;
}

/**
 * Counts a guess against a key before its password is checked: a failure is recorded at once and
 * taken back only if the password turns out right. So guesses in flight count, and a burst of
 * simultaneous logins gets no more checks than the limit allows. Null when the key has none left.
 */
function reserveGuess(db: Db, key: string, limit: number, at: Date): number | bigint | null {
  db.prepare('DELETE FROM login_failures WHERE key = ? AND at < ?').run(key, new Date(at.getTime() - LOGIN_WINDOW_MS).toISOString());
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM login_failures WHERE key = ?').get(key) as { n: number };
  if (n >= limit) return null;
  return db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, at.toISOString()).lastInsertRowid;
}

/** A wrong guess stays counted; the limit reached locks the key. */
function lockWhenSpent(db: Db, key: string, limit: number, at: Date): void {
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM login_failures WHERE key = ?').get(key) as { n: number };
  if (n < limit) return;
  db.prepare('INSERT INTO login_locks (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = excluded.until').run(key, new Date(at.getTime() + LOGIN_LOCK_MS).toISOString());
  db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
}

/** Takes back reserved guesses that were no guesses: the password was right, or nothing was checked. */
function takeBack(db: Db, rows: readonly (number | bigint | null)[]): void {
  for (const r of rows) if (r !== null) db.prepare('DELETE FROM login_failures WHERE rowid = ?').run(r);
}

/**
 * Checks a password and opens a session. Unknown, disabled and wrong-password logins all answer
 * 'invalid' and count against the id typed and the address, so the answer never tells whether an
 * account exists; while a key is locked the password is not even tried, and while the guesses in
 * flight take all a key has left, it waits for them (at most IN_FLIGHT_WAIT_MS).
 */
export async function login(db: Db, id: string, password: string, ip: string | null, at = new Date()): Promise<LoginResult> {
  const keys = [{ key: `user:${id}`, limit: LOGIN_LIMITS.user }, ...(ip ? [{ key: `ip:${ip}`, limit: LOGIN_LIMITS.ip }] : [])];
  // Immediate: two server processes on one database reserve one after the other.
  const reserve = db.transaction((): (number | bigint)[] | 'locked' | 'busy' => {
    if (keys.some((k) => lockedUntil(db, k.key, at))) return 'locked';
    const rows = keys.map((k) => reserveGuess(db, k.key, k.limit, at));
    if (rows.every((r) => r !== null)) return rows as (number | bigint)[];
    // No guess left on one key: nothing is checked, and the other key's reservation is not a guess.
    takeBack(db, rows);
    // Spent failures would have locked the key: what is left are guesses in flight.
    return 'busy';
  }).immediate;
  // An office behind one address logs in at once at nine: a login finding every guess in flight
  // waits for them to end (failed, they lock the key; right, they are taken back) rather than be refused.
  let reserved = reserve();
  for (const until = performance.now() + IN_FLIGHT_WAIT_MS; reserved === 'busy' && performance.now() < until; reserved = reserve()) await new Promise((r) => setTimeout(r, 20));
  if (typeof reserved === 'string') return { ok: false, reason: 'locked' };
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  const usable = row && !row.disabled_at ? row : undefined;
  const good = await verifyPassword(password, usable?.password ?? (await (decoyHash ??= hashPassword(randomBytes(16).toString('hex')))));
  if (!usable || !good) {
    db.transaction(() => keys.forEach((k) => lockWhenSpent(db, k.key, k.limit, at)))();
    return { ok: false, reason: 'invalid' };
  }
  db.transaction(() => {
    takeBack(db, reserved);
    db.prepare('DELETE FROM login_failures WHERE key = ?').run(`user:${id}`);
  })();
  // Expired sessions are swept here rather than by a timer: logins are the natural rhythm.
  db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?').run(new Date(at.getTime() - SESSION_IDLE_MS).toISOString(), new Date(at.getTime() - SESSION_ABSOLUTE_MS).toISOString());
  return { ok: true, user: userOf(usable), ...openSession(db, usable.id, ip) };
}
