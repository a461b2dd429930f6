import { describe, expect, it } from 'vitest';
import { win7X64NtTypes, win7X64TypeDatabase } from '../../src/kernel/types/win7-x64.ts';
import { fieldSlot } from '../../src/kernel/mm/layout.ts';

describe('the Windows 7 x64 type database', () => {
  const db = win7X64TypeDatabase();
  const nt = win7X64NtTypes();

  it('keeps every field inside its structure, and every structure fits what embeds it', () => {
    const bad: string[] = [];
    for (const name of [...nt.names(), ...['<unnamed-tag>#irptail', '<unnamed-tag>#iosparams']]) {
      const def = nt.get(name);
      if (!def || def.kind === 'enum') continue;
      for (const f of def.fields) {
        const size = db.sizeOf('nt', f.type);
        if (f.offset + size > def.size) bad.push(`${name}.${f.name} at 0x${f.offset.toString(16)} + 0x${size.toString(16)} > 0x${def.size.toString(16)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has the offsets the debugger and the extensions rely on', () => {
    const at = (type: string, path: string) => fieldSlot(db, 'nt', type, path)?.offset;
    expect(at('_EPROCESS', 'UniqueProcessId')).toBe(0x180);
    expect(at('_EPROCESS', 'ActiveProcessLinks')).toBe(0x188);
    expect(at('_EPROCESS', 'ImageFileName')).toBe(0x2e0);
    expect(at('_EPROCESS', 'Peb')).toBe(0x338);
    expect(at('_EPROCESS', 'ThreadListHead')).toBe(0x308);
    expect(at('_ETHREAD', 'Cid.UniqueThread')).toBe(0x3b8);
    expect(at('_ETHREAD', 'ThreadListEntry')).toBe(0x420);
    expect(at('_KTHREAD', 'ApcState.Process')).toBe(0x70);
    expect(at('_KTHREAD', 'TrapFrame')).toBe(0x1d8);
    expect(at('_KPCR', 'Prcb.CurrentThread')).toBe(0x188);
    expect(at('_DRIVER_OBJECT', 'MajorFunction[27]')).toBe(0x70 + 27 * 8);
    expect(at('_DEVICE_OBJECT', 'DeviceObjectExtension')).toBe(0x138);
    expect(at('_IRP', 'Tail.Overlay.CurrentStackLocation')).toBe(0xb8);
    expect(at('_IRP', 'Tail.Overlay.Thread')).toBe(0x98);
    expect(at('_IO_STACK_LOCATION', 'Parameters.DeviceIoControl.IoControlCode')).toBe(0x18);
    expect(at('_IO_STACK_LOCATION', 'Parameters.Power.State')).toBe(0x18);
    expect(at('_DEVICE_NODE', 'InstancePath')).toBe(0x28);
    expect(at('_DEVICE_NODE', 'StateHistory[19]')).toBe(0xe8 + 19 * 4);
    expect(at('_OBJECT_HEADER', 'Body')).toBe(0x30);
    expect(at('_LDR_DATA_TABLE_ENTRY', 'BaseDllName')).toBe(0x58);
    for (const [type, size] of [
      ['_EPROCESS', 0x4d0],
      ['_ETHREAD', 0x498],
      ['_KTHREAD', 0x360],
      ['_KPROCESS', 0x160],
      ['_IRP', 0xd0],
      ['_FILE_OBJECT', 0xd8],
      ['_DEVICE_NODE', 0x268],
      ['_TEB', 0x1818],
      ['_PEB', 0x380],
    ] as const) {
      expect(nt.get(type)?.size, type).toBe(size);
    }
  });
});
