// The synthetic self-built sites of the sweep bench, served by a process of their own (so that
// serving them is not the sweep's CPU): each site on its own port of 127.0.0.1, a host of its own.
// A site's homepage carries its operator's licence in its footer, or a link to a licence page; one
// in forty is drawn by a script (the browser renders it), one in forty shows no licence (a
// violation, screenshotted). Started by sweep-bench.ts with the count as its argument; it prints
// the first port, then serves until killed. (`--type=sites` in its command line names it in the
// bench's CPU figures, as Chromium's processes are named.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SiteShape = 'footer' | 'linked' | 'script' | 'none';

export function shapeOf(i: number): SiteShape {
  if (i % 40 === 0) return 'script';
  if (i % 40 === 20) return 'none';
  return i % 4 === 1 ? 'linked' : 'footer';
}

const NAME = '晋城某某机械有限公司';
const USCC = '91330106673959654P';
const LICENCE = `<p>经营者名称：${NAME} 统一社会信用代码：${USCC}</p>`;
const ICP = '<a href="https://beian.miit.gov.cn/">晋ICP备16001234号-1</a>';
const FILLER = `<ul class="nav">${['首页', '产品中心', '解决方案', '新闻动态', '关于我们', '联系我们'].map((t, i) => `<li><a href="/p${i}">${t}</a></li>`).join('')}</ul>
<div id="main">${Array.from({ length: 12 }, (_, i) => `<div class="item"><h3>产品 ${i + 1} 型号 JC-${1000 + i}</h3><p>适用于矿山、冶金、建材等行业的重型机械设备，结构紧凑，运行可靠，维护方便。</p></div>`).join('\n')}</div>`;

function page(i: number, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>某某机械 ${i}</title><link rel="stylesheet" href="/s.css"></head><body>${body}</body></html>`;
}

export function homepage(i: number): string {
  switch (shapeOf(i)) {
    case 'script':
      return page(i, `<div id="app"></div><script>document.getElementById('app').innerHTML = ${JSON.stringify(`${FILLER}<div class="footer">${LICENCE}${ICP}</div>`)};</script>`);
    case 'none':
      return page(i, `${FILLER}<div class="footer"><p>© 2026 版权所有</p>${ICP}</div>`);
    case 'linked':
      return page(i, `${FILLER}<div class="footer"><a href="/licence">营业执照</a> ${ICP}</div>`);
    default:
      return page(i, `${FILLER}<div class="footer">${LICENCE}${ICP}</div>`);
  }
}

async function main(count: number): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const home = Buffer.from(homepage(i));
    const licence = Buffer.from(page(i, `<h1>营业执照</h1>${LICENCE}`));
    const server = http.createServer((req, res) => {
      const body = req.url === '/licence' ? licence : req.url === '/' ? home : null;
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    ports.push((server.address() as AddressInfo).port);
  }
  process.stdout.write(`${JSON.stringify(ports)}\n`);
}

if (process.argv[2] && process.argv.includes('--type=sites')) await main(Number(process.argv[2]));
