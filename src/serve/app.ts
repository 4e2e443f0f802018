// The review web application (`wangjian serve`): pages rendered on the server, in Chinese, for a
// plain browser on an office PC. No client script at all, so CSP forbids scripts outright.
//
// Conventions for a route module (src/serve/routes/<area>.ts):
// - export `register(app: FastifyInstance, ctx: ServeContext): void` and add it to ROUTES below
//   (one import, one line).
// - Every route but /login needs a signed-in user: the onRequest hook refuses anonymous requests
//   before any route runs (GET → redirect to /login, others → 401). In the handler, take the user
//   with `const user = ctx.requireUser(req, reply, role?); if (!user) return reply;`.
// - An inspection is reached only through `ctx.inspectionFor(req, reply, user, id)`, which answers
//   404 (and logs 'denied') for an inspection the user may not see, so ids cannot be probed;
//   `ctx.mayAct(user, inspection)` says whether the user may change it.
// - Every POST carries `_csrf` (`csrfField(ctx.csrfToken(req))` from html.ts in the form); the
//   preHandler hook checks it, and the Origin header, before the handler runs.
// - Pages: `return ctx.render(req, reply, { title, body: html`…` })`; after a POST, redirect
//   (post/redirect/get) with `return ctx.redirect(reply, url, { kind: 'ok' | 'error', text })`.
// - Log each action with `ctx.audit(req, { action, inspectionId, subject, before, after })`
//   unless the act already writes it (the review stage in src/review does).
import { timingSafeEqual } from 'node:crypto';
import type { ServerOptions } from 'node:https';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { paths } from '../paths.js';
import type { Db } from '../store/database.js';
import { getUser, sessionOf, type Role, type Session, type User } from '../store/accounts.js';
import { mayAct, type Actor } from '../review/acts.js';
import { appendAudit, type AuditRecord } from '../store/audit-log.js';
import { catchUpHandOffs } from '../review/inspections.js';
import { getInspection, type Inspection } from '../store/inspections.js';
import { html, type Html } from '../html.js';
import { layout, type LayoutOptions } from './html.js';
import * as audit from './routes/audit.js';
import * as campaigns from './routes/campaigns.js';
import * as documents from './routes/documents.js';
import * as evidence from './routes/evidence.js';
import * as login from './routes/login.js';
import * as progress from './routes/progress.js';
import * as quota from './routes/quota.js';
import * as recordForms from './routes/record-forms.js';
import * as review from './routes/review.js';
import * as scans from './routes/scans.js';
import * as users from './routes/users.js';
import * as worklist from './routes/worklist.js';

// Route modules: a new area adds its import above and its module to this list.
const ROUTES: readonly { register(app: FastifyInstance, ctx: ServeContext): void }[] = [login, worklist, review, evidence, audit, users, quota, recordForms, documents, progress, campaigns, scans];

/** The session cookie's name over http; over https it carries the __Host- prefix. */
export const SESSION_COOKIE = 'wj_session';
const FLASH_COOKIE = 'wj_notice';
/** Bytes of a request body the app reads at most. */
export const MAX_BODY_BYTES = 256 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, or null. */
    auth: Session | null;
  }
  interface FastifyInstance {
    /** Every route registered, so a test can check that each one refuses anonymous requests. */
    reviewRoutes: readonly { method: string; url: string }[];
  }
}

export type Notice = NonNullable<LayoutOptions['notice']>;

