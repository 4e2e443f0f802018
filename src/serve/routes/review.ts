// The inspection page: the draft findings of the bound scan grouped by check, each with its legal
// basis, figures, evidence and version history, and the inspector's actions on them (confirm,
// reject with a reason, amend as a new version, add a finding by hand), under a summary per check
// with what is wrong, what needs a look and what could not be checked, and where the compliant and
// not-checked drafts are confirmed together. Every action is a POST: the page's script sends it
// in place and swaps in the card and the summary it changed; without the script it redirects
// back (post/redirect/get). The review stage writes the audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LEGAL_BASIS } from '../../../rules/legal-basis.js';
import { CATALOGUE_CHECKS, INSPECTION_ITEMS } from '../../campaign/items.js';
import { VERDICTS, type EvidenceKind, type Verdict } from '../../../rules/types.js';
import { SEVERITY } from '../../../rules/lib/verdicts.js';
import { CHECK_MODE_NAMES, checkChoices, checkName, citation, STATUS_NAMES, VERDICT_NAMES } from '../../review/check-names.js';
import { ActRefused, itemToActOn, ReviewError } from '../../review/acts.js';
import { recordFormStatus, runFolder } from '../../review/record-steps.js';
import { evidencePointer, outlinedScreenshot } from '../../findings/pointer.js';
import { getUser, type User } from '../../store/accounts.js';
import { addItem, amendItem, BULK_VERDICTS, CHECK_MODES, confirmAll, confirmItem, isBulkVerdict, isLocked, rejectItem, type BulkVerdict } from '../../review/items.js';
import { OFFLINE_ITEMS, UNSERVED_ONLINE_ITEMS } from '../../review/inspections.js';
import { reviewItems, type ItemVersion, type ReviewItem } from '../../store/review-items.js';
import type { Inspection } from '../../store/inspections.js';
import { getRun } from '../../store/scans.js';
import type { ServeContext } from '../app.js';
import { capturedPage, evidencePath, evidenceUrl, pageName, screenshotFigure } from '../evidence.js';
import { html, safeHref, type Html } from '../../html.js';
import { csrfField, formText } from '../html.js';
import { findingData } from '../finding-table.js';
import { INPLACE_SCRIPT } from '../inplace.js';
import { beijingTime } from '../../time.js';
import { onDemandCaptures } from '../../evidence/on-demand.js';
import { deadlineCell } from './worklist.js';

type Params = { id: string; itemId?: string };
type Body = Record<string, unknown>;


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

function legalBasis(checkId: string): Html {
  const basis = LEGAL_BASIS[checkId];
  if (!basis) return html``;
  return html`<p class="muted">义务依据：${basis.duty.map(citation).join('；') || '—'}　处罚依据：${basis.penalty.map(citation).join('；') || '（另依其他法律）'}</p>`;
}

/** Evidence files offered as links, by what they are to an inspector. */
const OTHER_FILES: Partial<Record<EvidenceKind, string>> = { 'page-metadata': '页面元数据', 'response-body': '服务器原始响应', image: '证照图片', 'image-text': '图片识别文字（OCR）' };

function evidenceOf(inspection: Inspection, runDir: string | null, version: ItemVersion): Html {
  if (!version.evidence.length) return html``;
  const pointer = evidencePointer(version.details);
  const outlined = outlinedScreenshot(version.evidence, pointer);
  // The page the box is on first, outlined; the others as they are.
  const screenshots = version.evidence.filter((f) => f.kind === 'screenshot').sort((a, b) => Number(b === outlined) - Number(a === outlined));
  const absolute = (path: string) => (runDir ? evidencePath(runDir, inspection.platform.id, path) : null);
  const others = version.evidence.filter((f) => f.kind in OTHER_FILES);
  return html`<div class="evidence"><h4>证据</h4>
${screenshots.map((f) => screenshotFigure(inspection.id, f, absolute(f.path), f === outlined ? pointer.box : null))}
${version.evidence.filter((f) => f.kind === 'rendered-html').map((f) => capturedPage(inspection.id, f))}
${others.length ? html`<p>${others.map((f) => html`<a href="${evidenceUrl(inspection.id, f.path)}" target="_blank" rel="noopener">${pageName(f.path)}：${OTHER_FILES[f.kind]}</a>　`)}</p>` : ''}
</div>`;
}

