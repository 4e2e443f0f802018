// The operator's name as a page shows it: names printed after a name label (名称：…有限公司), and
// the roster name wherever it stands, noting whether it stands with licence information or only,
// say, in a copyright line (which is not a licence disclosure).
import type { PageText } from './text.js';

/** Full-width brackets to half-width, whitespace dropped, case folded: how names are compared. */
export function normaliseName(name: string): string {
  return name
    .replace(/[（〔【［]/g, '(')
    .replace(/[）〕】］]/g, ')')
    .replace(/\s+/g, '')
    .toLowerCase();
}

export interface NameMatch {
  name: string;
  offset: number;
  /** The label printed before it (名称, 企业名称 …), or 'roster' when found by the roster name. */
  evidence: string;
  /** Labelled, right after a licence label, or within a few characters of a credit code. */
  licenceContext: boolean;
  context: string;
}

const ENTITY = '(?:有限责任公司|股份有限公司|有限公司|分公司|公司|合作社|商行|经营部|个体工商户)';
const LABELLED = new RegExp(
  `(企业名称|公司名称|经营者名称|经营主体名称|主体名称|市场主体名称|运营主体|经营主体|运营方|经营者|名称)\\s*[:：]\\s*([^\\s:：|｜，,；;。]{2,40}?${ENTITY})`,
  'g',
);
/**
 * A licence label just before a name makes it part of the licence information (营业执照信息：某某
 * 有限公司); a name merely near a 经营证照 link, or in a copyright line, is not.
 */
const LICENCE_LABEL_BEFORE = /(营业执照|执照信息|主体信息|经营者信息)[^。；;|]{0,12}$/;
const NEAR = 40;

function nameRegex(name: string): RegExp {
  const chars = [...name.replace(/\s+/g, '')].map((c) => {
    if ('(（'.includes(c)) return '[(（]';
    if (')）'.includes(c)) return '[)）]';
    return c.replace(/[.*+?^${}|[\]\\]/g, '\\$&');
  });
  return new RegExp(chars.join('\\s*'), 'gi');
}

const around = (text: string, offset: number, length: number, span: number) =>
  text.slice(Math.max(0, offset - span), offset + length + span);

/**
 * Names on a page. `codeOffsets` are where credit codes stand, so that a bare name printed next
 * to a code counts as licence information.
 */
export function findNames(pt: PageText, rosterName: string, codeOffsets: readonly number[] = []): NameMatch[] {
  const found: NameMatch[] = [];
  for (const m of pt.text.matchAll(LABELLED)) {
    const name = m[2]!;
    const offset = m.index + m[0].lastIndexOf(name);
    found.push({ name, offset, evidence: m[1]!, licenceContext: true, context: around(pt.text, m.index, m[0].length, 10).trim() });
  }
  if (rosterName.trim()) {
    for (const m of pt.text.matchAll(nameRegex(rosterName))) {
      if (found.some((f) => f.offset === m.index)) continue;
      const before = pt.text.slice(Math.max(0, m.index - NEAR), m.index);
      const licenceContext = LICENCE_LABEL_BEFORE.test(before) || codeOffsets.some((o) => Math.abs(o - m.index) <= NEAR + m[0].length);
      found.push({ name: m[0], offset: m.index, evidence: 'roster', licenceContext, context: around(pt.text, m.index, m[0].length, 15).trim() });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
