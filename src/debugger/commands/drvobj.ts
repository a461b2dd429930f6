/**
 * `!drvobj DriverObject [Flags]` (kdexts): a driver object's name, its
 * device objects (flag 1, the default), and its entry points and dispatch
 * table (flag 2; all 28 IRP_MJ slots). Flag 4 adds each device as !devobj
 * shows it. A name without a backslash gets `\Driver\`; a name is tried
 * before the expression evaluator, as kdexts does.
 */
import { guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { KernelReader, a64, objectArgument } from '../kobjects.ts';
import { MAJOR_NAMES } from '../../kernel/io/types.ts';
import { devobjLines } from './devobj.ts';

/** Split `!ext arg [flags]`: the first word and the rest (an expression for the flags). */
export function objectAndFlags(c: CommandContext): { word: string; wordAt: number; flagsAt: number } | null {
  const at = skipBlanks(c.line, c.argsStart);
  if (at >= c.line.length) return null;
  const m = /^\S+/.exec(c.line.slice(at));
  const word = m ? m[0] : '';
  return { word, wordAt: at, flagsAt: skipBlanks(c.line, at + word.length) };
}

/** The object a command names: by name first, else the evaluated expression. */
export function resolveObject(c: CommandContext, reader: KernelReader, word: string, wordAt: number, prefix: string): bigint {
  return objectArgument(reader, word, prefix) ?? c.session.evaluate(c.line, wordAt).value;
}

/** The object an extension's first argument names (usage text when there is none); null: reported. */
export function objectOperand(c: CommandContext, reader: KernelReader, usage: string, prefix: string): { address: bigint; flagsAt: number } | null {
  const args = objectAndFlags(c);
  if (!args) {
    c.out.push(usage);
    return null;
  }
  const address = resolveObject(c, reader, args.word, args.wordAt, prefix);
  noteAddress(c, address);
  return { address, flagsAt: args.flagsAt };
}

function routine(reader: KernelReader, v: bigint | null): string {
  if (v === null || v === 0n) return '00000000\t';
  return `${a64(v)}\t${reader.symbolize(v)}`;
}

export const drvobj: KdCommand = {
  verbs: ['!drvobj'],
  run(c) {
    return guarded(c, () => {
      const reader = new KernelReader(c.session.target);
      const arg = objectOperand(c, reader, 'Usage: !drvobj <DriverObject | DriverName> [Flags]', '\\Driver\\');
      if (!arg) return false;
      const address = arg.address;
      const flags = arg.flagsAt < c.line.length ? c.session.evaluate(c.line, arg.flagsAt).value : 1n;
      const type = reader.field(address, '_DRIVER_OBJECT', 'Type');
      if (type === null) {
        c.out.push(`Could not read driver object at ${a64(address)}`);
        return false;
      }
      if (type !== 4n) {
        c.out.push(`${a64(address)} is not a driver object`);
        return false;
      }
      const name = reader.unicode(address + BigInt(reader.offset('_DRIVER_OBJECT', 'DriverName') ?? 0x38)) ?? '';
      c.out.push(`Driver object (${a64(address)}) is for:`, ` ${name}`);
      const devices: bigint[] = [];
      for (
        let d = reader.field(address, '_DRIVER_OBJECT', 'DeviceObject') ?? 0n;
        d !== 0n && devices.length < 256;
        d = reader.field(d, '_DEVICE_OBJECT', 'NextDevice') ?? 0n
      )
        devices.push(d);
      if ((flags & 1n) !== 0n) {
        c.out.push('Driver Extension List: (id , addr)', '', 'Device Object list:');
        c.out.push(devices.map((d) => `${a64(d)}  `).join(''));
        if ((flags & 4n) !== 0n) for (const d of devices) c.out.push('', ...devobjLines(reader, d));
      }
      if ((flags & 2n) !== 0n) {
        const ext = reader.field(address, '_DRIVER_OBJECT', 'DriverExtension') ?? 0n;
        c.out.push(
          '',
          `DriverEntry:   ${routine(reader, reader.field(address, '_DRIVER_OBJECT', 'DriverInit'))}`,
          `DriverStartIo: ${routine(reader, reader.field(address, '_DRIVER_OBJECT', 'DriverStartIo'))}`,
          `DriverUnload:  ${routine(reader, reader.field(address, '_DRIVER_OBJECT', 'DriverUnload'))}`,
          `AddDevice:     ${routine(reader, ext === 0n ? 0n : reader.field(ext, '_DRIVER_EXTENSION', 'AddDevice'))}`,
          '',
          'Dispatch routines:',
        );
        for (let i = 0; i < 28; i++) {
          const v = reader.field(address, '_DRIVER_OBJECT', `MajorFunction[${i}]`) ?? 0n;
          c.out.push(`[${i.toString(16).padStart(2, '0')}] ${MAJOR_NAMES[i].padEnd(35)}${routine(reader, v)}`);
        }
      }
      c.session.touchAddress(reader.field(address, '_DRIVER_OBJECT', 'DriverStart') ?? 0n);
      return true;
    });
  },
};
