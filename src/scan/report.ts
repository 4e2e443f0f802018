// What a person sees of a scan: a line per platform while it runs, then a table of
// platform × check → verdict and where the findings are.
import { worstVerdict } from '../../rules/lib/verdicts.js';
import type { PlatformRecord, Verdict } from '../../rules/types.js';
import type { Finding } from '../findings/finding.js';
import type { ScanEvent } from './scan.js';

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

const VERDICT_WORDS: Record<Verdict, string> = {
  violation: 'violation 违法',
  'needs-review': 'needs-review 待研判',
  compliant: 'compliant 合规',
  'not-checked': 'not-checked 未检',
};

/** Past this many checks a column each would not fit a terminal: columns are numbered, verdicts short. */
const WIDE = 4;
const SHORT_WORDS: Record<Verdict, string> = { violation: '违法', 'needs-review': '待研判', compliant: '合规', 'not-checked': '未检' };

/** The key of a platform × check in platformVerdicts. */
export const platformCheck = (platformId: string, checkId: string) => `${platformId}\t${checkId}`;

/** Item-level findings rolled up to each platform's worst verdict for each check, by platformCheck. */
export function platformVerdicts(findings: readonly Finding[]): Map<string, Verdict> {
  const byKey = new Map<string, Verdict[]>();
  for (const f of findings) {
    const key = platformCheck(f.platformId, f.checkId);
    byKey.set(key, [...(byKey.get(key) ?? []), f.verdict]);
  }
  return new Map([...byKey].map(([key, verdicts]) => [key, worstVerdict(verdicts)]));
}

export function summaryTable(platforms: readonly PlatformRecord[], checks: readonly string[], findings: readonly Finding[]): string {
  const verdicts = platformVerdicts(findings);
  const wide = checks.length > WIDE;
  const words = wide ? SHORT_WORDS : VERDICT_WORDS;
  const header = ['platform', ...checks.map((c, i) => (wide ? String(i + 1) : c))];
  const rows = platforms.map((p) => [
    `${p.id} ${p.platform ?? ''}`.trim(),
    ...checks.map((c) => {
      const verdict = verdicts.get(platformCheck(p.id, c));
      return verdict ? words[verdict] : '—';
    }),
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  const table = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (wide) {
    table.push('', ...checks.map((c, i) => `${String(i + 1).padStart(2)} ${c}`), '', '违法 violation · 待研判 needs-review · 合规 compliant · 未检 not-checked');
  }
  return table.join('\n');
}

export function progressLine(e: ScanEvent): string {
  switch (e.type) {
    case 'run':
      return e.resumed
        ? `continuing run ${e.run.id}: ${e.remaining} of ${e.total} platforms left`
        : `run ${e.run.id}: ${e.total} platform${e.total === 1 ? '' : 's'}, checks ${e.run.checks.join(', ')}`;
    case 'platform-start':
      return `  visiting ${e.platform.id} ${e.platform.url}`;
    case 'platform-done': {
      const counts = new Map<Verdict, number>();
      for (const f of e.findings) counts.set(f.verdict, (counts.get(f.verdict) ?? 0) + 1);
      const tally = [...counts].map(([v, n]) => `${n} ${v}`).join(', ') || 'no findings';
      const kinds = Object.entries(e.reached).map(([k, n]) => `${k} ${n}`);
      if (e.failed) kinds.push(`failed ${e.failed}`);
      const stamp = !e.timeStamp ? '' : 'time' in e.timeStamp ? `; manifest time-stamped ${e.timeStamp.time}` : `; manifest NOT time-stamped: ${e.timeStamp.error}`;
      return `[${e.done}/${e.total}] ${e.platform.id}: ${e.snapshots} page${e.snapshots === 1 ? '' : 's'} (${kinds.join(', ')}), ${tally} (${e.seconds.toFixed(1)} s)${stamp}`;
    }
  }
}
