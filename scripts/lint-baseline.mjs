#!/usr/bin/env node
// Rebuild the lint baseline in biome.jsonc: the overrides after the "Baseline:" comment that
// turn off, file by file, the rules a file broke when the baseline was taken. Run it only to
// accept findings that already exist (say, when merging work written before the lint gate);
// fix a file and delete its entry to bring it under the gate.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(root, 'biome.jsonc');
const MARK = '    // Baseline:';
const text = readFileSync(config, 'utf8');
const at = text.indexOf(MARK);
if (at < 0) throw new Error('biome.jsonc has no "// Baseline:" comment');
const head = text.slice(0, at).replace(/,\s*$/, '');
const comment = text
  .slice(at)
  .split('\n')
  .filter((l) => l.trim().startsWith('//'))
  .join('\n');

// Lint without the old baseline, then record every finding's file and rule.
writeFileSync(config, `${head}\n  ]\n}\n`);
const r = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['lint', '--reporter=github', '--max-diagnostics=none', '.'], { cwd: root, encoding: 'utf8' });
const byFile = new Map();
for (const line of r.stdout.split('\n')) {
  const m = /^::\w+ title=lint\/(\w+)\/(\w+),file=([^,]+),/.exec(line);
  if (!m) continue;
  const file = relative(root, m[3]);
  const rules = byFile.get(file) ?? {};
  (rules[m[1]] ??= {})[m[2]] = 'off';
  byFile.set(file, rules);
}
const entries = [...byFile.keys()]
  .sort()
  .map((file) => JSON.stringify({ includes: [file], linter: { rules: byFile.get(file) } }, null, 2).replace(/^/gm, '    '));
writeFileSync(config, `${head},\n${comment}\n${entries.join(',\n')}\n  ]\n}\n`);
spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', 'biome.jsonc'], { cwd: root, stdio: 'inherit' });
console.log(`lint baseline: ${entries.length} files`);
