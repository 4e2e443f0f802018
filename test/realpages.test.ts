// Offline tests on real saved pages of Chinese platforms (shared/realpages, ground truth in its
// NOTES.md). The corpus sits beside the clone in CI; a developer without it skips these.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { absoluteTerms } from '../rules/absolute-terms.js';
import { adLabel } from '../rules/ad-label.js';
import { agreementDisplay } from '../rules/agreement-display.js';
import { licenceDisplay } from '../rules/licence-display.js';
import { selfOperatedLabel } from '../rules/self-operated-label.js';
import { sellerLicenceDisplay } from '../rules/seller-licence-display.js';
import { sellerRegistrationMark } from '../rules/seller-registration-mark.js';
import { unfairTerms } from '../rules/unfair-terms.js';
import { findLicenceNumbers, type LicenceNumber } from '../rules/lib/licence-numbers.js';
import { pageLinks } from '../rules/lib/links.js';
import { listingZones } from '../rules/lib/listings.js';
import { classifyLink } from '../rules/lib/page-kinds.js';
import { promotionSignals, selfOperatedMarks } from '../rules/lib/promotion.js';
import { judgeProminence } from '../rules/lib/rendered.js';
import { isShopLink, shopLinks } from '../rules/lib/shops.js';
import { loadHtml, pageText } from '../rules/lib/text.js';
import { findUsccs } from '../rules/lib/uscc.js';
import type { DraftFinding, PlatformRecord, Snapshot } from '../rules/types.js';
import { hasShared, sharedPath } from './helpers/shared.js';
import { linked, platform, snapshot } from './helpers/snapshots.js';

const SLOW = 60_000;

/**
 * The page as a browser would read it: UTF-8 when the bytes are valid UTF-8 (jd/channel-1 says
 * gbk in its meta but is UTF-8), else GBK (jd/product-1, tmall/product-1, dangdang).
 */
