#!/usr/bin/env node
// Checks a finished build (`astro build && pagefind --site dist`): one page per lesson and
// more than zero of them, every lab a lesson lists is registered, the search index covers
// every lesson, and no page loads anything from another origin. Exit 1 with one line per
// problem.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const problems = [];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

if (!existsSync(join(dist, 'index.html'))) {
  console.error('build-check: dist/index.html is missing: run `npm run build` first.');
  process.exit(1);
}

const sources = readdirSync(join(root, 'content', 'lessons')).filter((name) => name.endsWith('.mdx'));
const lessonPages = existsSync(join(dist, 'lessons'))
  ? readdirSync(join(dist, 'lessons')).filter((slug) => existsSync(join(dist, 'lessons', slug, 'index.html')))
  : [];
if (lessonPages.length === 0) problems.push('no lesson pages were built (is the content collection loading content/lessons?)');
if (lessonPages.length !== sources.length) {
  problems.push(`${sources.length} lesson files in content/lessons but ${lessonPages.length} lesson pages in dist/lessons`);
}

// The home page's outline carries each lesson's labs.
const home = readFileSync(join(dist, 'index.html'), 'utf8');
const outline = [...home.matchAll(/<li class="lesson-card" data-lesson="([^"]+)" data-labs(?:="([^"]*)")?>/g)].map((m) => ({
  slug: m[1],
  labs: (m[2] ?? '').split(' ').filter(Boolean),
}));
if (outline.length !== lessonPages.length) problems.push(`the home page lists ${outline.length} lessons, dist/lessons has ${lessonPages.length}`);
const { labLoaders } = await import(join(root, 'labs', 'index.ts'));
for (const lesson of outline) {
  if (!lessonPages.includes(lesson.slug)) problems.push(`the home page links lesson "${lesson.slug}", which has no page`);
  for (const lab of lesson.labs) {
    if (!Object.hasOwn(labLoaders, lab)) problems.push(`lesson "${lesson.slug}" lists lab "${lab}", which labs/index.ts does not register`);
  }
}

for (const slug of lessonPages) {
  const html = readFileSync(join(dist, 'lessons', slug, 'index.html'), 'utf8');
  if (!html.includes('data-pagefind-body')) problems.push(`lessons/${slug}/ has no data-pagefind-body: search would skip it`);
}

const entryPath = join(dist, 'pagefind', 'pagefind-entry.json');
if (!existsSync(entryPath) || !existsSync(join(dist, 'pagefind', 'pagefind.js'))) {
  problems.push('dist/pagefind is missing: run `pagefind --site dist` after `astro build`');
} else {
  const entry = JSON.parse(readFileSync(entryPath, 'utf8'));
  const indexed = Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
  if (indexed !== lessonPages.length) problems.push(`the search index holds ${indexed} pages, expected the ${lessonPages.length} lessons`);
}

// Offline: nothing the browser loads by itself may come from another origin. Plain links
// (<a href>) to outside references are fine; they are only followed on a click.
const fetching = /<(?:script|img|link|iframe|source|video|audio|embed|object|track)\b[^>]*?\s(?:src|href|srcset|data)=["']?(?:https?:)?\/\//gi;
const cssRemote = /(?:url\(\s*["']?|@import\s+["'])(?:https?:)?\/\//gi;
for (const file of walk(dist)) {
  if (!/\.(html|css|js|mjs)$/.test(file) || file.includes(`${join(dist, 'pagefind')}`)) continue;
  const text = readFileSync(file, 'utf8');
  const name = relative(dist, file);
  if (file.endsWith('.html')) for (const m of text.matchAll(fetching)) problems.push(`${name}: loads from another origin: ${m[0].slice(0, 120)}`);
  if (!file.endsWith('.js')) for (const m of text.matchAll(cssRemote)) problems.push(`${name}: CSS loads from another origin: ${m[0]}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`build-check: ${problem}`);
  process.exit(1);
}
console.log(
  `build-check: ${lessonPages.length} lesson pages, ${outline.reduce((n, l) => n + l.labs.length, 0)} lab embeds, search index and offline assets ok`,
);
