// 进度通报 for leads: each campaign's targets by stage (campaignProgress, the facts `wangjian
// campaign status` prints) against the deadline and the publication clock, the overdue marked; and
// the dashboard of every campaign by unit. A lead sees the targets of their unit (or, a lead of the
// city or a city section, every unit's, as on the quota page); another unit's are not shown, and a
// campaign without a target the lead may see answers 404.
import type { FastifyInstance } from 'fastify';
import { readCalendar } from '../../campaign/working-days.js';
import { visibleUnits } from '../../quota/quota.js';
import { campaignProgress, listCampaigns, STAGE_NAMES, STAGES, type Stage, type TargetProgress } from '../../quota/progress.js';
import { QuotaError } from '../../quota/quota.js';
import { getUser, type User } from '../../store/accounts.js';
import { listUnits } from '../../store/units.js';
import type { ServeContext } from '../app.js';
import { html } from '../../html.js';
import { csrfField } from '../html.js';
import { deadlineCell } from './worklist.js';

const STAGE_CLASS: Readonly<Record<Stage, string>> = { 'not-scanned': 'v-not-checked', scanned: 'v-needs-review', 'under-review': 's-confirmed', signed: 'v-compliant', entered: 'v-compliant' };

export function register(app: FastifyInstance, ctx: ServeContext): void {
  /** The targets of a campaign this lead may see; null when the campaign has none. */
  const visibleProgress = (user: User, campaignId: string): TargetProgress[] | null => {
    let targets: TargetProgress[];
    try {
      targets = campaignProgress(ctx.db, campaignId, readCalendar());
    } catch (error) {
      if (error instanceof QuotaError) return null;
      throw error;
    }
    const units = new Set(visibleUnits(listUnits(ctx.db), user).map((u) => u.name));
    const seen = targets.filter((t) => ctx.maySee(user, t.inspection) || (t.unitName !== null && units.has(t.unitName)));
    return seen.length ? seen : null;
  };

  app.get('/progress', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const campaigns = listCampaigns(ctx.db).flatMap((c) => {
      const targets = visibleProgress(lead, c.id);
      return targets ? [{ ...c, targets }] : [];
    });
    const body = html`<h1>进度通报</h1>
<p class="muted">各抽查任务的检查对象按进度（${STAGES.map((s) => STAGE_NAMES[s]).join(' → ')}）分单位统计；逾期的以红色标出。点任务名称查看每个检查对象。</p>
${campaigns.length
  ? campaigns.map((c) => {
      const units = [...new Set(c.targets.map((t) => t.unitName ?? '（未定单位）'))].sort();
      const of = (unit: string) => c.targets.filter((t) => (t.unitName ?? '（未定单位）') === unit);
      return html`<h2><a href="/campaigns/${encodeURIComponent(c.id)}/progress">${c.name ?? c.id}</a></h2>
<p class="muted">任务 ${c.id} · 完成时限 ${deadlineCell(c.deadline)}</p>
<table><thead><tr><th>单位</th><th>检查对象</th>${STAGES.map((s) => html`<th>${STAGE_NAMES[s]}</th>`)}<th>逾期</th></tr></thead>
<tbody>${units.map((u) => {
        const ts = of(u);
        const late = ts.filter((t) => t.overdue).length;
        return html`<tr><td>${u}</td><td>${ts.length}</td>${STAGES.map((s) => html`<td>${ts.filter((t) => t.stage === s).length}</td>`)}<td>${late ? html`<span class="late">${late}</span>` : '0'}</td></tr>`;
      })}</tbody></table>`;
    })
  : html`<p class="card">暂无您可查看的抽查任务。抽查（<a href="/campaigns">抽查任务</a>）或打开省级平台任务后，任务会出现在这里。</p>`}`;
    return ctx.render(req, reply, { title: '进度通报', body });
  });

  app.get<{ Params: { id: string } }>('/campaigns/:id/progress', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const targets = visibleProgress(lead, req.params.id);
    if (!targets) return ctx.deny(req, reply, 404, '没有这个抽查任务，或其中没有您单位的检查对象');
    const name = targets[0]!.inspection.campaignName ?? req.params.id;
    const people = (ids: readonly string[]) => ids.map((id) => getUser(ctx.db, id)?.name ?? id).join('、');
    const late = targets.filter((t) => t.overdue).length;
    const csrf = ctx.csrfToken(req);
    const body = html`<h1>${name} · 进度</h1>
<p>任务 ${req.params.id}：检查对象 ${targets.length} 个，${STAGES.map((s) => html`${STAGE_NAMES[s]} ${targets.filter((t) => t.stage === s).length} 个；`)}${late ? html`<span class="late">逾期 ${late} 个</span>` : '无逾期'}。</p>
<table><thead><tr><th>检查对象</th><th>单位</th><th>检查人员</th><th>进度</th><th>完成时限</th><th>录入平台</th><th>公示期限</th><th>提示</th><th class="no-print"></th></tr></thead>
<tbody>${targets.map(
      (t) => html`<tr${t.overdue ? html` class="overdue"` : ''}>
<td><a href="/inspections/${t.inspection.id}">${t.inspection.platform.name}</a><br><span class="muted">${t.inspection.platform.id}</span> · <a href="/platforms/${t.inspection.platform.id}/nightly">夜间巡查</a></td>
<td>${t.unitName ?? '—'}</td>
<td>${people(t.inspection.inspectors)}</td>
<td><span class="badge ${STAGE_CLASS[t.stage]}" data-stage="${t.stage}">${STAGE_NAMES[t.stage]}</span>${t.signed ? html`<br><span class="muted">签署于 ${t.signed.signedOn}</span>` : ''}</td>
<td>${deadlineCell(t.deadline)}</td>
<td>${t.entry ? html`${t.entry.enteredOn}（${t.entry.enteredBy}）` : html`<span class="muted">未录入</span>`}</td>
<td>${t.publicationDue ?? (t.calendarProblem ? html`<span class="muted">未知（节假日历未覆盖）</span>` : html`<span class="muted">—</span>`)}</td>
<td>${t.marks.length ? html`<ul>${t.marks.map((m) => html`<li class="${/逾期|已过/.test(m) ? 'late' : ''}">${m}</li>`)}</ul>` : ''}</td>
<td class="no-print">${t.stage === 'not-scanned' ? html`<form method="post" action="/inspections/${t.inspection.id}/scan">${csrfField(csrf)}<button type="submit" class="secondary">扫描</button></form>` : ''}</td>
</tr>`,
    )}</tbody></table>
<p class="muted">录入平台的标记用命令 <code>wangjian campaign entered</code> 记录；公示期限为签署次日起 20 个工作日。“扫描”在服务器上扫描该平台（同 <code>wangjian scan --campaign</code>），从未扫描的检查对象随后得到扫描结果；已有扫描结果的，重新取证请在检查对象页面用“立即取证”。</p>
<p><a href="/progress">← 进度通报</a></p>`;
    return ctx.render(req, reply, { title: `${name} 进度`, body });
  });
}
