/** cmd.exe's file commands over the machine's C: volume (driver-loading lab, cwd C:\Drivers). */
import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('md, rd, del, copy, ren, move (Wine "success/failure" expectations)', () => {
  it('md creates intermediate directories, refuses an existing name and a missing drive', () => {
    const { run } = session();
    expect(run('md a\\b\\c')).toEqual({ out: '\n', status: 0 });
    expect(run('dir /b /s a').out).toBe('C:\\Drivers\\a\\b\n C:\\Drivers\\a\\b\\c\n\n'.replace(' ', ''));
    expect(run('mkdir a')).toEqual({ out: 'A subdirectory or file a already exists.\n\n', status: 1 });
    expect(run('md Q:\\cba\\abc')).toEqual({ out: 'The system cannot find the path specified.\n\n', status: 1 });
    expect(run('md')).toEqual({ out: 'The syntax of the command is incorrect.\n\n', status: 1 });
  });

  it('rd: not empty is 145, a file is 267, missing is 2, a missing path is 3; /s without /q must ask', () => {
    const { run } = session();
    run('md abc');
    run('echo "">abc\\abc');
    expect(run('rd abc')).toEqual({ out: 'The directory is not empty.\n\n', status: 145 });
    expect(run('rd abc\\abc')).toEqual({ out: 'The directory name is invalid.\n\n', status: 267 });
    expect(run('rd nope')).toEqual({ out: 'The system cannot find the file specified.\n\n', status: 2 });
    expect(run('rd Q:\\cba\\abc')).toEqual({ out: 'The system cannot find the path specified.\n\n', status: 3 });
    expect(run('rd /s abc').out).toContain('lab: this console cannot answer that question; add /Q to go ahead.');
    expect(run('rd /s /q abc')).toEqual({ out: '\n', status: 0 });
    expect(run('dir /b abc').out).toBe('File Not Found\n\n');
    expect(run('rd C:\\Drivers').out).toBe('The process cannot access the file because it is being used by another process.\n\n');
  });

  it('del: "Could Not Find" (status 0) in a real directory, a missing path fails; wildcards; * asks first', () => {
    const { run } = session();
    run('echo a > fileA');
    run('echo b > fileB');
    expect(run('del fileA')).toEqual({ out: '\n', status: 0 });
    expect(run('erase fileA')).toEqual({ out: 'Could Not Find C:\\Drivers\\fileA\n\n', status: 0 });
    expect(run('del i\\dont\\exist.txt')).toEqual({ out: 'The system cannot find the path specified.\n\n', status: 1 });
    expect(run('del *.idontexistatall').status).toBe(0);
    expect(run('del file*')).toEqual({ out: '\n', status: 0 });
    expect(run('dir /b file*').out).toBe('File Not Found\n\n');
    expect(run('del *').out).toContain('C:\\Drivers\\*, Are you sure (Y/N)?');
    expect(run('del')).toEqual({ out: 'The syntax of the command is incorrect.\n\n', status: 1 });
  });

  it('copy: one file, onto itself, a missing source, into a directory, from nul; an existing target needs /Y', () => {
    const { run } = session();
    run('echo a > fileA');
    expect(run('copy fileA fileZ')).toEqual({ out: '        1 file(s) copied.\n\n', status: 0 });
    expect(run('type fileZ').out).toBe('a \n\n');
    expect(run('copy fileA')).toEqual({ out: 'The file cannot be copied onto itself.\n        0 file(s) copied.\n\n', status: 1 });
    expect(run('copy nope x')).toEqual({ out: 'The system cannot find the file specified.\n        0 file(s) copied.\n\n', status: 1 });
    expect(run('copy fileA fileZ').out).toContain('Overwrite C:\\Drivers\\fileZ? (Yes/No/All):');
    expect(run('copy /y swpnp.inf fileZ').status).toBe(0);
    expect(run('copy fileA C:\\Users').status).toBe(0);
    expect(run('dir /b C:\\Users\\fileA').out).toBe('fileA\n\n');
    expect(run('copy nul empty.txt').status).toBe(0);
    expect(run('dir empty.txt').out).toMatch(/ {14}0 empty\.txt/);
  });

  it('ren: one name only, not onto an existing name; move: files and directories', () => {
    const { run } = session();
    run('echo a > fileA');
    run('echo b > fileB');
    expect(run('rename fileB')).toEqual({ out: 'The syntax of the command is incorrect.\n\n', status: 1 });
    expect(run('ren fileB fileA')).toEqual({ out: 'A duplicate file name exists, or the file\ncannot be found.\n\n', status: 1 });
    expect(run('ren fileB nowhere\\fileB').status).toBe(1);
    expect(run('ren fileD fileC')).toEqual({ out: 'The system cannot find the file specified.\n\n', status: 1 });
    expect(run('ren fileB fileC')).toEqual({ out: '\n', status: 0 });
    expect(run('move fileC nowhere\\fileC')).toEqual({ out: 'The system cannot find the path specified.\n\n', status: 1 });
    expect(run('move fileD fileE').status).toBe(1);
    expect(run('move fileC C:\\Users')).toEqual({ out: '        1 file(s) moved.\n\n', status: 0 });
    run('md d1');
    run('echo x > d1\\in.txt');
    expect(run('move d1 d2')).toEqual({ out: '        1 dir(s) moved.\n\n', status: 0 });
    expect(run('type d2\\in.txt').out).toBe('x \n\n');
    expect(run('move')).toEqual({ out: 'The syntax of the command is incorrect.\n\n', status: 1 });
  });
});

