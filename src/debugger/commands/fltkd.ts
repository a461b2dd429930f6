/**
 * The Filter Manager's debugger extension (fltkd.dll): `!fltkd.filters` (the
 * frame's registered filters and each one's instances), `!fltkd.volumes` (the
 * attached volumes and the instances on each, highest altitude first) and
 * `!fltkd.instance <address>` (one FLT_INSTANCE). All of it is read from
 * memory by fltmgr's types, starting at fltmgr!FltGlobals, as fltkd does.
 */
import { argsOf, guarded, type CommandContext, type KdCommand } from '../command.ts';
import { fieldSlot } from '../../kernel/mm/layout.ts';
import { fromLe } from '../memory.ts';
import { findSymbol } from '../symbols.ts';
import type { Target } from '../target.ts';

const FLT_OBJECT_INSTANCE = 0x01000000n;
const LIST_GUARD = 256;

const p64 = (v: bigint) => v.toString(16).padStart(16, '0');
const hex8 = (v: bigint) => v.toString(16).padStart(8, '0');

/** Fields of fltmgr's structures, read through the target. */
class FltReader {
  readonly t: Target;

  constructor(t: Target) {
    this.t = t;
  }

  offset(type: string, path: string): bigint {
    const s = fieldSlot(this.t.types, 'fltmgr', type, path);
    if (!s) throw new FltkdError(`Could not find field "${path}" of fltmgr!${type}`);
    return BigInt(s.offset);
  }

  field(at: bigint, type: string, path: string): bigint {
    const s = fieldSlot(this.t.types, 'fltmgr', type, path);
    if (!s) throw new FltkdError(`Could not find field "${path}" of fltmgr!${type}`);
    const size = Math.min(s.size, 8);
    const b = this.t.read(at + BigInt(s.offset), size);
    if (!b) throw new FltkdError(`Could not read field "${path}" of fltmgr!${type} from address: ${p64(at)}`);
    return fromLe(b, 0, size);
  }

  unicode(at: bigint, type: string, path: string): string {
    const length = Number(this.field(at, type, `${path}.Length`));
    const buffer = this.field(at, type, `${path}.Buffer`);
    if (length === 0) return '';
    const b = this.t.read(buffer, length);
    if (!b) return '';
    let s = '';
    for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
    return s;
  }

  /** The records of a list: each entry's link address minus the link's offset in its record. */
  entries(head: bigint, linkOffset: bigint): bigint[] {
    const out: bigint[] = [];
    let e = this.field(head, '_LIST_ENTRY', 'Flink');
    for (let i = 0; e !== head && e !== 0n && i < LIST_GUARD; i++) {
      out.push(e - linkOffset);
      e = this.field(e, '_LIST_ENTRY', 'Flink');
    }
    return out;
  }

  /** Frame 0, from fltmgr!FltGlobals.FrameList. */
  frame(): bigint {
    const hit = findSymbol(this.t, 'fltmgr', 'FltGlobals');
    if (!hit) throw new FltkdError('Unable to get address of FltMgr!FltGlobals');
    const globals = hit.module.base + BigInt(hit.symbol.rva);
    const head = globals + this.offset('_GLOBALS', 'FrameList.rList');
    const frames = this.entries(head, this.offset('_FLTP_FRAME', 'Links'));
    if (frames.length === 0) throw new FltkdError('No frames found in FltMgr!FltGlobals');
    return frames[0];
  }

  instanceLine(i: bigint): string {
    return `FLT_INSTANCE: ${p64(i)} "${this.unicode(i, '_FLT_INSTANCE', 'Name')}" "${this.unicode(i, '_FLT_INSTANCE', 'Altitude')}"`;
  }
}

class FltkdError extends Error {}

function run(c: CommandContext, fn: (r: FltReader) => void): boolean {
  return guarded(c, () => {
    try {
      fn(new FltReader(c.session.target));
      return true;
    } catch (e) {
      if (e instanceof FltkdError) {
        c.out.push(e.message);
        return false;
      }
      throw e;
    }
  });
}

function noArguments(c: CommandContext, usage: string): boolean {
  if (argsOf(c).trim() === '') return true;
  c.out.push(usage);
  return false;
}

/** One of the frame's lists: a header line, each object with its name (and altitude), then its instances. */
interface FrameList {
  verb: string;
  title: string;
  list: string;
  type: string;
  line: (r: FltReader, at: bigint) => string;
  instances: string;
  instanceLink: string;
}

