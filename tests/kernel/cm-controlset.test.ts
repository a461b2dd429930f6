/**
 * HKLM\SYSTEM\CurrentControlSet is a volatile registry link to ControlSet001 (Select\Current),
 * made at each boot: every name through it (opens, creates, values, enumeration, deletes)
 * reaches ControlSet001, a key opened through it is named by its target, HKLM\SYSTEM lists
 * both, reg names keys as they were typed, and snapshots and restarts keep it working.
 */
import { describe, expect, it } from 'vitest';
import { session } from '../console/helpers.ts';
import { kernelOf, restartWindows, type Kernel } from '../../src/kernel/nt.ts';
import type { Machine, MachineSnapshot } from '../../src/kernel/machine.ts';
import type { CmState, RegKey } from '../../src/kernel/cm/registry.ts';
import { KEY_ALL_ACCESS, KEY_READ, KeyServices, REG_CREATED_NEW_KEY, STATUS_NO_MORE_ENTRIES } from '../../src/kernel/cm/ntkey.ts';
import { STATUS_SUCCESS } from '../../src/kernel/status.ts';

const SYSTEM = '\\REGISTRY\\MACHINE\\SYSTEM';
const CCS = `${SYSTEM}\\CurrentControlSet`;
const CS1 = `${SYSTEM}\\ControlSet001`;

function kernel(machine: Machine): Kernel {
  const k = kernelOf(machine);
  if (!k) throw new Error('no kernel');
  return k;
}