export interface ServeContext {
  db: Db;
  /** Where run folders stored with a relative path are found. */
  runsRoot: string;
  /** Whether cookies are marked Secure (https). */
  secureCookie: boolean;
  /** The session cookie's name: over https with the __Host- prefix, so no other host can plant one. */
  sessionCookie: string;
  /** The signed-in user with the role asked for; otherwise answers 401/403, logs the denial and returns null. */
  requireUser(req: FastifyRequest, reply: FastifyReply, role?: Role): User | null;
  /** The session's synchronizer token for the `_csrf` field of a form. */
  csrfToken(req: FastifyRequest): string;
  /** Appends to the audit log as the signed-in user, from the request's address. */
  audit(req: FastifyRequest, entry: Omit<AuditRecord, 'actor' | 'ip'>): void;
  /** Who acts on a request, for the store's audit entries: the user and the client's address. */
  actor(req: FastifyRequest, user: User): Actor;
  /** The inspection if the user may see it; otherwise answers 404, logs 'denied' and returns null. */
  inspectionFor(req: FastifyRequest, reply: FastifyReply, user: User, id: string): Inspection | null;
  /** Whether the user may see the inspection: matched to it, or a lead of its unit. */
  maySee(user: User, inspection: Inspection): boolean;
  /** Whether the user may act on the inspection: matched to it as inspector or assistant. */
  mayAct(user: User, inspection: Inspection): boolean;
  /** Answers with a refusal page and logs it as 'denied'. */
  deny(req: FastifyRequest, reply: FastifyReply, status: 401 | 403 | 404, why: string, inspectionId?: number | null): FastifyReply;
  render(req: FastifyRequest, reply: FastifyReply, page: { title: string; body: Html; notice?: Notice | null; script?: string }, status?: number): FastifyReply;
  /** Post/redirect/get, with a notice shown once on the next page. */
  redirect(reply: FastifyReply, url: string, notice?: Notice): FastifyReply;
}

export interface AppOptions {
  db: Db;
  runsRoot?: string;
  /** true for pino's default logger, or a pino logger; none by default (tests). */
  logger?: boolean | Logger;
  /** Serve https directly; the session cookie is then Secure. */
  https?: Pick<ServerOptions, 'cert' | 'key'>;
  /** Mark the session cookie Secure though served over http (https ends at a proxy in front). */
  secureCookie?: boolean;
  /**
   * The address (or CIDR) of a reverse proxy in front, whose X-Forwarded-For, -Proto and -Host are
   * believed: the client's address for login throttling and the audit log, and the scheme and host
   * the browser used for the Origin check.
   */
  trustProxy?: string;
}

// Scripts only from the app's own files (none inline); styles are inline; evidence is framed from the app itself.
const CSP = "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; form-action 'self'; frame-ancestors 'self'";

const PUBLIC_ROUTES = new Set(['/login', '/favicon.ico']);

