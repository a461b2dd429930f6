/**
 * The Service Control Manager (services.exe) over the registry's Services key.
 * Driver services are started with NtLoadDriver and stopped with
 * NtUnloadDriver; a driver counts as running while its driver object exists
 * (\Driver\<Name>, or \FileSystem\<Name> for type 2). Results are Win32 codes.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem } from '../subsystem.ts';
import { SERVICES, hklm, serviceKey } from '../cm/registry.ts';
import { STATUS_IMAGE_ALREADY_LOADED, STATUS_INVALID_DEVICE_REQUEST, NT_SUCCESS, RtlNtStatusToDosError } from '../status.ts';
import { driverObjectName, imagePathToWin32 } from '../io/loader.ts';
import {
  ERROR_BAD_EXE_FORMAT,
  ERROR_CIRCULAR_DEPENDENCY,
  ERROR_DEPENDENT_SERVICES_RUNNING,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_NAME,
  ERROR_INVALID_PARAMETER,
  ERROR_INVALID_SERVICE_CONTROL,
  ERROR_PATH_NOT_FOUND,
  ERROR_SERVICE_ALREADY_RUNNING,
  ERROR_SERVICE_CANNOT_ACCEPT_CTRL,
  ERROR_SERVICE_DEPENDENCY_DELETED,
  ERROR_SERVICE_DEPENDENCY_FAIL,
  ERROR_SERVICE_DISABLED,
  ERROR_SERVICE_DOES_NOT_EXIST,
  ERROR_SERVICE_EXISTS,
  ERROR_SERVICE_MARKED_FOR_DELETE,
  ERROR_SERVICE_NEVER_STARTED,
  ERROR_SERVICE_NOT_ACTIVE,
  ERROR_SUCCESS,
} from '../win32.ts';
import { parentDir } from '../fs/files.ts';
import { WORKER_ENTRY_FRAMES } from '../ke/ke.ts';
import { dictDelete, dictGet, dictSet, newDict } from '../rtl/dict.ts';

export const SERVICE_KERNEL_DRIVER = 0x1;
export const SERVICE_FILE_SYSTEM_DRIVER = 0x2;
export const SERVICE_WIN32_OWN_PROCESS = 0x10;
export const SERVICE_WIN32_SHARE_PROCESS = 0x20;
export const SERVICE_DRIVER = 0x3;

export const SERVICE_STOPPED = 1;
export const SERVICE_STOP_PENDING = 3;
export const SERVICE_RUNNING = 4;

export const SERVICE_ACCEPT_STOP = 0x1;
export const SERVICE_ACCEPT_PAUSE_CONTINUE = 0x2;
export const SERVICE_ACCEPT_SHUTDOWN = 0x4;

export interface ServiceRuntime {
  exitCode: number;
  markedForDelete: boolean;
  /** Win32 services: the process id while running (0 when stopped). */
  pid: number;
  /** Win32 services that refuse SERVICE_CONTROL_STOP. */
  notStoppable: boolean;
}

export interface ScmState {
  services: Record<string, ServiceRuntime>;
  nextPid: number;
}

export interface ServiceStatus {
  name: string;
  type: number;
  state: number;
  controlsAccepted: number;
  exitCode: number;
  serviceExitCode: number;
  pid: number;
}

export interface ServiceConfig {
  name: string;
  type: number;
  start: number;
  error: number;
  binaryPath: string;
  group: string;
  tag: number;
  displayName: string;
  dependencies: string[];
  startName: string;
}

export interface CreateParams {
  name: string;
  type: number;
  start: number;
  error: number;
  binPath: string;
  displayName: string | null;
  group: string | null;
  depend: string[];
}

/** CreateService/OpenService name rules: 1 to 256 characters, no '\\' or '/'. */
export function validServiceName(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !/[\\/]/.test(name);
}

/** How the SCM stores a driver's binPath (ScmCanonDriverImagePath). */
export function canonDriverImagePath(path: string): string {
  if (/^\\SystemRoot\\/i.test(path) || /^\\\?\?\\/.test(path)) return path;
  if (/^%SystemRoot%\\/i.test(path)) return path.slice('%SystemRoot%\\'.length);
  if (/^[a-z]:\\/i.test(path)) return '\\??\\' + path;
  return path;
}

