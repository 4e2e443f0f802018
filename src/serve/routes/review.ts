// The inspection page: the draft findings of the bound scan grouped by check, each with its legal
// basis, figures, evidence and version history, and the inspector's actions on them (confirm,
// reject with a reason, amend as a new version, add a finding by hand). Every action is a POST
// that redirects back to the page (post/redirect/get); the store writes the audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LEGAL_BASIS } from '../../../rules/legal-basis.js';
import { CATALOGUE_CHECKS } from '../../campaign/items.js';
import { VERDICTS, type EvidenceKind } from '../../../rules/types.js';
import { CHECK_MODE_NAMES, checkChoices, checkName, citation, STATUS_NAMES, VERDICT_NAMES } from '../../review/check-names.js';
import { ActRefused, itemToActOn, ReviewError } from '../../review/acts.js';
import { recordFormStatus, runFolder } from '../../review/record-steps.js';
import { evidencePointer } from '../../findings/pointer.js';
import { getUser, type User } from '../../store/accounts.js';
import { addItem, amendItem, CHECK_MODES, confirmItem, isLocked, rejectItem } from '../../review/items.js';
import { OFFLINE_ITEMS } from '../../review/inspections.js';
import { reviewItems, type ItemVersion, type ReviewItem } from '../../store/review-items.js';
import type { Inspection } from '../../store/inspections.js';
import { getRun } from '../../store/scans.js';
import type { ServeContext } from '../app.js';
import { capturedPage, evidencePath, evidenceUrl, pageName, screenshotFigure } from '../evidence.js';
import { html, safeHref, type Html } from '../../html.js';
import { csrfField } from '../html.js';
import { beijingTime } from '../../time.js';
import { deadlineCell } from './worklist.js';

type Params = { id: string; itemId?: string };
type Body = Record<string, unknown>;

const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');

/** A person as the pages name them: 王建国（jc-01）; null is the tool itself. */
export function personName(db: ServeContext['db'], id: string | null): string {
  if (id === null) return '系统（自动检查）';
  const user = getUser(db, id);
  return user ? `${user.name}（${id}）` : id;
}

function verdictBadge(verdict: string): Html {
  return html`<span class="badge v-${verdict}">${VERDICT_NAMES[verdict] ?? verdict}</span>`;
}

function statusBadge(status: string): Html {
  return html`<span class="badge s-${status}">${STATUS_NAMES[status] ?? status}</span>`;
}

/** The figures of a finding, every value escaped: scalars as text, structures as indented JSON. */
function detailsList(details: Record<string, unknown>): Html {
  const entries = Object.entries(details);
  if (!entries.length) return html``;
  return html`<dl class="details">${entries.map(
    ([key, value]) =>
      html`<dt>${key}</dt><dd>${value === null || value === undefined ? '—' : typeof value === 'object' ? html`<pre>${JSON.stringify(value, null, 2)}</pre>` : String(value)}</dd>`,
  )}</dl>`;
}

function legalBasis(checkId: string): Html {
  const basis = LEGAL_BASIS[checkId];
  if (!basis) return html``;
  return html`<p class="muted">义务依据：${basis.duty.map(citation).join('；') || '—'}　处罚依据：${basis.penalty.map(citation).join('；') || '（另依其他法律）'}</p>`;
}

/** Evidence files offered as links, by what they are to an inspector. */
const OTHER_FILES: Partial<Record<EvidenceKind, string>> = { 'page-metadata': '页面元数据', 'response-body': '服务器原始响应', image: '证照图片', 'image-text': '图片识别文字（OCR）' };

function evidenceOf(inspection: Inspection, runDir: string | null, version: ItemVersion): Html {
  if (!version.evidence.length) return html``;
  const { box } = evidencePointer(version.details);
  const screenshots = version.evidence.filter((f) => f.kind === 'screenshot');
  // A box belongs to one page: it is drawn only when the finding rests on a single screenshot.
  const outline = screenshots.length === 1 ? box : null;
  const absolute = (path: string) => (runDir ? evidencePath(runDir, inspection.platform.id, path) : null);
  const others = version.evidence.filter((f) => f.kind in OTHER_FILES);
  return html`<div class="evidence"><h4>证据</h4>
${screenshots.map((f) => screenshotFigure(inspection.id, f, absolute(f.path), outline))}
${version.evidence.filter((f) => f.kind === 'rendered-html').map((f) => capturedPage(inspection.id, f))}
${others.length ? html`<p>${others.map((f) => html`<a href="${evidenceUrl(inspection.id, f.path)}" target="_blank" rel="noopener">${pageName(f.path)}：${OTHER_FILES[f.kind]}</a>　`)}</p>` : ''}
</div>`;
}

