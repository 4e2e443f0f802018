// The record form as the paper 附件1 looks: an A4 HTML document (for the PDF) or a fragment of a
// review page. Every crawled string goes through the escaping `html` template. Screenshots are
// embedded as data: URIs inside an SVG whose view box is cut around the element the finding
// points at (outlined), so a 12 000-pixel page does not run over twenty sheets.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Box } from '../../rules/types.js';
import { sha256 } from '../evidence/bundle.js';
import { pngSize } from '../evidence/png.js';
import { html, raw, type Html } from '../html.js';
import { beijingTime } from '../time.js';
import type { RecordFormVersion } from '../store/record-forms.js';
import { checkName } from './check-names.js';
import { exhibitWord, type FormRow, type RecordFormContent } from './record-form.js';

export const FORM_TITLE = '网络交易市场网上检查记录表';

/** The version facts printed with the content (they are not part of what is signed). */
export type RecordFormMeta = Pick<RecordFormVersion, 'version' | 'status' | 'signatures' | 'correctionReason' | 'contentSha256'>;

export interface AnnexImage {
  png: Buffer | null;
  /** Why the file is not shown as the evidence it claims to be. */
  problem: string | null;
  /** Set when `png` is a cut of the file (record-pdf.ts cuts tall ones): where it starts, and the file's size. */
  cut?: { top: number; width: number; height: number };
}

/** Reads each annexed screenshot from the platform's evidence folder of the run and checks it against its recorded SHA-256. */
export function loadAnnexImages(content: RecordFormContent, runDir: string | null): Map<number, AnnexImage> {
  const images = new Map<number, AnnexImage>();
  for (const a of content.annex) {
    if (!runDir) {
      images.set(a.n, { png: null, problem: '扫描结果目录不可用' });
      continue;
    }
    const folder = resolve(runDir, 'evidence', content.header.target.platformId);
    const file = resolve(runDir, a.path);
    if (relative(folder, file).startsWith('..') || isAbsolute(relative(folder, file))) {
      images.set(a.n, { png: null, problem: '文件路径不在本平台的证据目录内' });
      continue;
    }
    try {
      const png = readFileSync(file);
      images.set(a.n, sha256(png) === a.sha256 ? { png, problem: null } : { png: null, problem: `文件的 SHA-256 为 ${sha256(png)}，与记录不符，未予显示` });
    } catch {
      images.set(a.n, { png: null, problem: '证据文件缺失' });
    }
  }
  return images;
}

/** The rows of a screenshot the annex shows: at most one page's proportion, around the first box. */
export function annexWindow(width: number, height: number, boxes: readonly Box[]): { top: number; height: number } {
  const rows = Math.min(height, Math.round(width * 1.1));
  const first = boxes.find((b) => b.y < height);
  const top = first ? Math.max(0, Math.min(height - rows, Math.round(first.y + first.height / 2 - rows / 2))) : 0;
  return { top, height: rows };
}

/** The screenshot in an SVG whose view box is the annex window, the boxes outlined. */
function shot(image: AnnexImage & { png: Buffer }, boxes: readonly Box[]): Html {
  const own = pngSize(image.png);
  const uri = `data:image/png;base64,${image.png.toString('base64')}`;
  if (!own) return html`<img class="whole" src="${uri}" alt="截图">`;
  const { width, height } = image.cut ?? own;
  const win = annexWindow(width, height, boxes);
  const outlined = boxes.some((b) => b.y < height);
  const stroke = Math.max(3, Math.round(width / 300));
  return html`<svg class="shot" viewBox="0 ${win.top} ${width} ${win.height}" preserveAspectRatio="xMidYMin meet" role="img" aria-label="截图"><image href="${uri}" x="0" y="${image.cut?.top ?? 0}" width="${own.width}" height="${own.height}"/>${boxes.map(
    (b) => html`<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="none" stroke="#e00000" stroke-width="${stroke}"/>`,
  )}</svg>${win.height < height ? html`<p class="note">截图局部：第 ${win.top}–${win.top + win.height} 像素行（全图 ${width}×${height} 像素）${outlined ? '，红框为所指元素' : ''}</p>` : outlined ? html`<p class="note">红框为所指元素</p>` : ''}`;
}

