// 用户管理 for leads: the accounts of the unit; accounts added for the unit's inspectors from the
// inspector roster (an XLSX or CSV file uploaded, or CSV pasted, read by readInspectorRoster as
// `wangjian user add --inspectors` reads its file, with the same located errors), a password set
// anew, an account disabled. Each
// act is audited as the console's are (user-added, user-password, user-disabled).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '../../evidence/bundle.js';
import { certificateExpired, type Inspector } from '../../registry/inspectors.js';
import { AccountError, createUser, disableUser, getUser, listUsers, MIN_PASSWORD_LENGTH, setPassword, type User } from '../../store/accounts.js';
import type { ServeContext } from '../app.js';
import { html, type Html } from '../../html.js';
import { csrfField, formText } from '../html.js';
import { acceptRosterUploads, readRosterBytes, ROSTER_NAME, rosterBytes, rosterInputs } from '../roster-form.js';
import { beijingDay, beijingTime } from '../../time.js';


function rosterForm(csrf: string, text: string): Html {
  return html`<form method="post" action="/users/roster" enctype="multipart/form-data">${csrfField(csrf)}
${rosterInputs('roster', text)}
<div class="actions"><button type="submit">读取名录</button></div></form>`;
}

export function register(app: FastifyInstance, ctx: ServeContext): void {
  /** An account of the lead's unit; another unit's answers 404, as one that does not exist. */
  const accountOf = (req: FastifyRequest, reply: FastifyReply, lead: User, id: string): User | null => {
    const user = getUser(ctx.db, id);
    if (user && user.unit === lead.unit) return user;
    ctx.deny(req, reply, 404, '没有这个账号，或不属于本单位');
    return null;
  };

  app.get('/users', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const users = listUsers(ctx.db).filter((u) => u.unit === lead.unit);
    const csrf = ctx.csrfToken(req);
    // a 执法证 is valid through its last day, 北京时间
    const today = beijingDay(new Date());
    const body = html`<h1>用户管理</h1>
<p class="muted">${lead.unit}的账号。停用的账号保留（执法全过程记录和签名仍指向它），其登录会话立即结束。</p>
<table><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>执法证号</th><th>创建时间</th><th>状态</th><th class="no-print"></th></tr></thead>
<tbody>${users.map(
      (u) => html`<tr><td>${u.id}</td><td>${u.name}</td><td>${u.role === 'lead' ? '负责人' : '检查人员'}</td><td>${u.certificate ?? '—'}${u.validUntil ? html`<br><span class="${certificateExpired(u, today) ? 'late' : 'muted'}">有效期至 ${u.validUntil}${certificateExpired(u, today) ? '（已过期）' : ''}</span>` : ''}</td><td>${beijingTime(u.createdAt)}</td>
<td>${u.status ? `${u.status}，` : ''}${u.disabledAt ? html`已停用（${beijingTime(u.disabledAt)}）` : '正常'}</td>
<td class="no-print">${u.disabledAt ? '' : html`<div class="actions"><a href="/users/${u.id}/password">重设密码</a>${u.id !== lead.id ? html`<form method="post" action="/users/${u.id}/disable">${csrfField(csrf)}<button type="submit" class="secondary">停用</button></form>` : ''}</div>`}</td></tr>`,
    )}</tbody></table>
<h2>从检查人员名录添加账号</h2>
<p class="muted">上传或粘贴执法检查人员名录后，列出本单位尚无账号的人员，选择后为其设置初始密码。名录有误时整份不读入，并按行、字段指出问题。服务器上也可用命令 <code>wangjian user add</code>。</p>
${rosterForm(csrf, '')}`;
    return ctx.render(req, reply, { title: '用户管理', body });
  });

  // Step 1: the roster read; the unit's inspectors without an account offered, or the problems named.
  app.register(async (scope) => {
    await acceptRosterUploads(scope);
    scope.post('/users/roster', async (req, reply) => {
      const lead = ctx.requireUser(req, reply, 'lead');
      if (!lead) return reply;
      const bytes = rosterBytes(req.body, 'roster');
      const text = formText(req.body, 'roster');
      const csrf = ctx.csrfToken(req);
      const read = await readRosterBytes(bytes);
      if ('problems' in read) {
        const body = html`<h1>从检查人员名录添加账号</h1>
<div class="notice error" role="alert">${ROSTER_NAME}有 ${read.problems.length} 处问题，未读入任何人员：<ul>${read.problems.map((p) => html`<li>${p}</li>`)}</ul></div>
${rosterForm(csrf, text)}<p><a href="/users">← 用户管理</a></p>`;
        return ctx.render(req, reply, { title: '名录有误', body }, 400);
      }
      const ours = read.inspectors.filter((i) => i.unit === lead.unit);
      const open = ours.filter((i) => !getUser(ctx.db, i.id) && i.status !== '退休');
      const body = html`<h1>从检查人员名录添加账号</h1>
<p>名录共 ${read.inspectors.length} 人，其中${lead.unit} ${ours.length} 人${ours.length > open.length ? html`（${ours.length - open.length} 人已有账号或已退休）` : ''}。其他单位的人员不在此列出。</p>
${open.length
  ? html`<form method="post" action="/users/add">${csrfField(csrf)}<input type="hidden" name="roster64" value="${bytes.toString('base64')}">
<table><thead><tr><th>添加</th><th>编号</th><th>姓名</th><th>执法证号</th><th>初始密码（至少 ${MIN_PASSWORD_LENGTH} 个字符，当面告知本人）</th></tr></thead>
<tbody>${open.map((i) => html`<tr><td><input type="checkbox" name="ids" value="${i.id}" id="add-${i.id}"></td><td><label for="add-${i.id}">${i.id}</label></td><td>${i.name}</td><td>${i.certificate ?? html`<span class="muted">无（只能作辅助人员）</span>`}</td>
<td><input type="password" name="password:${i.id}" autocomplete="new-password" aria-label="${i.name}的初始密码"></td></tr>`)}</tbody></table>
<div class="actions"><button type="submit">添加所选账号</button></div></form>`
  : html`<p class="card">本单位的人员均已有账号。</p>`}
<p><a href="/users">← 用户管理</a></p>`;
      return ctx.render(req, reply, { title: '从名录添加账号', body });
    });
  });

  // Step 2: the accounts made, from the roster read again (the form's copy is checked as the first was).
  app.post('/users/add', async (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bytes = Buffer.from(formText(body, 'roster64'), 'base64');
    const read = await readRosterBytes(bytes);
    if ('problems' in read) return ctx.redirect(reply, '/users', { kind: 'error', text: `${ROSTER_NAME}有误，未添加任何账号：${read.problems.slice(0, 3).join('；')}` });
    const ids = (Array.isArray(body.ids) ? body.ids : [body.ids]).filter((i): i is string => typeof i === 'string' && i !== '');
    if (!ids.length) return ctx.redirect(reply, '/users', { kind: 'error', text: '未选择要添加的人员。' });
    // Everything is checked before the first account is made: a wrong row adds none.
    const chosen: { inspector: Inspector; password: string }[] = [];
    for (const id of ids) {
      const inspector = read.inspectors.find((i) => i.id === id);
      if (!inspector || inspector.unit !== lead.unit) return ctx.deny(req, reply, 404, `名录中没有本单位的人员 ${id}`);
      const password = formText(body, `password:${id}`);
      if ([...password].length < MIN_PASSWORD_LENGTH) return ctx.redirect(reply, '/users', { kind: 'error', text: `${inspector.name}（${id}）的初始密码至少 ${MIN_PASSWORD_LENGTH} 个字符，未添加任何账号。` });
      if (getUser(ctx.db, id)) return ctx.redirect(reply, '/users', { kind: 'error', text: `${id} 已有账号，未添加任何账号。` });
      chosen.push({ inspector, password });
    }
    const made: User[] = [];
    try {
      for (const { inspector, password } of chosen) {
        const u = await createUser(ctx.db, inspector, 'inspector', password);
        ctx.audit(req, { action: 'user-added', subject: u.id, after: { name: u.name, unit: u.unit, certificate: u.certificate, role: u.role, roster: { sha256: sha256(bytes) } } });
        made.push(u);
      }
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return ctx.redirect(reply, '/users', { kind: 'error', text: `${made.length ? `已添加 ${made.map((u) => u.id).join('、')}；` : ''}${error.message}` });
    }
    return ctx.redirect(reply, '/users', { kind: 'ok', text: `已添加账号：${made.map((u) => `${u.name}（${u.id}）`).join('、')}。请将初始密码当面告知本人。` });
  });

  app.get<{ Params: { id: string } }>('/users/:id/password', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const user = accountOf(req, reply, lead, req.params.id);
    if (!user) return reply;
    const body = html`<h1>重设密码：${user.name}（${user.id}）</h1>
<p class="muted">新密码至少 ${MIN_PASSWORD_LENGTH} 个字符；设置后该账号的登录会话全部结束，请将新密码当面告知本人。</p>
<form method="post" action="/users/${user.id}/password">${csrfField(ctx.csrfToken(req))}
<label for="password">新密码</label><input type="password" id="password" name="password" autocomplete="new-password" required>
<label for="again">再次输入</label><input type="password" id="again" name="again" autocomplete="new-password" required>
<div class="actions"><button type="submit">设置密码</button><a href="/users">取消</a></div></form>`;
    return ctx.render(req, reply, { title: '重设密码', body });
  });

  app.post<{ Params: { id: string } }>('/users/:id/password', async (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const user = accountOf(req, reply, lead, req.params.id);
    if (!user) return reply;
    const back = `/users/${user.id}/password`;
    const [password, again] = [formText(req.body, 'password'), formText(req.body, 'again')];
    if (password !== again) return ctx.redirect(reply, back, { kind: 'error', text: '两次输入的密码不同，未作更改。' });
    try {
      await setPassword(ctx.db, user.id, password);
    } catch (error) {
      if (error instanceof AccountError) return ctx.redirect(reply, back, { kind: 'error', text: error.message });
      throw error;
    }
    ctx.audit(req, { action: 'user-password', subject: user.id, after: {} });
    return ctx.redirect(reply, '/users', { kind: 'ok', text: `已重设 ${user.name}（${user.id}）的密码，其登录会话已结束。` });
  });

  app.post<{ Params: { id: string } }>('/users/:id/disable', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const user = accountOf(req, reply, lead, req.params.id);
    if (!user) return reply;
    if (user.id === lead.id) return ctx.redirect(reply, '/users', { kind: 'error', text: '不能停用自己的账号。' });
    disableUser(ctx.db, user.id);
    ctx.audit(req, { action: 'user-disabled', subject: user.id, before: { disabledAt: null }, after: { disabledAt: getUser(ctx.db, user.id)!.disabledAt } });
    return ctx.redirect(reply, '/users', { kind: 'ok', text: `已停用 ${user.name}（${user.id}），其登录会话已结束。` });
  });
}
