// What a sweep leaves besides findings.jsonl: a summary by check and verdict, and the list of the
// sites or shops in breach, for 督促整改 (a self-built site's operator) or 督促平台处置 (a shop's
// platform), with the evidence each finding rests on. Read from the database, so a resumed sweep's
// lists are whole.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITY } from '../../rules/lib/verdicts.js';
import { VERDICTS, type Verdict } from '../../rules/types.js';
import { csvText } from '../draw/publish.js';
import type { Finding } from '../findings/finding.js';
import { checkName, VERDICT_NAMES } from '../review/check-names.js';
import type { Db } from '../store/database.js';
import { sweepCounts, sweepFindings, sweepProgress, type SweepRecord } from '../store/sweeps.js';
import type { SweepTarget } from './targets.js';

export interface SweepSummary {
  sweepId: string;
  kind: SweepRecord['kind'];
  checks: string[];
  targets: { total: number; done: number; browser: number };
  /** Findings by check, then verdict. */
  byCheck: Record<string, Partial<Record<Verdict, number>>>;
  /** Targets by their worst verdict. */
  byVerdict: Partial<Record<Verdict, number>>;
  complete: boolean;
}

const COLUMNS = ['序号', '名称', '网址', '平台', '经营者名称', '统一社会信用代码', '所属区划', '检查项', '问题', '证据', '处置建议'] as const;

interface Listed {
  target: SweepTarget;
  findings: Finding[];
}

function row(n: number, { target, findings }: Listed): string[] {
  const evidence = [...new Set(findings.flatMap((f) => [...f.evidence].sort((a, b) => Number(b.kind === 'screenshot') - Number(a.kind === 'screenshot')).map((e) => e.path)))];
  return [
    String(n),
    target.site ?? '',
    target.url,
    target.kind === 'shop' ? target.platform : '',
    target.name ?? '',
    target.uscc ?? '',
    target.region ?? '',
    findings.map((f) => checkName(f.checkId)).join('；'),
    findings.map((f) => f.summary).join('；'),
    evidence.join('\n'),
    target.kind === 'shop' ? '督促平台处置' : '督促整改',
  ];
}

/** Writes summary.json, breaches.csv (the violations) and breaches.xlsx (violations, and those to review); returns the summary. */
export async function writeSweepReports(db: Db, sweep: SweepRecord, targets: ReadonlyMap<string, SweepTarget>, complete: boolean): Promise<{ summary: SweepSummary; files: string[] }> {
  const byCheck: SweepSummary['byCheck'] = {};
  for (const { checkId, verdict, count } of sweepCounts(db, sweep.id)) (byCheck[checkId] ??= {})[verdict] = count;
  const violations: Listed[] = [];
  const reviews: Listed[] = [];
  const worst = new Map<string, Verdict>();
  const close = (id: string, findings: Finding[]) => {
    const target = targets.get(id)!;
    const v = findings.filter((f) => f.verdict === 'violation');
    const r = findings.filter((f) => f.verdict === 'needs-review');
    if (v.length) violations.push({ target, findings: v });
    if (r.length) reviews.push({ target, findings: r });
    worst.set(id, findings.reduce<Verdict>((w, f) => (SEVERITY[f.verdict] > SEVERITY[w] ? f.verdict : w), 'compliant'));
  };
  // Findings come in list order, a target's together: one target's at a time in memory.
  let id: string | null = null;
  let findings: Finding[] = [];
  for (const { targetId, finding } of sweepFindings(db, sweep.id)) {
    if (targetId !== id) {
      if (id !== null) close(id, findings);
      id = targetId;
      findings = [];
    }
    findings.push(finding);
  }
  if (id !== null) close(id, findings);
  const byVerdict: SweepSummary['byVerdict'] = {};
  for (const v of worst.values()) byVerdict[v] = (byVerdict[v] ?? 0) + 1;
  const summary: SweepSummary = { sweepId: sweep.id, kind: sweep.kind, checks: sweep.checks, targets: sweepProgress(db, sweep.id), byCheck, byVerdict, complete };

  const files = ['summary.json', 'breaches.csv', 'breaches.xlsx'].map((f) => join(sweep.outDir, f));
  writeFileSync(files[0]!, JSON.stringify(summary, null, 2));
  writeFileSync(files[1]!, csvText([[...COLUMNS], ...violations.map((l, i) => row(i + 1, l))]));
  // Loaded here, not at start-up: every wangjian command would pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: files[2]! });
  for (const [name, listed] of [[sweep.kind === 'shop' ? '违法（督促平台处置）' : '违法（督促整改）', violations], ['待研判', reviews]] as const) {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map((header, i) => ({ header, width: [6, 24, 40, 12, 30, 22, 10, 30, 60, 60, 14][i] }));
    sheet.getRow(1).font = { bold: true };
    listed.forEach((l, i) => sheet.addRow(row(i + 1, l)).commit());
    sheet.commit();
  }
  await book.commit();
  return { summary, files };
}

/** The summary as a table for the terminal: each check's findings by verdict. */
export function formatSweepSummary(s: SweepSummary): string {
  const verdicts = VERDICTS.filter((v) => Object.values(s.byCheck).some((c) => c[v]));
  const width = Math.max(...Object.keys(s.byCheck).map((c) => c.length), 'check'.length);
  return [
    `${s.targets.done} of ${s.targets.total} ${s.kind === 'shop' ? 'shops' : 'sites'} checked (${s.targets.browser} in the browser)${s.complete ? '' : '; the sweep is not finished'}`,
    `  ${'check'.padEnd(width)}  ${verdicts.map((v) => v.padStart(12)).join('')}`,
    ...Object.entries(s.byCheck).map(([check, counts]) => `  ${check.padEnd(width)}  ${verdicts.map((v) => String(counts[v] ?? 0).padStart(12)).join('')}`),
    `  by ${s.kind === 'shop' ? 'shop' : 'site'}, worst verdict: ${VERDICTS.filter((v) => s.byVerdict[v]).map((v) => `${VERDICT_NAMES[v]} ${s.byVerdict[v]}`).join(', ')}`,
  ].join('\n');
}
