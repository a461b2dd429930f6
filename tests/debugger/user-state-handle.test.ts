/**
 * `!handle` on the XP machine: the 32-bit layout (eight-digit addresses, the
 * one-line process header, "Handle table at … with N Entries in use", the old
 * object header), checked against the machine's own handle tables: the number of
 * handles listed is the HandleCount !process prints, each Entry address is where
 * the handle's HANDLE_TABLE_ENTRY is, and the object it names is what that entry
 * points to.
 */
import { describe, expect, it } from 'vitest';
import { fromLe } from '../../src/debugger/memory.ts';
import type { XpTarget } from '../../src/debugger/x86/target.ts';
import { PROCESSES } from '../../src/kernel/xp/data.ts';
import { laidHandles } from '../../src/kernel/xp/handles.ts';
import { bootXp } from '../../src/kernel/xp/machine.ts';
import { xpKd } from './xp-harness.ts';

const live = (): ReturnType<typeof xpKd> => xpKd();

const dword = (t: XpTarget, at: bigint): bigint => fromLe(t.read(at, 4) ?? new Uint8Array(4));
const HANDLE_LINE = /^([0-9a-f]{4}): Object: ([0-9a-f]{8}) {2}GrantedAccess: ([0-9a-f]{8})( \((Inherit|Audit|Inherit Audit)\))? Entry: ([0-9a-f]{8})$/;

describe('!handle on the XP machine', () => {
  it("Notepad's table: the process header, the table line, and as many handles as HandleCount says", () => {
    const { kd, target } = live();
    const out = kd.run('!handle 0 3 863c22f0');
    expect(out.slice(0, 5)).toEqual([
      'PROCESS 863c22f0  SessionId: 0  Cid: 00bc    Peb: 7ffdb000  ParentCid: 05fc',
      '    DirBase: 06c602c0  ObjectTable: e16718e8  HandleCount:  29.',
      '    Image: notepad.exe',
      '',
      `Handle table at ${dword(target, 0xe16718e8n).toString(16).padStart(8, '0')} with 29 Entries in use`,
    ]);
    const handles = out.filter((l) => HANDLE_LINE.test(l));
    expect(handles.length).toBe(29);
    const page = dword(target, 0xe16718e8n);
    for (const line of handles) {
      const [, handle, object, access, , , entry] = HANDLE_LINE.exec(line) ?? [];
      const at = BigInt(`0x${entry}`);
      expect(at).toBe(page + (BigInt(`0x${handle}`) / 4n) * 8n);
      expect(dword(target, at) & ~7n).toBe(BigInt(`0x${object}`) - 0x18n);
      expect(dword(target, at + 4n)).toBe(BigInt(`0x${access}`));
    }
  });

  it('one handle with its object: type, old-version header 0x18 bytes before the body, counts and name', () => {
    const { kd, target } = live();
    const out = kd.run('!handle 4 f 863c22f0');
    const [, , object] = HANDLE_LINE.exec(out[6]) ?? [];
    const body = BigInt(`0x${object}`);
    const type = dword(target, body - 0x18n + 8n);
    expect(out.slice(6)).toEqual([
      expect.stringMatching(/^0004: Object: [0-9a-f]{8} {2}GrantedAccess: 000f0003 Entry: [0-9a-f]{8}$/),
      `Object: ${object}  Type: (${type.toString(16)}) KeyedEvent`,
      `    ObjectHeader: ${(body - 0x18n).toString(16)} (old version)`,
      `        HandleCount: ${dword(target, body - 0x18n + 4n)}  PointerCount: ${dword(target, body - 0x18n)}`,
      expect.stringMatching(/^ {8}Directory Object: [0-9a-f]{8} {2}Name: CritSecOutOfMemoryEvent$/),
      '',
    ]);
  });

  it('a named object shared by every Win32 process: its HandleCount is the number of handles to it', () => {
    const { kd } = live();
    const all = kd.run('!handle 0 3 0 KeyedEvent');
    const objects = all.map((l) => HANDLE_LINE.exec(l)?.[2]).filter((o): o is string => o !== undefined);
    expect(objects.length).toBeGreaterThan(5);
    expect(new Set(objects).size).toBe(1);
    const one = kd.run('!handle 4 3 863c22f0');
    expect(one).toContain(`        HandleCount: ${objects.length}  PointerCount: ${objects.length + 2}`);
  });

  it('a file handle shows the file name and its volume', () => {
    const { kd } = live();
    const out = kd.run('!handle c 3 863c22f0');
    expect(out).toContain('        Directory Object: 00000000  Name: \\Documents and Settings\\Administrator {HarddiskVolume1}');
    expect(out.some((l) => /^000c: .* \(Inherit\) Entry: /.test(l))).toBe(true);
  });

  it("svchost's 1115 handles span three pages behind a level-1 table", () => {
    const { kd, target } = live();
    const code = dword(target, 0xe15d5858n);
    expect(code & 3n).toBe(1n);
    const out = kd.run('!handle 0 1 8612abe0');
    expect(out[4]).toBe(`Handle table at ${(code & ~3n).toString(16)} with 1115 Entries in use`);
    expect(out.filter((l) => HANDLE_LINE.test(l)).length).toBe(1115);
    const last = out.filter((l) => HANDLE_LINE.test(l)).pop() ?? '';
    expect(last.slice(0, 4)).toBe((1115 * 4).toString(16).padStart(4, '0'));
  });

  it("the current process by default; Idle shows the kernel's table, which System shares", () => {
    const { kd } = live();
    const out = kd.run('!handle');
    expect(out[0]).toBe('processor number 0, process 8055c0c0');
    expect(out[5]).toMatch(/^Kernel handle table at [0-9a-f]{8} with 253 Entries in use$/);
    expect(kd.run('!handle 0 3 4')[4]).toBe(out[5]);
  });

  it('type filter, free and out-of-range handles, unknown processes', () => {
    const { kd } = live();
    const files = kd.run('!handle 0 3 863c22f0 File').filter((l) => HANDLE_LINE.test(l));
    expect(files.length).toBe(2);
    expect(kd.run('!handle ffc 3 863c22f0')).toContain('Invalid handle: 0xffc');
    expect(kd.run('!handle 100 3 863c22f0').some((l) => /^0100: free handle, Entry address [0-9a-f]{8}, Next Entry 00000000$/.test(l))).toBe(true);
    expect(kd.run('!handle 0 3 1234')).toEqual(['Unable to read process 00001234']);
    expect(kd.last().ok).toBe(false);
  });
});

describe('the object headers the machine lays in front of processes and threads', () => {
  it('take space nothing else uses (the kernel holds exactly the handle layout there)', () => {
    const { xp } = bootXp(8);
    const kernel = xp.memory().kernel;
    const own = laidHandles().pages;
    for (const p of PROCESSES)
      for (const body of [p.eprocess, ...p.threads.map((t) => t.ethread)]) {
        const mine = own.read(body - 0x18, 0x18);
        if (mine === null) continue;
        expect(kernel.read(body - 0x18, 0x18), body.toString(16)).toEqual(mine);
      }
  });
});
