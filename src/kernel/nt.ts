/**
 * The simulated Windows 7 kernel attached to a Machine: subsystems laid out as
 * in NT (ob, cm, io, pnp, po, ke, rtl) plus the SCM and a C: volume. Every
 * subsystem registers its plain-data state with the machine, so
 * Machine.snapshot()/restore() capture the whole system.
 */
import { readVerifierSettings } from './io/verifier.ts';
import type { Machine, Snapshottable } from './machine.ts';
import { BootConfiguration } from './boot/bcd.ts';
import './events.ts';
import './fs/events.ts';
import { ObjectManager } from './ob/namespace.ts';
import { VirtualMemory } from './mm/memory.ts';
import { Pool } from './mm/pool.ts';
import { ProcessManager } from './ps/ps.ts';
import { PsMemory } from './ps/memory.ts';
import { KdStub } from './kd/kd.ts';
import { writeCrashDump } from './ke/crashdump.ts';
import { SystemImages } from './mm/images.ts';
import { ObjectMemory } from './ob/memory.ts';
import { IoMemory } from './io/memory.ts';
import { PnpMemory } from './pnp/memory.ts';
import { Registry, hklm, serviceKey } from './cm/registry.ts';
import { CmMemory } from './cm/kcb.ts';
import { FileStore } from './fs/files.ts';
import { NtfsVolume } from './fs/volume.ts';
import { bindFileSystem } from './fs/ntfsfsd.ts';
import { FltMemory } from './flt/memory.ts';
import { is32bitProcess } from './io/fsrequests.ts';
import { FilterManager, bindFilterManager } from './flt/fltmgr.ts';
import { setupInboxMinifilters } from './flt/inbox.ts';
import { IoManager } from './io/iomgr.ts';
import { Invoker, routineAddress } from './io/invoke.ts';
import { IrpEngine } from './io/irp.ts';
import { FileIo } from './io/fileio.ts';
import { FileServices } from './io/ntfile.ts';
import { DataBuffers } from './mm/buffers.ts';
import { HandleTables } from './ob/handles.ts';
import { Timers } from './ke/timers.ts';
import { Loader, driverObjectName } from './io/loader.ts';
import { PnpManager } from './pnp/pnpmgr.ts';
import { DeviceInterfaces } from './pnp/interfaces.ts';
import { PowerManager } from './po/power.ts';
import { Ke, callSite } from './ke/ke.ts';
import { DebugPrint } from './rtl/dbgprint.ts';
import { ServiceControlManager } from './services/scm.ts';
import { Nt } from './nt-api.ts';
import { moduleCode } from './drivers/modules.ts';
import { GUID_DEVCLASS_SYSTEM } from './drivers/guids.ts';
import type { Irp } from './io/types.ts';
import { RtlNtStatusToDosError, STATUS_SUCCESS, hex8, type NTSTATUS } from './status.ts';

export interface BootOptions {
  /** Debug Print Filter\DEFAULT (e.g. 0xF so DbgPrint output is kept, as driver developers set it). */
  debugPrintFilter?: number;
  /** Wall-clock time at boot, ms since 1970 (file times, dir). */
  bootTime?: number;
  /**
   * `testsigning Yes` in the boot configuration (default true: a driver developer's test
   * machine, where the test-signed sample drivers load).
   */
  testSigning?: boolean;
  /** `debug Yes` in the boot configuration (default false). */
  debug?: boolean;
}

const kernels = new WeakMap<Machine, Kernel>();