function sameSecret(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function errorPage(status: number, text: string): Html {
  return html`<h1>${status === 404 ? '未找到' : status === 403 ? '无权操作' : status === 401 ? '请先登录' : '出错了'}</h1><p>${text}</p><p><a href="/">返回我的检查</a></p>`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  // What an older database still owes the review (inspections of stored draws, drafts of bound
  // scans) is made now, once, so that no page has to make it while it is read.
  catchUpHandOffs(db);
  // The largest form the app takes is an amended summary or a 处理结果 note, a few kilobytes; a
  // bigger body is refused (413) before it is read, and a URL longer than Node's header limit (16 KB) is refused by Node (431).
  const common = { bodyLimit: MAX_BODY_BYTES, ...(options.https ? { https: options.https } : {}), ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}) };
  const app = (typeof options.logger === 'object' ? Fastify({ loggerInstance: options.logger, ...common }) : Fastify({ logger: options.logger ?? false, ...common })) as unknown as FastifyInstance;
  await app.register(cookie);
  await app.register(formbody);
  app.decorateRequest('auth', null);

  const unitOf = (id: string) => getUser(db, id)?.unit;
  const secureCookie = options.secureCookie === true || options.https !== undefined;
  const ctx: ServeContext = {
    db,
    runsRoot: options.runsRoot ?? paths.root,
    secureCookie,
    sessionCookie: secureCookie ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE,
    requireUser(req, reply, role) {
      const user = req.auth?.user;
      if (!user) {
        ctx.deny(req, reply, 401, '请先登录');
        return null;
      }
      if (role && user.role !== role) {
        ctx.deny(req, reply, 403, role === 'lead' ? '此页面仅限负责人' : '无权操作');
        return null;
      }
      return user;
    },
    csrfToken: (req) => req.auth?.csrf ?? '',
    audit(req, entry) {
      appendAudit(db, { ...entry, actor: req.auth?.user.id ?? null, ip: req.ip });
    },
    actor: (req, user) => ({ id: user.id, ip: req.ip }),
    maySee(user, inspection) {
      if (ctx.mayAct(user, inspection)) return true;
      if (user.role !== 'lead') return false;
      return inspection.unit === user.unit || [...inspection.inspectors, ...inspection.assistants].some((id) => unitOf(id) === user.unit);
    },
    mayAct: (user, inspection) => mayAct(user.id, inspection),
    inspectionFor(req, reply, user, id) {
      const inspection = /^\d{1,15}$/.test(id) ? getInspection(db, Number(id)) : undefined;
      if (inspection && ctx.maySee(user, inspection)) return inspection;
      // The same answer whether it does not exist or is someone else's.
      ctx.deny(req, reply, 404, '没有这个检查对象，或您无权查看', inspection ? inspection.id : null);
      return null;
    },
    deny(req, reply, status, why, inspectionId = null) {
      ctx.audit(req, { action: 'denied', inspectionId, subject: `${req.method} ${req.url}`, after: { status, why } });
      if (status === 401 && (req.method === 'GET' || req.method === 'HEAD')) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
      return ctx.render(req, reply, { title: '拒绝访问', body: errorPage(status, why) }, status);
    },
    render(req, reply, page, status = 200) {
      let notice = page.notice ?? null;
      const flash = req.cookies[FLASH_COOKIE];
      if (flash) {
        reply.clearCookie(FLASH_COOKIE, { path: '/' });
        try {
          const parsed = JSON.parse(flash) as Notice;
          if ((parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string') notice ??= { kind: parsed.kind, text: parsed.text };
        } catch {
          // A mangled notice is dropped; it was only a message.
        }
      }
      const page$ = layout({ title: page.title, body: page.body, user: req.auth?.user ?? null, csrf: req.auth?.csrf ?? null, notice, script: page.script });
      return reply.code(status).type('text/html; charset=utf-8').send(page$.text);
    },
    redirect(reply, url, notice) {
      if (notice) reply.setCookie(FLASH_COOKIE, JSON.stringify(notice), { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.secureCookie, maxAge: 60 });
      return reply.code(303).redirect(url);
    },
  };

  app.addHook('onRequest', async (req, reply) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    // Pages carry inspection data: an office PC's shared browser cache must not keep them.
    reply.header('Cache-Control', 'no-store');
    const token = req.cookies[ctx.sessionCookie];
    req.auth = token ? (sessionOf(db, token) ?? null) : null;
    if (req.auth || PUBLIC_ROUTES.has(req.routeOptions.url ?? '')) return;
    if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
    return ctx.deny(req, reply, 401, '请先登录');
  });

  // Cross-site request forgery: a POST must come from the app's own page (Origin, when the browser
  // sends one) and carry the session's token. /login checks its own pre-session token.
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const origin = req.headers.origin;
    const own = `${req.protocol}://${req.host}`;
    if (origin !== undefined && origin !== own) return ctx.deny(req, reply, 403, '请求来源不是本系统，已拒绝 (cross-origin request)');
    if (PUBLIC_ROUTES.has(req.routeOptions.url ?? '')) return;
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    if (!req.auth || !sameSecret(sent, req.auth.csrf)) return ctx.deny(req, reply, 403, '表单已失效或来源不明，请刷新页面后重试 (CSRF token missing or wrong)');
  });

  app.setNotFoundHandler((req, reply) => ctx.render(req, reply, { title: '未找到', body: errorPage(404, '没有这个页面。') }, 404));
  app.setErrorHandler((error: { statusCode?: number }, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) req.log.error(error);
    return ctx.render(req, reply, { title: '出错了', body: errorPage(status, status === 500 ? '服务器内部错误，请联系管理员。' : status === 413 ? '提交的内容过大，未作任何更改。' : '请求无效。') }, status);
  });

  const routes: { method: string; url: string }[] = [];
  app.decorate('reviewRoutes', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  for (const route of ROUTES) route.register(app, ctx);
  // Browsers ask for it on their own; without an answer each ask would be a redirect to /login.
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  return app;
}
