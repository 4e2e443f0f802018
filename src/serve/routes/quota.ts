// 每月网上检查 (seeds/003 三（二）): each unit's signed online checks this month against its quota,
// with days left, suggested targets for the units below quota from the newest nightly findings,
// a button that makes one of them a routine inspection, and the report downloads.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VERDICT_NAMES } from '../../review/check-names.js';
import { beijingMonth } from '../../time.js';
import { acceptSuggestion, monthQuota, QuotaError, suggestTargets, visibleUnits, type Suggestion, type UnitQuota } from '../../quota/quota.js';
import { monthlyStats, writePublicResults, writeStatsReport } from '../../quota/reports.js';
import { unitMembers } from '../../quota/units.js';
import type { User } from '../../store/accounts.js';
import { ReviewError } from '../../review/acts.js';
import { listPlatforms } from '../../store/scans.js';
import { listUnits, type Unit } from '../../store/units.js';
import type { ServeContext } from '../app.js';
import { html, type Html } from '../../html.js';
import { csrfField } from '../html.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** Every unit is visible: the user may have the city-wide reports. */
const seesAll = (visible: readonly Unit[], all: readonly Unit[]) => visible.length === all.length && all.length > 0;

function suggestionsCard(ctx: ServeContext, req: FastifyRequest, q: UnitQuota, suggestions: readonly Suggestion[], month: string): Html {
  if (!suggestions.length) return html`<p class="muted">辖区内暂无可建议的检查对象（没有夜间扫描发现问题的平台，或均已安排检查）。</p>`;
  const members = unitMembers(ctx.db, q.unit);
  const csrf = ctx.csrfToken(req);
  return html`<table>
<thead><tr><th>建议检查对象</th><th>夜间扫描发现</th><th class="no-print">安排检查（至少选两名执法人员）</th></tr></thead>
<tbody>${suggestions.map((s) => {
    const count = (v: 'violation' | 'needs-review') => s.open.filter((f) => f.verdict === v).length;
    return html`<tr>
<td>${s.platform.name}<br><span class="muted">${s.platform.id} · ${s.platform.uscc}</span></td>
<td>${(['violation', 'needs-review'] as const).map((v) => (count(v) ? html`<span class="badge v-${v}">${VERDICT_NAMES[v]} ${count(v)}</span> ` : ''))}
<ul>${s.open.slice(0, 3).map((f) => html`<li>${f.summary}</li>`)}</ul><span class="muted">扫描 ${s.runId}</span></td>
<td class="no-print"><form method="post" action="/quota/accept">${csrfField(csrf)}
<input type="hidden" name="unit" value="${q.unit.id}"><input type="hidden" name="platform" value="${s.platform.id}"><input type="hidden" name="month" value="${month}">
${members.length ? members.map((m) => html`<label><input type="checkbox" name="inspectors" value="${m.id}"> ${m.name}（${m.id}）</label>`) : html`<p class="muted">本单位尚无账号。</p>`}
<div class="actions"><button type="submit">安排检查</button></div></form></td>
</tr>`;
  })}</tbody></table>`;
}

function reportLinks(month: string, visible: readonly Unit[], all: readonly Unit[]): Html {
  const link = (path: string, params: Record<string, string>, text: string) => html`<a href="${`${path}?${new URLSearchParams(params)}`}">${text}</a>`;
  const city = seesAll(visible, all);
  return html`<h2>报表下载</h2><ul>
${city ? html`<li>全市专项行动情况统计表（附件2）：${link('/quota/reports/stats.xlsx', { month }, 'XLSX')} · ${link('/quota/reports/stats.csv', { month }, 'CSV')}</li>` : ''}
${visible.map((u) => html`<li>${u.name} 专项行动情况统计表（附件2）：${link('/quota/reports/stats.xlsx', { month, unit: u.id }, 'XLSX')} · ${link('/quota/reports/stats.csv', { month, unit: u.id }, 'CSV')}</li>`)}
${city ? html`<li>本月检查结果公示（一公开）：${link('/quota/reports/public.xlsx', { month }, 'XLSX')} · ${link('/quota/reports/public.csv', { month }, 'CSV')}</li>` : ''}
</ul>`;
}

