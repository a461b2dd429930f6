/**
 * Create and close through the object namespace: NtCreateFile on a device
 * name follows symbolic links, checks the device, and sends IRP_MJ_CREATE to
 * the top of its stack; NtClose sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE, and may
 * finish an unload that was waiting for the last reference.
 */
import type { Kernel } from '../nt.ts';
import {
  NT_SUCCESS,
  STATUS_ACCESS_DENIED,
  STATUS_INVALID_HANDLE,
  STATUS_NO_SUCH_DEVICE,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_TYPE_MISMATCH,
  STATUS_PENDING,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import { DO_DEVICE_INITIALIZING, DO_EXCLUSIVE, IRP_MJ_CLEANUP, IRP_MJ_CLOSE, IRP_MJ_CREATE } from './types.ts';
import type { FileObject } from './iomgr.ts';

export class FileIo {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** NtCreateFile on a device path (\??\SwLegacy, \Device\Null): sends IRP_MJ_CREATE. */
  open(path: string): { status: NTSTATUS; handle: number } {
    const r = this.k.ob.lookup(path);
    if (!NT_SUCCESS(r.status)) return { status: r.status, handle: 0 };
    const header = this.k.ob.get(r.id);
    if (header?.Type !== 'Device') return { status: header?.Type === 'Directory' ? STATUS_OBJECT_TYPE_MISMATCH : STATUS_OBJECT_NAME_NOT_FOUND, handle: 0 };
    const device = this.k.io.state.devices[r.id];
    const driver = this.k.io.state.drivers[device.DriverObject];
    if (device.Flags & DO_DEVICE_INITIALIZING || driver.UnloadPending) return { status: STATUS_NO_SUCH_DEVICE, handle: 0 };
    if (device.Flags & DO_EXCLUSIVE && device.ReferenceCount > 0) return { status: STATUS_ACCESS_DENIED, handle: 0 };
    const fileId = this.k.ob.create('File', null).id;
    const file: FileObject = { id: fileId, Address: this.k.ob.get(fileId)?.Address ?? '0', Device: device.id, FileName: '' };
    this.k.io.state.files[fileId] = file;
    const status = this.sendFileIrp(file, IRP_MJ_CREATE);
    if (!NT_SUCCESS(status)) {
      this.k.ob.delete(fileId);
      delete this.k.io.state.files[fileId];
      return { status, handle: 0 };
    }
    device.ReferenceCount++;
    const handle = this.k.io.state.nextHandle;
    this.k.io.state.nextHandle += 4;
    this.k.io.state.handles[handle] = fileId;
    return { status, handle };
  }

  /** NtClose: IRP_MJ_CLEANUP then IRP_MJ_CLOSE; a deferred unload may finish here. */
  close(handle: number): NTSTATUS {
    const fileId = this.k.io.state.handles[handle];
    if (fileId === undefined) return STATUS_INVALID_HANDLE;
    delete this.k.io.state.handles[handle];
    const file = this.k.io.state.files[fileId];
    this.sendFileIrp(file, IRP_MJ_CLEANUP);
    this.sendFileIrp(file, IRP_MJ_CLOSE);
    const device = this.k.io.state.devices[file.Device];
    this.k.ob.delete(fileId);
    delete this.k.io.state.files[fileId];
    if (device) {
      device.ReferenceCount--;
      const driver = this.k.io.state.drivers[device.DriverObject];
      if (driver?.UnloadPending && this.k.io.devicesOf(driver).every((d) => d.ReferenceCount === 0)) this.k.loader.finishUnload(driver);
    }
    return STATUS_SUCCESS;
  }

  private sendFileIrp(file: FileObject, major: number): NTSTATUS {
    const top = this.k.io.attachedTop(file.Device);
    if (!top) return STATUS_NO_SUCH_DEVICE;
    const irp = this.k.irp.allocate(top.StackSize, { kind: 'user', fileObject: file.id });
    const loc = this.k.irp.next(irp);
    loc.MajorFunction = major;
    loc.FileObject = file.id;
    const returned = this.k.irp.call(top.id, irp);
    // A pended IRP stays with the driver (it completes it later by id); the caller sees STATUS_PENDING.
    if (!irp.Completed) return returned === STATUS_PENDING ? STATUS_PENDING : irp.IoStatus.Status;
    const status = irp.IoStatus.Status;
    this.k.irp.free(irp);
    return status;
  }
}
