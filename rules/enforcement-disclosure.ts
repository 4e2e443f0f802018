// enforcement-disclosure (违法违规行为处置信息公示, checks.md; ECL 36, NTM 30): a public page,
// linked from the homepage or its 规则中心, lists the measures taken against in-platform sellers,
// each entry with the shop, the violation, the measure and the date, and the list is kept up.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { linkDetail, linkedDocuments, OUTCOME_WORDS, presenceOf, type DocumentLink } from './lib/documents.js';
import { textOf } from './lib/text.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Verdict } from './types.js';

const CHECK_ID = 'enforcement-disclosure';

/**
 * An enforcement list whose newest entry is older than this many days before the capture is
 * stale: platforms of any size take measures every few months, so half a year of silence means
 * the list is not being kept up (or the page is an abandoned copy). A person judges.
 */
export const STALE_AFTER_DAYS = 183;

export const FIELDS = ['shop', 'violation', 'measure', 'date'] as const;
export type Field = (typeof FIELDS)[number];
const FIELD_NAMES: Readonly<Record<Field, string>> = { shop: '店铺名称', violation: '违规行为', measure: '处理措施', date: '处理日期' };

// Column headings; order matters: 处理日期 is a date, 违规处理措施 a measure.
const HEADINGS: readonly [Field, RegExp][] = [
  ['date', /日期|时间|年月/],
  ['measure', /措施|处置|处罚|处理结果|处理方式|处理决定|^处理$/],
  ['violation', /违规|违法|行为|事由|原因|情形|类型|事实/],
  ['shop', /店铺|店名|商家|卖家|经营者|商户|会员/],
];

const DATE = /(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
// Cues for entries written as text ("2025-03-02 「某某旗舰店」因出售假冒商品被关闭店铺").
const CUES: Readonly<Record<Field, RegExp>> = {
  shop: /店铺|商家|卖家|[「“《][^」”》]{2,30}[」”》]|\S{2,20}(旗舰店|专营店|专卖店|小店|商行)/,
  violation: /违规|违法|售假|假冒|虚假|侵权|欺诈|三无|禁售|刷单|炒信|不符/,
  measure: /关闭店铺|关店|清退|下架|删除|扣分|扣除\d*分|冻结|限制|屏蔽|警告|封禁|暂停|终止|罚/,
  date: DATE,
};
const EMPTY_CELL = /^[\s\-—–/无暂]*$/;

export interface Entry {
  fields: Field[];
  /** The entry's date (UTC midnight, ISO date), when it has one that parses. */
  date: string | null;
}

function dateOf(text: string): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
}

function entryOf(cells: Partial<Record<Field, string>>, whole: string): Entry {
  const fields = FIELDS.filter((f) => {
    const cell = cells[f];
    if (cell !== undefined) return !EMPTY_CELL.test(cell) && (f !== 'date' || dateOf(cell) !== null);
    return CUES[f].test(whole);
  });
  return { fields, date: fields.includes('date') ? dateOf(cells.date ?? whole) : null };
}

/** Entries of tables whose headings name at least two of the fields. */
function tableEntries($: CheerioAPI): Entry[] {
  const entries: Entry[] = [];
  for (const table of $('table').toArray()) {
    const rows = $(table).find('tr').toArray().filter((tr) => $(tr).closest('table')[0] === table);
    const headIndex = rows.findIndex((tr) => $(tr).children('th').length > 0);
    const head = rows[headIndex === -1 ? 0 : headIndex];
    if (!head) continue;
    const columns = $(head).children('th, td').toArray().map((c) => HEADINGS.find(([, re]) => re.test(textOf($(c)).replace(/\s+/g, '')))?.[0] ?? null);
    if (new Set(columns.filter((c) => c !== null)).size < 2) continue;
    for (const tr of rows.slice(rows.indexOf(head) + 1)) {
      const cells = $(tr).children('td, th').toArray();
      if (!cells.length) continue;
      const byField: Partial<Record<Field, string>> = {};
      cells.forEach((c: Element, i) => {
        const field = columns[i];
        if (field && byField[field] === undefined) byField[field] = textOf($(c));
      });
      entries.push(entryOf(byField, textOf($(tr))));
    }
  }
  return entries;
}

/** Entries written as list items: an item that names a violation or a measure. */
function listEntries($: CheerioAPI): Entry[] {
  return $('li')
    .toArray()
    .filter((li) => $(li).find('li').length === 0)
    .map((li) => textOf($(li)))
    .filter((t) => t.length >= 8 && t.length <= 300 && (CUES.violation.test(t) || CUES.measure.test(t)))
    .map((t) => entryOf({}, t));
}

