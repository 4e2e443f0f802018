// ip-rules (知识产权保护规则, checks.md; ECL 41, 42, 44): the platform publishes its IP
// protection rules, linked from the homepage or its 规则中心, and a channel through which rights
// holders file infringement notices: a 侵权投诉 entry, an IP protection portal, or a notice
// address in the rules' own text.
import type { CheerioAPI } from 'cheerio';
import { linkDetail, linkedDocuments, OUTCOME_WORDS, presenceOf } from './lib/documents.js';
import { pageLinks } from './lib/links.js';
import { judgeProminence } from './lib/rendered.js';
import { pageText } from './lib/text.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'ip-rules';

/** A rights holder's complaint entry, wherever it stands. */
const IP_ENTRY = /(侵权|知识产权|权利人|品牌|打假)[^，。]{0,6}(投诉|举报|通知)|权利人(通知|服务|中心|入口|平台)|知识产权保护(平台|中心)/;
/** On an IP rules page, a plain complaint entry is the rights holders' one. */
const PAGE_ENTRY = /投诉(入口|通道|渠道|平台)|维权(平台|中心|入口)|我要投诉|提交投诉/;
/** IP protection portals (Alibaba's ipp.alibabagroup.com, JD's ipr.jd.com…). */
const PORTAL_URL = /^https?:\/\/(ipp|ipr|brand|brandprotect)\.[a-z0-9-]+\.[a-z.]+/i;
/** A notice address in the rules' text: "权利人可通过邮箱 ip@… 提交侵权通知". */
const NOTICE_ADDRESS = /(侵权|知识产权|权利人)[^。；]{0,30}(投诉|通知)[^。；]{0,30}(邮箱|电子邮件|电话|热线|网址|[\w.-]+@[\w-]+\.[\w.]+|https?:\/\/)/;

export interface Channel {
  /** Snapshot id of the page it stands on. */
  on: string;
  how: 'entry-link' | 'portal-link' | 'notice-address';
  text: string;
  url: string | null;
}

function channelsOn(page: Snapshot, $: CheerioAPI, isRulesPage: boolean): Channel[] {
  const channels: Channel[] = [];
  for (const link of pageLinks($, page.finalUrl)) {
    if (judgeProminence($, link.element).prominence === 'not-visible') continue;
    const how = IP_ENTRY.test(link.text) || (isRulesPage && PAGE_ENTRY.test(link.text)) ? 'entry-link' : PORTAL_URL.test(link.url) ? 'portal-link' : null;
    if (how) channels.push({ on: page.id, how, text: link.text, url: link.url });
  }
  if (isRulesPage) {
    const m = NOTICE_ADDRESS.exec(pageText($).text);
    if (m) channels.push({ on: page.id, how: 'notice-address', text: m[0], url: null });
  }
  return channels;
}

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const found = linkedDocuments(input, home, ['ip-rules']);
  const rules = presenceOf(found.links, found.centresUnchecked);
  const rulesPages = found.links.filter((l) => l.$ && (l.outcome === 'readable' || l.outcome === 'doubtful'));
  const channels = [
    ...channelsOn(home, found.$home, false),
    ...found.centres.flatMap((c) => channelsOn(c.snapshot, c.$, false)),
    ...rulesPages.flatMap((l) => channelsOn(l.snapshot!, l.$!, true)),
  ];
  const channel = channels[0];

  let verdict: Verdict;
  let summary: string;
  const title = rules.link ? `知识产权保护规则（「${rules.link.link.text}」）` : '知识产权保护规则';
  if (rules.presence === 'found' && channel) {
    verdict = 'compliant';
    summary = `已公示${title}，并提供权利人投诉渠道（「${channel.text}」）`;
  } else if (rules.presence === 'unknown' && !channel) {
    verdict = 'not-checked';
    summary = `知识产权保护规则页面未能检查（${NOT_CHECKED_WORDS[rules.reason!]}）`;
  } else if (rules.presence === 'absent' && !channel) {
    verdict = 'violation';
    summary = rules.link ? `${title}${OUTCOME_WORDS.broken}，亦未见权利人投诉渠道` : '首页及规则中心均未见知识产权保护规则及权利人投诉渠道';
  } else {
    verdict = 'needs-review';
    const parts = [
      rules.presence === 'found' ? `已公示${title}，但未见权利人侵权投诉渠道` : null,
      rules.presence === 'doubtful' ? `${title}${OUTCOME_WORDS.doubtful}` : null,
      rules.presence === 'absent' || rules.presence === 'unknown' ? `未见可打开的知识产权保护规则，仅见权利人投诉渠道（「${channel!.text}」）` : null,
      rules.presence === 'doubtful' && !channel ? '未见权利人侵权投诉渠道' : null,
    ];
    summary = parts.filter((p) => p !== null).join('；');
  }

  const details: Record<string, unknown> = {
    ...(verdict === 'not-checked' ? { reason: rules.reason } : {}),
    homepage: { snapshotId: home.id, url: home.finalUrl },
    rulesCentres: found.centres.map((c) => ({ snapshotId: c.snapshot.id, url: c.snapshot.finalUrl })),
    rules: rules.presence,
    links: found.links.map((l) => linkDetail(l, home)),
    complaintChannels: channels,
  };
  const evidence = evidenceOf([home, ...found.centres.map((c) => c.snapshot), ...found.links.map((l) => l.snapshot)]);
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence, capturedAt: home.capturedAt }];
}

export const ipRules: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'rules-centre', 'ip-rules'],
  evaluate,
};