const yesNo = (b: boolean) => (b ? '是' : '否');

function multiline(text: string): Html {
  return html`${text.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}`;
}

function formRows(rows: readonly FormRow[]): Html {
  return html`${rows.map((r, i) => {
    const span = rows.filter((x) => x.group === r.group).length;
    const first = i === 0 || rows[i - 1]!.group !== r.group;
    return html`<tr>${first ? html`<th class="group" rowspan="${span}">${r.group}</th>` : ''}<th class="item">${r.name}</th><td class="${r.online.state}">${multiline(r.online.text)}</td><td class="${r.onsite.state}">${multiline(r.onsite.text)}</td></tr>`;
  })}`;
}

// The electronic signature as recorded, and room for each inspector's own hand on the printed
// sheet, as the paper form has.
function signatureBlock(content: RecordFormContent, meta: RecordFormMeta | null): Html {
  return html`<table class="sign"><tr><th>检查人员</th><th>执法证号</th><th>电子签名</th><th>签名及日期</th></tr>${content.header.inspectors.map((p) => {
    const s = meta?.signatures.find((x) => x.inspector === p.id);
    return html`<tr><td>${p.name}</td><td>${p.certificate ?? ''}</td><td>${s ? html`已电子签名 ${beijingTime(s.at)}` : html`<span class="pending">待签名</span>`}</td><td class="hand"><p>签名：</p><p>日期：　　　　年　　月　　日</p></td></tr>`;
  })}</table>`;
}

/** The rows of the form that cite an annexed screenshot. */
const citedBy = (rows: readonly FormRow[], n: number) => rows.filter((r) => [...r.online.entries, ...r.onsite.entries].some((e) => e.annex.includes(n))).map((r) => r.name);

function annexSection(content: RecordFormContent, images: ReadonlyMap<number, AnnexImage> | null, fileHref?: (path: string) => string): Html {
  const { annex } = content;
  if (!annex.length) return html``;
  const word = exhibitWord(content.schema);
  return html`<section class="annex"><h2>附件：证据截图</h2>${annex.map((a) => {
    const image = images?.get(a.n);
    const rows = citedBy(content.rows, a.n);
    return html`<div class="exhibit"><h3>${word} ${a.n}</h3>
<p>${a.checkIds.map((c) => checkName(c)).join('、')}：<span class="url">${a.subject}</span>${a.capturedAt ? html`（采集于 ${beijingTime(a.capturedAt)}）` : ''}</p>
${rows.length ? html`<p class="small">引用本图的检查内容：${rows.join('；')}</p>` : ''}
${image?.png
  ? shot({ ...image, png: image.png }, a.boxes)
  : image || !fileHref
    ? html`<p class="problem">${image?.problem ?? '截图见证据包'}</p>`
    : html`<p><a href="${fileHref(a.path)}">查看截图</a></p>`}
<p class="hash">文件 ${a.path}${a.alsoAt?.length ? html`<br>内容相同的文件：${a.alsoAt.join('、')}` : ''}<br>SHA-256：${a.sha256}</p></div>`;
  })}</section>`;
}

