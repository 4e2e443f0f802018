// The screenshot evidence: the whole page, still. A page taller than the viewport comes out whole;
// one taller than the limit as its top and bottom; a banner that slides for ever is stopped first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformRecord, Snapshot } from '../../rules/types.js';
import { listenLocal, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { pngSize } from '../../src/evidence/png.js';
import { FAST_VISIT, visitForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const tall = (px: number) => `<!doctype html><html><head><meta charset="utf-8"><title>协议</title>
<style>body{margin:0}@keyframes slide{from{transform:translateX(0)}to{transform:translateX(600px)}}.banner{animation:slide 2s infinite}</style></head>
<body><div class="banner">轮播广告</div><div style="height:${px}px;background:linear-gradient(#fff,#eee)">用户服务协议</div><p>页脚</p></body></html>`;

const tmp = tempDir();
let server: LocalServer;
let snapshots: Snapshot[];
const platform: PlatformRecord = { id: 'shots', name: '杭州某某网络科技有限公司', uscc: '91330106673959654P', url: '', risk: 'general' };
const MAX = 6_000;

beforeAll(async () => {
  server = await listenLocal((_req, res, url) => {
    if (url.pathname === '/agreement' || url.pathname === '/agreement-copy') return sendHtml(res, 200, tall(3_000));
    if (url.pathname === '/rules') return sendHtml(res, 200, tall(9_000));
    sendHtml(res, 200, '<!doctype html><meta charset="utf-8"><title>某某商城</title><footer><a href="/agreement">用户服务协议</a> <a href="/agreement-copy">用户服务协议</a> <a href="/rules">交易规则</a></footer>');
  });
  platform.url = server.url;
  const visit = { ...FAST_VISIT, capture: { ...FAST_VISIT.capture, maxFullPageHeight: MAX } };
  snapshots = await visitForTest(tmp.dir, platform, ['homepage', 'agreement', 'rules'], [], visit);
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const screenshotsOf = (s: Snapshot) => s.files.filter((f) => f.kind === 'screenshot');
const shotsOf = (kind: string) => screenshotsOf(snapshots.find((s) => s.kind === kind)!).map((f) => pngSize(readFileSync(join(tmp.dir, f.path))));

describe('screenshots', () => {
  it('takes a page taller than the viewport whole, at the viewport width', () => {
    const agreement = snapshots.find((s) => s.kind === 'agreement')!;
    expect(shotsOf('agreement')).toEqual([{ width: 1280, height: agreement.page.height }]);
    expect(agreement.page.height).toBeGreaterThan(3_000);
  });

  it('stops what moves first: the same page with a banner sliding for ever gives the same picture twice', () => {
    const copies = snapshots.filter((s) => s.kind === 'agreement');
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((s) => screenshotsOf(s)[0]!.sha256)).size).toBe(1);
  });

  it('takes a page taller than the limit as its top and its bottom', () => {
    expect(shotsOf('rules')).toEqual([
      { width: 1280, height: MAX / 2 },
      { width: 1280, height: MAX / 2 },
    ]);
  });
});
