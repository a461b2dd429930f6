/**
 * The file system's rules, table-driven against Windows' documentation:
 * - NtCreateFile (learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-ntcreatefile):
 *   CreateDisposition × existing / not existing, IoStatusBlock.Information, FILE_DELETE_ON_CLOSE needs DELETE;
 * - MS-FSA 2.1.5.1 "Server Requests an Open of a File" and 2.1.5.15.3 "FileDispositionInformation"
 *   (learn.microsoft.com/openspecs/windows_protocols/ms-fsa): DELETE access, STATUS_DIRECTORY_NOT_EMPTY,
 *   a named stream's disposition deletes only the stream, DeletePending FALSE undoes it;
 * - FILE_DISPOSITION_INFORMATION (ntddk.h): deleted only when every handle is closed;
 * - IoCheckShareAccess (wdm.h); overwrite dispositions share as writers (as Windows does, cf. Samba bug 15732);
 * - LockFileEx (fileapi.h): exclusive denies others read and write, shared denies everyone write,
 *   a second handle of the locking process is another owner, locks do not stop mapped (paging) I/O.
 */
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/kernel/fs/files.ts';
import {
  FILE_CREATE,
  FILE_DELETE_ON_CLOSE,
  FILE_DIRECTORY_FILE,
  FILE_OPEN,
  FILE_OPEN_IF,
  FILE_OVERWRITE,
  FILE_OVERWRITE_IF,
  FILE_SUPERSEDE,
  NtfsVolume,
  type CreateRequest,
} from '../../src/kernel/fs/volume.ts';
import { DELETE, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_READ, GENERIC_WRITE } from '../../src/kernel/fs/share.ts';
import { fsStatusName } from '../../src/kernel/fs/fsstatus.ts';

/** Rows whose first column is replaced by a readable test title. */
function titled<H, T extends unknown[]>(rows: [H, ...T][], title: (r: [H, ...T]) => string): [string, ...T][] {
  return rows.map((r) => [title(r), ...(r.slice(1) as T)]);
}

const ALL = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

function volume() {
  const store = new FileStore('1234-5678');
  store.mkdir('C:\\lab', 0);
  store.write('C:\\lab\\data.txt', { size: 11, written: 0, content: 'hello world', image: null });
  const v = new NtfsVolume(store, () => 1000);
  const deleted: string[] = [];
  v.onDeleted = (d) => deleted.push(d.stream ? `${d.path}:${d.stream}` : d.path);
  const open = (path: string, over: Partial<CreateRequest> = {}) => {
    const r = v.create({ path, access: GENERIC_READ, share: ALL, disposition: FILE_OPEN, options: 0, pid: 100, ...over });
    return { ...r, name: fsStatusName(r.status) };
  };
  const handle = (path: string, over: Partial<CreateRequest> = {}) => {
    const r = open(path, over);
    expect(r.name).toBe('STATUS_SUCCESS');
    return r.fileObject;
  };
  const closeHandle = (fo: number) => {
    v.cleanup(fo);
    if (!v.referencedBySection(fo)) v.close(fo);
  };
  return { store, v, open, handle, closeHandle, deleted };
}