function versionsTable(ctx: ServeContext, item: ReviewItem): Html {
  return html`<details${item.versions.length > 1 ? ' open' : ''}><summary>版本记录（${item.versions.length} 个版本；原始结果不会被覆盖）</summary>
<table><thead><tr><th>版本</th><th>状态</th><th>结论</th><th>摘要</th><th>理由/备注</th><th>操作人</th><th>时间（北京时间）</th></tr></thead>
<tbody>${item.versions.map(
    (v) => html`<tr><td>${v.version}</td><td>${statusBadge(v.status)}</td><td>${verdictBadge(v.verdict)}</td><td>${v.summary}</td><td>${v.reason ?? ''}</td><td>${personName(ctx.db, v.author)}</td><td>${beijingTime(v.at)}</td></tr>`,
  )}</tbody></table></details>`;
}

function verdictSelect(selected: string): Html {
  return html`<select name="verdict" required>${VERDICTS.map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>${VERDICT_NAMES[v]}</option>`)}</select>`;
}

function actions(csrf: string, inspection: Inspection, item: ReviewItem): Html {
  const base = `/inspections/${inspection.id}/items/${item.id}`;
  // The version the inspector saw: acting on a version someone else has since replaced is refused.
  const fields = html`${csrfField(csrf)}<input type="hidden" name="version" value="${item.current.version}">`;
  return html`<div class="actions no-print">
<form method="post" action="${base}/confirm">${fields}<label>确认（可填备注）<input type="text" name="note" maxlength="500"></label><button type="submit">确认</button></form>
<form method="post" action="${base}/reject">${fields}<label>驳回理由（必填）<input type="text" name="reason" maxlength="1000"></label><button type="submit" class="secondary">驳回</button></form>
<details><summary>修改摘要或结论</summary><form method="post" action="${base}/amend">${fields}
<label>结论 ${verdictSelect(item.current.verdict)}</label>
<label>摘要<textarea name="summary" maxlength="4000">${item.current.summary}</textarea></label>
<button type="submit">保存为新版本</button></form></details>
</div>`;
}

function itemCard(ctx: ServeContext, csrf: string, inspection: Inspection, runDir: string | null, item: ReviewItem, canAct: boolean): Html {
  const v = item.current;
  return html`<div class="card" id="item-${item.id}">
<p>${verdictBadge(v.verdict)} ${statusBadge(v.status)} ${item.origin === 'inspector' ? html`<span class="badge">人工添加</span>` : ''} <strong>${v.summary}</strong></p>
<p class="muted">对象：${/^https?:/i.test(v.subject) ? html`<a href="${safeHref(v.subject)}" rel="noopener noreferrer" target="_blank">${v.subject}</a>` : v.subject}${item.original ? html`　规则版本 ${item.original.ruleVersion}　抓取时间 ${beijingTime(item.original.capturedAt)}` : ''}</p>
${v.reason ? html`<p>${v.status === 'rejected' ? '驳回理由' : '备注'}：${v.reason}</p>` : ''}
<details><summary>检查数据</summary>${detailsList(v.details)}</details>
${evidenceOf(inspection, runDir, v)}
${versionsTable(ctx, item)}
${canAct ? actions(csrf, inspection, item) : ''}
</div>`;
}

function addForm(csrf: string, inspection: Inspection): Html {
  return html`<form method="post" action="/inspections/${inspection.id}/items" class="card no-print">${csrfField(csrf)}
