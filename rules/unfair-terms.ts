// unfair-terms (格式条款, NTM 21, checks.md): the texts of agreements, rules, notices and
// statements are read sentence by sentence for the six kinds of content NTM 21 forbids, from the
// versioned pattern table rules/data/unfair-terms.json (plus a bureau's own, see term-lists.ts).
// A sole or final right of interpretation (（五）) is a violation; the other kinds need a person.
//
// Findings: one per sentence that hits, quoting it with where it stands (snapshot, URL, character
// offset in the page text, the element box when the page was measured), and one platform-level
// finding with the counts per kind and the documents read.
import { renderingOf } from './lib/rendered.js';
import { noPagesFinding, platformFinding, urlOf } from './lib/samples.js';
import { BUILT_IN_TERMS, type UnfairCategory, type UnfairTermsList } from './lib/term-lists.js';
import { documentPageText, SENTENCE_END } from './lib/document-text.js';
import type { PageText } from './lib/text.js';
import { evidenceOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { Box, DraftFinding, NotCheckedReason, PageKind, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'unfair-terms';
/** A sentence longer than this (a page without punctuation) is quoted as a window around the hit. */
const MAX_QUOTE = 200;
const WINDOW = 60;

/** The pages NTM 21 covers: the platform's own documents (协议、规则、通知、声明), not listings. */
const DOCUMENTS: Readonly<Partial<Record<PageKind, string>>> = {
  agreement: '服务协议',
  rules: '交易规则',
  'rules-centre': '规则中心',
  privacy: '隐私政策',
  'ip-rules': '知识产权规则',
  'credit-rules': '信用评价规则',
  enforcement: '违规处理公示',
  complaint: '投诉举报说明',
  notice: '公告',
  terms: '消费者须知',
};
const DOCUMENT_KINDS = Object.keys(DOCUMENTS) as PageKind[];


interface Hit {
  category: UnfairCategory;
  text: string;
  offset: number;
  source: string;
}

interface SentenceHit {
  doc: Snapshot;
  start: number;
  quote: string;
  truncated: boolean;
  hits: Hit[];
  box: Box | null;
}

interface DocReport {
  doc: Snapshot;
  reason: NotCheckedReason | null;
  characters: number;
  sentences: SentenceHit[];
}

interface Compiled {
  category: UnfairCategory;
  re: RegExp;
  source: string;
}

function compile(list: UnfairTermsList): { entries: Compiled[]; guards: RegExp[] } {
  const categories = new Map(list.categories.map((c) => [c.id, c]));
  return {
    // a list is validated where it is read (src/roster/term-lists.ts), so every category is known here
    entries: list.entries.map((e) => ({ category: categories.get(e.category)!, re: new RegExp(e.pattern, 'g'), source: e.source })),
    guards: list.guards.map((g) => new RegExp(g.pattern)),
  };
}

/** Start offsets of the sentences of `text` (each runs to the next start). */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(SENTENCE_END)) starts.push(m.index + 1);
  return starts;
}

function sentenceAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function scanDocument(doc: Snapshot, pt: PageText, table: ReturnType<typeof compile>): SentenceHit[] {
  const { text } = pt;
  const starts = sentenceStarts(text);
  const bySentence = new Map<number, Hit[]>();
  for (const { category, re, source } of table.entries) {
    for (const m of text.matchAll(re)) {
      const i = sentenceAt(starts, m.index);
      const before = text.slice(starts[i]!, m.index);
      if (table.guards.some((g) => g.test(before))) continue;
      const hits = bySentence.get(i) ?? [];
      // two patterns of one kind on the same words are one hit
      if (!hits.some((h) => h.category === category && h.offset === m.index)) hits.push({ category, text: m[0], offset: m.index, source });
      bySentence.set(i, hits);
    }
  }
  return [...bySentence.entries()]
    .sort(([a], [b]) => a - b)
    .map(([i, hits]) => {
      hits.sort((a, b) => a.offset - b.offset);
      const raw = text.slice(starts[i]!, starts[i + 1] ?? text.length);
      const start = starts[i]! + (raw.length - raw.trimStart().length);
      const sentence = raw.trim();
      const first = hits[0]!.offset;
      const truncated = sentence.length > MAX_QUOTE;
      const quote = truncated ? text.slice(Math.max(start, first - WINDOW), first + hits[0]!.text.length + WINDOW).trim() : sentence;
      const node = pt.nodeAt(first);
      const rendering = node ? renderingOf(pt.$, node) : null;
      return { doc, start, quote, truncated, hits, box: rendering?.measured ? rendering.box : null };
    });
}

