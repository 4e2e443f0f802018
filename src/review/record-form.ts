// The online check record (网上检查记录表, seeds/003 附件1) and the campaign's item record, built
// from an inspection's review items: only what an inspector confirmed counts, a rejected item is
// left out, and a draft keeps the form from being signed. The content is what two inspectors
// sign (its canonical JSON's SHA-256) and what the PDF prints; the quota statistics (附件2) read
// its `outcome`. Pure: the caller reads the store.
import { worstVerdict } from '../../rules/lib/verdicts.js';
import type { Box, Verdict } from '../../rules/types.js';
import { CATALOGUE_CHECKS, INSPECTION_ITEMS, itemsCovered } from '../campaign/items.js';
import { sha256 } from '../evidence/bundle.js';
import { canonicalJson } from '../evidence/canonical.js';
import { evidencePointer, outlinedScreenshot } from '../findings/pointer.js';
import { beijingTime } from '../time.js';
import { inScope, OFFLINE_ITEMS } from './inspections.js';
import { isCheckMode, type CheckMode } from './items.js';
import type { Inspection } from '../store/inspections.js';
import type { ReviewItem } from '../store/review-items.js';
import type { NightlyScan } from '../store/nightly.js';
import type { violationHistory } from '../store/tracks.js';
import { TOOL_VERSION } from '../version.js';
import { CHECK_MODE_NAMES, checkName } from './check-names.js';

// /2: an evidence file is annexed once however many paths hold its bytes (AnnexEntry.alsoAt), and
// the rows cite it as 附图 n. Forms signed as /1 cite 附件 n and are read and printed as signed.
export const RECORD_FORM_SCHEMAS = ['wangjian-record-form/1', 'wangjian-record-form/2'] as const;
export const RECORD_FORM_SCHEMA = 'wangjian-record-form/2';
export type RecordFormSchema = (typeof RECORD_FORM_SCHEMAS)[number];

/** What the rows and the annex call an annexed screenshot: 附图 n, 附件 n in a form signed as /1. */
export const exhibitWord = (schema: RecordFormSchema): string => (schema === 'wangjian-record-form/1' ? '附件' : '附图');

export interface FormRowDef {
  id: string;
  group: string;
  name: string;
  /** Checks whose confirmed results fill 网上检查情况. */
  checks: readonly string[];
  /** Inspection items (seeds/000 numbers) whose inspector-recorded results fill 实地检查情况. */
  items: readonly number[];
}