async function sendReport(reply: FastifyReply, write: (dir: string) => Promise<string[]>, ext: 'xlsx' | 'csv'): Promise<FastifyReply> {
  const dir = mkdtempSync(join(tmpdir(), 'wangjian-report-'));
  try {
    const file = (await write(dir)).find((f) => f.endsWith(`.${ext}`))!;
    const type = ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
    return reply
      .type(type)
      .header('Content-Disposition', `attachment; filename="report.${ext}"; filename*=UTF-8''${encodeURIComponent(basename(file))}`)
      .send(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function register(app: FastifyInstance, ctx: ServeContext): void {
  const monthOf = (req: FastifyRequest): string | null => {
    const m = (req.query as Record<string, unknown>).month;
    if (m === undefined || m === '') return beijingMonth(new Date());
    return typeof m === 'string' && MONTH.test(m) ? m : null;
  };
  const scope = (user: User) => {
    const all = listUnits(ctx.db);
    return { all, visible: visibleUnits(all, user) };
  };

  app.get('/quota', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const month = monthOf(req);
    if (!month) return ctx.render(req, reply, { title: '每月网上检查', body: html`<h1>每月网上检查</h1><p>月份格式应为 YYYY-MM，如 2026-11。</p>` }, 400);
    const { all, visible } = scope(user);
    if (!visible.length) {
      return ctx.render(req, reply, { title: '每月网上检查', body: html`<h1>每月网上检查</h1><p class="card">您的单位（${user.unit}）不在单位名单中。请负责人用 <code>wangjian unit import</code> 导入单位名单。</p>` });
    }
    const q = monthQuota(ctx.db, month);
    const rows = q.units.filter((u) => visible.some((v) => v.id === u.unit.id));
    const suggestions = suggestTargets(ctx.db, { ...q, units: rows });
    const below = rows.filter((u) => u.below);
    const names = new Map(listPlatforms(ctx.db).map((p) => [p.id, p.name]));
    const body = html`<h1>每月网上检查 · ${month}</h1>
<p>各县（区）局、市局相关科（室）每月按照网上检查记录表（附件1）对辖区至少开展一次线上检查。记录表经两名执法人员签署后计入当月（北京时间）。
${q.daysLeft ? html`本月还剩 <strong>${q.daysLeft}</strong> 天。` : html`本月已结束。`}</p>
<p class="no-print"><a href="/quota?month=${shiftMonth(month, -1)}">← 上月</a> · <a href="/quota">本月</a> · <a href="/quota?month=${shiftMonth(month, 1)}">下月 →</a></p>
<table>
<thead><tr><th>单位</th><th>本月已完成 / 任务</th><th>状态</th><th>已签署的检查</th></tr></thead>
<tbody>${rows.map(
      (u) => html`<tr><td>${u.unit.name}<br><span class="muted">${u.unit.id}</span></td><td>${u.checks.length} / ${u.unit.quota}</td>
<td>${u.below ? html`<span class="late">未完成（差 ${u.unit.quota - u.checks.length} 次）</span>` : u.unit.quota ? '已完成' : html`<span class="muted">不考核</span>`}</td>
<td>${u.checks.length ? html`<ul>${u.checks.map((c) => html`<li><a href="/inspections/${c.inspectionId}">${names.get(c.platformId) ?? c.platformId}</a></li>`)}</ul>` : html`<span class="muted">—</span>`}</td></tr>`,
    )}</tbody></table>
${below.map((u) => html`<h2>${u.unit.name}：建议检查对象</h2>${suggestionsCard(ctx, req, u, suggestions.get(u.unit.id) ?? [], month)}`)}
${reportLinks(month, visible, all)}`;
    return ctx.render(req, reply, { title: `每月网上检查 ${month}`, body });
  });

  app.post('/quota/accept', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const month = typeof body.month === 'string' && MONTH.test(body.month) ? body.month : beijingMonth(new Date());
    const back = `/quota?month=${month}`;
    const unit = scope(user).visible.find((u) => u.id === body.unit);
    if (!unit) return ctx.deny(req, reply, 404, '没有这个单位，或您无权为其安排检查');
    const inspectors = (Array.isArray(body.inspectors) ? body.inspectors : [body.inspectors]).filter((i): i is string => typeof i === 'string' && i !== '');
    try {
      const inspection = acceptSuggestion(ctx.db, { unit: unit.id, platformId: String(body.platform ?? ''), inspectors, actor: user.id });
      return ctx.redirect(reply, `/inspections/${inspection.id}`, { kind: 'ok', text: `已为${unit.name}安排对 ${inspection.platform.name} 的网上检查，请审核夜间扫描结果后签署记录表。` });
    } catch (error) {
      if (error instanceof QuotaError || error instanceof ReviewError) return ctx.redirect(reply, back, { kind: 'error', text: error.message });
      throw error;
    }
  });

  // Reports: a unit's statistics table for whoever sees the unit; the city's and the public list
  // for whoever sees every unit.
  app.get<{ Params: { report: 'stats' | 'public'; ext: 'xlsx' | 'csv' } }>('/quota/reports/:report.:ext', async (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const { report, ext } = req.params;
    const month = monthOf(req);
    if ((report !== 'stats' && report !== 'public') || (ext !== 'xlsx' && ext !== 'csv') || !month) return ctx.deny(req, reply, 404, '没有这个报表');
    const { all, visible } = scope(user);
    const unitId = (req.query as Record<string, unknown>).unit;
    if (report === 'stats' && typeof unitId === 'string') {
      const unit = visible.find((u) => u.id === unitId);
      if (!unit) return ctx.deny(req, reply, 404, '没有这个单位，或您无权查看');
      return sendReport(reply, (dir) => writeStatsReport(monthlyStats(ctx.db, month, unit.id), dir, unit.id), ext);
    }
    if (!seesAll(visible, all)) return ctx.deny(req, reply, 403, '全市报表仅限市局负责人');
    if (report === 'stats') return sendReport(reply, (dir) => writeStatsReport(monthlyStats(ctx.db, month), dir, 'city'), ext);
    return sendReport(reply, async (dir) => (await writePublicResults(ctx.db, { month }, dir)).files, ext);
  });
}
