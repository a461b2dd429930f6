/**
 * The Filter Manager's records as bytes (fltmgr's types): fltmgr!FltGlobals
 * with its frame list; frame 0 with its registered filters and attached
 * volumes; each _FLT_FILTER with its instance list; each _FLT_VOLUME with the
 * instances on it, highest altitude first; each _FLT_INSTANCE linked into
 * both. `!fltkd` and `dt fltmgr!...` read these, never the records.
 */
import type { Kernel } from '../nt.ts';
import { paintedOnce, type MemoryBlock, type MemoryProvider, type SpaceId } from '../mm/memory.ts';
import { StructWriter } from '../mm/layout.ts';
import { win7X64TypeDatabase } from '../types/win7-x64.ts';
import { routineValue } from '../io/memory.ts';
import { dictGet } from '../rtl/dict.ts';
import type { FltInstanceRecord } from './types.ts';
import {
  FLT_FILTER_ALLOCATION,
  FLT_FRAME_ALLOCATION,
  FLT_INSTANCE_ALLOCATION,
  FLT_OBJECT_FILTER,
  FLT_OBJECT_INSTANCE,
  FLT_OBJECT_VOLUME,
  FLT_VOLUME_ALLOCATION,
  STRINGS,
} from './layout.ts';

const addr = (hex: string | null | undefined) => (hex === null || hex === undefined ? 0n : BigInt('0x' + hex));

/** Offsets of the links the lists are made of (fltmgr's types). */
const PRIMARY_LINK = 0x10n;
const FILTER_LINK = 0x60n;
const FRAME_LINKS = 0x8n;
const FRAME_FILTERS = 0x48n + 0x68n;
const FRAME_VOLUMES = 0xc8n + 0x68n;
const GLOBALS_FRAMES = 0x58n + 0x68n;
const FILTER_INSTANCES = 0x58n + 0x68n;
const VOLUME_INSTANCES = 0x90n + 0x68n;

/** Flink/Blink of each entry of a circular list through `head`. */
function linksOf(head: bigint, entries: readonly bigint[]): Map<bigint, [bigint, bigint]> {
  const all = [head, ...entries];
  const out = new Map<bigint, [bigint, bigint]>();
  for (let i = 0; i < all.length; i++) out.set(all[i], [all[(i + 1) % all.length], all[(i - 1 + all.length) % all.length]]);
  return out;
}

export class FltMemory implements MemoryProvider {
  readonly name = 'flt';
  readonly layer = 1 as const;
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    const fm = this.k.flt;
    const frame = fm.state.frame;
    if (fm.state.driver === null || !frame || !this.k.io.state.drivers[fm.state.driver]) return;
    const frameAt = addr(frame);
    const db = win7X64TypeDatabase();
    const filters = fm.filters();
    const volumes = fm.volumes().map((v) => ({ ...v, at: addr(dictGet(fm.state.volumeObjects ?? {}, v.device)) }));
    const filterAt = new Map(filters.map((f) => [f.Name.toLowerCase(), addr(f.Address)]));
    const volumeAt = new Map(volumes.map((v) => [v.device.toLowerCase(), v.at]));
    const filterList = linksOf(
      frameAt + FRAME_FILTERS,
      filters.map((f) => addr(f.Address) + PRIMARY_LINK),
    );
    const volumeList = linksOf(
      frameAt + FRAME_VOLUMES,
      volumes.map((v) => v.at + PRIMARY_LINK),
    );
    this.volumeLinks.clear();
    for (const v of volumes) {
      const on = fm.instancesOn(v.device).map((i) => addr(i.Address) + PRIMARY_LINK);
      this.volumeLinks.set(v.device.toLowerCase(), linksOf(v.at + VOLUME_INSTANCES, on));
    }
    const block = paintedOnce;
    const text = (out: Uint8Array, at: number, room: number, s: string) => {
      const n = Math.min(s.length, room / 2);
      for (let i = 0; i < n; i++) {
        out[at + i * 2] = s.charCodeAt(i) & 0xff;
        out[at + i * 2 + 1] = s.charCodeAt(i) >> 8;
      }
      return n * 2;
    };
    const unicode = (w: StructWriter, path: string, out: Uint8Array, slot: { at: number; room: number }, s: string) => {
      const length = text(out, slot.at, slot.room, s);
      w.set(`${path}.Length`, length)
        .set(`${path}.MaximumLength`, slot.room)
        .set(`${path}.Buffer`, w.address + BigInt(slot.at));
    };
    const list = (w: StructWriter, path: string, links: Map<bigint, [bigint, bigint]>, at: bigint) => {
      const [flink, blink] = links.get(at) ?? [at, at];
      w.list(path, flink, blink);
    };