function versionsTable(ctx: ServeContext, item: ReviewItem): Html {
  const [only] = item.versions;
  if (item.versions.length === 1) return html`<p class="muted">版本记录：仅有第 1 版（${personName(ctx.db, only!.author)}，${beijingTime(only!.at)}）；原始结果不会被覆盖。</p>`;
  return html`<details open><summary>版本记录（${item.versions.length} 个版本；原始结果不会被覆盖）</summary>
<table><thead><tr><th>版本</th><th>状态</th><th>结论</th><th>摘要</th><th>理由/备注</th><th>操作人</th><th>时间（北京时间）</th></tr></thead>
<tbody>${item.versions.map(
    (v) => html`<tr><td>${v.version}</td><td>${statusBadge(v.status)}</td><td>${verdictBadge(v.verdict)}</td><td>${v.summary}</td><td>${v.reason ?? ''}</td><td>${personName(ctx.db, v.author)}</td><td>${beijingTime(v.at)}</td></tr>`,
  )}</tbody></table></details>`;
}

function verdictSelect(selected: string): Html {
  return html`<select name="verdict" required>${VERDICTS.map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>${VERDICT_NAMES[v]}</option>`)}</select>`;
}

/** The fields every act on a result carries: the version the inspector saw (acting on one someone else has since replaced is refused) and how its card was open. */
const actFields = (csrf: string, item: ReviewItem, full: boolean) =>
  html`${csrfField(csrf)}<input type="hidden" name="version" value="${item.current.version}">${full ? html`<input type="hidden" name="card" value="full">` : ''}`;

function actions(csrf: string, inspection: Inspection, item: ReviewItem): Html {
  const base = `/inspections/${inspection.id}/items/${item.id}`;
  const fields = actFields(csrf, item, true);
  return html`<div class="actions no-print">
<form method="post" action="${base}/confirm" data-inplace>${fields}<label>确认（可填备注）<input type="text" name="note" maxlength="500"></label><button type="submit">确认</button></form>
<form method="post" action="${base}/reject" data-inplace>${fields}<label>驳回理由（必填）<input type="text" name="reason" maxlength="1000" required></label><button type="submit" class="secondary">驳回</button></form>
<details><summary>修改摘要或结论</summary><form method="post" action="${base}/amend" data-inplace>${fields}
<label>结论 ${verdictSelect(item.current.verdict)}</label>
<label>摘要<textarea name="summary" maxlength="4000">${item.current.summary}</textarea></label>
<button type="submit">保存为新版本</button></form></details>
</div>`;
}

/**
 * A result's card. The compliant and not-checked ones, which the summary confirms in bulk, open
 * short (what it says and a confirm button): their evidence, data, history and other acts are one
 * click away (the result's own page, or swapped in place by the page's script), which keeps a
 * platform of 60 results a page of tens of kilobytes.
 */
function itemCard(view: View, item: ReviewItem, full = !isBulkVerdict(item.current.verdict)): Html {
  const { ctx, csrf, inspection, runDir, canAct } = view;
  const v = item.current;
  const head = html`<p>${verdictBadge(v.verdict)} ${statusBadge(v.status)} ${item.origin === 'inspector' ? html`<span class="badge">人工添加</span>` : ''} <strong>${v.summary}</strong></p>
<p class="muted">对象：${/^https?:/i.test(v.subject) ? html`<a href="${safeHref(v.subject)}" rel="noopener noreferrer" target="_blank">${v.subject}</a>` : v.subject}${item.original ? html`　规则版本 ${item.original.ruleVersion}　抓取时间 ${beijingTime(item.original.capturedAt)}` : ''}</p>
${v.reason ? html`<p>${v.status === 'rejected' ? '驳回理由' : '备注'}：${v.reason}</p>` : ''}`;
  if (!full) {
    const confirm = canAct && v.status !== 'confirmed' ? html`<form method="post" action="/inspections/${inspection.id}/items/${item.id}/confirm" data-inplace>${actFields(csrf, item, false)}<button type="submit">确认</button></form>` : '';
    return html`<div class="card" id="item-${item.id}" data-check="${item.checkId}">${head}<div class="actions no-print">${confirm}<a href="/inspections/${inspection.id}/items/${item.id}" data-expand="item-${item.id}">${canAct ? '证据、数据与其他操作' : '证据与数据'}</a></div></div>`;
  }
  return html`<div class="card" id="item-${item.id}" data-check="${item.checkId}">
