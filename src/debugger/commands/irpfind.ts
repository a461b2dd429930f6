/**
 * `!irpfind` (kdexts): every IRP in nonpaged pool, found by its pool tag
 * ('Irp '), with its thread, current stack location's major and minor
 * function, device and driver; completed IRPs say so.
 */
import { guarded, type KdCommand } from '../command.ts';
import { KernelReader, a64, p64 } from '../kobjects.ts';
import { driverNameOf } from './devobj.ts';
import { poolBlocks, tagMatches } from './poolfind.ts';

export const irpfind: KdCommand = {
  verbs: ['!irpfind'],
  run(c) {
    return guarded(c, () => {
      const reader = new KernelReader(c.session.target);
      const { range, blocks } = poolBlocks(c.session.target, 'Nonpaged pool');
      if (!range) {
        c.out.push('Unable to find the nonpaged pool');
        return false;
      }
      c.out.push(`Searching NonPaged pool (${a64(range[0])} : ${a64(range[1])}) for Tag: Irp?`, '');
      c.out.push('  Irp    [ Thread ] irpStack: (Mj,Mn)   DevObj  [Driver]         MDL Process');
      for (const b of blocks) {
        if (b.free || !tagMatches(b.tag, 'Irp?')) continue;
        const irp = b.address + 0x10n;
        const f = (path: string) => reader.field(irp, '_IRP', path) ?? 0n;
        if (f('Type') !== 6n) continue;
        const count = Number(f('StackCount'));
        const current = Number(BigInt.asIntN(8, f('CurrentLocation')));
        const head = `${a64(irp)} [${p64(f('Tail.Overlay.Thread'))}]`;
        if (current > count) {
          c.out.push(`${head} Irp is complete (CurrentLocation ${current} > StackCount ${count})`);
          continue;
        }
        const loc = f('Tail.Overlay.CurrentStackLocation');
        const l = (path: string) => reader.field(loc, '_IO_STACK_LOCATION', path) ?? 0n;
        const device = l('DeviceObject');
        const mdl = f('MdlAddress');
        c.out.push(
          `${head} irpStack: (${l('MajorFunction').toString(16).padStart(2)},${l('MinorFunction').toString(16).padStart(2)})  ${p64(device)} [${driverNameOf(reader, device)}]${mdl === 0n ? '' : ` 0x${a64(mdl)}`}`,
        );
      }
      return true;
    });
  },
};
