#!/usr/bin/env node
// `npm run build`: the static course in dist/ with its offline search index, then a check of
// what was built (page count, lab ids, no external assets).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
for (const [cmd, args] of [
  [bin('astro'), ['build']],
  [bin('pagefind'), ['--site', 'dist', '--silent']],
  [process.execPath, [join(root, 'scripts', 'build-check.mjs')]],
]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
writeFileSync(join(root, 'dist', '.ntlab-build'), new Date().toISOString() + '\n');
