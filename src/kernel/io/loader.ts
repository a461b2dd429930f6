/**
 * Loading and unloading driver images (NtLoadDriver / NtUnloadDriver and the
 * PnP manager's own loads), with the I/O manager's rules: a fresh dispatch
 * table of IopInvalidDeviceRequest, DO_DEVICE_INITIALIZING cleared after
 * DriverEntry, no unload without DriverUnload or for a PnP driver, and a
 * deferred unload while a device is still referenced.
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { moduleCode } from '../drivers/modules.ts';
import {
  NT_SUCCESS,
  STATUS_DELETE_PENDING,
  STATUS_IMAGE_ALREADY_LOADED,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_INVALID_IMAGE_FORMAT,
  STATUS_INVALID_IMAGE_HASH,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_PATH_NOT_FOUND,
  STATUS_SUCCESS,
  hex8,
  type NTSTATUS,
} from '../status.ts';
import { parentDir } from '../fs/files.ts';
import { DO_DEVICE_INITIALIZING, DRVO_LEGACY_DRIVER, type DriverObject, type ModuleCode } from './types.ts';
import { INVALID_REQUEST } from './iomgr.ts';

export const SERVICE_KERNEL_DRIVER = 1;
export const SERVICE_FILE_SYSTEM_DRIVER = 2;

/** The Win32 path of a driver ImagePath as the kernel resolves it. */
export function imagePathToWin32(imagePath: string): string {
  let p = imagePath;
  if (/^\\\?\?\\/.test(p)) return p.slice(4);
  if (/^\\SystemRoot\\/i.test(p)) return 'C:\\Windows\\' + p.slice('\\SystemRoot\\'.length);
  if (/^[a-z]:\\/i.test(p)) return p;
  p = p.replace(/^\\+/, '');
  return 'C:\\Windows\\' + p;
}

/** \Driver\<Name> or \FileSystem\<Name> for a service. */
export function driverObjectName(service: string, type: number): string {
  return (type === SERVICE_FILE_SYSTEM_DRIVER ? '\\FileSystem\\' : '\\Driver\\') + service;
}

/**
 * Kernel-mode code signing on x64 (code integrity): a driver image must carry a valid
 * signature. A test signature counts only when the machine booted with test signing on;
 * nointegritychecks has no effect on Windows 7 x64.
 */
export function signatureAccepted(code: ModuleCode, testSigning: boolean): boolean {
  if (code.signature === undefined) return true;
  if (code.signature === null) return false;
  return !code.signature.test || testSigning;
}

export class Loader {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** The service name a driver object was loaded for. */
  serviceOf(driver: DriverObject): string {
    return driver.DriverExtension.ServiceKeyName;
  }

