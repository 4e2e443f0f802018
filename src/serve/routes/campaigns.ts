// 抽查任务 for leads: the unit's campaigns; a campaign made from a form and checked as a campaign
// file is (campaignSchema, each problem shown by its field); the seed published before the draw;
// the draw (makeDraw from the stored platform roster and the inspector roster pasted, stored by
// storeNewDraw as `wangjian draw` stores one, the roster kept); the draw shown with its verification (verifyDraw);
// and one officer's slot re-matched when they declare a conflict after the draw (回避, rematchSlot).
// A lead reaches only the campaigns of their unit; another's answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { campaignSchema, PLATFORM_RISKS, RISK_NAMES, type Campaign } from '../../campaign/campaign.js';
import { INSPECTION_ITEMS } from '../../campaign/items.js';
import { sha256 } from '../../evidence/bundle.js';
import { canonicalJson } from '../../evidence/canonical.js';
import { DrawError, makeDraw } from '../../draw/draw.js';
import { drawRecordSchema, rosterDigestOf, type DrawRecord, type Exclusion } from '../../draw/record.js';
import { rematchSlot } from '../../draw/rematch.js';
import { verifyDraw } from '../../draw/verify.js';
import type { PlatformRecord } from '../../../rules/types.js';
import { storeNewDraw, storeRematch } from '../../review/draws.js';
import { getUser, type User } from '../../store/accounts.js';
import { CampaignStoreError, drawRoster, getCampaign, insertCampaign, keepDrawRoster, listCampaignsOf, publishSeed, type StoredCampaign } from '../../store/campaigns.js';
import { currentDraws, DrawStoreError, getDraw, type StoredDraw } from '../../store/draws.js';
import { listRoster } from '../../store/roster.js';
import { beijingTime } from '../../time.js';
import { TOOL_VERSION } from '../../version.js';
import type { ServeContext } from '../app.js';
import { html, type Html } from '../../html.js';
import { csrfField, formText } from '../html.js';
import { acceptRosterUploads, readRosterBytes, ROSTER_NAME, rosterBytes, rosterInputs } from '../roster-form.js';

const LEVELS = { city: '市级', county: '县级', province: '省级' } as const;
const PLATFORM_ROSTER = '平台名录（数据库）';

type Form = Record<string, string | string[]>;

const one = (form: Form, name: string): string => formText(form, name).trim();
const many = (form: Form, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((s) => s !== '');
};
/** A number field: blank is absent, digits a number, anything else left for the schema to refuse. */
const num = (v: string): number | string | undefined => (v === '' ? undefined : /^\d+(\.\d+)?$/.test(v) ? Number(v) : v);

/** The campaign file the form describes, before validation. */
function campaignFromForm(form: Form): unknown {
  const ratios = Object.fromEntries(PLATFORM_RISKS.flatMap((r) => (num(one(form, `ratios.${r}`)) === undefined ? [] : [[r, num(one(form, `ratios.${r}`))]])));
  return {
    id: one(form, 'id'),
    name: one(form, 'name'),
    level: one(form, 'level'),
    region: one(form, 'region'),
    ratios,
    minInspectors: num(one(form, 'minInspectors')),
    assistants: num(one(form, 'assistants')),
    checks: many(form, 'checks'),
    window: { from: one(form, 'window.from'), to: one(form, 'window.to') },
    ...(one(form, 'deadline') ? { deadline: one(form, 'deadline') } : {}),
    exclude: many(form, 'exclude'),
  };
}

/** The platforms of the stored roster (those gone from it are not drawn from), as a draw's input. */
function storedPlatforms(ctx: ServeContext): { platforms: PlatformRecord[]; digest: ReturnType<typeof rosterDigestOf> } {
  const platforms = listRoster(ctx.db)
    .filter((p) => p.goneAt === null)
    .map(({ goneAt: _gone, ...p }): PlatformRecord => p);
  return { platforms, digest: rosterDigestOf(PLATFORM_ROSTER, Buffer.from(canonicalJson(platforms)), platforms) };
}

/** A stored draw as the exclusion a campaign names. */
function exclusionOf(draw: StoredDraw): Exclusion {
  const record = JSON.parse(draw.record) as { targets: { platformId: string }[] };
  return { file: `draw:${draw.id}`, sha256: draw.recordSha256, drawId: draw.id, campaignId: draw.campaignId, platformIds: record.targets.map((t) => t.platformId).sort() };
}