// The rows of 附件1, word for word, and what fills them. A row no check serves says 本次未检查.
export const FORM_ROWS: readonly FormRowDef[] = [
  // The licence checks compare the name and credit code shown with the registration record (名录库).
  { id: 'registration', group: '主体资格', name: '公示信息与注册登记核对情况', checks: ['licence-display', 'seller-licence-display'], items: [6, 13] },
  // Whether a permit is held is a question for the licensing authority, not the site; the platform's
  // checking of its sellers' permits is the on-site item (六).
  { id: 'permits', group: '主体资格', name: '前置审批许可情况', checks: [], items: [6] },
  // Debatable: 亮标 is read as the marks that tell a consumer who sells (自营, registered or not),
  // beside the licences themselves (亮证).
  { id: 'display', group: '主体资格', name: '亮证、亮标情况', checks: ['licence-display', 'seller-licence-display', 'self-operated-label', 'seller-registration-mark'], items: [] },
  { id: 'prohibited', group: '商品质量', name: '有无销售不合格、违禁商品', checks: ['prohibited-listings'], items: [] },
  { id: 'consumer-law', group: '商品质量', name: '是否遵守《消费者权益保护法》和《产品质量法》等法律、法规、规章的规定', checks: [], items: [] },
  { id: 'completeness', group: '商品质量', name: '商品服务完整性情况', checks: [], items: [] },
  { id: 'pricing', group: '价格行为', name: '变相涨价，低价倾销、价格欺诈、未按规定明码标价、虚假报价等不正当价格行为', checks: [], items: [] },
  { id: 'tourism', group: '价格行为', name: '组织开展线上旅游交易市场“不合理低价游”', checks: [], items: [] },
  { id: 'contract-form', group: '合同内容', name: '格式合同内容规范情况', checks: ['agreement-display', 'agreement-changes'], items: [] },
  // Debatable: a pre-selected add-on (搭售) is not a contract clause but takes away the consumer's
  // fair choice, so it sits here rather than under 其它; the NTM 21 clauses are unfair terms too.
  { id: 'fairness', group: '合同内容', name: '遵守公平原则情况', checks: ['unfair-terms', 'tying'], items: [] },
  // No check reads whether important clauses are brought to the reader's attention.
  { id: 'attention', group: '合同内容', name: '提醒消费者注意重大关系的条款情况', checks: [], items: [] },
  { id: 'unfair-terms', group: '合同内容', name: '利用格式合同侵害消费者权益行为', checks: ['unfair-terms'], items: [] },
  // Debatable: an absolute term (AdL 9(3)) is an advertising offence and also a claim whose truth is
  // in question, so it shows in both 广告宣传 rows.
  { id: 'truthfulness', group: '广告宣传', name: '发布信息真实性情况', checks: ['absolute-terms'], items: [] },
  { id: 'ads', group: '广告宣传', name: '违法广告情况', checks: ['ad-label', 'absolute-terms'], items: [] },
  // Debatable: ip-rules finds whether IP rules and a rights-holder complaint channel are published,
  // not an infringement; it is the platform's side of trademark protection, so it shows here too.
  { id: 'trademarks', group: '商标标识', name: '侵犯他人注册商标专用权、地理标志证明商标情况', checks: ['ip-rules'], items: [] },
  { id: 'unfair-competition', group: '不正当竞争行为', name: '利用虚假宣传或引人误解的商业宣传、刷单炒信，虚假营销、虚构交易数据等损害其他经营者或者消费者合法权益的行为', checks: [], items: [] },
  { id: 'pyramid', group: '不正当竞争行为', name: '网络传销', checks: [], items: [] },
  // The platform duties the form has no row of its own for (ECL 18, 36, 39, 41-44; NTM 25, 29, 31).
  { id: 'other', group: '其它行为', name: '其他违反法律法规规定情况', checks: ['search-display', 'credit-rules', 'enforcement-disclosure', 'ip-rules'], items: [7, 14, 16] },
  // Debatable: the row asks how complaints made to the regulator were handled; what a crawl sees is
  // whether the platform publishes its own complaint channels (ECL 59).
  { id: 'complaints', group: '申诉举报', name: '及时调解处理消费者向市场监管部门提出的申诉、举报情况', checks: ['complaint-channel'], items: [] },
];

/** The checks whose lingering violations say something about the platform's monitoring of its sellers' listings (item 十六, NTM 29). */
const MONITORED_CHECKS = ['prohibited-listings', 'absolute-terms', 'ad-label', 'self-operated-label', 'seller-licence-display', 'seller-registration-mark'];

export type HistoryEntry = ReturnType<typeof violationHistory>[number];

/** What the nightly scans recorded of a platform: the scans that ran and the violations they tracked. */
export interface NightlyHistory {
  scans: readonly NightlyScan[];
  tracks: readonly HistoryEntry[];
}

/** The nightly scans item (十六) rests on: those that ran a check of the platform's monitoring, with their dates. */
export interface MonitoringScans {
  count: number;
  /** 北京时间 dates of the first and the last, null when none ran. */
  from: string | null;
  to: string | null;
}

export interface Person {
  id: string;
  name: string;
  unit?: string | null;
  /** 执法证号. */
  certificate?: string | null;
}

/** 处理结果, filled in by the inspectors before they sign; the statistics table (附件2) counts them. */
export interface RecordOutcome {
  /** 责令整改 */
  rectificationOrdered: boolean;
  /** 督促删除违法商品信息（条） */
  removalsDemanded: number;
  /** 提请关闭网站 */
  closureRequested: boolean;
  /** 立案 */
  caseOpened: boolean;
  note: string;
}