${head}
<details><summary>检查数据</summary>${findingData(v.details)}</details>
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

/** What the page and each fragment of it are drawn from. */
interface View {
  ctx: ServeContext;
  csrf: string;
  inspection: Inspection;
  runDir: string | null;
  items: ReviewItem[];
  locked: boolean;
  canAct: boolean;
}

function viewOf(ctx: ServeContext, req: FastifyRequest, user: User, inspection: Inspection): View {
  const locked = isLocked(ctx.db, inspection.id);
  return { ctx, csrf: ctx.csrfToken(req), inspection, runDir: runFolder(ctx.db, ctx.runsRoot, inspection), items: reviewItems(ctx.db, inspection.id), locked, canAct: ctx.mayAct(user, inspection) && !locked };
}

const BULK_NAMES: Readonly<Record<BulkVerdict, string>> = { compliant: '合规', 'not-checked': '未能检查' };
/** The summary's columns, worst first. */
const BY_SEVERITY = [...VERDICTS].sort((a, b) => SEVERITY[b] - SEVERITY[a]);

const draftsOf = (items: readonly ReviewItem[], verdict: Verdict) => items.filter((i) => i.current.status === 'draft' && i.current.verdict === verdict);
/** Results that stand: a rejected draft no longer says anything about the platform. */
const standing = (items: readonly ReviewItem[]) => items.filter((i) => i.current.status !== 'rejected');

function bulkForm(view: View, verdict: BulkVerdict, count: number, checkId?: string): Html {
  if (!view.canAct || !count) return html``;
  return html`<form method="post" action="/inspections/${view.inspection.id}/confirm-all" data-inplace class="bulk">${csrfField(view.csrf)}<input type="hidden" name="verdict" value="${verdict}">${checkId ? html`<input type="hidden" name="checkId" value="${checkId}">` : ''}<button type="submit" class="secondary">确认全部${BULK_NAMES[verdict]}（${count} 条）</button></form>`;
}

/** The result a check's summary row points at: its worst standing one, one with a screenshot first. */
function strongest(group: readonly ReviewItem[]): ReviewItem | undefined {
  const shot = (i: ReviewItem) => Number(i.current.evidence.some((f) => f.kind === 'screenshot'));
  return [...standing(group)].sort((a, b) => SEVERITY[b.current.verdict] - SEVERITY[a.current.verdict] || shot(b) - shot(a))[0];
}

const shortened = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A check by check account of the inspection: counts by verdict, what waits for review, the result to look at first. */
function summary(view: View): Html {
  const { items } = view;
  const standingItems = standing(items);
  const pending = items.filter((i) => i.current.status === 'draft').length;
  const rejected = items.length - standingItems.length;
  const count = (group: readonly ReviewItem[], verdict: Verdict) => group.filter((i) => i.current.verdict === verdict).length;
  return html`<section id="overview"><h2>检查概要</h2>
${items.length
  ? html`<p>${BY_SEVERITY.map((v) => `${VERDICT_NAMES[v]} ${count(standingItems, v)} 条`).join('，')}${rejected ? `（另有已驳回 ${rejected} 条）` : ''}；<strong>待审核 ${pending} 条</strong>。违法和待研判的结果须逐条审核。</p>
<div class="actions">${BULK_VERDICTS.map((v) => bulkForm(view, v, draftsOf(items, v).length))}</div>
<table class="summary"><thead><tr><th>检查项</th><th>结论</th>${BY_SEVERITY.map((v) => html`<th>${VERDICT_NAMES[v]}</th>`)}<th>待审核</th><th>最需关注的一条</th>${view.canAct ? html`<th class="no-print">批量确认</th>` : ''}</tr></thead>
<tbody>${grouped(items).map(([checkId, group]) => {
      const top = strongest(group);
      const shot = top?.current.evidence.find((f) => f.kind === 'screenshot');
      const stands = standing(group);
      return html`<tr><td>${checkName(checkId)}</td><td>${top ? verdictBadge(top.current.verdict) : '—'}</td>${BY_SEVERITY.map((v) => {
        const n = count(stands, v);
        return n ? html`<td class="n"><span class="badge v-${v}">${n}</span></td>` : html`<td class="n muted">0</td>`;
      })}<td class="n">${group.filter((i) => i.current.status === 'draft').length}</td>
<td>${top ? html`<a href="#item-${top.id}">${shortened(top.current.summary)}</a>${shot ? html`<br><span class="muted">证据：${pageName(shot.path)} 页面截图</span>` : ''}` : '—'}</td>${view.canAct ? html`<td class="no-print">${BULK_VERDICTS.map((v) => bulkForm(view, v, draftsOf(group, v).length, checkId))}</td>` : ''}</tr>`;
    })}</tbody></table>`
  : html`<p class="muted">暂无检查结果。</p>`}
</section>`;
}

