import { describe, expect, it } from 'vitest';
import { findLicenceNumbers } from './licence-numbers.js';

const numbers = (text: string) => findLicenceNumbers(text).map((n) => [n.kind, n.number]);

describe('findLicenceNumbers', () => {
  it('reads an ICP filing, its site suffix and a 公网安备 number (JD, LeMall, ASUS)', () => {
    expect(numbers('京公网安备 11000002000088号 | 京ICP备11041704号')).toEqual([
      ['police-filing', '11000002000088'],
      ['icp-filing', '京ICP备11041704号'],
    ]);
    expect(numbers('All rights reserved. 京ICP备16033412号-1 网络文化经营许可证文网文[2009]221号')).toEqual([['icp-filing', '京ICP备16033412号-1']]);
    expect(numbers('沪ICP备11025349号-3 │ ASUSTeK')).toEqual([['icp-filing', '沪ICP备11025349号-3']]);
  });

  it('tells an ICP licence (证) from a filing (备), also nested (360) and with a space inside (Sohu)', () => {
    expect(numbers('京ICP证080047号[京ICP备08010314号-6]')).toEqual([
      ['icp-licence', '京ICP证080047号'],
      ['icp-filing', '京ICP备08010314号-6'],
    ]);
    expect(numbers('京ICP证 030367号')).toEqual([['icp-licence', '京ICP证030367号']]);
  });

  it('reads B2 licences with and without province, with a site suffix, under each label', () => {
    const taobao = findLicenceNumbers('增值电信业务经营许可证：浙B2-20080224');
    expect(taobao).toEqual([expect.objectContaining({ kind: 'telecom-licence', number: '浙B2-20080224', label: '增值电信业务经营许可证' })]);
    expect(findLicenceNumbers('增值电信业务经营许可证B2-20090148')[0]).toMatchObject({ number: 'B2-20090148', label: '增值电信业务经营许可证' });
    expect(numbers('增值电信业务经营许可证:浙B2-20120091-2')).toEqual([['telecom-licence', '浙B2-20120091-2']]);
    expect(findLicenceNumbers('增值业务经营许可证：粤B2-20170777')[0]).toMatchObject({ number: '粤B2-20170777', label: '增值业务经营许可证' });
    expect(findLicenceNumbers('ICP经营许可证：粤B2-20080329')[0]).toMatchObject({ number: '粤B2-20080329', label: 'ICP经营许可证' });
    expect(numbers('沪ICP备11009419号  沪B2-20120004号')).toEqual([
      ['icp-filing', '沪ICP备11009419号'],
      ['telecom-licence', '沪B2-20120004'],
    ]);
    expect(numbers('第一类增值电信业务经营许可证 京B1-20150001')).toEqual([['telecom-licence', '京B1-20150001']]);
  });

  it('keeps the old 电信与信息服务 label on an ICP licence (Amazon China)', () => {
    expect(findLicenceNumbers('电信与信息服务业务经营许可证：京ICP证010225号')[0]).toMatchObject({
      kind: 'icp-licence',
      number: '京ICP证010225号',
      label: '电信与信息服务业务经营许可证',
    });
  });

  it('reads a filing labelled as a licence as a filing (心上)', () => {
    expect(findLicenceNumbers('北京屹品文惠科技有限公司 | 网站经营许可证号 京ICP备16068825号')[0]).toMatchObject({
      kind: 'icp-filing',
      number: '京ICP备16068825号',
      label: '网站经营许可证号',
    });
  });

  it('reads 公网安备 without a space, the typo 京公安网备, and the pre-2016 police format', () => {
    expect(numbers('京公网安备11010802020134号')).toEqual([['police-filing', '11010802020134']]);
    expect(numbers('京公安网备11010502027062')).toEqual([['police-filing', '11010502027062']]);
    expect(numbers('北京市公安局朝阳分局备案编号110105014669')).toEqual([['police-filing', '110105014669']]);
  });

  it('does not take other numbers for licences', () => {
    expect(numbers('食品经营许可证：JY11105150653271 网络文化经营许可证京网文[2015]0615-245 客服电话:4008708708 SB2-20080224')).toEqual([]);
  });
});
