import { describe, expect, it } from 'vitest';
import { html, raw, safeHref } from '../../src/html.js';
import { layout } from '../../src/serve/html.js';

describe('html', () => {
  it('escapes every interpolation, nested fragments and arrays once', () => {
    const evil = '"><svg onload=alert(1)><script>x</script>\'`';
    const out = html`<p title="${evil}">${evil}${[html`<b>${evil}</b>`, evil]}${raw('<i>ok</i>')}${null}${undefined}${false}${0}</p>`.text;
    expect(out).not.toMatch(/<svg|<script/);
    expect(out).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;&lt;script&gt;x&lt;/script&gt;&#39;&#96;');
    expect(out).toContain('<b>&quot;&gt;&lt;svg');
    expect(out).toContain('<i>ok</i>');
    expect(out.endsWith('0</p>')).toBe(true);
  });

  it('lets only http(s) and app-relative URLs through as links', () => {
    expect(safeHref('https://shop.example.cn/a?b=1')).toBe('https://shop.example.cn/a?b=1');
    expect(safeHref('/inspections/3')).toBe('/inspections/3');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>', '//evil.example/', 'vbscript:x']) expect(safeHref(bad)).toBe('#');
  });

  it('lays out a Chinese page, with the lead-only navigation for leads', () => {
    const page = layout({ title: '<标题>', body: html`<p>正文</p>`, user: { id: 'jc-01', name: '王建国', role: 'lead' }, csrf: 'tok"en' }).text;
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(page).toContain('<title>&lt;标题&gt; · 网监审核</title>');
    expect(page).toContain('href="/audit"');
    expect(page).toContain('name="_csrf" value="tok&quot;en"');
    expect(layout({ title: 't', body: html``, user: { id: 'jc-02', name: '李', role: 'inspector' }, csrf: 'x' }).text).not.toContain('/audit');
  });
});