/** Items as the notice numbers them: （六）（七）. */
const itemNumbers = (ids: readonly string[]) => ids.map((id) => INSPECTION_ITEMS.find((i) => i.id === id)?.no ?? id).join('');

function page(view: View, user: User): Html {
  const { ctx, csrf, inspection, items, locked, canAct } = view;
  const run = inspection.runId ? getRun(ctx.db, inspection.runId) : undefined;
  const p = inspection.platform;
  // what only the inspectors can record: the written and on-site items, and those no check serves
  const byHand = [...OFFLINE_ITEMS, ...UNSERVED_ONLINE_ITEMS];
  const pendingOffline = byHand.filter((id) => inspection.checks.includes(id) && !items.some((i) => i.checkId === id));
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
${pendingOffline.length ? html`<div class="notice warn">本次检查任务包含须由执法人员记录的项目（只能通过书面审查或现场检查判断，或尚无自动检查），尚未记录结果：${pendingOffline.map(checkName).join('；')}。${canAct ? '请在页面下方“手工添加检查结果”中记录。' : ''}</div>` : ''}
<div id="act-status" class="act-status no-print" role="status" hidden></div>
${summary(view)}
<h2>检查结果（${items.length} 条）</h2>
${grouped(items).map(([checkId, group]) => html`<section><h3>${checkName(checkId)} <span class="muted">（${group.length} 条）</span></h3>${legalBasis(checkId)}${group.map((item) => itemCard(view, item))}</section>`)}
${capturesSection(view)}
${canAct ? html`<h2>手工添加检查结果</h2><p class="muted">用于自动检查未发现的问题，只能通过书面审查或现场检查判断的项目${itemNumbers(OFFLINE_ITEMS)}${UNSERVED_ONLINE_ITEMS.length ? `，以及尚无自动检查的事项${itemNumbers(UNSERVED_ONLINE_ITEMS)}` : ''}。</p>${addForm(csrf, inspection)}` : ''}`;
}

/** 立即取证: the pages officers captured on demand, and the form to capture one now. */
function capturesSection(view: View): Html {
  const { ctx, inspection, canAct } = view;
  const captures = onDemandCaptures(ctx.db.name, inspection.id, inspection.platform.id);
  if (!captures.length && !canAct) return html``;
  return html`<h2 id="captures">立即取证</h2>
${captures.length ? html`<table class="captures"><thead><tr><th>时间</th><th>取证人</th><th>网址</th><th>结果</th><th>截图 SHA-256</th></tr></thead><tbody>${captures.map(({ capturedBy, page }) => {
    const shot = page.files.find((f) => f.kind === 'screenshot');
    return html`<tr><td>${beijingTime(page.capturedAt)}</td><td>${personName(ctx.db, capturedBy)}</td><td class="url">${page.finalUrl}</td><td>${page.failure ? `未能提取（${page.failure.message}）` : `HTTP ${page.status ?? '—'}，${page.files.length} 个文件`}</td><td class="hash">${shot?.sha256 ?? '—'}</td></tr>`;
  })}</tbody></table>` : ''}
${canAct ? html`<form method="post" action="/inspections/${inspection.id}/captures" class="card">${csrfField(view.csrf)}<label>网址 <input type="url" name="url" required size="60" placeholder="https://"></label> <button type="submit">立即取证</button><p class="muted">以您的名义即时提取该网址的页面、截图、服务器地址与证书，计入本检查对象的证据，并列入电子数据提取笔录。</p></form>` : ''}`;
}

/** The inspectors' message of a refusal: the stage words it "中文 (English)". */
const chinese = (error: ReviewError) => error.message.replace(/\s*\([^()]*\)\s*$/, '');

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get<{ Params: Params }>('/inspections/:id', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const inspection = ctx.inspectionFor(req, reply, user, req.params.id);
    if (!inspection) return reply;
    return ctx.render(req, reply, { title: inspection.platform.name, body: page(viewOf(ctx, req, user, inspection), user), script: '/assets/inplace.js' });
  });

  app.get<{ Params: Params }>('/inspections/:id/items/:itemId', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const inspection = ctx.inspectionFor(req, reply, user, req.params.id);
    if (!inspection) return reply;
    const view = viewOf(ctx, req, user, inspection);
    const item = view.items.find((i) => String(i.id) === req.params.itemId);
    if (!item) return ctx.deny(req, reply, 404, '没有这个检查结果', inspection.id);
    const body = html`<p><a href="/inspections/${inspection.id}#item-${item.id}">← ${inspection.platform.name}：全部检查结果</a></p><h1>${checkName(item.checkId)}</h1>${legalBasis(item.checkId)}<div id="act-status" class="act-status no-print" role="status" hidden></div>${itemCard(view, item, true)}`;
    return ctx.render(req, reply, { title: `${checkName(item.checkId)} · ${inspection.platform.name}`, body, script: '/assets/inplace.js' });
  });

  app.get('/assets/inplace.js', (req, reply) => {
    if (!ctx.requireUser(req, reply)) return reply;
    return reply.type('text/javascript; charset=utf-8').send(INPLACE_SCRIPT);
  });

  interface Outcome {
    ok: boolean;
    text: string;
    /** The results the act changed (or the one it refused to change), redrawn for the page. */
    itemIds: number[];
  }

  /** To the page's script, the outcome with the fragments it changed; otherwise back to the page with a notice. */
  const answer = (req: FastifyRequest, reply: FastifyReply, user: User, inspection: Inspection, outcome: Outcome) => {
    if (!(req.headers.accept ?? '').includes('application/json')) {
      const anchor = outcome.itemIds.length === 1 ? `#item-${outcome.itemIds[0]}` : '#overview';
      return ctx.redirect(reply, `/inspections/${inspection.id}${anchor}`, { kind: outcome.ok ? 'ok' : 'error', text: outcome.text });
    }
    const view = viewOf(ctx, req, user, inspection);
    const full = (req.body as Body | undefined)?.card === 'full' || undefined;
    const cards = view.items.filter((i) => outcome.itemIds.includes(i.id)).map((i) => [`item-${i.id}`, itemCard(view, i, full).text]);
    const fragments = { overview: summary(view).text, ...Object.fromEntries(cards) };
    return reply.code(outcome.ok ? 200 : 409).type('application/json; charset=utf-8').send(JSON.stringify({ ok: outcome.ok, text: outcome.text, fragments }));
  };

  type Actable = { user: User; inspection: Inspection; item?: ReviewItem };

  /** The inspection the POST is about, when the user may change it; otherwise the refusal was sent. */
  const actable = (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Actable | null => {
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
      ({ item } = itemToActOn(ctx.db, { inspection, itemId: req.params.itemId, userId: user.id, seenVersion: formText(req.body as Body, 'version') }));
    } catch (error) {
      if (!(error instanceof ActRefused)) throw error;
      if (error.kind !== 'stale') {
        ctx.deny(req, reply, 404, '没有这个检查结果', inspection.id);
        return null;
      }
      const current = error.item!.current;
      const by = current.author === null ? '' : `由${personName(ctx.db, current.author)}`;
      answer(req, reply, user, inspection, { ok: false, text: `此检查结果已${by}更新为第 ${current.version} 版，请查看最新内容后再操作；未作任何更改。`, itemIds: [error.item!.id] });
      return null;
    }
    return { user, inspection, item };
  };

  /** Runs the act; a refusal of the review stage is answered like its outcome, next to the control. */
  const act = (req: FastifyRequest, reply: FastifyReply, a: Actable, work: () => Outcome) => {
    let outcome: Outcome;
    try {
      outcome = work();
    } catch (error) {
      if (!(error instanceof ReviewError)) throw error;
      outcome = { ok: false, text: chinese(error), itemIds: a.item ? [a.item.id] : [] };
    }
    return answer(req, reply, a.user, a.inspection, outcome);
  };

  app.post<{ Params: Params }>('/inspections/:id/items/:itemId/confirm', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const item = a.item!;
    return act(req, reply, a, () => {
      const v = confirmItem(ctx.db, item.id, ctx.actor(req, a.user), formText(req.body as Body, 'note'));
      return { ok: true, text: v.version === item.current.version ? '此检查结果已确认，未作更改。' : '已确认。', itemIds: [item.id] };
    });
  });

  app.post<{ Params: Params }>('/inspections/:id/items/:itemId/reject', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    return act(req, reply, a, () => {
      rejectItem(ctx.db, a.item!.id, ctx.actor(req, a.user), formText(req.body as Body, 'reason'));
      return { ok: true, text: '已驳回。', itemIds: [a.item!.id] };
    });
  });

  app.post<{ Params: Params }>('/inspections/:id/items/:itemId/amend', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const body = req.body as Body;
    const summary = formText(body, 'summary');
    const verdict = formText(body, 'verdict');
    const item = a.item!;
    const change = { ...(summary.trim() !== item.current.summary ? { summary } : {}), ...(verdict && verdict !== item.current.verdict ? { verdict } : {}) };
    if (!Object.keys(change).length) return answer(req, reply, a.user, a.inspection, { ok: false, text: '摘要和结论都没有改动，未保存新版本。', itemIds: [item.id] });
    return act(req, reply, a, () => {
      amendItem(ctx.db, item.id, ctx.actor(req, a.user), change);
      return { ok: true, text: '已保存为新版本，待确认。', itemIds: [item.id] };
    });
  });

  app.post<{ Params: Params }>('/inspections/:id/confirm-all', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const body = req.body as Body;
    const checkId = formText(body, 'checkId');
    return act(req, reply, a, () => {
      const confirmed = confirmAll(ctx.db, a.inspection.id, ctx.actor(req, a.user), { verdict: formText(body, 'verdict'), ...(checkId ? { checkId } : {}) });
      const what = `${checkId ? `${checkName(checkId)}的` : ''}${VERDICT_NAMES[formText(body, 'verdict')]}结果`;
      return { ok: true, text: confirmed.length ? `已确认${what} ${confirmed.length} 条。` : `没有待审核的${what}，未作更改。`, itemIds: confirmed.map((i) => i.id) };
    });
  });

  app.post<{ Params: Params }>('/inspections/:id/captures', async (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const back = `/inspections/${a.inspection.id}#captures`;
    try {
      const { captureNow } = await import('../../scan/capture-now.js');
      const { page } = await captureNow(ctx.db, a.inspection, formText(req.body as Body, 'url'), ctx.actor(req, a.user));
      return ctx.redirect(reply, back, page.failure ? { kind: 'error', text: `已记录取证，但页面未能提取：${page.failure.message}` } : { kind: 'ok', text: `已取证：${page.finalUrl}（${page.files.length} 个文件）。` });
    } catch (error) {
      if (error instanceof ReviewError) return ctx.redirect(reply, back, { kind: 'error', text: chinese(error) });
      throw error;
    }
  });

  app.post<{ Params: Params }>('/inspections/:id/items', (req, reply) => {
    const a = actable(req, reply);
    if (!a) return reply;
    const body = req.body as Body;
    const subject = formText(body, 'subject').trim();
    return act(req, reply, a, () => {
      const added = addItem(ctx.db, a.inspection.id, ctx.actor(req, a.user), { checkId: formText(body, 'checkId'), verdict: formText(body, 'verdict'), summary: formText(body, 'summary'), mode: formText(body, 'mode') || undefined, ...(subject ? { subject } : {}) });
      return { ok: true, text: '已添加检查结果。', itemIds: [added.id] };
    });
  });
}
