// 执法全过程记录: the audit log for leads, filtered by inspection, person and date, and its export
// as CSV for Excel and WPS. A lead sees the entries of the inspections of the unit, and those by or
// about the unit's accounts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getUser, listUsers, type User } from '../../store/accounts.js';
import { getInspection } from '../../store/inspections.js';
import { listAudit, type AuditEntry, type AuditFilter } from '../../store/audit-log.js';
import type { ServeContext } from '../app.js';
import { html } from '../../html.js';
import { beijingTime } from '../../time.js';
import { personName } from './review.js';
import { recordedData } from '../finding-table.js';
import type { Vocabulary } from '../../review/finding-data.js';
import { CHECK_MODE_NAMES, checkName, STATUS_NAMES, VERDICT_NAMES } from '../../review/check-names.js';

export const ACTION_NAMES: Readonly<Record<string, string>> = {
  confirm: '确认',
  reject: '驳回',
  amend: '修改',
  add: '手工添加',
  denied: '拒绝访问',
  login: '登录',
  'login-failed': '登录失败',
  'login-locked': '登录被锁定',
  logout: '退出登录',
  'run-bound': '绑定扫描结果',
  'inspection-created': '创建检查对象',
  'record-draft': '保存记录表草稿',
  'record-sign': '记录表签名',
  'record-signed': '记录表签署完成',
  'record-withdraw': '撤回签名',
  'record-correct': '提出更正',
  'user-added': '创建账号',
  'user-password': '修改密码',
  'user-disabled': '停用账号',
  'confirm-bulk': '批量确认',
  'record-pdf': '打印并保存记录表 PDF',
  'audit-export': '导出执法全过程记录',
  'user-certificate': '更新执法证号',
  'evidence-captured': '立即取证',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter of the query string; dates are 北京时间 days, `to` inclusive. */
function filterOf(req: FastifyRequest): { filter: AuditFilter; form: Record<'inspection' | 'actor' | 'from' | 'to', string> } {
  const q = req.query as Record<string, unknown>;
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const form = { inspection: s('inspection'), actor: s('actor'), from: s('from'), to: s('to') };
  const filter: AuditFilter = {};
  if (/^\d{1,15}$/.test(form.inspection)) filter.inspectionId = Number(form.inspection);
  if (form.actor) filter.actor = form.actor;
  if (DAY.test(form.from)) filter.from = new Date(`${form.from}T00:00:00+08:00`).toISOString();
  if (DAY.test(form.to)) filter.to = new Date(Date.parse(`${form.to}T00:00:00+08:00`) + 86_400_000).toISOString();
  return { filter, form };
}

function visibleEntries(ctx: ServeContext, lead: User, filter: AuditFilter): AuditEntry[] {
  const seen = new Map<number, boolean>();
  const mayInspection = (id: number) => {
    if (!seen.has(id)) {
      const inspection = getInspection(ctx.db, id);
      seen.set(id, inspection !== undefined && ctx.maySee(lead, inspection));
    }
    return seen.get(id)!;
  };
  const ofUnit = (id: string | null) => id !== null && getUser(ctx.db, id)?.unit === lead.unit;
  return listAudit(ctx.db, filter).filter((e) => (e.inspectionId !== null ? mayInspection(e.inspectionId) : e.actor === null || ofUnit(e.actor) || ofUnit(e.subject)));
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));

/** The keys and words of the records the audit log keeps (a result's version, a signature, an account), besides a finding's details. */
const RECORDED: Vocabulary = {
  labels: {
    version: '版本', status: '状态', verdict: '结论', summary: '摘要', subject: '对象', details: '检查数据', evidence: '证据', reason: '理由', author: '操作人', at: '时间',
    mode: '检查方式', path: '文件', runId: '扫描编号', drawId: '抽查编号', inspectors: '检查人员', inspector: '检查人员', unit: '单位', signatures: '签名',
    contentSha256: '记录表内容 SHA-256', pdfSha256: 'PDF 的 SHA-256', bytes: '字节数', disabledAt: '停用时间', why: '原因', filter: '筛选条件', rows: '条数',
    name: '姓名', certificate: '执法证号', role: '角色', by: '操作途径', inspectionId: '检查对象编号', actor: '操作人', from: '自', to: '至', before: '变更前', after: '变更后',
  },
  values: {
    status: STATUS_NAMES,
    verdict: VERDICT_NAMES,
    mode: CHECK_MODE_NAMES,
    role: { inspector: '检查人员', lead: '负责人' },
    kind: { screenshot: '截图', 'rendered-html': '页面存档', 'response-body': '服务器原始响应', 'page-metadata': '页面元数据', image: '证照图片', 'image-text': '图片识别文字（OCR）' },
  },
  quoted: ['path', 'by'],
};

