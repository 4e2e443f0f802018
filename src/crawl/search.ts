// Running a probe keyword through a platform's own search, whatever form it takes: a search URL
// from the platform's profile, a GET form, a JavaScript box (Enter, then its button), or results
// rendered in place from an API. Runs in the browser because many platforms build results there.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { InputFileError } from '../roster/table-file.js';
import { settle } from './settle.js';

/** A per-platform override where a site defeats detection (validated with zod). */
export const searchProfileSchema = z.object({
  /** Search URL with {keyword} where the keyword goes, e.g. https://s.example.cn/search?q={keyword} */
  searchUrl: z
    .string()
    .refine((s) => s.includes('{keyword}') && /^https?:\/\//.test(s), { message: 'expected an http(s) URL containing {keyword}' })
    .optional(),
  /** CSS selector of the search input on the homepage. */
  searchInput: z.string().min(1).optional(),
  /** CSS selector of one result item on a results page. */
  resultItem: z.string().min(1).optional(),
});
export type SearchProfile = z.infer<typeof searchProfileSchema>;

export function searchUrlFor(template: string, keyword: string): string {
  return template.replace('{keyword}', encodeURIComponent(keyword));
}

/** A URL template from a search link seen on the page (…?q=<word>), with the word as {keyword}. */
export function searchTemplateFromLinks(hrefs: readonly string[]): string | null {
  for (const href of hrefs) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (!/search|\/s\b|\/s\/|list|query/i.test(url.pathname + url.hostname)) continue;
    for (const name of SEARCH_PARAMS) {
      if (url.searchParams.get(name)) {
        url.searchParams.set(name, '__KEYWORD__');
        return url.href.replace('__KEYWORD__', '{keyword}');
      }
    }
  }
  return null;
}

const SEARCH_PARAMS = ['q', 'keyword', 'keywords', 'key', 'wd', 'w', 'k', 'kw', 'query', 'search', 'searchKey', 'searchWord', 'word'];

export const SEARCH_MARK = 'data-wj-search';

/** Marks the most likely search input (and its button) in the page; false when there is none. */
function markSearchBox(opts: { params: string[]; mark: string; selector: string | null }): boolean {
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const score = (input: HTMLInputElement) => {
    const words = `${input.name} ${input.id} ${input.className} ${input.placeholder} ${input.getAttribute('aria-label') ?? ''}`.toLowerCase();
    let s = 0;
    if (input.type === 'search') s += 4;
    if (opts.params.includes(input.name)) s += 3;
    if (/search|搜索|搜/.test(words)) s += 3;
    if (input.closest('form')) s += 1;
    if (input.closest('header, #header, .header, [class*="top"], [class*="search"]')) s += 1;
    if (visible(input)) s += 5;
    return s;
  };
  let input: HTMLInputElement | null = opts.selector ? document.querySelector<HTMLInputElement>(opts.selector) : null;
  if (!input) {
    const candidates = [...document.querySelectorAll<HTMLInputElement>('input:not([type]), input[type="text"], input[type="search"]')]
      .map((el) => ({ el, s: score(el) }))
      .filter((c) => c.s >= 6)
      .sort((a, b) => b.s - a.s);
    input = candidates[0]?.el ?? null;
  }
  if (!input) return false;
  input.setAttribute(opts.mark, 'input');
  // The button: in the input's form, else in the nearest ancestors, by type, words or class.
  for (let scope: Element | null = input.form ?? input.parentElement, depth = 0; scope && depth < 4; scope = scope.parentElement, depth++) {
    const button = [...scope.querySelectorAll('button, input[type="submit"], input[type="button"], a, [role="button"], .search-btn, [class*="search"][class*="btn"]')].find(
      (el) => el !== input && visible(el) && (/submit/.test((el as HTMLInputElement).type ?? '') || /搜索|搜|search/i.test(`${el.textContent ?? ''} ${(el as HTMLInputElement).value ?? ''} ${el.className} ${el.id}`)),
    );
    if (button) {
      button.setAttribute(opts.mark, 'button');
      break;
    }
  }
  return true;
}

function bodySignature(): string {
  const text = document.body?.innerText ?? '';
  return `${location.href}|${text.length}|${text.slice(0, 200)}`;
}

/**
 * Types the keyword into the homepage's search box and submits it: Enter first, then the
 * button if nothing happened. Resolves once the results have had time to appear; false when
 * the page has no search box.
 */
export async function searchOnPage(page: Page, keyword: string, profile: SearchProfile | undefined, settleMs: number): Promise<boolean> {
  const found = await page.evaluate(markSearchBox, { params: SEARCH_PARAMS, mark: SEARCH_MARK, selector: profile?.searchInput ?? null });
  if (!found) return false;
  const input = page.locator(`[${SEARCH_MARK}="input"]`).first();
  await input.fill(keyword, { timeout: 5_000 });
  const before = await page.evaluate(bodySignature);
  await input.press('Enter', { timeout: 5_000 });
  await settleSearch(page, settleMs);
  const after = await page.evaluate(bodySignature).catch(() => before + 'navigated');
  if (after === before) {
    const button = page.locator(`[${SEARCH_MARK}="button"]`).first();
    if (await button.count()) {
      await button.click({ timeout: 5_000 }).catch(() => undefined);
      await settleSearch(page, settleMs);
    }
  }
  return true;
}

async function settleSearch(page: Page, ms: number): Promise<void> {
  await page.waitForLoadState('domcontentloaded', { timeout: ms }).catch(() => undefined);
  await settle(page, ms);
}

const profilesSchema = z.record(z.string().regex(/^[a-z0-9-]+$/, { message: 'expected a platform id' }), searchProfileSchema);

/** A JSON file of platform id → search profile, validated; errors name the platform and field. */
export function readSearchProfiles(file: string): Record<string, SearchProfile> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputFileError(file, [`is not readable JSON: ${(error as Error).message}`]);
  }
  const result = profilesSchema.safeParse(data);
  if (!result.success) throw new InputFileError(file, result.error.issues.map((i) => `platform "${String(i.path[0] ?? '')}", field "${i.path.slice(1).join('.') || '(profile)'}": ${i.message}`));
  return result.data;
}
