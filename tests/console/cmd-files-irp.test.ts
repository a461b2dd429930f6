/**
 * cmd.exe's file commands as IRPs: type, redirection, del and ren open files through the C:
 * volume's stack (FltMgr's device, then Ntfs) on behalf of cmd.exe, so the file system's rules
 * apply to them as they do to any program: streams, sharing, delete-pending.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/isolation-filter/lab.ts';
import { session as isolationSession } from './helpers.ts';

const session = () => isolationSession(lab);

describe('file commands through the volume stack', () => {
  it('type opens, reads, cleans up and closes through FltMgr and Ntfs, as cmd.exe', () => {
    const { s, run } = session();
    const from = s.machine.events.of('kernel.irp').length;
    expect(run('type plan.txt').out).toMatch(/^ISOFULL1\r?\n/);
    const irps = s.machine.events
      .of('kernel.irp')
      .slice(from)
      .map((e) => `${e.driver} ${e.major}`);
    expect(irps).toEqual([
      '\\FileSystem\\FltMgr IRP_MJ_CREATE',
      '\\FileSystem\\Ntfs IRP_MJ_CREATE',
      '\\FileSystem\\FltMgr IRP_MJ_READ',
      '\\FileSystem\\Ntfs IRP_MJ_READ',
      '\\FileSystem\\FltMgr IRP_MJ_CLEANUP',
      '\\FileSystem\\Ntfs IRP_MJ_CLEANUP',
      '\\FileSystem\\FltMgr IRP_MJ_CLOSE',
      '\\FileSystem\\Ntfs IRP_MJ_CLOSE',
    ]);
    const req = s.machine.events.of('fs.request').find((e) => e.op === 'NtCreateFile');
    expect(req?.image).toBe('cmd.exe');
  });

  it('a named stream: echo > file:stream, more < file:stream, and type of the file shows only its default stream', () => {
    const { run } = session();
    expect(run('echo hidden words> plan.txt:notes').status).toBe(0);
    expect(run('more < plan.txt:notes').out).toBe('hidden words\n\n');
    expect(run('type plan.txt').out).not.toContain('hidden');
    expect(run('dir /b').out).toBe('budget.txt\nold.txt\nplan.txt\n\n');
    // Overwriting the file with '>' (FILE_OVERWRITE_IF) deletes its other streams.
    run('echo new> plan.txt');
    expect(run('more < plan.txt:notes').out).toBe('The system cannot find the file specified.\n\n');
    // type itself takes no stream syntax, as on Windows.
    expect(run('type plan.txt:notes').out).toBe('The filename, directory name, or volume label syntax is incorrect.\n\n');
  });

  it('del and ren meet other processes’ handles: sharing violations and delete-pending', () => {
    const { run } = session();
    run('filetest open budget.txt');
    expect(run('del budget.txt').out).toContain('The process cannot access the file because it is being used by another process.');
    expect(run('ren budget.txt b2.txt').out).toContain('The process cannot access the file because it is being used by another process.');
    run('filetest open old.txt /share:rwd');
    expect(run('del old.txt')).toEqual({ out: '\n', status: 0 });
    // Deleted when the last handle goes: until then it is delete-pending, and opens fail.
    expect(run('type old.txt').out).toBe('Access is denied.\n\n');
    expect(run('dir /b').out).toContain('old.txt');
    run('filetest close 0x8');
    expect(run('dir /b').out).not.toContain('old.txt');
  });
});
