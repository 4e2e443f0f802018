// The 电子数据提取笔录 of an inspection (《市场监督管理行政执法电子数据取证暂行规定》): what was
// extracted online, by whom, when and by what clock, on which machine and network, with which
// tool, from which servers (address, certificate, redirects), in what steps, and every file with
// its size and SHA-256, with lines for the two officers and a 见证人 to sign. Read from the run
// folder the inspection is bound to: its manifest, each page's metadata, the manifest's time stamp.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../rules/types.js';
import { sha256 } from '../evidence/bundle.js';
import { readManifest } from '../evidence/load.js';
import { onDemandCaptures } from '../evidence/on-demand.js';
import { checkStamp, manifestStampOf } from '../evidence/timestamp.js';
import { verifyRunFolder } from '../evidence/verify.js';
import { html, raw } from '../html.js';
import { beijingTime } from '../time.js';
import { getUser } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import type { Inspection } from '../store/inspections.js';
import { getRun } from '../store/scans.js';
import { ReviewError } from './acts.js';
import { runFolder } from './record-steps.js';

export const EXTRACTION_TITLE = '电子数据提取笔录';

/** What a page's .meta.json says of where it came from and what captured it (src/crawl/provenance.ts). */
interface PageMeta {
  server?: { ipAddress: string; port: number } | null;
  tls?: { protocol: string; subject: string; issuer: string; validFrom: string | null; validTo: string | null; chain: { subject: string; issuer: string; validTo: string; fingerprint256: string }[] | { error: string } } | null;
  redirectChain?: ({ url: string; status: number | null } | string)[];
  environment?: { hostname: string; os: string; addresses: string[]; clock: { source: string; synchronised: string; how: string }; browser: string; playwright: string; node: string; tool: string };
  toolVersion?: string;
}

export interface ExtractionPage {
  id: string;
  requestedUrl: string;
  finalUrl: string;
  capturedAt: string;
  status: number | null;
  failure: string | null;
  meta: PageMeta;
  /** The officer who captured it on demand (立即取证); null for the scan's pages. */
  capturedBy: string | null;
}

export interface ExtractionFile {
  path: string;
  bytes: number | null;
  sha256: string;
}

export interface ExtractionRecord {
  inspection: Inspection;
  officers: { id: string; name: string; unit: string | null; certificate: string | null }[];
  /** The run the inspection is bound to, when it is. */
  runId: string | null;
  from: string;
  to: string;
  environment: PageMeta['environment'] | null;
  /** The RFC 3161 stamp of the run's manifest (or, with no run, the first capture's), when it has one. */
  stamp: { time: string; checked: boolean } | { problem: string } | null;
  pages: ExtractionPage[];
  files: ExtractionFile[];
  /** Whether the files are still as the manifest records them, and each that is not. */
  integrity: { intact: boolean; lines: string[] };
}

/** The pages, files (paths from `prefix`), check and stamp of one run folder's evidence of a platform. */
function folderEvidence(dir: string, platformId: string, prefix: string, tsaCa: string | null, capturedBy: string | null) {
  const manifest = readManifest(dir, platformId);
  const pages = manifest.pages.map((p: Omit<Snapshot, 'html'>): ExtractionPage => {
    const metaFile = p.files.find((f) => f.kind === 'page-metadata');
    let meta: PageMeta = {};
    try {
      if (metaFile) meta = JSON.parse(readFileSync(join(dir, metaFile.path), 'utf8')) as PageMeta;
    } catch {
      // a missing or altered metadata file is named by the integrity check
    }
    return { id: p.id, requestedUrl: p.requestedUrl, finalUrl: p.finalUrl, capturedAt: p.capturedAt, status: p.status, failure: p.failure ? `${p.failure.reason}：${p.failure.message}` : null, meta, capturedBy };
  });
  const manifestPath = `evidence/${platformId}/manifest.json`;
  const manifestHash = sha256(readFileSync(join(dir, manifestPath)));
  const stampFile = manifestStampOf(dir, platformId);
  const stampReply = existsSync(stampFile) ? readFileSync(stampFile) : null;
  const sizeOf = (path: string) => (existsSync(join(dir, path)) ? statSync(join(dir, path)).size : null);
  const files: ExtractionFile[] = [
    ...manifest.pages.flatMap((p) => p.files).map((f) => ({ path: prefix + f.path, bytes: sizeOf(f.path), sha256: f.sha256 })),
    { path: prefix + manifestPath, bytes: sizeOf(manifestPath), sha256: manifestHash },
    ...(stampReply ? [{ path: `${prefix}${manifestPath}.tsr`, bytes: stampReply.length, sha256: sha256(stampReply) }] : []),
  ];
  const verification = verifyRunFolder(dir, platformId, tsaCa);
  return { pages, files, verification, stamp: stampReply ? checkStamp(stampReply, manifestHash, tsaCa) : null };
}

