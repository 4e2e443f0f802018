// complaint-channel (投诉举报方式, checks.md; ECL 59): the platform publishes how to complain or
// report, on the homepage or one click away: a complaint phone number (400-…, a landline, or a
// referral to 12315), or an online entry (a 投诉/举报 link that leads to a page or form).
import type { CheerioAPI } from 'cheerio';
import { linkDetail, linkedDocuments, type DocumentLink } from './lib/documents.js';
import { pageText } from './lib/text.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'complaint-channel';

/** A phone number introduced as a complaint, report or service line: "投诉电话：400-800-0000". */
const PHONE = /(投诉|举报|客服|维权|服务)(电话|热线|专线)?[^。；\d]{0,8}?((?:400|800)[-\s]?\d{3}[-\s]?\d{4}|0\d{2,3}-\d{7,8}|12315)/g;
/** The national 12315 hotline or platform named as where to complain. */
const REFERRAL = /12315/g;
const REFERRAL_URL = /^https?:\/\/([a-z0-9-]+\.)*12315\.cn/i;

export interface ComplaintChannel {
  /** Snapshot id of the page it stands on. */
  on: string;
  how: 'phone' | '12315' | 'online-entry';
  text: string;
  url: string | null;
}

function phonesOn(page: Snapshot, $: CheerioAPI): ComplaintChannel[] {
  const pt = pageText($);
  const channels: ComplaintChannel[] = [];
  for (const re of [PHONE, REFERRAL]) {
    for (const m of pt.text.matchAll(re)) {
      const number = re === PHONE ? m[3]! : m[0];
      const offset = m.index + m[0].lastIndexOf(number);
      if (pt.prominenceAt(offset)?.prominence === 'not-visible' || channels.some((c) => c.text.includes(number))) continue;
      channels.push({ on: page.id, how: number === '12315' ? '12315' : 'phone', text: re === PHONE ? m[0] : pt.text.slice(Math.max(0, m.index - 10), m.index + 5).trim(), url: null });
    }
  }
  return channels;
}

function entryOf(l: DocumentLink): ComplaintChannel | null {
  if (REFERRAL_URL.test(l.link.url)) return { on: l.on.id, how: '12315', text: l.link.text, url: l.link.url };
  // a complaint form behind a login is still a channel
  if (l.outcome === 'readable' || l.outcome === 'doubtful') return { on: l.on.id, how: 'online-entry', text: l.link.text, url: l.link.url };
  return null;
}

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const found = linkedDocuments(input, home, ['complaint']);
  // one click away: only links on the homepage itself, not those of a rules centre
  const links = found.links.filter((l) => l.on === home);
  const channels = [
    ...phonesOn(home, found.$home),
    ...links.flatMap((l) => [...(entryOf(l) ? [entryOf(l)!] : []), ...(l.$ && l.snapshot ? phonesOn(l.snapshot, l.$) : [])]),
  ];
  const unchecked = links.find((l) => l.outcome === 'unchecked');

  let verdict: Verdict;
  let summary: string;
  if (channels.length) {
    verdict = 'compliant';
    summary = `已公示投诉举报方式：${[...new Set(channels.map((c) => `「${c.text}」`))].slice(0, 3).join('、')}`;
  } else if (unchecked) {
    verdict = 'not-checked';
    summary = `投诉举报页面（「${unchecked.link.text}」）未能检查（${NOT_CHECKED_WORDS[unchecked.target?.reason ?? 'page-kind-not-found']}），首页未见投诉电话`;
  } else {
    verdict = 'violation';
    const broken = links.map((l) => `「${l.link.text}」`);
    summary = broken.length ? `投诉举报链接${broken.join('、')}失效或指向空白/错误页面，首页未见投诉电话` : '首页及其一次点击可达的页面均未见投诉电话或在线投诉举报入口';
  }
  const details: Record<string, unknown> = {
    ...(verdict === 'not-checked' ? { reason: unchecked!.target?.reason ?? 'page-kind-not-found' } : {}),
    homepage: { snapshotId: home.id, url: home.finalUrl },
    links: links.map((l) => linkDetail(l, home)),
    channels,
  };
  const evidence = evidenceOf([home, ...links.map((l) => l.snapshot)]);
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence, capturedAt: home.capturedAt }];
}

export const complaintChannel: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'complaint'],
  evaluate,
};
