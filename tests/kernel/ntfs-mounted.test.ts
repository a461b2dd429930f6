/**
 * One I/O path for files: Ntfs mounts C: with the I/O manager at boot, so a program's
 * CreateFileW / ReadFile / WriteFile / LockFileEx / DeleteFileW / MoveFileExW on C: are
 * nt!Nt* system calls in its process whose IRPs (in the I/O manager's layout) go through
 * FltMgr to Ntfs, and the console's file commands are such calls made by cmd.exe.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/isolation-filter/lab.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows, kernelOf, type Kernel } from '../../src/kernel/nt.ts';
import { CREATE_NEW, INVALID_HANDLE_VALUE, Kernel32, OPEN_EXISTING } from '../../src/kernel/user/kernel32.ts';
import { session } from '../console/helpers.ts';
import { utf8Bytes } from '../../src/base/text.ts';

const GENERIC_READ = 0x80000000;
const GENERIC_WRITE = 0x40000000;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function asTool<T>(k: Kernel, fn: (api: Kernel32) => T): T {
  k.ps.startTool('ntfstest.exe', 'ntfstest');
  try {
    return fn(new Kernel32(k));
  } finally {
    k.ps.endTool();
  }
}

describe('C: through the I/O manager and Ntfs', () => {
  it("the volume is mounted at boot: a program's requests are IRPs to FltMgr and Ntfs, with its buffers", () => {
    const k = bootWindows(new Machine({ seed: 3 }));
    expect(k.fileIo.mounted(k.ob.lookup('\\Device\\HarddiskVolume2').id)).toBe(true);
    const from = k.machine.events.of('kernel.irp').length;
    asTool(k, (api) => {
      const h = api.CreateFileW('C:\\Users\\student\\n.txt', GENERIC_READ | GENERIC_WRITE, 1, CREATE_NEW, 0);
      expect(h).not.toBe(INVALID_HANDLE_VALUE);
      expect(api.WriteFile(h, bytes('hello world')).written).toBe(11);
      const r = api.CreateFileW('C:\\Users\\student\\n.txt', GENERIC_READ, 3, OPEN_EXISTING, 0);
      expect(text(api.ReadFile(r, 5).data)).toBe('hello');
      // The file pointer moved: the next read goes on from there.
      expect(text(api.ReadFile(r, 100).data)).toBe(' world');
      // A lock through one handle stops a read through another (Ntfs's file lock package).
      expect(api.LockFileEx(h, 3, 0, 5)).toBe(true);
      const r2 = api.CreateFileW('C:\\Users\\student\\n.txt', GENERIC_READ, 3, OPEN_EXISTING, 0);
      expect(api.ReadFile(r2, 5).ok).toBe(false);
      expect(api.GetLastError()).toBe(33);
      expect(api.UnlockFileEx(h, 0, 5)).toBe(true);
      for (const x of [h, r, r2]) api.CloseHandle(x);
    });
    const drivers = new Set(
      k.machine.events
        .of('kernel.irp')
        .slice(from)
        .map((e) => e.driver),
    );
    expect([...drivers].sort()).toEqual(['\\FileSystem\\FltMgr', '\\FileSystem\\Ntfs']);
    expect(k.fs.file('C:\\Users\\student\\n.txt')?.content).toBe('hello world');
  });

  it('an overlapped lock that must wait pends in Ntfs and completes through the I/O manager when the range frees', () => {
    const k = bootWindows(new Machine({ seed: 3 }));
    k.fs.write('C:\\Users\\student\\l.txt', { size: 10, written: 0, content: '0123456789', image: null });
    asTool(k, (api) => {
      const a = api.CreateFileW('C:\\Users\\student\\l.txt', GENERIC_READ, 3, OPEN_EXISTING, 0);
      const b = api.CreateFileW('C:\\Users\\student\\l.txt', GENERIC_READ, 3, OPEN_EXISTING, 0x40000000);
      expect(api.LockFileEx(a, 3, 0, 5)).toBe(true);
      expect(api.LockFileEx(b, 2, 0, 5)).toBe(false);
      expect(api.GetLastError()).toBe(997);
      const irps = Object.keys(k.io.state.irps).length;
      expect(api.UnlockFileEx(a, 0, 5)).toBe(true);
      expect(k.halted).toBeFalsy();
      expect(Object.keys(k.io.state.irps).length).toBe(irps - 1);
      expect(k.machine.events.of('fs.lockCompleted').at(-1)?.status).toBe('0x00000000');
      api.CloseHandle(a);
      api.CloseHandle(b);
    });
  });

  it('DeleteFileW with another handle open makes the file delete-pending; MoveFileExW renames', () => {
    const k = bootWindows(new Machine({ seed: 3 }));
    k.fs.write('C:\\Users\\student\\d.txt', { size: 1, written: 0, content: 'x', image: null });
    asTool(k, (api) => {
      const keep = api.CreateFileW('C:\\Users\\student\\d.txt', GENERIC_READ, 7, OPEN_EXISTING, 0);
      expect(api.DeleteFileW('C:\\Users\\student\\d.txt')).toBe(true);
      expect(api.CreateFileW('C:\\Users\\student\\d.txt', GENERIC_READ, 7, OPEN_EXISTING, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(5);
      expect(k.fs.file('C:\\Users\\student\\d.txt')).toBeDefined();
      api.CloseHandle(keep);
      expect(k.fs.file('C:\\Users\\student\\d.txt')).toBeUndefined();
      k.fs.write('C:\\Users\\student\\m.txt', { size: 1, written: 0, content: 'm', image: null });
      expect(api.MoveFileExW('C:\\Users\\student\\m.txt', 'C:\\Users\\student\\m2.txt', false)).toBe(true);
      expect(k.fs.file('C:\\Users\\student\\m2.txt')?.content).toBe('m');
    });
  });

  it('type in the console is cmd.exe calling nt!NtCreateFile, NtReadFile and NtClose', () => {
    const { s, run } = session(lab);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    const hits: { routine: string | null; image: string | undefined }[] = [];
    const prev = k.ke.onEnter;
    k.ke.onEnter = (frame) => {
      if (frame.routine?.startsWith('nt!Nt')) hits.push({ routine: frame.routine, image: k.ps.requestor()?.name });
      prev?.(frame);
    };
    expect(run('type plan.txt').out).toMatch(/^ISOFULL1\r?\n/);
    expect(hits.map((h) => h.routine)).toEqual(['nt!NtCreateFile', 'nt!NtReadFile', 'nt!NtClose']);
    expect(hits.every((h) => h.image === 'cmd.exe')).toBe(true);
  });

  it('the text cmd.exe writes is UTF-8, byte for byte as TextEncoder makes it', () => {
    for (const t of ['', 'plain', 'Gr\u00fc\u00dfe \u20ac \u{1f600}', 'lone \ud800 x', 'end \udc00']) {
      expect(Array.from(utf8Bytes(t))).toEqual(Array.from(new TextEncoder().encode(t)));
    }
  });

  it('md and rd are cmd.exe creating a directory (FILE_CREATE, FILE_DIRECTORY_FILE) and deleting it by disposition', () => {
    const { s, run } = session(lab);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    const from = s.machine.events.of('fs.request').length;
    expect(run('md C:\\made').status).toBe(0);
    expect(k.fs.isDir('C:\\made')).toBe(true);
    expect(run('rd C:\\made').status).toBe(0);
    expect(k.fs.isDir('C:\\made')).toBe(false);
    const ops = s.machine.events
      .of('fs.request')
      .slice(from)
      .map((e) => `${e.image} ${e.op} ${e.path} ${e.detail}`.trim());
    expect(ops).toEqual([
      'cmd.exe NtCreateFile C:\\made FILE_CREATE',
      'cmd.exe NtClose C:\\made',
      'cmd.exe NtCreateFile C:\\made FILE_OPEN',
      'cmd.exe NtSetInformationFile C:\\made FileDispositionInformation DeleteFile=TRUE',
      'cmd.exe NtClose C:\\made',
    ]);
    expect(run('md C:\\made\\x\\y').status).toBe(0);
    expect(run('rd C:\\made').out).toBe('The directory is not empty.\n\n');
  });
});
