/**
 * mklink /H and fsutil hardlink (output as Windows 7 prints it, and their errors), and dir, copy
 * and ren of a directory through the volume's stack: the directory query, CopyFileW's reads and
 * writes and the rename are IRPs that FltMgr passes to Ntfs, made by cmd.exe or the tool's process.
 */
import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';

describe('mklink', () => {
  it('/H makes a second name for the file: "Hardlink created for link <<===>> target"', () => {
    const { run, s } = session();
    expect(run('mklink /h second.inf swpnp.inf')).toEqual({ out: 'Hardlink created for second.inf <<===>> swpnp.inf\n\n', status: 0 });
    const k = kernelOf(s.machine);
    expect(k?.fs.file('C:\\Drivers\\second.inf')?.fileId).toBe(k?.fs.file('C:\\Drivers\\swpnp.inf')?.fileId);
    // Written through one name, read through the other.
    run('echo changed> second.inf');
    expect(run('type swpnp.inf').out).toBe('changed\n\n');
  });

  it('errors: an existing link, a missing target, a directory, bad syntax; no arguments shows the usage', () => {
    const { run } = session();
    run('mklink /H second.inf swpnp.inf');
    expect(run('mklink /H second.inf swpnp.inf')).toEqual({ out: 'Cannot create a file when that file already exists.\n\n', status: 1 });
    expect(run('mklink /H x.inf nope.inf')).toEqual({ out: 'The system cannot find the file specified.\n\n', status: 1 });
    expect(run('mklink /H d C:\\Drivers')).toEqual({ out: 'Access is denied.\n\n', status: 1 });
    expect(run('mklink /H onlyone')).toEqual({ out: 'The syntax of the command is incorrect.\n\n', status: 1 });
    expect(run('mklink /q a b')).toEqual({ out: 'Invalid switch - /Q\n\n', status: 1 });
    expect(run('mklink').out).toMatch(/^Creates a symbolic link\.\n\nMKLINK \[\[\/D\] \| \[\/H\] \| \[\/J\]\] Link Target\n/);
    expect(run('mklink /d a b').out).toMatch(/^lab: .*hard links \(\/H\) only/);
  });
});

describe('fsutil hardlink', () => {
  it('create names both files with their full paths; list prints every name from the volume root', () => {
    const { run } = session();
    expect(run('fsutil hardlink create copy.inf swpnp.inf')).toEqual({
      out: 'Hardlink created for C:\\Drivers\\copy.inf <<===>> C:\\Drivers\\swpnp.inf\n\n',
      status: 0,
    });
    expect(run('fsutil hardlink list copy.inf').out).toBe('\\Drivers\\swpnp.inf\n\\Drivers\\copy.inf\n\n');
    expect(run('fsutil hardlink list swpnp.sys').out).toBe('\\Drivers\\swpnp.sys\n\n');
  });

  it('errors and usage: a missing file, a name in use, missing arguments, other command groups', () => {
    const { run } = session();
    expect(run('fsutil hardlink list nope.txt')).toEqual({ out: 'Error:  The system cannot find the file specified.\n\n', status: 1 });
    run('fsutil hardlink create copy.inf swpnp.inf');
    expect(run('fsutil hardlink create copy.inf swpnp.inf').out).toBe('Error:  Cannot create a file when that file already exists.\n\n');
    expect(run('fsutil hardlink create a').out).toMatch(/^Usage : fsutil hardlink create <new filename> <existing filename>\n/);
    expect(run('fsutil hardlink list').out).toMatch(/^Usage : fsutil hardlink list <filename>\n/);
    expect(run('fsutil hardlink').out).toMatch(
      /^---- HARDLINK Commands Supported ----\n\ncreate {10}Create a hardlink\nlist {12}Enumerate hardlinks on a file\n/,
    );
    expect(run('fsutil').out).toMatch(/^---- Commands Supported ----\n/);
    expect(run('fsutil volume diskfree C:').out).toMatch(/^lab: FSUTIL VOLUME is part of Windows/);
    expect(run('fsutil bogus')).toMatchObject({ status: 1 });
  });

  it('runs as fsutil.exe: its NtCreateFile and NtSetInformationFile are that process’s requests', () => {
    const { run, s } = session();
    const from = s.machine.events.of('fs.request').length;
    run('fsutil hardlink create copy.inf swpnp.inf');
    const reqs = s.machine.events.of('fs.request').slice(from);
    expect(reqs.map((e) => e.image)).toContain('fsutil.exe');
    expect(reqs.find((e) => e.op === 'NtSetInformationFile')?.detail).toBe('FileLinkInformation C:\\Drivers\\copy.inf');
  });
});

