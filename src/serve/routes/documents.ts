// 协议与规则版本: a platform's agreement and rules documents as the scans saw them over time, and
// what changed between two versions (src/documents). Shown to whoever may see an inspection of the
// platform, and to leads: which platforms are under inspection is not for everyone.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { documentComparison, DocumentsError } from '../../documents/compare.js';
import { documentDiffHtml } from '../../documents/diff.js';
import type { User } from '../../store/accounts.js';
import { listDocuments } from '../../store/documents.js';
import { listInspections } from '../../store/inspections.js';
import type { ServeContext } from '../app.js';
import { html, raw, safeHref } from '../../html.js';
import { beijingTime } from '../../time.js';

const KIND_NAMES: Readonly<Record<string, string>> = {
  agreement: '服务协议',
  rules: '交易规则',
  'ip-rules': '知识产权保护规则',
  'credit-rules': '信用评价规则',
  privacy: '隐私政策',
  notice: '修订公示',
};

function platformFor(ctx: ServeContext, req: FastifyRequest, reply: FastifyReply, user: User, platformId: string) {
  const inspection = listInspections(ctx.db).find((i) => i.platform.id === platformId && ctx.maySee(user, i));
  if (inspection) return inspection.platform;
  ctx.deny(req, reply, 404, '没有这个平台，或您无权查看');
  return null;
}

const version = (value: unknown) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : undefined);

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get('/platforms/:platformId/documents', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const platform = platformFor(ctx, req, reply, user, (req.params as { platformId: string }).platformId);
    if (!platform) return reply;
    const documents = listDocuments(ctx.db, { platformId: platform.id });
    const rows = documents.flatMap((d) =>
      [...d.versions].reverse().map(
        (v, i) => html`<tr>
          ${i === 0 ? html`<td rowspan="${d.versions.length}">${KIND_NAMES[d.kind] ?? d.kind}<br><a href="${safeHref(d.url)}" rel="noreferrer noopener">${d.title}</a></td>` : ''}
          <td>第 ${v.version} 版</td><td>${beijingTime(v.firstSeenAt)}</td><td>${beijingTime(v.lastSeenAt)}</td><td>${v.sightings}</td>
          <td class="hash">${v.sha256.slice(0, 16)}…</td>
          <td>${v.version > 1 ? html`<a href="/platforms/${encodeURIComponent(platform.id)}/documents/${d.id}/diff?to=${v.version}">与上一版比较</a>` : '首次发现'}</td></tr>`,
      ),
    );
    return ctx.render(req, reply, {
      title: `${platform.name} 协议与规则版本`,
      body: html`<h1>${platform.name} <span class="muted">协议与规则版本</span></h1>
        <p class="muted">每次扫描抓取的服务协议、交易规则等文本；正文不同即为新版本（SHA-256 为正文的哈希）。时间为北京时间。</p>
        ${documents.length
          ? html`<table><thead><tr><th>文件</th><th>版本</th><th>首次发现</th><th>最近发现</th><th>发现次数</th><th>SHA-256</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
          : html`<p>尚未抓取到该平台的协议或规则文本。</p>`}`,
    });
  });

  app.get('/platforms/:platformId/documents/:documentId/diff', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const params = req.params as { platformId: string; documentId: string };
    const platform = platformFor(ctx, req, reply, user, params.platformId);
    if (!platform) return reply;
    const query = req.query as Record<string, unknown>;
    let comparison;
    try {
      if (!/^\d{1,12}$/.test(params.documentId)) throw new DocumentsError('no such document');
      comparison = documentComparison(ctx.db, platform.id, Number(params.documentId), { from: version(query.from), to: version(query.to) });
    } catch (error) {
      if (!(error instanceof DocumentsError)) throw error;
      return ctx.render(req, reply, { title: '未找到', body: html`<h1>未找到</h1><p>没有这个文件或版本。</p><p><a href="/platforms/${encodeURIComponent(platform.id)}/documents">返回版本列表</a></p>` }, 404);
    }
    const { document, from, to } = comparison;
    const seen = (v: { version: number; firstSeenAt: string; lastSeenAt: string }) => `第 ${v.version} 版（${beijingTime(v.firstSeenAt)} 至 ${beijingTime(v.lastSeenAt)}）`;
    return ctx.render(req, reply, {
      title: `${document.title} 版本比较`,
      body: html`<h1>${document.title} <span class="muted">${KIND_NAMES[document.kind] ?? document.kind}</span></h1>
        <p>${from ? html`${seen(from)} → ${seen(to)}：<del>删除</del>的文字与<ins>新增</ins>的文字。` : html`只有一个版本：${seen(to)}。`}</p>
        <style>.document-diff del{background:#fde2e2;color:#8a1c1c}.document-diff ins{background:#dcf5e3;color:#14532d;text-decoration:none}</style>
        ${raw(documentDiffHtml(from?.text ?? to.text, to.text))}
        <p><a href="/platforms/${encodeURIComponent(platform.id)}/documents">返回版本列表</a></p>`,
    });
  });
}
