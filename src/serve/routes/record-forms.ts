// The online check record (网上检查记录表) of an inspection: the form built from the confirmed
// results, the 处理结果 fields the inspectors fill in, the two signatures (the first freezes the
// content and locks the results, the second makes it signed and prints the PDF), withdrawal before
// the second, corrections as new versions, every version readable; and the campaign's record of
// every drawn target with its items and results.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INSPECTION_ITEMS } from '../../campaign/items.js';
import { checkName } from '../../review/check-names.js';
import type { RecordFormContent, RecordOutcome } from '../../review/record-form.js';
import { RECORD_FORM_STYLE, recordFormBody } from '../../review/record-html.js';
import { EvidenceError } from '../../evidence/load.js';
import { configuredTsa } from '../../evidence/timestamp.js';
import { extractionRecordPdf } from '../../review/extraction-record.js';
import { buildRecord, frozenState, keptPdfIntact, newestSigned, printSigned, recordPdf, recordState, removalsCount, saveOutcome, signRecord, type RecordState } from '../../review/record-steps.js';
import { getUser, type User } from '../../store/accounts.js';
import { correctRecordForm, withdrawSignature } from '../../review/record-versions.js';
import { listInspections, type Inspection } from '../../store/inspections.js';
import { recordFormVersions, type RecordFormVersion } from '../../store/record-forms.js';
import { ReviewError } from '../../review/acts.js';
import type { ServeContext } from '../app.js';
import { evidenceUrl } from '../evidence.js';
import { html, type Html } from '../../html.js';
import { csrfField, formText } from '../html.js';
import { beijingTime } from '../../time.js';

type Params = { id: string };
type Body = Record<string, unknown>;


/** 处理结果 from the form's fields; a count that is not a whole number is refused. */
function outcomeOf(body: Body): RecordOutcome {
  return { rectificationOrdered: body.rectificationOrdered === 'on', removalsDemanded: removalsCount(formText(body, 'removalsDemanded')), closureRequested: body.closureRequested === 'on', caseOpened: body.caseOpened === 'on', note: formText(body, 'note').trim() };
}

const STATUS_WORDS: Readonly<Record<RecordFormVersion['status'], string>> = { draft: '草稿', signed: '已签署', superseded: '已被更正' };

function outcomeForm(csrf: string, inspection: Inspection, o: RecordOutcome): Html {
  const box = (name: keyof RecordOutcome, label: string) => html`<label><input type="checkbox" name="${name}"${o[name] === true ? html` checked` : ''}> ${label}</label>`;
  return html`<form method="post" action="/inspections/${inspection.id}/record" class="card">
<h3>处理结果（签名前填写）</h3>${csrfField(csrf)}
${box('rectificationOrdered', '责令整改')}
<label>督促删除违法商品信息（条） <input type="text" inputmode="numeric" name="removalsDemanded" value="${o.removalsDemanded}" size="6"></label>
${box('closureRequested', '提请关闭网站')}
${box('caseOpened', '立案')}
<label>其他处理情况<textarea name="note">${o.note}</textarea></label>
<button type="submit">保存处理结果</button></form>`;
}

function actions(ctx: ServeContext, req: FastifyRequest, user: User, inspection: Inspection, s: RecordState): Html {
  const csrf = ctx.csrfToken(req);
  const isInspector = inspection.inspectors.includes(user.id);
  const signed = s.meta.signatures.some((x) => x.inspector === user.id);
  const status = s.form?.status ?? 'draft';
  const parts: Html[] = [];
  if (!s.frozen && ctx.mayAct(user, inspection)) parts.push(outcomeForm(csrf, inspection, s.content.outcome));
  if (isInspector && status === 'draft' && !signed) {
    const blocked = s.built !== null && !s.built.ready;
    parts.push(html`<form method="post" action="/inspections/${inspection.id}/record/sign">${csrfField(csrf)}<input type="hidden" name="contentSha256" value="${s.contentSha256}">
<button type="submit"${blocked ? html` disabled` : ''}>${blocked ? '完成上列事项后方可签名' : s.frozen ? '核对无误，签名' : '签名并锁定检查结果'}</button></form>`);
  }
  if (isInspector && status === 'draft' && signed) {
    parts.push(html`<form method="post" action="/inspections/${inspection.id}/record/withdraw">${csrfField(csrf)}<button class="secondary" type="submit">撤回我的签名</button></form>`);
  }
  if (status === 'signed' && ctx.mayAct(user, inspection) && !keptPdfIntact(s.form!)) {
    parts.push(html`<form method="post" action="/inspections/${inspection.id}/record/print">${csrfField(csrf)}<button class="secondary" type="submit">PDF 未能保存，重新生成并保存</button></form>`);
  }
  if (isInspector && status === 'signed') {
    parts.push(html`<form method="post" action="/inspections/${inspection.id}/record/correct" class="card">${csrfField(csrf)}<label>更正理由（必填）<textarea name="reason" required></textarea></label><button type="submit">提出更正（生成新版本）</button></form>`);
  }
  return html`<div class="actions">${parts}</div>`;
}