export const NO_OUTCOME: RecordOutcome = { rectificationOrdered: false, removalsDemanded: 0, closureRequested: false, caseOpened: false, note: '' };

export interface CellEntry {
  itemId: number;
  version: number;
  checkId: string;
  verdict: Verdict;
  summary: string;
  subject: string;
  /** Annex numbers of its screenshots. */
  annex: number[];
  byInspector: boolean;
  /** How it was checked: the tool's findings online; an inspector's as recorded, null when not recorded. */
  mode: CheckMode | null;
}

export interface FormCell {
  /** not-checked: nothing in scope (本次未检查); pending: results still drafts; no-conclusion: every result was rejected. */
  state: 'not-checked' | 'no-problem' | 'problems' | 'pending' | 'no-conclusion';
  entries: CellEntry[];
  /** The cell as printed. */
  text: string;
}

export interface FormRow {
  id: string;
  group: string;
  name: string;
  online: FormCell;
  onsite: FormCell;
}

export type ItemResultWord = '符合' | '不符合（违法）' | '需进一步核查' | '未检查';

export interface CampaignItemResult {
  /** item-N, or the id of a check that serves no item. */
  key: string;
  no: string;
  name: string;
  result: ItemResultWord;
  /** How each check or recorded result of the item came out. */
  basis: string[];
  /** For (十六): what the scans found about listings that stayed online. */
  evidence: string[];
}

export interface AnnexEntry {
  n: number;
  /** Relative to the run folder. */
  path: string;
  /** Other files of the run with the same bytes (a search that landed on the homepage); absent in /1 forms. */
  alsoAt?: string[];
  sha256: string;
  subject: string;
  checkIds: string[];
  itemIds: number[];
  /** Element boxes (document CSS pixels = screenshot pixels) the findings point at. */
  boxes: Box[];
  capturedAt: string | null;
}

export interface MonitoredTrack {
  checkId: string;
  subject: string;
  summary: string;
  verdict: Verdict;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  runsSeen: number;
  /** Whole days from first seen to gone (or to last seen while still online). */
  days: number;
}

export interface RecordFormContent {
  schema: RecordFormSchema;
  inspectionId: number;
  header: {
    /** 单位名称 */
    unit: string | null;
    /** 时间: the dates (北京时间) the results were captured or recorded. */
    dates: { from: string; to: string } | null;
    target: { platformId: string; name: string; brand: string | null; uscc: string; url: string };
    inspectors: Required<Person>[];
    assistants: Required<Person>[];
    origin: Inspection['origin'];
    campaign: { id: string | null; name: string | null; drawId: string | null } | null;
    runId: string | null;
    toolVersion: string;
    /** The rule versions and tool versions of the automated findings relied on. */
    ruleVersions: { checkId: string; ruleVersion: string; toolVersion: string }[];
  };
  rows: FormRow[];
  campaignRecord: CampaignItemResult[];
  monitoring: MonitoredTrack[];
  /** The nightly scans (十六) rests on; null when the form was built without the nightly record. */
  monitoringScans: MonitoringScans | null;
  outcome: RecordOutcome;
  annex: AnnexEntry[];
}

export interface RecordFormInput {
  inspection: Inspection;
  items: readonly ReviewItem[];
  /** Names, units and 执法证号 of the inspection's people; an unknown id is shown as itself. */
  people?: readonly Person[];
  /** The nightly scans of the platform and their violation tracks; null when there are none to read. */
  history?: NightlyHistory | null;
  outcome?: RecordOutcome | null;
}

export interface BuiltRecordForm {
  content: RecordFormContent;
  contentSha256: string;
  /** Signable: no draft item and no required item without a result. */
  ready: boolean;
  pending: string[];
}

const DAY = 86_400_000;

export function contentSha256(content: RecordFormContent): string {
  return sha256(canonicalJson(content));
}