/** The form itself, for a page or a document; `images` null lists the annex without pictures, linked with `fileHref` when given. */
export function recordFormBody(content: RecordFormContent, meta: RecordFormMeta | null, images: ReadonlyMap<number, AnnexImage> | null, fileHref?: (path: string) => string): Html {
  const h = content.header;
  const o = content.outcome;
  const signed = meta?.status === 'signed' || meta?.status === 'superseded';
  const versionLine = meta
    ? html`第 ${meta.version} 版${meta.version > 1 ? html`（<strong>更正版本</strong>${meta.correctionReason ? html`，更正理由：${meta.correctionReason}` : ''}）` : ''}${meta.status === 'superseded' ? '；本版本已被更正版本取代' : ''}`
    : html`未保存的草稿`;
  return html`<div class="rf">
${signed ? '' : html`<div class="watermark" aria-hidden="true">草稿</div>`}
<h1>${FORM_TITLE}</h1>
<p class="subtitle">（格式依《中卫市市场监督管理局网络交易市场监管工作方案》附件1）</p>
<p class="meta"><span>单位名称：${h.unit ?? ''}</span><span>时间：${h.dates ? (h.dates.from === h.dates.to ? h.dates.from : `${h.dates.from} 至 ${h.dates.to}`) : ''}</span></p>
<table class="head">
<tr><th>检查对象</th><td colspan="3">${h.target.name}${h.target.brand ? html`（${h.target.brand}）` : ''}</td></tr>
<tr><th>统一社会信用代码</th><td>${h.target.uscc}</td><th>网址</th><td class="url">${h.target.url}</td></tr>
<tr><th>检查人员</th><td>${h.inspectors.map((p) => `${p.name}${p.certificate ? `（执法证号 ${p.certificate}）` : ''}`).join('、')}</td><th>辅助人员</th><td>${h.assistants.map((p) => p.name).join('、') || '无'}</td></tr>
<tr><th>检查来源</th><td colspan="3">${h.campaign ? `双随机抽查：${h.campaign.name ?? h.campaign.id ?? ''}${h.campaign.drawId ? `（抽取编号 ${h.campaign.drawId}）` : ''}` : '日常网上检查'}</td></tr>
<tr><th>扫描编号</th><td>${h.runId ?? '无（未绑定自动扫描）'}</td><th>工具版本</th><td>wangjian ${h.toolVersion}</td></tr>
${h.ruleVersions.length ? html`<tr><th>检查规则版本</th><td colspan="3" class="small">${h.ruleVersions.map((r) => `${checkName(r.checkId)} ${r.ruleVersion}`).join('；')}</td></tr>` : ''}
</table>
<table class="form">
<colgroup><col class="c-group"><col class="c-item"><col class="c-online"><col class="c-onsite"></colgroup>
<tr><th colspan="2">检查内容</th><th>网上检查情况</th><th>实地检查情况</th></tr>
${formRows(content.rows)}
<tr><th>处理结果</th><td colspan="3" class="outcome">
责令整改：${yesNo(o.rectificationOrdered)}；督促删除违法商品信息：${o.removalsDemanded} 条；提请关闭网站：${yesNo(o.closureRequested)}；立案：${yesNo(o.caseOpened)}${o.note ? html`<br>${multiline(o.note)}` : ''}
<p class="seal">检查单位签章：</p></td></tr>
</table>
<h2>抽查检查事项结果</h2>
<table class="items">
<tr><th>检查事项</th><th>结果</th><th>情况</th></tr>
${content.campaignRecord.map((r) => html`<tr><td>${r.no}${r.name}</td><td class="result">${r.result}</td><td>${r.basis.map((b) => html`<div>${b}</div>`)}${r.evidence.length ? html`<div class="evidence">平台检查监控佐证（夜间扫描）：${r.evidence.map((e) => html`<div>${e}</div>`)}</div>` : ''}</td></tr>`)}
</table>
${content.monitoring.length ? html`<h2>平台内违法、待研判信息在线情况（夜间扫描记录）</h2>
<table class="tracks"><tr><th>检查</th><th>信息</th><th>首次发现</th><th>最后发现</th><th>下线</th><th>在线</th></tr>
${content.monitoring.map((t) => html`<tr><td>${checkName(t.checkId)}</td><td>${t.summary}</td><td>${beijingTime(t.firstSeenAt)}</td><td>${beijingTime(t.lastSeenAt)}</td><td>${t.resolvedAt ? beijingTime(t.resolvedAt) : '仍在线'}</td><td>${t.days >= 1 ? `${t.days} 天` : '不足 1 天'}</td></tr>`)}</table>` : ''}
<h2>签名</h2>
${signatureBlock(content, meta)}
<p class="version">${versionLine}${meta?.contentSha256 ? html`<br>内容 SHA-256：${meta.contentSha256}` : ''}</p>
${annexSection(content, images, fileHref)}
</div>`;
}

