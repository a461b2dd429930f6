/**
 * Every import in src/ and labs/ follows the layer order in docs/architecture.md: a file
 * imports from its own layer or from layers listed before it. The table is read from the
 * document, so the rule and its description cannot drift apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Layer {
  readonly rank: number;
  readonly name: string;
  readonly folders: readonly string[];
}

/** The layer table between the layers markers of docs/architecture.md. */
function readLayers(markdown: string): Layer[] {
  const block = /<!-- layers:start -->([\s\S]*?)<!-- layers:end -->/.exec(markdown)?.[1] ?? '';
  const layers: Layer[] = [];
  for (const row of block.split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    const rank = Number(cells[1]);
    if (!Number.isInteger(rank) || rank < 1) continue;
    layers.push({ rank, name: cells[2], folders: [...cells[3].matchAll(/`([^`]+)`/g)].map((m) => m[1]) });
  }
  return layers;
}

/** The layer a repository path belongs to (the longest folder that contains it), or null. */
function layerOf(layers: readonly Layer[], path: string): Layer | null {
  let best: Layer | null = null;
  let bestLength = -1;
  for (const layer of layers) {
    for (const folder of layer.folders) {
      if ((path === folder || path.startsWith(folder + '/')) && folder.length > bestLength) {
        best = layer;
        bestLength = folder.length;
      }
    }
  }
  return best;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative import specifiers in a source text (comments stripped first). */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2]).filter((s) => s.startsWith('.'));
}

/** Layer violations among `files` (repository-relative paths with their text). */
function violations(layers: readonly Layer[], files: readonly { path: string; text: string }[]): string[] {
  const problems: string[] = [];
  for (const { path, text } of files) {
    const from = layerOf(layers, path);
    if (!from) continue;
    for (const spec of importsOf(text)) {
      const target = join(dirname(path), spec).replace(/\\/g, '/');
      const to = layerOf(layers, target);
      if (to && to.rank > from.rank) problems.push(`${path} (${from.name}) imports ${target} (${to.name}), a later layer`);
    }
  }
  return problems;
}

function sources(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|mts|js|mjs|astro|mdx)$/.test(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(root, full).replace(/\\/g, '/'), text: readFileSync(full, 'utf8') });
  }
  return out;
}

const layers = readLayers(readFileSync(join(root, 'docs/architecture.md'), 'utf8'));

describe('layer order', () => {
  it('is read from docs/architecture.md: nine layers, the engine first', () => {
    expect(layers.map((l) => l.name)).toEqual(['base', 'kernel', 'debugger', 'console', 'lab', 'labs', 'terminal', 'site', 'entry points']);
  });

  it('puts every source folder in src/ in a layer', () => {
    const unplaced = readdirSync(join(root, 'src')).filter((name) => !layerOf(layers, `src/${name}`));
    expect(unplaced).toEqual([]);
  });

  it('holds for every import in src/ and labs/', () => {
    expect(violations(layers, [...sources('src'), ...sources('labs')])).toEqual([]);
  });

  it('catches an upward import, a dynamic one and a re-export (the check can fail)', () => {
    const bad = [
      { path: 'src/kernel/x.ts', text: "import { Console } from '../console/console.ts';" },
      { path: 'src/lab/y.ts', text: "const m = await import('../../labs/index.ts');" },
      { path: 'src/base/z.ts', text: "export { LabSession } from '../lab/session.ts';\n// import '../cli/main.ts' in a comment is not an import" },
      { path: 'src/console/ok.ts', text: "import type { Machine } from '../kernel/machine.ts';" },
    ];
    expect(violations(layers, bad)).toEqual([
      'src/kernel/x.ts (kernel) imports src/console/console.ts (console), a later layer',
      'src/lab/y.ts (lab) imports labs/index.ts (labs), a later layer',
      'src/base/z.ts (base) imports src/lab/session.ts (lab), a later layer',
    ]);
  });
});
