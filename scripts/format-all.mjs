#!/usr/bin/env node
// Format the whole tree once and keep it so: removes the formatter's path list from
// biome.jsonc (the `includes` after the "Paths kept formatted" comment), then runs
// `biome format --write .`.
// After this, `npm test`'s format stage checks every file.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(root, 'biome.jsonc');
const text = readFileSync(config, 'utf8');
const kept = text.replace(/\n[ \t]*\/\/ Paths kept formatted[^\n]*\n[ \t]*"includes": \[[^\]]*\],?[^\n]*/, '');
if (kept !== text) writeFileSync(config, kept);
const r = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', '.'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
