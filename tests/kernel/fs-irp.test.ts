/** File requests as IRPs through the volume's stack: FltMgr's device over Ntfs's, and what each layer sees. */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows } from '../../src/kernel/nt.ts';
import { FILE_CREATE, FILE_DELETE_ON_CLOSE, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NtfsVolume } from '../../src/kernel/fs/volume.ts';
import { DELETE, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_READ, GENERIC_WRITE } from '../../src/kernel/fs/share.ts';
import { fsStatusName } from '../../src/kernel/fs/fsstatus.ts';

const ALL = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

function boot() {
  const m = new Machine({ seed: 1 });
  const k = bootWindows(m);
  return { m, k };
}

type K = ReturnType<typeof boot>['k'];

/** NtCreateFile from the console's process (cmd.exe): a handle in its table. */
function open(k: K, path: string, access: number, disposition: number, options: number) {
  return k.files.NtCreateFile({
    path: `\\??\\${path}`,
    desiredAccess: access,
    shareAccess: ALL,
    createDisposition: disposition,
    createOptions: options,
    fileAttributes: 0,
  });
}

function write(k: K, handle: number, text: string) {
  const pid = k.ps.requestor()?.pid ?? 4;
  const data = new TextEncoder().encode(text);
  const buffer = k.buffers.userAlloc(pid, data.length);
  k.mm.write(pid, BigInt('0x' + buffer), data);
  return k.files.NtWriteFile(handle, buffer, data.length, 0);
}

function read(k: K, handle: number, length: number): string {
  const pid = k.ps.requestor()?.pid ?? 4;
  const buffer = k.buffers.userAlloc(pid, length);
  const r = k.files.NtReadFile(handle, buffer, length, 0);
  return new TextDecoder().decode(k.mm.read(pid, BigInt('0x' + buffer), r.information) ?? new Uint8Array(0));
}

describe('the C: volume stack', () => {
  it('\\GLOBAL??\\C: links to \\Device\\HarddiskVolume2, with FltMgr attached over Ntfs', () => {
    const { k } = boot();
    const r = k.ob.lookup('\\GLOBAL??\\C:');
    const volume = k.io.state.devices[r.id];
    expect(volume.Name).toBe('\\Device\\HarddiskVolume2');
    expect(k.io.stackOf(volume.id).map((d) => k.io.state.drivers[d.DriverObject].DriverName)).toEqual(['\\FileSystem\\FltMgr', '\\FileSystem\\Ntfs']);
  });

  it('a create, write, read and close go down as IRPs to Ntfs', () => {
    const { k, m } = boot();
    const from = m.events.of('kernel.irp').length;
    const o = open(k, 'C:\\Users\\student\\a.txt', GENERIC_READ | GENERIC_WRITE, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT);
    expect(fsStatusName(o.status)).toBe('STATUS_SUCCESS');
    expect(fsStatusName(write(k, o.handle, 'abc').status)).toBe('STATUS_SUCCESS');
    expect(read(k, o.handle, 10)).toBe('abc');
    k.files.NtClose(o.handle);
    expect(k.fs.file('C:\\Users\\student\\a.txt')?.content).toBe('abc');
    expect(
      m.events
        .of('kernel.irp')
        .slice(from)
        .map((e) => `${e.driver} ${e.major}`),
    ).toEqual([
      '\\FileSystem\\FltMgr IRP_MJ_CREATE',
      '\\FileSystem\\Ntfs IRP_MJ_CREATE',
      '\\FileSystem\\FltMgr IRP_MJ_WRITE',
      '\\FileSystem\\Ntfs IRP_MJ_WRITE',
      '\\FileSystem\\FltMgr IRP_MJ_READ',
      '\\FileSystem\\Ntfs IRP_MJ_READ',
      '\\FileSystem\\FltMgr IRP_MJ_CLEANUP',
      '\\FileSystem\\Ntfs IRP_MJ_CLEANUP',
      '\\FileSystem\\FltMgr IRP_MJ_CLOSE',
      '\\FileSystem\\Ntfs IRP_MJ_CLOSE',
    ]);
  });

  it('delete-on-close through IRPs: STATUS_DELETE_PENDING for the next open while another handle stays', () => {
    const { k } = boot();
    const path = 'C:\\Windows\\System32\\svchost.exe';
    const other = open(k, path, GENERIC_READ, FILE_OPEN, 0);
    const doc = open(k, path, DELETE, FILE_OPEN, FILE_DELETE_ON_CLOSE);
    k.files.NtClose(doc.handle);
    expect(fsStatusName(open(k, path, GENERIC_READ, FILE_OPEN, 0).status)).toBe('STATUS_DELETE_PENDING');
    k.files.NtClose(other.handle);
    expect(k.fs.file(path)).toBeUndefined();
  });

  it('a waiting lock is pended and completed when the range frees', () => {
    const { k, m } = boot();
    const path = 'C:\\Windows\\System32\\svchost.exe';
    // Asynchronous handles: the waiting lock returns STATUS_PENDING to its caller.
    const a = open(k, path, GENERIC_READ, FILE_OPEN, 0);
    const b = open(k, path, GENERIC_READ, FILE_OPEN, 0);
    expect(fsStatusName(k.files.NtLockFile(a.handle, 0, 10, 0, true, true).status)).toBe('STATUS_SUCCESS');
    expect(fsStatusName(k.files.NtLockFile(b.handle, 0, 10, 0, false, true).status)).toBe('STATUS_PENDING');
    expect(fsStatusName(k.files.NtUnlockFile(a.handle, 0, 10, 0).status)).toBe('STATUS_SUCCESS');
    expect(m.events.of('fs.lockCompleted').map((e) => e.status)).toEqual(['0x00000000']);
    expect(Object.keys(k.io.state.irps)).toEqual([]);
  });
});

describe('file ids across a restart', () => {
  it('a file created after a restart gets a new id, not the id of a file made before it (they are not hard links)', () => {
    const { k } = boot();
    const a = open(k, 'C:\\Users\\student\\a.txt', GENERIC_READ | GENERIC_WRITE, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT);
    write(k, a.handle, 'first');
    k.files.NtClose(a.handle);
    // A fresh volume over the same files: what a restart builds.
    const again = new NtfsVolume(k.fs, () => 0);
    const b = again.create({ path: 'C:\\Users\\student\\b.txt', access: GENERIC_WRITE, share: ALL, disposition: FILE_CREATE, options: 0, pid: 100 });
    again.write(b.fileObject, 0, 'second', false);
    expect(k.fs.file('C:\\Users\\student\\a.txt')?.content).toBe('first');
    expect(k.fs.file('C:\\Users\\student\\b.txt')?.fileId).not.toBe(k.fs.file('C:\\Users\\student\\a.txt')?.fileId);
  });
});
