// A quick self-check of the demo shops and the hostile site over plain HTTP (no browser): each
// route answers as the end-to-end tests assume, the links read as the crawler will classify
// them, the credit codes are valid or invalid as intended, and close() is prompt even while
// clients hang on to connections.
import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyLink } from '../../rules/lib/page-kinds.js';
import { isValidUscc, isWellFormedUscc } from '../../rules/lib/uscc.js';
import { DEMO_CHECKS, startDemoSites, writeDemoRoster, type DemoSites } from '../../src/demo/sites.js';
import { startHostilePlatforms, startHostileSite } from './hostile.js';

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(3000), ...init });

async function page(url: string, status = 200): Promise<cheerio.CheerioAPI> {
  const res = await get(url);
  expect(res.status, url).toBe(status);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await res.text();
  expect(html).toContain('<meta charset="utf-8">');
  return cheerio.load(html);
}

/** The kinds of the links on a page, as the crawler classifies them. */
function linkKinds($: cheerio.CheerioAPI): string[] {
  const kinds = $('a[href]')
    .toArray()
    .map((a) => classifyLink($(a).text() || ($(a).find('img').attr('alt') ?? ''), a.attribs.href ?? ''));
  return [...new Set(kinds.filter((k) => k !== null))].sort();
}

const text = ($: cheerio.CheerioAPI, sel = 'body') => $(sel).text().replace(/\s+/g, '');

/** Opens a request and leaves it hanging; resolves once the headers arrived (or at once for slow routes). */
function hang(url: string, waitForHeaders: boolean): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get(url, () => resolve());
    req.on('error', () => {}); // destroyed by close(): expected
    if (!waitForHeaders) req.on('socket', (s) => s.once('connect', () => resolve()));
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