/** The record's facts, from the inspection's run folder and its on-demand captures; `tsaCa` checks the manifests' time stamps. */
export function extractionRecord(db: Db, inspection: Inspection, runsRoot: string, tsaCa: string | null): ExtractionRecord {
  const platformId = inspection.platform.id;
  const runDir = runFolder(db, runsRoot, inspection);
  const run = inspection.runId ? getRun(db, inspection.runId) : undefined;
  const captured = onDemandCaptures(db.name, inspection.id, platformId);
  if ((!runDir || !run) && !captured.length) throw new ReviewError('检查对象尚未绑定扫描，也没有立即取证，没有可记录的电子数据 (the inspection has no run and no capture)');
  const name = (id: string) => getUser(db, id)?.name ?? id;
  const parts = [
    ...(runDir && run ? [folderEvidence(runDir, platformId, '', tsaCa, null)] : []),
    ...[...new Set(captured.map((c) => c.folder))].map((folder) => {
      const capture = captured.find((c) => c.folder === folder)!;
      return folderEvidence(folder, platformId, `captures/${inspection.id}/${capture.id}/`, tsaCa, name(capture.capturedBy));
    }),
  ];
  // the captures' pages numbered Q1, Q2… (each capture's own is p01)
  let q = 0;
  const pages = parts.flatMap((p) => p.pages.map((page) => (page.capturedBy ? { ...page, id: `Q${++q}` } : page)));
  const problems = parts.flatMap((p) => p.verification.problems);
  const checked = parts.reduce((n, p) => n + p.verification.checked, 0);
  const integrity = { intact: problems.length === 0, lines: problems.length ? problems.map((p) => `${p.what} ${p.path}：${p.detail}`) : [`全部 ${checked} 个文件与清单及检查结果记录的 SHA-256 一致`] };
  const times = pages.map((p) => p.capturedAt).sort();
  const officers = inspection.inspectors.map((id) => {
    const u = getUser(db, id);
    return { id, name: u?.name ?? id, unit: u?.unit ?? null, certificate: u?.certificate ?? null };
  });
  return {
    inspection,
    officers,
    runId: run && runDir ? run.id : null,
    from: times[0]!,
    to: times.at(-1)!,
    environment: pages.find((p) => p.meta.environment)?.meta.environment ?? null,
    stamp: parts[0]!.stamp,
    pages,
    files: parts.flatMap((p) => p.files),
    integrity,
  };
}

const CLOCK_SYNC: Record<string, string> = { yes: '已与 NTP 时间服务器同步', no: '未与 NTP 时间服务器同步', unknown: '无法确认是否与 NTP 时间服务器同步' };

function timeSource(r: ExtractionRecord): string {
  const clock = r.environment?.clock;
  const local = clock ? `取证计算机系统时钟（时钟源 ${clock.source}，${CLOCK_SYNC[clock.synchronised] ?? clock.synchronised}；${clock.how}）` : '取证计算机系统时钟（未记录时钟源）';
  if (!r.stamp) return `${local}；未加盖可信时间戳`;
  if ('problem' in r.stamp) return `${local}；清单的可信时间戳不成立：${r.stamp.problem}`;
  return `${local}；清单于 ${beijingTime(r.stamp.time, true)}（北京时间）加盖 RFC 3161 可信时间戳${r.stamp.checked ? '，经时间戳服务机构的 CA 证书验证' : '（未配置 WANGJIAN_TSA_CA，时间戳签发者未验证）'}`;
}

const redirects = (p: ExtractionPage) =>
  (p.meta.redirectChain ?? []).map((r) => (typeof r === 'string' ? r : `${r.status ?? '?'} ${r.url}`));

