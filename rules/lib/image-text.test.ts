import { describe, expect, it } from 'vitest';
import { describeReading, imageOnlyText, nameSimilarity, readLicenceImage } from './image-text.js';

// What Tesseract 5 (chi_sim) read from a rendered licence: 8 taken for S, 合 for 售, stray quotes.
const READ = `营业执照
统一社会信用代码”91330106MA27USXK3X
名 。称 杭州售美网络科技有限公司
类 ”型 有限责任公司 〈自然人投资或控股)
法定代表人”张三`;
const image = (text: string) => ({ src: 'https://shop.example.cn/licence.png', box: null, text, engine: 'tesseract 5.3.0 chi_sim' });
const RECORD = { name: '杭州合美网络科技有限公司', uscc: '91330106MA27U8XK3X' };

describe('reading a licence image', () => {
  it('repairs a code OCR misread where the alphabet and check digit allow, and matches it with the record', () => {
    const r = readLicenceImage(image(READ), RECORD);
    expect(r.codes).toEqual([{ read: '91330106MA27USXK3X', code: '91330106MA27U8XK3X', checksumValid: true, matchesRecord: true }]);
  });

  it('takes a name read with one character wrong as the record’s, and says how alike', () => {
    const r = readLicenceImage(image(READ), RECORD);
    expect(r.name).toEqual({ read: '杭州售美网络科技有限公司', similarity: 0.92, matchesRecord: true });
    expect(describeReading(r)).toBe('图片识别（OCR）：名称“杭州售美网络科技有限公司”，与名录相近、统一社会信用代码 91330106MA27U8XK3X（与名录一致）');
  });

  it('says when the image names another company, and leaves a seller’s reading uncompared', () => {
    const other = readLicenceImage(image('名称：宁波某某贸易有限公司\n统一社会信用代码：91330106673959654P'), RECORD);
    expect(other.name?.matchesRecord).toBe(false);
    expect(other.codes).toEqual([expect.objectContaining({ code: '91330106673959654P', checksumValid: true, matchesRecord: false })]);
    const seller = readLicenceImage(image(READ), null);
    expect(seller.name).toEqual({ read: '杭州售美网络科技有限公司', similarity: null, matchesRecord: null });
    expect(describeReading(seller)).toContain('（校验位正确）');
  });

  it('keeps a code no repair can make valid, marked as failing its check digit', () => {
    const r = readLicenceImage(image('统一社会信用代码 91330106MA27U8XK3Y'), RECORD);
    expect(r.codes).toEqual([{ read: '91330106MA27U8XK3Y', code: '91330106MA27U8XK3Y', checksumValid: false, matchesRecord: false }]);
  });

  it('says nothing was read from an image without name or code, and an unread image cannot be checked', () => {
    const r = readLicenceImage(image('欢迎光临'), RECORD);
    expect(describeReading(r)).toBe('图片识别（OCR）未读出名称或统一社会信用代码');
    expect(imageOnlyText('营业执照信息', [])).toBe('营业执照信息仅以图片形式公示，名称和统一社会信用代码无法自动核对');
  });

  it('measures names by the characters they share in order', () => {
    expect(nameSimilarity('杭州合美网络科技有限公司', '杭州合美网络科技有限公司')).toBe(1);
    expect(nameSimilarity('杭州合美网络科技有限公司', '杭州合美网络科技（集团）有限公司')).toBeCloseTo(12 / 16);
  });
});
