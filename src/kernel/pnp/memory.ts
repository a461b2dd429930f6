/**
 * The device tree as bytes: each devnode is a _DEVICE_NODE in nonpaged pool
 * (tag 'Dnod') with its instance path and service name in the same block,
 * linked to its parent, children and siblings and to its PDO, as !devnode
 * walks it from nt!IopRootDeviceNode.
 */
import type { Kernel } from '../nt.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from '../mm/memory.ts';
import { StructWriter, putLe, utf16z } from '../mm/layout.ts';
import { win7X64TypeDatabase } from '../types/win7-x64.ts';
import type { DevNode } from './devnode.ts';

const DEVICE_NODE_SIZE = 0x268;
/** Room kept for the service name (the driver may be set after the node exists). */
const SERVICE_ROOM = 0x80;

/** DNF_* flags of _DEVICE_NODE.Flags (Windows 7). */
export const DNF_MADEUP = 0x1;
export const DNF_ENUMERATED = 0x10;
export const DNF_IDS_QUERIED = 0x20;
export const DNF_NO_RESOURCE_REQUIRED = 0x100;
export const DNF_LEGACY_DRIVER = 0x1000;
export const DNF_HAS_PROBLEM = 0x2000;

/** Bytes of a devnode's pool block for an instance path. */
export function devnodeBlockSize(instance: string): number {
  return DEVICE_NODE_SIZE + (instance.length + 1) * 2 + SERVICE_ROOM;
}

/** The DNF_* flags the node's state implies. */
export function devnodeFlags(dn: DevNode, root: boolean): number {
  let f = root ? DNF_MADEUP : DNF_ENUMERATED | DNF_IDS_QUERIED | DNF_NO_RESOURCE_REQUIRED;
  if (dn.Legacy) f |= DNF_MADEUP | DNF_LEGACY_DRIVER;
  if (dn.Problem !== 0) f |= DNF_HAS_PROBLEM;
  return f;
}

const addr = (hex: string | null | undefined) => (hex === null || hex === undefined ? 0n : BigInt('0x' + hex));

export class PnpMemory implements MemoryProvider {
  readonly name = 'pnp';
  readonly layer = 1 as const;
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  private nodeAddress(id: number | null | undefined): bigint {
    if (id === null || id === undefined) return 0n;
    return addr(this.k.pnp.state.devnodes[id]?.Address);
  }

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    for (const dn of Object.values(this.k.pnp.state.devnodes)) {
      if (!dn.Address) continue;
      const size = devnodeBlockSize(dn.InstancePath);
      let bytes: Uint8Array | null = null;
      emit({
        start: addr(dn.Address),
        size,
        what: '_DEVICE_NODE',
        render: (offset, out) => out.set((bytes ??= this.render(dn, size)).subarray(offset, offset + out.length)),
      });
    }
    const rootPtr = this.k.images.symbolAddress('nt!IopRootDeviceNode');
    if (rootPtr !== null) {
      emit({
        start: rootPtr,
        size: 8,
        what: 'nt!IopRootDeviceNode',
        render: (offset, out) => {
          const b = new Uint8Array(8);
          putLe(b, 0, 8, this.nodeAddress(this.k.pnp.state.root));
          out.set(b.subarray(offset, offset + out.length));
        },
      });
    }
  }

  private render(dn: DevNode, size: number): Uint8Array {
    const out = new Uint8Array(size);
    const at = addr(dn.Address);
    const w = new StructWriter(win7X64TypeDatabase(), 'nt', '_DEVICE_NODE', out, 0, at);
    const parent = dn.Parent === null ? null : this.k.pnp.state.devnodes[dn.Parent];
    const siblings = parent?.Children ?? [];
    const next = siblings[siblings.indexOf(dn.id) + 1];
    let level = 0;
    for (let p = parent; p; p = p.Parent === null ? null : this.k.pnp.state.devnodes[p.Parent]) level++;
    const pathAt = DEVICE_NODE_SIZE;
    const serviceAt = pathAt + (dn.InstancePath.length + 1) * 2;
    const service = (dn.Service ?? '').slice(0, SERVICE_ROOM / 2 - 1);
    const pdo = dn.Pdo === null ? undefined : this.k.ob.get(dn.Pdo);
    w.set('Sibling', this.nodeAddress(next))
      .set('Child', this.nodeAddress(dn.Children[0]))
      .set('Parent', this.nodeAddress(dn.Parent))
      .set('LastChild', this.nodeAddress(dn.Children[dn.Children.length - 1]))
      .set('PhysicalDeviceObject', addr(pdo?.Address))
      .unicode('InstancePath', dn.InstancePath, at + BigInt(pathAt), dn.InstancePath.length * 2 + 2)
      .unicode('ServiceName', service, at + BigInt(serviceAt), service === '' ? 0 : service.length * 2 + 2)
      .set('Level', level)
      .emptyList('Notify.Link')
      .emptyList('Notify.PowerChildren')
      .emptyList('Notify.PowerParents')
      .set('Notify.DeviceObject', addr(pdo?.Address))
      .set('State', dn.State)
      .set('PreviousState', dn.PreviousState)
      .set('StateHistory[0]', dn.PreviousState)
      .set('StateHistory[1]', dn.State)
      .set('StateHistoryEntry', 2)
      .set('Flags', devnodeFlags(dn, dn.Parent === null))
      .set('Problem', dn.Problem)
      .set('InterfaceType', -1)
      .set('BusNumber', 0xffffffff)
      .set('ChildInterfaceType', -1)
      .set('ChildBusNumber', 0xffffffff)
      .set('ChildBusTypeIndex', 0xffff)
      .emptyList('TargetDeviceNotify')
      .emptyList('DeviceArbiterList')
      .emptyList('DeviceTranslatorList')
      .emptyList('PendedSetInterfaceState')
      .emptyList('LegacyBusListEntry');
    out.set(utf16z(dn.InstancePath), pathAt);
    if (service !== '') out.set(utf16z(service), serviceAt);
    return out;
  }
}
