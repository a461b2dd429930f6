/** The Node version gate that `npm start`, `npm test` and `npx ntlab` run first. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function gate(file: string, version: string, errors: string[], onExit: (code: number) => void): void {
  // Only the version check at the top of the file runs here (bin/ntlab.mjs continues with imports).
  const source = readFileSync(join(root, file), 'utf8').split('\nconst main')[0];
  runInNewContext(
    source,
    {
      process: {
        versions: { node: version },
        version: `v${version}`,
        exit: (code: number) => {
          onExit(code);
          throw new Error('exit');
        },
      },
      console: { error: (line: string) => errors.push(line) },
    },
    { filename: file },
  );
}

/** Run the gate; a call to process.exit stops the script (as it would for real). */
function run(file: string, version: string): { exit: number | null; errors: string[] } {
  const errors: string[] = [];
  let exit: number | null = null;
  try {
    gate(file, version, errors, (code) => (exit = code));
  } catch (err) {
    if (!(err instanceof Error && err.message === 'exit')) throw err;
  }
  return { exit, errors };
}

describe.each(['scripts/check-node.mjs', 'bin/ntlab.mjs'])('%s', (file) => {
  it.each(['20.20.2', '22.12.0', '18.0.0'])('stops Node %s with one line naming both versions', (v) => {
    const { exit, errors } = run(file, v);
    expect(exit).toBe(1);
    expect(errors).toEqual([`ntlab needs Node.js >= 22.13.0; this is Node.js v${v}. Install Node 22 or newer (see README).`]);
  });

  it.each(['22.13.0', '22.23.3', '24.1.0'])('lets Node %s through', (v) => {
    expect(run(file, v)).toEqual({ exit: null, errors: [] });
  });
});
