// What a nightly leaves: nightly.json (for programs), nightly.html (for inspectors: one
// self-contained page in Chinese) and a summary of one screen for the cron mail. Summaries and
// subjects are crawled text and hostile: escaped in the page, links only for http(s), control
// characters taken out for the terminal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformRecord } from '../../rules/types.js';
import { escapeHtml } from '../html.js';
import { checkName, VERDICT_NAMES } from '../review/check-names.js';
import { beijingTime } from '../time.js';
import { displayWidth } from '../scan/report.js';
import type { Track } from '../store/tracks.js';
import { TOOL_VERSION } from '../version.js';
import { CHANGES, type Change, type CheckComparison, type ComparedFinding, type RunComparison } from './compare.js';

export interface ReportedFinding extends ComparedFinding {
  /** From the violation track: when it was first seen online, and in how many runs. */
  firstSeenAt: string | null;
  runsSeen: number | null;
  resolvedAt: string | null;
}

export interface NightlyReport {
  format: 'wangjian-nightly/1';
  nightlyId: string;
  runId: string;
  source: string;
  startedAt: string;
  writtenAt: string;
  toolVersion: string;
  checks: string[];
  /** File names in the nightly folder. */
  files: { roster: string; findings: string; html: string };
  totals: Record<Change, number>;
  platforms: { platform: PlatformRecord; checks: CheckComparison[]; counts: Record<Change, number>; findings: ReportedFinding[] }[];
}

const countOf = (findings: readonly { change: Change }[]) => Object.fromEntries(CHANGES.map((c) => [c, findings.filter((f) => f.change === c).length])) as Record<Change, number>;

export function buildReport(
  head: Pick<NightlyReport, 'nightlyId' | 'runId' | 'source' | 'startedAt' | 'checks'>,
  comparison: RunComparison,
  tracksOf: (platformId: string) => readonly Track[],
): NightlyReport {
  const platforms = comparison.platforms.map((p) => {
    const tracks = tracksOf(p.platform.id);
    const findings = p.findings.map((f): ReportedFinding => {
      const same = tracks.filter((t) => t.checkId === f.checkId && t.key === f.key);
      // the open track, or the one this run closed
      const track = same.find((t) => t.resolvedAt === null) ?? same.find((t) => t.resolvedRunId === head.runId);
      return { ...f, firstSeenAt: track?.firstSeenAt ?? null, runsSeen: track?.runsSeen ?? null, resolvedAt: track?.resolvedAt ?? null };
    });
    return { platform: p.platform, checks: p.checks, counts: countOf(findings), findings };
  });
  return {
    format: 'wangjian-nightly/1',
    ...head,
    writtenAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    files: { roster: 'roster.json', findings: 'findings.jsonl', html: 'nightly.html' },
    totals: countOf(platforms.flatMap((p) => p.findings)),
    platforms,
  };
}

export function writeReport(dir: string, report: NightlyReport): { json: string; html: string } {
  const json = join(dir, 'nightly.json');
  const html = join(dir, report.files.html);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, reportHtml(report));
  return { json, html };
}

const CHANGE_WORDS: Record<Change, string> = { new: '新发现', persisting: '持续存在', resolved: '已消失', unchecked: '未能复查' };

/** A link only to a web address; anything else (javascript:, data:) is shown as text. */
function subjectHtml(subject: string): string {
  let web = false;
  try {
    web = ['http:', 'https:'].includes(new URL(subject).protocol);
  } catch {
    // not a URL: text
  }
  return web ? `<a href="${escapeHtml(subject)}" rel="noreferrer noopener">${escapeHtml(subject)}</a>` : escapeHtml(subject);
}

const time = (iso: string | null) => (iso ? beijingTime(iso) : '—');

function findingRow(f: ReportedFinding, runId: string): string {
  const verdict = f.previousVerdict && f.previousVerdict !== f.verdict && f.change === 'persisting' ? `${VERDICT_NAMES[f.verdict]}（原为${VERDICT_NAMES[f.previousVerdict]}）` : VERDICT_NAMES[f.verdict];
  // evidence of this run lies in this folder; that of an earlier run is named by the run
  const shot = f.evidence.find((e) => e.kind === 'screenshot');
  const evidence = f.runId === runId ? (shot ? `<a href="${escapeHtml(shot.path)}">截图</a>` : '—') : `见运行 ${escapeHtml(f.runId)}`;
  return `<tr class="${f.change}"><td>${CHANGE_WORDS[f.change]}</td><td>${escapeHtml(checkName(f.checkId))}</td><td>${verdict}</td><td class="subject">${subjectHtml(f.subject)}</td><td>${escapeHtml(f.summary)}</td><td>${time(f.firstSeenAt)}</td><td>${f.runsSeen ?? '—'}</td><td>${f.change === 'resolved' ? time(f.resolvedAt) : '—'}</td><td>${evidence}</td></tr>`;
}