function freshRuntime(): ServiceRuntime {
  return { exitCode: ERROR_SERVICE_NEVER_STARTED, markedForDelete: false, pid: 0, notStoppable: false };
}

export class ServiceControlManager extends Subsystem<ScmState> {
  readonly snapshotKey = 'scm';
  private readonly k: Kernel;

  constructor(k: Kernel) {
    super({ services: newDict(), nextPid: 0x2f0 });
    this.k = k;
  }

  private runtime(name: string): ServiceRuntime {
    const key = name.toLowerCase();
    return dictGet(this.state.services, key) ?? dictSet(this.state.services, key, freshRuntime());
  }

  /** The service's name as stored, or null when it does not exist or the name is invalid (OpenService). */
  open(name: string): string | null {
    if (!validServiceName(name)) return null;
    const stored = this.k.cm.keyPath(serviceKey(name));
    if (!stored || this.k.cm.dword(stored, 'Type') === undefined) return null;
    return stored.slice(stored.lastIndexOf('\\') + 1);
  }

  /** The Win32 error OpenService gives for a name that open() rejects. */
  openError(name: string): number {
    return validServiceName(name) ? ERROR_SERVICE_DOES_NOT_EXIST : ERROR_INVALID_NAME;
  }

  names(): string[] {
    return this.k.cm.subkeys(hklm(SERVICES)).filter((n) => this.open(n) !== null);
  }

  isDriver(type: number): boolean {
    return (type & SERVICE_DRIVER) !== 0;
  }

  create(p: CreateParams): number {
    if (!validServiceName(p.name)) return ERROR_INVALID_NAME;
    const existing = this.open(p.name);
    if (existing) return this.runtime(existing).markedForDelete ? ERROR_SERVICE_MARKED_FOR_DELETE : ERROR_SERVICE_EXISTS;
    if (!p.binPath) return ERROR_INVALID_PARAMETER;
    if (this.circular(p.name, p.depend)) return ERROR_CIRCULAR_DEPENDENCY;
    const key = serviceKey(p.name);
    const cm = this.k.cm;
    const image = this.isDriver(p.type) ? canonDriverImagePath(p.binPath) : p.binPath;
    cm.createKey(key);
    cm.setValue(key, 'Type', 'REG_DWORD', p.type);
    cm.setValue(key, 'Start', 'REG_DWORD', p.start);
    cm.setValue(key, 'ErrorControl', 'REG_DWORD', p.error);
    cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', image);
    cm.setValue(key, 'DisplayName', 'REG_SZ', p.displayName ?? p.name);
    if (p.group) cm.setValue(key, 'Group', 'REG_SZ', p.group);
    if (p.depend.length) cm.setValue(key, 'DependOnService', 'REG_MULTI_SZ', p.depend);
    if (!this.isDriver(p.type)) cm.setValue(key, 'ObjectName', 'REG_SZ', 'LocalSystem');
    dictSet(this.state.services, p.name.toLowerCase(), freshRuntime());
    this.k.machine.events.emit('scm.serviceCreated', { service: p.name, serviceType: p.type, start: p.start, imagePath: image });
    return ERROR_SUCCESS;
  }

  /** ChangeServiceConfig: only the fields given change; a driver's new binPath is canonicalized as in create. */
  changeConfig(name: string, p: Partial<Omit<CreateParams, 'name'>>): number {
    const stored = this.open(name);
    if (!stored) return this.openError(name);
    if (this.runtime(stored).markedForDelete) return ERROR_SERVICE_MARKED_FOR_DELETE;
    if (p.depend !== undefined && this.circular(stored, p.depend)) return ERROR_CIRCULAR_DEPENDENCY;
    const key = serviceKey(stored);
    const cm = this.k.cm;
    const type = p.type ?? cm.dword(key, 'Type') ?? 0;
    if (p.type !== undefined) cm.setValue(key, 'Type', 'REG_DWORD', p.type);
    if (p.start !== undefined) cm.setValue(key, 'Start', 'REG_DWORD', p.start);
    if (p.error !== undefined) cm.setValue(key, 'ErrorControl', 'REG_DWORD', p.error);
    if (p.binPath) cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', this.isDriver(type) ? canonDriverImagePath(p.binPath) : p.binPath);
    if (p.displayName) cm.setValue(key, 'DisplayName', 'REG_SZ', p.displayName);
    if (p.group !== undefined && p.group !== null) cm.setValue(key, 'Group', 'REG_SZ', p.group);
    if (p.depend !== undefined) cm.setValue(key, 'DependOnService', 'REG_MULTI_SZ', p.depend);
    return ERROR_SUCCESS;
  }

