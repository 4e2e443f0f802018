// 用户管理 for leads: the accounts of the unit, and disabling one. Accounts are created and
// passwords set on the server's console (`wangjian user …`), not here.
import type { FastifyInstance } from 'fastify';
import { disableUser, getUser, listUsers } from '../../store/accounts.js';
import type { ServeContext } from '../app.js';
import { html } from '../../html.js';
import { csrfField } from '../html.js';
import { beijingTime } from '../../time.js';

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get('/users', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const users = listUsers(ctx.db).filter((u) => u.unit === lead.unit);
    const csrf = ctx.csrfToken(req);
    const body = html`<h1>用户管理</h1>
<p class="muted">${lead.unit}的账号。新建账号和设置密码请在服务器上使用命令 <code>wangjian user add</code> / <code>wangjian user passwd</code>。</p>
<table><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>创建时间</th><th>状态</th><th class="no-print"></th></tr></thead>
<tbody>${users.map(
      (u) => html`<tr><td>${u.id}</td><td>${u.name}</td><td>${u.role === 'lead' ? '负责人' : '检查人员'}</td><td>${beijingTime(u.createdAt)}</td>
<td>${u.disabledAt ? html`已停用（${beijingTime(u.disabledAt)}）` : '正常'}</td>
<td class="no-print">${!u.disabledAt && u.id !== lead.id ? html`<form method="post" action="/users/${u.id}/disable">${csrfField(csrf)}<button type="submit" class="secondary">停用</button></form>` : ''}</td></tr>`,
    )}</tbody></table>`;
    return ctx.render(req, reply, { title: '用户管理', body });
  });

  app.post<{ Params: { id: string } }>('/users/:id/disable', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const user = getUser(ctx.db, req.params.id);
    if (!user || user.unit !== lead.unit) return ctx.deny(req, reply, 404, '没有这个账号，或不属于本单位');
    if (user.id === lead.id) return ctx.redirect(reply, '/users', { kind: 'error', text: '不能停用自己的账号。' });
    disableUser(ctx.db, user.id);
    ctx.audit(req, { action: 'user-disabled', subject: user.id, before: { disabledAt: null }, after: { disabledAt: getUser(ctx.db, user.id)!.disabledAt } });
    return ctx.redirect(reply, '/users', { kind: 'ok', text: `已停用 ${user.name}（${user.id}），其登录会话已结束。` });
  });
}
