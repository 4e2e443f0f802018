// One text for one content, so that a hash proves content rather than formatting: the draw's
// input fingerprints and the signed record forms are both hashed over it.

/** JSON with object keys sorted at every depth and no whitespace: one text for one content. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
