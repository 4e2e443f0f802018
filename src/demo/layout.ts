// Page templates shared by the demo shops and the hostile test site: one document layout (header
// with logo and search box, main, footer) and the building blocks the sites fill it with. Site
// modules pass their own content; everything interpolated from data goes through escapeHtml.
import { escapeHtml as esc } from '../html.js';
import type { Doc } from './texts.js';

export interface Brand {
  /** The name the public sees (logo, titles). */
  name: string;
  tagline: string;
  /** Theme colour of the header and prices. */
  colour: string;
}

export interface Link {
  text: string;
  href: string;
}

export interface Product {
  name: string;
  price: number;
  /** Crossed-out earlier price, when on sale. */
  was?: number;
  sold: string;
  shop: string;
}

export interface PageOptions {
  brand: Brand;
  /** The part of <title> before the brand; none for the homepage. */
  title?: string;
  main: string;
  /** Inner HTML of the <footer>. */
  footer: string;
  /** Mark the footer up as a plain <div> of this class, as a build tool leaves it (no <footer>, a hashed name). */
  footerClass?: string;
  /** Inline script, appended at the end of the body. */
  script?: string;
  /** Show the search header; auth pages and error pages are plainer. */
  header?: boolean;
  /** The header's search box, in place of the default GET form: platforms search in different ways. */
  search?: string;
}

const DEFAULT_SEARCH = `<form class="search" action="/" method="get" role="search">
    <input type="search" name="q" placeholder="搜索商品、品牌、店铺" aria-label="搜索">
    <button type="submit">搜索</button>
  </form>`;

const CATEGORIES = ['数码家电', '服饰鞋包', '美妆个护', '食品生鲜', '家居百货', '母婴玩具'];

export function page({ brand, title, main, footer, footerClass, script, header = true, search }: PageOptions): string {
  const fullTitle = title ? `${title} - ${brand.name}` : `${brand.name} - ${brand.tagline}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(fullTitle)}</title>
<style>${styles(brand.colour)}</style>
</head>
<body>
${header ? siteHeader(brand, search) : `<header class="bar"><div class="wrap"><a class="logo" href="/">${esc(brand.name)}</a></div></header>`}
<main class="wrap">
${main}
</main>
${footerClass ? `<div class="${footerClass}">\n${footer}\n</div>` : `<footer class="site-footer">\n${footer}\n</footer>`}
${script ? `<script>\n${script}\n</script>` : ''}
</body>
</html>
`;
}

function siteHeader(brand: Brand, search = DEFAULT_SEARCH): string {
  return `<div class="topbar"><div class="wrap">
  <span>您好，欢迎来到${esc(brand.name)}！</span>
  <span class="account"><a href="/login">请登录</a><a href="/login?register=1">免费注册</a><a href="/login?next=orders">我的订单</a><a href="/login?next=cart">购物车</a></span>
</div></div>
<header class="bar"><div class="wrap">
  <a class="logo" href="/">${esc(brand.name)}<small>${esc(brand.tagline)}</small></a>
  ${search}
</div></header>
<nav class="cats"><div class="wrap">
  <a href="/">首页</a>${CATEGORIES.map((c) => `<a href="/?cat=${encodeURIComponent(c)}">${c}</a>`).join('')}
</div></nav>`;
}

export function productGrid(heading: string, products: readonly Product[]): string {
  const cards = products.map(
    (p, i) => `<li class="card">
    <a href="/?item=${i + 1}"><div class="thumb" style="background:hsl(${(i * 57) % 360} 45% 88%)">${esc(p.name.slice(0, 2))}</div>
    <p class="name">${esc(p.name)}</p></a>
    <p><span class="price">¥${p.price.toFixed(2)}</span>${p.was ? ` <del>¥${p.was.toFixed(2)}</del>` : ''}</p>
    <p class="meta">已售${esc(p.sold)} · ${esc(p.shop)}</p>
  </li>`,
  );
  return `<section class="floor"><h2>${esc(heading)}</h2><ul class="grid">
  ${cards.join('\n  ')}
</ul></section>`;
}

export function banner(headline: string, sub: string): string {
  return `<section class="banner"><h1>${esc(headline)}</h1><p>${esc(sub)}</p></section>`;
}

export function linkRow(links: readonly Link[]): string {
  return `<p class="links">${links.map((l) => `<a href="${esc(l.href)}">${esc(l.text)}</a>`).join('<span>|</span>')}</p>`;
}

