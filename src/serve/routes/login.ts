// Log in and out. The login form carries a token of its own (double-submit: a cookie and a field),
// since there is no session yet to hold one; failures are throttled by src/store/accounts.ts.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endSession, login, LOGIN_LOCK_MS } from '../../store/accounts.js';
import { appendAudit } from '../../store/audit-log.js';
import type { ServeContext } from '../app.js';
import { html } from '../../html.js';
import { csrfField } from '../html.js';

const LOGIN_COOKIE = 'wj_login';

/**
 * Only a path of this app: `next` comes from the URL, and must not send the user elsewhere. Browsers
 * drop tabs and line breaks from URLs, so "/\t/evil.example" would become "//evil.example".
 */
const localPath = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : '/');

export function register(app: FastifyInstance, ctx: ServeContext): void {
  const form = (next: string, token: string, id = '') => html`<h1>登录</h1>
<form method="post" action="/login" class="card" style="max-width:420px">
${csrfField(token)}<input type="hidden" name="next" value="${next}">
<label for="id">用户名（执法人员编号）</label><input type="text" id="id" name="id" value="${id}" autocomplete="username" required autofocus>
<label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">登录</button></div>
</form>`;

  // One token per browser, kept while it is on the login page: a second tab, or a request the
  // browser makes on its own (favicon) that is redirected here, must not invalidate the first form.
  const loginToken = (req: FastifyRequest, reply: FastifyReply) => {
    const kept = req.cookies[LOGIN_COOKIE];
    if (kept && /^[\w-]{32}$/.test(kept)) return kept;
    const token = randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, token, { path: '/login', httpOnly: true, sameSite: 'strict', secure: ctx.secureCookie });
    return token;
  };

  app.get('/login', (req, reply) => {
    if (req.auth) return reply.redirect('/');
    const next = localPath((req.query as Record<string, unknown>).next);
    return ctx.render(req, reply, { title: '登录', body: form(next, loginToken(req, reply)) });
  });

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = localPath(body.next);
    const sent = typeof body._csrf === 'string' ? Buffer.from(body._csrf) : Buffer.alloc(0);
    const expected = Buffer.from(req.cookies[LOGIN_COOKIE] ?? '');
    if (!expected.length || sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return ctx.deny(req, reply, 403, '登录表单已失效，请重新打开登录页 (login form token missing or wrong)');
    }
    // Roster ids are short; anything longer is no account, and is not stored as a throttling key.
    const id = typeof body.id === 'string' ? body.id.trim().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const result = await login(ctx.db, id, password, req.ip);
    if (!result.ok) {
      appendAudit(ctx.db, { actor: null, action: result.reason === 'locked' ? 'login-locked' : 'login-failed', subject: id, ip: req.ip });
      const text = result.reason === 'locked' ? `登录失败次数过多，已暂时锁定，请 ${LOGIN_LOCK_MS / 60_000} 分钟后再试。` : '用户名或密码错误。';
      return ctx.render(req, reply, { title: '登录', body: form(next, loginToken(req, reply), id), notice: { kind: 'error', text } }, result.reason === 'locked' ? 429 : 401);
    }
    const old = req.cookies[ctx.sessionCookie];
    if (old) endSession(ctx.db, old);
    reply.clearCookie(LOGIN_COOKIE, { path: '/login' });
    reply.setCookie(ctx.sessionCookie, result.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.secureCookie });
    appendAudit(ctx.db, { actor: result.user.id, action: 'login', ip: req.ip });
    return reply.code(303).redirect(next);
  });

  app.post('/logout', (req, reply) => {
    const token = req.cookies[ctx.sessionCookie];
    ctx.audit(req, { action: 'logout' });
    if (token) endSession(ctx.db, token);
    reply.clearCookie(ctx.sessionCookie, { path: '/' });
    return ctx.redirect(reply, '/login', { kind: 'ok', text: '已退出登录。' });
  });
}
