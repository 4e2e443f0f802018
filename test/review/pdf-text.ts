// The text of a PDF as Chromium (Skia) writes it, read through each font's /ToUnicode map, so a
// test can check the printed words without poppler (pdftotext is not installed here). It reads
// what Skia emits: plain objects, Flate streams, fonts referenced from page resources, text in
// Tj/TJ strings. Text blocks (BT … ET) are separated by newlines.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  const head = /(\d+) 0 obj\s*/g;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const start = head.lastIndex;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = /stream\r?\n/.exec(body);
    if (!s) {
      found.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s.index);
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    const from = start + s.index + s[0].length;
    const raw = pdf.subarray(from, from + length);
    found.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
    head.lastIndex = from + length;
  }
  return found;
}

const hexBytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');

/** A /ToUnicode CMap: code (as hex) → text. */
function toUnicode(cmap: string): { width: number; map: Map<string, string> } {
  const map = new Map<string, string>();
  let width = 1;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set(code!.toLowerCase(), utf16(text!));
      width = code!.length / 2;
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, text] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      width = lo!.length / 2;
      const first = utf16(text!);
      for (let c = parseInt(lo!, 16), k = 0; c <= parseInt(hi!, 16); c++, k++) {
        map.set(c.toString(16).padStart(lo!.length, '0'), first.slice(0, -1) + String.fromCodePoint(first.codePointAt(first.length - 1)! + k));
      }
    }
  }
  return { width, map };
}

function literalBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const n = s[++i]!;
    const octal = /^[0-7]{1,3}/.exec(s.slice(i));
    if (octal) {
      out.push(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else out.push({ n: 10, r: 13, t: 9, b: 8, f: 12 }[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(out);
}

export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const fontMaps = new Map<number, ReturnType<typeof toUnicode>>();
  const mapOf = (ref: number) => {
    if (!fontMaps.has(ref)) {
      const uni = /\/ToUnicode (\d+) 0 R/.exec(objs.get(ref)?.dict ?? '');
      fontMaps.set(ref, toUnicode(uni ? (objs.get(Number(uni[1]))?.stream?.toString('latin1') ?? '') : ''));
    }
    return fontMaps.get(ref)!;
  };
  const pages = [...objs.values()].filter((o) => /\/Type \/Page\b/.test(o.dict));
  const out: string[] = [];
  for (const page of pages) {
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    const fonts = new Map([...fontDict.matchAll(/\/(\S+?)\s+(\d+) 0 R/g)].map(([, name, ref]) => [name!, Number(ref)]));
    const contents = /\/Contents\s+(?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page.dict);
    const refs = contents ? (contents[1] ? [...contents[1].matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1])) : [Number(contents[2])]) : [];
    for (const ref of refs) {
      const ops = objs.get(ref)?.stream?.toString('latin1') ?? '';
      let font: ReturnType<typeof toUnicode> = { width: 1, map: new Map() };
      let line = '';
      const decode = (bytes: Buffer) => {
        for (let i = 0; i + font.width <= bytes.length; i += font.width) line += font.map.get(bytes.subarray(i, i + font.width).toString('hex')) ?? '';
      };
      // Skia marks a glyph that several characters share (a Kangxi radical and its ideograph) with
      // the character it stands for (/ActualText), as text extractors read it.
      let actual = false;
      const tokens = /\/ActualText\s*<([0-9A-Fa-f\s]*)>|\b(EMC)\b|\/(\S+?)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|\b(ET)\b/g;
      for (const [, actualText, emc, name, hex, literal, et] of ops.matchAll(tokens)) {
        if (actualText !== undefined) (line += utf16(actualText).replace(/^\uFEFF/, '')), (actual = true);
        else if (emc) actual = false;
        else if (name !== undefined) font = fonts.has(name) ? mapOf(fonts.get(name)!) : font;
        else if (actual) continue;
        else if (hex !== undefined) decode(hexBytes(hex));
        else if (literal !== undefined) decode(literalBytes(literal));
        else if (et && line) (out.push(line), (line = ''));
      }
      if (line) out.push(line);
    }
  }
  return out.join('\n');
}
