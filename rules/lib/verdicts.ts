// What every rule does the same way: combining verdicts by severity, finding the homepage, and
// the not-checked finding when there is no homepage to judge.
import type { DraftFinding, EvidenceFile, NotCheckedReason, RuleInput, Snapshot, Verdict } from '../types.js';

/** checks.md: violation > needs-review > not-checked > compliant. */
export const SEVERITY: Readonly<Record<Verdict, number>> = { violation: 3, 'needs-review': 2, 'not-checked': 1, compliant: 0 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'compliant';
  for (const v of verdicts) if (SEVERITY[v] > SEVERITY[worst]) worst = v;
  return worst;
}

/** Each not-checked reason as an inspector reads it in a summary. */
export const NOT_CHECKED_WORDS: Readonly<Record<NotCheckedReason, string>> = {
  'dns-failure': '域名无法解析',
  'connection-refused': '无法连接网站',
  'tls-error': '安全连接（证书）错误',
  timeout: '页面加载超时',
  'http-error': '服务器返回错误',
  blocked: '网站拒绝访问',
  captcha: '页面要求人机验证',
  'login-wall': '需要登录才能查看',
  'redirect-loop': '页面无限重定向',
  dialog: '页面不断弹出对话框',
  popup: '页面不断弹出新窗口',
  'undecodable-text': '页面文字编码无法识别（乱码）',
  oversized: '页面过大，未能自动读取',
  'page-budget': '已达单个平台的页面数上限',
  'page-kind-not-found': '未找到所需页面',
  'browser-error': '浏览器未能采集页面',
  'rule-error': '检查程序出错',
  interrupted: '扫描被中断',
};

export function homepageOf(snapshots: readonly Snapshot[]): Snapshot | null {
  return snapshots.find((s) => s.kind === 'homepage' && s.depth === 0) ?? null;
}

/**
 * The finding when the homepage is missing or failed, or null when it loaded. With no snapshot
 * at all there is no capture time, so the time of the check stands in.
 */
export function homepageNotChecked(checkId: string, input: RuleInput, homepage: Snapshot | null): DraftFinding | null {
  if (homepage && !homepage.failure) return null;
  const reason: NotCheckedReason = homepage?.failure?.reason ?? 'page-kind-not-found';
  return {
    checkId,
    verdict: 'not-checked',
    subject: homepage ? homepage.finalUrl || homepage.requestedUrl : input.platform.url,
    summary: homepage ? `首页未能打开（${NOT_CHECKED_WORDS[reason]}），未能检查` : '未采集到首页，未能检查',
    details: { reason, ...(homepage?.failure ? { message: homepage.failure.message, status: homepage.status } : {}) },
    evidence: homepage ? [...homepage.files] : [],
    capturedAt: homepage?.capturedAt ?? input.snapshots[0]?.capturedAt ?? new Date().toISOString(),
  };
}

/** The evidence files of the pages a finding rests on, each file once. */
export function evidenceOf(pages: readonly (Snapshot | null)[]): EvidenceFile[] {
  const files: EvidenceFile[] = [];
  for (const page of pages) for (const f of page?.files ?? []) if (!files.some((e) => e.path === f.path)) files.push(f);
  return files;
}
