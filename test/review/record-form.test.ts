import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/evidence/bundle.js';
import { canonicalJson } from '../../src/evidence/canonical.js';
import { evidencePointer } from '../../src/findings/pointer.js';
import { buildRecordForm, FORM_ROWS, type FormRow } from '../../src/review/record-form.js';
import { inspection, item, PEOPLE } from './forms.js';

const shot = (name: string) => ({ kind: 'screenshot' as const, path: `evidence/p-youpin/${name}.png`, sha256: sha256(name) });
const row = (rows: FormRow[], id: string) => rows.find((r) => r.id === id)!;

describe('the record form builder', () => {
  it('puts each confirmed result in its 附件1 rows, numbered with its annexed screenshots, and says 本次未检查 where no check looked', () => {
    const items = [
      item('licence-display', 'compliant', '首页页脚展示营业执照信息和增值电信业务经营许可证', { evidence: [shot('p01-homepage')] }),
      item('ad-label', 'violation', '搜索“手机”第 1 组结果第 2 位「旗舰手机」：竞价排名结果未标明“广告”', { evidence: [shot('p05-search')], details: { cardBox: { x: 10, y: 900, width: 600, height: 120 } } }),
      // its element is one level down, in the label: the annex outlines the box the review page does
      item('ad-label', 'violation', '搜索“耳机”第 1 组结果第 1 位「降噪耳机」：仅标注“推广”', { evidence: [shot('p06-search')], details: { labels: [{ text: '推广', box: { x: 40, y: 300, width: 30, height: 16 } }] } }),
      item('prohibited-listings', 'needs-review', '搜索“象牙”第 1 组结果第 3 位「象牙摆件」含重点排查词“象牙”', { evidence: [shot('p05-search')], details: { cardBox: { x: 10, y: 1200, width: 600, height: 120 } } }),
      item('unfair-terms', 'compliant', '未发现不公平格式条款'),
      item('item-6', 'compliant', '查阅平台内经营者身份核验台账，已按规定核验登记'),
      item('item-16', 'violation', '平台未建立检查监控制度，未能提供巡查记录'),
    ];
    const { content, ready, pending } = buildRecordForm({ inspection: inspection(), items, people: PEOPLE });
    expect(pending).toEqual([]);
    expect(ready).toBe(true);

    // Every row of 附件1, in its order, with the two columns.
    expect(content.rows.map((r) => `${r.group}/${r.name}`)).toEqual(FORM_ROWS.map((r) => `${r.group}/${r.name}`));
    expect(content.rows).toHaveLength(19);
    expect(content.rows.map((r) => r.group)).toContain('商标标识');

    const ads = row(content.rows, 'ads');
    expect(ads.online.state).toBe('problems');
    expect(ads.online.text).toBe(
      ['1. 发现违法：搜索“手机”第 1 组结果第 2 位「旗舰手机」：竞价排名结果未标明“广告”（见附图 1）', '2. 发现违法：搜索“耳机”第 1 组结果第 1 位「降噪耳机」：仅标注“推广”（见附图 2）'].join('\n'),
    );
    // A screenshot cited twice is annexed once, numbered where the form first cites it, with both findings' boxes.
    expect(row(content.rows, 'prohibited').online.text).toBe('1. 待研判：搜索“象牙”第 1 组结果第 3 位「象牙摆件」含重点排查词“象牙”（见附图 1）');
    expect(content.annex.map((a) => [a.n, a.path])).toEqual([
      [1, 'evidence/p-youpin/p05-search.png'],
      [2, 'evidence/p-youpin/p06-search.png'],
    ]);
    expect(content.annex[0]!.boxes).toEqual([{ x: 10, y: 1200, width: 600, height: 120 }, { x: 10, y: 900, width: 600, height: 120 }]);
    expect(content.annex[1]!.boxes).toEqual([evidencePointer(items[2]!.current.details).box]);
    expect(content.annex[1]!.boxes).toEqual([{ x: 40, y: 300, width: 30, height: 16 }]);
    expect(content.annex[0]!.sha256).toBe(sha256('p05-search'));

    // licence-display serves both 主体资格 rows; a compliant result is 未发现问题, never 合格; a row
    // lists only the checks the inspection covers (seller-licence-display through item-6, not run).
    expect(row(content.rows, 'registration').online.text).toBe('（一）亮证亮照：未发现问题\n（一）（六）平台内经营者亮照：本次未检查');
    expect(row(content.rows, 'display').online.text).toBe('（一）亮证亮照：未发现问题\n（一）（六）平台内经营者亮照：本次未检查');
    expect(row(content.rows, 'unfair-terms').online.text).toBe('未发现问题');
    for (const id of ['permits', 'consumer-law', 'completeness', 'pricing', 'tourism', 'attention', 'unfair-competition', 'pyramid', 'complaints', 'trademarks']) {
      expect(row(content.rows, id).online).toEqual({ state: 'not-checked', entries: [], text: '本次未检查' });
    }
    expect(content.rows.flatMap((r) => [r.online.text, r.onsite.text]).join('\n')).not.toContain('合格');

    // What the inspectors recorded for the offline items goes to 实地检查情况.
    expect(row(content.rows, 'registration').onsite.text).toBe('1. （六）未发现问题：查阅平台内经营者身份核验台账，已按规定核验登记');
    expect(row(content.rows, 'permits').onsite.text).toBe('1. （六）未发现问题：查阅平台内经营者身份核验台账，已按规定核验登记');
    expect(row(content.rows, 'other').onsite.text).toBe('1. （十六）发现违法：平台未建立检查监控制度，未能提供巡查记录');
    expect(row(content.rows, 'ads').onsite.text).toBe('本次未检查');

    // The campaign's items with their results.
    const results = Object.fromEntries(content.campaignRecord.map((r) => [r.key, r.result]));
    // (一) is half checked: seller-licence-display (in scope through item-6) gave no result.
    expect(results).toEqual({ 'item-1': '需进一步核查', 'item-6': '符合', 'item-12': '不符合（违法）', 'item-16': '不符合（违法）', 'unfair-terms': '符合' });
    expect(content.campaignRecord.find((r) => r.key === 'item-16')!.evidence).toEqual(['未取得夜间扫描记录']);

    expect(content.header).toMatchObject({
      unit: '中卫市市场监督管理局市场与网络交易监管科',
      dates: { from: '2026-11-22', to: '2026-11-22' },
      target: { name: '优品网络科技有限公司', brand: '优品商城', uscc: '91330106673959654P', url: 'https://youpin.example.cn/' },
      inspectors: [{ name: '王伟', certificate: '64050012345' }, { name: '李娜', certificate: '64050067890' }],
      runId: 'run-20261122',
      campaign: { name: '2026 年电子商务平台双随机抽查', drawId: 'draw-2026-1' },
    });
    expect(content.header.ruleVersions.map((r) => r.checkId)).toEqual(['ad-label', 'licence-display', 'prohibited-listings', 'unfair-terms']);
  });

  it('annexes an image once however many files hold its bytes, and every row relying on it cites its 附图 number', () => {
    // A search that lands on the homepage leaves the homepage's bytes under each search's name.
    const home = (name: string) => ({ kind: 'screenshot' as const, path: `evidence/p-youpin/${name}.png`, sha256: sha256('homepage') });
    const items = [
      item('licence-display', 'violation', '首页未公示营业执照信息', { evidence: [home('p01-homepage')] }),
      item('ad-label', 'violation', '搜索“手机”结果「旗舰手机」仅标注“推广”', { evidence: [home('p10-search'), home('p11-search'), shot('p12-product')] }),
      item('prohibited-listings', 'needs-review', '首页推荐「象牙摆件」', { evidence: [home('p01-homepage'), home('p13-search')] }),
    ];
    const { content } = buildRecordForm({ inspection: inspection(), items, people: PEOPLE });
    expect(content.annex.map((a) => [a.n, a.path, a.alsoAt])).toEqual([
      [1, 'evidence/p-youpin/p01-homepage.png', ['evidence/p-youpin/p13-search.png', 'evidence/p-youpin/p10-search.png', 'evidence/p-youpin/p11-search.png']],
      [2, 'evidence/p-youpin/p12-product.png', []],
    ]);
    expect(content.annex[0]!.checkIds).toEqual(['licence-display', 'prohibited-listings', 'ad-label']);
    expect(row(content.rows, 'registration').online.text).toBe('（一）亮证亮照\n1. 发现违法：首页未公示营业执照信息（见附图 1）\n（一）（六）平台内经营者亮照：本次未检查');
    expect(row(content.rows, 'display').online.text).toContain('1. 发现违法：首页未公示营业执照信息（见附图 1）');
    expect(row(content.rows, 'ads').online.text).toBe('1. 发现违法：搜索“手机”结果「旗舰手机」仅标注“推广”（见附图 1、2）');
    expect(row(content.rows, 'prohibited').online.text).toBe('1. 待研判：首页推荐「象牙摆件」（见附图 1）');
  });

  it('shows a result an inspector recorded for a check or item outside the campaign', () => {
    const items = [
      item('ad-label', 'compliant', '竞价排名结果均标注“广告”'),
      item('absolute-terms', 'violation', '商品标题使用“全网第一”', { origin: 'inspector' }),
      item('item-14', 'compliant', '平台已按期报送平台内经营者身份信息'),
    ];
    const { content, ready } = buildRecordForm({ inspection: inspection({ checks: ['ad-label'] }), items });
    expect(ready).toBe(true);
    expect(row(content.rows, 'ads').online.text).toBe('（十二）竞价排名广告标注：未发现问题\n广告绝对化用语\n1. 发现违法：商品标题使用“全网第一”（执法人员记录）');
    expect(row(content.rows, 'other').onsite.text).toBe('1. （十四）未发现问题：平台已按期报送平台内经营者身份信息');
    expect(content.campaignRecord.map((r) => [r.key, r.result])).toEqual([
      ['item-12', '符合'],
      ['item-14', '符合'],
      ['absolute-terms', '不符合（违法）'],
    ]);
  });

  it('keeps the form unsignable while an item is a draft, and leaves rejected items out', () => {
    const draft = item('ad-label', 'violation', '搜索“手机”第 1 组结果第 2 位未标明广告', { status: 'draft' });
    const rejected = item('licence-display', 'violation', '首页未展示营业执照信息', { status: 'rejected' });
    const built = buildRecordForm({ inspection: inspection({ checks: ['licence-display', 'ad-label', 'item-7'] }), items: [draft, rejected] });
    expect(built.ready).toBe(false);
    expect(built.pending).toEqual([
      `（十二）竞价排名广告标注：「搜索“手机”第 1 组结果第 2 位未标明广告」待确认或驳回（条目 ${draft.id}）`,
      '（七）电子商务平台经营者对平台发布的商品和服务信息、交易信息记录和保存的检查：待录入书面或实地检查结果',
      '尚无已确认的检查结果',
    ]);
    const text = JSON.stringify(built.content);
    expect(text).not.toContain('首页未展示营业执照信息');
    expect(text).not.toContain('未标明广告');
    expect(row(built.content.rows, 'display').online).toEqual({ state: 'no-conclusion', entries: [], text: '未形成检查结论（自动检查结果已驳回）' });
    expect(row(built.content.rows, 'ads').online).toMatchObject({ state: 'pending', text: '待审核' });
    expect(built.content.campaignRecord.find((r) => r.key === 'item-7')!.result).toBe('未检查');
  });

  it('hashes the canonical content, outcome included, and reports for (十六) how long violations stayed online', () => {
    const items = [item('prohibited-listings', 'compliant', '未发现重点排查商品'), item('item-16', 'needs-review', '平台提供了巡查制度文本，执行情况待核实')];
    const tracks = [
      { checkId: 'prohibited-listings', subject: 'https://youpin.example.cn/item/1', summary: '象牙摆件', verdict: 'needs-review' as const, firstSeenAt: '2026-11-01T18:00:00Z', lastSeenAt: '2026-11-13T18:00:00Z', resolvedAt: null, runsSeen: 13 },
      { checkId: 'prohibited-listings', subject: 'https://youpin.example.cn/item/2', summary: '军用迷彩服', verdict: 'violation' as const, firstSeenAt: '2026-11-02T18:00:00Z', lastSeenAt: '2026-11-05T18:00:00Z', resolvedAt: '2026-11-06T18:00:00Z', runsSeen: 4 },
      { checkId: 'licence-display', subject: 'https://youpin.example.cn/', summary: '首页未展示营业执照', verdict: 'violation' as const, firstSeenAt: '2026-11-02T18:00:00Z', lastSeenAt: '2026-11-03T18:00:00Z', resolvedAt: null, runsSeen: 2 },
    ];
    // 13 nightlies of every check, 2026-11-01 to 11-13 at 18:00 UTC (北京时间 the next morning)
    const scans = Array.from({ length: 13 }, (_, d) => ({ runId: `n${d}`, finishedAt: `2026-11-${String(d + 1).padStart(2, '0')}T18:00:00Z`, checks: ['prohibited-listings', 'licence-display'] }));
    const history = { scans, tracks };
    const outcome = { rectificationOrdered: true, removalsDemanded: 2, closureRequested: false, caseOpened: false, note: '责令三日内下架' };
    const built = buildRecordForm({ inspection: inspection({ checks: ['prohibited-listings', 'item-16'] }), items, history, outcome });
    expect(built.contentSha256).toBe(sha256(canonicalJson(built.content)));
    expect(built.content.outcome).toEqual(outcome);
    expect(buildRecordForm({ inspection: inspection({ checks: ['prohibited-listings', 'item-16'] }), items, history }).contentSha256).not.toBe(built.contentSha256);

    const sixteen = built.content.campaignRecord.find((r) => r.key === 'item-16')!;
    // The inspectors decide (十六); the scans are its supporting evidence, the platform's own licence is not.
    expect(sixteen.result).toBe('需进一步核查');
    expect(sixteen.evidence).toEqual(['2026-11-02 至 2026-11-14 共 13 次夜间扫描：', '重点商品（禁售、限售商品）：扫描发现 2 条（违法 1 条，待研判 1 条）；1 条仍在线，最长已在线 12 天；1 条已下线，最长在线 4 天']);
    expect(built.content.monitoring.map((t) => t.summary)).toEqual(['象牙摆件', '军用迷彩服']);
  });

  it('says (十六) found nothing only over nightly scans that ran a monitoring check, and says so when none did', () => {
    const items = [item('item-16', 'compliant', '平台巡查制度已执行')];
    const sixteen = (scans: { runId: string; finishedAt: string; checks: string[] }[]) =>
      buildRecordForm({ inspection: inspection({ checks: ['item-16'] }), items, history: { scans, tracks: [] } }).content.campaignRecord.find((r) => r.key === 'item-16')!.evidence;
    expect(sixteen([])).toEqual(['本平台尚无检查平台内信息的夜间扫描记录，不能据此说明平台内违法信息的在线情况']);
    // a nightly of the platform's own display duties says nothing of its sellers' listings
    expect(sixteen([{ runId: 'n1', finishedAt: '2026-11-01T18:00:00Z', checks: ['licence-display'] }])).toEqual(['本平台尚无检查平台内信息的夜间扫描记录，不能据此说明平台内违法信息的在线情况']);
    expect(sixteen([{ runId: 'n1', finishedAt: '2026-11-01T18:00:00Z', checks: ['ad-label'] }, { runId: 'n2', finishedAt: '2026-11-02T18:00:00Z', checks: ['ad-label'] }])).toEqual(['2026-11-02 至 2026-11-03 共 2 次夜间扫描，未记录到平台内违法或待研判信息']);
  });
});
