// The word lists of unfair-terms and absolute-terms: built-in JSON under rules/data/, each entry
// with where it comes from (a law article, an AAG paragraph, or "bureau practice"), plus any
// lists a bureau adds. Reading a bureau's folder is I/O, so it happens in src/terms.ts; here the
// lists are only typed and merged, and the rules take the merged lists as a parameter.
import absoluteTerms from '../data/absolute-terms.json' with { type: 'json' };
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

/** A bureau's own list file: entries (and guards or exceptions) added to the built-in list. */
export type ExtraTermsList =
  | { list: 'unfair-terms'; version: string; entries: UnfairEntry[]; guards?: SourcedPattern[] | undefined }
  | { list: 'absolute-terms'; version: string; entries: AbsoluteEntry[]; exceptions?: SourcedPattern[] | undefined };

export interface TermLists {
  unfair: UnfairTermsList;
  absolute: AbsoluteTermsList;
}

export const BUILT_IN_TERMS: TermLists = {
  unfair: unfairTerms as UnfairTermsList,
  absolute: absoluteTerms as AbsoluteTermsList,
};

/**
 * The built-in lists with a bureau's lists added, each `name` (its file name) recorded in the
 * version (2025.1+xx-brands@3) so a finding tells which lists judged it.
 */
export function mergeTermLists(base: TermLists, extras: readonly { name: string; list: ExtraTermsList }[]): TermLists {
  let { unfair, absolute } = base;
  for (const { name, list } of extras) {
    const version = (v: string) => `${v}+${name}@${list.version}`;
    if (list.list === 'unfair-terms') {
      unfair = { ...unfair, version: version(unfair.version), entries: [...unfair.entries, ...list.entries], guards: [...unfair.guards, ...(list.guards ?? [])] };
    } else {
      absolute = { ...absolute, version: version(absolute.version), entries: [...absolute.entries, ...list.entries], exceptions: [...absolute.exceptions, ...(list.exceptions ?? [])] };
    }
  }
  return { unfair, absolute };
}
