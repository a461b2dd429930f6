import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const HEADER = ' Volume in drive C has no label.\n Volume Serial Number is ';

describe('dir, type, cd error paths: QA regressions', () => {
  it('dir: a missing directory is "cannot find the path", a missing name in a real one is "File Not Found"', () => {
    const { run } = session();
    const missingDir = run('dir C:\\nope\\*.sys');
    expect(missingDir.out.startsWith(HEADER)).toBe(true);
    expect(missingDir.out).toMatch(/\n\nThe system cannot find the path specified\.\n\n$/);
    expect(missingDir.out).not.toContain('Directory of');
    expect(run('dir nope').out).toMatch(/ Directory of C:\\Drivers\n\nFile Not Found\n\n$/);
    expect(run('dir D:\\')).toEqual({ out: 'The system cannot find the path specified.\n\n', status: 1 });
  });

  it('type: a directory is "Access is denied.", a file in a missing directory or drive is "cannot find the path"', () => {
    const { run } = session();
    expect(run('type C:\\Drivers').out).toBe('Access is denied.\n\n');
    expect(run('type C:\\nope\\x.txt').out).toBe('The system cannot find the path specified.\n\n');
    expect(run('type D:\\x.txt').out).toBe('The system cannot find the path specified.\n\n');
    expect(run('type nope.txt').out).toBe('The system cannot find the file specified.\n\n');
  });

  it('cd: a file is "The directory name is invalid.", another drive is not there, and "cd C:" only shows the directory', () => {
    const { s, run } = session();
    expect(run('cd swpnp.inf').out).toBe('The directory name is invalid.\n\n');
    expect(run('cd D:\\').out).toBe('The system cannot find the drive specified.\n\n');
    expect(run('cd C:').out).toBe('C:\\Drivers\n\n');
    expect(s.prompt()).toBe('C:\\Drivers>');
  });
});

describe('type of a driver image: QA regressions', () => {
  it('shows the PE header as code page 437 glyphs, with no raw control characters that would derail the terminal', () => {
    const { run } = session();
    const out = run('type swlegacy.sys').out;
    expect(out.startsWith('MZÉ♥♦')).toBe(true);
    expect(out).toContain('This program cannot be run in DOS mode.');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