function page(ctx: ServeContext, req: FastifyRequest, user: User, inspection: Inspection, s: RecordState, readOnly: boolean): Html {
  const m = s.meta;
  const names = inspection.inspectors.map((id) => getUser(ctx.db, id)?.name ?? id);
  return html`<h1>网上检查记录表：${inspection.platform.name}</h1>
<div class="card"><dl class="details">
<dt>版本</dt><dd>第 ${m.version} 版 · ${STATUS_WORDS[m.status]}${m.version > 1 ? html` · 更正版本${m.correctionReason ? `（${m.correctionReason}）` : ''}` : ''}</dd>
<dt>签名</dt><dd>${inspection.inspectors.map((id, k) => {
    const sig = m.signatures.find((x) => x.inspector === id);
    return html`${k ? '；' : ''}${names[k]}：${sig ? `已签名 ${beijingTime(sig.at)}` : '待签名'}`;
  })}</dd>
<dt>内容 SHA-256</dt><dd>${s.contentSha256}</dd>
${s.form?.pdfSha256 ? html`<dt>PDF SHA-256</dt><dd>${s.form.pdfSha256}</dd>` : ''}
</dl>
<p><a href="/inspections/${inspection.id}">返回检查结果</a> · <a href="/inspections/${inspection.id}/record.pdf${readOnly ? `?version=${m.version}` : ''}">下载 PDF</a> · <a href="/inspections/${inspection.id}/record/versions">版本记录</a> · <a href="/inspections/${inspection.id}/extraction-record.pdf">电子数据提取笔录</a>${inspection.campaignId ? html` · <a href="/campaigns/${inspection.campaignId}/record">抽查任务检查记录</a>` : ''}</p></div>
${s.built && !s.built.ready ? html`<div class="notice error"><p>以下事项尚未完成，完成后才能签名：</p><ul>${s.built.pending.map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
${s.frozen && m.status === 'draft' ? html`<div class="notice ok">已有签名，记录表内容和检查结果已锁定；第二位检查人员核对后签名即生效。</div>` : ''}
${readOnly ? '' : actions(ctx, req, user, inspection, s)}
<style>${RECORD_FORM_STYLE}</style>
<div class="card">${recordFormBody(s.content, m, null, (path) => evidenceUrl(inspection.id, path))}</div>`;
}

export function register(app: FastifyInstance, ctx: ServeContext): void {
  /** The inspection a request is about, when the user may see it; otherwise the refusal was sent. */
  const visible = (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): { user: User; inspection: Inspection } | null => {
    const user = ctx.requireUser(req, reply);
    if (!user) return null;
    const inspection = ctx.inspectionFor(req, reply, user, req.params.id);
    return inspection ? { user, inspection } : null;
  };

  /** As visible, and the user is one of the inspectors matched to it (who fill in and sign the form). */
  const signer = (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, assistantsToo = false): { user: User; inspection: Inspection } | null => {
    const v = visible(req, reply);
    if (!v) return null;
    if (!(assistantsToo ? ctx.mayAct(v.user, v.inspection) : v.inspection.inspectors.includes(v.user.id))) {
      ctx.deny(req, reply, 403, assistantsToo ? '只有本检查对象的检查人员可以填写记录表' : '只有本检查对象匹配的执法人员可以签名', v.inspection.id);
      return null;
    }
    return v;
  };

  const back = (inspection: Inspection) => `/inspections/${inspection.id}/record`;

  const act = async (reply: FastifyReply, inspection: Inspection, done: string, work: () => string | void | Promise<string | void>) => {
    try {
      const said = await work();
      return ctx.redirect(reply, back(inspection), { kind: 'ok', text: said || done });
    } catch (error) {
      // Inspectors read the Chinese; the store's English gloss in brackets is for logs (as on the inspection page).
      if (error instanceof ReviewError) return ctx.redirect(reply, back(inspection), { kind: 'error', text: error.message.replace(/\s*\([^()]*\)\s*$/, '') });
      throw error;
    }
  };

  app.get<{ Params: Params; Querystring: { version?: string } }>('/inspections/:id/record', (req, reply) => {
    const v = visible(req, reply);
    if (!v) return reply;
    const wanted = req.query.version;
    if (wanted !== undefined) {
      const form = recordFormVersions(ctx.db, v.inspection.id).find((f) => String(f.version) === wanted);
      if (!form?.content) return ctx.deny(req, reply, 404, '没有这个版本', v.inspection.id);
      return ctx.render(req, reply, { title: `记录表第 ${form.version} 版`, body: page(ctx, req, v.user, v.inspection, frozenState(form), true) });
    }
    return ctx.render(req, reply, { title: '网上检查记录表', body: page(ctx, req, v.user, v.inspection, recordState(ctx.db, v.inspection), false) });
  });

  app.post<{ Params: Params }>('/inspections/:id/record', (req, reply) => {
    const v = signer(req, reply, true);
    if (!v) return reply;
    return act(reply, v.inspection, '处理结果已保存。', () => void saveOutcome(ctx.db, v.inspection, ctx.actor(req, v.user), outcomeOf(req.body as Body)));
  });

  app.post<{ Params: Params }>('/inspections/:id/record/sign', (req, reply) => {
    const v = signer(req, reply);
    if (!v) return reply;
    return act(reply, v.inspection, '已签名。', async () => {
      const { form, pdf } = await signRecord(ctx.db, v.inspection, ctx.actor(req, v.user), formText(req.body as Body, 'contentSha256'), ctx.runsRoot);
      if (form.status !== 'signed') return '已签名，检查结果已锁定；待另一位检查人员签名。';
      if (!(pdf instanceof Error)) return '记录表已签署，PDF 已生成。';
      req.log.error(pdf);
      return '记录表已签署；PDF 生成失败，请在本页重新生成。';
    });
  });

  // A signed version whose kept PDF never was printed, is gone or was altered: printed again and kept, by this inspector's act.
  app.post<{ Params: Params }>('/inspections/:id/record/print', (req, reply) => {
    const v = signer(req, reply, true);
    if (!v) return reply;
    return act(reply, v.inspection, 'PDF 已重新生成并保存。', async () => {
      const form = newestSigned(ctx.db, v.inspection.id);
      if (!form) throw new ReviewError('记录表尚未签署');
      if (keptPdfIntact(form)) return 'PDF 完好，无需重新生成。';
      await printSigned(ctx.db, v.inspection, form, ctx.actor(req, v.user), ctx.runsRoot);
    });
  });

  app.post<{ Params: Params }>('/inspections/:id/record/withdraw', (req, reply) => {
    const v = signer(req, reply);
    if (!v) return reply;
    return act(reply, v.inspection, '签名已撤回。', () => void withdrawSignature(ctx.db, v.inspection.id, ctx.actor(req, v.user)));
  });

  app.post<{ Params: Params }>('/inspections/:id/record/correct', (req, reply) => {
    const v = signer(req, reply);
    if (!v) return reply;
    return act(reply, v.inspection, '已生成更正版本，检查结果已解锁；修改后由两名检查人员重新签名。', () => void correctRecordForm(ctx.db, v.inspection.id, ctx.actor(req, v.user), formText(req.body as Body, 'reason')));
  });

  // The newest signed version's PDF (printed once and kept), a given version's, or a draft printed now and marked 草稿.
  app.get<{ Params: Params; Querystring: { version?: string } }>('/inspections/:id/record.pdf', async (req, reply) => {
    const v = visible(req, reply);
    if (!v) return reply;
    const wanted = req.query.version;
    if (wanted !== undefined && !/^\d{1,6}$/.test(wanted)) return ctx.deny(req, reply, 404, '没有这个版本', v.inspection.id);
    try {
      const { name, pdf } = await recordPdf(ctx.db, v.inspection, wanted === undefined ? undefined : Number(wanted), ctx.runsRoot);
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${name}"`).send(pdf);
    } catch (error) {
      if (error instanceof ReviewError) return ctx.deny(req, reply, 404, '没有这个版本', v.inspection.id);
      throw error;
    }
  });

  // The 电子数据提取笔录 of the inspection's run, printed now from its run folder (a read: nothing is kept).
  app.get<{ Params: Params }>('/inspections/:id/extraction-record.pdf', async (req, reply) => {
    const v = visible(req, reply);
    if (!v) return reply;
    try {
      const { name, pdf } = await extractionRecordPdf(ctx.db, v.inspection, ctx.runsRoot, configuredTsa().ca);
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${name}"`).send(pdf);
    } catch (error) {
      if (error instanceof ReviewError || error instanceof EvidenceError) return ctx.deny(req, reply, 404, `无法制作电子数据提取笔录：${error.message.replace(/\s*\([^()]*\)\s*$/, '')}`, v.inspection.id);
      throw error;
    }
  });

  app.get<{ Params: Params }>('/inspections/:id/record/versions', (req, reply) => {
    const v = visible(req, reply);
    if (!v) return reply;
    const versions = recordFormVersions(ctx.db, v.inspection.id);
    const name = (id: string) => getUser(ctx.db, id)?.name ?? id;
    const body = html`<h1>记录表版本：${v.inspection.platform.name}</h1>
<p><a href="/inspections/${v.inspection.id}/record">返回记录表</a></p>
${versions.length
  ? html`<table><thead><tr><th>版本</th><th>状态</th><th>签名</th><th>更正理由</th><th>内容 SHA-256</th><th>PDF SHA-256</th><th></th></tr></thead><tbody>
${versions.map((f) => html`<tr><td>第 ${f.version} 版</td><td>${STATUS_WORDS[f.status]}${f.signedAt ? html`<br>${beijingTime(f.signedAt)}` : ''}</td>
<td>${f.signatures.map((s) => html`<div>${name(s.inspector)} ${beijingTime(s.at)}</div>`)}</td><td>${f.correctionReason ?? ''}</td>
<td class="hash">${f.contentSha256 ?? ''}</td><td class="hash">${f.pdfSha256 ?? ''}</td>
<td>${f.content ? html`<a href="/inspections/${v.inspection.id}/record?version=${f.version}">查看</a> · <a href="/inspections/${v.inspection.id}/record.pdf?version=${f.version}">PDF</a>` : ''}</td></tr>`)}
</tbody></table>`
  : html`<p class="muted">尚未保存或签署过记录表。</p>`}`;
    return ctx.render(req, reply, { title: '记录表版本', body });
  });

  // Every target of the campaign's current draw that the user may see, with each item's result:
  // from the signed form where there is one, else as the results stand (marked 未签署).
  app.get<{ Params: Params }>('/campaigns/:id/record', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const inspections = listInspections(ctx.db).filter((i) => i.origin === 'draw' && i.campaignId === req.params.id && ctx.maySee(user, i));
    if (!inspections.length) return ctx.deny(req, reply, 404, '没有这个抽查任务，或您无权查看');
    const rows = inspections.map((i) => {
      const form = newestSigned(ctx.db, i.id);
      const content = form ? (form.content as RecordFormContent) : buildRecord(ctx.db, i, null).content;
      return { inspection: i, signed: form !== undefined, results: new Map(content.campaignRecord.map((r) => [r.key, r.result])) };
    });
    const keys = [...new Set(rows.flatMap((r) => [...r.results.keys()]))].sort((a, b) => order(a) - order(b));
    const head = (key: string) => INSPECTION_ITEMS.find((i) => i.id === key)?.no ?? checkName(key);
    const body = html`<h1>抽查任务检查记录：${inspections[0]!.campaignName ?? req.params.id}</h1>
<p class="muted">每个检查对象的各检查事项结果；未签署的记录表按当前已确认的检查结果显示。</p>
<table><thead><tr><th>检查对象</th><th>检查人员</th><th>记录表</th>${keys.map((k) => html`<th>${head(k)}</th>`)}</tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="/inspections/${r.inspection.id}/record">${r.inspection.platform.name}</a></td>
<td>${r.inspection.inspectors.map((id) => getUser(ctx.db, id)?.name ?? id).join('、')}</td><td>${r.signed ? '已签署' : '未签署'}</td>
${keys.map((k) => html`<td>${r.results.get(k) ?? '—'}</td>`)}</tr>`)}
</tbody></table>
<p class="muted">${keys.map((k) => html`${checkName(k)}；`)}</p>`;
    return ctx.render(req, reply, { title: '抽查任务检查记录', body });
  });
}

/** item-N in the notice's order, then the checks that serve no item. */
const order = (key: string) => (/^item-\d+$/.test(key) ? Number(key.slice(5)) : 100);
