// The layers are checked, not just intended: rules stay pure so they can be re-run offline on
// old evidence, and a lower layer of src/ never imports a higher one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every module a file imports, relative imports resolved to paths from the checkout root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => (s.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), s)) : s));
}

/** Every cycle of a graph, as its path from each of its nodes. */
function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles: string[] = [];
  const walk = (unit: string, path: string[]) => {
    for (const next of edges.get(unit) ?? []) {
      if (next === path[0]) cycles.push([...path, next].join(' → '));
      else if (!path.includes(next)) walk(next, [...path, next]);
    }
  };
  for (const unit of edges.keys()) walk(unit, [unit]);
  return cycles;
}

describe('layering', () => {
  it('rules/ imports only rules/, cheerio and DOM types', () => {
    const offending = sources('rules').flatMap((file) =>
      importsOf(file)
        .filter((spec) => !(spec.startsWith('rules/') || spec === 'cheerio' || spec === 'domhandler'))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  // Lower layers first: each may import only from those before it (and rules/). The html template
  // of src/serve imports nothing, and the record forms of src/review print with it.
  const LAYERS = [['src/paths.ts', 'src/version.ts', 'src/html.ts', 'src/time.ts', 'src/input-error.ts'], ['src/browser', 'src/evidence', 'src/findings', 'src/roster', 'src/registry', 'src/campaign', 'src/store'], ['src/draw', 'src/review'], ['src/crawl'], ['src/scan', 'src/sweep'], ['src/nightly', 'src/quota', 'src/documents'], ['src/queue'], ['src/serve'], ['src/demo'], ['src/cli']];
  const layerOf = (path: string) => LAYERS.findIndex((layer) => layer.some((p) => path === p.replace(/\.ts$/, '.js') || path.startsWith(`${p}/`) || path === p));
  /** The entry of LAYERS a module belongs to: its folder under src/, or the file itself. */
  const unitOf = (path: string) => LAYERS.flat().find((p) => path === p.replace(/\.ts$/, '.js') || path.startsWith(`${p}/`) || path === p) ?? null;

  it('places every module of src/ in a layer', () => {
    expect(sources('src').filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('no module of src/ imports from a higher layer', () => {
    const offending = sources('src').flatMap((file) => {
      const own = layerOf(file);
      return importsOf(file)
        .filter((spec) => spec.startsWith('src/') && layerOf(spec) > own)
        .map((spec) => `${file} (layer ${own}) imports ${spec} (layer ${layerOf(spec)})`);
    });
    expect(offending).toEqual([]);
  });

  it('no two folders of one layer import each other, directly or round a longer cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of sources('src')) {
      const from = unitOf(file)!;
      for (const spec of importsOf(file).filter((s) => s.startsWith('src/'))) {
        const to = unitOf(spec);
        if (to && to !== from && layerOf(spec) === layerOf(file)) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    // the finder finds one, round three folders too
    expect(cyclesOf(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]))).toContain('a → b → c → a');
    expect(cyclesOf(edges)).toEqual([]);
  });

  it("the README's layout table names the layers, in order, and every folder of src/ is in it or named as a script", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## How the code is laid out'));
    const rows = [...section.matchAll(/^ *\| (`[^|]*`) \|/gm)].map((m) => [...m[1]!.matchAll(/`([^`]+)`/g)].map((n) => n[1]!));
    expect(rows).toEqual(LAYERS.map((layer) => layer.map((p) => (p.endsWith('.ts') ? p.slice(4, -3) : `${p.slice(4)}/`))));
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/${e.name}`);
    const scripts = folders.filter((f) => !LAYERS.flat().includes(f));
    expect(scripts.filter((f) => !sources(f).length && section.includes(`\`${f.slice(4)}/`))).toEqual(scripts);
  });
});