function certificate(p: ExtractionPage) {
  const tls = p.meta.tls;
  if (!tls) return new URL(p.finalUrl).protocol === 'https:' ? '未记录' : '无（HTTP 明文）';
  const leaf = Array.isArray(tls.chain) ? tls.chain[0] : undefined;
  return html`${tls.protocol}；主体 ${tls.subject}；签发者 ${tls.issuer}；有效期 ${tls.validFrom?.slice(0, 10) ?? '?'} 至 ${tls.validTo?.slice(0, 10) ?? '?'}${leaf ? html`<br><span class="hash">SHA-256 指纹 ${leaf.fingerprint256}</span>` : ''}${Array.isArray(tls.chain) && tls.chain.length > 1 ? html`<br>证书链：${tls.chain.map((c) => c.subject).join(' ← ')}` : ''}${!Array.isArray(tls.chain) ? html`<br>证书链未能读取：${tls.chain.error}` : ''}`;
}

function steps(r: ExtractionRecord): string[] {
  const env = r.environment;
  const scanned = r.pages.filter((p) => !p.capturedBy);
  const onDemand = r.pages.filter((p) => p.capturedBy);
  return [
    `在取证计算机${env ? ` ${env.hostname}` : ''}上启动取证工具 ${env?.tool ?? 'wangjian'}，由其启动${env ? ` ${env.browser}` : '浏览器'}，为每次访问新建独立的浏览器上下文（无既有缓存与 Cookie）。`,
    ...(scanned.length ? [`自动扫描（扫描编号 ${r.runId}）：自平台首页 ${r.inspection.platform.url} 起，依次访问下列 ${scanned.length} 个网址，记录每个页面的服务器 IP 地址与端口、HTTPS 证书及跳转过程。`] : []),
    ...onDemand.map((p) => `立即取证：${p.capturedBy} 于 ${beijingTime(p.capturedAt, true)} 在检查对象页面提取 ${p.requestedUrl}（下表序号 ${p.id}，标“立即取证”）。`),
    '对每个页面，保存服务器返回的原始内容、浏览器渲染后的页面、整页截图和页面元数据（请求与最终网址、状态码、响应头、时间）。',
    '逐一计算上述文件的 SHA-256 哈希值，写入证据清单 manifest.json（自动扫描每个平台一份，每次立即取证一份）。',
    r.stamp && !('problem' in r.stamp) ? '将清单的 SHA-256 提交可信时间戳服务机构，取得 RFC 3161 时间戳并保存为 manifest.json.tsr。' : '未对清单加盖可信时间戳。',
    `制作本笔录时，按清单重新计算全部文件的 SHA-256 进行核验：${r.integrity.intact ? r.integrity.lines[0] : '发现不一致，见下文“核验”'}。`,
  ];
}

const sizeText = (bytes: number | null) => (bytes === null ? '缺失' : `${bytes.toLocaleString('en-US')} 字节`);