export function reportHtml(r: NightlyReport): string {
  const totals = CHANGES.map((c) => `<td>${r.totals[c]}</td>`).join('');
  const summaryRows = r.platforms
    .map((p) => `<tr><td><a href="#p-${escapeHtml(p.platform.id)}">${escapeHtml(p.platform.id)}</a></td><td>${escapeHtml(p.platform.name)}</td>${CHANGES.map((c) => `<td>${p.counts[c]}</td>`).join('')}</tr>`)
    .join('\n');
  const sections = r.platforms
    .map((p) => {
      const unchecked = p.checks.filter((c) => !c.checked).map((c) => escapeHtml(checkName(c.checkId)));
      const previous = [...new Set(p.checks.map((c) => c.previousRunId).filter((id): id is string => id !== null))].map(escapeHtml);
      const rows = p.findings.map((f) => findingRow(f, r.runId)).join('\n');
      return `<section id="p-${escapeHtml(p.platform.id)}">
<h2>${escapeHtml(p.platform.id)} ${escapeHtml(p.platform.name)}${p.platform.platform ? `（${escapeHtml(p.platform.platform)}）` : ''}</h2>
<p>网址：${subjectHtml(p.platform.url)}。对比的上次运行：${previous.length ? previous.join('、') : '无（首次检查）'}。${unchecked.length ? `本次未能检查：${unchecked.join('、')}。` : ''}</p>
${rows ? `<table><thead><tr><th>变化</th><th>检查项</th><th>结论</th><th>对象</th><th>摘要</th><th>首次发现</th><th>出现次数</th><th>消失时间</th><th>证据</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '<p>本次及上次均无违法或待研判发现。</p>'}
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<title>夜间巡查报告 ${escapeHtml(r.nightlyId)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}td:nth-child(-n+3){white-space:nowrap}td.subject{max-width:28em;word-break:break-all}tr.new td:first-child{color:#b00;font-weight:bold}
tr.resolved td:first-child{color:#070}tr.unchecked td:first-child{color:#777}
</style></head><body>
<h1>夜间巡查报告</h1>
<p>巡查编号 ${escapeHtml(r.nightlyId)}，扫描运行 ${escapeHtml(r.runId)}；开始于 ${time(r.startedAt)}，报告生成于 ${time(r.writtenAt)}。平台来源：${escapeHtml(r.source)}。检查项：${r.checks.map((c) => escapeHtml(checkName(c))).join('、')}。时间均为北京时间。工具版本 ${escapeHtml(r.toolVersion)}。</p>
<p>仅比较结论为“违法”或“待研判”的发现。新发现：上次运行没有；持续存在：两次都有；已消失：上次有、本次已检查且没有；未能复查：上次有、本次未能检查该项（网站无法访问等），不作结论。均为自动检查的初步结果，须由检查人员确认。</p>
<table><thead><tr><th>平台编号</th><th>名称</th>${CHANGES.map((c) => `<th>${CHANGE_WORDS[c]}</th>`).join('')}</tr></thead>
<tbody>
${summaryRows}
<tr><th colspan="2">合计</th>${totals}</tr>
</tbody></table>
${sections}
</body></html>
`;
}

/** Crawled text on a terminal: no escape sequences, one line, cut to `width` columns. */
function terminalText(s: string, width: number): string {
  let out = '';
  for (const ch of s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')) {
    if (displayWidth(out + ch) > width - 1) return `${out}…`;
    out += ch;
  }
  return out;
}

/** The console summary: a line per platform, then the first new findings, then where the report is. */
export function consoleSummary(r: NightlyReport, files: { json: string; html: string }, maxLines = 10): string {
  const header = ['platform', '新发现 new', '持续 persisting', '已消失 resolved', '未复查 unchecked'];
  const rows = r.platforms.map((p) => [p.platform.id, ...CHANGES.map((c) => String(p.counts[c]))]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join('  ').trimEnd();
  const shown = r.platforms.length > maxLines ? rows.filter((_, i) => r.platforms[i]!.counts.new + r.platforms[i]!.counts.resolved > 0).slice(0, maxLines) : rows;
  const out = [`nightly ${r.nightlyId} (scan run ${r.runId}): ${r.platforms.length} platform${r.platforms.length === 1 ? '' : 's'}, checks ${r.checks.join(', ')}`, line(header), ...shown.map(line)];
  if (shown.length < rows.length) out.push(`… ${rows.length - shown.length} more platforms without new or resolved findings`);
  out.push(line(['total', ...CHANGES.map((c) => String(r.totals[c]))]));
  const fresh = r.platforms.flatMap((p) => p.findings.filter((f) => f.change === 'new').map((f) => ({ p, f })));
  if (fresh.length) {
    out.push('', 'new:');
    for (const { p, f } of fresh.slice(0, maxLines)) out.push(terminalText(`  ${p.platform.id} ${checkName(f.checkId)} ${VERDICT_NAMES[f.verdict]}：${f.summary}`, 100));
    if (fresh.length > maxLines) out.push(`  … ${fresh.length - maxLines} more in the report`);
  }
  out.push('', `report: ${files.html}`, `        ${files.json}`);
  return out.join('\n');
}
