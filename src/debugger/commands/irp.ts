/**
 * `!irp Address [Detail]` (kdexts of the Windows 7 era): whether the IRP is
 * active and which stack location is current, its MDL, system buffer and
 * thread, then every stack location from the first, `>` marking the current
 * one: `[major, minor]` in hex, flags, control, device, file object,
 * completion routine and context, when the routine is invoked (Success
 * Error Cancel) and `pending`; the owning driver and the routine's symbol;
 * the four parameter words. Detail 1 adds the IRP's own fields first.
 */
import { guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { KernelReader, a64, p64 } from '../kobjects.ts';
import { driverNameOf } from './devobj.ts';

const IRP_MJ_DEVICE_CONTROL = 0x0e;
const IRP_MJ_INTERNAL_DEVICE_CONTROL = 0x0f;
const SL_PENDING_RETURNED = 0x01;
const SL_INVOKE_ON_CANCEL = 0x20;
const SL_INVOKE_ON_SUCCESS = 0x40;
const SL_INVOKE_ON_ERROR = 0x80;

/** A parameter word: 8 digits when it fits, else the full pointer. */
function word(v: bigint): string {
  return v <= 0xffffffffn ? v.toString(16).padStart(8, '0') : a64(v);
}

/** The lines of one stack location. */
function locationLines(reader: KernelReader, at: bigint, current: boolean): string[] {
  const f = (path: string) => reader.field(at, '_IO_STACK_LOCATION', path) ?? 0n;
  const major = Number(f('MajorFunction'));
  const control = Number(f('Control'));
  const device = f('DeviceObject');
  const routine = f('CompletionRoutine');
  const context = f('Context');
  const when = [
    control & SL_INVOKE_ON_SUCCESS ? ' Success' : '',
    control & SL_INVOKE_ON_ERROR ? ' Error' : '',
    control & SL_INVOKE_ON_CANCEL ? ' Cancel' : '',
    control & SL_PENDING_RETURNED ? ' pending' : '',
  ].join('');
  const head = `${current ? '>' : ' '}[${major.toString(16).padStart(3)},${f('MinorFunction').toString(16).padStart(2)}]  ${f('Flags').toString(16).padStart(2)} ${control.toString(16).padStart(2)} ${p64(device)} ${p64(f('FileObject'))} ${p64(routine)}-${p64(context)} ${when === '' ? '   ' : when.slice(1)}`;
  const owner = device === 0n ? '' : `\t       ${driverNameOf(reader, device)}${routine === 0n ? '' : `\t${reader.symbolize(routine)}`}`;
  const args = [1, 2, 3, 4].map((n) => f(`Parameters.Others.Argument${n}`));
  const text = args.map((v, i) =>
    i === 2 && (major === IRP_MJ_DEVICE_CONTROL || major === IRP_MJ_INTERNAL_DEVICE_CONTROL) && v !== 0n
      ? `0x${(v & 0xffffffffn).toString(16)}`
      : word(i < 2 ? v & 0xffffffffn : v),
  );
  return [head, owner, `\t\t\tArgs: ${text.join(' ')}`];
}

/** Detail 1: the IRP's own fields, one per line. */
function detailLines(reader: KernelReader, irp: bigint): string[] {
  const f = (path: string) => reader.field(irp, '_IRP', path) ?? 0n;
  const h8 = (v: bigint) => v.toString(16).padStart(8, '0');
  const off = (path: string) => irp + BigInt(reader.offset('_IRP', path) ?? 0);
  return [
    `Flags = ${h8(f('Flags'))}`,
    `ThreadListEntry.Flink = ${a64(f('ThreadListEntry.Flink'))}`,
    `ThreadListEntry.Blink = ${a64(f('ThreadListEntry.Blink'))}`,
    `IoStatus.Status = ${h8(f('IoStatus.Status'))}`,
    `IoStatus.Information = ${a64(f('IoStatus.Information'))}`,
    `RequestorMode = ${h8(f('RequestorMode'))}`,
    `Cancel = ${f('Cancel').toString(16).padStart(2, '0')}`,
    `CancelIrql = ${f('CancelIrql')}`,
    `ApcEnvironment = ${f('ApcEnvironment').toString(16).padStart(2, '0')}`,
    `UserIosb = ${a64(f('UserIosb'))}`,
    `UserEvent = ${a64(f('UserEvent'))}`,
    `Overlay.AsynchronousParameters.UserApcRoutine = ${a64(f('Overlay.AsynchronousParameters.UserApcRoutine'))}`,
    `Overlay.AsynchronousParameters.UserApcContext = ${a64(f('Overlay.AsynchronousParameters.UserApcContext'))}`,
    `Overlay.AllocationSize = ${h8(f('Overlay.AllocationSize.HighPart'))} - ${h8(f('Overlay.AllocationSize.LowPart'))}`,
    `CancelRoutine = ${a64(f('CancelRoutine'))}`,
    `UserBuffer = ${a64(f('UserBuffer'))}`,
    `&Tail.Overlay.DeviceQueueEntry = ${a64(off('Tail.Overlay.DeviceQueueEntry'))}`,
    `Tail.Overlay.Thread = ${a64(f('Tail.Overlay.Thread'))}`,
    `Tail.Overlay.AuxiliaryBuffer = ${a64(f('Tail.Overlay.AuxiliaryBuffer'))}`,
    `Tail.Overlay.ListEntry.Flink = ${a64(f('Tail.Overlay.ListEntry.Flink'))}`,
    `Tail.Overlay.ListEntry.Blink = ${a64(f('Tail.Overlay.ListEntry.Blink'))}`,
    `Tail.Overlay.CurrentStackLocation = ${a64(f('Tail.Overlay.CurrentStackLocation'))}`,
    `Tail.Overlay.OriginalFileObject = ${a64(f('Tail.Overlay.OriginalFileObject'))}`,
    `Tail.Apc = ${a64(off('Tail.Apc'))}`,
    `Tail.CompletionKey = ${a64(f('Tail.CompletionKey'))}`,
  ];
}

/** !irp's lines for an IRP (also !irpfind's detail); null when it cannot be read. */
export function irpLines(reader: KernelReader, irp: bigint, detail: boolean): string[] | null {
  const f = (path: string) => reader.field(irp, '_IRP', path);
  const type = f('Type');
  if (type === null) return null;
  if (type !== 6n) return ['IRP signature does not match, probably not an IRP'];
  const count = Number(f('StackCount') ?? 0n);
  const current = Number(BigInt.asIntN(8, f('CurrentLocation') ?? 0n));
  const out: string[] = [];
  const first = irp + BigInt(reader.target.types.find('nt', '_IRP')?.def.size ?? 0xd0);
  const locSize = BigInt(reader.target.types.find('nt', '_IO_STACK_LOCATION')?.def.size ?? 0x48);
  if (current > count) out.push(`Irp is complete (CurrentLocation ${current} > StackCount ${count})`);
  else out.push(`Irp is active with ${count} stacks ${current} is current (= 0x${a64(f('Tail.Overlay.CurrentStackLocation') ?? 0n)})`);
  const mdl = f('MdlAddress') ?? 0n;
  const buffer = f('AssociatedIrp.SystemBuffer') ?? 0n;
  const thread = f('Tail.Overlay.Thread') ?? 0n;
  out.push(
    ` ${mdl === 0n ? 'No Mdl' : `Mdl=${a64(mdl)}`}: ${buffer === 0n ? 'No System Buffer' : `System buffer=${a64(buffer)}`}: Thread ${p64(thread)}:  Irp stack trace.  `,
  );
  if (detail) out.push(...detailLines(reader, irp));
  out.push('     cmd  flg cl Device   File     Completion-Context');
  for (let i = 0; i < count && i < 32; i++) out.push(...locationLines(reader, first + BigInt(i) * locSize, i + 1 === current));
  return out;
}

export const irp: KdCommand = {
  verbs: ['!irp'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      let i = skipBlanks(c.line, c.argsStart);
      if (i >= c.line.length) {
        c.out.push('Usage: !irp <address> [detail]');
        return false;
      }
      const a = s.evaluate(c.line, i);
      i = skipBlanks(c.line, a.end);
      const detail = i < c.line.length ? s.evaluate(c.line, i).value !== 0n : false;
      noteAddress(c, a.value);
      const lines = irpLines(new KernelReader(s.target), a.value, detail);
      if (!lines) {
        c.out.push(`Unable to read IRP at ${a64(a.value)}`);
        return false;
      }
      c.out.push(...lines);
      return lines.length > 1;
    });
  },
};