function readDocument(doc: Snapshot, table: ReturnType<typeof compile>): DocReport {
  const pt = documentPageText(doc);
  if (typeof pt === 'string') return { doc, reason: pt, characters: 0, sentences: [] };
  return { doc, reason: null, characters: pt.text.length, sentences: scanDocument(doc, pt, table) };
}

const docName = (doc: Snapshot) => `${DOCUMENTS[doc.kind] ?? '文本'}${doc.title ? `《${doc.title.trim().slice(0, 30)}》` : ''}`;
const verdictOf = (s: SentenceHit): Verdict => worstVerdict(s.hits.map((h) => h.category.verdict));
const kindsOf = (s: SentenceHit) => [...new Set(s.hits.map((h) => h.category))];

function sentenceFinding(s: SentenceHit, version: string): DraftFinding {
  const url = urlOf(s.doc);
  const kinds = kindsOf(s);
  return {
    checkId: CHECK_ID,
    verdict: verdictOf(s),
    // a text fragment: a browser opening the subject scrolls to the sentence
    subject: `${url}#:~:text=${encodeURIComponent(s.quote.slice(0, 20))}`,
    summary: `${docName(s.doc)}含有${kinds.map((k) => `NTM 21${k.item}所列“${k.name}”`).join('、')}的内容：“${s.quote}”`,
    details: {
      snapshotId: s.doc.id,
      url,
      pageKind: s.doc.kind,
      title: s.doc.title,
      sentence: s.quote,
      truncated: s.truncated,
      offset: s.start,
      box: s.box,
      hits: s.hits.map((h) => ({ kind: h.category.id, item: h.category.item, verdict: h.category.verdict, text: h.text, offset: h.offset, source: h.source })),
      listVersion: version,
    },
    evidence: evidenceOf([s.doc]),
    capturedAt: s.doc.capturedAt,
  };
}

function evaluateWith(list: UnfairTermsList, input: RuleInput): DraftFinding[] {
  const docs = input.snapshots.filter((s) => DOCUMENT_KINDS.includes(s.kind));
  if (!docs.length) return [noPagesFinding(CHECK_ID, input, '服务协议、交易规则等平台文本')];
  const table = compile(list);
  const reports = docs.map((d) => readDocument(d, table));
  const read = reports.filter((r) => !r.reason);
  const sentences = read.flatMap((r) => r.sentences);
  const findings = sentences.map((s) => sentenceFinding(s, list.version));

  const counts = Object.fromEntries(list.categories.map((c) => [c.id, sentences.filter((s) => kindsOf(s).includes(c)).length]));
  const unread = reports.filter((r) => r.reason);
  let verdict: Verdict;
  let summary: string;
  let reason: NotCheckedReason | null = null;
  if (!read.length) {
    verdict = 'not-checked';
    reason = unread[0]!.reason;
    summary = `平台文本未能读取（${NOT_CHECKED_WORDS[reason!]}），未能检查`;
  } else {
    verdict = worstVerdict(sentences.map(verdictOf));
    const scope = `检查 ${read.length} 份平台文本`;
    summary =
      verdict === 'compliant'
        ? `${scope}，未发现 NTM 21 所列不公平、不合理格式条款`
        : `${scope}，发现疑似不公平格式条款 ${sentences.length} 句：${list.categories
            .filter((c) => counts[c.id])
            .map((c) => `${c.item}${c.verdict === 'violation' ? '（违规）' : ''} ${counts[c.id]} 句`)
            .join('，')}`;
    if (unread.length) summary += `；另有 ${unread.length} 份文本未能读取`;
  }
  findings.push(
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      reason,
      details: {
        listVersion: list.version,
        counts: { documents: docs.length, read: read.length, sentences: sentences.length, ...counts },
        documents: reports.map((r) => ({
          snapshotId: r.doc.id,
          url: urlOf(r.doc),
          pageKind: r.doc.kind,
          title: r.doc.title,
          ...(r.reason ? { reason: r.reason } : { characters: r.characters, hits: r.sentences.length }),
        })),
      },
      pages: docs,
    }),
  );
  return findings;
}

/** The check over a merged list (built-in plus a bureau's: src/roster/term-lists.ts). */
export function unfairTermsRule(list: UnfairTermsList): Rule {
  return {
    id: CHECK_ID,
    version: '1.1.0',
    pageKinds: ['homepage', ...DOCUMENT_KINDS],
    evaluate: (input) => evaluateWith(list, input),
  };
}

export const unfairTerms: Rule = unfairTermsRule(BUILT_IN_TERMS.unfair);
