// The rendering annotations written in a real Chromium, read back by the rules' prominence
// judgement: what a person would see must come out visible, what they would not, not visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ANNOTATION, judgeProminence } from '../../rules/lib/rendered.js';
import { loadHtml } from '../../rules/lib/text.js';
import { annotatePage } from '../../src/crawl/annotate.js';
import { launchBrowser } from '../helpers/browser.js';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>标记</title></head>
<body style="margin:0;background:#fff;user-select:none">
  <p id="plain">广告 正常</p>
  <p id="display-none" style="display:none">广告</p>
  <div style="display:none"><span id="inside-hidden">广告</span></div>
  <p id="visibility" style="visibility:hidden">广告</p>
  <p id="faint" style="opacity:0.05">广告</p>
  <div style="opacity:0.5"><p id="half" style="opacity:0.5">广告</p></div>
  <p id="tiny" style="font-size:5px">广告</p>
  <p id="small" style="font-size:8px">广告</p>
  <p id="ghost" style="color:#f4f4f4">广告</p>
  <p id="grey" style="color:#aaa">广告</p>
  <div style="background:#000"><p id="on-black" style="color:#fff">广告</p></div>
  <p id="off-page" style="position:absolute;left:-5000px">广告</p>
  <div style="height:20px;overflow:hidden"><p style="margin-top:200px" id="clipped">广告</p></div>
  <input type="password" id="pw">
  <img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" width="120" height="120" alt="大图">
  <script>document.addEventListener('copy', (e) => e.preventDefault());</script>
</body></html>`;

let browser: Browser;
let html: string;
let facts: ReturnType<typeof annotatePage>;

beforeAll(async () => {
  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.setContent(PAGE);
  facts = await page.evaluate(annotatePage, { attrs: ANNOTATION, maxElements: 1000, itemSelector: null });
  html = await page.content();
});
afterAll(() => browser?.close());

function judge(id: string) {
  const $ = loadHtml(html);
  return judgeProminence($, $(`#${id}`)[0]!);
}

describe('annotatePage in Chromium', () => {
  it('records a plainly rendered element as visible with its box and contrast', () => {
    const j = judge('plain');
    expect(j.prominence).toBe('visible');
    expect(j.rendering.measured).toBe(true);
    expect(j.rendering.box!.width).toBeGreaterThan(0);
    expect(j.rendering.fontSize).toBe(16);
    expect(j.rendering.contrast).toBe(21);
  });

  it.each([
    ['display-none', 'display-none'],
    ['inside-hidden', 'display-none'],
    ['visibility', 'visibility-hidden'],
    ['off-page', 'off-page'],
    ['clipped', 'clipped'],
  ])('marks #%s as not rendered (%s)', (id, reason) => {
    const j = judge(id);
    expect(j.rendering.hidden).toBe(reason);
    expect(j.prominence).toBe('not-visible');
  });

  it('multiplies opacity through ancestors and judges it against 0.1', () => {
    expect(judge('faint').prominence).toBe('not-visible');
    expect(judge('half').rendering.opacity).toBe(0.25);
    expect(judge('half').prominence).toBe('visible');
  });

  it('judges font size: under 6 px not visible, under 10 px weak', () => {
    expect(judge('tiny').prominence).toBe('not-visible');
    expect(judge('small').prominence).toBe('weak');
  });

  it('judges contrast against the effective background', () => {
    expect(judge('ghost').prominence).toBe('not-visible');
    expect(judge('grey').prominence).toBe('weak');
    expect(judge('on-black').prominence).toBe('visible');
    expect(judge('on-black').rendering.background).toBe('rgba(0,0,0,1)');
  });

  it('reads the page facts the agreement check relies on', () => {
    expect(facts.selectionDisabled).toBe(true);
    expect(facts.copyBlocked).toBe(true);
    expect(facts.hasPasswordField).toBe(true);
    expect(facts.largeImages).toBe(1);
    expect(facts.title).toBe('标记');
  });
});