export class Kernel {
  readonly machine: Machine;
  readonly ke: Ke;
  /** Virtual memory as a debugger reads it: bytes computed from the subsystems' state. */
  readonly mm: VirtualMemory;
  readonly pool: Pool;
  /** Loaded kernel images, their symbols and PsLoadedModuleList. */
  readonly images: SystemImages;
  /** Object headers and bodies as bytes; a subsystem registers the bodies of its object types here. */
  readonly obMemory: ObjectMemory;
  readonly ob: ObjectManager;
  readonly ps: ProcessManager;
  /** Processes and threads as bytes (EPROCESS, ETHREAD, PEB, stacks…). */
  readonly psMemory: PsMemory;
  /** The kernel debugger stub: attach state, breakpoints, stops. */
  readonly kd: KdStub;
  readonly cm: Registry;
  readonly fs: FileStore;
  /** The file system on C: (what Ntfs.sys keeps per stream and per open). */
  readonly ntfs: NtfsVolume;
  /** The Filter Manager: minifilters, instances, contexts. */
  readonly flt: FilterManager;
  readonly io: IoManager;
  readonly irp: IrpEngine;
  readonly fileIo: FileIo;
  /** The Nt file services (NtCreateFile…) as a program's system calls reach them. */
  readonly files: FileServices;
  /** Buffers with contents: user heap blocks, system buffers, MDL mappings. */
  readonly buffers: DataBuffers;
  /** Per-process handle tables. */
  readonly handles: HandleTables;
  /** Kernel timers and their DPCs; the current IRQL. */
  readonly timers: Timers;
  readonly pnp: PnpManager;
  readonly interfaces: DeviceInterfaces;
  readonly po: PowerManager;
  readonly rtl: DebugPrint;
  readonly scm: ServiceControlManager;
  readonly loader: Loader;
  readonly invoke: Invoker;
  readonly nt: Nt;
  readonly bcd: BootConfiguration;
  /** The subsystems registered with the machine (a restart replaces them). */
  readonly parts: readonly Snapshottable[];