// Scoped to .rf so that the fragment can sit inside a review page; the paper form's black rules.
export const RECORD_FORM_STYLE = raw(`
.rf{position:relative;font-family:"Noto Serif CJK SC","Source Han Serif SC",SimSun,"Songti SC",serif;color:#000;font-size:10.5pt;line-height:1.5}
.rf h1{text-align:center;font-size:18pt;margin:0 0 2mm;border:none}
.rf h2{font-size:13pt;margin:6mm 0 2mm;border:none;padding:0}
.rf h3{font-size:11pt;margin:3mm 0 1mm}
.rf .subtitle{text-align:center;font-size:9pt;margin:0 0 4mm}
.rf .meta{display:flex;justify-content:space-between;margin:0 0 2mm}
.rf table{border-collapse:collapse;width:100%;margin:0 0 3mm;background:none}
.rf th,.rf td{border:1px solid #000;padding:1.5mm 2mm;vertical-align:top;text-align:left;background:none;font-weight:normal;overflow-wrap:anywhere}
.rf table.form th,.rf table.head th,.rf table.items tr:first-child th,.rf table.tracks tr:first-child th,.rf table.sign tr:first-child th{font-weight:bold;text-align:center;vertical-align:middle}
.rf table.form th.item{font-weight:normal;text-align:left}
.rf table.head th{width:17%;white-space:nowrap}
.rf col.c-group{width:14%}.rf col.c-item{width:26%}.rf col.c-online{width:40%}.rf col.c-onsite{width:20%}
.rf td.problems{font-weight:bold}
.rf td.result{white-space:nowrap;text-align:center}
.rf tr{break-inside:avoid}
.rf .url,.rf .hash{word-break:break-all;overflow-wrap:anywhere}
/* a hash reads back as printed: no ff/fi ligature glyph in the PDF's text */
.rf .hash,.rf .version{font-variant-ligatures:none}
.rf .small,.rf .note,.rf .hash,.rf .evidence{font-size:9pt}
.rf .evidence{margin-top:1mm}
.rf .seal{margin:6mm 0 0;text-align:right;padding-right:30mm}
.rf table.sign td.hand{width:42%;height:22mm}
.rf table.sign td.hand p{margin:0 0 5mm}
.rf .pending{color:#b00000}
.rf .problem{color:#b00000;font-weight:bold}
.rf .version{font-size:9pt}
.rf .annex{break-before:page}
.rf .exhibit{break-inside:avoid;margin-bottom:6mm}
.rf svg.shot,.rf img.whole{display:block;width:100%;max-height:200mm;border:1px solid #000}
.rf .watermark{position:absolute;top:30%;left:0;right:0;text-align:center;font-size:120pt;color:rgba(200,0,0,.12);transform:rotate(-30deg);pointer-events:none;z-index:10}
`);

const PRINT_STYLE = raw(`
@page{size:A4;margin:20mm 18mm 18mm 22mm}
html,body{margin:0;background:#fff}
.rf .watermark{position:fixed;top:40%}
`);

/** A self-contained A4 document of the form, for printing to PDF. */
export function recordFormDocument(content: RecordFormContent, meta: RecordFormMeta | null, images: ReadonlyMap<number, AnnexImage> | null): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${FORM_TITLE}：${content.header.target.name}</title>
<style>${RECORD_FORM_STYLE}${PRINT_STYLE}</style></head>
<body>${recordFormBody(content, meta, images)}</body></html>`.text;
}