function readRealPage(rel: string): string {
  const bytes = readFileSync(sharedPath('realpages', rel));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

const cache = new Map<string, Snapshot>();
/** A real page captured as a homepage at `url`. */
function realHome(rel: string, url: string): Snapshot {
  const key = `${rel} ${url}`;
  let s = cache.get(key);
  if (!s) cache.set(key, (s = snapshot({ html: readRealPage(rel), url })));
  return s;
}

/** Visible and hidden licence numbers of a page, as the rules judge them. */
function numbersOf(html: string): (LicenceNumber & { visible: boolean })[] {
  const pt = pageText(loadHtml(html));
  return findLicenceNumbers(pt.text).map((n) => ({ ...n, visible: pt.prominenceAt(n.offset)!.prominence !== 'not-visible' }));
}
const numbersIn = (html: string) => numbersOf(html).map((n) => n.number);
const usccsIn = (html: string) => findUsccs(pageText(loadHtml(html)));

const HOME = snapshot({ html: '<html><body><p>首页</p></body></html>' });
/** A real results page captured as the search for `query`, one click from a stand-in homepage. */
function realSearch(rel: string, url: string, query: string): Snapshot {
  return snapshot({ id: 'p02', kind: 'search', url, via: HOME.id, query, html: readRealPage(rel) });
}
/** A real page captured as a shop page (the shop card of an item page is the block a shop page shows too). */
function realShop(rel: string, url: string): Snapshot {
  return snapshot({ id: 'p04', kind: 'shop', url, via: 'p03', depth: 3, html: readRealPage(rel) });
}
/** Per zone: results, paid (a strong promotion signal), 广告-labelled, 自营-marked. */
function zoneCounts(rel: string, url: string) {
  const zones = listingZones(loadHtml(readRealPage(rel)), url);
  return zones.map((z) => ({
    results: z.items.length,
    paid: z.items.filter((i) => promotionSignals(i, z).some((s) => s.strength === 'strong')).length,
    labelled: z.items.filter((i) => [...i.labels, ...z.labels].some((l) => l.text === '广告')).length,
    selfOperated: z.items.filter((i) => selfOperatedMarks(i).length).length,
  }));
}
const byVerdict = (findings: DraftFinding[]) => findings.reduce<Record<string, number>>((m, f) => ({ ...m, [f.verdict]: (m[f.verdict] ?? 0) + 1 }), {});

function licence(home: Snapshot, roster: Partial<PlatformRecord>, ...more: Snapshot[]): DraftFinding {
  return licenceDisplay.evaluate({ platform: platform(roster), snapshots: [home, ...more] })[0]!;
}

describe.skipIf(!hasShared('realpages'))('real pages (shared/realpages)', () => {
  describe('decoding', () => {
    it('reads jd/channel-1 as UTF-8 although its meta says gbk', () => {
      const html = readRealPage('jd/channel-1.html');
      expect(html).toMatch(/<meta charset="gbk">/i);
      expect(html).toContain('京ICP备11041704号');
    });

    it('reads the GBK pages as GBK', () => {
      expect(readRealPage('jd/product-1.html')).toContain('京ICP证070359号');
      expect(readRealPage('dangdang/homepage-1.html')).toContain('京ICP证041189号');
    });
  });

  describe('licence numbers', () => {
    it('taobao/search-1: B2 浙B2-20080224 and 公网安备, no ICP filing', () => {
      const found = numbersOf(readRealPage('taobao/search-1.html'));
      expect(found).toContainEqual(expect.objectContaining({ kind: 'telecom-licence', number: '浙B2-20080224', label: '增值电信业务经营许可证', visible: true }));
      expect(found).toContainEqual(expect.objectContaining({ kind: 'police-filing', number: '33010002000078' }));
      expect(found.filter((n) => n.kind === 'icp-filing')).toEqual([]);
    });

    it('tmall footer: 浙B2-20110446 visible, the 阿里健康 粤 numbers present but hidden', () => {
      const found = numbersOf(readRealPage('tmall/footer-fragment-1.html'));
      const visibility = Object.fromEntries(found.map((n) => [n.number, n.visible]));
      expect(visibility).toEqual({ '浙B2-20110446': true, '33010002000120': true, '粤ICP备14088652号-2': false, '44010602001483': false });
    });

    it('mi: both an ICP licence and an ICP filing, and 公网安备 with no space', () => {
      expect(numbersIn(readRealPage('mi/homepage-1.html'))).toEqual(['京ICP证110507号', '京ICP备10046444号', '11010802020134']);
    });

    it('sohu: a B2 licence without province and 京ICP证 030367号 with a space', () => {
      const found = numbersOf(readRealPage('_controls-non-ecommerce/sohu-homepage-1.html'));
      expect(found).toContainEqual(expect.objectContaining({ kind: 'telecom-licence', number: 'B2-20090148' }));
      expect(found).toContainEqual(expect.objectContaining({ kind: 'icp-licence', number: '京ICP证030367号', raw: '京ICP证 030367号' }));
    });

    it('xinshang: an ICP filing labelled 经营许可证 is still a filing', () => {
      expect(numbersOf(readRealPage('xinshang/category-1.html'))).toEqual([
        expect.objectContaining({ kind: 'icp-filing', number: '京ICP备16068825号', label: '网站经营许可证号' }),
      ]);
    });

    it('gome: 京公安网备 typo, ICP filing and a B2 licence; vip: 增值业务经营许可证; 1688 and lemall suffixes', () => {
      expect(numbersIn(readRealPage('gome/homepage-1.html'))).toEqual(['11010502027062', '沪ICP备11009419号', '沪B2-20120004']);
      expect(numbersOf(readRealPage('vip/footer-fragment-2.html'))).toContainEqual(expect.objectContaining({ number: '粤B2-20170777', label: '增值业务经营许可证' }));
      expect(numbersIn(readRealPage('1688/search-1.html'))).toContain('浙B2-20120091-2');
      expect(numbersIn(readRealPage('lemall/homepage-1.html'))).toEqual(['京ICP备16033412号-1']);
    });

    it('amazon-cn: an ICP licence under the old 电信与信息服务 label; dianping: no numbers at all', () => {
      expect(numbersOf(readRealPage('amazon-cn/category-1.html'))).toContainEqual(
        expect.objectContaining({ kind: 'icp-licence', number: '京ICP证010225号', label: '电信与信息服务业务经营许可证' }),
      );
      expect(numbersIn(readRealPage('dianping/search-1.html'))).toEqual([]);
    });
  });

  describe('credit codes', () => {
    it('amazon-cn: finds 91110105721471662U, printed as link text after 营业执照：', () => {
      const found = usccsIn(readRealPage('amazon-cn/category-1.html'));
      expect(found.map((u) => [u.code, u.checksumValid, u.evidence])).toEqual([['91110105721471662U', true, '营业执照']]);
    });

    it('tmall footer: reads the uniscid= parameter, in a hidden block', () => {
      const html = readRealPage('tmall/footer-fragment-1.html');
      const $ = loadHtml(html);
      const found = findUsccs(pageText($));
      expect(found.map((u) => [u.code, u.source])).toEqual([['91440101681325547Y', 'href']]);
      expect(judgeProminence($, found[0]!.node).prominence).toBe('not-visible');
    });

    it('does not take hd315 备案 bianhao numbers or JSON ids for credit codes', () => {
      const jd = readRealPage('jd/product-1.html');
      const dangdang = readRealPage('dangdang/homepage-1.html');
      const tmall = readRealPage('tmall/product-1.html');
      expect(jd).toContain('bianhao=010202007080200026');
      expect(dangdang).toContain('010202001051000098');
      expect(tmall).toContain('144467169235730560');
      expect(usccsIn(jd)).toEqual([]);
      expect(usccsIn(dangdang)).toEqual([]);
      expect(usccsIn(tmall)).toEqual([]);
    });
  });

  describe('links', () => {
    it('does not take privacy, legal or telecom-licence links for agreements or the business licence', () => {
      expect(classifyLink('法律声明及隐私权政策', '//terms.alicdn.com/legal-agreement/terms/suit_bu1_taobao/x.html')).toBe('privacy');
      const sohu = readRealPage('_controls-non-ecommerce/sohu-homepage-1.html');
      const kinds = pageLinks(loadHtml(sohu), 'https://www.sohu.com/').filter((l) => l.kind === 'licence');
      expect(kinds).toEqual([]);
    });
  });

  describe('licence-display on a homepage alone', () => {
    it('aidingmao: only a copyright line and an ICP filing → violation', () => {
      const f = licence(realHome('aidingmao/category-1.html', 'https://www.aidingmao.com/'), { name: '杭州爱丁猫科技有限公司' });
      expect(f.verdict).toBe('violation');
      expect(f.summary).toBe('首页未公示营业执照信息，也无指向营业执照信息的链接');
      expect(f.details.names).toEqual([expect.objectContaining({ name: '杭州爱丁猫科技有限公司', licenceContext: false })]);
    }, SLOW);

    it('mi: ICP numbers but no licence information → violation', () => {
      expect(licence(realHome('mi/homepage-1.html', 'https://www.mi.com/'), {}).verdict).toBe('violation');
    }, SLOW);

    it('amazon-cn: the credit code as link text → compliant when it is the roster code, needs-review when not', () => {
      const home = realHome('amazon-cn/category-1.html', 'https://www.amazon.cn/');
      const same = licence(home, { name: '北京世纪卓越信息技术有限公司', uscc: '91110105721471662U' });
      expect(same.verdict).toBe('compliant');
      expect(same.details.licenceInfo).toMatchObject({ shownAs: 'text' });
      const other = licence(home, { uscc: '91330106673959654P' });
      expect(other.verdict).toBe('needs-review');
      expect(other.summary).toBe('首页公示的统一社会信用代码与名录登记不一致');
    }, SLOW);

    it('tmall footer: the licence links exist only hidden → violation saying so, not counted as displayed', () => {
      const f = licence(realHome('tmall/footer-fragment-1.html', 'https://www.tmall.com/'), {});
      expect(f.verdict).toBe('violation');
      expect(f.summary).toContain('存在于页面中但未可见呈现');
      expect(f.details.licenceLinks).toEqual([
        expect.objectContaining({ text: '阿里健康大药房营业执照', licenceSystem: true, prominence: 'not-visible' }),
        expect.objectContaining({ url: 'http://idinfo.zjamr.zj.gov.cn//bscx.do?method=lzxx&id=3301843301840000201049', prominence: 'not-visible' }),
      ]);
    });

    it('gome: the sgs.gov.cn 亮照 badge counts by itself → compliant; without it the 经营证照 image alone → needs-review', () => {
      const roster = { name: '国美在线电子商务有限公司' };
      const home = realHome('gome/homepage-1.html', 'https://www.gome.com.cn/');
      const f = licence(home, roster);
      expect(f.verdict).toBe('compliant');
      expect(f.details.licenceInfo).toMatchObject({ shownAs: 'badge' });
      expect(f.details.licenceLinks).toContainEqual(expect.objectContaining({ text: '经营证照', state: 'image' }));

      const $ = loadHtml(home.html);
      $('a.credit-baxx').remove();
      const noBadge = snapshot({ html: $.html(), url: home.finalUrl, page: home.page });
      const image = linked(noBadge, '//gfs10.gomein.net.cn/T1vZd_BTDv1RCvBVdK.jpg', { id: 'p02', kind: 'licence', contentType: 'image/jpeg' });
      const g = licence(noBadge, roster, image);
      expect(g.verdict).toBe('needs-review');
      expect(g.summary).toBe('营业执照信息仅以图片形式公示，名称和统一社会信用代码无法自动核对');
      expect(g.evidence.map((e) => e.path)).toContain('evidence/p02.html');
    }, SLOW);

    it('jd/channel-1: 营业执照 links to a JPEG → needs-review (fields only in an image)', () => {
      const f = licence(realHome('jd/channel-1.html', 'https://book.jd.com/'), {});
      expect(f.verdict).toBe('needs-review');
      expect(f.details.licenceLinks).toContainEqual(expect.objectContaining({ text: '营业执照', state: 'image' }));
    }, SLOW);

    it('1688/search-1: the 网络工商 badge to idinfo.zjamr counts → compliant', () => {
      const f = licence(realHome('1688/search-1.html', 'https://p4psearch.1688.com/'), {});
      expect(f.verdict).toBe('compliant');
      expect(f.details.licenceLinks).toEqual([expect.objectContaining({ text: '网络工商', licenceSystem: true, state: 'badge' })]);
    }, SLOW);

    it('shopin: the footer link to its 营业执照信息 page, which names the operator → compliant', () => {
      const home = realHome('shopin/footer-fragment-1.html', 'http://www.shopin.net/');
      const page = linked(home, '/help/license.html', { id: 'p02', kind: 'licence', html: readRealPage('shopin/licence-2.html') });
      const f = licence(home, { name: '北京上品科技发展有限责任公司' }, page);
      expect(f.verdict).toBe('compliant');
      expect(f.details.licenceInfo).toMatchObject({ shownAs: 'licence-page' });
      expect(f.details.names).toContainEqual(expect.objectContaining({ name: '北京上品科技发展有限责任公司', where: 'p02', matchesRoster: true }));
    });

    it('dianping/search-1: no ICP, B2 or 公网安备 → the missing number is flagged', () => {
      const f = licence(realHome('dianping/search-1.html', 'https://www.dianping.com/'), {});
      expect(f.details.problems).toContainEqual(expect.objectContaining({ code: 'no-telecom-number' }));
    }, SLOW);
  });

  describe('agreement-display on a homepage alone', () => {
    it('xinshang: 用户注册协议 is linked, no 交易规则 → violation naming the rules', () => {
      const f = agreementDisplay.evaluate({ platform: platform(), snapshots: [realHome('xinshang/category-1.html', 'http://91xinshang.com/')] })[0]!;
      expect(f.verdict).toBe('violation');
      expect(f.summary).toBe('首页及规则中心均未见《交易规则》链接');
      expect(f.details.serviceAgreement).toMatchObject({ links: [expect.objectContaining({ text: '用户注册协议', url: 'http://91xinshang.com/agreement/' })] });
    }, SLOW);

    it('taobao/search-1: 法律声明及隐私权政策 is not the service agreement → violation for both documents', () => {
      const f = agreementDisplay.evaluate({ platform: platform(), snapshots: [realHome('taobao/search-1.html', 'https://s.taobao.com/')] })[0]!;
      expect(f.verdict).toBe('violation');
      expect(f.summary).toBe('首页及规则中心均未见《服务协议》链接；首页及规则中心均未见《交易规则》链接');
    }, SLOW);
  });
  describe('search results and ad-label', () => {
    it('jd/search-1: 60 results, the 9 paid ones labelled 广告; the side rail of 18 ad-server results marked only by a CSS icon → needs-review, no violation', () => {
      expect(zoneCounts('jd/search-1.html', 'https://search.jd.com/Search?keyword=手机')).toEqual([
        { results: 60, paid: 9, labelled: 9, selfOperated: 56 },
        { results: 18, paid: 18, labelled: 0, selfOperated: 0 },
      ]);
      const findings = adLabel.evaluate({ platform: platform(), snapshots: [HOME, realSearch('jd/search-1.html', 'https://search.jd.com/Search?keyword=手机', '手机')] });
      expect(byVerdict(findings)).toEqual({ 'needs-review': 19 });
      expect(findings.at(-1)!.details.counts).toMatchObject({ results: 78, paid: 27, labelled: 9, 'icon-only': 18 });
    }, SLOW);

    it('jd/search-fragment-1: 60 results (55 distinct SKUs), 9 paid (8 distinct) all labelled, 39 自营 → compliant', () => {
      expect(zoneCounts('jd/search-fragment-1.html', 'https://search.jd.com/Search?keyword=电脑')).toEqual([{ results: 60, paid: 9, labelled: 9, selfOperated: 39 }]);
      const findings = adLabel.evaluate({ platform: platform(), snapshots: [HOME, realSearch('jd/search-fragment-1.html', 'https://search.jd.com/Search?keyword=电脑', '电脑')] });
      expect(findings).toEqual([expect.objectContaining({ verdict: 'compliant', summary: '检查 1 个搜索结果页共 60 条结果，识别出付费排名结果 9 条（8 个不同结果），均已显著标明“广告”' })]);
    }, SLOW);

    it('taobao/search-1: the right-rail P4P block (16 click.simba results) labelled only 掌柜热卖 → 16 violations', () => {
      const counts = zoneCounts('taobao/search-1.html', 'https://s.taobao.com/search?q=ipad');
      expect(counts.map((z) => z.paid)).toEqual([0, 0, 0, 16]);
      const findings = adLabel.evaluate({ platform: platform(), snapshots: [HOME, realSearch('taobao/search-1.html', 'https://s.taobao.com/search?q=ipad', 'ipad')] });
      expect(byVerdict(findings)).toEqual({ violation: 17 });
      expect(findings[0]!.summary).toContain('付费排名结果未标明“广告”，所在区域仅以“掌柜热卖”标示');
      expect(findings[0]!.subject).toMatch(/^https:\/\/click\.simba\.taobao\.com\//);
    }, SLOW);

    it('1688/search-1: all 20 results paid (click redirects, isad flags), none labelled → 20 violations', () => {
      const findings = adLabel.evaluate({ platform: platform(), snapshots: [HOME, realSearch('1688/search-1.html', 'https://p4psearch.1688.com/page.html?hpageId=old-sem-pc-list', '手机数据线')] });
      expect(byVerdict(findings)).toEqual({ violation: 21 });
      expect(findings.at(-1)!.details.counts).toMatchObject({ results: 20, paid: 20, 'no-label': 20 });
    }, SLOW);

    it('dianping/search-1: 6 of 14 shops promoted, each with an 8px grey 广告 (inline style) → 6 needs-review', () => {
      expect(zoneCounts('dianping/search-1.html', 'https://www.dianping.com/search/keyword/2/0_望京soho')).toEqual([{ results: 14, paid: 6, labelled: 6, selfOperated: 0 }]);
      const findings = adLabel.evaluate({ platform: platform(), snapshots: [HOME, realSearch('dianping/search-1.html', 'https://www.dianping.com/search/keyword/2/0_望京soho', '望京soho')] });
      expect(byVerdict(findings)).toEqual({ 'needs-review': 7 });
      expect(findings[0]!.details.labels).toEqual([expect.objectContaining({ text: '广告', fontSize: 8, contrast: 1.88, prominence: 'weak' })]);
    }, SLOW);

    it('dianping/search-1: each result is a shop, named by its heading, with its 团购 deals as offers', () => {
      const url = 'https://www.dianping.com/search/keyword/2/0_望京soho';
      const [first] = listingZones(loadHtml(readRealPage('dianping/search-1.html')), url)[0]!.items;
      expect(first!.url).toBe('https://www.dianping.com/shop/22597828');
      expect(isShopLink(first!.title, first!.url!)).toBe(true);
      expect(first!.offers.map((o) => o.url)).toEqual(expect.arrayContaining(['http://t.dianping.com/deal/8187227', 'http://t.dianping.com/deal/19870348']));
      expect(first!.offers.find((o) => o.url.endsWith('/deal/8187227'))?.price).toBe('98元');
    });

    it('pinduoduo: a listing API response is JSON, not a results page; its needAdLogo:false ads are beyond an HTML rule', () => {
      const json = readRealPage('pinduoduo/listing-api-fragment-1.json');
      expect(json).toContain('"needAdLogo":false');
      const search = snapshot({ id: 'p02', kind: 'search', url: 'https://mobile.yangkeduo.com/proxy/api/search', via: HOME.id, query: 'x', contentType: 'application/json', html: json });
      expect(adLabel.evaluate({ platform: platform(), snapshots: [HOME, search] })).toEqual([
        expect.objectContaining({ verdict: 'not-checked', summary: '搜索结果页未能检查（未识别出搜索结果列表）' }),
      ]);
    });
  });

  describe('product and shop pages', () => {
    it('finds the shop link of an item page, the Tmall one inside its lazy module', () => {
      const first = (rel: string, url: string) => shopLinks(loadHtml(readRealPage(rel)), url)[0]?.url;
      expect(first('tmall/product-1.html', 'https://detail.tmall.com/item.htm?id=605258110430')).toBe('https://suning.tmall.com/');
      expect(first('taobao/product-1.html', 'https://item.taobao.com/item.htm?id=1')).toBe('https://yikewaishe.taobao.com/');
      expect(first('1688/product-1.html', 'https://detail.1688.com/offer/823801520021.html')).toBe('https://ythlx.1688.com/?offerId=823801520021');
    });

    it('taobao/product-1: an individual seller with only Alipay verification and a deposit → no licence disclosure, no registration mark', () => {
      const shop = realShop('taobao/product-1.html', 'https://yikewaishe.taobao.com/');
      const licenceFindings = sellerLicenceDisplay.evaluate({ platform: platform(), snapshots: [HOME, shop] });
      expect(licenceFindings[0]).toMatchObject({ verdict: 'violation', details: { shownAs: 'none' } });
      expect(sellerRegistrationMark.evaluate({ platform: platform(), snapshots: [HOME, shop] })[0]).toMatchObject({ verdict: 'violation', details: { problems: [expect.objectContaining({ code: 'no-mark' })] } });
    }, SLOW);

    it('tmall/product-1: the 企业资质 亮照 link in the lazy shop card is found; it decides once its page is captured', () => {
      const shop = realShop('tmall/product-1.html', 'https://suning.tmall.com/');
      const unfollowed = sellerLicenceDisplay.evaluate({ platform: platform(), snapshots: [HOME, shop] })[0]!;
      expect(unfollowed).toMatchObject({ verdict: 'not-checked', details: { lazyModules: 1, shownAs: 'unchecked-link' } });
      expect(unfollowed.details.licenceLinks).toEqual([expect.objectContaining({ url: 'https://zhaoshang.tmall.com/maintaininfo/liangzhao.htm?xid=613234933671e1b9a65e6b9b646fdf9d', imageOnly: true })]);
      // the 亮照 page itself is not in the corpus: a stand-in with the fields as text
      const lz = linked(shop, '//zhaoshang.tmall.com/maintaininfo/liangzhao.htm?xid=613234933671e1b9a65e6b9b646fdf9d', {
        id: 'p05',
        kind: 'licence',
        html: '<html><body><p>企业名称：苏宁易购集团股份有限公司</p><p>统一社会信用代码：91330106673959654P</p></body></html>',
      });
      expect(sellerLicenceDisplay.evaluate({ platform: platform(), snapshots: [HOME, shop, lz] })[0]).toMatchObject({ verdict: 'compliant', details: { shownAs: 'licence-page' } });
    }, SLOW);

    it('jd/product-1: 由 京东 发货并提供售后服务 is recorded but does not identify the seller → needs-review', () => {
      const search = snapshot({ id: 'p02', kind: 'search', url: 'https://search.jd.com/Search?keyword=华为', via: HOME.id, query: '华为', html: '<html><body></body></html>' });
      const product = snapshot({ id: 'p03', kind: 'product', url: 'https://item.jd.com/1.html', via: 'p02', linkText: '华为 P6', depth: 2, html: readRealPage('jd/product-1.html') });
      const f = selfOperatedLabel.evaluate({ platform: platform({ name: '北京京东叁佰陆拾度电子商务有限公司' }), snapshots: [HOME, search, product] })[0]!;
      expect(f.verdict).toBe('needs-review');
      expect(f.details.fulfilment).toBe('由 京东 发货并提供售后服务');
      expect(f.summary).toContain('不能证明卖家即平台经营者');
    }, SLOW);
  });

  describe('word-list checks', () => {
    it('shopin/privacy-1: the 隐私协议 read whole, no unfair clause → compliant', () => {
      const privacy = snapshot({ id: 'p02', kind: 'privacy', url: 'http://www.shopin.net/help/privacy.html', via: 'p01', html: readRealPage('shopin/privacy-1.html') });
      const findings = unfairTerms.evaluate({ platform: platform(), snapshots: [HOME, privacy] });
      expect(findings).toEqual([expect.objectContaining({ verdict: 'compliant', details: expect.objectContaining({ counts: expect.objectContaining({ read: 1, sentences: 0 }) }) })]);
    });

    it('jd/search-1: its 78 result titles (67 distinct items) hold no absolute term → compliant', () => {
      const findings = absoluteTerms.evaluate({ platform: platform(), snapshots: [HOME, realSearch('jd/search-1.html', 'https://search.jd.com/Search?keyword=手机', '手机')] });
      expect(findings).toEqual([expect.objectContaining({ verdict: 'compliant', details: expect.objectContaining({ counts: expect.objectContaining({ texts: 78, items: 67, hits: 0 }) }) })]);
    }, SLOW);
  });
});
