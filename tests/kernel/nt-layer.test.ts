/**
 * The user-mode API layer: Win32 → Nt services → I/O manager → IRPs, with the
 * caller's buffers placed by transfer type, pending and cancel, handles per
 * process, the store while no file system is mounted, and Win32 errors.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows, type Kernel } from '../../src/kernel/nt.ts';
import { registerModule } from '../../src/kernel/drivers/modules.ts';
import { installSamplePackage } from '../../src/kernel/drivers/samples.ts';
import {
  CTL_CODE,
  DO_BUFFERED_IO,
  DO_DIRECT_IO,
  FILE_DEVICE_UNKNOWN,
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  IRP_SYNCHRONOUS_API,
  METHOD_BUFFERED,
  METHOD_IN_DIRECT,
  METHOD_NEITHER,
  METHOD_OUT_DIRECT,
  type Irp,
  type ModuleCode,
} from '../../src/kernel/io/types.ts';
import { STATUS_ACCESS_DENIED, STATUS_CANCELLED, STATUS_PENDING, STATUS_SUCCESS } from '../../src/kernel/status.ts';
import type { Nt } from '../../src/kernel/nt-api.ts';
import {
  CREATE_ALWAYS,
  CREATE_NEW,
  FileEndOfFileInfo,
  INVALID_HANDLE_VALUE,
  Kernel32,
  OPEN_EXISTING,
  dosPathToNtPath,
} from '../../src/kernel/user/kernel32.ts';
import { FILE_SHARE_READ, GENERIC_READ, GENERIC_WRITE } from '../../src/kernel/io/filedefs.ts';
import { win32Message } from '../../src/kernel/win32.ts';

const IOCTL = (method: number) => CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + method, method, 0);
const IOCTL_PEND = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x910, METHOD_BUFFERED, 0);
const IOCTL_PEND_FOREVER = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x911, METHOD_BUFFERED, 0);

const seen: { major: number; where: string; irp: Irp; flags: number; process: number | undefined }[] = [];

function complete(nt: Nt, irp: Irp, status: number, info: number): number {
  irp.IoStatus.Status = status;
  irp.IoStatus.Information = info;
  nt.IoCompleteRequest(irp, 0);
  return status;
}

/** Where the driver finds the caller's data for each transfer type (as a driver must). */
function dataAddress(nt: Nt, irp: Irp, device: { Flags: number }, major: number): string | null {
  if (major === IRP_MJ_DEVICE_CONTROL) {
    const method = Number(nt.IoGetCurrentIrpStackLocation(irp).Parameters['IoControlCode']) & 3;
    if (method === METHOD_BUFFERED) return irp.SystemBuffer;
    if (method === METHOD_NEITHER) return irp.UserBuffer;
    return nt.MmGetSystemAddressForMdlSafe(irp.MdlAddress);
  }
  if (device.Flags & DO_BUFFERED_IO) return irp.SystemBuffer;
  if (device.Flags & DO_DIRECT_IO) return nt.MmGetSystemAddressForMdlSafe(irp.MdlAddress);
  return irp.UserBuffer;
}

