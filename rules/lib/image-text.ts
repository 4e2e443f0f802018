// What OCR read from a licence shown only as an image: the name and credit code, set beside the
// record they should match. checks.md leaves an image-only licence for review; the reading is what
// lets the inspector settle it at a glance. OCR confuses look-alike characters (8 read as S or B,
// 0 as O, 1 as I, 合 as 售), so a code is repaired where the GB 32100 alphabet and check digit allow,
// and a name is compared character by character rather than for equality.
import type { ImageText, Snapshot } from '../types.js';
import { normaliseName } from './names.js';
import { isValidUscc, normaliseUscc } from './uscc.js';

export interface ImageReading {
  /** The image the text was read from, and the engine that read it. */
  src: string;
  engine: string;
  text: string;
  codes: { read: string; code: string; checksumValid: boolean; matchesRecord: boolean | null }[];
  name: { read: string; similarity: number | null; matchesRecord: boolean | null } | null;
}

/** Characters a credit code cannot hold (GB 32100 leaves out I, O, S, V, Z) and what OCR took for them. */
const LOOK_ALIKES: Readonly<Record<string, readonly string[]>> = { O: ['0'], I: ['1'], S: ['5', '8'], Z: ['2'], V: ['U', 'Y'], B: ['8'], G: ['6'] };
/** At most this many characters are tried as look-alikes: each one multiplies the candidates. */
const MAX_REPAIRS = 3;
/** A name read this alike (shared characters in order, over the longer name) is taken to be the record's. */
const SAME_NAME = 0.85;

const CODE_LABEL = /(?:统一社会信用代码|信用代码|注册号)[^0-9A-Z]{0,6}([0-9A-Z]{15,20})/;
const CODE_ANYWHERE = /(?<![0-9A-Z])[0-9][0-9A-Z]{17}(?![0-9A-Z])/g;
const NAME_LABEL = /(?:企业名称|名\s*[^\p{Script=Han}\n]{0,3}\s*称)[^\p{Script=Han}\n]{0,4}([\p{Script=Han}()（）]{4,40})/u;

/** Codes that the characters read could stand for: the read one if valid, else look-alike repairs that pass the check digit. */
function repairs(read: string): string[] {
  const code = normaliseUscc(read).slice(0, 18);
  if (code.length !== 18) return [];
  if (isValidUscc(code)) return [code];
  // B and G are valid code characters: tried only after the ones a code cannot hold
  const positions = [...code].map((c, i) => [c, i] as const).filter(([c]) => LOOK_ALIKES[c]);
  positions.sort(([a], [b]) => Number('BG'.includes(a)) - Number('BG'.includes(b)));
  let candidates = [code];
  for (const [c, i] of positions.slice(0, MAX_REPAIRS)) {
    candidates = candidates.flatMap((k) => [k, ...LOOK_ALIKES[c]!.map((r) => `${k.slice(0, i)}${r}${k.slice(i + 1)}`)]);
  }
  return [...new Set(candidates.filter(isValidUscc))];
}

/** Characters two names share in order (longest common subsequence), over the longer name. */
export function nameSimilarity(a: string, b: string): number {
  const x = [...normaliseName(a)];
  const y = [...normaliseName(b)];
  if (!x.length || !y.length) return 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (const cx of x) {
    const row = [0];
    for (let j = 0; j < y.length; j++) row.push(cx === y[j] ? prev[j]! + 1 : Math.max(prev[j + 1]!, row[j]!));
    prev = row;
  }
  return prev[y.length]! / Math.max(x.length, y.length);
}

/**
 * The name and codes in the text OCR read from an image, each compared with `record` (the
 * operator's roster record; null where there is none to compare with, as for a seller).
 */
export function readLicenceImage(image: ImageText, record: { name: string; uscc: string } | null): ImageReading {
  const text = image.text.replace(/[ \t]+/g, ' ');
  const compact = text.replace(/[ ”“"'。，,:：]/g, '');
  const reads = [CODE_LABEL.exec(compact)?.[1], ...[...compact.matchAll(CODE_ANYWHERE)].map((m) => m[0])].filter((r): r is string => Boolean(r));
  const codes = [...new Set(reads)].flatMap((read) => {
    const found = repairs(read);
    // the record's code first, where a repair gives it
    const code = (record && found.find((c) => c === record.uscc)) ?? found[0];
    return [{ read, code: code ?? normaliseUscc(read), checksumValid: Boolean(code), matchesRecord: record ? code === record.uscc : null }];
  });
  const nameRead = NAME_LABEL.exec(text)?.[1] ?? null;
  const similarity = nameRead && record ? nameSimilarity(nameRead, record.name) : null;
  return {
    src: image.src,
    engine: image.engine,
    text: image.text,
    codes: codes.filter((c, i) => codes.findIndex((d) => d.code === c.code) === i),
    name: nameRead ? { read: nameRead, similarity: similarity === null ? null : Math.round(similarity * 100) / 100, matchesRecord: similarity === null ? null : similarity >= SAME_NAME } : null,
  };
}

/** What OCR read of the licence pages some links led to, each compared with `record` (readLicenceImage). */
export function imageReadingsOf(links: readonly { snapshot: Snapshot | null }[], record: { name: string; uscc: string } | null): ImageReading[] {
  return links.flatMap((l) => l.snapshot?.imageTexts ?? []).map((t) => readLicenceImage(t, record));
}

/** 名称“…”（与名录一致/相近/不一致）、统一社会信用代码 …: what an inspector reads in the summary. */
export function describeReading(r: ImageReading): string {
  const parts: string[] = [];
  if (r.name) {
    const match = r.name.matchesRecord === null ? '' : r.name.matchesRecord ? (r.name.similarity === 1 ? '，与名录一致' : '，与名录相近') : '，与名录不一致';
    parts.push(`名称“${r.name.read}”${match}`);
  }
  for (const c of r.codes) {
    const state = !c.checksumValid ? '校验位不正确' : c.matchesRecord === null ? '校验位正确' : c.matchesRecord ? '与名录一致' : '与名录不一致';
    parts.push(`统一社会信用代码 ${c.code}（${state}）`);
  }
  return parts.length ? `图片识别（OCR）：${parts.join('、')}` : '图片识别（OCR）未读出名称或统一社会信用代码';
}

/** The problem text of a licence shown only as an image, with what OCR read of it. */
export function imageOnlyText(what: string, readings: readonly ImageReading[]): string {
  if (!readings.length) return `${what}仅以图片形式公示，名称和统一社会信用代码无法自动核对`;
  return `${what}仅以图片形式公示，需人工核对；${readings.map(describeReading).join('；')}`;
}