describe('NtCreateFile dispositions × existing / not existing', () => {
  const table: [string, number, boolean, string, number | null][] = [
    ['FILE_SUPERSEDE', FILE_SUPERSEDE, true, 'STATUS_SUCCESS', 0],
    ['FILE_SUPERSEDE', FILE_SUPERSEDE, false, 'STATUS_SUCCESS', 2],
    ['FILE_OPEN', FILE_OPEN, true, 'STATUS_SUCCESS', 1],
    ['FILE_OPEN', FILE_OPEN, false, 'STATUS_OBJECT_NAME_NOT_FOUND', null],
    ['FILE_CREATE', FILE_CREATE, true, 'STATUS_OBJECT_NAME_COLLISION', null],
    ['FILE_CREATE', FILE_CREATE, false, 'STATUS_SUCCESS', 2],
    ['FILE_OPEN_IF', FILE_OPEN_IF, true, 'STATUS_SUCCESS', 1],
    ['FILE_OPEN_IF', FILE_OPEN_IF, false, 'STATUS_SUCCESS', 2],
    ['FILE_OVERWRITE', FILE_OVERWRITE, true, 'STATUS_SUCCESS', 3],
    ['FILE_OVERWRITE', FILE_OVERWRITE, false, 'STATUS_OBJECT_NAME_NOT_FOUND', null],
    ['FILE_OVERWRITE_IF', FILE_OVERWRITE_IF, true, 'STATUS_SUCCESS', 3],
    ['FILE_OVERWRITE_IF', FILE_OVERWRITE_IF, false, 'STATUS_SUCCESS', 2],
  ];
  it.each(table)('%s, file exists %s → %s (Information %s)', (_n, disposition, exists, status, info) => {
    const { open, store } = volume();
    const path = exists ? 'C:\\lab\\data.txt' : 'C:\\lab\\new.txt';
    const r = open(path, { disposition, access: GENERIC_READ | GENERIC_WRITE });
    expect(r.name).toBe(status);
    if (info !== null) expect(r.information).toBe(info);
    const destroys = exists && (disposition === FILE_SUPERSEDE || disposition === FILE_OVERWRITE || disposition === FILE_OVERWRITE_IF);
    if (exists) expect(store.file(path)?.content).toBe(destroys ? '' : 'hello world');
    else expect(store.file(path) !== undefined).toBe(status === 'STATUS_SUCCESS');
  });

  it('a missing directory in the path is STATUS_OBJECT_PATH_NOT_FOUND for every disposition', () => {
    const { open } = volume();
    for (const disposition of [0, 1, 2, 3, 4, 5]) expect(open('C:\\nope\\x.txt', { disposition }).name).toBe('STATUS_OBJECT_PATH_NOT_FOUND');
  });

  it('FILE_DELETE_ON_CLOSE without DELETE access is STATUS_INVALID_PARAMETER', () => {
    const { open } = volume();
    expect(open('C:\\lab\\data.txt', { options: FILE_DELETE_ON_CLOSE }).name).toBe('STATUS_INVALID_PARAMETER');
  });

  it('FILE_DIRECTORY_FILE on a file is STATUS_NOT_A_DIRECTORY; a directory opened as a file is STATUS_FILE_IS_A_DIRECTORY', () => {
    const { open } = volume();
    expect(open('C:\\lab\\data.txt', { options: FILE_DIRECTORY_FILE }).name).toBe('STATUS_NOT_A_DIRECTORY');
    expect(open('C:\\lab', { options: 0x40 }).name).toBe('STATUS_FILE_IS_A_DIRECTORY');
  });
});

describe('streams under supersede and overwrite (B7, B8, B13)', () => {
  const cases: [string, number, boolean, string, string[]][] = [
    // disposition, is another stream open, the create's status, the named streams left afterwards
    ['FILE_SUPERSEDE', FILE_SUPERSEDE, false, 'STATUS_SUCCESS', []],
    ['FILE_SUPERSEDE', FILE_SUPERSEDE, true, 'STATUS_SHARING_VIOLATION', ['notes']],
    ['FILE_OVERWRITE', FILE_OVERWRITE, false, 'STATUS_SUCCESS', []],
    ['FILE_OVERWRITE', FILE_OVERWRITE, true, 'STATUS_SUCCESS', ['notes']],
    ['FILE_OVERWRITE_IF', FILE_OVERWRITE_IF, true, 'STATUS_SUCCESS', ['notes']],
  ];
  it.each(titled(cases, (r) => `${r[0]}, a named stream open: ${r[2]} → ${r[3]}`))('%s', (_n, disposition, streamOpen, status, left) => {
    const { open, handle, closeHandle, store, deleted } = volume();
    closeHandle(handle('C:\\lab\\data.txt:notes', { disposition: FILE_CREATE, access: GENERIC_WRITE }));
    const s = streamOpen ? handle('C:\\lab\\data.txt:notes') : 0;
    expect(open('C:\\lab\\data.txt', { disposition, access: GENERIC_WRITE }).name).toBe(status);
    expect(Object.keys(store.file('C:\\lab\\data.txt')?.streams ?? {})).toEqual(left);
    if (s && status === 'STATUS_SUCCESS') {
      // Overwrite deletes the open stream as it closes.
      expect(open('C:\\lab\\data.txt:notes').name).toBe('STATUS_DELETE_PENDING');
      closeHandle(s);
      expect(Object.keys(store.file('C:\\lab\\data.txt')?.streams ?? {})).toEqual([]);
      expect(deleted).toContain('C:\\lab\\data.txt:notes');
    }
  });

  it('deleting a named stream deletes only the stream', () => {
    const { handle, closeHandle, store, v } = volume();
    closeHandle(handle('C:\\lab\\data.txt:notes', { disposition: FILE_CREATE, access: GENERIC_WRITE }));
    const s = handle('C:\\lab\\data.txt:notes', { access: DELETE });
    expect(fsStatusName(v.setDisposition(s, true))).toBe('STATUS_SUCCESS');
    closeHandle(s);
    expect(store.file('C:\\lab\\data.txt')?.content).toBe('hello world');
    expect(Object.keys(store.file('C:\\lab\\data.txt')?.streams ?? {})).toEqual([]);
  });
});