/** A check the inspection covers, or one an inspector recorded a result of all the same. */
const covers = (inspection: Inspection, items: readonly ReviewItem[], checkId: string) =>
  inScope(checkId, inspection.checks) || items.some((i) => i.checkId === checkId && i.current.status === 'confirmed');

const itemNumber = (checkId: string): number | null => (/^item-(\d+)$/.exec(checkId) ? Number(checkId.slice(5)) : null);

/** The rows an inspector's result of item N goes to: those naming it, else those of its checks, else 其它. */
function rowsOfItem(n: number): FormRowDef[] {
  const named = FORM_ROWS.filter((r) => r.items.includes(n));
  if (named.length) return named;
  const viaChecks = FORM_ROWS.filter((r) => r.checks.some((c) => (CATALOGUE_CHECKS[c] ?? []).includes(n)));
  return viaChecks.length ? viaChecks : FORM_ROWS.filter((r) => r.id === 'other');
}

const VERDICT_WORDS: Readonly<Record<Verdict, string>> = { violation: '发现违法', 'needs-review': '待研判', 'not-checked': '未能检查', compliant: '未发现问题' };

class Annex {
  readonly entries: AnnexEntry[] = [];

  /** Annex numbers of a confirmed item's screenshots, adding those not yet annexed: one number per distinct image. */
  of(item: ReviewItem): number[] {
    const v = item.current;
    // the element the review page outlines too, on the page it sits on
    const pointer = evidencePointer(v.details);
    const outlined = outlinedScreenshot(v.evidence, pointer);
    const numbers = v.evidence
      .filter((e) => e.kind === 'screenshot')
      .map((e) => {
        // The same bytes are the same picture, whichever page's visit wrote them.
        let entry = this.entries.find((a) => a.sha256 === e.sha256);
        if (!entry) {
          entry = { n: this.entries.length + 1, path: e.path, alsoAt: [], sha256: e.sha256, subject: v.subject, checkIds: [], itemIds: [], boxes: [], capturedAt: item.original?.capturedAt ?? null };
          this.entries.push(entry);
        } else if (entry.path !== e.path && !entry.alsoAt!.includes(e.path)) entry.alsoAt!.push(e.path);
        if (!entry.checkIds.includes(item.checkId)) entry.checkIds.push(item.checkId);
        if (!entry.itemIds.includes(item.id)) entry.itemIds.push(item.id);
        const box = e === outlined ? pointer.box : null;
        if (box && !entry.boxes.some((x) => canonicalJson(x) === canonicalJson(box))) entry.boxes.push(box);
        return entry.n;
      });
    return [...new Set(numbers)];
  }
}

function entryOf(item: ReviewItem, annex: Annex): CellEntry {
  const v = item.current;
  // Only what is cited needs its screenshot in the annex: the problems, not every page found in order.
  const cited = v.verdict === 'violation' || v.verdict === 'needs-review';
  const mode = item.origin === 'automated' ? 'online' : isCheckMode(v.details.mode) ? v.details.mode : null;
  return { itemId: item.id, version: v.version, checkId: item.checkId, verdict: v.verdict, summary: v.summary, subject: v.subject, annex: cited ? annex.of(item) : [], byInspector: item.origin === 'inspector', mode };
}

const annexWords = (ns: readonly number[]) => (ns.length ? `（见${exhibitWord(RECORD_FORM_SCHEMA)} ${ns.join('、')}）` : '');

function numbered(entries: readonly CellEntry[]): string[] {
  return entries.map((e, i) => `${i + 1}. ${VERDICT_WORDS[e.verdict]}：${e.summary}${e.byInspector ? '（执法人员记录）' : ''}${annexWords(e.annex)}`);
}