  /** QueryServiceConfig; `record` says whether a tool showed it to the user as such (sc qc). */
  config(name: string, record = true): ServiceConfig | null {
    const stored = this.open(name);
    if (!stored) return null;
    const key = serviceKey(stored);
    const cm = this.k.cm;
    const type = cm.dword(key, 'Type') ?? 0;
    const cfg: ServiceConfig = {
      name: stored,
      type,
      start: cm.dword(key, 'Start') ?? 3,
      error: cm.dword(key, 'ErrorControl') ?? 1,
      binaryPath: cm.string(key, 'ImagePath') ?? '',
      group: cm.string(key, 'Group') ?? '',
      tag: cm.dword(key, 'Tag') ?? 0,
      displayName: cm.string(key, 'DisplayName') ?? stored,
      dependencies: cm.multi(key, 'DependOnService') ?? [],
      startName: this.isDriver(type) ? '' : (cm.string(key, 'ObjectName') ?? 'LocalSystem'),
    };
    if (record) this.k.machine.events.emit('scm.configQueried', { service: stored, serviceType: cfg.type, start: cfg.start });
    return cfg;
  }

  private driverObject(stored: string, type: number) {
    return this.k.io.driverByName(driverObjectName(stored, type));
  }

  /** QueryServiceStatusEx. */
  status(name: string, record = true): ServiceStatus | null {
    const stored = this.open(name);
    if (!stored) return null;
    const type = this.k.cm.dword(serviceKey(stored), 'Type') ?? 0;
    const rt = this.runtime(stored);
    let state = SERVICE_STOPPED;
    let accepted = 0;
    if (this.isDriver(type)) {
      const drv = this.driverObject(stored, type);
      if (drv) {
        state = drv.UnloadPending ? SERVICE_STOP_PENDING : SERVICE_RUNNING;
        accepted = drv.UnloadPending ? 0 : SERVICE_ACCEPT_STOP;
      }
    } else if (rt.pid !== 0) {
      state = SERVICE_RUNNING;
      accepted = (rt.notStoppable ? 0 : SERVICE_ACCEPT_STOP) | SERVICE_ACCEPT_SHUTDOWN;
    }
    const s: ServiceStatus = {
      name: stored,
      type,
      state,
      controlsAccepted: accepted,
      exitCode: state === SERVICE_RUNNING ? 0 : rt.exitCode,
      serviceExitCode: 0,
      pid: rt.pid,
    };
    if (record) this.k.machine.events.emit('scm.statusQueried', { service: stored, state });
    // The SCM learns that a driver stopped (say, the PnP manager unloaded it) only when it
    // queries it; a service marked for delete then goes when the querying handle closes.
    if (rt.markedForDelete && state === SERVICE_STOPPED) this.deleteStopped(stored);
    return s;
  }

  start(name: string): number {
    const stored = this.open(name);
    const result = stored ? this.startWithDependencies(stored, []) : ERROR_SERVICE_DOES_NOT_EXIST;
    this.k.machine.events.emit('scm.serviceStarted', { service: stored ?? name, error: result });
    if (stored && result === ERROR_SERVICE_MARKED_FOR_DELETE) this.deleteIfMarked(stored);
    return result;
  }

  /** Would `name` depending on `depend` close a loop (the SCM refuses it with 1059)? */
  private circular(name: string, depend: readonly string[]): boolean {
    const seen = new Set<string>();
    const reaches = (from: string): boolean => {
      const key = from.toLowerCase();
      if (key === name.toLowerCase()) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      const stored = this.open(from);
      return stored !== null && this.dependencies(stored).some(reaches);
    };
    return depend.some(reaches);
  }

  /** The services this one depends on (DependOnService), as stored in its key. */
  dependencies(stored: string): string[] {
    return this.k.cm.multi(serviceKey(stored), 'DependOnService') ?? [];
  }

  /** EnumDependentServices: every service that depends on this one, directly or not; the one that would start last first. */
  dependents(name: string): string[] {
    const out: string[] = [];
    const visit = (target: string) => {
      for (const other of this.names()) {
        if (out.some((o) => o.toLowerCase() === other.toLowerCase())) continue;
        if (!this.dependencies(other).some((d) => d.toLowerCase() === target.toLowerCase())) continue;
        out.push(other);
        visit(other);
      }
    };
    visit(name);
    return out.reverse();
  }

