/**
 * Device interfaces (IoRegisterDeviceInterface, IoSetDeviceInterfaceState:
 * a symbolic link in \GLOBAL?? to the PDO) and IoRegisterPlugPlayNotification
 * for drivers, legacy ones included, that want to hear about a class of
 * devices arriving and leaving.
 */
import { dictGet, dictSet } from '../rtl/dict.ts';
import type { Kernel } from '../nt.ts';
import { STATUS_INVALID_PARAMETER, STATUS_OBJECT_NAME_NOT_FOUND, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import type { Json } from '../io/types.ts';
import { EventCategoryDeviceInterfaceChange, PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES } from '../nt-api.ts';
import type { DeviceInterface, PlugPlayNotification } from './pnpmgr.ts';

export class DeviceInterfaces {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  register(pdoId: number, guid: string): { status: NTSTATUS; link: string } {
    const pdo = this.k.io.device(pdoId);
    const dn = pdo?.DeviceNode === null || pdo === undefined ? undefined : this.k.pnp.state.devnodes[pdo.DeviceNode];
    if (!dn) return { status: STATUS_INVALID_PARAMETER, link: '' };
    const link = `\\??\\${dn.InstancePath.replace(/\\/g, '#')}#${guid.toLowerCase()}`;
    const interfaces = this.k.pnp.state.interfaces;
    if (!dictGet(interfaces, link.toLowerCase())) dictSet(interfaces, link.toLowerCase(), { link, guid: guid.toLowerCase(), devnode: dn.id, enabled: false });
    return { status: STATUS_SUCCESS, link };
  }

  setState(link: string, enable: boolean): NTSTATUS {
    const itf = dictGet(this.k.pnp.state.interfaces, link.toLowerCase());
    if (!itf) return STATUS_OBJECT_NAME_NOT_FOUND;
    if (itf.enabled === enable) return STATUS_SUCCESS;
    const dn = this.k.pnp.state.devnodes[itf.devnode];
    const globalName = '\\GLOBAL??\\' + itf.link.slice(4);
    if (enable) {
      const pdo = dn.Pdo === null ? null : this.k.io.device(dn.Pdo);
      this.k.io.createSymbolicLink(globalName, pdo?.Name ?? '');
    } else this.k.io.deleteSymbolicLink(globalName);
    itf.enabled = enable;
    this.notify(itf, enable);
    return STATUS_SUCCESS;
  }

  private notify(itf: DeviceInterface, arrival: boolean): void {
    for (const n of Object.values(this.k.pnp.state.notifications)) {
      if (n.guid !== itf.guid) continue;
      this.k.invoke.notification(
        n.routine,
        { Event: arrival ? 'GUID_DEVICE_INTERFACE_ARRIVAL' : 'GUID_DEVICE_INTERFACE_REMOVAL', InterfaceClassGuid: itf.guid, SymbolicLinkName: itf.link },
        n.context,
      );
    }
  }

  registerNotification(category: number, flags: number, guid: string, driver: number, routine: string, context: Json): { status: NTSTATUS; entry: number } {
    if (category !== EventCategoryDeviceInterfaceChange) return { status: STATUS_INVALID_PARAMETER, entry: 0 };
    const id = this.k.pnp.state.nextNotification++;
    const entry: PlugPlayNotification = { id, driver, routine, context, guid: guid.toLowerCase() };
    this.k.pnp.state.notifications[id] = entry;
    if (flags & PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES) {
      for (const itf of Object.values(this.k.pnp.state.interfaces)) {
        if (itf.guid === entry.guid && itf.enabled) {
          this.k.invoke.notification(routine, { Event: 'GUID_DEVICE_INTERFACE_ARRIVAL', InterfaceClassGuid: itf.guid, SymbolicLinkName: itf.link }, context);
        }
      }
    }
    return { status: STATUS_SUCCESS, entry: id };
  }

  unregisterNotification(entry: number): NTSTATUS {
    if (!this.k.pnp.state.notifications[entry]) return STATUS_INVALID_PARAMETER;
    delete this.k.pnp.state.notifications[entry];
    return STATUS_SUCCESS;
  }
}
