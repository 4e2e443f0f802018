// agreement-changes (服务协议和交易规则的修改, checks.md; ECL 34, NTM 28): a change to the service
// agreement or the transaction rules is announced on the site at least seven days before it takes
// effect, and past versions stay readable. Whether a document changed comes from the history
// earlier scans stored (RuleInput.history); the notice and its dates from this scan's pages and
// the notices earlier scans stored.
import { daysBetween, noticeDates, type FoundDate } from './lib/dates.js';
import { documentCaptures, documentKey, documentText, matchDocuments, type DocumentCapture } from './lib/document-text.js';
import { pageLinks } from './lib/links.js';
import { loadHtml } from './lib/text.js';
import { evidenceOf, homepageNotChecked, homepageOf, worstVerdict } from './lib/verdicts.js';
import type { DocumentHistory, DocumentVersion, DraftFinding, PageKind, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'agreement-changes';

/** ECL 34 ¶1: 至少提前七日予以公示. */
export const MIN_NOTICE_DAYS = 7;

/** The documents ECL 34 covers: the agreement and the platform's rules (its IP and credit rules are rules too). */
const JUDGED: readonly PageKind[] = ['agreement', 'rules', 'ip-rules', 'credit-rules'];

const NOTICE_KINDS: readonly PageKind[] = ['homepage', 'rules-centre', 'notice', ...JUDGED];
const NOTICE_WORDS = /公示|公告|通知|征求意见|修订|修改|变更/;
const HISTORY_LINK = /历史版本|历史协议|历史规则|往期|旧版|版本记录|修订记录|历次版本|历史文本/;

/**
 * A page that may carry a notice: one captured in this scan, or a notice page an earlier scan
 * stored (notices are often taken down once the change is in force).
 */
interface Source {
  kind: PageKind;
  url: string;
  title: string;
  text: string;
  snapshot: Snapshot | null;
  seenAt: string;
}

interface Notice {
  source: Source;
  /** The dates were read on the changed document itself. */
  own: boolean;
  announced: FoundDate | null;
  effective: FoundDate | null;
}

/**
 * first-seen: no earlier version; unchanged: the only stored version's text; changed: a text this
 * scan is the first to see; changed-earlier: the text an earlier scan first saw replace the one
 * before it, still in force, so its change is judged again while it stands.
 */
type DocumentStatus = 'first-seen' | 'unchanged' | 'changed' | 'changed-earlier';

interface DocumentJudgement {
  capture: DocumentCapture;
  status: DocumentStatus;
  /** The version the text is compared with. */
  previous: DocumentVersion | null;
  verdict: Verdict;
  finding: string;
  notice: Notice | null;
}

/** The 《…》 names a text mentions. */
const namesIn = (text: string) => [...text.matchAll(/《([^》]{2,40})》/g)].map((m) => m[1]!);

/** Whether a name in a notice is this document's: one contains the other, once the site's name after a separator is dropped. */
function names(title: string, name: string): boolean {
  const core = title.split(/\s*[-_|｜—–]\s*/)[0]!.replace(/[《》]/g, '');
  return core.length >= 2 && (core.includes(name) || name.includes(core));
}

/**
 * The notices that may announce a change of `doc`, most specific first: notice pages naming it,
 * the document itself, notice pages naming no document, and the lines of other pages (a rules
 * centre's list of notices) that name it with a notice word.
 */
function noticesFor(doc: DocumentCapture, sources: readonly Source[], year: number): Notice[] {
  const read = (source: Source, text: string, own: boolean): Notice => ({ source, own, ...noticeDates(text, year) });
  const notices = sources.filter((p) => p.kind === 'notice');
  const naming = notices.filter((p) => namesIn(p.text).some((n) => names(doc.title, n)));
  const generic = notices.filter((p) => namesIn(p.text).length === 0);
  const lines = sources
    .filter((p) => p.kind !== 'notice' && p.snapshot !== doc.snapshot)
    .flatMap((p) => p.text.split('\n').filter((l) => NOTICE_WORDS.test(l) && namesIn(l).some((n) => names(doc.title, n))).map((l) => read(p, l, false)));
  const own = sources.find((p) => p.snapshot === doc.snapshot)!;
  return [...naming.map((p) => read(p, p.text, false)), read(own, doc.text, true), ...generic.map((p) => read(p, p.text, false)), ...lines];
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * Judges the change from `previous` to the text in force, which was first seen at `introducedAt`
 * (this capture, or the scan that first saw the version still in force). `name` opens the finding.
 */
function judgeChange(doc: DocumentCapture, previous: DocumentVersion, introducedAt: string, sources: readonly Source[], name: string): Omit<DocumentJudgement, 'capture' | 'previous' | 'status'> {
  const compared = `与${day(previous.firstSeenAt)}起所存第${previous.version}版相比文本已修改`;
  // A notice whose change took effect by the day the previous text was first seen is about an earlier change.
  const notices = noticesFor(doc, sources, Number(introducedAt.slice(0, 4))).filter((n) => !n.effective || n.effective.date > day(previous.firstSeenAt));
  const dated = notices.find((n) => n.announced && n.effective);
  if (dated) {
    const days = daysBetween(dated.announced!.date, dated.effective!.date);
    const dates = `公示日期${dated.announced!.date}，生效日期${dated.effective!.date}`;
    return days < MIN_NOTICE_DAYS
      ? { verdict: 'violation', finding: `${name}${compared}；${dates}，仅提前${days}日公示，不足${MIN_NOTICE_DAYS}日`, notice: dated }
      : { verdict: 'compliant', finding: `${name}${compared}；${dates}，提前${days}日公示`, notice: dated };
  }
  // Only an effective date: the new text was on the site on the day it was captured, at the latest.
  const effectiveOnly = notices.find((n) => n.effective && (n.own || n.source.kind === 'notice'));
  if (effectiveOnly) {
    const days = daysBetween(introducedAt, effectiveOnly.effective!.date);
    if (days >= MIN_NOTICE_DAYS) return { verdict: 'compliant', finding: `${name}${compared}；新文本首次采集时（${day(introducedAt)}）已公示，距生效日期${effectiveOnly.effective!.date}尚有${days}日`, notice: effectiveOnly };
    return { verdict: 'needs-review', finding: `${name}${compared}；仅读到生效日期${effectiveOnly.effective!.date}，未读到公示日期，需人工核实是否提前${MIN_NOTICE_DAYS}日公示`, notice: effectiveOnly };
  }
  const partial = notices.find((n) => !n.own);
  if (partial) {
    const read = partial.announced ? `仅读到公示日期${partial.announced.date}，未读到生效日期` : '但未能读出公示及生效日期';
    return { verdict: 'needs-review', finding: `${name}${compared}；见到修改公示（${partial.source.title || partial.source.url}），${read}`, notice: partial };
  }
  return { verdict: 'violation', finding: `${name}${compared}，但未见修改前的公示（公示日期及生效日期）`, notice: null };
}

function judgeDocument(capture: DocumentCapture, history: DocumentHistory | null, sources: readonly Source[]): DocumentJudgement {
  const name = `《${capture.title}》`;
  const versions = history?.versions ?? [];
  const newest = versions.at(-1);
  if (!newest) return { capture, status: 'first-seen', previous: null, verdict: 'compliant', finding: `${name}首次采集，尚无以往版本可比对`, notice: null };
  if (newest.text !== capture.text) return { capture, status: 'changed', previous: newest, ...judgeChange(capture, newest, capture.snapshot.capturedAt, sources, name) };
  const before = versions.at(-2);
  if (!before) {
    return { capture, status: 'unchanged', previous: newest, verdict: 'compliant', finding: `${name}与所存第${newest.version}版（${day(newest.firstSeenAt)}至${day(newest.lastSeenAt)}所见）相同，未见修改`, notice: null };
  }
  // The change that brought the text in force stays a finding while the text stands, so a later
  // scan (the one a review is bound to, the next nightly) does not lose it.
  const inForce = `${name}现行文本（第${newest.version}版，${day(newest.firstSeenAt)}起所见）`;
  return { capture, status: 'changed-earlier', previous: before, ...judgeChange(capture, before, newest.firstSeenAt, sources, inForce) };
}

function noticeDetail(n: Notice): Record<string, unknown> {
  const { source } = n;
  return {
    snapshotId: source.snapshot?.id ?? null,
    // a notice no longer on the site, as an earlier scan stored it
    ...(source.snapshot ? {} : { fromEarlierScan: true, seenAt: source.seenAt }),
    url: source.url,
    title: source.title,
    announced: n.announced?.date ?? null,
    effective: n.effective?.date ?? null,
    announcedText: n.announced?.text ?? null,
    effectiveText: n.effective?.text ?? null,
  };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];

  const captures = documentCaptures(input.snapshots, JUDGED);
  if (!captures.length) {
    return [{ checkId: CHECK_ID, verdict: 'not-checked', subject: home.finalUrl, summary: '未采集到服务协议或交易规则页面，未能检查其修改情况', details: { reason: 'page-kind-not-found' }, evidence: evidenceOf([home]), capturedAt: home.capturedAt }];
  }
  // the pages a notice or a 历史版本 link may stand on (not search results or product pages)
  const loaded = input.snapshots.filter((s) => !s.failure && s.html && NOTICE_KINDS.includes(s.kind));
  const known = input.history?.documents ?? [];
  const capturedUrls = new Set(loaded.map((s) => documentKey(s.finalUrl)));
  // the documents' text is read once: each read parses the page twice
  const texts = new Map(captures.map((c) => [c.snapshot, c.text]));
  const sources: Source[] = [
    ...loaded.map((s) => ({ kind: s.kind, url: s.finalUrl, title: s.title, text: texts.get(s) ?? documentText(s.html), snapshot: s, seenAt: s.capturedAt })),
    ...known
      .filter((d) => d.kind === 'notice' && !capturedUrls.has(d.url) && d.versions.length)
      .map((d) => ({ kind: d.kind, url: d.url, title: d.title, text: d.versions.at(-1)!.text, snapshot: null, seenAt: d.versions.at(-1)!.lastSeenAt })),
  ];
  const matched = matchDocuments(captures, known);
  const docs = captures.map((c, i) => judgeDocument(c, matched[i] ?? null, sources));

  // Past versions stay readable: a 历史版本 link on the documents, notices, rules centres or homepage, or such a page.
  const historyLinks = loaded.flatMap((s) => pageLinks(loadHtml(s.html), s.finalUrl).filter((l) => HISTORY_LINK.test(l.text)).map((l) => ({ on: s.id, text: l.text, url: l.url })));
  const historyPage = loaded.find((s) => HISTORY_LINK.test(s.title));
  const historyFound = historyLinks.length > 0 || historyPage !== undefined;
  const historyText = historyFound ? `可查阅历史版本（「${historyLinks[0]?.text ?? historyPage!.title}」）` : '未见历史版本入口，以往版本可能无法查阅';

  const changeVerdict = worstVerdict(docs.map((d) => d.verdict));
  const verdict = worstVerdict([changeVerdict, historyFound ? 'compliant' : 'needs-review']);
  const changed = docs.filter((d) => d.status === 'changed' || d.status === 'changed-earlier');
  const changeText = changed.length
    ? changed.filter((d) => d.verdict === changeVerdict).map((d) => d.finding).join('；')
    : docs.some((d) => d.previous)
      ? `${docs.filter((d) => d.previous).map((d) => `《${d.capture.title}》（比对第${d.previous!.version}版）`).join('、')}与上次所存版本相同，未见修改`
      : `首次采集${docs.map((d) => `《${d.capture.title}》`).join('、')}，尚无以往版本可比对`;
  const summary = `${changeText}；${historyText}`;

  const noticePages = docs.map((d) => d.notice?.source.snapshot ?? null);
  const detailOf = (d: DocumentJudgement) => ({
    title: d.capture.title,
    kind: d.capture.kind,
    url: d.capture.key,
    snapshotId: d.capture.snapshot.id,
    status: d.status,
    ...(d.previous ? { comparedWith: { version: d.previous.version, sha256: d.previous.sha256, firstSeenAt: d.previous.firstSeenAt, lastSeenAt: d.previous.lastSeenAt } } : {}),
    verdict: d.verdict,
    finding: d.finding,
    ...(d.notice ? { notice: noticeDetail(d.notice) } : {}),
  });
  // A finding per document whose change is in doubt or in breach, keyed by its URL across nightly runs.
  const documentFindings: DraftFinding[] = changed
    .filter((d) => d.verdict !== 'compliant')
    .map((d) => ({
      checkId: CHECK_ID,
      verdict: d.verdict,
      subject: d.capture.key,
      summary: d.finding,
      details: { minimumNoticeDays: MIN_NOTICE_DAYS, document: detailOf(d) },
      evidence: evidenceOf([d.capture.snapshot, d.notice?.source.snapshot ?? null]),
      capturedAt: d.capture.snapshot.capturedAt,
    }));
  return [
    {
      checkId: CHECK_ID,
      verdict,
      subject: home.finalUrl,
      summary,
      details: {
        minimumNoticeDays: MIN_NOTICE_DAYS,
        documents: docs.map(detailOf),
        pastVersions: { verdict: historyFound ? 'compliant' : 'needs-review', finding: historyText, links: historyLinks, ...(historyPage ? { page: { snapshotId: historyPage.id, url: historyPage.finalUrl } } : {}) },
      },
      evidence: evidenceOf([home, ...docs.map((d) => d.capture.snapshot), ...noticePages]),
      capturedAt: (changed[0] ?? docs[0]!).capture.snapshot.capturedAt,
    },
    ...documentFindings,
  ];
}

export const agreementChanges: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'rules-centre', 'notice', ...JUDGED],
  evaluate,
};
