import { describe, expect, it } from 'vitest';
import { BUILT_IN_TERMS } from './term-lists.js';

const { unfair, absolute } = BUILT_IN_TERMS;
const SOURCE = /^(?:NTM \d+(?:\(\d\))?|AdL \d+(?:\(\d\))?|AAG \d+(?:\(\d\))?|bureau practice)$/;

describe('built-in term lists (rules/data)', () => {
  it('carry a version and say where every entry comes from', () => {
    for (const list of [unfair, absolute]) expect(list.version).toMatch(/^\d{4}\.\d+$/);
    const sources = [...unfair.categories, ...unfair.entries, ...unfair.guards, ...absolute.entries, ...absolute.exceptions].map((e) => e.source);
    expect(sources.filter((s) => !SOURCE.test(s))).toEqual([]);
  });

  it('have the six kinds of NTM 21, only （五） a violation, and every pattern compiles into a known kind', () => {
    expect(unfair.categories.map((c) => c.item)).toEqual(['（一）', '（二）', '（三）', '（四）', '（五）', '（六）']);
    expect(unfair.categories.filter((c) => c.verdict === 'violation').map((c) => c.id)).toEqual(['interpretation']);
    const kinds = new Set(unfair.categories.map((c) => c.id));
    for (const e of unfair.entries) {
      expect(kinds.has(e.category)).toBe(true);
      const re = new RegExp(e.pattern);
      if (e.example) expect(re.test(e.example), e.pattern).toBe(true);
    }
    for (const g of [...unfair.guards, ...absolute.exceptions]) expect(() => new RegExp(g.pattern)).not.toThrow();
  });

  it('list each absolute term once', () => {
    const terms = absolute.entries.map((e) => e.term);
    expect(new Set(terms).size).toBe(terms.length);
  });
});