describe('delete-on-close and dispositions × other handles (B9, B10, B11)', () => {
  it("FILE_DELETE_ON_CLOSE makes the file delete-pending at that handle's close: later opens fail until the last handle goes", () => {
    const { open, handle, closeHandle, store } = volume();
    const other = handle('C:\\lab\\data.txt');
    const doc = handle('C:\\lab\\data.txt', { access: DELETE | GENERIC_READ, options: FILE_DELETE_ON_CLOSE });
    closeHandle(open('C:\\lab\\data.txt').fileObject); // still opens: nothing is pending yet
    closeHandle(doc);
    expect(open('C:\\lab\\data.txt').name).toBe('STATUS_DELETE_PENDING');
    expect(store.file('C:\\lab\\data.txt')).toBeDefined();
    closeHandle(other);
    expect(store.file('C:\\lab\\data.txt')).toBeUndefined();
    expect(open('C:\\lab\\data.txt').name).toBe('STATUS_OBJECT_NAME_NOT_FOUND');
  });

  const table: [string, boolean[], boolean][] = [
    ['set TRUE', [true], true],
    ['set TRUE then FALSE', [true, false], false],
    ['set TRUE, FALSE, TRUE', [true, false, true], true],
    ['set FALSE', [false], false],
  ];
  it.each(table)('FileDispositionInformation %s: deleted at last close = %s', (_n, settings, gone) => {
    const { handle, closeHandle, store, v } = volume();
    const h = handle('C:\\lab\\data.txt', { access: DELETE });
    for (const s of settings) expect(fsStatusName(v.setDisposition(h, s))).toBe('STATUS_SUCCESS');
    closeHandle(h);
    expect(store.file('C:\\lab\\data.txt') === undefined).toBe(gone);
  });

  it('FileDispositionInformation needs DELETE access (STATUS_ACCESS_DENIED)', () => {
    const { handle, v } = volume();
    expect(fsStatusName(v.setDisposition(handle('C:\\lab\\data.txt'), true))).toBe('STATUS_ACCESS_DENIED');
  });

  it('a non-empty directory cannot be marked (STATUS_DIRECTORY_NOT_EMPTY)', () => {
    const { handle, v } = volume();
    expect(fsStatusName(v.setDisposition(handle('C:\\lab', { access: DELETE }), true))).toBe('STATUS_DIRECTORY_NOT_EMPTY');
  });

  it('a mapped, delete-pending file goes at IRP_MJ_CLOSE of the file object the section holds, not at the last handle', () => {
    const { handle, closeHandle, store, v, deleted } = volume();
    const mapper = handle('C:\\lab\\data.txt');
    const { section } = v.createSection(mapper);
    closeHandle(mapper); // cleanup only: the section still references the file object
    const doc = handle('C:\\lab\\data.txt', { access: DELETE, options: FILE_DELETE_ON_CLOSE });
    closeHandle(doc); // the last handle: cleanup and close of another file object
    expect(store.file('C:\\lab\\data.txt')).toBeDefined();
    expect(v.closeSection(section).closedFileObject).toBe(mapper);
    expect(store.file('C:\\lab\\data.txt')).toBeDefined();
    v.close(mapper); // IRP_MJ_CLOSE on the mapper's file object
    expect(store.file('C:\\lab\\data.txt')).toBeUndefined();
    expect(deleted).toEqual(['C:\\lab\\data.txt']);
  });
});