  constructor(machine: Machine, options: BootOptions = {}) {
    this.machine = machine;
    this.ke = new Ke(machine, options.bootTime ?? Date.UTC(2011, 1, 14, 8, 30, 0));
    this.mm = new VirtualMemory();
    this.pool = new Pool(machine.rng.int(0, 0x3f));
    this.mm.addProvider(this.pool);
    this.images = new SystemImages(this);
    this.mm.addProvider(this.images);
    this.mm.addProvider(this.images.entries);
    this.ob = new ObjectManager(machine, this.pool);
    this.kd = new KdStub();
    this.psMemory = new PsMemory(this);
    this.ps = new ProcessManager(
      machine,
      this.pool,
      (type) => this.ob.get(this.ob.create(type, null).id)?.Address ?? '0',
      (address) => {
        const h = Object.values(this.ob.state.objects).find((o) => o.Address === address);
        if (h) this.ob.delete(h.id);
      },
    );
    this.cm = new Registry();
    const serial = machine.rng.nextU32().toString(16).toUpperCase().padStart(8, '0');
    this.fs = new FileStore(`${serial.slice(0, 4)}-${serial.slice(4)}`);
    this.io = new IoManager(this);
    this.ntfs = new NtfsVolume(this.fs, () => this.now());
    this.flt = new FilterManager(this);
    this.irp = new IrpEngine(this);
    this.fileIo = new FileIo(this);
    this.files = new FileServices(this);
    this.buffers = new DataBuffers();
    this.buffers.changed = () => this.mm.invalidate();
    this.mm.addProvider(this.buffers);
    this.handles = new HandleTables(this.ps);
    this.timers = new Timers(this);
    this.ps.exiting = (pid, entry) => this.files.processExit(pid, entry);
    this.pnp = new PnpManager(this);
    this.interfaces = new DeviceInterfaces(this);
    this.po = new PowerManager(this);
    this.rtl = new DebugPrint();
    this.scm = new ServiceControlManager(this);
    this.loader = new Loader(this);
    this.invoke = new Invoker(this);
    this.nt = new Nt(this);
    bindFilterManager(this.nt, this.flt);
    bindFileSystem(this.nt, {
      volume: this.ntfs,
      buffers: new Map(),
      completePended: (irpId, status) => this.fsdComplete(irpId, status),
      mounted: (device) => {
        // Ntfs's device carries the volume's name here: the volume and the file system's device are one.
        this.fileIo.mount(device.id, device.id);
        this.flt.volumeMounted(device);
      },
      callerBytes: (irp, length) => this.callerBytes(irp, length),
      putCallerBytes: (irp, data) => this.putCallerBytes(irp, data),
      fileName: (fo) => this.io.state.files[fo]?.FileName ?? '',
      is32bit: (irp) => irp.Origin.kind === 'user' && is32bitProcess(this, irp.Origin.process ?? null),
    });
    this.ntfs.onLockDone = (lock, status) => {
      if (lock.irp !== undefined) this.fsdComplete(lock.irp, status);
    };
    this.ntfs.onDeleted = (d) => machine.events.emit('fs.deleted', { path: d.path, stream: d.stream, atClose: d.atClose });
    this.bcd = new BootConfiguration({ testSigning: options.testSigning ?? true, debug: options.debug ?? false });
    // The objects' bytes, computed from the subsystems' records on each read.
    this.obMemory = new ObjectMemory(this);
    this.mm.addProvider(this.obMemory);
    this.mm.addProvider(new IoMemory(this, this.obMemory));
    this.mm.addProvider(new CmMemory(this, this.obMemory));
    this.mm.addProvider(new PnpMemory(this));
    this.mm.addProvider(new FltMemory(this));
    this.mm.addProvider(this.psMemory);
    this.mm.addProvider(this.psMemory.regions);
    this.ke.addressOf = (frame) => {
      const start = routineAddress(this, frame.routine ?? `${frame.module}!DriverEntry`);
      return (BigInt('0x' + start) + 0x2fn).toString(16).padStart(16, '0');
    };
    this.kd.resolve = (expression) => {
      const at = this.images.symbolAddress(expression);
      return at === null ? null : at.toString(16).padStart(16, '0');
    };
    this.ke.onEnter = (frame) => {
      if (!this.kd.attached || !frame.routine) return;
      const { thread, process, processor } = this.runningThread();
      const depth = this.ke.depth;
      this.kd.entered(routineAddress(this, frame.routine), thread, process, depth, () => ({
        processor,
        thread,
        process,
        frames: this.ke.stack(),
        args: frame.args ?? [],
        irql: this.timers.irql,
        depth,
      }));
    };
    // A step may end where a routine returns into its caller: just after the caller's call.
    this.ke.onLeave = (_frame, result) => {
      if (!this.kd.state.step || !this.kd.attached) return;
      const frames = this.ke.stack();
      if (frames.length === 0) return;
      const { thread, process, processor } = this.runningThread();
      const depth = this.ke.depth;
      const ret = typeof result === 'number' ? (result >>> 0).toString(16).padStart(16, '0') : undefined;
      this.kd.returned(thread, depth, () => ({
        processor,
        thread,
        process,
        frames: [frames[0].includes('+') ? frames[0] : callSite(frames[0]), ...frames.slice(1)],
        args: [],
        irql: this.timers.irql,
        depth,
        ...(ret === undefined ? {} : { ret }),
      }));
    };
    // After a bug check the machine writes its kernel memory dump (CrashDumpEnabled = 2).
    this.ke.bugChecked = (data, stack) => {
      // The crashing processor stops in KeBugCheckEx on the thread that crashed: the dump records it so.
      const { thread, process } = this.runningThread();
      const stop = {
        kind: 'bugcheck' as const,
        breakpoint: null,
        processor: 0,
        thread,
        process,
        frames: [...stack],
        args: [data.code.toString(16).padStart(16, '0'), ...data.params.slice(0, 3)],
        irql: this.timers.irql,
      };
      // With a kernel debugger attached, KeBugCheckEx stops in it first.
      if (this.kd.attached) this.kd.halt(stop);
      this.kd.state.stop = stop;
      writeCrashDump(this);
      this.kd.state.stop = null;
    };
    let inCallback = false;
    this.cm.observer = (op, path, value) => {
      if (inCallback) return;
      const callbacks = Object.values(this.cm.state.callbacks);
      if (callbacks.length === 0) return;
      inCallback = true;
      try {
        for (const cb of callbacks) this.invoke.registry(cb.routine, cb.context, op, { path, value });
      } finally {
        inCallback = false;
      }
    };
    this.parts = [
      this.ke,
      this.mm,
      this.pool,
      this.images,
      this.ob,
      this.ps,
      this.kd,
      this.cm,
      this.fs,
      this.io,
      this.pnp,
      this.po,
      this.rtl,
      this.scm,
      this.bcd,
      this.fileIo,
      this.buffers,
      this.handles,
      this.timers,
      this.ntfs,
      this.flt,
    ];
    for (const part of this.parts) machine.register(part);
  }

