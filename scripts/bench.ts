/**
 * `npm run bench [-- --json] [name…]`: runs every bench/*.bench.ts in name order (or those
 * whose file name contains one of the names) and prints a report; with `--json`, one JSON
 * object instead: `{ date, node, cpus, sections: [{ title, rows: [{ name, value, data }] }] }`
 * where `data` holds the row's figures as numbers (milliseconds, bytes, counts).
 * Each bench module default-exports `(report: Reporter) => Promise<void> | void`.
 * Measurements only: nothing here passes or fails.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A row's figures, by name (ms, bytes, counts). */
export type Figures = Readonly<Record<string, number>>;

export interface Reporter {
  section(title: string): void;
  row(name: string, value: string, data?: Figures): void;
}

interface Section {
  readonly title: string;
  readonly rows: { name: string; value: string; data?: Figures }[];
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => a !== '--json');
const dir = join(import.meta.dirname, '..', 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const sections: Section[] = [];
const reporter: Reporter = {
  section(title) {
    sections.push({ title, rows: [] });
    if (!json) console.log(`\n## ${title}`);
  },
  row(name, value, data) {
    if (sections.length === 0) sections.push({ title: '', rows: [] });
    sections[sections.length - 1].rows.push(data ? { name, value, data } : { name, value });
    if (!json) console.log(`${name.padEnd(48)} ${value}`);
  },
};
const date = new Date().toISOString();
if (!json) console.log(`ntlab bench (node ${process.version}, ${date.slice(0, 10)})`);
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: (r: Reporter) => Promise<void> | void };
  await mod.default(reporter);
}
if (json) console.log(JSON.stringify({ date, node: process.version, cpus: availableParallelism(), sections }, null, 2));