<label for="checkId">检查项</label>
<select id="checkId" name="checkId" required>${checkChoices().map((g) => html`<optgroup label="${g.group}">${g.choices.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</optgroup>`)}</select>
<label for="mode">检查方式</label><select id="mode" name="mode" required>${CHECK_MODES.map((m) => html`<option value="${m}">${CHECK_MODE_NAMES[m]}</option>`)}</select>
<label for="verdict">结论</label>${verdictSelect('violation')}
<label for="summary">摘要（写入检查记录）</label><textarea id="summary" name="summary" required maxlength="4000"></textarea>
<label for="subject">涉及的网址或对象（可不填）</label><input type="text" id="subject" name="subject" maxlength="2000" style="width:100%">
<div class="actions"><button type="submit">添加检查结果</button></div>
</form>`;
}

/** Groups in the order of the notice's items (（一）…（十六）), as the record form lists them; checks serving no item last. */
function grouped(items: ReviewItem[]): [string, ReviewItem[]][] {
  const order = checkChoices().flatMap((g) => g.choices.map((c) => c.id));
  const itemNo = (id: string) => (id.startsWith('item-') ? Number(id.slice(5)) : (CATALOGUE_CHECKS[id]?.[0] ?? 99));
  const rank = (id: string) => itemNo(id) * 1000 + (order.includes(id) ? order.indexOf(id) : order.length);
  const groups = new Map<string, ReviewItem[]>();
  for (const item of [...items].sort((a, b) => rank(a.checkId) - rank(b.checkId))) groups.set(item.checkId, [...(groups.get(item.checkId) ?? []), item]);
  return [...groups];
}

function page(ctx: ServeContext, req: FastifyRequest, user: User, inspection: Inspection): Html {
  const items = reviewItems(ctx.db, inspection.id);
  const run = inspection.runId ? getRun(ctx.db, inspection.runId) : undefined;
  const runDir = runFolder(ctx.db, ctx.runsRoot, inspection);
  const locked = isLocked(ctx.db, inspection.id);
  const canAct = ctx.mayAct(user, inspection) && !locked;
  const csrf = ctx.csrfToken(req);
  const p = inspection.platform;
  const pendingOffline = OFFLINE_ITEMS.filter((id) => inspection.checks.includes(id) && !items.some((i) => i.checkId === id));
  return html`<h1>${p.name} <span class="muted">${p.id}</span></h1>
