/** cmd.exe's general built-ins, as the welcome lab's console runs them. */
import { describe, expect, it } from 'vitest';
import welcome from '../../labs/welcome/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

function run(...lines: string[]): string[] {
  const s = new LabSession(welcome);
  return lines.map((l) => s.submit(l).output);
}

describe('console built-ins', () => {
  it('echo prints its text, "ECHO is on." alone, and a blank line for echo.', () => {
    expect(run('echo hello  world', 'echo', 'echo.', 'echo.hi')).toEqual(['hello  world\n\n', 'ECHO is on.\n\n', '\n\n', 'hi\n\n']);
  });

  it('expands %VARIABLES% and leaves unknown ones as typed', () => {
    expect(run('echo %COMPUTERNAME% %nope%')).toEqual(['NTLAB-PC %nope%\n\n']);
  });

  it('ver prints the version after a blank line', () => {
    expect(run('ver')).toEqual(['\nMicrosoft Windows [Version 6.1.7601]\n\n']);
  });

  it('help lists every command once, sorted, and help <cmd> / <cmd> /? print the usage', () => {
    const [list, one, slash, unknown] = run('help', 'help echo', 'echo /?', 'help frob');
    const lines = list.trim().split('\n');
    expect(lines[0]).toBe('For more information on a specific command, type HELP command-name');
    const names = lines.slice(1).map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('ECHO');
    expect(one).toBe(slash);
    expect(one).toContain('ECHO [message]');
    expect(unknown).toBe('This command is not supported by the help utility.  Try "frob /?".\n\n');
  });

  it('history and doskey /history list earlier lines', () => {
    const out = run('ver', 'echo x', 'history', 'doskey /history');
    expect(out[2]).toBe('    1  ver\n    2  echo x\n\n');
    expect(out[3]).toBe('ver\necho x\nhistory\n\n');
  });

  it('accepts a command name in any case and with .exe', () => {
    expect(run('VER', 'Ver.exe')).toEqual(['\nMicrosoft Windows [Version 6.1.7601]\n\n', '\nMicrosoft Windows [Version 6.1.7601]\n\n']);
  });

  it('an empty line prints nothing, and cls clears', () => {
    const s = new LabSession(welcome);
    expect(s.submit('   ').output).toBe('');
    const step = s.submit('cls');
    expect(step.cleared).toBe(true);
    expect(step.output).toBe('');
  });

  it('lab aid: bad usage prints the usage; answering a task explains it is a task', () => {
    const [usage, task, unknown] = run('lab frob', 'lab answer list-commands yes', 'lab hint nope');
    expect(usage).toContain('Lab aid (not part of Windows or WinDbg)');
    expect(task).toContain("'list-commands' is a task, not a question");
    expect(unknown).toContain("No objective 'nope' in this lab.");
  });
});