  /**
   * StartService: the services it depends on start first. A dependency that does not exist
   * (or is marked for delete) fails the start with 1075, one that cannot start with 1068.
   */
  private startWithDependencies(stored: string, starting: string[]): number {
    const rt = this.runtime(stored);
    if (rt.markedForDelete) return ERROR_SERVICE_MARKED_FOR_DELETE;
    if (this.k.cm.dword(serviceKey(stored), 'Start') === 4) return ERROR_SERVICE_DISABLED;
    if (this.status(stored, false)?.state === SERVICE_RUNNING) return ERROR_SERVICE_ALREADY_RUNNING;
    const chain = [...starting, stored.toLowerCase()];
    for (const dep of this.dependencies(stored)) {
      const depStored = this.open(dep);
      if (!depStored || this.runtime(depStored).markedForDelete) return ERROR_SERVICE_DEPENDENCY_DELETED;
      // A circular dependency cannot be satisfied.
      if (chain.includes(depStored.toLowerCase())) return ERROR_SERVICE_DEPENDENCY_FAIL;
      const result = this.startWithDependencies(depStored, chain);
      if (this.k.halted) return result;
      if (result !== ERROR_SUCCESS && result !== ERROR_SERVICE_ALREADY_RUNNING) return ERROR_SERVICE_DEPENDENCY_FAIL;
    }
    return this.startStored(stored);
  }

  /**
   * services.exe loads and unloads drivers with a system call of its own (ZwLoadDriver,
   * ZwUnloadDriver), so a breakpoint on nt!NtLoadDriver stops in services.exe; the I/O manager
   * queues the work to a System worker thread (DriverEntry and DriverUnload run there) and the
   * caller waits for it. Null when the machine halted.
   */
  private driverCall<T>(service: 'NtLoadDriver' | 'NtUnloadDriver', work: () => T): T | null {
    const inWorker = () => this.k.ke.onOtherStack('system-thread', WORKER_ENTRY_FRAMES, work);
    const services = this.k.ps.list().find((p) => p.name.toLowerCase() === 'services.exe');
    if (!services) return this.k.ke.guard('system-thread', work);
    const caller =
      service === 'NtLoadDriver'
        ? ['services!ScLoadDeviceDriver+0x1c6', 'services!ScStartService+0x33c', 'services!RStartServiceW+0x9e']
        : ['services!ScControlDeviceDriver+0x8a', 'services!RControlServiceExW+0x97'];
    const entry = [
      'nt!KiSystemServiceCopyEnd+0x13',
      `ntdll!Zw${service.slice(2)}+0xa`,
      ...caller,
      'RPCRT4!NdrStubCall2+0x2ad',
      'ntdll!RtlUserThreadStart+0x21',
    ];
    const r = this.k.ps.actingAs(services.pid, () => this.k.ke.guard('system-call', () => this.k.ke.call('nt', null, inWorker, `nt!${service}`), entry));
    return r ?? null;
  }

  private startStored(stored: string): number {
    const key = serviceKey(stored);
    const cm = this.k.cm;
    const rt = this.runtime(stored);
    const type = cm.dword(key, 'Type') ?? 0;
    if (this.isDriver(type)) {
      const result = this.driverCall('NtLoadDriver', () => this.k.loader.load(stored));
      if (result === null) return ERROR_SUCCESS;
      const error = result === STATUS_IMAGE_ALREADY_LOADED ? ERROR_SERVICE_ALREADY_RUNNING : RtlNtStatusToDosError(result);
      if (NT_SUCCESS(result)) rt.exitCode = 0;
      else if (error !== ERROR_SERVICE_ALREADY_RUNNING) rt.exitCode = error;
      return error;
    }
    if (rt.pid !== 0) return ERROR_SERVICE_ALREADY_RUNNING;
    const image = (cm.string(key, 'ImagePath') ?? '').replace(/^"([^"]*)".*$/, '$1').replace(/\s.*$/, '');
    const path = imagePathToWin32(image.replace(/^%SystemRoot%\\/i, '\\SystemRoot\\'));
    const file = this.k.fs.file(path);
    if (!file) {
      rt.exitCode = this.k.fs.isDir(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
      return rt.exitCode;
    }
    if (file.image !== null || !/\.exe$/i.test(path)) {
      rt.exitCode = ERROR_BAD_EXE_FORMAT;
      return ERROR_BAD_EXE_FORMAT;
    }
    rt.pid = this.state.nextPid;
    this.state.nextPid += 4 * (1 + this.k.machine.rng.int(1, 40));
    rt.exitCode = 0;
    return ERROR_SUCCESS;
  }

