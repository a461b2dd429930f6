/**
 * IRP_MJ_DIRECTORY_CONTROL and IRP_MJ_QUERY_INFORMATION on the C: volume, table-driven: the
 * search expression's wildcard rules (FsRtlIsNameInExpression and the Win32 translation), which
 * entries each pattern returns, restart and single-entry scans, the end-of-listing statuses, and
 * the information classes a program reads about a file.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows } from '../../src/kernel/nt.ts';
import { fsStatusName } from '../../src/kernel/fs/fsstatus.ts';
import {
  FileBothDirectoryInformation,
  FileIdBothDirectoryInformation,
  FileNamesInformation,
  isNameInExpression,
  win32Expression,
} from '../../src/kernel/fs/dirquery.ts';
import { FileInternalInformation, FileNameInformation, FileStreamInformation } from '../../src/kernel/fs/queryinfo.ts';
import { Kernel32 } from '../../src/kernel/user/kernel32.ts';
import { FileFinder, parseBothDirectory } from '../../src/kernel/user/findfile.ts';
import { FILE_DIRECTORY_FILE, FILE_LIST_DIRECTORY, FILE_SYNCHRONOUS_IO_NONALERT, SYNCHRONIZE } from '../../src/kernel/io/filedefs.ts';

const NAMES = ['a.txt', 'b.TXT', 'abc', 'readme', 'x.y.z', '_u.txt'];

function boot() {
  const m = new Machine({ seed: 1 });
  const k = bootWindows(m);
  const t = k.now();
  k.fs.mkdir('C:\\T\\Sub', t);
  for (const n of NAMES) k.fs.write(`C:\\T\\${n}`, { size: n.length, written: t, content: n, image: null });
  return { m, k };
}

type K = ReturnType<typeof boot>['k'];

function openDir(k: K, path: string): number {
  const r = k.files.NtOpenFile(`\\??\\${path}`, FILE_LIST_DIRECTORY | SYNCHRONIZE, 7, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
  expect(fsStatusName(r.status)).toBe('STATUS_SUCCESS');
  return r.handle;
}

/** FILE_NAMES_INFORMATION records: NextEntryOffset, FileIndex, FileNameLength, FileName at 12. */
function names(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  let at = 0;
  for (let n = 0; n < 100 && at + 12 <= bytes.length; n++) {
    const length = view.getUint32(at + 8, true);
    let s = '';
    for (let i = 0; i < length; i += 2) s += String.fromCharCode(view.getUint16(at + 12 + i, true));
    out.push(s);
    const next = view.getUint32(at, true);
    if (next === 0) break;
    at += next;
  }
  return out;
}

function query(k: K, handle: number, opts: { cls?: number; length?: number; pattern?: string | null; restart?: boolean; single?: boolean } = {}) {
  const pid = k.ps.requestor()?.pid ?? 4;
  const length = opts.length ?? 0x1000;
  const buffer = k.buffers.userAlloc(pid, length);
  const r = k.files.NtQueryDirectoryFile(
    handle,
    buffer,
    length,
    opts.cls ?? FileNamesInformation,
    opts.single ?? false,
    opts.pattern === undefined ? null : opts.pattern,
    opts.restart ?? false,
  );
  const bytes = k.mm.read(pid, BigInt('0x' + buffer), r.information) ?? new Uint8Array(0);
  return { status: fsStatusName(r.status), information: r.information, bytes };
}