/** 网上检查情况 of a row: per check in scope, its problems numbered, or 未发现问题. */
function onlineCell(row: FormRowDef, inspection: Inspection, items: readonly ReviewItem[], annex: Annex): FormCell {
  const checks = row.checks.filter((c) => covers(inspection, items, c));
  if (!checks.length) return { state: 'not-checked', entries: [], text: '本次未检查' };
  const entries: CellEntry[] = [];
  const lines: string[] = [];
  const single = checks.length === 1;
  for (const c of checks) {
    const own = items.filter((i) => i.checkId === c);
    const confirmed = own.filter((i) => i.current.status === 'confirmed').map((i) => entryOf(i, annex));
    const problems = confirmed.filter((e) => e.verdict !== 'compliant');
    entries.push(...confirmed);
    const label = single ? '' : `${checkName(c)}：`;
    if (problems.length) lines.push(...(single ? [] : [checkName(c)]), ...numbered(problems));
    else if (confirmed.length) lines.push(`${label}未发现问题`);
    else if (own.some((i) => i.current.status === 'draft')) lines.push(`${label}待审核`);
    else if (own.some((i) => i.current.status === 'rejected')) lines.push(`${label}未形成检查结论（自动检查结果已驳回）`);
    else lines.push(`${label}本次未检查`);
  }
  const statuses = new Set(items.filter((i) => checks.includes(i.checkId)).map((i) => i.current.status));
  const state: FormCell['state'] = entries.some((e) => e.verdict !== 'compliant')
    ? 'problems'
    : entries.length
      ? 'no-problem'
      : statuses.has('draft')
        ? 'pending'
        : statuses.has('rejected')
          ? 'no-conclusion'
          : 'not-checked';
  return { state, entries, text: lines.join('\n') };
}

/** 实地检查情况 of a row: what the inspectors recorded for the offline items that go to it. */
function onsiteCell(row: FormRowDef, items: readonly ReviewItem[], annex: Annex): FormCell {
  const own = items.filter((i) => {
    const n = itemNumber(i.checkId);
    return n !== null && i.current.status === 'confirmed' && rowsOfItem(n).some((r) => r.id === row.id);
  });
  if (!own.length) return { state: 'not-checked', entries: [], text: '本次未检查' };
  const entries = own.map((i) => entryOf(i, annex));
  const text = own
    .map((i, k) => {
      const mode = entries[k]!.mode;
      return `${k + 1}. ${INSPECTION_ITEMS[itemNumber(i.checkId)! - 1]!.no}${mode ? `（${CHECK_MODE_NAMES[mode]}）` : ''}${VERDICT_WORDS[i.current.verdict]}：${i.current.summary}${annexWords(entries[k]!.annex)}`;
    })
    .join('\n');
  return { state: entries.some((e) => e.verdict !== 'compliant') ? 'problems' : 'no-problem', entries, text };
}

function resultWord(verdicts: readonly Verdict[]): ItemResultWord {
  if (!verdicts.length || verdicts.every((v) => v === 'not-checked')) return '未检查';
  const worst = worstVerdict(verdicts);
  if (worst === 'violation') return '不符合（违法）';
  // A part of the item that could not be checked leaves the whole to be verified.
  if (worst === 'needs-review' || verdicts.includes('not-checked')) return '需进一步核查';
  return '符合';
}

const checkResultLine = (checkId: string, confirmed: readonly ReviewItem[]) => {
  const vs = confirmed.map((i) => i.current.verdict);
  const counts = (['violation', 'needs-review', 'not-checked'] as const).filter((v) => vs.includes(v)).map((v) => `${VERDICT_WORDS[v]} ${vs.filter((x) => x === v).length} 项`);
  return `${checkName(checkId)}：${vs.length ? (counts.length ? counts.join('，') : '未发现问题') : '未检查'}`;
};

const OFFLINE = new Set(OFFLINE_ITEMS.map(itemNumber));