/** The record as a self-contained A4 document, for printing to PDF. */
export function extractionRecordDocument(r: ExtractionRecord): string {
  const i = r.inspection;
  const env = r.environment;
  const body = html`<div class="er">
<h1>${EXTRACTION_TITLE}</h1>
<table class="head">
<tr><th>案件或检查</th><td colspan="3">${i.campaignName ? `双随机抽查：${i.campaignName}` : '日常网上检查'}，检查编号 ${i.id}；检查对象 ${i.platform.name}（统一社会信用代码 ${i.platform.uscc}），${i.platform.url}</td></tr>
${r.officers.map((o, n) => html`<tr><th>取证人员${n + 1}</th><td>${o.name}</td><th>执法证号</th><td>${o.certificate ?? '（无）'}</td></tr>`)}
<tr><th>提取时间</th><td colspan="3">${beijingTime(r.from, true)} 至 ${beijingTime(r.to, true)}（北京时间）</td></tr>
<tr><th>时间来源</th><td colspan="3">${timeSource(r)}</td></tr>
<tr><th>提取地点</th><td colspan="3"></td></tr>
<tr><th>取证计算机</th><td colspan="3">${env ? `主机名 ${env.hostname}；操作系统 ${env.os}` : '未记录'}</td></tr>
<tr><th>网络</th><td colspan="3">${env ? `本机网络地址 ${env.addresses.join('、') || '（无）'}` : '未记录'}</td></tr>
<tr><th>取证工具及版本</th><td colspan="3">${env ? `${env.tool}；${env.browser}；Playwright ${env.playwright}；Node.js ${env.node}` : `wangjian ${r.pages[0]?.meta.toolVersion ?? ''}`}</td></tr>
</table>
<h2>提取步骤</h2>
<ol>${steps(r).map((s) => html`<li>${s}</li>`)}</ol>
<h2>提取的网址</h2>
<table class="pages"><colgroup><col style="width:6%"><col style="width:26%"><col style="width:17%"><col style="width:33%"><col style="width:18%"></colgroup><tr><th>序号</th><th>网址、时间与状态</th><th>服务器 IP</th><th>HTTPS 证书</th><th>跳转</th></tr>
${r.pages.map((p) => html`<tr><td>${p.id}${p.capturedBy ? html`<br><span class="small">立即取证</span>` : ''}</td><td><span class="url">${p.finalUrl}</span>${p.requestedUrl !== p.finalUrl ? html`<br><span class="small">请求网址 <span class="url">${p.requestedUrl}</span></span>` : ''}<br><span class="small">${beijingTime(p.capturedAt, true)}；${p.status === null ? '无响应' : `HTTP ${p.status}`}${p.failure ? `；未能提取：${p.failure}` : ''}</span></td><td class="ip">${p.meta.server ? `${p.meta.server.ipAddress}:${p.meta.server.port}` : '未记录'}</td><td class="small">${certificate(p)}</td><td class="small">${redirects(p).length ? redirects(p).map((x, n) => html`${n ? html`<br>` : ''}<span class="url">${x}</span>`) : '无'}</td></tr>`)}
</table>
<h2>提取的文件</h2>
<table class="files"><tr><th>文件名</th><th>大小</th><th>SHA-256</th></tr>
${r.files.map((f) => html`<tr><td class="url">${f.path}</td><td class="size">${sizeText(f.bytes)}</td><td class="hash">${f.sha256}</td></tr>`)}
</table>
<p class="small">核验：${r.integrity.lines.map((x, n) => html`${n ? html`<br>` : ''}${x}`)}</p>
<h2>签名</h2>
<table class="sign"><tr><th>身份</th><th>姓名</th><th>执法证号或证件号码</th><th>签名及日期</th></tr>
${r.officers.map((o) => html`<tr><td>取证人员</td><td>${o.name}</td><td>${o.certificate ?? ''}</td><td class="hand"><p>签名：</p><p>日期：　　　　年　　月　　日</p></td></tr>`)}
<tr><td>见证人</td><td></td><td></td><td class="hand"><p>签名：</p><p>日期：　　　　年　　月　　日</p></td></tr>
</table>
</div>`;
  return html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${EXTRACTION_TITLE}：${i.platform.name}</title>
<style>${STYLE}</style></head><body>${body}</body></html>`.text;
}

const STYLE = raw(`
@page{size:A4;margin:20mm 18mm 18mm 22mm}
html,body{margin:0;background:#fff}
.er{font-family:"Noto Serif CJK SC","Source Han Serif SC",SimSun,serif;color:#000;font-size:10pt;line-height:1.5}
.er h1{text-align:center;font-size:18pt;margin:0 0 4mm}
.er h2{font-size:12.5pt;margin:5mm 0 2mm}
.er table{border-collapse:collapse;width:100%;margin:0 0 3mm}
.er th,.er td{border:1px solid #000;padding:1.2mm 1.8mm;vertical-align:top;text-align:left;font-weight:normal;overflow-wrap:anywhere}
.er tr:first-child th,.er table.head th{font-weight:bold}
.er table.head th{width:17%;white-space:nowrap}
.er tr{break-inside:avoid}
.er .url,.er .hash{word-break:break-all;overflow-wrap:anywhere}
/* a hash reads back as printed: no ligature glyph in the PDF's text */
.er .hash{font-family:"DejaVu Sans Mono",monospace;font-size:8pt;font-variant-ligatures:none}
.er .small,.er table.files{font-size:8.5pt}
.er td.size,.er table.pages td:first-child,.er table.pages th{white-space:nowrap}
.er td.size{text-align:right}
.er table.sign td.hand{width:42%;height:20mm}
.er table.sign td.hand p{margin:0 0 4mm}
.er ol{margin:0 0 3mm;padding-left:6mm}
`);

/** The record printed now, as a PDF, with its file name; printing loads Playwright, so only this step does. */
export async function extractionRecordPdf(db: Db, inspection: Inspection, runsRoot: string, tsaCa: string | null): Promise<{ name: string; pdf: Buffer }> {
  const record = extractionRecord(db, inspection, runsRoot, tsaCa);
  const { printExtractionRecord } = await import('./record-pdf.js');
  return { name: `extraction-record-${inspection.id}${record.runId ? `-${record.runId}` : ''}.pdf`, pdf: await printExtractionRecord(record) };
}
