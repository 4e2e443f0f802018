// account-cancellation (（五）对平台内用户设置条件; ECL 24 ¶1, penalty ECL 76 ¶1(3)): the platform
// states, in its service agreement or privacy policy, how users query, correct and delete their
// information and how they cancel their account (the way or the procedure, not only the right),
// and sets no unreasonable condition on cancelling (documents to post, a visit in person, a fee,
// a refusal). Read sentence by sentence from the captured documents, PDFs included.
import { documentPageText, SENTENCE_END } from './lib/document-text.js';
import { noPagesFinding, platformFinding, urlOf } from './lib/samples.js';
import { NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, PageKind, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'account-cancellation';
const DOCUMENT_KINDS: readonly PageKind[] = ['agreement', 'privacy'];
const DOCUMENT_NAMES: Readonly<Record<string, string>> = { agreement: '服务协议', privacy: '隐私政策' };

/** A sentence about cancelling the account. */
const CANCELLATION = /注销/;
const ACCOUNT = /账户|账号|帐户|帐号|用户/;
/** The way or the procedure: where to go, what to do, how long it takes. */
const ROUTE = /途径|方式|流程|程序|路径|入口|申请|提交|设置|客服|联系我们|在线|页面|点击|操作|工作日|小时内|日内/;
/** The rights over one's information: query, correct, delete. */
const INFORMATION_RIGHTS = /(查询|查阅|访问|更正|更改|修改|删除)[^。；]{0,16}个人信息|个人信息[^。；]{0,16}(查询|查阅|更正|删除)/;
/** Conditions ECL 24 counts unreasonable, as platforms word them; a refusal, but not the duty "不得对注销设置不合理条件". */
const CONDITION =
  /身份证(原件|复印件)|手持身份证|公证|邮寄|到场|亲自前往|前往[^。；，]{0,6}(网点|营业厅|门店|办公)|线下办理|(支付|缴纳|收取)[^。；，]{0,6}(费用|手续费|服务费)|不(支持|能|可|得|予)[^。；，]{0,2}注销(?![^。；，]{0,4}(设置|附加|条件))|无法注销|概不(受理|办理)/;
/** A condition said not to apply ("不收取任何费用", "无需邮寄", "不设置不合理条件") or a duty stated of the platform. */
const NEGATED = /(不|无需|无须|免|不会|不得|不另)[^。；，]{0,6}$/;

interface Sentence {
  snapshotId: string;
  text: string;
}

interface DocumentReading {
  doc: Snapshot;
  reason: NotCheckedReason | null;
  sentences: Sentence[];
}

function readDocument(doc: Snapshot): DocumentReading {
  const pt = documentPageText(doc);
  if (typeof pt === 'string') return { doc, reason: pt, sentences: [] };
  const sentences = pt.text
    .split(new RegExp(`(?<=${SENTENCE_END.source})`))
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => ({ snapshotId: doc.id, text: s.slice(0, 300) }));
  return { doc, reason: null, sentences };
}

/** The unreasonable conditions a sentence sets, those it rules out left aside. */
function conditionsIn(sentence: string): string[] {
  const found: string[] = [];
  for (const m of sentence.matchAll(new RegExp(CONDITION.source, 'g'))) {
    if (!NEGATED.test(sentence.slice(0, m.index))) found.push(m[0]);
  }
  return found;
}

function evaluate(input: RuleInput): DraftFinding[] {
  const docs = DOCUMENT_KINDS.flatMap((kind) => input.snapshots.filter((s) => s.kind === kind));
  if (!docs.length) return [noPagesFinding(CHECK_ID, input, '服务协议或隐私政策')];
  const readings = docs.map(readDocument);
  const read = readings.filter((r) => r.reason === null);
  const sentences = read.flatMap((r) => r.sentences);
  const cancellation = sentences.filter((s) => CANCELLATION.test(s.text) && ACCOUNT.test(s.text));
  const route = cancellation.find((s) => ROUTE.test(s.text)) ?? null;
  const conditions = cancellation.flatMap((s) => conditionsIn(s.text).map((matched) => ({ ...s, matched })));
  const rights = sentences.find((s) => INFORMATION_RIGHTS.test(s.text)) ?? null;
  const readDocs = read.map((r) => r.doc);
  const privacyRead = readDocs.some((d) => d.kind === 'privacy');
  const named = (pages: readonly Snapshot[]) => [...new Set(pages.map((d) => DOCUMENT_NAMES[d.kind]))].join('和');

  let verdict: Verdict;
  let summary: string;
  if (!read.length) {
    const reason = readings[0]!.reason!;
    return [
      platformFinding(CHECK_ID, input, {
        verdict: 'not-checked',
        summary: `${named(docs)}未能读取（${NOT_CHECKED_WORDS[reason]}），未能检查账户注销方式`,
        reason,
        details: { documents: readings.map((r) => ({ kind: r.doc.kind, snapshotId: r.doc.id, url: urlOf(r.doc), reason: r.reason })) },
        pages: docs,
      }),
    ];
  }
  if (conditions.length) {
    verdict = 'needs-review';
    summary = `${named(readDocs)}对账户注销设有条件（“${[...new Set(conditions.map((c) => c.matched))].join('”“')}”），需研判是否属于不合理条件`;
  } else if (!cancellation.length) {
    // the privacy policy is where the way to cancel is stated: without having read it, nothing is established
    verdict = privacyRead ? 'violation' : 'needs-review';
    summary = privacyRead ? `${named(readDocs)}中未见账户注销的方式和程序` : '服务协议中未见账户注销的方式和程序，未找到隐私政策核实';
  } else if (!route) {
    verdict = 'needs-review';
    summary = `${named(readDocs)}提及用户可以注销账户，但未见注销的方式或程序`;
  } else if (!rights) {
    verdict = 'needs-review';
    summary = '已明示账户注销的方式，但未见查询、更正、删除个人信息的方式';
  } else {
    verdict = 'compliant';
    summary = `${named(readDocs)}已明示账户注销的方式或程序，未见不合理条件`;
  }
  return [
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      details: {
        documents: readings.map((r) => ({ kind: r.doc.kind, snapshotId: r.doc.id, url: urlOf(r.doc), reason: r.reason })),
        cancellation: cancellation.slice(0, 5),
        route,
        informationRights: rights,
        conditions,
      },
      pages: readDocs,
    }),
  ];
}

export const accountCancellation: Rule = {
  id: CHECK_ID,
  version: '1.0.0',
  pageKinds: ['homepage', 'agreement', 'privacy'],
  evaluate,
};