/** The campaign's items (and the checks that serve none) with their results. */
function campaignRecord(inspection: Inspection, items: readonly ReviewItem[], monitoring: { scans: MonitoringScans; tracks: MonitoredTrack[] } | null): CampaignItemResult[] {
  const confirmed = items.filter((i) => i.current.status === 'confirmed');
  const checks = Object.keys(CATALOGUE_CHECKS).filter((c) => covers(inspection, items, c));
  const covered = itemsCovered([...inspection.checks, ...confirmed.map((i) => i.checkId)]).map((item): CampaignItemResult => {
    const n = Number(item.id.slice(5));
    const recorded = confirmed.filter((i) => i.checkId === item.id);
    const serving = checks.filter((c) => (CATALOGUE_CHECKS[c] ?? []).includes(n));
    const online = confirmed.filter((i) => serving.includes(i.checkId));
    // The items only a written or on-site check decides take the inspectors' verdict; the scans are supporting evidence.
    const decisive = OFFLINE.has(n) ? recorded : [...recorded, ...online];
    // A check of the item that gave no result leaves that part of the item unchecked.
    const silent = OFFLINE.has(n) ? [] : serving.filter((c) => !online.some((i) => i.checkId === c)).map((): Verdict => 'not-checked');
    return {
      key: item.id,
      no: item.no,
      name: item.name,
      result: resultWord([...decisive.map((i) => i.current.verdict), ...silent]),
      basis: [
        ...recorded.map((i) => `执法人员记录：${VERDICT_WORDS[i.current.verdict]}：${i.current.summary}`),
        ...serving.map((c) => checkResultLine(c, online.filter((i) => i.checkId === c))),
      ],
      evidence: n === 16 ? (monitoring ? monitoringLines(monitoring.scans, monitoring.tracks) : ['未取得夜间扫描记录']) : [],
    };
  });
  const unnumbered = checks
    .filter((c) => !(CATALOGUE_CHECKS[c] ?? []).length)
    .map((c): CampaignItemResult => {
      const own = confirmed.filter((i) => i.checkId === c);
      return { key: c, no: '', name: checkName(c), result: resultWord(own.map((i) => i.current.verdict)), basis: [checkResultLine(c, own)], evidence: [] };
    });
  return [...covered, ...unnumbered];
}

const daysWords = (d: number) => (d >= 1 ? `${d} 天` : '不足 1 天');

function monitoringScans(scans: readonly NightlyScan[]): MonitoringScans {
  const ran = scans.filter((s) => s.checks.some((c) => MONITORED_CHECKS.includes(c))).map((s) => s.finishedAt).sort();
  const day = (t: string | undefined) => (t ? beijingTime(t).slice(0, 10) : null);
  return { count: ran.length, from: day(ran[0]), to: day(ran.at(-1)) };
}

function monitoringOf(history: readonly HistoryEntry[]): MonitoredTrack[] {
  return history
    .filter((h) => MONITORED_CHECKS.includes(h.checkId))
    .map((h) => ({ ...h, days: Math.floor((Date.parse(h.resolvedAt ?? h.lastSeenAt) - Date.parse(h.firstSeenAt)) / DAY) }));
}

/**
 * What the nightly scans say of the platform's monitoring, from what they recorded: the scans
 * that ran, then per check how many findings stayed online and for how long. "Nothing recorded"
 * is said only over scans that ran.
 */
export function monitoringLines(scans: MonitoringScans, tracks: readonly MonitoredTrack[]): string[] {
  if (!scans.count) return ['本平台尚无检查平台内信息的夜间扫描记录，不能据此说明平台内违法信息的在线情况'];
  const period = `${scans.from === scans.to ? scans.from : `${scans.from} 至 ${scans.to}`} 共 ${scans.count} 次夜间扫描`;
  if (!tracks.length) return [`${period}，未记录到平台内违法或待研判信息`];
  return [`${period}：`, ...MONITORED_CHECKS.flatMap((c) => {
    const own = tracks.filter((t) => t.checkId === c);
    if (!own.length) return [];
    const violations = own.filter((t) => t.verdict === 'violation').length;
    const online = own.filter((t) => t.resolvedAt === null);
    const gone = own.filter((t) => t.resolvedAt !== null);
    const longest = (ts: readonly MonitoredTrack[]) => Math.max(...ts.map((t) => t.days));
    return [
      `${checkName(c)}：扫描发现 ${own.length} 条（违法 ${violations} 条，待研判 ${own.length - violations} 条）` +
        (online.length ? `；${online.length} 条仍在线，最长已在线 ${daysWords(longest(online))}` : '') +
        (gone.length ? `；${gone.length} 条已下线，最长在线 ${daysWords(longest(gone))}` : ''),
    ];
  })];
}

