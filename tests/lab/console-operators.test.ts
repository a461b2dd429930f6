/** cmd.exe's command-line operators, redirection and text filters in the lab console. */
import { describe, expect, it } from 'vitest';
import driverLab from '../../labs/driver-loading/lab.ts';
import welcome from '../../labs/welcome/lab.ts';
import { parseCommandLine } from '../../src/console/cmdline.ts';
import { LabSession } from '../../src/lab/session.ts';

function run(lab: typeof welcome, ...lines: string[]): string[] {
  const s = new LabSession(lab);
  return lines.map((l) => s.submit(l).output);
}

const cmd = (text: string, redirects: object[] = []) => ({ kind: 'command', text, redirects });

describe('parseCommandLine', () => {
  it("binds | over &&, && over ||, || over & (as Wine's cmd tests state cmd.exe does), honouring quotes and ^", () => {
    expect(parseCommandLine('a x & b && c || d | e > f 2>nul')).toEqual({
      kind: 'list',
      op: '&',
      parts: [
        cmd('a x '),
        {
          kind: 'list',
          op: '||',
          parts: [
            { kind: 'list', op: '&&', parts: [cmd('b '), cmd('c ')] },
            {
              kind: 'list',
              op: '|',
              parts: [
                cmd('d '),
                cmd('e  ', [
                  { fd: 1, target: 'f', append: false },
                  { fd: 2, target: 'nul', append: false },
                ]),
              ],
            },
          ],
        },
      ],
    });
    expect(parseCommandLine('echo "a | b" ^& c >> "my file.txt"')).toEqual(cmd('echo "a | b" & c ', [{ fd: 1, target: 'my file.txt', append: true }]));
    expect(parseCommandLine('x 2>&1')).toEqual(cmd('x ', [{ fd: 2, target: '&1', append: false }]));
    expect(parseCommandLine('echo a2>b')).toEqual(cmd('echo a2', [{ fd: 1, target: 'b', append: false }]));
    expect(parseCommandLine('@echo a & @ver')).toEqual({ kind: 'list', op: '&', parts: [cmd('echo a '), cmd('ver')] });
    expect(parseCommandLine('(echo a & echo b) > f')).toEqual({
      kind: 'block',
      body: { kind: 'list', op: '&', parts: [cmd('echo a '), cmd('echo b')] },
      redirects: [{ fd: 1, target: 'f', append: false }],
    });
    expect(parseCommandLine('rem a & b | c')).toEqual(cmd('rem a & b | c'));
    expect(parseCommandLine('   ')).toBe(null);
  });

  it("reports cmd.exe's errors for misplaced operators", () => {
    expect(parseCommandLine('| x')).toBe('| was unexpected at this time.');
    expect(parseCommandLine('&& x')).toBe('&& was unexpected at this time.');
    expect(parseCommandLine('x |')).toBe('The syntax of the command is incorrect.');
    expect(parseCommandLine('x &&')).toBe('The syntax of the command is incorrect.');
    expect(parseCommandLine('x >')).toBe('The syntax of the command is incorrect.');
    expect(parseCommandLine('x &')).toEqual(cmd('x '));
  });
});

describe('console operators', () => {
  it('runs & always, && on success, || on failure, and sets %ERRORLEVEL%', () => {
    const out = run(welcome, 'ver && echo ok', 'nope && echo skipped', 'echo %ERRORLEVEL%', 'nope || echo rescued', 'echo one & echo two');
    expect(out[0]).toBe('\nMicrosoft Windows [Version 6.1.7601]\nok\n\n');
    expect(out[1]).not.toContain('skipped');
    expect(out[2]).toBe('9009\n\n');
    expect(out[3]).toContain('rescued');
    expect(out[4]).toBe('one \ntwo\n\n');
  });

  it('pipes output into findstr, find, sort and more', () => {
    const [a, b, c, d, e] = run(
      welcome,
      'help | findstr /b "CLS VER"',
      'help | find /c "the"',
      'help | find /i /n "one screen"',
      'help | findstr /v /r "^[A-Z][A-Z]" | sort',
      'echo hi | more',
    );
    expect(a).toBe('CLS            Clears the screen.\nVER            Displays the Windows version.\n\n');
    expect(b).toMatch(/^\d+\n\n$/);
    expect(c).toMatch(/^\[\d+\]MORE           Displays output one screen at a time\.\n\n$/);
    expect(d).toBe('For more information on a specific command, type HELP command-name\n\n');
    expect(e).toBe('hi \n\n');
  });

  it('findstr: regular expressions by default, /C: and /L literal, exit status 1 when nothing matches', () => {
    const s = new LabSession(welcome);
    expect(s.submit('echo a.c | findstr "a.c"').output).toBe('a.c \n\n');
    expect(s.submit('echo abc | findstr "a.c"').output).toBe('abc \n\n');
    expect(s.submit('echo abc | findstr /l "a.c"').output).toBe('\n');
    expect(s.submit('echo %ERRORLEVEL%').output).toBe('1\n\n');
    expect(s.submit('echo abc | findstr /c:"a.c"').output).toBe('\n');
    expect(s.submit('findstr').output).toBe('FINDSTR: Bad command line\n\n');
    expect(s.submit('echo x | find x').output).toBe('FIND: Parameter format not correct\n\n');
  });

  it("sends the console's own errors to standard error, so 2>nul hides them", () => {
    expect(run(welcome, 'nope 2>nul', 'nope >nul')).toEqual([
      '\n',
      "'nope' is not recognized as an internal or external command,\noperable program or batch file.\n\n",
    ]);
  });

  it('redirects to files on the machine, which type, find and findstr then read', () => {
    const out = run(
      driverLab,
      'echo first > notes.txt',
      'echo second >> notes.txt',
      'type notes.txt',
      'find /c "s" notes.txt',
      'findstr /n second C:\\Drivers\\notes.txt',
      'sort /r < notes.txt',
      'echo x > C:\\NoSuchDir\\a.txt',
      'echo x > C:\\Drivers',
    );
    expect(out[2]).toBe('first \nsecond \n\n');
    expect(out[3]).toBe('\n---------- NOTES.TXT: 2\n\n');
    expect(out[4]).toBe('2:second \n\n');
    expect(out[5]).toBe('second \nfirst \n\n');
    expect(out[6]).toBe('The system cannot find the path specified.\n\n');
    expect(out[7]).toBe('Access is denied.\n\n');
  });

  it('counts every command of a pipeline as run, for grading', () => {
    const s = new LabSession(driverLab);
    s.submit('sc query | findstr SERVICE_NAME');
    expect(s.machine.events.of('console.command').map((e) => [e.command, e.status])).toEqual([
      ['sc', 0],
      ['findstr', 0],
    ]);
  });
});