<div class="card"><dl class="details">
<dt>网址</dt><dd>${p.url ? html`<a href="${safeHref(p.url)}" rel="noopener noreferrer" target="_blank">${p.url}</a>` : '—'}</dd>
<dt>统一社会信用代码</dt><dd>${p.uscc || '—'}</dd>
<dt>检查任务</dt><dd>${inspection.campaignName ?? (inspection.origin === 'routine' ? '日常网上检查' : '—')}${inspection.drawId ? html` <span class="muted">（抽查 ${inspection.drawId}）</span>` : ''}</dd>
<dt>检查人员</dt><dd>${inspection.inspectors.map((id) => personName(ctx.db, id)).join('、')}</dd>
${inspection.assistants.length ? html`<dt>辅助人员</dt><dd>${inspection.assistants.map((id) => personName(ctx.db, id)).join('、')}</dd>` : ''}
<dt>完成期限</dt><dd>${deadlineCell(inspection.deadline)}</dd>
<dt>扫描</dt><dd>${run ? html`${run.id}（${beijingTime(run.startedAt)} 开始）` : '—'}</dd>
<dt>协议与规则</dt><dd><a href="/platforms/${encodeURIComponent(inspection.platform.id)}/documents">历次抓取的版本及变更</a></dd>
<dt>检查记录表</dt><dd><a href="/inspections/${inspection.id}/record">网上检查记录表：${recordFormStatus(ctx.db, inspection)}</a></dd>
</dl></div>
${run ? '' : html`<div class="notice warn">该平台从未完成扫描，没有自动检查结果。您仍可在下方手工添加检查结果。</div>`}
${locked ? html`<div class="notice ok">检查记录表已签名，检查结果已锁定。如需修改，请在记录表页面撤回签名或提出更正。</div>` : ''}
${!ctx.mayAct(user, inspection) ? html`<p class="muted">您不是本检查对象的检查人员，只能查看。</p>` : ''}
${pendingOffline.length ? html`<div class="notice warn">本次检查任务包含只能通过书面审查或现场检查判断的项目，尚未记录结果：${pendingOffline.map(checkName).join('；')}。${canAct ? '请在页面下方“手工添加检查结果”中记录。' : ''}</div>` : ''}
<h2>检查结果（${items.length} 条）</h2>
${items.length ? '' : html`<p class="muted">暂无检查结果。</p>`}
${grouped(items).map(([checkId, group]) => html`<section><h3>${checkName(checkId)} <span class="muted">${checkId}（${group.length} 条）</span></h3>${legalBasis(checkId)}${group.map((item) => itemCard(ctx, csrf, inspection, runDir, item, canAct))}</section>`)}
${canAct ? html`<h2>手工添加检查结果</h2><p class="muted">用于自动检查未发现的问题，以及只能通过书面审查或现场检查判断的项目（六）（七）（十三）（十四）（十六）。</p>${addForm(csrf, inspection)}` : ''}`;
}

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get<{ Params: Params }>('/inspections/:id', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const inspection = ctx.inspectionFor(req, reply, user, req.params.id);
    if (!inspection) return reply;
    return ctx.render(req, reply, { title: inspection.platform.name, body: page(ctx, req, user, inspection) });
  });

  /** The inspection the POST is about, when the user may change it; otherwise the refusal was sent. */
  const actable = (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): { user: User; inspection: Inspection; item?: ReviewItem } | null => {
    const user = ctx.requireUser(req, reply);
    if (!user) return null;
    const inspection = ctx.inspectionFor(req, reply, user, req.params.id);
    if (!inspection) return null;
    if (!ctx.mayAct(user, inspection)) {
      ctx.deny(req, reply, 403, '只有本检查对象的检查人员可以操作', inspection.id);
      return null;
    }
    if (req.params.itemId === undefined) return { user, inspection };
    let item: ReviewItem;
    try {
      ({ item } = itemToActOn(ctx.db, { inspection, itemId: req.params.itemId, userId: user.id, seenVersion: text(req.body as Body, 'version') }));
    } catch (error) {
      if (!(error instanceof ActRefused)) throw error;
      if (error.kind !== 'stale') {
        ctx.deny(req, reply, 404, '没有这个检查结果', inspection.id);
        return null;
      }
      const current = error.item!.current;
      const by = current.author === null ? '' : `由${personName(ctx.db, current.author)}`;
      ctx.redirect(reply, `/inspections/${inspection.id}#item-${error.item!.id}`, { kind: 'error', text: `此检查结果已${by}更新为第 ${current.version} 版，请查看最新内容后再操作；未作任何更改。` });
      return null;
    }
    return { user, inspection, item };
  };

  const act = (reply: FastifyReply, inspection: Inspection, anchor: string, done: string, work: () => void) => {
    const back = `/inspections/${inspection.id}${anchor}`;
    try {
      work();
    } catch (error) {
      // The store's messages are "中文 (English)"; the inspector reads the Chinese.
      if (error instanceof ReviewError) return ctx.redirect(reply, back, { kind: 'error', text: error.message.replace(/\s*\([^()]*\)\s*$/, '') });
      throw error;
    }
    return ctx.redirect(reply, back, { kind: 'ok', text: done });
  };

  app.post<{ Params: Params }>('/inspections/:id/items/:itemId/confirm', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    return act(reply, a.inspection, `#item-${a.item!.id}`, '已确认。', () => confirmItem(ctx.db, a.item!.id, ctx.actor(req, a.user), text(req.body as Body, 'note')));
  });

  app.post<{ Params: Params }>('/inspections/:id/items/:itemId/reject', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    return act(reply, a.inspection, `#item-${a.item!.id}`, '已驳回。', () => rejectItem(ctx.db, a.item!.id, ctx.actor(req, a.user), text(req.body as Body, 'reason')));
  });

  app.post<{ Params: Params }>('/inspections/:id/items/:itemId/amend', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const body = req.body as Body;
    const summary = text(body, 'summary');
    const verdict = text(body, 'verdict');
    const change = { ...(summary.trim() !== a.item!.current.summary ? { summary } : {}), ...(verdict && verdict !== a.item!.current.verdict ? { verdict } : {}) };
    if (!Object.keys(change).length) return ctx.redirect(reply, `/inspections/${a.inspection.id}#item-${a.item!.id}`, { kind: 'error', text: '摘要和结论都没有改动，未保存新版本。' });
    return act(reply, a.inspection, `#item-${a.item!.id}`, '已保存为新版本，待确认。', () => amendItem(ctx.db, a.item!.id, ctx.actor(req, a.user), change));
  });

  app.post<{ Params: Params }>('/inspections/:id/items', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const body = req.body as Body;
    const subject = text(body, 'subject').trim();
    return act(reply, a.inspection, '', '已添加检查结果。', () =>
      addItem(ctx.db, a.inspection.id, ctx.actor(req, a.user), { checkId: text(body, 'checkId'), verdict: text(body, 'verdict'), summary: text(body, 'summary'), mode: text(body, 'mode') || undefined, ...(subject ? { subject } : {}) }),
    );
  });
}
