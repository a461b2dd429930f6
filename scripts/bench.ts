/**
 * `npm run bench`: runs every bench/*.bench.ts in name order and prints a
 * report. Each bench module default-exports `(report: Reporter) => Promise<void> | void`.
 * Measurements only: nothing here passes or fails.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Reporter {
  section(title: string): void;
  row(name: string, value: string): void;
}

const dir = join(import.meta.dirname, '..', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const reporter: Reporter = {
  section: (title) => console.log(`\n## ${title}`),
  row: (name, value) => console.log(`${name.padEnd(48)} ${value}`),
};
console.log(`ntlab bench (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: (r: Reporter) => Promise<void> | void };
  await mod.default(reporter);
}
