// The heuristics that name why a capture failed: text under the wrong charset, a page that
// navigates by itself, a stream of dialogs or windows.
import { describe, expect, it } from 'vitest';
import { failureFromWatch, looksMisdecoded, type PageWatch } from '../../src/crawl/failures.js';

const CHINESE = '本平台由杭州某某网络科技有限公司运营，统一社会信用代码见营业执照。用户服务协议与交易规则请在页面底部查看。';
const asLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const watch = (w: Partial<PageWatch>): PageWatch => ({ documents: 1, dialogs: 0, dialogMessages: [], popups: 0, ...w });

describe('capture failures', () => {
  it('tells Chinese read under the wrong charset from Chinese, English and accented Latin text', () => {
    expect(looksMisdecoded(asLatin1(CHINESE))).toBe(true);
    expect(looksMisdecoded('\ufffd'.repeat(40) + CHINESE.slice(0, 5))).toBe(true);
    expect(looksMisdecoded(CHINESE)).toBe(false);
    expect(looksMisdecoded('Terms of Service — please read them carefully before you buy anything on this site.')).toBe(false);
    expect(looksMisdecoded('Conditions générales de vente : la société élève des réserves sur la livraison à l’étranger, déjà précisées.')).toBe(false);
    expect(looksMisdecoded(`${CHINESE} © 2026 ® ™ ·`)).toBe(false);
  });

  it('names a self-navigating page a redirect loop, and a storm of dialogs or windows the cause of a failed capture', () => {
    const timeout = { reason: 'timeout', message: 'the page did not finish loading' } as const;
    expect(failureFromWatch(timeout, watch({ documents: 30 }))?.reason).toBe('redirect-loop');
    expect(failureFromWatch(null, watch({ documents: 30 }))?.reason).toBe('redirect-loop');
    expect(failureFromWatch(null, watch({ documents: 3 }))).toBeNull();
    expect(failureFromWatch(timeout, watch({ dialogs: 500, dialogMessages: ['alert: 领取红包'] }))?.reason).toBe('dialog');
    expect(failureFromWatch(timeout, watch({ popups: 15 }))?.reason).toBe('popup');
    // a dialog or two is dismissed; the page's own hang stays the reason
    expect(failureFromWatch(timeout, watch({ dialogs: 1, dialogMessages: ['alert: 欢迎'] }))).toBe(timeout);
    // a dismissed dialog on a page that loaded is no failure at all
    expect(failureFromWatch(null, watch({ dialogs: 12 }))).toBeNull();
    const http = { reason: 'http-error', message: 'HTTP 500' } as const;
    expect(failureFromWatch(http, watch({ popups: 15 }))).toBe(http);
  });
});