describe('dir, type, where, vol', () => {
  it('dir /b lists bare names, /a-d files only, /ad directories only, /s every subdirectory with a total', () => {
    const { run } = session();
    run('md sub');
    run('echo x > sub\\note.txt');
    expect(run('dir /b').out).toBe('sub\nswlegacy.sys\nswnounload.sys\nswpnp.inf\nswpnp.sys\n\n');
    expect(run('dir /b /a-d *.sys').out).toBe('swlegacy.sys\nswnounload.sys\nswpnp.sys\n\n');
    expect(run('dir /b /ad').out).toBe('sub\n\n');
    expect(run('dir /ah').out).toMatch(/File Not Found\n\n$/);
    expect(run('dir /b /s *.txt').out).toBe('C:\\Drivers\\sub\\note.txt\n\n');
    const s = run('dir /s').out;
    expect(s).toContain(' Directory of C:\\Drivers\\sub\n');
    expect(s).toMatch(/\n     Total Files Listed:\n +5 File\(s\) +[\d,]+ bytes\n +\d+ Dir\(s\) +[\d,]+ bytes free\n\n$/);
    expect(run('dir /e')).toEqual({ out: 'Invalid switch - "e".\n\n', status: 1 });
    expect(run('dir zzz swpnp.inf').status).toBe(0);
    expect(run('dir swpnp.inf zzz').status).toBe(1);
  });

  it('device names: > nul discards, > con shows, type nul is empty; a missing drive is a path error', () => {
    const { run } = session();
    expect(run('echo hidden > nul')).toEqual({ out: '\n', status: 0 });
    expect(run('echo hidden > C:\\Drivers\\NUL.txt')).toEqual({ out: '\n', status: 0 });
    expect(run('dir /b nul.txt').out).toBe('File Not Found\n\n');
    expect(run('echo shown > con')).toEqual({ out: 'shown \n\n', status: 0 });
    expect(run('type nul')).toEqual({ out: '\n', status: 0 });
    expect(run('echo x > lpt1').out).toBe('The system cannot find the file specified.\n\n');
    expect(run('echo x > Z:\\a.txt').out).toBe('The system cannot find the path specified.\n\n');
    run('echo x > Z:\\a.txt || rem');
    expect(run('echo %ERRORLEVEL%').out).toBe('1\n\n');
    expect(run('dir /b Z:\\').status).toBe(1);
    expect(run('sort < nul')).toEqual({ out: '\n', status: 0 });
  });

  it('find /c /v "" counts every line; sort and more report missing files in their own words', () => {
    const { run } = session();
    run('(echo one & echo two & echo three) > lines.txt');
    expect(run('find /c /v "" lines.txt').out).toBe('\n---------- LINES.TXT: 3\n\n');
    expect(run('type lines.txt | find /c /v ""').out).toBe('3\n\n');
    expect(run('type lines.txt | find /c ""').out).toBe('0\n\n');
    expect(run('sort nope.txt')).toEqual({ out: 'The system cannot find the file specified.\n\n', status: 1 });
    expect(run('sort /x lines.txt')).toEqual({ out: 'Invalid switch.\n\n', status: 1 });
    expect(run('more nope.txt').out).toBe('Cannot access file C:\\Drivers\\nope.txt\n\n');
  });

  it('where searches the current directory and PATH, with PATHEXT and wildcards', () => {
    const { run } = session();
    expect(run('where svchost')).toEqual({ out: 'C:\\Windows\\System32\\svchost.exe\n\n', status: 0 });
    expect(run('where sw*.sys').out).toBe('C:\\Drivers\\swlegacy.sys\nC:\\Drivers\\swnounload.sys\nC:\\Drivers\\swpnp.sys\n\n');
    expect(run('where /r C:\\Windows null.sys').out).toMatch(/^C:\\Windows\\System32\\drivers\\Null\.SYS\n\n$/i);
    expect(run('where nothing-here')).toEqual({ out: 'INFO: Could not find files for the given pattern(s).\n\n', status: 1 });
    expect(run('where /q svchost')).toEqual({ out: '\n', status: 0 });
    expect(run(`where ${'*'.repeat(4000)}x`).status).toBe(1);
  });

  it('vol shows the volume; another drive or a bad name fails', () => {
    const { run } = session();
    expect(run('vol').out).toMatch(/^ Volume in drive C has no label\.\n Volume Serial Number is [0-9A-F]{4}-[0-9A-F]{4}\n\n$/);
    expect(run('vol c:').status).toBe(0);
    expect(run('vol foobar')).toEqual({ out: 'The filename, directory name, or volume label syntax is incorrect.\n\n', status: 1 });
    expect(run('vol D:').status).toBe(1);
  });
});
