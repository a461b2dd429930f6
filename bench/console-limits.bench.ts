/**
 * The console on pathological input (issue 8): patterns that backtrack in a naive matcher,
 * self-referencing redirections, JavaScript prototype names, and very long lines.
 * Each row is one command line submitted to a lab session; the target is under 50 ms.
 */
import type { Reporter } from '../scripts/bench.ts';
import driverLab from '../labs/driver-loading/lab.ts';
import { LabSession } from '../src/lab/session.ts';
import { summary, timeEach } from './stats.ts';

/** The longest line cmd.exe takes; anything longer is refused at once. */
const MAX = 8191;
const fill = (unit: string, tail = '', head = 'echo ') => head + unit.repeat(Math.floor((MAX - head.length - tail.length) / unit.length)) + tail;

const CASES: [string, string][] = [
  ['findstr .*.*.*…y (120 stars) over a 1,000-character line', `echo ${'x'.repeat(1000)} | findstr ${'.*'.repeat(120)}y`],
  ['findstr /r "a.*b.*c" over an 8,000-character line', `echo ${'ab'.repeat(3990)} | findstr /r "a.*b.*c"`],
  ['findstr \\<[a-z]*[0-9]*x\\> over an 8,000-character line', `echo ${'a1 '.repeat(2660)} | findstr "\\<[a-z]*[0-9]*x\\>"`],
  ['dir *…*x (8,000 stars)', `dir ${'*'.repeat(8000)}x`],
  ['dir *.*.….x (4,000 DOS wildcards through the file system)', `dir ${'*.'.repeat(4000)}x`],
  ['fsutil hardlink list of an 8,000-character name', `fsutil hardlink list ${'a'.repeat(8000)}`],
  ['devcon status *…*x (8,000 stars)', `devcon status ${'*'.repeat(8000)}x`],
  ['echo x >&1 / 1>&1 / >&2 2>&1', 'echo x >&1 & echo x 1>&1 & echo x 2>&2 & echo x >&2 2>&1'],
  ['2>&1 1>&2 repeated to 8,191 characters', fill(' 2>&1 1>&2', '', 'echo x')],
  [
    'prototype names: set/echo/type/help/sc query constructor …',
    'set constructor=1 & echo %__proto__% %toString% & type hasOwnProperty & help valueOf & sc query __proto__ & constructor',
  ],
  ['echo of an 8,191-character line', fill('x')],
  ['an 8,191-character line of "echo a&" (1,169 commands)', fill('echo a&', '', '')],
  ['an 8,191-character line of nested parentheses', fill('(', '', '')],
  ['set /a over an 8,191-character expression', fill('1+', '1', 'set /a ')],
  ['a 200,000-character line (refused: too long)', 'echo ' + 'x'.repeat(200_000)],
  ['a 200,000-character line of & (refused: too long)', '&'.repeat(200_000)],
];

export default function bench(r: Reporter): void {
  r.section('console: pathological input (target: each under 50 ms)');
  for (const [name, line] of CASES) {
    const s = new LabSession(driverLab);
    r.row(name, summary(timeEach(20, () => s.submit(line))));
  }
}