export interface EntryReport {
  entries: number;
  /** How many entries carry each field. */
  fieldsPresent: Record<Field, number>;
  /** Fields some entry lacks. */
  missingFields: Field[];
  newestDate: string | null;
  newestAgeDays: number | null;
}

export function readEntries($: CheerioAPI, capturedAt: string): EntryReport {
  const tables = tableEntries($);
  const entries = tables.length ? tables : listEntries($);
  const fieldsPresent = Object.fromEntries(FIELDS.map((f) => [f, entries.filter((e) => e.fields.includes(f)).length])) as Record<Field, number>;
  const dates = entries.flatMap((e) => (e.date ? [e.date] : [])).sort();
  const newestDate = dates.at(-1) ?? null;
  return {
    entries: entries.length,
    fieldsPresent,
    missingFields: FIELDS.filter((f) => fieldsPresent[f] < entries.length),
    newestDate,
    newestAgeDays: newestDate ? Math.floor((Date.parse(capturedAt) - Date.parse(newestDate)) / 86_400_000) : null,
  };
}

interface PageResult {
  link: DocumentLink;
  report: EntryReport;
  verdict: Verdict;
  problems: string[];
}

function judgePage(link: DocumentLink): PageResult {
  const report = readEntries(link.$!, link.snapshot!.capturedAt);
  const problems: string[] = [];
  if (!report.entries) problems.push('未能识别出处置记录条目');
  else {
    if (report.missingFields.length) {
      problems.push(report.missingFields.map((f) => `${report.entries - report.fieldsPresent[f]}条记录缺少${FIELD_NAMES[f]}`).join('，'));
    }
    if (report.newestAgeDays !== null && report.newestAgeDays > STALE_AFTER_DAYS) problems.push(`最新一条记录日期为${report.newestDate}，距采集已超过${STALE_AFTER_DAYS}天`);
  }
  return { link, report, verdict: problems.length ? 'needs-review' : 'compliant', problems };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const found = linkedDocuments(input, home, ['enforcement']);
  // a short list is still a list: pages with little text are read too (agreement lengths do not apply)
  const pages = found.links.filter((l) => l.$ && l.outcome !== 'broken' && ['ok', 'short', 'unsaveable'].includes(l.target!.state)).map(judgePage);
  const best = pages.find((p) => p.verdict === 'compliant') ?? pages[0];
  const presence = presenceOf(found.links, found.centresUnchecked);

  let verdict: Verdict;
  let summary: string;
  const name = (l: DocumentLink) => `违规处理公示页面（「${l.link.text}」）`;
  if (best) {
    verdict = best.verdict;
    const r = best.report;
    summary =
      verdict === 'compliant'
        ? `已公示平台内经营者违规处理信息：${name(best.link)}共${r.entries}条记录，最新为${r.newestDate}，均载明店铺名称、违规行为、处理措施和日期`
        : `${name(best.link)}需人工核实：${best.problems.join('；')}`;
  } else if (presence.presence === 'doubtful') {
    verdict = 'needs-review';
    summary = `${name(presence.link!)}${OUTCOME_WORDS.doubtful}`;
  } else if (presence.presence === 'unknown') {
    verdict = 'not-checked';
    summary = `违规处理公示页面未能检查（${NOT_CHECKED_WORDS[presence.reason!]}）`;
  } else {
    verdict = 'violation';
    summary = presence.link ? `${name(presence.link)}${OUTCOME_WORDS.broken}，未见处置信息公示` : '首页及规则中心均未见平台内经营者违规处理信息公示页面';
  }

  const details: Record<string, unknown> = {
    ...(verdict === 'not-checked' ? { reason: presence.reason } : {}),
    homepage: { snapshotId: home.id, url: home.finalUrl },
    rulesCentres: found.centres.map((c) => ({ snapshotId: c.snapshot.id, url: c.snapshot.finalUrl })),
    staleAfterDays: STALE_AFTER_DAYS,
    links: found.links.map((l) => linkDetail(l, home)),
    pages: pages.map((p) => ({ snapshotId: p.link.snapshot!.id, url: p.link.snapshot!.finalUrl, verdict: p.verdict, problems: p.problems, ...p.report })),
  };
  const evidence = evidenceOf([home, ...found.centres.map((c) => c.snapshot), ...found.links.map((l) => l.snapshot)]);
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence, capturedAt: home.capturedAt }];
}

export const enforcementDisclosure: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'rules-centre', 'enforcement'],
  evaluate,
};