describe('share access (IoCheckShareAccess)', () => {
  const R = GENERIC_READ;
  const W = GENERIC_WRITE;
  const table: [string, number, number, number, number, string][] = [
    ['read/share-read then read', R, FILE_SHARE_READ, R, FILE_SHARE_READ, 'STATUS_SUCCESS'],
    ['read/share-read then write', R, FILE_SHARE_READ, W, ALL, 'STATUS_SHARING_VIOLATION'],
    ['write/share-all then read/share-read (denies the writer)', W, ALL, R, FILE_SHARE_READ, 'STATUS_SHARING_VIOLATION'],
    ['read/share-none then attributes only', R, 0, 0x80, 0, 'STATUS_SUCCESS'],
    ['read/share-read then delete', R, FILE_SHARE_READ, DELETE, ALL, 'STATUS_SHARING_VIOLATION'],
    ['read/share-all then delete', R, ALL, DELETE, ALL, 'STATUS_SUCCESS'],
  ];
  it.each(titled(table, (r) => `${r[0]} → ${r[5]}`))('%s', (_n, a1, s1, a2, s2, status) => {
    const { handle, open } = volume();
    handle('C:\\lab\\data.txt', { access: a1, share: s1 });
    expect(open('C:\\lab\\data.txt', { access: a2, share: s2 }).name).toBe(status);
  });

  it('an overwrite shares as a writer even without write access', () => {
    const { handle, open } = volume();
    handle('C:\\lab\\data.txt', { access: GENERIC_READ, share: FILE_SHARE_READ });
    expect(open('C:\\lab\\data.txt', { access: GENERIC_READ, share: FILE_SHARE_READ, disposition: FILE_OVERWRITE }).name).toBe('STATUS_SHARING_VIOLATION');
  });

  it('share access is per stream: a named stream opens beside an unshared default stream', () => {
    const { handle, open } = volume();
    handle('C:\\lab\\data.txt', { access: GENERIC_READ | GENERIC_WRITE, share: 0 });
    expect(open('C:\\lab\\data.txt:s', { access: GENERIC_WRITE, share: 0, disposition: FILE_OPEN_IF }).name).toBe('STATUS_SUCCESS');
  });
});

describe('rename and hard links (B12)', () => {
  const table: [string, boolean, boolean, string][] = [
    ['to a free name', false, false, 'STATUS_SUCCESS'],
    ['over an existing file, no replace', true, false, 'STATUS_OBJECT_NAME_COLLISION'],
    ['over an existing file, ReplaceIfExists', true, true, 'STATUS_SUCCESS'],
  ];
  it.each(titled(table, (r) => `rename ${r[0]} → ${r[3]}`))('%s', (_n, exists, replace, status) => {
    const { handle, store, v } = volume();
    if (exists) store.write('C:\\lab\\b.txt', { size: 3, written: 0, content: 'old', image: null });
    const h = handle('C:\\lab\\data.txt', { access: DELETE });
    expect(fsStatusName(v.renameOrLink(h, 'C:\\lab\\b.txt', replace, false))).toBe(status);
    if (status === 'STATUS_SUCCESS') {
      expect(store.file('C:\\lab\\b.txt')?.content).toBe('hello world');
      expect(store.file('C:\\lab\\data.txt')).toBeUndefined();
    }
  });

  it('ReplaceIfExists over an open target is STATUS_ACCESS_DENIED; rename needs DELETE', () => {
    const { handle, store, v } = volume();
    store.write('C:\\lab\\b.txt', { size: 3, written: 0, content: 'old', image: null });
    handle('C:\\lab\\b.txt');
    expect(fsStatusName(v.renameOrLink(handle('C:\\lab\\data.txt', { access: DELETE }), 'C:\\lab\\b.txt', true, false))).toBe('STATUS_ACCESS_DENIED');
    expect(fsStatusName(v.renameOrLink(handle('C:\\lab\\data.txt'), 'C:\\lab\\c.txt', false, false))).toBe('STATUS_ACCESS_DENIED');
  });

  it('a hard link shares the data; deleting one name leaves the other', () => {
    const { handle, closeHandle, store, v } = volume();
    const h = handle('C:\\lab\\data.txt', { access: GENERIC_WRITE });
    expect(fsStatusName(v.renameOrLink(h, 'C:\\lab\\link.txt', false, true))).toBe('STATUS_SUCCESS');
    v.write(h, 0, 'HELLO', false);
    expect(store.file('C:\\lab\\link.txt')?.content).toBe('HELLO world');
    closeHandle(h);
    const d = handle('C:\\lab\\data.txt', { access: DELETE, options: FILE_DELETE_ON_CLOSE });
    closeHandle(d);
    expect(store.file('C:\\lab\\data.txt')).toBeUndefined();
    expect(store.file('C:\\lab\\link.txt')?.content).toBe('HELLO world');
  });
});

