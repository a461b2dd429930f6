/** Build the course when dist/ is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

function bin(name: string): string {
  return join(ROOT, 'node_modules', '.bin', name);
}

/** Build if needed; returns false (after printing why) when the build failed. */
export function buildIfNeeded(force = false): boolean {
  if (!force && !needsBuild()) return true;
  console.log('ntlab: building the course (astro build + search index)...');
  for (const [cmd, args] of [[bin('astro'), ['build']], [bin('pagefind'), ['--site', 'dist', '--silent']]] as const) {
    const r = spawnSync(cmd, [...args], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`ntlab: '${cmd.split('/').pop()} ${args.join(' ')}' failed (exit ${r.status ?? r.signal}).`);
      return false;
    }
  }
  writeFileSync(STAMP, new Date().toISOString() + '\n');
  return true;
}
