// A document published as a PDF: its text read with pdf.js (pdfjs-dist), and laid out as a plain
// HTML document for the checks, which read pages as HTML. The PDF itself is the evidence; this
// text is derived from it.
import { escapeHtml } from '../html.js';
import type { AnnotateResult } from './annotate.js';

/** Pages read of a PDF: an agreement runs to tens of pages, a hostile file to millions. */
const MAX_PAGES = 300;

export interface PdfText {
  pages: number;
  /** Fewer than `pages` when the file runs over MAX_PAGES: the text is then a part, as the page metadata says. */
  pagesRead: number;
  /** The document title from its metadata, when it has one. */
  title: string | null;
  /** Lines as the PDF sets them, NFKC-normalised: fonts often map 用 to the radical ⽤ (U+2F64). */
  lines: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: pdf.js takes the buffer it is given over.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    let text = '';
    const pagesRead = Math.min(doc.numPages, MAX_PAGES);
    for (let n = 1; n <= pagesRead; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      text += '\n';
      page.cleanup();
    }
    const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim().normalize('NFKC') : null;
    const lines = text
      .normalize('NFKC')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return { pages: doc.numPages, pagesRead, title, lines };
  } finally {
    await doc.destroy();
  }
}

/** The PDF's text as the page the checks read: its title, the first line as heading, a paragraph a line. */
export function pdfAsPage(pdf: PdfText): { html: string; facts: AnnotateResult } {
  const title = pdf.title ?? pdf.lines[0] ?? '';
  const [heading = '', ...rest] = pdf.lines;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><article><h1>${escapeHtml(heading)}</h1>\n${rest.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}\n</article></body></html>`;
  const text = pdf.lines.join('');
  const facts: AnnotateResult = { width: 0, height: 0, selectionDisabled: false, copyBlocked: false, textLength: text.length, largeImages: 0, hasPasswordField: false, title, heading, textSample: text.slice(0, 2000), annotated: 0 };
  return { html, facts };
}
