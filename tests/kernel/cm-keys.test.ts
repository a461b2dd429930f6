/**
 * The Configuration Manager's system services (cm/ntkey.ts) and advapi32 over them: a Key object
 * and a handle in the caller's table per open, the access granted checked on each call, the
 * master keys taking no new subkeys, a hive root refusing DELETE, NtDeleteKey refusing a key with
 * subkeys, STATUS_KEY_DELETED through a handle whose key went, and the Win32 errors advapi32 maps.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf, type Kernel } from '../../src/kernel/nt.ts';
import {
  DELETE,
  KEY_ALL_ACCESS,
  KEY_QUERY_VALUE,
  KEY_READ,
  KEY_SET_VALUE,
  KeyServices,
  REG_CREATED_NEW_KEY,
  REG_OPENED_EXISTING_KEY,
  STATUS_KEY_DELETED,
  STATUS_NO_MORE_ENTRIES,
} from '../../src/kernel/cm/ntkey.ts';
import { Advapi32, ERROR_NO_MORE_ITEMS, HKEY_LOCAL_MACHINE } from '../../src/kernel/user/advapi32.ts';
import { STATUS_ACCESS_DENIED, STATUS_CANNOT_DELETE, STATUS_INVALID_HANDLE, STATUS_OBJECT_NAME_NOT_FOUND, STATUS_SUCCESS } from '../../src/kernel/status.ts';

function kernel(): Kernel {
  const k = kernelOf(new LabSession(lab).machine);
  if (!k) throw new Error('no kernel');
  return k;
}

const SERVICES = '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services';
/** Where those keys are: CurrentControlSet is a link to ControlSet001, and a key opened through it is named by its target. */
const STORED = '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\services';

describe('Nt key services', () => {
  it('NtOpenKey makes a Key object and a handle in the caller table; NtClose removes both', () => {
    const k = kernel();
    const nt = new KeyServices(k);
    const pid = k.ps.requestor()?.pid ?? 0;
    const before = Object.values(k.ob.state.objects).filter((o) => o.Type === 'Key').length;
    const r = nt.NtOpenKey({ root: 0, name: `${SERVICES}\\Beep` }, KEY_READ);
    expect(r.status).toBe(STATUS_SUCCESS);
    const entry = k.handles.get(pid, r.handle);
    expect(entry?.access).toBe(KEY_READ);
    expect(k.ob.get(entry?.object ?? 0)?.Type).toBe('Key');
    expect(nt.keysOf(pid)).toEqual([{ handle: r.handle, access: KEY_READ, path: `${STORED}\\Beep` }]);
    expect(nt.NtClose(r.handle).status).toBe(STATUS_SUCCESS);
    expect(k.handles.get(pid, r.handle)).toBeUndefined();
    expect(Object.values(k.ob.state.objects).filter((o) => o.Type === 'Key').length).toBe(before);
    expect(nt.NtClose(r.handle).status).toBe(STATUS_INVALID_HANDLE);
  });

  it('names resolve absolutely or relative to a key handle; a missing key is STATUS_OBJECT_NAME_NOT_FOUND', () => {
    const nt = new KeyServices(kernel());
    expect(nt.NtOpenKey({ root: 0, name: `${SERVICES}\\NoSuchService` }, KEY_READ).status).toBe(STATUS_OBJECT_NAME_NOT_FOUND);
    const services = nt.NtOpenKey({ root: 0, name: SERVICES }, KEY_READ);
    const beep = nt.NtOpenKey({ root: services.handle, name: 'beep' }, KEY_READ);
    expect(beep.status).toBe(STATUS_SUCCESS);
    // The stored name, whatever case the name was given in, through the link.
    expect(nt.NtQueryKey(beep.handle).info?.name).toBe(`${STORED}\\Beep`);
    expect(nt.NtQueryValueKey(beep.handle, 'START').value?.data).toBe(1);
    expect(nt.NtQueryValueKey(beep.handle, 'Nope').status).toBe(STATUS_OBJECT_NAME_NOT_FOUND);
    expect(nt.NtEnumerateKey(beep.handle, 0).name).toBe('Enum');
    expect(nt.NtEnumerateKey(beep.handle, 1).status).toBe(STATUS_NO_MORE_ENTRIES);
    expect(nt.NtEnumerateValueKey(beep.handle, 0).value?.name).toBe('Type');
  });

  it('each call checks the access the handle was granted', () => {
    const nt = new KeyServices(kernel());
    const read = nt.NtOpenKey({ root: 0, name: `${SERVICES}\\Beep` }, KEY_QUERY_VALUE);
    expect(nt.NtSetValueKey(read.handle, 'x', 'REG_SZ', 'y').status).toBe(STATUS_ACCESS_DENIED);
    expect(nt.NtEnumerateKey(read.handle, 0).status).toBe(STATUS_ACCESS_DENIED);
    expect(nt.NtDeleteKey(read.handle).status).toBe(STATUS_ACCESS_DENIED);
    const write = nt.NtOpenKey({ root: 0, name: `${SERVICES}\\Beep` }, KEY_SET_VALUE);
    expect(nt.NtQueryValueKey(write.handle, 'Start').status).toBe(STATUS_ACCESS_DENIED);
    expect(nt.NtSetValueKey(write.handle, 'x', 'REG_SZ', 'y').status).toBe(STATUS_SUCCESS);
  });

  it('the master keys take no new subkeys; a hive root grants no DELETE; a key with subkeys cannot be deleted', () => {
    const k = kernel();
    const nt = new KeyServices(k);
    expect(nt.NtCreateKey({ root: 0, name: '\\REGISTRY\\MACHINE\\NewHive' }, KEY_ALL_ACCESS, 0).status).toBe(STATUS_ACCESS_DENIED);
    expect(nt.NtOpenKey({ root: 0, name: '\\REGISTRY\\MACHINE\\SYSTEM' }, DELETE).status).toBe(STATUS_ACCESS_DENIED);
    const created = nt.NtCreateKey({ root: 0, name: '\\REGISTRY\\MACHINE\\SOFTWARE\\ntlab' }, KEY_ALL_ACCESS, 0);
    expect(created.disposition).toBe(REG_CREATED_NEW_KEY);
    expect(nt.NtCreateKey({ root: 0, name: '\\REGISTRY\\MACHINE\\SOFTWARE\\ntlab' }, KEY_READ, 0).disposition).toBe(REG_OPENED_EXISTING_KEY);
    const sub = nt.NtCreateKey({ root: created.handle, name: 'sub' }, KEY_ALL_ACCESS, 0);
    expect(nt.NtCreateKey({ root: 0, name: '\\REGISTRY\\MACHINE\\SOFTWARE\\a\\b' }, KEY_ALL_ACCESS, 0).status).toBe(STATUS_OBJECT_NAME_NOT_FOUND);
    expect(nt.NtDeleteKey(created.handle).status).toBe(STATUS_CANNOT_DELETE);
    expect(nt.NtDeleteKey(sub.handle).status).toBe(STATUS_SUCCESS);
    // The handle stays open on a deleted key.
    expect(nt.NtQueryValueKey(sub.handle, 'x').status).toBe(STATUS_KEY_DELETED);
    expect(nt.NtDeleteKey(created.handle).status).toBe(STATUS_SUCCESS);
    expect(k.cm.exists('\\REGISTRY\\MACHINE\\SOFTWARE\\ntlab')).toBe(false);
  });
});