describe('dir, copy and ren through IRPs', () => {
  it('dir /r lists each file’s alternate data streams under it (FindFirstStreamW), in the file record’s order', () => {
    const { run } = session();
    run('echo hidden words> swpnp.inf:notes');
    run('echo x> swpnp.inf:more');
    const lines = run('dir /r swpnp.inf').out.split('\n');
    const at = lines.findIndex((l) => l.endsWith(' swpnp.inf'));
    expect(lines[at]).toMatch(/^\d\d\/\d\d\/\d{4} {2}\d\d:\d\d [AP]M {9,}1,201 swpnp\.inf$/);
    expect(lines[at + 1]).toBe(`${' '.repeat(24)}${'2'.padStart(14)} swpnp.inf:more:$DATA`);
    expect(lines[at + 2]).toBe(`${' '.repeat(24)}${'13'.padStart(14)} swpnp.inf:notes:$DATA`);
    expect(lines[at + 3]).toBe('               1 File(s)          1,201 bytes');
    expect(run('dir /b /r swpnp.inf').out).toBe('swpnp.inf\n\n');
  });

  it('dir lists with a directory query that FltMgr passes to Ntfs, in the volume’s order', () => {
    const { run, s } = session();
    run('echo x> _under.txt');
    run('echo y> Zed.txt');
    const from = s.machine.events.of('kernel.irp').length;
    expect(run('dir /b').out).toBe('swlegacy.sys\nswnounload.sys\nswpnp.inf\nswpnp.sys\nZed.txt\n_under.txt\n\n');
    const majors = s.machine.events
      .of('kernel.irp')
      .slice(from)
      .map((e) => `${e.driver} ${e.major}`);
    expect(majors).toContain('\\FileSystem\\FltMgr IRP_MJ_DIRECTORY_CONTROL');
    expect(majors).toContain('\\FileSystem\\Ntfs IRP_MJ_DIRECTORY_CONTROL');
    expect(run('dir /b *.sys').out).toBe('swlegacy.sys\nswnounload.sys\nswpnp.sys\n\n');
    expect(run('dir /b sw?np.*').out).toBe('swpnp.inf\nswpnp.sys\n\n');
    expect(run('dir /b *.zzz')).toEqual({ out: 'File Not Found\n\n', status: 1 });
  });

  it('copy is CopyFileW: named streams come along, a file open without read sharing cannot be copied', () => {
    const { run, s } = session();
    run('echo main> a.txt');
    run('echo side> a.txt:alt');
    const from = s.machine.events.of('kernel.irp').length;
    expect(run('copy a.txt b.txt')).toEqual({ out: '        1 file(s) copied.\n\n', status: 0 });
    const majors = s.machine.events
      .of('kernel.irp')
      .slice(from)
      .filter((e) => e.driver === '\\FileSystem\\Ntfs')
      .map((e) => e.major);
    expect(majors).toContain('IRP_MJ_READ');
    expect(majors).toContain('IRP_MJ_WRITE');
    expect(run('more < b.txt:alt').out).toBe('side\n\n');
    // Another open that shares no reading: CopyFileW's open of the source fails.
    const k = kernelOf(s.machine);
    const held = k?.files.NtOpenFile('\\??\\C:\\Drivers\\a.txt', 0x80100000, 0, 0x20);
    expect(run('copy a.txt c.txt').out).toBe('The process cannot access the file because it is being used by another process.\n        0 file(s) copied.\n\n');
    k?.files.NtClose(held?.handle ?? 0);
    // A driver image stays an image of its driver when copied.
    expect(run('copy swpnp.sys C:\\Users').status).toBe(0);
    expect(kernelOf(s.machine)?.fs.file('C:\\Users\\swpnp.sys')).toMatchObject({ image: 'swpnp', size: 16896 });
  });

  it('ren of a directory moves what is under it; a file open below it stops the rename', () => {
    const { run, s } = session();
    run('md box');
    run('echo x> box\\in.txt');
    expect(run('ren box crate')).toEqual({ out: '\n', status: 0 });
    expect(run('type crate\\in.txt').out).toBe('x\n\n');
    expect(run('dir /b box').out).toBe('File Not Found\n\n');
    const k = kernelOf(s.machine);
    const open = k?.files.NtOpenFile('\\??\\C:\\Drivers\\crate\\in.txt', 0x80100000, 7, 0x20);
    expect(run('ren crate box2')).toEqual({ out: 'Access is denied.\n\n', status: 1 });
    k?.files.NtClose(open?.handle ?? 0);
    expect(run('ren crate box2').status).toBe(0);
  });
});
