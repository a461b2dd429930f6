/**
 * filetest's calls are system calls of its lab process: a breakpoint on nt!NtCreateFile stops in
 * FileTest.exe with ntdll and FileTest's frames below the system-service frame, and the handle it
 * gets is in that process's handle table. A minifilter's own I/O is kernel-mode I/O below it.
 */
import { describe, expect, it } from 'vitest';
import isolation from '../../labs/isolation-filter/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { session } from './helpers.ts';

describe('filetest on its own process’s thread', () => {
  it('bp nt!NtCreateFile stops in FileTest.exe during filetest open', () => {
    const s = new LabSession({ ...isolation, hostDebugger: true });
    s.focus('host');
    s.interrupt();
    for (const l of ['bp nt!NtCreateFile', 'g']) s.submit(l);
    s.focus('console');
    const r = s.submit('filetest open plan.txt');
    s.focus('host');
    expect(r.other?.pane === 'host' ? r.other.text : '').toContain('nt!NtCreateFile:');
    expect(s.submit('!process -1 0').output).toContain('Image: FileTest.exe');
    expect(s.submit('k').output).toMatch(/nt!NtCreateFile\n.*nt!KiSystemServiceCopyEnd\+0x13\n.*ntdll!ZwCreateFile\+0xa\n.*FileTest!wmain\+0x1d4/);
    s.submit('bc *');
    s.submit('g');
    s.focus('console');
    expect(s.submit('filetest handles').output).toContain('FileTest.exe');
  });

  it('the handle is in the process’s table; other processes have their own; closing frees it', () => {
    const { run, s } = session(isolation);
    const k = kernelOf(s.machine);
    run('filetest open plan.txt');
    run('filetest open plan.txt /as:IsoView.exe');
    const procs = k?.ps.list().filter((p) => /^(FileTest|IsoView)\.exe$/.test(p.name)) ?? [];
    expect(procs.map((p) => p.name).sort()).toEqual(['FileTest.exe', 'IsoView.exe']);
    for (const p of procs) expect(k?.files.handlesOf(p.pid).map((h) => h.file?.FileName)).toEqual(['\\Vault\\plan.txt']);
    expect(run('filetest handles').out.split('\n').slice(1, 3)).toEqual([
      `0x4     FileTest.exe      ${procs.find((p) => p.name === 'FileTest.exe')?.pid}  0x44   64    sync   C:\\Vault\\plan.txt`,
      `0x8     IsoView.exe       ${procs.find((p) => p.name === 'IsoView.exe')?.pid}  0x44   64    sync   C:\\Vault\\plan.txt`,
    ]);
    run('filetest close 0x4');
    expect(k?.files.handlesOf(procs.find((p) => p.name === 'FileTest.exe')?.pid ?? 0)).toEqual([]);
    const reqs = s.machine.events.of('fs.request').filter((e) => e.op === 'NtCreateFile');
    expect(reqs.map((e) => e.image)).toEqual(['FileTest.exe', 'IsoView.exe']);
  });

  it('a minifilter’s own open is a kernel handle in the System process, its IRPs start below the filter', () => {
    const { run, s } = session(isolation);
    const k = kernelOf(s.machine);
    run('sc start IsoFull');
    run('fltmc load IsoFilter');
    const from = s.machine.events.of('kernel.irp').length;
    run('filetest open plan.txt /as:IsoView.exe');
    // The isolated open holds the native file through FltCreateFile: a handle of the System process.
    const system = k?.files.handlesOf(4).filter((h) => h.file?.FileName === '\\Vault\\plan.txt') ?? [];
    expect(system).toHaveLength(1);
    expect(system[0].file?.FltBelow).toBe(145210);
    const irps = s.machine.events.of('kernel.irp').slice(from);
    // The filter's read of the native file reaches Ntfs in kernel mode.
    expect(irps.some((e) => e.driver === '\\FileSystem\\Ntfs' && e.major === 'IRP_MJ_READ')).toBe(true);
    expect(run('filetest read 0x4').out).toMatch(/^NtReadFile: STATUS_SUCCESS/);
    run('filetest close 0x4');
    expect(k?.files.handlesOf(4).filter((h) => h.file?.FileName === '\\Vault\\plan.txt')).toEqual([]);
  });
});