const lt: ModuleCode = {
  name: 'ntlt',
  file: 'ntlt.sys',
  linkDate: 1295531700,
  imageSize: 0x5000,
  DriverEntry(nt, drv) {
    for (const [name, flags] of [
      ['LtBuffered', DO_BUFFERED_IO],
      ['LtDirect', DO_DIRECT_IO],
      ['LtNeither', 0],
    ] as const) {
      const { device } = nt.IoCreateDevice(drv, `\\Device\\${name}`, FILE_DEVICE_UNKNOWN, 0, false);
      if (!device) return 0xc0000001;
      device.Flags = (device.Flags | flags) & ~0x80;
      nt.IoCreateSymbolicLink(`\\DosDevices\\${name}`, `\\Device\\${name}`);
    }
    for (const m of [IRP_MJ_CREATE, IRP_MJ_CLOSE, IRP_MJ_CLEANUP, IRP_MJ_READ, IRP_MJ_WRITE, IRP_MJ_DEVICE_CONTROL]) drv.MajorFunction[m] = 'ntlt!Dispatch';
    return STATUS_SUCCESS;
  },
  dispatch: {
    Dispatch(nt, device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const major = loc.MajorFunction;
      const origin = irp.Origin.kind === 'user' ? (irp.Origin.process ?? undefined) : undefined;
      if (major === IRP_MJ_READ || major === IRP_MJ_WRITE) {
        const at = dataAddress(nt, irp, device, major) ?? '0';
        seen.push({ major, where: at, irp, flags: irp.Flags, process: origin });
        const length = Number(loc.Parameters['Length']);
        if (major === IRP_MJ_READ) nt.WriteMemory(at, new TextEncoder().encode('abcdefghijklmnop'.slice(0, length)));
        else device.DeviceExtension['last'] = new TextDecoder().decode(nt.ReadMemory(at, length));
        return complete(nt, irp, STATUS_SUCCESS, length);
      }
      if (major === IRP_MJ_DEVICE_CONTROL) {
        const code = Number(loc.Parameters['IoControlCode']);
        if (code === IOCTL_PEND || code === IOCTL_PEND_FOREVER) {
          nt.IoMarkIrpPending(irp);
          nt.IoSetCancelRoutine(irp, 'ntlt!Cancel');
          if (code === IOCTL_PEND) nt.KeSetTimer(250, 'ntlt!Timer', irp.id);
          return STATUS_PENDING;
        }
        const inLen = Number(loc.Parameters['InputBufferLength']);
        const outLen = Number(loc.Parameters['OutputBufferLength']);
        const method = code & 3;
        const input = method === METHOD_NEITHER ? String(loc.Parameters['Type3InputBuffer']) : (irp.SystemBuffer ?? '0');
        const text = new TextDecoder().decode(nt.ReadMemory(input, inLen));
        const out = dataAddress(nt, irp, device, major) ?? '0';
        seen.push({ major, where: out, irp, flags: irp.Flags, process: origin });
        const reply = new TextEncoder().encode(text.split('').reverse().join('').slice(0, outLen));
        nt.WriteMemory(out, reply);
        return complete(nt, irp, STATUS_SUCCESS, reply.length);
      }
      if (major === IRP_MJ_CREATE && nt.IoGetCurrentIrpStackLocation(irp).FileObject !== null) {
        const file = nt.fileObject(loc.FileObject ?? 0);
        if (file?.FileName === '\\deny') return complete(nt, irp, STATUS_ACCESS_DENIED, 0);
      }
      return complete(nt, irp, STATUS_SUCCESS, 0);
    },
  },
  cancel: {
    Cancel(nt, _device, irp) {
      nt.IoReleaseCancelSpinLock(0);
      complete(nt, irp, STATUS_CANCELLED, 0);
    },
  },
  dpc: {
    Timer(nt, context) {
      const irp = nt.irp(Number(context));
      if (!irp || nt.IoSetCancelRoutine(irp, null) === null) return;
      nt.WriteMemory(irp.SystemBuffer ?? '0', new TextEncoder().encode('late'));
      complete(nt, irp, STATUS_SUCCESS, 4);
    },
  },
};
registerModule(lt);

function booted(): Kernel {
  const k = bootWindows(new Machine({ seed: 7 }), { debugPrintFilter: 0xf });
  installSamplePackage(k, 'C:\\Drivers');
  k.fs.write('C:\\Drivers\\ntlt.sys', { size: 4096, written: 0, content: null, image: 'ntlt' });
  k.scm.create({ name: 'ntlt', type: 1, start: 3, error: 1, binPath: 'C:\\Drivers\\ntlt.sys', displayName: null, group: null, depend: [] });
  expect(k.scm.start('ntlt')).toBe(0);
  return k;
}

