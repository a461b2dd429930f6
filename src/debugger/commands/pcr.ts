/**
 * `!pcr [Processor]` and `!prcb [Processor]` (kdexts): a processor's control
 * region and control block. On x64 kdexts still prints the PCR with the x86
 * field names over the x64 layout (Microsoft documents the command as "not
 * currently supported and may display incorrect output"), so the NtTib lines
 * hold the GDT and TSS bases, the user stack pointer, Self, the current PRCB,
 * the lock array and the TEB, and the x86-only fields read as zero. `!pcr`
 * defaults to the current processor, `!prcb` to processor 0.
 */
import { guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { hex } from '../format.ts';
import type { ProcessorControl, ProcessorInfo } from '../target.ts';

/** The processor named by the argument (or the default), with its control data; null after an error. */
function processorArg(c: CommandContext, fallback: number): { n: number; p: ProcessorInfo & { pcr: bigint; control: ProcessorControl } } | null {
  const i = skipBlanks(c.line, c.argsStart);
  const n = i < c.line.length ? Number(c.session.evaluate(c.line, i).value & 0xffffn) : fallback;
  const p = c.session.target.processor(n);
  if (!p || p.pcr === undefined) {
    c.out.push(`Cannot get PRCB address for processor 0x${hex(n)}`);
    return null;
  }
  if (!p.control) {
    c.out.push(
      `lab: this dump does not keep processor ${n}'s control region beyond its address ($pcr = ${hex(p.pcr, 16)}); !pcr and !prcb read it on a live target.`,
    );
    return null;
  }
  return { n, p: { ...p, pcr: p.pcr, control: p.control } };
}

const label = (name: string, value: string) => `${name.padStart(25)}: ${value}`;
const q = (v: bigint) => hex(v, 16);

export const pcr: KdCommand = {
  verbs: ['!pcr'],
  run(c) {
    return guarded(c, () => {
      const a = processorArg(c, c.session.processor);
      if (!a) return false;
      const { n, p } = a;
      const k = p.control;
      c.out.push(
        `KPCR for Processor ${n} at ${q(p.pcr)}:`,
        '    Major 1 Minor 1',
        label('NtTib.ExceptionList', q(k.gdt)),
        label('NtTib.StackBase', q(k.tss)),
        label('NtTib.StackLimit', q(k.userRsp)),
        label('NtTib.SubSystemTib', q(p.pcr)),
        label('NtTib.Version', q(p.pcr + 0x180n)),
        label('NtTib.UserPointer', q(p.pcr + 0x7f0n)),
        label('NtTib.SelfTib', q(k.teb)),
        '',
        ...['SelfPcr', 'Prcb', 'Irql', 'IRR', 'IDR', 'InterruptMode', 'IDT', 'GDT', 'TSS'].map((f) => label(f, q(f === 'Prcb' ? p.pcr + 0x180n : 0n))),
        '',
        label('CurrentThread', q(p.thread)),
        label('NextThread', q(0n)),
        label('IdleThread', q(k.idleThread)),
        '',
        // kdexts puts DpcQueue one column left of the others; an empty queue lists nothing after it.
        `${'DpcQueue'.padStart(24)}:`,
      );
      return true;
    });
  },
};

export const prcb: KdCommand = {
  verbs: ['!prcb'],
  run(c) {
    return guarded(c, () => {
      const a = processorArg(c, 0);
      if (!a) return false;
      const { n, p } = a;
      const k = p.control;
      const d = (v: number) => hex(v, 8);
      c.out.push(
        `PRCB for Processor ${n} at ${q(p.pcr + 0x180n)}:`,
        `Current IRQL -- ${p.irql}`,
        `Threads--  Current ${q(p.thread)} Next ${q(0n)} Idle ${q(k.idleThread)}`,
        `Processor Index ${n} Number (0, ${n}) GroupSetMember ${hex(1 << n)}`,
        `Interrupt Count -- ${d(k.interrupts)}`,
        `Times -- Dpc    ${d(k.dpcTime)} Interrupt ${d(k.interruptTime)} `,
        `         Kernel ${d(k.kernelTime)} User      ${d(k.userTime)} `,
      );
      return true;
    });
  },
};