describe('advapi32 registry API', () => {
  it('returns Win32 errors from the NTSTATUS and creates a path one key at a time', () => {
    const k = kernel();
    const api = new Advapi32(k);
    expect(api.RegOpenKeyExW(HKEY_LOCAL_MACHINE, 'SOFTWARE\\nope', 0, KEY_READ).error).toBe(2);
    expect(api.RegCreateKeyExW(HKEY_LOCAL_MACHINE, 'Foo', 0, KEY_ALL_ACCESS).error).toBe(5);
    const c = api.RegCreateKeyExW(HKEY_LOCAL_MACHINE, 'SOFTWARE\\a\\b\\c', 0, KEY_ALL_ACCESS);
    expect(c.error).toBe(0);
    expect(api.RegSetValueExW(c.key, 'v', 'REG_DWORD', 7)).toBe(0);
    expect(api.RegQueryValueExW(c.key, 'v')).toEqual({ error: 0, type: 'REG_DWORD', data: 7 });
    expect(api.RegEnumValueW(c.key, 1).error).toBe(ERROR_NO_MORE_ITEMS);
    expect(api.RegDeleteKeyW(HKEY_LOCAL_MACHINE, 'SOFTWARE\\a')).toBe(5);
    expect(api.RegDeleteValueW(c.key, 'v')).toBe(0);
    expect(api.RegDeleteValueW(c.key, 'v')).toBe(2);
    expect(api.RegCloseKey(c.key)).toBe(0);
    expect(api.RegCloseKey(c.key)).toBe(6);
    expect(api.RegCloseKey(HKEY_LOCAL_MACHINE)).toBe(0);
    // Every handle advapi32 opened is closed again.
    expect(new KeyServices(k).keysOf(k.ps.requestor()?.pid ?? 0)).toEqual([]);
  });
});
