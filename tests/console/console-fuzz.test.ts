/**
 * Seeded fuzz of the console with the input classes of issue 8: JavaScript prototype names
 * in every position, pathological patterns, self-referencing redirections and very long
 * lines. Bounded by a line count; every line must answer without an engine error.
 */
import { describe, expect, it } from 'vitest';
import driverLab from '../../labs/driver-loading/lab.ts';
import welcome from '../../labs/welcome/lab.ts';
import { Random } from '../../src/base/random.ts';
import { LabSession } from '../../src/lab/session.ts';

const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'];
const COMMANDS = [
  'echo',
  'set',
  'set /a',
  'type',
  'dir',
  'dir /b /s',
  'dir /r',
  'cd',
  'md',
  'rd /s /q',
  'del /q',
  'copy',
  'ren',
  'move',
  'where',
  'help',
  'findstr',
  'find /c /v',
  'sort',
  'more',
  'vol',
  'path',
  'title',
  'sc query',
  'net use',
  'net use Z: /delete',
  'devcon status',
  'reg query',
  'reg query HKLM /s /v',
  'reg add HKLM\\SOFTWARE\\f /f /v',
  'reg delete HKLM\\SOFTWARE /f /va',
  'reg delete HKLM\\SOFTWARE\\f /f',
  'objdir',
  'rem',
  'cls',
  'ver',
  'if',
  'if not exist',
  'if /i',
  'if defined',
  'if errorlevel',
  'pushd',
  'popd',
  'prompt',
  'ioctlapp',
  'ioctlapp /method:neither',
  'ioctlapp /wait',
  'ioctlapp /method:buffered /wait /keep',
  'type \\\\.\\SwLegacy',
  'verifier',
  'verifier /standard /driver',
  'verifier /flags',
  'verifier /querysettings',
  'verifier /query',
  'verifier /reset',
  'mklink',
  'mklink /h',
  'mklink /d',
  'fsutil',
  'fsutil hardlink',
  'fsutil hardlink create',
  'fsutil hardlink list',
];
const REDIRECTS = [
  '> \\\\.\\SwLegacy',
  '< \\\\.\\IoctlTest',
  '>&1',
  '1>&1',
  '2>&2',
  '>&2 2>&1',
  '2>&1 1>&2',
  '>nul',
  '>con',
  '> NUL.txt',
  '<nul',
  '>&3',
  '<&1',
  '> Z:\\x.txt',
  '>> C:\\Drivers\\log.txt',
  '2> %TEMP%\\e.txt',
];
const PATTERNS = [
  '.*'.repeat(60) + 'y',
  'x*'.repeat(60) + 'y',
  '[a-z]*'.repeat(40) + '$',
  '\\<' + 'a*'.repeat(50) + '\\>',
  '*'.repeat(500) + 'x',
  '?*'.repeat(200),
  '('.repeat(300) + '1' + ')'.repeat(300),
  '^^^&^|',
];
const OPS = [' & ', ' && ', ' || ', ' | ', ' ', '(', ')', '^', '"', '%'];

function word(rng: Random): string {
  const r = rng.next();
  if (r < 0.35) return PROTO[rng.int(0, PROTO.length - 1)];
  if (r < 0.5) return `%${PROTO[rng.int(0, PROTO.length - 1)]}%`;
  if (r < 0.65) return PATTERNS[rng.int(0, PATTERNS.length - 1)];
  if (r < 0.75) return `C:\\Drivers\\${PROTO[rng.int(0, PROTO.length - 1)]}`;
  if (r < 0.85) return `${PROTO[rng.int(0, PROTO.length - 1)]}=${PROTO[rng.int(0, PROTO.length - 1)]}`;
  return ['a', 'x.txt', '*.sys', '..', '/?', '"q r"', '1+2*(3', '0x7fffffff*2', '\\\\.\\SwLegacy', '\\\\.\\IoctlTest', '\\\\?\\constructor'][rng.int(0, 10)];
}

function line(rng: Random): string {
  const parts: string[] = [];
  const commands = rng.int(1, 3);
  for (let c = 0; c < commands; c++) {
    if (c > 0) parts.push(OPS[rng.int(0, 3)]);
    parts.push(rng.next() < 0.15 ? PROTO[rng.int(0, PROTO.length - 1)] : COMMANDS[rng.int(0, COMMANDS.length - 1)]);
    for (let a = rng.int(0, 3); a > 0; a--) parts.push(' ', word(rng));
    if (rng.next() < 0.4) parts.push(' ', REDIRECTS[rng.int(0, REDIRECTS.length - 1)]);
    if (rng.next() < 0.1) parts.push(OPS[rng.int(4, OPS.length - 1)]);
  }
  return parts.join('');
}

describe('console fuzz: prototype names, pathological patterns, self-referencing redirections, long lines', () => {
  for (const lab of [welcome, driverLab]) {
    it(`lab ${lab.id}: 600 generated lines and 6 lines of 200,000 characters answer without an engine error`, () => {
      const rng = new Random(0x8c0de + lab.id.length);
      const s = new LabSession(lab);
      for (let i = 0; i < 600; i++) {
        const text = line(rng);
        const step = s.submit(text);
        expect(step.output, text).not.toMatch(/internal error/);
        // A tool left waiting (ioctlapp /wait) ends with Ctrl-C; leave echo on, so every step ends at a prompt the student can see.
        if (s.prompt() === '') expect(s.interrupt()).not.toMatch(/internal error/);
        if (s.prompt() === '') s.submit('echo on');
      }
      for (const unit of ['x', '&', '(', '%a', '>&1 ', 'echo a|']) {
        const step = s.submit(unit.repeat(Math.ceil(200_000 / unit.length)));
        expect(step.output).toBe('The input line is too long.\n\n');
      }
      // The log replays to the same events.
      expect(LabSession.replay(lab, s.log).events.length).toBe(s.events.length);
    });
  }
});