  /** Wall-clock now (ms since 1970): boot time plus the virtual clock. */
  now(): number {
    return this.ke.state.bootTime + this.machine.clock.now();
  }

  get halted() {
    return this.ke.state.halted;
  }

  /**
   * The thread running on processor 0 now: a console tool's thread during a system call,
   * a System worker thread for kernel work, else the idle thread.
   */
  runningThread(): { thread: string; process: string; processor: number } {
    const tool = this.ps.requestor();
    if (this.ke.inSystemThread || !tool) {
      const system = this.ps.process(4);
      const worker = system ? this.ps.threadsOf(system)[1] : undefined;
      return {
        thread: worker?.ethread ?? this.ps.state.idleThreads[0],
        process: system?.eprocess ?? this.ps.state.idleProcess,
        processor: worker?.processor ?? 0,
      };
    }
    const main = this.ps.threadsOf(tool)[0];
    return { thread: main?.ethread ?? '0', process: tool.eprocess, processor: main?.processor ?? 0 };
  }

  /** Where an I/O manager's IRP keeps the caller's data: its system buffer, its MDL's pages, or the user buffer in the requestor's space. */
  private callerBuffer(irp: Irp): { space: number | 'kernel'; address: bigint } | null {
    if (irp.SystemBuffer !== null) return { space: 'kernel', address: BigInt('0x' + irp.SystemBuffer) };
    const mdl = irp.MdlAddress !== null ? this.fileIo.mdl(irp.MdlAddress) : undefined;
    if (mdl) return { space: mdl.process, address: BigInt('0x' + mdl.va) };
    // A kernel-mode request (no requesting process) passes a system-space buffer.
    const process = irp.Origin.kind === 'user' ? (irp.Origin.process ?? 'kernel') : null;
    if (irp.UserBuffer && process !== null) return { space: process, address: BigInt('0x' + irp.UserBuffer) };
    return null;
  }

  private callerBytes(irp: Irp, length: number): Uint8Array | null {
    const at = this.callerBuffer(irp);
    return at && length > 0 ? this.mm.read(at.space, at.address, length) : null;
  }

  private putCallerBytes(irp: Irp, data: Uint8Array): void {
    const at = this.callerBuffer(irp);
    if (at && data.length > 0) this.mm.write(at.space, at.address, data);
  }

  /** Complete an IRP the file system pended (a waiting byte-range lock). */
  private fsdComplete(irpId: number, status: NTSTATUS): void {
    const irp = this.io.state.irps[irpId];
    if (!irp || irp.Completed) return;
    irp.IoStatus.Status = status;
    this.irp.complete(irp);
    this.machine.events.emit('fs.lockCompleted', { irp: irpId, status: hex8(status) });
    // The I/O manager frees its own requests when they complete (IopCompleteRequest).
    if (this.io.state.irps[irpId]) this.irp.free(irp);
  }

  /** Called by IoCompleteRequest when an IRP has completed all the way up. */
  irpCompleted(irp: Irp): void {
    if (irp.Origin.kind === 'power') this.po.completed(irp);
    else if (irp.Origin.kind === 'user') this.fileIo.completed(irp);
  }
}

/** The kernel attached to a machine, or null for a machine that was never booted. */
export function kernelOf(machine: Machine): Kernel | null {
  return kernels.get(machine) ?? null;
}

interface BootService {
  name: string;
  display: string;
  type: number;
  start: number;
  module: string | null;
  image: string;
}

