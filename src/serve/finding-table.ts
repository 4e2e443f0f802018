// The data behind a finding as a labelled table in Chinese (src/review/finding-data.ts names it):
// nested data as nested tables or lists, text quoted from a captured page marked `quoted`, so a
// reader (and the page test) can tell it from what the tool says.
import { dataCell, dataRows, type Cell, type Row, type Vocabulary } from '../review/finding-data.js';
import { html, safeHref, type Html } from '../html.js';

/** Quoted text, as the page had it. */
export function quoted(text: string): Html {
  return html`<span class="quoted">「${text}」</span>`;
}

function cell(value: Cell): Html {
  switch (value.kind) {
    case 'text':
      return html`${value.text}`;
    case 'quote':
      return quoted(value.text);
    case 'url':
      return html`<a href="${safeHref(value.url)}" rel="noopener noreferrer" target="_blank">${value.url}</a>`;
    case 'rows':
      return rows(value.rows);
    case 'list':
      // A list of records is numbered; a list of words reads as one line.
      return value.items.some((i) => i.kind === 'rows' || i.kind === 'list')
        ? html`<ol>${value.items.map((i) => html`<li>${cell(i)}</li>`)}</ol>`
        : html`${value.items.map((i, n) => html`${n ? '、' : ''}${cell(i)}`)}`;
  }
}

function rows(list: Row[]): Html {
  return html`<dl class="details">${list.map((r) => html`<dt>${r.label}</dt><dd>${cell(r.value)}</dd>`)}</dl>`;
}

/** A finding's details, every value escaped; nothing when there are none. */
export function findingData(details: Record<string, unknown>): Html {
  const list = dataRows(details);
  return list.length ? rows(list) : html``;
}

/** Any recorded value (an audit entry's before and after) in the same words, with `extra` for its own keys. */
export function recordedData(value: unknown, extra: Vocabulary): Html {
  return cell(dataCell('', value, extra));
}