    const globals = this.k.images.symbolAddress('fltmgr!FltGlobals');
    if (globals !== null) {
      const frames = linksOf(globals + GLOBALS_FRAMES, [frameAt + FRAME_LINKS]);
      emit(
        block(globals, 0xd8, 'fltmgr!FltGlobals', (out) => {
          const w = new StructWriter(db, 'fltmgr', '_GLOBALS', out, 0, globals);
          const driver = this.k.io.state.drivers[fm.state.driver ?? 0];
          w.set('NumProcessors', 1)
            .set('CacheLineSize', 0x40)
            .set('ControlDeviceObject', addr(this.k.ob.get(driver?.DeviceObject ?? 0)?.Address))
            .set('DriverObject', addr(this.k.ob.get(fm.state.driver ?? 0)?.Address))
            .set('FrameList.rCount', 1);
          list(w, 'FrameList.rList', frames, globals + GLOBALS_FRAMES);
        }),
      );
      emit(
        block(frameAt, FLT_FRAME_ALLOCATION, 'FLTP_FRAME', (out) => {
          const w = new StructWriter(db, 'fltmgr', '_FLTP_FRAME', out, 0, frameAt);
          w.set('Type.Signature', 0xf002).set('Type.Size', 0x158).set('FrameID', 0).set('RegisteredFilters.rCount', filters.length);
          w.set('AttachedVolumes.rCount', volumes.length).set('LargeIrpCtrlStackSize', 2).set('SmallIrpCtrlStackSize', 1);
          list(w, 'Links', frames, frameAt + FRAME_LINKS);
          unicode(w, 'AltitudeIntervalLow', out, STRINGS.frameLow, '0');
          unicode(w, 'AltitudeIntervalHigh', out, STRINGS.frameHigh, '409500');
          list(w, 'RegisteredFilters.rList', filterList, frameAt + FRAME_FILTERS);
          list(w, 'AttachedVolumes.rList', volumeList, frameAt + FRAME_VOLUMES);
          w.emptyList('MountingVolumes');
        }),
      );
    }

    for (const f of filters) {
      const at = addr(f.Address);
      const instances = fm.instancesOf(f.Name).sort((a, b) => a.id - b.id);
      const own = linksOf(
        at + FILTER_INSTANCES,
        instances.map((i) => addr(i.Address) + FILTER_LINK),
      );
      emit(
        block(at, FLT_FILTER_ALLOCATION, 'FLT_FILTER', (out) => {
          const w = new StructWriter(db, 'fltmgr', '_FLT_FILTER', out, 0, at);
          const driver = this.k.io.state.drivers[f.DriverObject];
          w.set('Base.Flags', FLT_OBJECT_FILTER)
            .set('Base.PointerCount', 1 + instances.length)
            .set('Frame', frameAt)
            .set('DriverObject', addr(this.k.ob.get(f.DriverObject)?.Address))
            .set('InstanceList.rCount', instances.length)
            .set('FilterUnload', routineValue(this.k, f.Registration.FilterUnloadCallback))
            .set('InstanceSetup', routineValue(this.k, f.Registration.InstanceSetupCallback))
            .set('OldDriverUnload', driver ? routineValue(this.k, driver.DriverUnload) : 0n);
          list(w, 'Base.PrimaryLink', filterList, at + PRIMARY_LINK);
          list(w, 'InstanceList.rList', own, at + FILTER_INSTANCES);
          unicode(w, 'Name', out, STRINGS.filterName, f.Name);
          unicode(w, 'DefaultAltitude', out, STRINGS.filterAltitude, f.DefaultAltitude);
        }),
      );
      for (const i of instances) emit(this.instanceBlock(i, block, own, volumeAt, filterAt, unicode, list));
    }

