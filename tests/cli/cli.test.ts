/** The command line, run as a user runs it: a child process with piped stdin. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ntlab.mjs');

function ntlab(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npx ntlab', () => {
  it('lists labs, one id and title per line', () => {
    const r = ntlab(['labs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^welcome\s+Using the labs$/m);
  });

  it('replays a piped model solution and meets every objective (--json)', () => {
    const solution = ntlab(['solution', 'welcome']).stdout;
    const r = ntlab(['run', 'welcome', '--json'], solution);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { lab: string; steps: { input: string; output: string }[]; score: { done: number; total: number } };
    expect(out.lab).toBe('welcome');
    expect(out.steps.map((s) => s.input)).toEqual(['help', 'help ver', 'ver', 'ver', 'cls', 'lab answer aids b']);
    expect(out.score.done).toBe(out.score.total);
  });

  it('prints the terminal as plain text, prompts and echoed input included, without escapes', () => {
    const r = ntlab(['run', 'welcome'], 'ver\nfoo\n');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b/);
    expect(r.stdout).toContain('C:\\Windows\\system32>ver\n\nMicrosoft Windows [Version 6.1.7601]\n\nC:\\Windows\\system32>foo\n');
    expect(r.stdout).toContain("'foo' is not recognized as an internal or external command,\noperable program or batch file.\n");
    expect(r.stdout.endsWith('C:\\Windows\\system32>\n')).toBe(true);
  });

  it('runs a last line that has no line end', () => {
    const r = ntlab(['run', 'welcome', '--json'], 'ver');
    expect(JSON.parse(r.stdout).steps).toHaveLength(1);
  });

  it('rejects an unknown lab id with exit 2 and the list of real ids', () => {
    const r = ntlab(['run', 'no-such-lab']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ntlab: no lab 'no-such-lab'\. Labs: (\S+, )*welcome(, \S+)*\n$/);
    expect(r.stdout).toBe('');
  });

  it('rejects malformed input and arguments with one clear line, never a stack trace', () => {
    for (const [args, input] of [
      [['run', 'welcome'], 'a\u0000b'],
      [['run'], ''],
      [['run', 'welcome', '--yaml'], ''],
      [['frobnicate'], ''],
    ] as const) {
      const r = ntlab([...args], input);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    const bytes = spawnSync(process.execPath, [BIN, 'run', 'welcome'], { input: Buffer.from([0xff, 0xfe, 0x41]) });
    expect(bytes.status).toBe(2);
    expect(bytes.stderr.toString()).toContain('not UTF-8');
  });
});
