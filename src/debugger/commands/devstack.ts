/**
 * `!devstack DeviceObject` (kdexts): the device stack a device is in, from
 * the top down, with `>` on the device asked about, each device's driver,
 * extension and name; then the devnode of the bottom device (the PDO).
 */
import { guarded, type KdCommand } from '../command.ts';
import { KernelReader, a64, p64 } from '../kobjects.ts';
import { objectOperand } from './drvobj.ts';
import { driverNameOf } from './devobj.ts';

export const devstack: KdCommand = {
  verbs: ['!devstack'],
  run(c) {
    return guarded(c, () => {
      const reader = new KernelReader(c.session.target);
      const arg = objectOperand(c, reader, 'Usage: !devstack <DeviceObject | DeviceName>', '\\Device\\');
      if (!arg) return false;
      const device = arg.address;
      if (reader.field(device, '_DEVICE_OBJECT', 'Type') !== 3n) {
        c.out.push(`${a64(device)} is not a device object`);
        return false;
      }
      const lower = (d: bigint) => {
        const doe = reader.field(d, '_DEVICE_OBJECT', 'DeviceObjectExtension') ?? 0n;
        return doe === 0n ? 0n : (reader.field(doe, '_DEVOBJ_EXTENSION', 'AttachedTo') ?? 0n);
      };
      let top = device;
      for (let guard = 0; guard < 32; guard++) {
        const up = reader.field(top, '_DEVICE_OBJECT', 'AttachedDevice') ?? 0n;
        if (up === 0n) break;
        top = up;
      }
      const stack: bigint[] = [];
      for (let d = top; d !== 0n && stack.length < 32; d = lower(d)) stack.push(d);
      c.out.push('  !DevObj           !DrvObj            !DevExt           ObjectName');
      for (const d of stack) {
        const ext = reader.field(d, '_DEVICE_OBJECT', 'DeviceExtension') ?? 0n;
        c.out.push(`${d === device ? '>' : ' '} ${a64(d)}  ${driverNameOf(reader, d).padEnd(18)} ${p64(ext)}  ${reader.objectName(d)}`);
      }
      const pdo = stack[stack.length - 1];
      const doe = reader.field(pdo, '_DEVICE_OBJECT', 'DeviceObjectExtension') ?? 0n;
      const devnode = doe === 0n ? 0n : (reader.field(doe, '_DEVOBJ_EXTENSION', 'DeviceNode') ?? 0n);
      if (devnode !== 0n) {
        c.out.push(`!DevNode ${a64(devnode)} :`);
        c.out.push(`  DeviceInst is "${reader.unicode(devnode + BigInt(reader.offset('_DEVICE_NODE', 'InstancePath') ?? 0x28)) ?? ''}"`);
        const service = reader.unicode(devnode + BigInt(reader.offset('_DEVICE_NODE', 'ServiceName') ?? 0x38)) ?? '';
        if (service !== '') c.out.push(`  ServiceName is "${service}"`);
      }
      return true;
    });
  },
};