function campaignForm(csrf: string, values: Form, errors: Map<string, string>, draws: readonly StoredDraw[]): Html {
  const v = (name: string) => one(values, name);
  const err = (name: string) => (errors.has(name) ? html`<div class="refusal" role="alert" data-field="${name}">${errors.get(name)}</div>` : '');
  const text = (name: string, label: string, hint = '', type = 'text') => html`<label for="${name}">${label}</label><input type="${type}" id="${name}" name="${name}" value="${v(name)}">${hint ? html` <span class="muted">${hint}</span>` : ''}${err(name)}`;
  const checks = many(values, 'checks');
  const exclude = many(values, 'exclude');
  return html`<form method="post" action="/campaigns">${csrfField(csrf)}
${text('id', '任务编号', '小写字母、数字和连字符，如 jc-2027-ecom')}
${text('name', '任务名称')}
<label for="level">层级</label><select id="level" name="level">${Object.entries(LEVELS).map(([k, name]) => html`<option value="${k}"${v('level') === k ? html` selected` : ''}>${name}</option>`)}</select>${err('level')}
${text('region', '抽取区域（行政区划代码）', '如 140500；市级为 4 位有效数字')}
<fieldset><legend>各风险类别的抽取比例（0 至 1，风险越高比例越高）</legend>
${PLATFORM_RISKS.map((r) => text(`ratios.${r}`, RISK_NAMES[r], r === 'unclassified' ? '未分类平台的比例（可空）' : ''))}${err('ratios')}</fieldset>
${text('minInspectors', '每个对象的执法人员人数', '至少 2 名')}
${text('assistants', '每个对象的辅助人员人数', '无执法证，可为 0')}
<fieldset><legend>检查事项</legend>${INSPECTION_ITEMS.map((i) => html`<label><input type="checkbox" name="checks" value="${i.id}"${checks.includes(i.id) ? html` checked` : ''}> ${i.no}${i.name}</label>`)}${err('checks')}</fieldset>
${text('window.from', '检查期间自', '', 'date')}${text('window.to', '至', '', 'date')}${err('window')}
${text('deadline', '完成时限', '结果须在此日前录入', 'date')}
<fieldset><legend>排除已抽取的对象（如省局本年度抽查）</legend>${draws.length ? draws.map((d) => html`<label><input type="checkbox" name="exclude" value="${d.id}"${exclude.includes(d.id) ? html` checked` : ''}> ${d.campaignId}（${d.id}，${d.targets} 个对象）</label>`) : html`<p class="muted">尚无可排除的抽查。</p>`}${err('exclude')}</fieldset>
<div class="actions"><button type="submit">创建抽查任务</button><a href="/campaigns">取消</a></div></form>`;
}

function drawView(ctx: ServeContext, record: DrawRecord, stored: StoredDraw): Html {
  const names = new Map(listRoster(ctx.db).map((p) => [p.id, p.name]));
  const person = (id: string) => html`${getUser(ctx.db, id)?.name ?? id}（${id}）`;
  const people = (ids: readonly string[]) => ids.map((id, n) => html`${n ? '、' : ''}${person(id)}`);
  return html`<dl class="details">
<dt>抽取编号</dt><dd>${record.id}</dd>
<dt>随机种子</dt><dd>${record.seed}</dd>
<dt>抽取时间</dt><dd>${beijingTime(record.drawnAt)}</dd>
<dt>算法</dt><dd>${record.algorithm}</dd>
${record.supersedes ? html`<dt>取代</dt><dd><a href="/draws/${record.supersedes}">${record.supersedes}</a>：${record.reason}</dd>` : ''}
${stored.supersededBy ? html`<dt>已被取代</dt><dd><a href="/draws/${stored.supersededBy}">${stored.supersededBy}</a></dd>` : ''}
</dl>
<h2>各风险类别</h2><table><thead><tr><th>风险类别</th><th>比例</th><th>符合条件</th><th>抽中</th></tr></thead>
<tbody>${record.strata.map((s) => html`<tr><td>${RISK_NAMES[s.riskClass]}</td><td>${s.ratio}</td><td>${s.eligible}</td><td>${s.drawn}</td></tr>`)}</tbody></table>
<h2>抽中的检查对象</h2><table><thead><tr><th>检查对象</th><th>风险类别</th><th>执法人员</th><th>辅助人员</th></tr></thead>
<tbody>${record.targets.map((t) => html`<tr data-platform="${t.platformId}"><td>${names.get(t.platformId) ?? t.platformId}<br><span class="muted">${t.platformId}</span></td><td>${RISK_NAMES[t.riskClass]}</td><td>${people(t.inspectors)}</td><td>${t.assistants.length ? people(t.assistants) : '—'}</td></tr>`)}</tbody></table>
${record.rematches?.length ? html`<h2>回避后重新匹配</h2><table><thead><tr><th>检查对象</th><th>回避人员</th><th>替换为</th><th>回避事由</th><th>申报时间</th></tr></thead>
<tbody>${record.rematches.map((r) => html`<tr><td>${names.get(r.platformId) ?? r.platformId}</td><td>${person(r.replaced)}</td><td>${person(r.by)}</td><td>${r.reason}</td><td>${beijingTime(r.declaredAt)}</td></tr>`)}</tbody></table>` : ''}`;
}

