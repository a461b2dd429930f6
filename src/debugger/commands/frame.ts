/** `.frame` (select a stack frame), `dv` (locals: private symbols only), `!irql`, `!error`. */
import { caretError, guarded, skipBlanks, type KdCommand } from '../command.ts';
import { NTSTATUS_TEXT, WIN32_TEXT } from '../bugchecks.ts';
import { addr64, hex } from '../format.ts';
import { walkStack } from '../stack.ts';
import { frameContext } from '../unwind.ts';
import { showContext } from './registers.ts';
import { callSite, DEFAULT_FRAMES } from './stack.ts';

export const frame: KdCommand = {
  verbs: ['.frame'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      let withRegisters = false;
      if (/^\/r\b/i.test(c.line.slice(i))) {
        withRegisters = true;
        i = skipBlanks(c.line, i + 2);
      }
      const ctx = s.context();
      const frames = walkStack(s.target, ctx.regs.rip, ctx.regs.rsp, DEFAULT_FRAMES);
      let n = s.frame;
      if (i < c.line.length) {
        const v = s.evaluate(c.line, i);
        if (skipBlanks(c.line, v.end) < c.line.length) return caretError(c, skipBlanks(c.line, v.end), 'Syntax');
        if (v.value >= BigInt(frames.length)) {
          c.out.push(`Frame ${hex(v.value)} is out of range`);
          return false;
        }
        n = Number(v.value);
      }
      const f = frames[Math.min(n, frames.length - 1)];
      s.frame = n;
      c.out.push(`${hex(n, 2)} ${addr64(f.sp)} ${f.ret === null ? '????????`????????' : addr64(f.ret)} ${callSite(s, f.ip)}`);
      // The unwinder restores what each inner frame saved; the rest keeps the context's values.
      if (withRegisters) showContext(c, frameContext(s.target, ctx, frames, Math.min(n, frames.length - 1)));
      return true;
    });
  },
};

/** The modules here have public symbols only, so there are no locals to show. */
export const dv: KdCommand = {
  verbs: ['dv'],
  run(c) {
    c.out.push('Unable to enumerate locals, HRESULT 0x80004005', 'Private symbols (symbols.pri) are required for locals.', 'Type ".hh dbgerr005" for details.');
    return false;
  },
};

const IRQL_NAMES: Readonly<Record<number, string>> = { 0: 'LOW_LEVEL', 1: 'APC_LEVEL', 2: 'DISPATCH_LEVEL', 15: 'HIGH_LEVEL' };

export const irql: KdCommand = {
  verbs: ['!irql'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      const n = i < c.line.length ? Number(s.evaluate(c.line, i).value & 0xffn) : s.processor;
      const p = s.target.processor(n);
      if (!p) {
        c.out.push(`Cannot get PRCB address for processor 0x${hex(n)}`);
        return false;
      }
      c.out.push(`Debugger saved IRQL for processor 0x${hex(n)} -- ${p.irql} (${IRQL_NAMES[p.irql] ?? 'unknown'})`);
      return true;
    });
  },
};

export const error: KdCommand = {
  verbs: ['!error'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const v = Number(s.evaluate(c.line, i).value & 0xffffffffn);
      const nt = v >= 0x10000;
      const text = nt ? NTSTATUS_TEXT[v] : WIN32_TEXT[v];
      c.out.push(`Error code: (${nt ? 'NTSTATUS' : 'Win32'}) 0x${hex(v)} (${v}) - ${text ?? '<Unable to get error code text>'}`);
      return true;
    });
  },
};
