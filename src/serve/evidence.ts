// The evidence of an inspection's run, as files (for /evidence/…) and as markup on the inspection
// page: the screenshot with the element in question outlined, and the captured page in a sandboxed
// frame. Evidence is crawled content: it is only ever shown as an image, as escaped text, or in a
// frame that may run nothing and is served with a CSP sandbox of its own.
import { realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Box, EvidenceFile } from '../../rules/types.js';
import { pngFileSize } from '../evidence/png.js';
import { html, type Html } from '../html.js';

/**
 * The absolute path of an evidence file of the inspection's platform, or null. Only files under
 * <run folder>/evidence/<platform id>/ are served: a run covers many platforms, and an inspector
 * sees only the one inspected. Symbolic links are resolved before the check.
 */
export function evidencePath(runDir: string, platformId: string, relative: string): string | null {
  if (!relative || relative.includes('\0') || relative.includes('\\') || relative.split('/').some((s) => s === '..' || s === '.' || s === '')) return null;
  const base = resolve(runDir, 'evidence', platformId);
  const target = resolve(runDir, relative);
  if (!target.startsWith(base + sep)) return null;
  try {
    const real = realpathSync(target);
    if (!real.startsWith(realpathSync(base) + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

const TYPES: readonly [RegExp, string][] = [
  [/\.png$/i, 'image/png'],
  [/\.jpe?g$/i, 'image/jpeg'],
  [/\.gif$/i, 'image/gif'],
  [/\.webp$/i, 'image/webp'],
  [/\.rendered\.html$/i, 'text/html; charset=utf-8'],
  // The bytes the server sent, in whatever encoding its own <meta> names.
  [/\.html?$/i, 'text/html'],
  [/\.json$/i, 'application/json; charset=utf-8'],
  [/\.(txt|jsonl)$/i, 'text/plain; charset=utf-8'],
];

export function contentType(path: string): string {
  return TYPES.find(([re]) => re.test(path))?.[1] ?? 'application/octet-stream';
}

/** The CSP of every evidence response: a page of a crawled site may show itself, and do nothing else. */
export const EVIDENCE_CSP = "sandbox; default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** The captured page a file belongs to, as the bundle names it: "p01-homepage". */
export const pageName = (path: string) => (path.split('/').pop() ?? path).replace(/\.(top|bottom)?\.?(png|rendered\.html|fetched\.html|meta\.json|html?|json)$/i, '');

export const evidenceUrl = (inspectionId: number, path: string) => `/evidence/${inspectionId}/${path.split('/').map(encodeURIComponent).join('/')}`;

const pct = (n: number) => `${Math.max(0, n * 100).toFixed(3)}%`;

/** Image pixels shown around an outlined element: enough of the page to see where it sits. */
const WINDOW_MARGIN = 250;
const WINDOW_MIN = 600;
/** Pixels between the element and its outline, so the outline never covers what it marks. */
const OUTLINE_MARGIN = 6;

/**
 * The screenshot, scaled to the page column, with the box outlined. Screenshots are taken at a
 * device scale of 1, so a PNG pixel is a CSS pixel of the page. With a box, the figure is a window
 * of the page around it, cut with CSS alone (percentage padding and margins are fractions of the
 * width, so the window keeps its place at any scale); the whole image is one click away. A page
 * too tall for one image is captured as .top and .bottom, and only a box within the top part can be
 * placed (where the bottom part starts is not recorded in the image).
 */
export function screenshotFigure(inspectionId: number, file: EvidenceFile, absolute: string | null, box: Box | null): Html {
  const size = absolute ? pngFileSize(absolute) : null;
  const url = evidenceUrl(inspectionId, file.path);
  const caption = (extra: Html | string) => html`<figcaption class="muted"><a href="${url}" target="_blank" rel="noopener">查看整页截图</a>　${file.path}${extra}　SHA-256 ${file.sha256}</figcaption>`;
  if (!box || !size || /\.bottom\.png$/i.test(file.path) || box.y + box.height > size.height || box.x >= size.width) {
    // The page as captured, in a frame of its own that scrolls: a tall page does not bury the rest.
    return html`<figure class="shot-frame"><div class="shot shot-scroll"><img src="${url}" alt="页面截图 ${file.path}" loading="lazy"></div>${caption('')}</figure>`;
  }
  const windowHeight = Math.min(size.height, Math.max(WINDOW_MIN, box.height + 2 * WINDOW_MARGIN));
  const top = Math.max(0, Math.min(size.height - windowHeight, box.y - WINDOW_MARGIN));
  const left = Math.max(0, box.x - OUTLINE_MARGIN);
  const upper = Math.max(0, box.y - OUTLINE_MARGIN);
  const width = Math.min(size.width, box.x + box.width + OUTLINE_MARGIN) - left;
  const height = Math.min(size.height, box.y + box.height + OUTLINE_MARGIN) - upper;
  const outline = `left:${pct(left / size.width)};top:${pct(upper / size.height)};width:${pct(width / size.width)};height:${pct(height / size.height)}`;
  return html`<figure class="shot-frame"><div class="shot-window" style="padding-bottom:${pct(windowHeight / size.width)}"><div class="shot" style="margin-top:-${pct(top / size.width)}"><img src="${url}" alt="页面截图 ${file.path}" loading="lazy"><div class="outline" style="${outline}" title="所涉元素"></div></div></div>${caption(html`（蓝框：所涉元素，距页面顶部 ${Math.round(box.y)} 像素）`)}</figure>`;
}

/** The captured page, framed with every sandbox restriction (no scripts, no same-origin, no forms, no navigation of the app). */
export function capturedPage(inspectionId: number, file: EvidenceFile): Html {
  const url = evidenceUrl(inspectionId, file.path);
  return html`<details><summary>截取的网页：${pageName(file.path)}（已禁止运行脚本）</summary><iframe class="page" sandbox src="${url}" loading="lazy" title="截取的网页 ${file.path}"></iframe><p class="muted">SHA-256 ${file.sha256}</p></details>`;
}