const BOOT_SERVICES: BootService[] = [
  { name: 'Wdf01000', display: 'Kernel Mode Driver Frameworks service', type: 1, start: 0, module: 'wdf01000', image: 'system32\\DRIVERS\\Wdf01000.sys' },
  { name: 'FltMgr', display: 'FltMgr', type: 2, start: 0, module: 'fltmgr', image: 'system32\\drivers\\fltmgr.sys' },
  { name: 'FileInfo', display: 'File Information FS MiniFilter', type: 2, start: 0, module: 'fileinfo', image: 'system32\\drivers\\fileinfo.sys' },
  { name: 'Null', display: 'Null', type: 1, start: 1, module: 'null', image: 'system32\\DRIVERS\\Null.SYS' },
  { name: 'Beep', display: 'Beep', type: 1, start: 1, module: 'beep', image: 'system32\\DRIVERS\\Beep.SYS' },
  { name: 'Ntfs', display: 'Ntfs', type: 2, start: 3, module: 'ntfs', image: 'system32\\DRIVERS\\Ntfs.sys' },
  { name: 'umbus', display: 'UMBus Enumerator Driver', type: 1, start: 3, module: 'umbus', image: 'system32\\DRIVERS\\umbus.sys' },
  { name: 'swenum', display: 'Software Bus Driver', type: 1, start: 3, module: 'swenum', image: 'system32\\DRIVERS\\swenum.sys' },
  { name: 'luafv', display: 'UAC File Virtualization', type: 2, start: 2, module: 'luafv', image: 'system32\\drivers\\luafv.sys' },
];

const WIN32_SERVICES: { name: string; display: string; group: string; notStoppable: boolean }[] = [
  { name: 'Dhcp', display: 'DHCP Client', group: 'LocalServiceNetworkRestricted', notStoppable: false },
  { name: 'eventlog', display: 'Windows Event Log', group: 'LocalServiceNetworkRestricted', notStoppable: false },
  { name: 'PlugPlay', display: 'Plug and Play', group: 'DcomLaunch', notStoppable: true },
  { name: 'Power', display: 'Power', group: 'DcomLaunch', notStoppable: true },
  { name: 'RpcSs', display: 'Remote Procedure Call (RPC)', group: 'rpcss', notStoppable: true },
  { name: 'Themes', display: 'Themes', group: 'netsvcs', notStoppable: false },
];

/** Build and boot a Windows 7 kernel on `machine`: setup writes the files and registry, then the first boot. */
export function bootWindows(machine: Machine, options: BootOptions = {}): Kernel {
  const existing = kernels.get(machine);
  if (existing) return existing;
  const k = new Kernel(machine, options);
  kernels.set(machine, k);
  setupWindows(k, options);
  startWindows(k, true);
  return k;
}

/** What Windows setup left on the disk and in the registry. */
function setupWindows(k: Kernel, options: BootOptions): void {
  const boot = k.ke.state.bootTime - 86_400_000 * 30;
  k.fs.mkdir('C:\\Windows\\System32\\drivers', boot);
  k.fs.mkdir('C:\\Windows\\inf', boot);
  k.fs.mkdir('C:\\Users\\student', boot);
  k.fs.write('C:\\Windows\\System32\\svchost.exe', { size: 27_136, written: boot, content: null, image: null });
  k.fs.write('C:\\Windows\\System32\\services.exe', { size: 329_216, written: boot, content: null, image: null });
  // Registry: the Debug Print Filter and the services.
  k.cm.createKey(DEBUG_PRINT_FILTER);
  if (options.debugPrintFilter !== undefined) k.cm.setValue(DEBUG_PRINT_FILTER, 'DEFAULT', 'REG_DWORD', options.debugPrintFilter);
  for (const s of BOOT_SERVICES) {
    const key = serviceKey(s.name);
    k.cm.setValue(key, 'Type', 'REG_DWORD', s.type);
    k.cm.setValue(key, 'Start', 'REG_DWORD', s.start);
    k.cm.setValue(key, 'ErrorControl', 'REG_DWORD', 1);
    k.cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', s.image);
    k.cm.setValue(key, 'DisplayName', 'REG_SZ', s.display);
    const code = s.module ? moduleCode(s.module) : undefined;
    if (code)
      k.fs.write(`C:\\Windows\\${s.image.replace('DRIVERS', 'drivers')}`, {
        size: code.imageSize,
        written: code.linkDate * 1000,
        content: null,
        image: code.name,
      });
  }
  setupInboxMinifilters(k);
  for (const s of WIN32_SERVICES) {
    const key = serviceKey(s.name);
    k.cm.setValue(key, 'Type', 'REG_DWORD', 0x20);
    k.cm.setValue(key, 'Start', 'REG_DWORD', 2);
    k.cm.setValue(key, 'ErrorControl', 'REG_DWORD', 1);
    k.cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', `%SystemRoot%\\system32\\svchost.exe -k ${s.group}`);
    k.cm.setValue(key, 'DisplayName', 'REG_SZ', s.display);
    k.cm.setValue(key, 'ObjectName', 'REG_SZ', 'LocalSystem');
  }
}