  /** Load the driver for a service key (NtLoadDriver, or the PnP manager). */
  load(service: string): NTSTATUS {
    const k = this.k;
    const key = serviceKey(service);
    const stored = k.cm.keyPath(key);
    if (!stored) return STATUS_OBJECT_NAME_NOT_FOUND;
    const name = stored.slice(stored.lastIndexOf('\\') + 1);
    const type = k.cm.dword(key, 'Type') ?? SERVICE_KERNEL_DRIVER;
    const imagePath = k.cm.string(key, 'ImagePath') ?? `\\SystemRoot\\System32\\drivers\\${name}.sys`;
    const objectName = driverObjectName(name, type);
    if (k.io.driverByName(objectName)) return STATUS_IMAGE_ALREADY_LOADED;
    const path = imagePathToWin32(imagePath);
    // MmLoadSystemImage finds an image already loaded under the same file name and answers
    // STATUS_IMAGE_ALREADY_LOADED: a second service cannot run a second DriverEntry in it.
    if (this.loadedFrom(path)) return this.failed(name, STATUS_IMAGE_ALREADY_LOADED);
    const file = k.fs.file(path);
    if (!file) return this.failed(name, k.fs.isDir(parentDir(path)) ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND);
    const code = file.image ? moduleCode(file.image) : undefined;
    if (!code?.DriverEntry) return this.failed(name, STATUS_INVALID_IMAGE_FORMAT);
    if (!signatureAccepted(code, k.bcd.state.active.testSigning)) return this.failed(name, STATUS_INVALID_IMAGE_HASH);
    const alreadyMapped = k.io.image(code.name) !== undefined;
    k.io.mapImage(code.name, code.file, code.imageSize);
    const created = k.io.createDriverObject(objectName, code.name, imagePath, name);
    if (!created.driver) {
      if (!alreadyMapped) k.io.unmapImage(code.name);
      return this.failed(name, created.status);
    }
    const driver = created.driver;
    // The service key's object name: reached through CurrentControlSet, it is its ControlSet00n key.
    const registryPath = stored;
    const status = k.invoke.driverEntry(code, driver, registryPath);
    if (!NT_SUCCESS(status)) {
      // DriverUnload is not called; whatever DriverEntry created and did not delete stays behind.
      k.ob.removeName(driver.id);
      if (driver.DeviceObject === null) {
        k.io.deleteDriverObject(driver);
        if (!alreadyMapped) k.io.unmapImage(code.name);
      }
      return this.failed(name, status);
    }
    for (let i = 0; i < driver.MajorFunction.length; i++) if (!driver.MajorFunction[i]) driver.MajorFunction[i] = INVALID_REQUEST;
    for (const d of k.io.devicesOf(driver)) d.Flags &= ~DO_DEVICE_INITIALIZING;
    const legacy = driver.DriverExtension.AddDevice === null;
    if (legacy) driver.Flags |= DRVO_LEGACY_DRIVER;
    k.machine.events.emit('kernel.driverLoaded', { driver: objectName, service: name, legacy, image: code.name });
    if (legacy && type === SERVICE_KERNEL_DRIVER) k.pnp.legacyDriverLoaded(name);
    return STATUS_SUCCESS;
  }

  /** Is a loaded driver (its name still in the namespace) running the image at this Win32 path? */
  private loadedFrom(path: string): boolean {
    const k = this.k;
    return Object.values(k.io.state.drivers).some(
      (d) => imagePathToWin32(d.ImagePath).toLowerCase() === path.toLowerCase() && k.io.driverByName(d.DriverName)?.id === d.id,
    );
  }

  private failed(service: string, status: NTSTATUS): NTSTATUS {
    this.k.machine.events.emit('kernel.driverLoadFailed', { service, status: hex8(status) });
    return status;
  }

  /** NtUnloadDriver for a service. */
  unload(service: string): NTSTATUS {
    const k = this.k;
    const key = serviceKey(service);
    const stored = k.cm.keyPath(key);
    if (!stored) return STATUS_OBJECT_NAME_NOT_FOUND;
    const name = stored.slice(stored.lastIndexOf('\\') + 1);
    const driver = k.io.driverByName(driverObjectName(name, k.cm.dword(key, 'Type') ?? 1));
    if (!driver) return STATUS_OBJECT_NAME_NOT_FOUND;
    if (driver.DriverUnload === null || !(driver.Flags & DRVO_LEGACY_DRIVER)) return STATUS_INVALID_DEVICE_REQUEST;
    if (driver.UnloadPending) return STATUS_DELETE_PENDING;
    const devices = k.io.devicesOf(driver);
    if (devices.some((d) => d.ReferenceCount > 0 || d.AttachedDevice !== null)) {
      driver.UnloadPending = true;
      return STATUS_SUCCESS;
    }
    this.finishUnload(driver);
    return STATUS_SUCCESS;
  }

  /** Run DriverUnload and let the driver object (and image) go. */
  finishUnload(driver: DriverObject): void {
    const k = this.k;
    driver.UnloadPending = false;
    if (driver.DriverUnload) k.invoke.unload(driver.DriverUnload, driver);
    const legacy = (driver.Flags & DRVO_LEGACY_DRIVER) !== 0;
    const service = this.serviceOf(driver);
    k.ob.removeName(driver.id);
    k.machine.events.emit('kernel.driverUnloaded', { driver: driver.DriverName, service, legacy, image: driver.Module });
    if (legacy) k.pnp.legacyDriverUnloaded(service);
    // A device the driver forgot to delete keeps the driver object and its image alive.
    if (driver.DeviceObject === null) {
      k.io.deleteDriverObject(driver);
      const stillUsed = Object.values(k.io.state.drivers).some((d) => d.Module === driver.Module);
      if (!stillUsed) k.io.unmapImage(driver.Module);
    }
  }
}