describe('byte-range locks × paging / non-paging (B16)', () => {
  // lock kind, the reader is (same handle | other handle same process | other process), paging, expected read status
  const table: [string, boolean, 'same' | 'handle' | 'process', boolean, string][] = [
    ['exclusive', true, 'same', false, 'STATUS_SUCCESS'],
    ['exclusive', true, 'handle', false, 'STATUS_FILE_LOCK_CONFLICT'],
    ['exclusive', true, 'process', false, 'STATUS_FILE_LOCK_CONFLICT'],
    ['exclusive', true, 'process', true, 'STATUS_SUCCESS'],
    ['shared', false, 'process', false, 'STATUS_SUCCESS'],
  ];
  it.each(titled(table, (r) => `${r[0]} lock, read through ${r[2]}, paging ${r[3]} → ${r[4]}`))('%s', (_n, exclusive, who, paging, status) => {
    const { handle, v } = volume();
    const owner = handle('C:\\lab\\data.txt', { access: GENERIC_READ | GENERIC_WRITE });
    expect(fsStatusName(v.lock(owner, 0, 5, exclusive, true))).toBe('STATUS_SUCCESS');
    const reader = who === 'same' ? owner : handle('C:\\lab\\data.txt', { pid: who === 'process' ? 200 : 100 });
    expect(fsStatusName(v.read(reader, 0, 5, paging).status)).toBe(status);
  });

  const writes: [string, boolean, boolean, string][] = [
    ['shared lock, owner writes', false, false, 'STATUS_FILE_LOCK_CONFLICT'],
    ['exclusive lock, owner writes', true, false, 'STATUS_SUCCESS'],
    ['shared lock, paging write', false, true, 'STATUS_SUCCESS'],
  ];
  it.each(titled(writes, (r) => `${r[0]} → ${r[3]}`))('%s', (_n, exclusive, paging, status) => {
    const { handle, v } = volume();
    const owner = handle('C:\\lab\\data.txt', { access: GENERIC_READ | GENERIC_WRITE });
    v.lock(owner, 0, 5, exclusive, true);
    expect(fsStatusName(v.write(owner, 0, 'x', paging))).toBe(status);
  });

  it("fail-immediately vs wait, and a waiter granted at unlock; cleanup drops a handle's locks", () => {
    const { handle, closeHandle, v } = volume();
    const granted: number[] = [];
    v.onLockDone = (l) => granted.push(l.fileObject);
    const a = handle('C:\\lab\\data.txt');
    const b = handle('C:\\lab\\data.txt', { pid: 200 });
    expect(fsStatusName(v.lock(a, 0, 10, true, true))).toBe('STATUS_SUCCESS');
    expect(fsStatusName(v.lock(b, 5, 1, false, true))).toBe('STATUS_LOCK_NOT_GRANTED');
    expect(fsStatusName(v.lock(b, 5, 1, false, false))).toBe('STATUS_PENDING');
    expect(fsStatusName(v.unlock(a, 0, 9))).toBe('STATUS_RANGE_NOT_LOCKED');
    closeHandle(a);
    expect(granted).toEqual([b]);
    expect(fsStatusName(v.unlock(b, 5, 1))).toBe('STATUS_SUCCESS');
  });
});