function frameList(spec: FrameList): KdCommand {
  return {
    verbs: [spec.verb],
    run(c) {
      if (!noArguments(c, `Usage: ${spec.verb}`)) return false;
      return run(c, (r) => {
        const frame = r.frame();
        const head = frame + r.offset('_FLTP_FRAME', `${spec.list}.rList`);
        c.out.push('', `${spec.title}: ${p64(frame + r.offset('_FLTP_FRAME', spec.list))} "Frame ${r.field(frame, '_FLTP_FRAME', 'FrameID')}" `);
        for (const at of r.entries(head, r.offset(spec.type, 'Base.PrimaryLink'))) {
          c.out.push(`   ${spec.line(r, at)}`);
          const instances = at + r.offset(spec.type, `${spec.instances}.rList`);
          for (const i of r.entries(instances, r.offset('_FLT_INSTANCE', spec.instanceLink))) c.out.push(`      ${r.instanceLine(i)}`);
        }
      });
    },
  };
}

export const fltkdFilters = frameList({
  verb: '!fltkd.filters',
  title: 'Filter List',
  list: 'RegisteredFilters',
  type: '_FLT_FILTER',
  line: (r, f) => `FLT_FILTER: ${p64(f)} "${r.unicode(f, '_FLT_FILTER', 'Name')}" "${r.unicode(f, '_FLT_FILTER', 'DefaultAltitude')}"`,
  instances: 'InstanceList',
  instanceLink: 'FilterLink',
});

export const fltkdVolumes = frameList({
  verb: '!fltkd.volumes',
  title: 'Volume List',
  list: 'AttachedVolumes',
  type: '_FLT_VOLUME',
  line: (r, v) => `FLT_VOLUME: ${p64(v)} "${r.unicode(v, '_FLT_VOLUME', 'DeviceName')}"`,
  instances: 'InstanceList',
  instanceLink: 'Base.PrimaryLink',
});

export const fltkdInstance: KdCommand = {
  verbs: ['!fltkd.instance'],
  run(c) {
    const text = argsOf(c).trim();
    if (text === '') {
      c.out.push('Usage: !fltkd.instance <FLT_INSTANCE address>');
      return false;
    }
    return run(c, (r) => {
      const i = c.session.evaluate(c.line, c.argsStart).value;
      const flags = r.field(i, '_FLT_OBJECT', 'Flags');
      if ((flags & FLT_OBJECT_INSTANCE) === 0n) throw new FltkdError(`${p64(i)} is not a FLT_INSTANCE (FLT_OBJECT.Flags ${hex8(flags)})`);
      const link = (at: bigint, type: string, path: string) => `[${p64(r.field(at, type, `${path}.Flink`))}-${p64(r.field(at, type, `${path}.Blink`))}]`;
      const rundown = r.field(i, '_FLT_OBJECT', 'RundownRef.Count');
      const volume = r.field(i, '_FLT_INSTANCE', 'Volume');
      const filter = r.field(i, '_FLT_INSTANCE', 'Filter');
      c.out.push(
        r.instanceLine(i),
        `   FLT_OBJECT: ${p64(i)}  [${hex8(flags)}] Instance`,
        `      RundownRef               : 0x${p64(rundown)} (${rundown >> 1n})`,
        `      PointerCount             : 0x${hex8(r.field(i, '_FLT_OBJECT', 'PointerCount'))} `,
        `      PrimaryLink              : ${link(i, '_FLT_OBJECT', 'PrimaryLink')} `,
        `   OperationRundownRef      : ${p64(r.field(i, '_FLT_INSTANCE', 'OperationRundownRef'))} `,
        `   Flags                    : [${hex8(r.field(i, '_FLT_INSTANCE', 'Flags'))}]`,
        `   Volume                   : ${p64(volume)} "${volume === 0n ? '' : r.unicode(volume, '_FLT_VOLUME', 'DeviceName')}"`,
        `   Filter                   : ${p64(filter)} "${filter === 0n ? '' : r.unicode(filter, '_FLT_FILTER', 'Name')}"`,
        `   TrackCompletionNodes     : ${p64(r.field(i, '_FLT_INSTANCE', 'TrackCompletionNodes'))}`,
        `   ContextLock              : (${p64(i + r.offset('_FLT_INSTANCE', 'ContextLock'))})`,
        `   Context                  : ${p64(r.field(i, '_FLT_INSTANCE', 'Context'))}`,
        `   CallbackNodes            : (${p64(i + r.offset('_FLT_INSTANCE', 'CallbackNodes'))})`,
        `   VolumeLink               : ${link(i, '_FLT_OBJECT', 'PrimaryLink')} `,
        `   FilterLink               : ${link(i, '_FLT_INSTANCE', 'FilterLink')} `,
      );
    });
  },
};

export const FLTKD_COMMANDS: readonly KdCommand[] = [fltkdFilters, fltkdVolumes, fltkdInstance];