const DEBUG_PRINT_FILTER = hklm('SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Debug Print Filter');

/**
 * The drivers the boot loads, in order: boot-start, then system-start, then the boot file
 * system, then auto-start (the in-box ones in their list order, the others by name).
 */
function bootDrivers(k: Kernel): string[] {
  const known = BOOT_SERVICES.map((s) => s.name);
  const names = k.scm.names().filter((n) => k.scm.isDriver(k.cm.dword(serviceKey(n), 'Type') ?? 0));
  const rank = (n: string) => {
    const i = known.findIndex((x) => x.toLowerCase() === n.toLowerCase());
    return i < 0 ? known.length : i;
  };
  const level = (start: number) =>
    names.filter((n) => k.cm.dword(serviceKey(n), 'Start') === start && n.toLowerCase() !== 'ntfs').sort((a, b) => rank(a) - rank(b));
  return [...level(0), ...level(1), 'Ntfs', ...level(2)];
}

/** A boot: the object namespace, the services, the drivers and the device tree, from the registry. */
function startWindows(k: Kernel, firstBoot: boolean): void {
  k.bcd.boot();
  k.cm.boot();
  k.ps.boot(k.ke.state.bootTime);
  // Object namespace.
  for (const dir of [
    '\\Callback',
    '\\Device',
    '\\Driver',
    '\\FileSystem',
    '\\GLOBAL??',
    '\\KernelObjects',
    '\\ObjectTypes',
    '\\BaseNamedObjects',
    '\\Sessions',
  ])
    k.ob.create('Directory', dir);
  k.io.createSymbolicLink('\\DosDevices', '\\??');
  k.io.createSymbolicLink('\\GLOBAL??\\Global', '\\GLOBAL??');
  for (const t of [
    'Type',
    'Directory',
    'SymbolicLink',
    'Token',
    'Job',
    'Process',
    'Thread',
    'Event',
    'Mutant',
    'Semaphore',
    'Timer',
    'Section',
    'Key',
    'File',
    'Device',
    'Driver',
    'IoCompletion',
    'Callback',
    'FilterConnectionPort',
  ]) {
    k.ob.create('Type', `\\ObjectTypes\\${t}`);
  }
  k.rtl.state.masks.DEFAULT = k.cm.dword(DEBUG_PRINT_FILTER, 'DEFAULT') ?? 0;
  k.rtl.state.masks.IHVDRIVER = k.cm.dword(DEBUG_PRINT_FILTER, 'IHVDRIVER') ?? 0;
  // Driver Verifier reads its settings once, at boot: a change takes effect at the next restart.
  k.io.state.verifier = readVerifierSettings(k);
  const autoServices: string[] = [];
  for (const name of k.scm.names()) {
    const key = serviceKey(name);
    if (k.scm.isDriver(k.cm.dword(key, 'Type') ?? 0) || k.cm.dword(key, 'Start') !== 2) continue;
    const inbox = WIN32_SERVICES.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (inbox) k.scm.bootService(name, inbox.notStoppable);
    else autoServices.push(name);
  }
  const drivers = bootDrivers(k);
  const loaded = new Map<string, NTSTATUS>();
  k.ke.guard('system-thread', () => {
    k.pnp.boot();
    const devices = firstBoot ? [] : k.pnp.enumerateRoot();
    for (const name of drivers) loaded.set(name, k.loader.load(name));
    if (firstBoot) {
      for (const [hwid, cls, desc, service] of [
        ['root\\swenum', 'SYSTEM', 'Plug and Play Software Device Enumerator', 'swenum'],
        ['root\\umbus', 'UMBUS', 'UMBus Root Bus Enumerator', 'umbus'],
      ]) {
        const dn = k.pnp.createRootDevice(hwid, cls, GUID_DEVCLASS_SYSTEM, desc);
        k.pnp.setDriver(
          dn,
          service,
          desc,
          '(Standard system devices)',
          cls === 'SYSTEM' ? 'swenum.inf' : 'umbus.inf',
          cls === 'SYSTEM' ? 'SWENUM.Install' : 'UmBusInstall',
        );
        dn.Class = 'System';
        k.pnp.start(dn);
      }
    }
    for (const dn of devices) k.pnp.start(dn);
  });
  for (const name of k.scm.names()) {
    const type = k.cm.dword(serviceKey(name), 'Type') ?? 0;
    if (!k.scm.isDriver(type)) continue;
    if (k.io.driverByName(driverObjectName(name, type))) k.scm.markStarted(name);
    else if (k.cm.dword(serviceKey(name), 'Start') === 2) k.scm.markFailed(name, RtlNtStatusToDosError(loaded.get(name) ?? STATUS_SUCCESS));
  }
  for (const name of autoServices) k.scm.start(name);
}