/** Run `fn` as a program of its own (a tool's process), as the console does. */
function asTool<T>(k: Kernel, fn: (api: Kernel32) => T): T {
  k.ps.startTool('ntlt.exe', 'ntlt');
  try {
    return fn(new Kernel32(k));
  } finally {
    k.ps.endTool();
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('the Win32 → Nt → I/O manager path', () => {
  it('DOS paths become NT paths as RtlDosPathNameToNtPathName does', () => {
    expect(dosPathToNtPath('\\\\.\\SwLegacy')).toBe('\\??\\SwLegacy');
    expect(dosPathToNtPath('C:\\dir\\file.txt')).toBe('\\??\\C:\\dir\\file.txt');
    expect(dosPathToNtPath('file.txt', 'C:\\Users')).toBe('\\??\\C:\\Users\\file.txt');
    expect(dosPathToNtPath('C:\\x\\nul.txt')).toBe('\\??\\NUL');
    expect(dosPathToNtPath('\\\\server\\share\\f')).toBe('\\??\\UNC\\server\\share\\f');
    expect(dosPathToNtPath('')).toBeNull();
  });

  it('read and write place the caller buffer by the device transfer type', () => {
    const k = booted();
    seen.length = 0;
    const results = asTool(k, (api) =>
      (['LtBuffered', 'LtDirect', 'LtNeither'] as const).map((name) => {
        const h = api.CreateFileW(`\\\\.\\${name}`, GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
        expect(h).not.toBe(INVALID_HANDLE_VALUE);
        const r = api.ReadFile(h, 6);
        const w = api.WriteFile(h, bytes('hello'));
        expect(api.CloseHandle(h)).toBe(true);
        return { r, w };
      }),
    );
    expect(results.map((x) => text(x.r.data))).toEqual(['abcdef', 'abcdef', 'abcdef']);
    expect(results.every((x) => x.w.ok && x.w.written === 5)).toBe(true);
    const reads = seen.filter((s) => s.major === IRP_MJ_READ);
    // Buffered: a system buffer in nonpaged pool; direct: the MDL's system mapping; neither: the user buffer itself.
    expect(BigInt('0x' + reads[0].where) >= 0xffff080000000000n).toBe(true);
    expect(reads[1].where.startsWith('fffff880')).toBe(true);
    expect(reads[2].where).toBe(results[2].r.buffer);
    expect(reads.every((s) => (s.flags & IRP_SYNCHRONOUS_API) !== 0)).toBe(true);
    const devices = ['LtBuffered', 'LtDirect', 'LtNeither'].map((n) => k.io.state.devices[k.ob.lookup(`\\Device\\${n}`).id]);
    expect(devices.map((d) => d.DeviceExtension['last'])).toEqual(['hello', 'hello', 'hello']);
    // Everything the requests allocated is gone again: IRPs, system buffers, MDLs, file objects, handles.
    expect(Object.keys(k.io.state.irps)).toEqual([]);
    expect(Object.keys(k.fileIo.state.mdls)).toEqual([]);
    expect(Object.keys(k.io.state.files)).toEqual([]);
    expect(Object.values(k.buffers.state.buffers).filter((b) => b.space === 'kernel')).toEqual([]);
  });

  it('each IOCTL method puts the buffers where Windows puts them', () => {
    const k = booted();
    seen.length = 0;
    const out = asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtNeither', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
      const r = [METHOD_BUFFERED, METHOD_IN_DIRECT, METHOD_OUT_DIRECT, METHOD_NEITHER].map((m) => api.DeviceIoControl(h, IOCTL(m), bytes('stressed'), 16));
      api.CloseHandle(h);
      return r;
    });
    expect(out.map((r) => text(r.data))).toEqual(['desserts', 'desserts', 'desserts', 'desserts']);
    expect(BigInt('0x' + seen[0].where) >= 0xffff080000000000n).toBe(true);
    expect(seen[1].where.startsWith('fffff880')).toBe(true);
    expect(seen[2].where.startsWith('fffff880')).toBe(true);
    expect(seen[3].where).toBe(out[3].output);
    expect(seen.every((s) => s.process !== undefined && s.process !== 0x698)).toBe(true);
  });

  it('a pending IRP completes from a timer DPC while the synchronous caller waits', () => {
    const k = booted();
    const t0 = k.machine.clock.now();
    const r = asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
      return api.DeviceIoControl(h, IOCTL_PEND, null, 8);
    });
    expect(r.ok).toBe(true);
    expect(text(r.data)).toBe('late');
    expect(k.machine.clock.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('CancelIo on an overlapped handle runs the driver cancel routine; the request ends with ERROR_OPERATION_ABORTED', () => {
    const k = booted();
    asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0x40000000);
      const ov = { offset: 0 };
      const r = api.DeviceIoControl(h, IOCTL_PEND_FOREVER, null, 8, ov);
      expect(r.ok).toBe(false);
      expect(api.GetLastError()).toBe(997);
      expect(Object.values(k.io.state.irps).some((i) => i.CancelRoutine === 'ntlt!Cancel')).toBe(true);
      expect(api.CancelIo(h)).toBe(true);
      const done = api.GetOverlappedResult(ov);
      expect(done.ok).toBe(false);
      expect(api.GetLastError()).toBe(995);
      expect(win32Message(995)).toContain('aborted');
    });
    expect(Object.keys(k.io.state.irps)).toEqual([]);
  });

  it('a program that exits with a request pending has it cancelled and its handles closed', () => {
    const k = booted();
    asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ, 0, OPEN_EXISTING, 0x40000000);
      api.DeviceIoControl(h, IOCTL_PEND_FOREVER, null, 8, { offset: 0 });
    });
    expect(Object.keys(k.io.state.irps)).toEqual([]);
    expect(Object.keys(k.io.state.files)).toEqual([]);
    const dev = k.io.state.devices[k.ob.lookup('\\Device\\LtBuffered').id];
    expect(dev.ReferenceCount).toBe(0);
  });

  it('handles belong to the process: another process cannot use them, and the count follows', () => {
    const k = booted();
    k.ps.startTool('a.exe', 'a');
    const a = new Kernel32(k);
    const pid = k.ps.requestor()?.pid ?? 0;
    const before = k.ps.process(pid)?.handleCount ?? 0;
    const h = a.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ, 0, OPEN_EXISTING, 0);
    expect(k.ps.process(pid)?.handleCount).toBe(before + 1);
    expect(k.files.handlesOf(pid).map((e) => e.handle)).toEqual([h]);
    k.ps.endTool();
    k.ps.startTool('b.exe', 'b');
    const b = new Kernel32(k);
    expect(b.CloseHandle(h)).toBe(false);
    expect(b.GetLastError()).toBe(6);
    expect(b.ReadFile(h, 4).ok).toBe(false);
    expect(b.GetLastError()).toBe(6);
    k.ps.endTool();
  });

  it('driver and name failures come back as the Win32 errors Windows maps them to', () => {
    const k = booted();
    asTool(k, (api) => {
      expect(api.CreateFileW('\\\\.\\NoSuchDevice', GENERIC_READ, 0, OPEN_EXISTING, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(2);
      expect(api.CreateFileW('\\\\.\\LtBuffered\\deny', GENERIC_READ, 0, OPEN_EXISTING, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(5);
      expect(api.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ, 0, 9, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(87);
      // Opened for reading only: a write is refused by the I/O manager before any IRP.
      const h = api.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ, 0, OPEN_EXISTING, 0);
      expect(api.WriteFile(h, bytes('x')).ok).toBe(false);
      expect(api.GetLastError()).toBe(5);
      // SwLegacy has no read routine: IopInvalidDeviceRequest, "Incorrect function."
      api.CloseHandle(h);
    });
  });

  it('the name left after the device is the file object name the driver sees', () => {
    const k = booted();
    const names: string[] = [];
    asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtBuffered\\some\\name', GENERIC_READ, 0, OPEN_EXISTING, 0);
      const file = Object.values(k.io.state.files)[0];
      names.push(file.FileName);
      api.CloseHandle(h);
    });
    expect(names).toEqual(['\\some\\name']);
  });

  it('with no file system mounted, C: files are served from the store with real dispositions and locks', () => {
    const k = booted();
    k.fileIo.dismount(k.ob.lookup('\\Device\\HarddiskVolume2').id);
    asTool(k, (api) => {
      const h = api.CreateFileW('C:\\Users\\student\\a.txt', GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, CREATE_NEW, 0);
      expect(h).not.toBe(INVALID_HANDLE_VALUE);
      expect(api.WriteFile(h, bytes('hello world')).ok).toBe(true);
      expect(api.CreateFileW('C:\\Users\\student\\a.txt', GENERIC_READ, 0, CREATE_NEW, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(80);
      // The other opener did not allow writers: a second writer is a sharing violation.
      expect(api.CreateFileW('C:\\Users\\student\\a.txt', GENERIC_WRITE, 3, OPEN_EXISTING, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(32);
      const r = api.CreateFileW('C:\\Users\\student\\a.txt', GENERIC_READ, 3, OPEN_EXISTING, 0);
      expect(api.LockFileEx(h, 3, 0, 5)).toBe(true);
      expect(api.ReadFile(r, 5).ok).toBe(false);
      expect(api.GetLastError()).toBe(33);
      expect(api.UnlockFileEx(h, 0, 5)).toBe(true);
      expect(api.UnlockFileEx(h, 0, 5)).toBe(false);
      expect(api.GetLastError()).toBe(158);
      expect(text(api.ReadFile(r, 100).data)).toBe('hello world');
      expect(api.ReadFile(r, 100)).toMatchObject({ ok: true });
      const eof = new Uint8Array(8);
      eof[0] = 5;
      expect(api.SetFileInformationByHandle(h, FileEndOfFileInfo, eof)).toBe(true);
      api.CloseHandle(r);
      api.CloseHandle(h);
      expect(api.CreateFileW('C:\\nodir\\x.txt', GENERIC_WRITE, 0, CREATE_ALWAYS, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(3);
      expect(api.CreateFileW('C:\\Users\\student\\none.txt', GENERIC_READ, 0, OPEN_EXISTING, 0)).toBe(INVALID_HANDLE_VALUE);
      expect(api.GetLastError()).toBe(2);
    });
    expect(k.fs.file('C:\\Users\\student\\a.txt')?.content).toBe('hello');
  });

  it('a breakpoint-visible system call: nt!NtCreateFile runs in the calling program process', () => {
    const k = booted();
    const hits: { routine: string | null; pid: number | undefined }[] = [];
    const prev = k.ke.onEnter;
    k.ke.onEnter = (frame) => {
      if (frame.routine?.startsWith('nt!Nt')) hits.push({ routine: frame.routine, pid: k.ps.requestor()?.pid });
      prev?.(frame);
    };
    const pid = asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtBuffered', GENERIC_READ, 0, OPEN_EXISTING, 0);
      api.ReadFile(h, 2);
      api.CloseHandle(h);
      return k.ps.requestor()?.pid;
    });
    expect(hits.map((h) => h.routine)).toEqual(['nt!NtCreateFile', 'nt!NtReadFile', 'nt!NtClose']);
    expect(hits.every((h) => h.pid === pid && pid !== 0x698)).toBe(true);
  });

  it('the IRP in memory shows the buffers and the file object its name', () => {
    const k = booted();
    let snapshot: { sys: bigint; user: bigint; flags: bigint; name: string } | null = null;
    asTool(k, (api) => {
      const h = api.CreateFileW('\\\\.\\LtBuffered\\abc', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0x40000000);
      api.DeviceIoControl(h, IOCTL_PEND_FOREVER, bytes('xy'), 8, { offset: 0 });
      const irp = Object.values(k.io.state.irps)[0];
      const read = (off: number) =>
        new DataView((k.mm.read('kernel', BigInt('0x' + irp.Address) + BigInt(off), 8) ?? new Uint8Array(8)).buffer).getBigUint64(0, true);
      const file = Object.values(k.io.state.files)[0];
      const fo = BigInt('0x' + file.Address);
      const nameBuf = new DataView((k.mm.read('kernel', fo + 0x60n, 8) ?? new Uint8Array(8)).buffer).getBigUint64(0, true);
      const name = new TextDecoder('utf-16le').decode(k.mm.read('kernel', nameBuf, 8) ?? new Uint8Array(0));
      snapshot = { sys: read(0x18), user: read(0x70), flags: read(0x10) & 0xffffffffn, name };
      expect(read(0x18)).toBe(BigInt('0x' + (irp.SystemBuffer ?? '0')));
      api.CancelIo(h);
      api.CloseHandle(h);
    });
    expect(snapshot).not.toBeNull();
    expect(snapshot!.name).toBe('\\abc');
    expect(snapshot!.sys > 0n && snapshot!.user > 0n && snapshot!.user < 0x80000000000n).toBe(true);
    expect(snapshot!.flags & 0x30n).toBe(0x30n);
  });
});