/** The subject as stored (`item 77 absolute-terms`, `record form v2`, an account or platform id) in Chinese. */
function subjectName(ctx: ServeContext, e: AuditEntry): string {
  if (e.subject === null) return '';
  const item = /^item (\d+) (\S+)$/.exec(e.subject);
  if (item) return `检查结果 ${item[1]}（${checkName(item[2]!)}）`;
  const form = /^record form v(\d+)(?: → v(\d+))?$/.exec(e.subject);
  if (form) return `检查记录表第 ${form[1]} 版${form[2] ? `，更正为第 ${form[2]} 版` : ''}`;
  const inspection = e.inspectionId === null ? undefined : getInspection(ctx.db, e.inspectionId);
  if (inspection?.platform.id === e.subject) return inspection.platform.name;
  return getUser(ctx.db, e.subject) ? personName(ctx.db, e.subject) : e.subject;
}

/** A CSV cell; one starting like a formula is prefixed with ' so Excel shows crawled text as text. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const PAGE_LIMIT = 500;

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get('/audit', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const { filter, form } = filterOf(req);
    const entries = visibleEntries(ctx, lead, filter);
    const query = new URLSearchParams(Object.entries(form).filter(([, v]) => v)).toString();
    const body = html`<h1>执法全过程记录</h1>
<form method="get" action="/audit" class="card no-print"><div class="actions">
<label>检查对象编号 <input type="text" name="inspection" value="${form.inspection}" size="6"></label>
<label>操作人 <input type="text" name="actor" value="${form.actor}" size="10" list="unit-users"></label>
<datalist id="unit-users">${listUsers(ctx.db).filter((u) => u.unit === lead.unit).map((u) => html`<option value="${u.id}">${u.name}</option>`)}</datalist>
<label>自 <input type="date" name="from" value="${form.from}"></label>
<label>至 <input type="date" name="to" value="${form.to}"></label>
<button type="submit">筛选</button> <a href="/audit.csv${query ? `?${query}` : ''}">导出 CSV（Excel）</a>
</div></form>
<p class="muted">共 ${entries.length} 条${entries.length > PAGE_LIMIT ? `，显示最新 ${PAGE_LIMIT} 条；全部记录请导出` : ''}。时间为北京时间。</p>
<table><thead><tr><th>序号</th><th>时间</th><th>操作人</th><th>操作</th><th>检查对象</th><th>对象</th><th>变更前</th><th>变更后</th><th>IP</th></tr></thead>
<tbody>${entries.slice(0, PAGE_LIMIT).map(
      (e) => html`<tr><td>${e.seq}</td><td>${beijingTime(e.at)}</td><td>${e.actor === null ? '系统' : personName(ctx.db, e.actor)}</td><td>${ACTION_NAMES[e.action] ?? e.action}</td>
<td>${e.inspectionId === null ? '' : html`<a href="/inspections/${e.inspectionId}">${e.inspectionId}</a>`}</td><td>${subjectName(ctx, e)}</td>
<td>${e.before === null ? '' : html`<details><summary>查看</summary>${recordedData(e.before, RECORDED)}</details>`}</td>
<td>${e.after === null ? '' : html`<details><summary>查看</summary>${recordedData(e.after, RECORDED)}</details>`}</td><td>${e.ip ?? ''}</td></tr>`,
    )}</tbody></table>`;
    return ctx.render(req, reply, { title: '执法全过程记录', body });
  });

  app.get('/audit.csv', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const { filter } = filterOf(req);
    const header = ['序号', '时间（北京时间）', '时间（UTC）', '操作人', '操作', '操作代码', '检查对象', '对象', '变更前', '变更后', 'IP'];
    const rows = visibleEntries(ctx, lead, filter).map((e) =>
      [String(e.seq), beijingTime(e.at), e.at, e.actor === null ? '系统' : personName(ctx.db, e.actor), ACTION_NAMES[e.action] ?? e.action, e.action, e.inspectionId === null ? '' : String(e.inspectionId), e.subject ?? '', json(e.before), json(e.after), e.ip ?? ''].map(cell).join(','),
    );
    ctx.audit(req, { action: 'audit-export', after: { filter, rows: rows.length } });
    const name = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
    // The BOM makes Excel read UTF-8; CRLF is what it writes itself.
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(`\uFEFF${[header.map(cell).join(','), ...rows].join('\r\n')}\r\n`);
  });
}