  /** ControlService(SERVICE_CONTROL_STOP). */
  stop(name: string): number {
    return this.control(name, 'stop');
  }

  /** ControlService for stop, pause or continue. */
  control(name: string, control: 'stop' | 'pause' | 'continue' | 'interrogate'): number {
    const stored = this.open(name);
    const result = stored ? this.controlStored(stored, control) : ERROR_SERVICE_DOES_NOT_EXIST;
    this.k.machine.events.emit('scm.serviceControl', { service: stored ?? name, control, error: result });
    return result;
  }

  private controlStored(stored: string, control: 'stop' | 'pause' | 'continue' | 'interrogate'): number {
    const status = this.status(stored, false);
    if (!status || status.state === SERVICE_STOPPED) return ERROR_SERVICE_NOT_ACTIVE;
    if (control === 'interrogate') return ERROR_SUCCESS;
    // A stop already under way: the SCM takes no control until it finishes.
    if (status.state === SERVICE_STOP_PENDING) return ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
    if (control !== 'stop') return ERROR_INVALID_SERVICE_CONTROL;
    if (this.dependents(stored).some((d) => this.status(d, false)?.state !== SERVICE_STOPPED)) return ERROR_DEPENDENT_SERVICES_RUNNING;
    const rt = this.runtime(stored);
    if (this.isDriver(status.type)) {
      const result = this.driverCall('NtUnloadDriver', () => this.k.loader.unload(stored));
      if (result === null) return ERROR_SUCCESS;
      if (result === STATUS_INVALID_DEVICE_REQUEST) return ERROR_INVALID_SERVICE_CONTROL;
      if (!NT_SUCCESS(result)) return RtlNtStatusToDosError(result);
      rt.exitCode = 0;
    } else {
      if (rt.notStoppable) return ERROR_INVALID_SERVICE_CONTROL;
      rt.pid = 0;
      rt.exitCode = 0;
    }
    this.deleteIfMarked(stored);
    return ERROR_SUCCESS;
  }

  /** DeleteService: immediate when stopped, otherwise marked until the service stops. */
  delete(name: string): number {
    const stored = this.open(name);
    if (!stored) return ERROR_SERVICE_DOES_NOT_EXIST;
    const rt = this.runtime(stored);
    if (rt.markedForDelete) return ERROR_SERVICE_MARKED_FOR_DELETE;
    rt.markedForDelete = true;
    const running = this.status(stored, false)?.state !== SERVICE_STOPPED;
    this.k.machine.events.emit('scm.serviceDeleted', { service: stored, pending: running });
    if (!running) this.deleteIfMarked(stored);
    return ERROR_SUCCESS;
  }

  /** Closing a handle: a service marked for delete goes once it is stopped (status() does the check). */
  private deleteIfMarked(stored: string): void {
    this.status(stored, false);
  }

  private deleteStopped(stored: string): void {
    this.k.cm.deleteKey(serviceKey(stored));
    dictDelete(this.state.services, stored.toLowerCase());
  }

  /** Register a running Win32 service at boot. */
  bootService(name: string, notStoppable: boolean): void {
    const rt = this.runtime(name);
    rt.pid = this.state.nextPid;
    this.state.nextPid += 4 * (1 + this.k.machine.rng.int(1, 40));
    rt.exitCode = 0;
    rt.notStoppable = notStoppable;
  }

  /** Is the service marked for delete (it goes at the next restart if it is still running)? */
  markedForDelete(name: string): boolean {
    return dictGet(this.state.services, name.toLowerCase())?.markedForDelete ?? false;
  }

  /** An auto-start driver the boot could not load: sc query shows the error as its exit code. */
  markFailed(name: string, error: number): void {
    this.runtime(name).exitCode = error;
  }

  /** A driver loaded outside the SCM (boot, PnP) has run: its exit code is 0. */
  markStarted(name: string): void {
    this.runtime(name).exitCode = 0;
  }
}
