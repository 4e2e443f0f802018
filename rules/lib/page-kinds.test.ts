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
});
