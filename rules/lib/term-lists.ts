// The word lists of unfair-terms and absolute-terms: built-in JSON under rules/data/, each entry
// with where it comes from (a law article, an AAG paragraph, or "bureau practice"), plus any
// lists a bureau adds. Reading a bureau's folder is I/O, so it happens in src/roster/term-lists.ts; here the
// lists are only typed and merged, and the rules take the merged lists as a parameter.
import absoluteTerms from '../data/absolute-terms.json' with { type: 'json' };
import prohibitedKeywords from '../data/prohibited-keywords.json' with { type: 'json' };
import unfairTerms from '../data/unfair-terms.json' with { type: 'json' };
import type { Verdict } from '../types.js';

/** Where an entry comes from: e.g. "NTM 21(5)", "AAG 9(2)", "bureau practice". */
export interface Sourced {
  source: string;
  note?: string | undefined;
}

/** A regular expression (JavaScript syntax, no flags) with its source. */
export interface SourcedPattern extends Sourced {
  pattern: string;
}

export interface UnfairCategory {
  id: string;
  /** The item of NTM 21: （一）…（六）. */
  item: string;
  name: string;
  verdict: Extract<Verdict, 'violation' | 'needs-review'>;
  source: string;
}

export interface UnfairEntry extends SourcedPattern {
  category: string;
  example?: string | undefined;
}

export interface UnfairTermsList {
  list: 'unfair-terms';
  version: string;
  categories: UnfairCategory[];
  entries: UnfairEntry[];
  /** Text before a hit, in its clause, that forbids or denies the term: the hit is dropped. */
  guards: SourcedPattern[];
}

export interface AbsoluteEntry extends Sourced {
  term: string;
}

export interface AbsoluteTermsList {
  list: 'absolute-terms';
  version: string;
  entries: AbsoluteEntry[];
  /** Compounds around a term that are not absolute claims (第一季度, a brand, an official title). */
  exceptions: SourcedPattern[];
}

export interface ProhibitedKeyword {
  /** Searched as typed; also matched in result titles (whitespace ignored). */
  keyword: string;
  /** The priority category, in the words an inspector records. */
  category: string;
  /** Where the category comes from: seeds/000 四(二), the goods' own law. */
  source: string;
  /** Other names a listing's title may carry instead (not searched). */
  variants?: string[] | undefined;
}

/** The priority keywords prohibited-listings searches: the built-in list, or a bureau's own. */
export interface KeywordList {
  list: 'prohibited-keywords';
  version: string;
  entries: ProhibitedKeyword[];
}

export const BUILT_IN_KEYWORDS = prohibitedKeywords as KeywordList;

/** A bureau's own list file: entries (and guards or exceptions) added to the built-in list. */
export type ExtraTermsList =
  | { list: 'unfair-terms'; version: string; entries: UnfairEntry[]; guards?: SourcedPattern[] | undefined }
  | { list: 'absolute-terms'; version: string; entries: AbsoluteEntry[]; exceptions?: SourcedPattern[] | undefined }
  | KeywordList;

export interface TermLists {
  unfair: UnfairTermsList;
  absolute: AbsoluteTermsList;
  /** The built-in keyword list first, then a bureau's, each searched. */
  prohibited: KeywordList[];
}

export const BUILT_IN_TERMS: TermLists = {
  unfair: unfairTerms as UnfairTermsList,
  absolute: absoluteTerms as AbsoluteTermsList,
  prohibited: [BUILT_IN_KEYWORDS],
};

/**
 * The built-in lists with a bureau's lists added, each `name` (its file name) recorded in the
 * version (2025.1+xx-brands@3) so a finding tells which lists judged it.
 */
export function mergeTermLists(base: TermLists, extras: readonly { name: string; list: ExtraTermsList }[]): TermLists {
  let { unfair, absolute } = base;
  const prohibited = [...base.prohibited];
  for (const { name, list } of extras) {
    const version = (v: string) => `${v}+${name}@${list.version}`;
    if (list.list === 'unfair-terms') {
      unfair = { ...unfair, version: version(unfair.version), entries: [...unfair.entries, ...list.entries], guards: [...unfair.guards, ...(list.guards ?? [])] };
    } else if (list.list === 'absolute-terms') {
      absolute = { ...absolute, version: version(absolute.version), entries: [...absolute.entries, ...list.entries], exceptions: [...absolute.exceptions, ...(list.exceptions ?? [])] };
    } else {
      // prohibited-listings merges its lists itself and records each list's version.
      prohibited.push({ ...list, version: `${name}@${list.version}` });
    }
  }
  return { unfair, absolute, prohibited };
}