describe('FsRtlIsNameInExpression with the DOS wildcards', () => {
  const rows: [string, string, boolean][] = [
    ['*', 'anything.at.all', true],
    ['*.TXT', 'a.txt', true],
    ['*.txt', 'a.txtx', false],
    ['?', '', false],
    ['???', 'ab', false],
    ['>>>', 'ab', true],
    ['>>>', 'abcd', false],
    ['a>c', 'abc', true],
    ['a>c', 'ac', false],
    ['<"', 'abc', true],
    ['<"', 'a.b', false],
    ['<.txt', 'a.b.txt', true],
    ['<.txt', 'a.txt.b', false],
    ['x"<', 'x.y.z', false],
    ['x"<', 'x', true],
    ['READ*', 'readme', true],
    ['*e', 'readme', true],
    ['*a*b*', 'xaxbx', true],
    ['*a*b*', 'xbxax', false],
  ];
  it.each(rows)('%s against %s is %s', (expression, name, expected) => {
    expect(isNameInExpression(expression, name)).toBe(expected);
  });

  it('FindFirstFileW turns Win32 wildcards into DOS ones', () => {
    expect(win32Expression('*.*')).toBe('*');
    expect(win32Expression('*.')).toBe('<"');
    expect(win32Expression('?.txt')).toBe('>.txt');
    expect(win32Expression('x.*')).toBe('x"*');
    expect(win32Expression('a*.b')).toBe('a<.b');
    expect(win32Expression('plain')).toBe('plain');
  });
});

describe('IRP_MN_QUERY_DIRECTORY: pattern × entries', () => {
  const rows: [string, string[] | string][] = [
    ['*', ['.', '..', 'a.txt', 'abc', 'b.TXT', 'readme', 'Sub', 'x.y.z', '_u.txt']],
    ['*.*', ['.', '..', 'a.txt', 'abc', 'b.TXT', 'readme', 'Sub', 'x.y.z', '_u.txt']],
    ['*.txt', ['a.txt', 'b.TXT', '_u.txt']],
    ['?.txt', ['a.txt', 'b.TXT']],
    ['a*', ['a.txt', 'abc']],
    ['*.', ['.', '..', 'abc', 'readme', 'Sub']],
    ['x.*', ['x.y.z']],
    ['README', ['readme']],
    ['nomatch*', 'STATUS_NO_SUCH_FILE'],
    ['zzz', 'STATUS_NO_SUCH_FILE'],
  ];
  it.each(rows)('%s lists %j', (pattern, expected) => {
    const { k } = boot();
    const h = openDir(k, 'C:\\T');
    const r = query(k, h, { pattern: win32Expression(pattern), restart: true });
    if (typeof expected === 'string') expect(r.status).toBe(expected);
    else expect(names(r.bytes)).toEqual(expected);
    k.files.NtClose(h);
  });

  it('the root lists no . and ..', () => {
    const { k } = boot();
    const h = openDir(k, 'C:\\');
    const all = names(query(k, h).bytes);
    expect(all).toContain('T');
    expect(all).not.toContain('.');
  });
});

