// The page shell of the review application, and the CSRF field of its forms.
import { html, raw, type Html } from '../html.js';

/** The hidden synchronizer token every POST form carries (checked by the app on every POST). */
/** A form field as sent: its text, or '' when it is missing or not a single value. */
export function formText(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export interface PageUser {
  id: string;
  name: string;
  role: 'inspector' | 'lead';
}

export interface LayoutOptions {
  title: string;
  body: Html;
  /** The signed-in user: shows the navigation and the log-out button. */
  user?: PageUser | null;
  csrf?: string | null;
  /** A message over the page, e.g. an error after a refused form (post/redirect/get). */
  notice?: { kind: 'error' | 'ok'; text: string } | null;
  /** The app's own script the page runs, if any (the CSP allows no other). */
  script?: string;
}

// Plain system fonts with CJK fallbacks; no web fonts or images, and a script only where a page
// acts in place (it works without), so the page works on an office PC behind a proxy and prints
// as a record.
const STYLE = raw(`
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;color:#1a1a1a;background:#f4f5f7}
header{background:#1f3a5f;color:#fff;padding:8px 20px;display:flex;gap:20px;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}
header .app{font-weight:bold;font-size:17px}
header nav{display:flex;gap:16px;flex:1}
header form{margin:0}
main{max-width:1200px;margin:16px auto;padding:0 20px}
h1{font-size:22px;margin:8px 0 16px}
h2{font-size:18px;margin:24px 0 8px;border-bottom:2px solid #1f3a5f;padding-bottom:4px}
h3{font-size:16px;margin:16px 0 6px}
a{color:#1a4f8b}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border:1px solid #c8ccd2;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#e8ebef;font-weight:bold}
.card{background:#fff;border:1px solid #c8ccd2;border-radius:4px;padding:12px 16px;margin:12px 0}
.notice{padding:10px 14px;border-radius:4px;margin:12px 0}
.notice.error{background:#fdecea;border:1px solid #e0a39b;color:#8a1c12}
.notice.ok{background:#e8f5e9;border:1px solid #9fcaa2;color:#1b5e20}
.notice.warn{background:#fff8e1;border:1px solid #e6c36a;color:#6b4e00}
.late{color:#b3261e;font-weight:bold}
.muted{color:#5f6670}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px;background:#e8ebef;white-space:nowrap}
.v-violation{background:#fdecea;color:#8a1c12}.v-needs-review{background:#fff4e0;color:#7a4a00}
.v-compliant{background:#e8f5e9;color:#1b5e20}.v-not-checked{background:#eceff1;color:#37474f}
.s-confirmed{background:#e3f2fd;color:#0d47a1}.s-rejected{background:#f3e5f5;color:#4a148c}
dl.details{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
dl.details dt{font-weight:bold;color:#3d444d}dl.details dd{margin:0;word-break:break-all}
.hash{overflow-wrap:anywhere;word-break:break-all}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f9;border:1px solid #e1e4e8;padding:6px 8px;margin:0;font-size:13px}
label{display:block;margin:6px 0 2px}
input[type=text],input[type=password],input[type=date],select,textarea{font:inherit;padding:4px 6px;border:1px solid #9aa1aa;border-radius:3px;max-width:100%}
textarea{width:100%;min-height:4em}
button{font:inherit;padding:4px 14px;border:1px solid #1f3a5f;background:#1f3a5f;color:#fff;border-radius:3px;cursor:pointer}
button.secondary{background:#fff;color:#1f3a5f}
.actions{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-start;margin-top:8px}
.actions form{margin:0}
details>summary{cursor:pointer;color:#1a4f8b}
.shot-frame{margin:8px 0}
.shot-window{position:relative;height:0;overflow:hidden;border:1px solid #c8ccd2}
.shot{position:relative}
.shot img{display:block;width:100%;height:auto}
.shot-scroll{max-height:60vh;overflow:auto;border:1px solid #c8ccd2}
.shot .outline{position:absolute;border:3px solid #1565c0;outline:2px solid #fff;box-shadow:0 0 0 2000px rgba(0,0,0,.25)}
iframe.page{width:100%;height:600px;border:1px solid #c8ccd2;background:#fff}
table.summary td.n{text-align:center}
form.bulk{display:inline-block;margin:2px 4px 2px 0}
.refusal{color:#8a1c12;background:#fdecea;border:1px solid #e0a39b;border-radius:3px;padding:4px 8px;margin:6px 0 0}
.act-status{position:fixed;right:20px;bottom:20px;z-index:10;padding:10px 14px;border-radius:4px;background:#e8f5e9;border:1px solid #9fcaa2;color:#1b5e20;box-shadow:0 2px 8px rgba(0,0,0,.2)}
@media print{header nav,header form,form,.no-print,iframe{display:none!important}body{background:#fff}main{max-width:none;margin:0}.card{border:none;padding:0}a{color:inherit;text-decoration:none}}
`);

export function layout(options: LayoutOptions): Html {
  const { user, csrf, notice, script } = options;
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · 网监审核</title>
<style>${STYLE}</style>
${script ? html`<script src="${script}" defer></script>` : ''}
</head>
<body>
<header>
<a class="app" href="/">网监 · 检查审核</a>
${user
  ? html`<nav><a href="/">我的检查</a><a href="/quota">每月网上检查</a>${user.role === 'lead' ? html`<a href="/campaigns">抽查任务</a><a href="/progress">进度通报</a><a href="/audit">执法全过程记录</a><a href="/users">用户管理</a>` : ''}</nav>
<span>${user.name}（${user.role === 'lead' ? '负责人' : '检查人员'}）</span>
<form method="post" action="/logout">${csrf ? csrfField(csrf) : ''}<button class="secondary" type="submit">退出登录</button></form>`
  : ''}
</header>
<main>
${notice ? html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>` : ''}
${options.body}
</main>
</body>
</html>`;
}