/** A footer: a row of links, then lines of small print (already HTML). */
export function footer(links: readonly Link[], lines: readonly string[]): string {
  return `<div class="wrap">
${links.length ? linkRow(links) : ''}
${lines.map((l) => `<p>${l}</p>`).join('\n')}
</div>`;
}

/** An agreement or rules document, with its articles numbered 第N条 across chapters. */
export function docArticle(doc: Doc): string {
  let n = 0;
  const chapters = doc.chapters.map(
    (c) => `<h2>${esc(c.heading)}</h2>
${c.articles.map((a) => `<p><b>第${chineseNumber(++n)}条</b>　${esc(a)}</p>`).join('\n')}`,
  );
  return `<article class="doc">
<h1>${esc(doc.title)}</h1>
<p class="dates">${esc(doc.dates)}</p>
${doc.preface.map((p) => `<p>${esc(p)}</p>`).join('\n')}
${chapters.join('\n')}
</article>`;
}

const DIGITS = '零一二三四五六七八九';

/** 1–99 in Chinese numerals, as article numbers are written. */
function chineseNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones]!;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** A plain message page (errors, blocks), without the shop's search header. */
export function notice(brand: Brand, heading: string, text: string): string {
  return page({
    brand,
    title: heading,
    header: false,
    main: `<section class="notice"><h1>${esc(heading)}</h1><p>${esc(text)}</p><p><a href="/">返回首页</a></p></section>`,
    footer: footer([], [`© 2025 ${esc(brand.name)}`]),
  });
}

function styles(colour: string): string {
  return `
*{box-sizing:border-box}body{margin:0;font:14px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#333;background:#f5f5f5}
a{color:inherit;text-decoration:none}a:hover{color:${colour}}
.wrap{width:1190px;max-width:100%;margin:0 auto;padding:0 16px}
.topbar{background:#eee;font-size:12px;color:#666;line-height:30px}.topbar .wrap{display:flex;justify-content:space-between}
.account a{margin-left:16px}
.bar{background:#fff;border-bottom:2px solid ${colour}}.bar .wrap{display:flex;align-items:center;gap:48px;height:96px}
.logo{font-size:30px;font-weight:700;color:${colour};display:flex;flex-direction:column;line-height:1.2}.logo small{font-size:12px;color:#999;font-weight:400}
.search{display:flex;flex:1;max-width:560px;border:2px solid ${colour}}.search input{flex:1;border:0;padding:8px 12px;font-size:14px}
.search button{border:0;background:${colour};color:#fff;padding:0 28px;font-size:16px}
.cats{background:#fff}.cats a{display:inline-block;padding:10px 18px;font-size:15px}
.banner{margin:16px 0;padding:40px;border-radius:8px;background:linear-gradient(90deg,${colour},#ffb199);color:#fff}.banner h1{margin:0 0 8px}
.floor h2{font-size:20px;margin:24px 0 12px}
.grid{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(4,1fr);gap:16px}
.card{background:#fff;border-radius:8px;padding:12px}.card p{margin:6px 0}
.thumb{height:180px;border-radius:6px;display:flex;align-items:center;justify-content:center;font-size:40px;color:#666}
.name{height:44px;overflow:hidden}.price{color:${colour};font-size:18px;font-weight:700}del{color:#999;font-size:12px}.meta{font-size:12px;color:#999}
.doc,.notice,.panel{background:#fff;margin:16px 0;padding:32px 48px;border-radius:8px}.doc h1{text-align:center}.doc .dates{text-align:center;color:#666}
.doc p{text-indent:2em}.doc h2{font-size:17px;margin-top:24px}
.panel table{border-collapse:collapse;width:100%}.panel th,.panel td{border:1px solid #ddd;padding:8px 12px;text-align:left}.panel th{width:180px;background:#fafafa}
.notice{text-align:center;padding:80px}.notice a{color:${colour}}
.login{width:360px;margin:60px auto;background:#fff;padding:32px;border-radius:8px}.login input{display:block;width:100%;margin:8px 0;padding:10px}
.login button{width:100%;padding:10px;border:0;background:${colour};color:#fff;font-size:16px}
.site-footer{margin-top:32px;background:#fff;border-top:1px solid #e5e5e5;padding:20px 0;font-size:12px;color:#666;text-align:center}
.site-footer p{margin:6px 0}.site-footer p span{margin:0 8px;color:#ccc}.badge{display:inline-flex;align-items:center;gap:4px;vertical-align:middle}
`;
}