describe('filetest handles names the volume and keeps sections in view', () => {
  it('a file on the share shows as Z:, and a section outlives the handle it was made from', () => {
    const { run } = session(isolation);
    run('filetest open Z:\\Vault\\report.txt');
    expect(run('filetest handles').out).toMatch(/0x4 .* Z:\\Vault\\report\.txt/);
    run('filetest close 0x4');
    run('echo scratch> scratch.txt');
    run('filetest open scratch.txt /share:rwd');
    expect(run('filetest map 0x4').out).toContain('section 1');
    run('filetest close 0x4');
    expect(run('filetest handles').out.trimEnd().split('\n')).toEqual(['No open handles.', 'section 1: a mapped view of C:\\Vault\\scratch.txt']);
  });

  it('a delete-pending file that a section maps goes at the section’s close, not at its last handle’s cleanup', () => {
    const { run, s } = session(isolation);
    for (const l of ['echo scratch> scratch.txt', 'filetest open scratch.txt /share:rwd', 'filetest map 0x4', 'filetest close 0x4']) run(l);
    run('filetest open scratch.txt /access:d /share:rwd /deleteonclose');
    run('filetest close 0x4');
    expect(run('dir /b scratch.txt').out.trimEnd()).toBe('scratch.txt');
    expect(run('filetest open scratch.txt').out).toContain('STATUS_DELETE_PENDING');
    expect(s.machine.events.of('fs.deleted').filter((e) => e.path.endsWith('scratch.txt'))).toEqual([]);
    run('filetest unmap 1');
    expect(run('dir /b scratch.txt').out.trimEnd()).toBe('File Not Found');
    expect(
      s.machine.events
        .of('fs.deleted')
        .filter((e) => e.path.endsWith('scratch.txt'))
        .map((e) => e.atClose),
    ).toEqual([true]);
  });
});

describe('renames the fulfillment driver hears about', () => {
  function loaded() {
    const t = session(isolation);
    t.run('sc start IsoFull');
    t.run('fltmc load IsoFilter');
    return t;
  }
  const reports = (out: string) => out.split('\n').filter((l) => l.includes('IsoFull: FileRenameInformation reported'));

  it('a rename of an isolated file onto its own name keeps its data and its handle, and reports nothing', () => {
    const { run } = loaded();
    run('filetest open old.txt /as:IsoView.exe /access:rd');
    expect(run('filetest rename 0x4 C:\\Vault\\old.txt /replace').out).toContain('STATUS_SUCCESS');
    expect(run('filetest read 0x4').out).toMatch(/^NtReadFile: STATUS_SUCCESS, 39 bytes\nLast year's plan, kept for reference\./);
    expect(reports(run('dbgview').out)).toEqual([]);
  });

  it('onto another existing name: refused without /replace (no report), reported with it', () => {
    const { run } = loaded();
    run('echo A draft> draft.txt');
    run('filetest open draft.txt /as:IsoView.exe /access:d');
    expect(run('filetest rename 0x4 C:\\Vault\\old.txt').out).toContain('STATUS_OBJECT_NAME_COLLISION (0xC0000035)');
    expect(reports(run('dbgview').out)).toEqual([]);
    expect(run('filetest rename 0x4 C:\\Vault\\old.txt /replace').out).toContain('STATUS_SUCCESS');
    expect(reports(run('dbgview').out).map((l) => l.replace(/^.*IsoFull: /, ''))).toEqual([
      "FileRenameInformation reported: \\Vault\\draft.txt -> \\Vault\\old.txt (ReplaceIfExists), replaced file's data dropped",
    ]);
  });
});
