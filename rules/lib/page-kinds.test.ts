import { describe, expect, it } from 'vitest';
import { classifyLink, classifyPage } from './page-kinds.js';

describe('page kinds', () => {
  it('tells the other consumer terms (活动规则, 售后服务政策, 退换货, 消费者告知书) from agreements, rules and rules centres', () => {
    const kinds = (texts: string[]) => texts.map((t) => classifyLink(t, '/x'));
    expect(kinds(['活动规则', '售后服务政策', '退换货说明', '七天无理由退货规则', '消费者告知书', '购物须知', '优惠券使用规则'])).toEqual(Array(7).fill('terms'));
    expect(kinds(['淘宝规则', '交易规则', '用户服务协议', '规则中心', '关于修订《用户服务协议》的公示'])).toEqual(['rules-centre', 'rules', 'agreement', 'rules-centre', 'notice']);
    expect(classifyLink('', 'https://help.example.cn/after-sales/policy.html')).toBe('terms');
    // a page reached as something else but titled as consumer terms is those terms
    expect(classifyPage('双十一活动规则 - 某某商城', '双十一活动规则', 'rules')).toBe('terms');
  });

  it('knows a help centre for a rules centre, a list of 处罚/处置/治理 notices for an enforcement page, a merchant’s 资质 for a licence', () => {
    const kinds = (texts: string[]) => texts.map((t) => classifyLink(t, '/x'));
    expect(kinds(['帮助中心', '规则频道', '处罚公告', '违规治理公告', '处置通报', '商户资质', '商家资质'])).toEqual(['rules-centre', 'rules-centre', 'enforcement', 'enforcement', 'enforcement', 'licence', 'licence']);
    expect(classifyPage('平台治理公告 - 某某网', '平台治理公告', 'notice')).toBe('enforcement');
  });
});
