// 我的检查: the inspections of the signed-in user (a lead: every inspection of the unit), with how
// far each review has come and how long is left until the deadline.
import type { FastifyInstance } from 'fastify';
import { VERDICTS } from '../../../rules/types.js';
import { STATUS_NAMES, VERDICT_NAMES } from '../../review/check-names.js';
import { getUser, type User } from '../../store/accounts.js';
import { recordFormStatus } from '../../review/record-steps.js';
import { listInspections, type Inspection } from '../../store/inspections.js';
import { reviewItems, type ReviewItem } from '../../store/review-items.js';
import type { ServeContext } from '../app.js';
import { html, type Html } from '../../html.js';

/** Whole days from today (Beijing) to the deadline; negative when past. */
export function daysLeft(deadline: string, today = new Date()): number {
  const beijingToday = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return Math.round((Date.parse(deadline) - Date.parse(beijingToday)) / 86_400_000);
}

export function deadlineCell(deadline: string | null): Html {
  if (!deadline) return html`<span class="muted">—</span>`;
  const days = daysLeft(deadline);
  if (days < 0) return html`<span class="late">${deadline}（已逾期 ${-days} 天）</span>`;
  return html`${deadline}（剩 ${days} 天）`;
}

function visibleInspections(ctx: ServeContext, user: User): Inspection[] {
  if (user.role === 'lead') return listInspections(ctx.db).filter((i) => ctx.maySee(user, i));
  return listInspections(ctx.db, { inspector: user.id });
}

function row(ctx: ServeContext, inspection: Inspection): Html {
  const items = reviewItems(ctx.db, inspection.id);
  const count = <K extends string>(values: readonly K[], of: (i: ReviewItem) => K) => values.map((v) => items.filter((i) => of(i) === v).length);
  const verdicts = count(VERDICTS, (i) => i.current.verdict);
  const statuses = count(['draft', 'confirmed', 'rejected'] as const, (i) => i.current.status);
  const badges = VERDICTS.map((v, i) => (verdicts[i] ? html`<span class="badge v-${v}">${VERDICT_NAMES[v]} ${verdicts[i]}</span> ` : ''));
  // the scan's drafts, none of them touched yet
  const untouched = items.length > 0 && items.every((i) => i.versions.length === 1 && i.origin === 'automated');
  return html`<tr>
<td><a href="/inspections/${inspection.id}">${inspection.platform.name}</a><br><span class="muted">${inspection.platform.id}</span></td>
<td>${inspection.campaignName ?? (inspection.origin === 'routine' ? '日常网上检查' : '—')}</td>
<td>${inspection.inspectors.map((id) => getUser(ctx.db, id)?.name ?? id).join('、')}</td>
<td>${items.length
    ? untouched
      ? html`${badges}<br><span class="muted">已有扫描结果，打开后审核</span>`
      : badges
    : html`<span class="muted">${inspection.runId ? '无结果' : '平台从未扫描'}</span>`}</td>
<td>${(['draft', 'confirmed', 'rejected'] as const).map((s, i) => html`<span class="badge s-${s}">${STATUS_NAMES[s]} ${statuses[i]}</span> `)}</td>
<td>${deadlineCell(inspection.deadline)}</td>
<td><a href="/inspections/${inspection.id}/record">${recordFormStatus(ctx.db, inspection)}</a></td>
</tr>`;
}

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get('/', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const inspections = visibleInspections(ctx, user);
    const body = html`<h1>${user.role === 'lead' ? '本单位的检查' : '我的检查'}</h1>
${inspections.length
  ? html`<table>
<thead><tr><th>平台</th><th>检查任务</th><th>检查人员</th><th>检查结果（按结论）</th><th>审核状态</th><th>完成期限</th><th>检查记录表</th></tr></thead>
<tbody>${inspections.map((i) => row(ctx, i))}</tbody>
</table>`
  : html`<p class="card">目前没有分配给您的检查对象。抽查结果入库后，匹配到您的平台会出现在这里。</p>`}`;
    return ctx.render(req, reply, { title: '我的检查', body });
  });
}
