// The word lists of unfair-terms, absolute-terms and prohibited-listings: the built-in ones (rules/data/) merged with a
// bureau's own, read from the folder $WANGJIAN_TERMS_DIR (every *.json in it). Each file is one
// list and is checked whole before anything is used, so a bad file stops the scan with its name,
// the field and what was expected, rather than silently judging with fewer terms.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { BUILT_IN_TERMS, mergeTermLists, type ExtraTermsList, type TermLists } from '../../rules/lib/term-lists.js';
import { InputFileError } from './table-file.js';

const source = z.string().trim().min(1, 'every entry needs a source: a law article, an AAG paragraph or "bureau practice"');
const regex = z.string().min(1).refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const pattern = z.object({ pattern: regex, source, note: z.string().optional() }).strict();
const categories = BUILT_IN_TERMS.unfair.categories.map((c) => c.id) as [string, ...string[]];

export const TERMS_FILE = z.discriminatedUnion('list', [
  z
    .object({
      list: z.literal('unfair-terms'),
      version: z.string().min(1),
      entries: z.array(z.object({ category: z.enum(categories), pattern: regex, source, example: z.string().optional(), note: z.string().optional() }).strict()),
      guards: z.array(pattern).optional(),
    })
    .strict(),
  z
    .object({
      list: z.literal('absolute-terms'),
      version: z.string().min(1),
      entries: z.array(z.object({ term: z.string().trim().min(1), source, note: z.string().optional() }).strict()),
      exceptions: z.array(pattern).optional(),
    })
    .strict(),
  z
    .object({
      list: z.literal('prohibited-keywords'),
      version: z.string().min(1),
      entries: z.array(z.object({ keyword: z.string().trim().min(1), category: z.string().trim().min(1), source, variants: z.array(z.string().trim().min(1)).optional() }).strict()),
    })
    .strict(),
]);

/** One list file, checked; the error names the file and each bad field. */
export function parseTermsFile(file: string, text: string): ExtraTermsList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputFileError(file, [`is not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = TERMS_FILE.safeParse(json);
  if (!parsed.success) {
    throw new InputFileError(file, parsed.error.issues.map((i) => `field "${i.path.join('.') || '(file)'}": ${i.message}`));
  }
  return parsed.data;
}

/** The built-in lists, with those of `dir` (default $WANGJIAN_TERMS_DIR) added when it is set. */
export function loadTermLists(dir: string | undefined = process.env.WANGJIAN_TERMS_DIR): TermLists {
  if (!dir) return BUILT_IN_TERMS;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const extras = files.map((f) => ({ name: basename(f, '.json'), list: parseTermsFile(join(dir, f), readFileSync(join(dir, f), 'utf8')) }));
  return mergeTermLists(BUILT_IN_TERMS, extras);
}
