import { describe, expect, it } from 'vitest';
import { prose } from '../../test/helpers/snapshots.js';
import { isDocumentHub } from './links.js';
import { loadHtml } from './text.js';

const BASE = 'https://www.example.cn/rules';
const FOOTER = '<footer><a href="/agreement">用户服务协议</a><a href="/privacy">隐私政策</a><a href="/rules/trade">交易规则</a><p>© 2025 某某网 版权所有 浙ICP备12345678号</p></footer>';

describe('isDocumentHub', () => {
  it('takes a page of links to documents of several kinds for a hub, whatever its title', () => {
    const links = ['用户服务协议', '交易规则', '知识产权保护规则', '信用评价规则', '违规处理公示', '隐私政策'].map((t, i) => `<li><a href="/doc/${i}">${t}</a></li>`).join('');
    expect(isDocumentHub(loadHtml(`<body><h1>平台规则</h1><p>各项协议与规则的公示栏目。</p><ul>${links}</ul>${FOOTER}</body>`), BASE)).toBe(true);
  });

  it('does not take a document for one: its footer links are lost in its prose', () => {
    expect(isDocumentHub(loadHtml(`<body><h1>交易规则</h1><p>${prose(1500)}</p><p>另见<a href="/ipr">知识产权保护规则</a>。</p>${FOOTER}</body>`), BASE)).toBe(false);
  });

  it('does not take a list of one kind for one: a list of 处罚公示 is an enforcement page', () => {
    const notices = [1, 2, 3, 4, 5].map((n) => `<li><a href="/punish/${n}">违规处理公示 第${n}期</a></li>`).join('');
    expect(isDocumentHub(loadHtml(`<body><h1>违规处理公示</h1><ul>${notices}</ul></body>`), BASE)).toBe(false);
  });
});
