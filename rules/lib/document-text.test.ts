import { describe, expect, it } from 'vitest';
import { linked, page, snapshot } from '../../test/helpers/snapshots.js';
import { documentKey, documentText, documentTitle, matchDocuments } from './document-text.js';

describe('documentText', () => {
  it('keeps the paragraphs of the main text and leaves out navigation and footer', () => {
    expect(documentText(page(`<nav>首页 规则中心</nav><div><h1>协议</h1><p>第一条  内容。</p>甲<br>乙</div><footer>© 2026 最后访问 2026-11-22</footer>`))).toBe('协议\n第一条 内容。\n甲\n乙');
    expect(documentText(page('<div>菜单</div><article><p>正文一</p><p>正文二</p><footer>自2026年12月1日起施行</footer></article><footer>版权</footer>'))).toBe('正文一\n正文二\n自2026年12月1日起施行');
    // a sidebar's article is not the document
    expect(documentText(page(`<aside><article>新闻</article></aside><div><p>${'协议正文。'.repeat(5)}</p></div><article>推荐</article>`))).toBe('协议正文。'.repeat(5) + '\n推荐');
  });
});

describe('documentKey', () => {
  it('drops the fragment and the tracking query, keeping what names the document', () => {
    expect(documentKey('https://Shop.example.cn/legal/agreement?spm=a1&id=3&utm_source=x#top')).toBe('https://shop.example.cn/legal/agreement?id=3');
    expect(documentKey('https://shop.example.cn/agreement?from=home')).toBe('https://shop.example.cn/agreement');
  });
});

describe('matchDocuments', () => {
  const known = [
    { url: 'https://a.cn/agreement', kind: 'agreement' as const, title: '用户协议' },
    { url: 'https://a.cn/rules', kind: 'rules' as const, title: '交易规则' },
  ];
  it('matches by URL, and a moved document by kind and title when its old URL was not captured', () => {
    expect(matchDocuments([{ key: 'https://a.cn/rules', kind: 'rules', title: '新标题' }, { key: 'https://a.cn/legal/agreement', kind: 'agreement', title: '用户协议' }], known)).toEqual([known[1], known[0]]);
  });
  it('does not take a second page of the same title for a move while the old URL is still there', () => {
    expect(matchDocuments([{ key: 'https://a.cn/agreement', kind: 'agreement', title: '用户协议' }, { key: 'https://a.cn/agreement-en', kind: 'agreement', title: '用户协议' }], known)).toEqual([known[0], null]);
  });
});

describe('documentTitle', () => {
  const home = snapshot({ html: page('<a href="/a">用户协议</a>') });
  const titled = (title: string, body: string) => {
    const s = linked(home, '/a', { kind: 'agreement', html: page(body, title), linkText: '用户协议' });
    return documentTitle(s, documentText(s.html));
  };
  it('takes the page title when it names a document, else the heading, else the title', () => {
    expect(titled('用户服务协议 - 某某商城', '<h1>协议</h1><p>正文。</p>')).toBe('用户服务协议 - 某某商城');
    expect(titled('某某商城', '<h1>某某商城用户服务协议</h1><p>正文。</p>')).toBe('某某商城用户服务协议');
    expect(titled('某某商城', '<p>正文。</p>')).toBe('某某商城');
  });
});