    for (const v of volumes) {
      const on = fm.instancesOn(v.device);
      const links = this.volumeLinks.get(v.device.toLowerCase()) ?? new Map<bigint, [bigint, bigint]>();
      emit(
        block(v.at, FLT_VOLUME_ALLOCATION, 'FLT_VOLUME', (out) => {
          const w = new StructWriter(db, 'fltmgr', '_FLT_VOLUME', out, 0, v.at);
          const filterDevice = dictGet(fm.state.volumes, v.device);
          const disk = this.k.io.state.devices[filterDevice ?? 0]?.AttachedTo ?? null;
          w.set('Base.Flags', FLT_OBJECT_VOLUME)
            .set('Base.PointerCount', 1 + on.length)
            .set('DeviceObject', addr(this.k.ob.get(filterDevice ?? 0)?.Address))
            .set('DiskDeviceObject', addr(this.k.ob.get(disk ?? 0)?.Address))
            .set('FrameZeroVolume', v.at)
            .set('Frame', frameAt)
            .set('InstanceList.rCount', on.length);
          list(w, 'Base.PrimaryLink', volumeList, v.at + PRIMARY_LINK);
          list(w, 'InstanceList.rList', links, v.at + VOLUME_INSTANCES);
          unicode(w, 'DeviceName', out, STRINGS.volumeName, v.device);
        }),
      );
    }
  }

  /** The links of each volume's instance list (computed first in blocks()). */
  private readonly volumeLinks = new Map<string, Map<bigint, [bigint, bigint]>>();

  private instanceBlock(
    i: FltInstanceRecord,
    block: (start: bigint, size: number, what: string, paint: (out: Uint8Array) => void) => MemoryBlock,
    own: Map<bigint, [bigint, bigint]>,
    volumeAt: Map<string, bigint>,
    filterAt: Map<string, bigint>,
    unicode: (w: StructWriter, path: string, out: Uint8Array, slot: { at: number; room: number }, s: string) => void,
    list: (w: StructWriter, path: string, links: Map<bigint, [bigint, bigint]>, at: bigint) => void,
  ): MemoryBlock {
    const at = addr(i.Address);
    const db = win7X64TypeDatabase();
    return block(at, FLT_INSTANCE_ALLOCATION, 'FLT_INSTANCE', (out) => {
      const w = new StructWriter(db, 'fltmgr', '_FLT_INSTANCE', out, 0, at);
      const rundown = this.k.flt.operationsInFlight(i.id);
      w.set('Base.Flags', FLT_OBJECT_INSTANCE)
        .set('Base.PointerCount', 1)
        .set('Base.RundownRef.Count', BigInt(rundown) * 2n)
        .set('Volume', volumeAt.get(i.Volume.toLowerCase()) ?? 0n)
        .set('Filter', filterAt.get(i.Filter.toLowerCase()) ?? 0n);
      list(w, 'Base.PrimaryLink', this.volumeLinks.get(i.Volume.toLowerCase()) ?? new Map(), at + PRIMARY_LINK);
      list(w, 'FilterLink', own, at + FILTER_LINK);
      unicode(w, 'Altitude', out, STRINGS.instanceAltitude, i.Altitude);
      unicode(w, 'Name', out, STRINGS.instanceName, i.Name);
    });
  }
}