export function register(app: FastifyInstance, ctx: ServeContext): void {
  /** A campaign of the lead's unit; another's (or none) answers 404. */
  const campaignOf = (req: FastifyRequest, reply: FastifyReply, lead: User, id: string): StoredCampaign | null => {
    const c = getCampaign(ctx.db, id);
    if (c && c.unit === lead.unit) return c;
    ctx.deny(req, reply, 404, '没有这个抽查任务，或不属于本单位');
    return null;
  };
  /** A stored draw of one of the lead's unit's campaigns, with its record. */
  const drawOf = (req: FastifyRequest, reply: FastifyReply, lead: User, id: string): { stored: StoredDraw; record: DrawRecord; campaign: StoredCampaign } | null => {
    const stored = getDraw(ctx.db, id);
    const campaign = stored && getCampaign(ctx.db, stored.campaignId);
    if (stored && campaign && campaign.unit === lead.unit) return { stored, record: drawRecordSchema.parse(JSON.parse(stored.record)), campaign };
    ctx.deny(req, reply, 404, '没有这个抽查结果，或不属于本单位');
    return null;
  };
  const currentDrawOf = (campaignId: string) => currentDraws(ctx.db).find((d) => d.campaignId === campaignId);
  /** Draws of other campaigns a new campaign may exclude: the province's and the city's own. */
  const excludable = () => currentDraws(ctx.db);

  app.get('/campaigns', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const campaigns = listCampaignsOf(ctx.db, lead.unit);
    const body = html`<h1>抽查任务</h1>
<p class="no-print"><a href="/campaigns/new">新建抽查任务</a> · <a href="/progress">进度通报</a></p>
${campaigns.length
  ? html`<table><thead><tr><th>任务</th><th>区域</th><th>检查期间</th><th>完成时限</th><th>随机种子</th><th>抽取</th></tr></thead>
<tbody>${campaigns.map((c) => {
      const draw = currentDrawOf(c.campaign.id);
      return html`<tr><td><a href="/campaigns/${c.campaign.id}">${c.campaign.name}</a><br><span class="muted">${c.campaign.id}</span></td><td>${LEVELS[c.campaign.level]} ${c.campaign.region}</td>
<td>${c.campaign.window.from} 至 ${c.campaign.window.to}</td><td>${c.campaign.deadline ?? '—'}</td>
<td>${c.seed ? html`已公布（${beijingTime(c.seedPublishedAt!)}）` : html`<span class="muted">未公布</span>`}</td>
<td>${draw ? html`<a href="/draws/${draw.id}">已抽取 ${draw.targets} 个对象</a> · <a href="/campaigns/${c.campaign.id}/progress">进度</a>` : html`<span class="muted">未抽取</span>`}</td></tr>`;
    })}</tbody></table>`
  : html`<p class="card">本单位尚未在此创建抽查任务。在命令行抽取的任务见<a href="/progress">进度通报</a>。</p>`}`;
    return ctx.render(req, reply, { title: '抽查任务', body });
  });

  app.get('/campaigns/new', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const body = html`<h1>新建抽查任务</h1>
<p class="muted">与任务文件（campaign.json）的要求相同；有误时逐项指出，不作保存。</p>
${campaignForm(ctx.csrfToken(req), { level: 'city', minInspectors: '2', assistants: '0' }, new Map(), excludable())}`;
    return ctx.render(req, reply, { title: '新建抽查任务', body });
  });

  app.post('/campaigns', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const form = (req.body ?? {}) as Form;
    const parsed = campaignSchema.safeParse(campaignFromForm(form));
    const errors = new Map<string, string>();
    const draws = excludable();
    if (parsed.success) {
      for (const id of parsed.data.exclude) if (!draws.some((d) => d.id === id)) errors.set('exclude', `没有抽查结果 ${id}`);
    } else {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String);
        // a ratio or a window date by its own field; the whole of ratios or window under the group
        const name = path.length > 1 && (path[0] === 'ratios' || path[0] === 'window') ? path.join('.') : path[0] ?? 'id';
        const shown = errors.has(name) ? `${errors.get(name)}；${issue.message}` : issue.message;
        errors.set(name, shown);
      }
    }
    if (errors.size || !parsed.success) {
      const body = html`<h1>新建抽查任务</h1><div class="notice error" role="alert">任务有 ${errors.size} 处问题，未保存：见各项下的说明。</div>${campaignForm(ctx.csrfToken(req), form, errors, draws)}`;
      return ctx.render(req, reply, { title: '新建抽查任务', body }, 400);
    }
    try {
      insertCampaign(ctx.db, { campaign: parsed.data, unit: lead.unit, createdBy: lead.id });
    } catch (error) {
      if (!(error instanceof CampaignStoreError)) throw error;
      const body = html`<h1>新建抽查任务</h1>${campaignForm(ctx.csrfToken(req), form, new Map([['id', error.message]]), draws)}`;
      return ctx.render(req, reply, { title: '新建抽查任务', body }, 400);
    }
    ctx.audit(req, { action: 'campaign-created', subject: parsed.data.id, after: { campaign: parsed.data, unit: lead.unit } });
    return ctx.redirect(reply, `/campaigns/${parsed.data.id}`, { kind: 'ok', text: `已创建抽查任务 ${parsed.data.name}。请先公布随机种子，再抽取。` });
  });

  app.get<{ Params: { id: string } }>('/campaigns/:id', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const c = campaignOf(req, reply, lead, req.params.id);
    if (!c) return reply;
    const campaign: Campaign = c.campaign;
    const csrf = ctx.csrfToken(req);
    const draw = currentDrawOf(campaign.id);
    const body = html`<h1>${campaign.name}</h1>
<dl class="details"><dt>任务编号</dt><dd>${campaign.id}</dd><dt>层级、区域</dt><dd>${LEVELS[campaign.level]} ${campaign.region}</dd>
<dt>抽取比例</dt><dd>${PLATFORM_RISKS.map((r) => { const ratio = campaign.ratios?.[r as keyof NonNullable<Campaign['ratios']>] ?? campaign.ratio; return ratio === undefined ? '' : html`${RISK_NAMES[r]} ${ratio}；`; })}</dd>
<dt>人员</dt><dd>每个对象执法人员 ${campaign.minInspectors} 名，辅助人员 ${campaign.assistants} 名</dd>
<dt>检查事项</dt><dd>${campaign.checks.map((id) => INSPECTION_ITEMS.find((i) => i.id === id)?.no ?? id).join('')}</dd>
<dt>检查期间</dt><dd>${campaign.window.from} 至 ${campaign.window.to}</dd><dt>完成时限</dt><dd>${campaign.deadline ?? '—'}</dd>
<dt>排除</dt><dd>${campaign.exclude.length ? campaign.exclude.join('、') : '—'}</dd></dl>
<h2>随机种子</h2>
${c.seed
  ? html`<p>已于 ${beijingTime(c.seedPublishedAt!)} 公布：<strong class="seed">${c.seed}</strong>（不能更改）</p>`
  : html`<p class="muted">随机种子须在抽取前公布（如公告中的日期或彩票开奖号码），公布后不能更改，任何人可据此复核抽取结果。</p>
<form method="post" action="/campaigns/${campaign.id}/seed">${csrfField(csrf)}<label for="seed">随机种子</label><input type="text" id="seed" name="seed" required>
<div class="actions"><button type="submit">公布随机种子</button></div></form>`}
<h2>抽取</h2>
${draw
  ? html`<p><a href="/draws/${draw.id}">已抽取 ${draw.targets} 个检查对象（${draw.id}）</a> · <a href="/campaigns/${campaign.id}/progress">进度</a></p>`
  : c.seed
    ? html`<p class="muted">从数据库中的平台名录和下面给出的执法检查人员名录抽取（名录有误时整份不读入，并按行、字段指出）；名录随抽取结果保存，供复核和回避时重新匹配。</p>
<form method="post" action="/campaigns/${campaign.id}/draw" enctype="multipart/form-data">${csrfField(csrf)}${rosterInputs('inspectors', '')}
<div class="actions"><button type="submit">抽取</button></div></form>`
    : html`<p class="muted">公布随机种子后才能抽取。</p>`}
<p><a href="/campaigns">← 抽查任务</a></p>`;
    return ctx.render(req, reply, { title: campaign.name, body });
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id/seed', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const c = campaignOf(req, reply, lead, req.params.id);
    if (!c) return reply;
    const seed = one((req.body ?? {}) as Form, 'seed');
    const back = `/campaigns/${c.campaign.id}`;
    try {
      publishSeed(ctx.db, c.campaign.id, seed, lead.id);
    } catch (error) {
      if (error instanceof CampaignStoreError) return ctx.redirect(reply, back, { kind: 'error', text: error.message });
      throw error;
    }
    ctx.audit(req, { action: 'seed-published', subject: c.campaign.id, after: { seed } });
    return ctx.redirect(reply, back, { kind: 'ok', text: `已公布随机种子：${seed}` });
  });

  app.register(async (scope) => {
    await acceptRosterUploads(scope);
    scope.post<{ Params: { id: string } }>('/campaigns/:id/draw', async (req, reply) => {
      const lead = ctx.requireUser(req, reply, 'lead');
      if (!lead) return reply;
      const c = campaignOf(req, reply, lead, req.params.id);
      if (!c) return reply;
      const back = `/campaigns/${c.campaign.id}`;
      if (!c.seed) return ctx.redirect(reply, back, { kind: 'error', text: '请先公布随机种子。' });
      const bytes = rosterBytes(req.body, 'inspectors');
      const roster = await readRosterBytes(bytes);
      if ('problems' in roster) {
        const body = html`<h1>${c.campaign.name}：名录有误</h1><div class="notice error" role="alert">${ROSTER_NAME}有 ${roster.problems.length} 处问题，未抽取：<ul>${roster.problems.map((p) => html`<li>${p}</li>`)}</ul></div><p><a href="${back}">← 返回任务</a></p>`;
        return ctx.render(req, reply, { title: '名录有误', body }, 400);
      }
      const excluded = c.campaign.exclude.map((id) => getDraw(ctx.db, id));
      if (excluded.some((d) => !d)) return ctx.redirect(reply, back, { kind: 'error', text: '任务要排除的抽查结果已不在数据库中。' });
      const platforms = storedPlatforms(ctx);
      const campaignText = JSON.stringify(c.campaign);
      try {
        const record = makeDraw({
          campaign: c.campaign,
          platforms: platforms.platforms,
          inspectors: roster.inspectors,
          exclude: excluded.map((d) => exclusionOf(d!)),
          seed: c.seed,
          digests: { campaign: { file: `campaign:${c.campaign.id}`, sha256: sha256(campaignText), contentSha256: sha256(canonicalJson(c.campaign)) }, platforms: platforms.digest, inspectors: roster.digest },
          drawnAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          toolVersion: TOOL_VERSION,
        });
        ctx.db.transaction(() => {
          storeNewDraw(ctx.db, record, null);
          keepDrawRoster(ctx.db, record.id, bytes);
        })();
        ctx.audit(req, { action: 'draw-made', subject: c.campaign.id, after: { drawId: record.id, seed: record.seed, targets: record.targets.map((t) => ({ platformId: t.platformId, inspectors: t.inspectors, assistants: t.assistants })) } });
        return ctx.redirect(reply, `/draws/${record.id}`, { kind: 'ok', text: `已抽取 ${record.targets.length} 个检查对象，检查对象已进入审核。` });
      } catch (error) {
        if (error instanceof DrawError || error instanceof DrawStoreError) return ctx.redirect(reply, back, { kind: 'error', text: `未能抽取：${error.message}` });
        throw error;
      }
    });
  });

  app.get<{ Params: { id: string } }>('/draws/:id', async (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const found = drawOf(req, reply, lead, req.params.id);
    if (!found) return reply;
    const { record, stored, campaign } = found;
    const kept = drawRoster(ctx.db, record.id);
    let verification: Html;
    if (kept === undefined) {
      verification = html`<p class="muted">此抽查的执法检查人员名录未保存在服务器上，请在命令行用 <code>wangjian draw verify</code> 复核。</p>`;
    } else {
      const roster = await readRosterBytes(kept);
      if ('problems' in roster) throw new Error(`the roster kept with draw ${record.id} no longer reads`);
      // the excluded draws as the database holds them now
      const exclude = campaign.campaign.exclude.flatMap((id) => { const d = getDraw(ctx.db, id); return d ? [exclusionOf(d)] : []; });
      const result = verifyDraw({ record, platforms: storedPlatforms(ctx), inspectors: roster, exclude });
      verification = result.reproduced
        ? html`<p class="notice ok" data-verified="yes">复核通过：以公布的随机种子、数据库中的平台名录和抽取时的人员名录重新计算，结果与本次抽取完全一致。</p>`
        : html`<div class="notice error" data-verified="no">复核未通过，有 ${result.problems.length} 处不一致：<ul>${result.problems.map((p) => html`<li>${p}</li>`)}</ul></div>`;
    }
    const csrf = ctx.csrfToken(req);
    const canRematch = kept !== undefined && !stored.supersededBy;
    const body = html`<h1>${campaign.campaign.name} · 抽取结果</h1>
${drawView(ctx, record, stored)}
<h2>复核</h2>${verification}
${canRematch
  ? html`<h2>回避：重新匹配一名人员</h2>
<p class="muted">抽取后执法人员申报回避的，只重新匹配该人员在该对象的位置，检查对象和其他人员不变；新人选按抽取规则从同一人员名录中产生，并作为新的抽取记录（取代本记录）留存。</p>
<form method="post" action="/draws/${record.id}/rematch">${csrfField(csrf)}
<label for="slot">申报回避的人员</label><select id="slot" name="slot">${record.targets.flatMap((t) => [...t.inspectors, ...t.assistants].map((id) => html`<option value="${t.platformId}|${id}">${t.platformId}：${getUser(ctx.db, id)?.name ?? id}（${id}）</option>`))}</select>
<label for="reason">回避事由</label><textarea id="reason" name="reason" required></textarea>
<div class="actions"><button type="submit">重新匹配</button></div></form>`
  : ''}
<p><a href="/campaigns/${campaign.campaign.id}">← ${campaign.campaign.name}</a></p>`;
    return ctx.render(req, reply, { title: '抽取结果', body });
  });

  app.post<{ Params: { id: string } }>('/draws/:id/rematch', async (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const found = drawOf(req, reply, lead, req.params.id);
    if (!found) return reply;
    const { record } = found;
    const back = `/draws/${record.id}`;
    const kept = drawRoster(ctx.db, record.id);
    if (kept === undefined) return ctx.redirect(reply, back, { kind: 'error', text: '此抽查的人员名录未保存在服务器上，请在命令行用 wangjian draw rematch。' });
    const form = (req.body ?? {}) as Form;
    const [platformId = '', inspectorId = ''] = one(form, 'slot').split('|');
    const roster = await readRosterBytes(kept);
    if ('problems' in roster) throw new Error(`the roster kept with draw ${record.id} no longer reads`);
    try {
      const next = rematchSlot({ record, platforms: storedPlatforms(ctx).platforms, inspectors: roster }, { platformId, inspectorId, reason: one(form, 'reason'), declaredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
      ctx.db.transaction(() => {
        storeRematch(ctx.db, next, lead.id);
        keepDrawRoster(ctx.db, next.id, kept);
      })();
      const r = next.rematches!.at(-1)!;
      return ctx.redirect(reply, `/draws/${next.id}`, { kind: 'ok', text: `已重新匹配：${r.platformId} 的 ${getUser(ctx.db, r.replaced)?.name ?? r.replaced} 由 ${getUser(ctx.db, r.by)?.name ?? r.by} 替换。` });
    } catch (error) {
      if (error instanceof DrawError || error instanceof DrawStoreError) return ctx.redirect(reply, back, { kind: 'error', text: `未重新匹配：${error.message}` });
      throw error;
    }
  });
}