/**
 * Restart Windows on `machine` (shutdown /r; a restart after a bug check). What lives on disk
 * survives: the file store, the registry's non-volatile keys (minus services marked for delete)
 * and the boot configuration, whose pending changes the new boot reads. Everything else is
 * fresh: the kernel's subsystems are rebuilt, boot- and system-start and auto-start drivers
 * load again, demand-start ones do not, and root devices installed from INFs come back.
 * kernelOf(machine) is the same Kernel object, now with the new boot's subsystems. Deterministic; the result is snapshot-safe.
 */
export function restartWindows(machine: Machine, reason: 'restart' | 'shutdown' | 'bugcheck' = 'restart'): Kernel | null {
  const old = kernels.get(machine);
  if (!old) return null;
  for (const name of old.scm.names()) if (old.scm.markedForDelete(name)) old.cm.deleteKey(serviceKey(name));
  const registry = old.cm.persistentState();
  const files = structuredClone(old.fs.state);
  const bcd = structuredClone(old.bcd.state);
  for (const part of old.parts) machine.unregister(part.snapshotKey);
  const fresh = new Kernel(machine, { bootTime: old.ke.state.bootTime });
  fresh.cm.state = registry;
  fresh.fs.state = files;
  fresh.bcd.state = bcd;
  fresh.ke.state.boots = old.ke.state.boots + 1;
  // A kernel debugger on the other end of the cable stays: the new boot's stub connects to it
  // again, and the debugger plants its breakpoints again (whoever records its stops still does).
  if (old.kd.attached) {
    fresh.kd.state.connection = old.kd.state.connection;
    // bp breakpoints were addresses in modules that are gone; bu ones follow their symbols.
    fresh.kd.state.breakpoints = old.kd.state.breakpoints.filter((b) => b.deferred && !b.oneShot).map((b) => ({ ...b, hits: 0 }));
    fresh.kd.state.nextBreakpoint = old.kd.state.nextBreakpoint;
    fresh.kd.listener = old.kd.listener;
  }
  // The Kernel object itself stays: whoever holds it (a console's file view, a debugger
  // target) sees the new boot's subsystems.
  Object.assign(old, fresh);
  startWindows(old, false);
  machine.events.emit('kernel.restarted', { reason, boot: old.ke.state.boots });
  return old;
}