describe('demo sites', () => {
  let demo: DemoSites;
  const url = (id: string, p = '/') => new URL(p, demo.platforms.find((x) => x.id === id)!.url).href;
  const record = (id: string) => demo.platforms.find((x) => x.id === id)!;

  beforeAll(async () => {
    demo = await startDemoSites();
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('lists six platforms, each on its own port, with an expected verdict per check', () => {
    expect(demo.platforms.map((p) => p.id)).toEqual(['hemei', 'xinghe', 'lanshan', 'yunduan', 'duanxian', 'fengsuo']);
    expect(new Set(demo.platforms.map((p) => p.url)).size).toBe(6);
    for (const p of demo.platforms) {
      expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(isValidUscc(p.uscc), p.id).toBe(true);
      expect(Object.keys(demo.expected[p.id]!).sort()).toEqual([...DEMO_CHECKS].sort());
    }
    expect(demo.reasons).toEqual({ duanxian: 'connection-refused', fengsuo: 'blocked' });
  });

  it('hemei shows its registered name and valid code, with licence, agreement and rules one click away', async () => {
    const $ = await page(url('hemei'));
    const footer = text($, 'footer');
    expect(footer).toContain(`营业执照：合美网络科技有限公司统一社会信用代码${record('hemei').uscc}`);
    expect(footer).toContain('浙B2-20190001');
    expect(footer).toContain('浙ICP备19000001号-1');
    expect($('.card .price').length).toBeGreaterThanOrEqual(4);
    expect(linkKinds($)).toEqual(['agreement', 'complaint', 'credit-rules', 'enforcement', 'ip-rules', 'licence', 'privacy', 'rules']);
    expect(text(await page(url('hemei', '/licence')), 'table')).toContain(`统一社会信用代码${record('hemei').uscc}`);
    const agreement = text(await page(url('hemei', '/agreement')), 'article');
    expect(agreement.length).toBeGreaterThan(1800);
    expect(agreement).toContain('第二十六条');
    expect(text(await page(url('hemei', '/rules')), 'article').length).toBeGreaterThan(1000);
  });

  it('xinghe has no licence information and links only an agreement', async () => {
    const $ = await page(url('xinghe'));
    expect(text($)).not.toMatch(/营业执照|信用代码|ICP|B2-/);
    expect(linkKinds($)).toEqual(['agreement', 'privacy']);
    expect(text(await page(url('xinghe', '/agreement')), 'article').length).toBeGreaterThan(1800);
  });

  it('lanshan shows a code failing its check digit, and its agreement redirects to a login wall', async () => {
    const $ = await page(url('lanshan'));
    const shown = /统一社会信用代码：([0-9A-Z]{18})/.exec(text($, 'footer'))?.[1] ?? '';
    expect(isWellFormedUscc(shown)).toBe(true);
    expect(isValidUscc(shown)).toBe(false);
    expect(text($, 'footer')).toContain('晋ICP备20000002号');
    expect(linkKinds($)).toEqual(['privacy', 'rules-centre']);
    expect(linkKinds(await page(url('lanshan', '/rules-center')))).toEqual(['agreement', 'credit-rules', 'enforcement', 'ip-rules', 'privacy', 'rules']);
    const redirected = await get(url('lanshan', '/agreement'));
    expect(redirected.status).toBe(302);
    const login = await page(new URL(redirected.headers.get('location')!, url('lanshan')).href);
    expect(login('input[type=password]').length).toBe(1);
    expect(text(login, 'main').length).toBeLessThan(100);
    expect(text(await page(url('lanshan', '/trade-rules')), 'article').length).toBeGreaterThan(1000);
  });

  it('yunduan serves an empty footer that its script fills with a licence badge and the links', async () => {
    const res = await get(url('yunduan'));
    const html = await res.text();
    const $ = cheerio.load(html);
    expect($('#footer-root').children().length).toBe(0);
    expect($('a[href*="zzlz.gsxt.gov.cn"]').length).toBe(0);
    expect(html).not.toContain('京B2-20200003');
    expect(linkKinds($)).toEqual([]);

    const footer = runFooterScript($('script').text());
    expect(footer.text).toContain('京B2-20200003');
    const badge = footer.links.find((l) => l.href.startsWith('https://zzlz.gsxt.gov.cn/'));
    expect(badge?.imgAlt).toBe('电子营业执照亮照');
    expect([...new Set(footer.links.map((l) => classifyLink(l.text || l.imgAlt, l.href)))].filter(Boolean).sort()).toEqual([
      'agreement',
      'complaint',
      'enforcement',
      'ip-rules',
      'licence',
      'privacy',
      'rules',
    ]);
    const img = await get(url('yunduan', '/static/zzlz-badge.png'));
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect(text(await page(url('yunduan', '/terms'), 404))).toContain('页面不存在');
    expect(text(await page(url('yunduan', '/platform-rules')), 'article').length).toBeGreaterThan(1000);
  });

  it('duanxian refuses connections and fengsuo answers 403 to everything', async () => {
    await expect(get(url('duanxian'))).rejects.toThrow();
    for (const p of ['/', '/agreement', '/robots.txt']) expect(text(await page(url('fengsuo', p), 403))).toContain('访问被拒绝');
  });

  it('writes the roster as a UTF-8 CSV with a BOM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wj-roster-'));
    try {
      const file = path.join(dir, 'sub', 'roster.csv');
      await writeDemoRoster([...demo.platforms, { ...record('hemei'), id: 'quoted', name: '某某, "引号"公司' }], file);
      const raw = await readFile(file, 'utf8');
      expect(raw.startsWith('\uFEFFid,name,uscc,url,platform,region,risk\r\n')).toBe(true);
      const rows: Record<string, string>[] = parse(raw, { bom: true, columns: true });
      expect(rows.slice(0, 6)).toEqual(demo.platforms.map((p) => ({ ...p, platform: p.platform ?? '', region: p.region ?? '' })));
      expect(rows[6]!.name).toBe('某某, "引号"公司');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('closes promptly with keep-alive connections open', async () => {
    await hang(url('hemei', '/'), true);
    expect(await timed(() => demo.close())).toBeLessThan(1000);
  });
});

/** Runs the yunduan footer script against a minimal DOM and returns what it built. */
function runFooterScript(script: string) {
  interface FakeNode {
    tag: string;
    textContent?: string;
    href?: string;
    alt?: string;
    children: FakeNode[];
  }
  const element = (tag: string): FakeNode & Record<string, unknown> => {
    const el: FakeNode & Record<string, unknown> = {
      tag,
      children: [],
      appendChild: (c: FakeNode) => el.children.push(c),
      append: (...cs: FakeNode[]) => el.children.push(...cs),
    };
    return el;
  };
  const root = element('div');
  const document = { getElementById: () => root, createElement: element, createTextNode: (t: string) => ({ tag: '#text', textContent: t, children: [] }) };
  vm.runInNewContext(script, { document, setTimeout: (fn: () => void) => fn() });
  const all: FakeNode[] = [];
  const walk = (n: FakeNode) => {
    all.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return {
    text: all.map((n) => n.textContent ?? '').join(' '),
    links: all
      .filter((n) => n.tag === 'a')
      .map((a) => ({ href: a.href ?? '', text: a.textContent ?? '', imgAlt: a.children.find((c) => c.tag === 'img')?.alt ?? '' })),
  };
}

describe('hostile site', () => {
  let site: { url: string; close(): Promise<void> };
  const url = (p: string) => new URL(p, site.url).href;

  beforeAll(async () => {
    site = await startHostileSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('links every hostile route from a homepage with valid licence lines', async () => {
    const $ = await page(url('/'));
    const code = /统一社会信用代码([0-9A-Z]{18})/.exec(text($, 'footer'))?.[1] ?? '';
    expect(isValidUscc(code)).toBe(true);
    const hrefs = $('footer a').toArray().map((a) => [classifyLink($(a).text(), a.attribs.href ?? ''), a.attribs.href]);
    expect(hrefs.every(([kind]) => kind !== null)).toBe(true);
    expect(hrefs.map(([, href]) => href)).toEqual(
      expect.arrayContaining(['/never-ends', '/redirect-loop', '/huge', '/dialogs', '/popup', '/busy-script', '/status/500', '/status/429']),
    );
  });

  it('answers each hostile route as designed', async () => {
    const loop = await get(url('/redirect-loop'));
    expect([loop.status, loop.headers.get('location')]).toEqual([302, '/redirect-loop']);

    const huge = await (await get(url('/huge'))).text();
    expect(Buffer.byteLength(huge)).toBeGreaterThan(14_000_000);
    expect(huge.match(/<span /g)?.length).toBeGreaterThanOrEqual(100_000);

    expect(await (await get(url('/dialogs'))).text()).toMatch(/alert\([\s\S]*confirm\([\s\S]*prompt\(/);
    expect(await (await get(url('/dialogs'))).text()).toContain('beforeunload');
    expect(await (await get(url('/popup'))).text()).toMatch(/window\.open[\s\S]*setInterval/);
    expect(await (await get(url('/busy-script'))).text()).toContain('for (;;)');

    for (const code of [404, 418, 500, 503]) expect((await get(url(`/status/${code}`))).status).toBe(code);
    const limited = await get(url('/status/429'));
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '120']);

    expect(await timed(async () => void (await get(url('/slow?ms=300'))).text())).toBeGreaterThanOrEqual(290);
  });

  it('sends the head of /never-ends and then never finishes it', async () => {
    const controller = new AbortController();
    const res = await get(url('/never-ends'), { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('<h1>服务协议</h1>');
    const next = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r('pending'), 500))]);
    expect(next).not.toHaveProperty('done', true);
    controller.abort();
  });

  it('closes promptly with hanging connections open', async () => {
    await Promise.all([hang(url('/never-ends'), true), hang(url('/slow?ms=60000'), false)]);
    expect(await timed(() => site.close())).toBeLessThan(1000);
  });
});

describe('hostile platforms', () => {
  it('puts each hostile homepage on its own port, next to a good one', async () => {
    const hostile = await startHostilePlatforms();
    try {
      const byId = Object.fromEntries(hostile.platforms.map((p) => [p.id, p.url]));
      expect(new Set(Object.values(byId)).size).toBe(hostile.platforms.length);
      expect(Object.keys(hostile.outcomes).sort()).toEqual(Object.keys(byId).sort());
      expect(hostile.outcomes['hostile-good']).toEqual(['captured']);
      const status = async (id: string) => (await get(byId[id]!)).status;
      expect(await status('hostile-good')).toBe(200);
      expect(await status('hostile-huge')).toBe(200);
      expect(await status('hostile-dialogs')).toBe(200);
      expect(await status('hostile-popup')).toBe(200);
      expect(await status('hostile-busy-script')).toBe(200);
      expect(await status('hostile-500')).toBe(500);
      expect(await status('hostile-429')).toBe(429);
      const loop = await get(byId['hostile-redirect-loop']!);
      expect([loop.status, loop.headers.get('location')]).toEqual([302, '/']);
      await hang(byId['hostile-never-ends']!, true);
    } finally {
      expect(await timed(() => hostile.close())).toBeLessThan(1000);
    }
  });
});
