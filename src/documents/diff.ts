// What changed between two versions of a document, sentence by sentence: Chinese text has no
// line structure worth diffing, so the text is cut after 。；！？ and at paragraph ends, and the
// sentences are compared as units (jsdiff diffArrays). The same comparison is printed on a
// terminal (documentDiffText) and shown in the review app (documentDiffHtml).
import { diffArrays } from 'diff';
import { html } from '../html.js';

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  /** Sentences; one ending in "\n" closes its paragraph. */
  sentences: string[];
}

/** The text cut into sentences, each keeping its end mark, a paragraph's last one its "\n". */
export function sentences(text: string): string[] {
  return text.match(/[^。；！？!?;\n]*(?:[。；！？!?;]+[”’」』）)]*|\n|$)\n?/g)?.filter((s) => s !== '') ?? [];
}

export function documentDiff(older: string, newer: string): DiffPart[] {
  return diffArrays(sentences(older), sentences(newer)).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', sentences: c.value }));
}

const MARK: Readonly<Record<DiffPart['kind'], string>> = { same: ' ', removed: '-', added: '+' };

/**
 * A unified diff for a terminal: a sentence a line, "-" removed, "+" added, `context` unchanged
 * sentences around each change and the rest counted.
 */
export function documentDiffText(older: string, newer: string, labels: { from: string; to: string }, context = 2): string {
  const lines = [`--- ${labels.from}`, `+++ ${labels.to}`];
  const parts = documentDiff(older, newer);
  if (!parts.some((p) => p.kind !== 'same')) return [...lines, '（两版文本相同）'].join('\n');
  parts.forEach((p, i) => {
    const shown = p.sentences.map((s) => s.replace(/\n$/, ''));
    if (p.kind !== 'same') {
      lines.push(...shown.map((s) => `${MARK[p.kind]} ${s}`));
      return;
    }
    const head = i > 0 ? shown.slice(0, context) : [];
    const tail = i < parts.length - 1 ? shown.slice(Math.max(head.length, shown.length - context)) : [];
    const skipped = shown.length - head.length - tail.length;
    lines.push(...head.map((s) => `  ${s}`));
    if (skipped > 0) lines.push(`  …（未变 ${skipped} 句）`);
    lines.push(...tail.map((s) => `  ${s}`));
  });
  return lines.join('\n');
}

/**
 * The newer version's text with what was removed in <del> and what was added in <ins>, paragraph
 * by paragraph: a safe HTML fragment (every piece of text escaped) for the review app.
 */
export function documentDiffHtml(older: string, newer: string): string {
  const paragraphs: unknown[][] = [[]];
  for (const part of documentDiff(older, newer)) {
    for (const s of part.sentences) {
      const text = s.replace(/\n$/, '');
      if (text) paragraphs.at(-1)!.push(part.kind === 'same' ? text : part.kind === 'added' ? html`<ins>${text}</ins>` : html`<del>${text}</del>`);
      if (s.endsWith('\n')) paragraphs.push([]);
    }
  }
  return html`<div class="document-diff">${paragraphs.filter((p) => p.length).map((p) => html`<p>${p}</p>`)}</div>`.text;
}