describe('IRP_MN_QUERY_DIRECTORY: restart, single entry, the end of the listing', () => {
  it('single-entry scans walk one name at a time; a restart starts over; the end is STATUS_NO_MORE_FILES', () => {
    const { k } = boot();
    const h = openDir(k, 'C:\\T');
    const one = (restart = false) => names(query(k, h, { single: true, restart, pattern: '*.txt' }).bytes);
    expect(one()).toEqual(['a.txt']);
    expect(one()).toEqual(['b.TXT']);
    expect(one(true)).toEqual(['a.txt']);
    expect(one()).toEqual(['b.TXT']);
    expect(one()).toEqual(['_u.txt']);
    expect(query(k, h, { single: true }).status).toBe('STATUS_NO_MORE_FILES');
    // The expression was captured by the first query: a later query's name is ignored.
    expect(names(query(k, h, { restart: true, pattern: 'abc' }).bytes)).toEqual(['a.txt', 'b.TXT', '_u.txt']);
  });

  it('a buffer that holds only part of the listing returns what fits and resumes after it', () => {
    const { k } = boot();
    const h = openDir(k, 'C:\\T');
    // Each FILE_NAMES_INFORMATION record of a short name takes 16 or 24 bytes: 40 bytes hold two.
    const first = names(query(k, h, { length: 40 }).bytes);
    expect(first).toEqual(['.', '..']);
    expect(names(query(k, h, { length: 0x1000 }).bytes)[0]).toBe('a.txt');
  });

  it('a buffer smaller than one record overflows; smaller than the fixed part is a length mismatch', () => {
    const { k } = boot();
    const h = openDir(k, 'C:\\T');
    const cut = query(k, h, { cls: FileBothDirectoryInformation, length: 95, pattern: 'readme' });
    expect(cut.status).toBe('STATUS_BUFFER_OVERFLOW');
    expect(cut.information).toBe(95);
    expect(query(k, h, { cls: FileBothDirectoryInformation, length: 20 }).status).toBe('STATUS_INFO_LENGTH_MISMATCH');
    expect(query(k, h, { cls: 99 }).status).toBe('STATUS_INVALID_INFO_CLASS');
  });

  it('a file handle is no directory to query; the request goes down through FltMgr to Ntfs', () => {
    const { k, m } = boot();
    const api = new Kernel32(k);
    const file = api.CreateFileW('C:\\T\\abc', 0x80000000, 7, 3, 0);
    expect(query(k, file).status).toBe('STATUS_INVALID_PARAMETER');
    const from = m.events.of('kernel.irp').length;
    const h = openDir(k, 'C:\\T');
    query(k, h);
    const irps = m.events
      .of('kernel.irp')
      .slice(from)
      .map((e) => `${e.driver} ${e.major}`);
    expect(irps).toContain('\\FileSystem\\FltMgr IRP_MJ_DIRECTORY_CONTROL');
    expect(irps).toContain('\\FileSystem\\Ntfs IRP_MJ_DIRECTORY_CONTROL');
  });

  it('FileBothDirectoryInformation carries sizes and the directory attribute; FileIdBoth the file reference', () => {
    const { k } = boot();
    const h = openDir(k, 'C:\\T');
    const both = parseBothDirectory(query(k, h, { cls: FileBothDirectoryInformation, pattern: '*' }).bytes);
    expect(both.find((e) => e.name === 'readme')).toMatchObject({ size: 6, directory: false });
    expect(both.find((e) => e.name === 'Sub')).toMatchObject({ directory: true, size: 0 });
    const ids = query(k, h, { cls: FileIdBothDirectoryInformation, restart: true });
    expect(ids.status).toBe('STATUS_SUCCESS');
    const view = new DataView(ids.bytes.buffer, ids.bytes.byteOffset, ids.bytes.byteLength);
    // The first record is '.': its FileId (at 96) is C:\T's file reference.
    expect(Number(view.getBigUint64(96, true))).toBe(k.ntfs.directoryId('C:\\T'));
  });
});

