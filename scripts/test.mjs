#!/usr/bin/env node
// `npm test`: the whole suite, in order — types, unit tests, a production build, then the
// browser tests against that build. Stops at the first stage that fails.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const stages = [
  ['types (astro check)', bin('astro'), ['check']],
  ['engine types (no DOM, no Node: tsconfig.engine.json)', bin('tsc'), ['-p', 'tsconfig.engine.json']],
  ['lint (biome)', bin('biome'), ['lint', '--error-on-warnings', '.']],
  ['format (biome)', bin('biome'), ['format', '.']],
  ['unit tests (vitest)', bin('vitest'), ['run']],
  ['build (astro build + pagefind)', process.execPath, [join(root, 'scripts', 'build.mjs')]],
  ['browser tests (playwright, chromium)', process.execPath, [join(root, 'scripts', 'e2e.mjs')]],
];

const only = process.argv.slice(2);
let passed = 0;
for (const [name, cmd, args] of stages) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== ${name}: FAILED (exit ${r.status ?? r.signal}, ${secs}s)`);
    console.log(`stages: ${passed} passed, 1 failed`);
    process.exit(1);
  }
  console.log(`=== ${name}: ok (${secs}s)`);
  passed++;
}
console.log(`stages: ${passed} passed, 0 failed`);
