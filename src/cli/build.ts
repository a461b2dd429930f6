/** Build the course when dist/ is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const STAMP = join(ROOT, 'dist', '.ntlab-build');
const SOURCES = ['src', 'content', 'labs', 'public', 'astro.config.mjs', 'package.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export function needsBuild(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newest(join(ROOT, s)) > built);
}

/** Build if needed (scripts/build.mjs: astro build + pagefind); false (after saying why) when it failed. */
export function buildIfNeeded(force = false): boolean {
  if (!force && !needsBuild()) return true;
  console.log('ntlab: building the course (astro build + search index)...');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`ntlab: the build failed (exit ${r.status ?? r.signal}).`);
    return false;
  }
  return true;
}