describe('IRP_MJ_QUERY_INFORMATION and the kernel32 calls over it', () => {
  function info(k: K, handle: number, cls: number, length = 0x400) {
    const pid = k.ps.requestor()?.pid ?? 4;
    const buffer = k.buffers.userAlloc(pid, length);
    const r = k.files.NtQueryInformationFile(handle, buffer, length, cls);
    return { status: fsStatusName(r.status), bytes: k.mm.read(pid, BigInt('0x' + buffer), r.information) ?? new Uint8Array(0) };
  }

  it('links, file reference, name and streams of a file with a hard link and a named stream', () => {
    const { k } = boot();
    const api = new Kernel32(k);
    const finder = new FileFinder(k, api);
    expect(finder.CreateHardLinkW('C:\\T\\second.txt', 'C:\\T\\a.txt')).toBe(true);
    expect(finder.CreateHardLinkW('C:\\T\\second.txt', 'C:\\T\\a.txt')).toBe(false);
    expect(api.GetLastError()).toBe(183);
    const s = api.CreateFileW('C:\\T\\a.txt:notes', 0x40000000, 7, 2, 0);
    api.WriteFile(s, new TextEncoder().encode('side'));
    api.CloseHandle(s);
    const h = api.CreateFileW('C:\\T\\second.txt', 0x80000000, 7, 3, 0);
    const byHandle = finder.GetFileInformationByHandle(h);
    expect(byHandle).toMatchObject({ links: 2, size: 5, deletePending: false });
    const other = finder.GetFileAttributesExW('C:\\T\\a.txt');
    expect(other?.fileIndex).toBe(byHandle?.fileIndex);
    const internal = info(k, h, FileInternalInformation);
    expect(Number(new DataView(internal.bytes.buffer).getBigUint64(0, true))).toBe(byHandle?.fileIndex);
    const name = info(k, h, FileNameInformation);
    expect(new TextDecoder('utf-16le').decode(name.bytes.slice(4))).toBe('\\T\\second.txt');
    const streams = info(k, h, FileStreamInformation);
    expect(new TextDecoder('utf-16le').decode(streams.bytes)).toContain('::$DATA');
    expect(new TextDecoder('utf-16le').decode(streams.bytes)).toContain(':notes:$DATA');
    expect(info(k, h, FileNameInformation, 6).status).toBe('STATUS_INFO_LENGTH_MISMATCH');
    expect(info(k, h, FileNameInformation, 8).status).toBe('STATUS_BUFFER_OVERFLOW');
    api.CloseHandle(h);
    expect(finder.fileNames('C:\\T\\a.txt')).toEqual(['\\T\\a.txt', '\\T\\second.txt']);
  });

  it('a directory: the directory attribute, no default stream; a missing file is ERROR_FILE_NOT_FOUND', () => {
    const { k } = boot();
    const api = new Kernel32(k);
    const finder = new FileFinder(k, api);
    expect(finder.GetFileAttributesExW('C:\\T\\Sub')?.attributes).toBe(0x10);
    expect(finder.GetFileAttributesExW('C:\\T\\nope')).toBeNull();
    expect(api.GetLastError()).toBe(2);
    expect(finder.list('C:\\nowhere\\*')).toBe(3);
    expect(finder.list('C:\\T\\zz*')).toBe(2);
  });

  it('CopyFileW copies the default and named streams and keeps the last-write time; CREATE_NEW refuses an existing target', () => {
    const { k } = boot();
    const api = new Kernel32(k);
    const finder = new FileFinder(k, api);
    const s = api.CreateFileW('C:\\T\\abc:alt', 0x40000000, 7, 2, 0);
    api.WriteFile(s, new TextEncoder().encode('stream data'));
    api.CloseHandle(s);
    expect(finder.CopyFileW('C:\\T\\abc', 'C:\\T\\copy', false)).toBe(true);
    const copy = k.fs.file('C:\\T\\copy');
    expect(copy?.content).toBe('abc');
    expect(copy?.written).toBe(k.fs.file('C:\\T\\abc')?.written);
    expect(copy?.streams?.['alt']?.content).toBe('stream data');
    expect(finder.CopyFileW('C:\\T\\abc', 'C:\\T\\copy', true)).toBe(false);
    expect(api.GetLastError()).toBe(80);
    expect(finder.CopyFileW('C:\\T\\Sub', 'C:\\T\\x', false)).toBe(false);
    expect(api.GetLastError()).toBe(5);
  });
});

describe('a directory query while no file system is mounted on C:', () => {
  it('the I/O manager answers from the file store, with the same listing and end statuses', () => {
    const { k } = boot();
    const volume = k.ob.lookup('\\GLOBAL??\\C:').id;
    k.fileIo.dismount(volume);
    const finder = new FileFinder(k, new Kernel32(k));
    const listed = finder.list('C:\\T\\*.txt');
    expect(typeof listed === 'number' ? listed : listed.map((e) => e.name)).toEqual(['a.txt', 'b.TXT', '_u.txt']);
    expect(finder.list('C:\\T\\zz*')).toBe(2);
    const h = openDir(k, 'C:\\T');
    expect(names(query(k, h, { single: true }).bytes)).toEqual(['.']);
    expect(names(query(k, h, { single: true }).bytes)).toEqual(['..']);
    expect(names(query(k, h, { restart: true, single: true }).bytes)).toEqual(['.']);
  });
});