describe('CurrentControlSet is a link to ControlSet001', () => {
  it('opens, creates and reads values through the link, case-insensitively; the keys are ControlSet001 keys', () => {
    const { s } = session();
    const k = kernel(s.machine);
    const nt = new KeyServices(k);
    const beep = nt.NtOpenKey({ root: 0, name: `${SYSTEM}\\currentCONTROLset\\services\\BEEP` }, KEY_READ);
    expect(beep.status).toBe(STATUS_SUCCESS);
    expect(nt.NtQueryKey(beep.handle).info?.name).toBe(`${CS1}\\services\\Beep`);
    expect(nt.NtQueryValueKey(beep.handle, 'Start').value?.data).toBe(1);
    // A key created through the link is made under its target.
    const made = nt.NtCreateKey({ root: 0, name: `${CCS}\\Services\\Beep\\Parameters` }, KEY_ALL_ACCESS, 0);
    expect(made.disposition).toBe(REG_CREATED_NEW_KEY);
    expect(nt.NtSetValueKey(made.handle, 'Level', 'REG_DWORD', 3).status).toBe(STATUS_SUCCESS);
    expect(k.cm.dword(`${CS1}\\Services\\Beep\\Parameters`, 'Level')).toBe(3);
    expect(k.cm.state.keys[`${CS1}\\services\\Beep\\Parameters`.toLowerCase()]?.path).toBe(`${CS1}\\services\\Beep\\Parameters`);
    expect(Object.keys(k.cm.state.keys).filter((p) => p.startsWith(CCS.toLowerCase() + '\\'))).toEqual([]);
    // The link itself: volatile, a REG_LINK SymbolicLinkValue naming ControlSet001.
    const link = k.cm.state.keys[CCS.toLowerCase()];
    expect(link).toMatchObject({ path: CCS, volatile: true, link: true });
    expect(Object.values(link.values)).toEqual([{ name: 'SymbolicLinkValue', type: 'REG_LINK', data: CS1 }]);
    expect(k.cm.dword(`${SYSTEM}\\Select`, 'Current')).toBe(1);
  });

  it('HKLM\\SYSTEM lists ControlSet001 and the link; reg names keys as typed, their subkeys as stored', () => {
    const { s, run } = session();
    const nt = new KeyServices(kernel(s.machine));
    const system = nt.NtOpenKey({ root: 0, name: SYSTEM }, KEY_READ);
    const names: string[] = [];
    for (let i = 0; ; i++) {
      const r = nt.NtEnumerateKey(system.handle, i);
      if (r.status === STATUS_NO_MORE_ENTRIES) break;
      names.push(r.name);
    }
    expect(names).toEqual(['ControlSet001', 'CurrentControlSet', 'Select']);
    expect(run('reg query HKLM\\SYSTEM').out).toBe(
      '\nHKEY_LOCAL_MACHINE\\SYSTEM\n\n' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\n' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\n' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\Select\n\n',
    );
    const out = run('reg query hklm\\system\\currentcontrolset\\services\\beep').out;
    expect(out.startsWith('\nHKEY_LOCAL_MACHINE\\system\\currentcontrolset\\services\\beep\n    Type    REG_DWORD    0x1\n')).toBe(true);
    expect(out).toContain('\nHKEY_LOCAL_MACHINE\\system\\currentcontrolset\\services\\beep\\Enum\n');
    // Both names reach the same key.
    expect(run('reg query HKLM\\SYSTEM\\ControlSet001\\Services\\Beep /v Start').out).toBe(
      '\nHKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Beep\n    Start    REG_DWORD    0x1\n\n',
    );
  });

  it('reg add and reg delete through the link change ControlSet001', () => {
    const { s, run } = session();
    const k = kernel(s.machine);
    expect(run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep\\Parameters /v Mode /t REG_SZ /d Quiet /f').status).toBe(0);
    expect(k.cm.string(`${CS1}\\Services\\Beep\\Parameters`, 'Mode')).toBe('Quiet');
    expect(run('reg query HKLM\\SYSTEM\\ControlSet001\\Services\\Beep\\Parameters /v Mode').out).toContain('    Mode    REG_SZ    Quiet\n');
    expect(run('reg delete HKLM\\SYSTEM\\currentcontrolset\\Services\\Beep\\Parameters /f').status).toBe(0);
    expect(k.cm.exists(`${CS1}\\Services\\Beep\\Parameters`)).toBe(false);
    expect(k.cm.exists(`${CS1}\\Services\\Beep`)).toBe(true);
  });

  it('a link whose target is gone opens nothing; creating through it makes the target, the link stays a link', () => {
    const { s } = session();
    const k = kernel(s.machine);
    k.cm.deleteKey(CS1);
    expect(k.cm.exists(CCS)).toBe(false);
    expect(k.cm.subkeys(CCS)).toEqual([]);
    expect(k.cm.subkeys(SYSTEM)).toEqual(['CurrentControlSet', 'Select']);
    k.cm.setValue(`${CCS}\\services\\Beep`, 'Start', 'REG_DWORD', 4);
    expect(k.cm.state.keys[`${CS1}\\services\\beep`.toLowerCase()]?.path).toBe(`${CS1}\\services\\Beep`);
    expect(k.cm.state.keys[CCS.toLowerCase()]?.link).toBe(true);
    expect(k.cm.dword(`${CCS}\\Services\\Beep`, 'Start')).toBe(4);
  });

  it("DriverEntry's RegistryPath is the service key's object name: ControlSet001, in the hive's case", () => {
    const { s, run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    const texts = kernel(s.machine).rtl.state.entries.map((e) => e.text);
    expect(texts).toContain('SwLegacy: DriverEntry, RegistryPath \\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\services\\SwLegacy');
  });

  it('a snapshot (stored as JSON) restores with the link; a restart makes the volatile link again', () => {
    const { s, run } = session();
    run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep\\Parameters /v Mode /t REG_SZ /d Quiet /f');
    const snap = JSON.parse(JSON.stringify(s.machine.snapshot())) as MachineSnapshot;
    const other = session();
    other.s.machine.restore(snap);
    const k = kernel(other.s.machine);
    expect(k.cm.string(`${CCS}\\Services\\Beep\\Parameters`, 'Mode')).toBe('Quiet');
    expect(other.run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep\\Parameters /v Mode').out).toContain('Mode    REG_SZ    Quiet');
    expect(k.cm.persistentState().keys[CCS.toLowerCase()]).toBeUndefined();
    const after = restartWindows(other.s.machine);
    expect(after?.cm.state.keys[CCS.toLowerCase()]?.link).toBe(true);
    expect(after?.cm.string(`${CCS}\\Services\\Beep\\Parameters`, 'Mode')).toBe('Quiet');
    expect(after?.cm.subkeys(SYSTEM)).toEqual(['ControlSet001', 'CurrentControlSet', 'Select']);
  });

  it('a snapshot saved when CurrentControlSet was a key of its own moves its keys to ControlSet001', () => {
    const { s, run } = session();
    run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep\\Parameters /v Mode /t REG_SZ /d Quiet /f');
    const snap = JSON.parse(JSON.stringify(s.machine.snapshot())) as MachineSnapshot;
    // The older form: the keys under CurrentControlSet, no link, no ControlSet001, no Select.
    const cm = snap.parts.cm as CmState;
    const keys: Record<string, RegKey> = {};
    for (const [p, key] of Object.entries(cm.keys)) {
      if (p === CCS.toLowerCase() || p.startsWith(`${SYSTEM}\\Select`.toLowerCase())) continue;
      const old = p.startsWith(CS1.toLowerCase()) ? CCS.toLowerCase() + p.slice(CS1.length) : p;
      keys[old] = { ...key, path: key.path.startsWith(CS1) ? CCS + key.path.slice(CS1.length) : key.path };
    }
    cm.keys = keys;
    const other = session();
    other.s.machine.restore(snap);
    const k = kernel(other.s.machine);
    expect(k.cm.state.keys[`${CS1}\\services\\Beep`.toLowerCase()]?.path).toBe(`${CS1}\\services\\Beep`);
    expect(k.cm.string(`${CS1}\\Services\\Beep\\Parameters`, 'Mode')).toBe('Quiet');
    expect(k.cm.state.keys[CCS.toLowerCase()]?.link).toBe(true);
    expect(k.cm.subkeys(SYSTEM)).toEqual(['ControlSet001', 'CurrentControlSet', 'Select']);
    expect(other.run('sc query Beep').out).toContain('SERVICE_NAME: Beep');
  });
});
