import { describe, expect, it } from 'vitest';
import { loadHtml, pageText } from './text.js';
import { findUsccs, isValidUscc, isWellFormedUscc, mentionsUscc, usccCheckDigit } from './uscc.js';

const codesIn = (html: string) => findUsccs(pageText(loadHtml(html))).map((u) => u.code);

describe('GB 32100 check digit', () => {
  it('computes the worked example of checks.md (Σ = 1341 → P)', () => {
    expect(usccCheckDigit('91330106673959654')).toBe('P');
    expect(isValidUscc('91330106673959654P')).toBe(true);
  });

  it('accepts the real codes of the corpus', () => {
    expect(isValidUscc('91110105721471662U')).toBe(true); // Amazon China
    expect(isValidUscc('91440101681325547Y')).toBe(true); // 阿里健康大药房, Tmall footer
  });

  it('rejects a wrong check character', () => {
    expect(isValidUscc('91330106673959654Q')).toBe(false);
    expect(isWellFormedUscc('91330106673959654Q')).toBe(true);
  });

  it('maps a remainder of 0 to the check character 0', () => {
    // 17 zeros: Σ = 0, 31 − 0 = 31 → 0
    expect(usccCheckDigit('00000000000000000')).toBe('0');
  });

  it('rejects characters outside the charset (I, O, S, V, Z) and wrong lengths', () => {
    expect(usccCheckDigit('9133010667395965I')).toBeNull();
    expect(isWellFormedUscc('91330106673959654O')).toBe(false);
    expect(isWellFormedUscc('9133010667395965P')).toBe(false);
  });

  it('tells whether a text holds a well-formed code anywhere, labelled or not', () => {
    expect(mentionsUscc('统一社会信用代码：91330106673959654P')).toBe(true);
    expect(mentionsUscc('公司 91330106673959654Q 地址')).toBe(true);
    // an hd315 备案 number and a longer order id are no credit codes
    expect(mentionsUscc('备案编号 010202007080200026，订单 9133010667395965412')).toBe(false);
  });

  it('rejects an unknown registration authority or entity type, or a non-numeric region', () => {
    expect(isWellFormedUscc('010202007080200026')).toBe(false); // hd315 bianhao: authority 0
    expect(isWellFormedUscc('144467169235730560')).toBe(false); // Tmall JSON id: 机构编制 has no type 4
    expect(isWellFormedUscc('9433010667395965' + '4P')).toBe(false); // market regulation has no type 4
    expect(isWellFormedUscc('913A0106673959654P')).toBe(false);
  });
});

describe('findUsccs', () => {
  it('finds a code after its label, across elements (Amazon China footer)', () => {
    const html = `<ul><li>网络文化经营许可证京网文[2015]0615-245 | 营业执照：</li><li><a href="https://images-cn.ssl-images-amazon.com/images/G/28/gno/footer/20150929._V283423659_.jpg">91110105721471662U</a></li></ul>`;
    const [found] = findUsccs(pageText(loadHtml(html)));
    expect(found).toMatchObject({ code: '91110105721471662U', checksumValid: true, source: 'text', evidence: '营业执照' });
  });

  it('finds a code that is the text of a licence link without a label', () => {
    expect(codesIn(`<a href="https://zzlz.gsxt.gov.cn/businessShow/abc">91330106673959654P</a>`)).toEqual(['91330106673959654P']);
  });

  it('ignores a valid-looking code with no label and no licence link', () => {
    expect(codesIn(`<p>订单号 91330106673959654P 已发货</p>`)).toEqual([]);
  });

  it('does not take hd315 备案 bianhao numbers, even labelled, for codes', () => {
    const html = `<a href="http://www.hd315.gov.cn/beian/view.asp?bianhao=010202007080200026">经营性网站备案信息</a><p>营业执照 010202001051000098</p><p>信用代码 144467169235730560</p>`;
    expect(codesIn(html)).toEqual([]);
  });

  it('keeps a labelled code that fails the check digit, flagged', () => {
    const [found] = findUsccs(pageText(loadHtml('<p>统一社会信用代码：91330106673959654Q</p>')));
    expect(found).toMatchObject({ code: '91330106673959654Q', checksumValid: false });
  });

  it('reads uniscid= from a licence URL (Tmall footer)', () => {
    const html = `<a href="http://air.gzaic.gov.cn:88/outsys/commonquery/viewBusinessLicence?uniscid=91440101681325547Y&amp;regno=440106000067508">阿里健康大药房营业执照</a>`;
    const found = findUsccs(pageText(loadHtml(html)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: '91440101681325547Y', source: 'href', evidence: 'url-parameter', checksumValid: true });
  });

  it('does not cut a code out of a longer token', () => {
    expect(codesIn('<p>营业执照：A91330106673959654P1</p>')).toEqual([]);
  });
});
