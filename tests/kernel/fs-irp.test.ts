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
    const o = k.fsio.create(
      'C:\\Users\\student\\a.txt',
      { access: GENERIC_READ | GENERIC_WRITE, share: ALL, disposition: FILE_CREATE, options: FILE_SYNCHRONOUS_IO_NONALERT },
      100,
    );
    expect(fsStatusName(o.status)).toBe('STATUS_SUCCESS');
    expect(fsStatusName(k.fsio.write(o.handle, 0, 'abc').status)).toBe('STATUS_SUCCESS');
    expect(k.fsio.read(o.handle, 0, 10).data).toBe('abc');
    k.fsio.close(o.handle);
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
    const other = k.fsio.create(path, { access: GENERIC_READ, share: ALL, disposition: FILE_OPEN, options: 0 }, 100);
    const doc = k.fsio.create(path, { access: DELETE, share: ALL, disposition: FILE_OPEN, options: FILE_DELETE_ON_CLOSE }, 100);
    k.fsio.close(doc.handle);
    expect(fsStatusName(k.fsio.create(path, { access: GENERIC_READ, share: ALL, disposition: FILE_OPEN, options: 0 }, 100).status)).toBe(
      'STATUS_DELETE_PENDING',
    );
    k.fsio.close(other.handle);
    expect(k.fs.file(path)).toBeUndefined();
  });

  it('a waiting lock is pended and completed when the range frees', () => {
    const { k, m } = boot();
    const path = 'C:\\Windows\\System32\\svchost.exe';
    const a = k.fsio.create(path, { access: GENERIC_READ, share: ALL, disposition: FILE_OPEN, options: 0 }, 100);
    const b = k.fsio.create(path, { access: GENERIC_READ, share: ALL, disposition: FILE_OPEN, options: 0 }, 200);
    expect(fsStatusName(k.fsio.lock(a.handle, 0, 10, true, true))).toBe('STATUS_SUCCESS');
    expect(fsStatusName(k.fsio.lock(b.handle, 0, 10, true, false))).toBe('STATUS_PENDING');
    expect(fsStatusName(k.fsio.unlock(a.handle, 0, 10))).toBe('STATUS_SUCCESS');
    expect(m.events.of('fs.lockCompleted').map((e) => e.status)).toEqual(['0x00000000']);
    expect(Object.keys(k.io.state.irps)).toEqual([]);
  });
});

describe('file ids across a restart', () => {
  it('a file created after a restart gets a new id, not the id of a file made before it (they are not hard links)', () => {
    const { k } = boot();
    const opts = { access: GENERIC_READ | GENERIC_WRITE, share: ALL, disposition: FILE_CREATE, options: FILE_SYNCHRONOUS_IO_NONALERT };
    const a = k.fsio.create('C:\\Users\\student\\a.txt', opts, 100);
    k.fsio.write(a.handle, 0, 'first');
    k.fsio.close(a.handle);
    // A fresh volume over the same files: what a restart builds.
    const again = new NtfsVolume(k.fs, () => 0);
    const b = again.create({ path: 'C:\\Users\\student\\b.txt', access: GENERIC_WRITE, share: ALL, disposition: FILE_CREATE, options: 0, pid: 100 });
    again.write(b.fileObject, 0, 'second', false);
    expect(k.fs.file('C:\\Users\\student\\a.txt')?.content).toBe('first');
    expect(k.fs.file('C:\\Users\\student\\b.txt')?.fileId).not.toBe(k.fs.file('C:\\Users\\student\\a.txt')?.fileId);
  });
});
