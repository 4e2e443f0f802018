// HTML built on the server: the review pages, the record form, the nightly report, the sample
// sites. Everything interpolated into `html` is escaped
// unless it is itself `html` (or explicitly `raw`): crawled text, titles and URLs end up in these
// pages, and must never become markup in the app.
//
//   html`<p>${finding.summary}</p>`              escaped
//   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   arrays of fragments are joined
//   html`<a href="${safeHref(url)}">${url}</a>`  a crawled URL as a link: only http(s) or relative
//   raw(trustedMarkup)                            only for markup the app itself wrote

/** A fragment of markup that is safe to insert as is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** Trusted markup, inserted unescaped. Never pass it anything a crawled page or a user wrote. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function fragment(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(fragment).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += fragment(v) + strings[i + 1]!));
  return new Html(out);
}

/** A URL fit for href/src: http(s) and app-relative ones pass, anything else (javascript:, data:, …) becomes "#". */
export function safeHref(url: string): string {
  const trimmed = url.trim();
  if (/^\/(?!\/)/.test(trimmed)) return trimmed;
  try {
    const protocol = new URL(trimmed).protocol;
    return protocol === 'http:' || protocol === 'https:' ? trimmed : '#';
  } catch {
    return '#';
  }
}