function pendingOf(inspection: Inspection, items: readonly ReviewItem[]): string[] {
  const drafts = items
    .filter((i) => i.current.status === 'draft')
    .map((i) => `${checkName(i.checkId)}：「${i.current.summary.length > 40 ? `${i.current.summary.slice(0, 40)}…` : i.current.summary}」待确认或驳回（条目 ${i.id}）`);
  const required = inspection.checks
    .map(itemNumber)
    .filter((n): n is number => n !== null && OFFLINE.has(n))
    .filter((n) => !items.some((i) => i.checkId === `item-${n}` && i.current.status === 'confirmed'))
    .map((n) => `${INSPECTION_ITEMS[n - 1]!.no}${INSPECTION_ITEMS[n - 1]!.name}：待录入书面或实地检查结果`);
  const none = items.some((i) => i.current.status === 'confirmed') ? [] : ['尚无已确认的检查结果'];
  return [...drafts, ...required, ...none];
}

function person(people: readonly Person[], id: string): Required<Person> {
  const p = people.find((x) => x.id === id);
  return { id, name: p?.name ?? id, unit: p?.unit ?? null, certificate: p?.certificate ?? null };
}

export function buildRecordForm(input: RecordFormInput): BuiltRecordForm {
  const { inspection } = input;
  const people = input.people ?? [];
  const items = input.items;
  const confirmed = items.filter((i) => i.current.status === 'confirmed');
  const annex = new Annex();
  const rows = FORM_ROWS.map((r): FormRow => ({ id: r.id, group: r.group, name: r.name, online: onlineCell(r, inspection, items, annex), onsite: onsiteCell(r, items, annex) }));
  const monitoring = input.history ? { scans: monitoringScans(input.history.scans), tracks: monitoringOf(input.history.tracks) } : null;
  const times = confirmed.map((i) => i.original?.capturedAt ?? i.current.at).sort();
  const inspectors = inspection.inspectors.map((id) => person(people, id));
  const ruleVersions = [...new Map(confirmed.flatMap((i) => (i.original ? [[i.checkId, { checkId: i.checkId, ruleVersion: i.original.ruleVersion, toolVersion: i.original.toolVersion }] as const] : []))).values()].sort((a, b) =>
    a.checkId < b.checkId ? -1 : 1,
  );
  const content: RecordFormContent = {
    schema: RECORD_FORM_SCHEMA,
    inspectionId: inspection.id,
    header: {
      unit: inspection.unit ?? inspectors.find((p) => p.unit)?.unit ?? null,
      dates: times.length ? { from: beijingTime(times[0]!).slice(0, 10), to: beijingTime(times[times.length - 1]!).slice(0, 10) } : null,
      target: { platformId: inspection.platform.id, name: inspection.platform.name, brand: inspection.platform.platform ?? null, uscc: inspection.platform.uscc, url: inspection.platform.url },
      inspectors,
      assistants: inspection.assistants.map((id) => person(people, id)),
      origin: inspection.origin,
      campaign: inspection.origin === 'draw' ? { id: inspection.campaignId, name: inspection.campaignName, drawId: inspection.drawId } : null,
      runId: inspection.runId,
      toolVersion: TOOL_VERSION,
      ruleVersions,
    },
    rows,
    campaignRecord: campaignRecord(inspection, items, monitoring),
    monitoring: monitoring?.tracks ?? [],
    monitoringScans: monitoring?.scans ?? null,
    outcome: { ...NO_OUTCOME, ...(input.outcome ?? {}) },
    annex: annex.entries,
  };
  const pending = pendingOf(inspection, items);
  return { content, contentSha256: contentSha256(content), ready: pending.length === 0, pending };
}
