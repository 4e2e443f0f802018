// 扫描 from the page, for leads: a drawn target's platform scanned now as a background job of the
// server process, by the scan `wangjian scan --campaign <id> --only <platform>` runs (the same
// roster file, writeCampaignRoster, and the same scan()), and its progress read at /scans/<job>.
// An inspection waiting for a scan takes the run when it finishes (scan binds it), so a target
// never scanned gets its drafts; one bound already keeps its run (a binding never moves), and one
// page is captured again with 立即取证 on the inspection page. One job a platform at a time; the
// jobs live as long as the server, and stop with it. And a target's part of the newest nightly
// report (夜间巡查) that covered it, as the nightly wrote it (reportHtml, that platform alone).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_VISIT_OPTIONS } from '../../crawl/options.js';
import { reportHtml, type NightlyReport } from '../../nightly/report.js';
import { writeCampaignRoster } from '../../nightly/selection.js';
import { listInspections } from '../../store/inspections.js';
import { listNightlies } from '../../store/nightly.js';
import { progressLine } from '../../scan/report.js';
import { scan } from '../../scan/scan.js';
import { beijingTime } from '../../time.js';
import type { ServeContext } from '../app.js';
import { html } from '../../html.js';

interface ScanJob {
  id: string;
  inspectionId: number;
  platformId: string;
  platformName: string;
  startedBy: string;
  startedAt: string;
  lines: string[];
  status: 'running' | 'done' | 'stopped' | 'failed';
  runId: string | null;
  error: string | null;
}

const STATUS_NAMES: Readonly<Record<ScanJob['status'], string>> = { running: '扫描中', done: '扫描完成', stopped: '已停止（下次扫描时继续）', failed: '扫描失败' };

export function register(app: FastifyInstance, ctx: ServeContext): void {
  const jobs = new Map<string, ScanJob>();
  const stop = new AbortController();
  app.addHook('onClose', async () => stop.abort());
  // Page scans keep their roster file and run folders beside the database, as record PDFs are.
  const base = join(dirname(ctx.db.name), 'page-scans');

  app.post<{ Params: { id: string } }>('/inspections/:id/scan', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const inspection = ctx.inspectionFor(req, reply, lead, req.params.id);
    if (!inspection) return reply;
    const back = `/inspections/${inspection.id}`;
    if (!inspection.campaignId) return ctx.redirect(reply, back, { kind: 'error', text: '只有抽查任务的检查对象可在此扫描；日常检查请用“立即取证”。' });
    const running = [...jobs.values()].find((j) => j.platformId === inspection.platform.id && j.status === 'running');
    if (running) return ctx.redirect(reply, `/scans/${running.id}`, { kind: 'error', text: `${inspection.platform.name} 正在扫描中。` });
    const job: ScanJob = {
      id: randomBytes(8).toString('hex'),
      inspectionId: inspection.id,
      platformId: inspection.platform.id,
      platformName: inspection.platform.name,
      startedBy: lead.id,
      startedAt: new Date().toISOString(),
      lines: [],
      status: 'running',
      runId: null,
      error: null,
    };
    jobs.set(job.id, job);
    ctx.audit(req, { action: 'scan-started', inspectionId: inspection.id, subject: inspection.platform.id, after: { job: job.id, campaignId: inspection.campaignId } });
    const campaignId = inspection.campaignId;
    void (async () => {
      try {
        const { rosterPath, checks } = writeCampaignRoster(ctx.db, campaignId, join(base, campaignId));
        const result = await scan(
          ctx.db,
          { rosterPath, only: [job.platformId], checks, fresh: true, outDir: join(base, campaignId, `${job.platformId}-${job.startedAt.replace(/[-:.]/g, '')}`), platformConcurrency: 1, visit: DEFAULT_VISIT_OPTIONS },
          stop.signal,
          (e) => {
            job.lines.push(progressLine(e));
            if (e.type === 'run') job.runId = e.run.id;
          },
        );
        job.status = result.complete ? 'done' : 'stopped';
      } catch (error) {
        job.status = 'failed';
        job.error = (error as Error).message;
      }
    })();
    return ctx.redirect(reply, `/scans/${job.id}`, { kind: 'ok', text: `已开始扫描 ${inspection.platform.name}。` });
  });

  app.get<{ Params: { job: string } }>('/scans/:job', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    const job = jobs.get(req.params.job);
    // the job's inspection is checked as the inspection itself would be: another unit's answers 404
    const inspection = ctx.inspectionFor(req, reply, lead, job ? String(job.inspectionId) : 'none');
    if (!inspection || !job) return reply;
    const body = html`${job.status === 'running' ? html`<meta http-equiv="refresh" content="2">` : ''}
<h1>扫描 ${job.platformName}</h1>
<p data-status="${job.status}"><strong>${STATUS_NAMES[job.status]}</strong>${job.status === 'running' ? '，页面每 2 秒刷新。' : ''}</p>
<dl class="details"><dt>开始</dt><dd>${beijingTime(job.startedAt)}（${job.startedBy}）</dd>${job.runId ? html`<dt>扫描批次</dt><dd>${job.runId}</dd>` : ''}${job.error ? html`<dt>原因</dt><dd>${job.error}</dd>` : ''}</dl>
${job.lines.length ? html`<pre>${job.lines.join('\n')}</pre>` : ''}
<p><a href="/inspections/${inspection.id}">打开检查对象</a>${inspection.campaignId ? html` · <a href="/campaigns/${inspection.campaignId}/progress">任务进度</a>` : ''}</p>`;
    return ctx.render(req, reply, { title: `扫描 ${job.platformName}`, body });
  });

  app.get<{ Params: { platformId: string } }>('/platforms/:platformId/nightly', (req, reply) => {
    const lead = ctx.requireUser(req, reply, 'lead');
    if (!lead) return reply;
    // a platform the lead reaches through an inspection of the unit; any other answers 404
    if (!listInspections(ctx.db).some((i) => i.platform.id === req.params.platformId && ctx.maySee(lead, i))) return ctx.deny(req, reply, 404, '没有这个平台，或不是本单位的检查对象');
    for (const n of listNightlies(ctx.db, 60)) {
      const file = join(resolve(ctx.runsRoot, n.outDir), 'nightly.json');
      if (n.status !== 'done' || !existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8')) as NightlyReport;
      const part = report.platforms.find((p) => p.platform.id === req.params.platformId);
      if (!part) continue;
      // as the nightly wrote it; its screenshot links are relative to the nightly's folder, which the server does not serve
      return reply.type('text/html; charset=utf-8').send(reportHtml({ ...report, platforms: [part], totals: part.counts }));
    }
    return ctx.render(req, reply, { title: '夜间巡查', body: html`<h1>夜间巡查</h1><p class="card">尚无包含该平台的夜间巡查报告（<code>wangjian nightly</code>）。</p>` });
  });
}
