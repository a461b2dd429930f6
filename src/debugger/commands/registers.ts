/** `r` (registers), `.cxr` (context record) and `.trap` (trap frame). */
import { argsOf, caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { readContextRecord, readTrapFrame, registerBlock, registerBlockX86 } from '../context.ts';
import { flat64, hex, u64 } from '../format.ts';
import { annotation, instructionAt, instructionLine, unreadableLine } from '../listing.ts';
import { formatSymbol } from '../symbols.ts';
import type { RegisterContext, RegisterName, SpecialRegisterName } from '../target.ts';
import { REGISTER_NAMES } from '../target.ts';
import { readRecordX86 } from '../x86/context.ts';
import { X86_ASSIGNABLE } from '../x86/register-names.ts';

/** The symbol line and the current instruction with its effective-address annotation. */
export function currentInstruction(c: CommandContext, ctx: RegisterContext): void {
  const t = c.session.target;
  const rip = ctx.regs.rip;
  c.session.touchAddress(rip);
  const sym = formatSymbol(t, rip);
  if (sym) c.out.push(`${sym}:`);
  const ins = instructionAt(t, rip);
  // kd on x86 prefixes user-mode code with its selector (`001b:7c90d090`), as the stop banner does.
  const selector = t.arch === 'x86' && ctx.regs.cs !== 8n ? `${hex(ctx.regs.cs, 4)}:` : '';
  c.out.push(selector + (ins ? instructionLine(ins, t.arch) + annotation(t, ins, ctx) : unreadableLine(rip, t.arch)));
}

/** Register block + instruction, as `r`, `.cxr` and `!analyze` print a context. */
export function showContext(c: CommandContext, ctx: RegisterContext): void {
  // An x64 trap frame lacks the nonvolatile registers; an x86 one holds them all (no note there).
  if (ctx.source === 'trap' && c.session.target.arch !== 'x86') {
    c.out.push('NOTE: The trap frame does not contain all registers.', 'Some register values may be zeroed or incorrect.');
  }
  c.out.push(...(c.session.target.arch === 'x86' ? registerBlockX86(ctx) : registerBlock(ctx, ctx.source !== 'trap')));
  currentInstruction(c, ctx);
}

function setContext(c: CommandContext, ctx: RegisterContext | null, kind: 'cxr' | 'trap'): void {
  c.session.override = ctx;
  c.session.frame = 0;
  c.host.emit('kd.context', { kind: ctx ? kind : 'reset', address: ctx?.address === undefined ? null : flat64(ctx.address) });
}

/** The register name starting at `i` ([A-Za-z$][A-Za-z0-9$_]*), scanned by hand: a long line must not be sliced or re-scanned per name. */
function wordAt(line: string, i: number): string | null {
  const isStart = (ch: number): boolean => (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 36;
  if (i >= line.length || !isStart(line.charCodeAt(i))) return null;
  let j = i + 1;
  for (; j < line.length; j++) {
    const ch = line.charCodeAt(j);
    if (!(isStart(ch) || (ch >= 48 && ch <= 57) || ch === 95)) break;
  }
  return line.slice(i, j);
}

/** The register lines `rM` adds for the mask bits beyond the integer state (kernel mode, x64). */
function maskLines(c: CommandContext, mask: bigint): string[] {
  const p = c.session.target.processor(c.session.processor);
  const sp = p?.special;
  const v = (n: SpecialRegisterName, digits = 16): string => `${n}=${sp ? hex(sp[n], digits) : '?'.repeat(digits)}`;
  const lines: string[] = [];
  if (mask & 0x20n) lines.push(`${v('dr0')} ${v('dr1')} ${v('dr2')}`, `${v('dr3')} ${v('dr6')} ${v('dr7')} ${v('cr4')}`);
  if (mask & 0x80n) lines.push(`${v('cr0')} ${v('cr2')} ${v('cr3')}`, v('cr8'));
  if (mask & 0x100n) lines.push(`${v('gdtr')}   ${v('gdtl', 4)} ${v('idtr')}   ${v('idtl', 4)} ${v('tr', 4)}  ${v('ldtr', 4)}`);
  return lines;
}

/** `rM mask`: the register display for the mask bits (0x2 integer state, 0x8 segments, 0x20 debug, 0x80 control, 0x100 descriptors). */
function maskedDisplay(c: CommandContext): boolean {
  const s = c.session;
  const i = skipBlanks(c.line, c.argsStart);
  if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
  const m = s.evaluate(c.line, i);
  if (skipBlanks(c.line, m.end) < c.line.length) return caretError(c, skipBlanks(c.line, m.end), 'Syntax');
  const ctx = s.context();
  const block = registerBlock(ctx, (m.value & 8n) !== 0n);
  const integer = (m.value & 3n) !== 0n;
  if (integer) c.out.push(...block.slice(0, 7));
  if (m.value & 8n) c.out.push(block[7]);
  c.out.push(...maskLines(c, m.value));
  if (integer) currentInstruction(c, ctx);
  return true;
}

export const registers: KdCommand = {
  verbs: ['r', 'rM'],
  run(c) {
    const s = c.session;
    const text = argsOf(c);
    if (c.verb === 'rM') return guarded(c, () => maskedDisplay(c));
    if (text.trim() === '') {
      // Only .cxr/.trap (and .thread) set a context; `r reg=value` edits the processor's own.
      if (s.override && s.override.source !== 'processor') c.out.push('Last set context:');
      showContext(c, s.context());
      return true;
    }
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      const shown: string[] = [];
      const seen = new Map<string, string | null>();
      while (i < c.line.length) {
        if (c.line[i] === '@') return caretError(c, i, 'Syntax');
        const word = wordAt(c.line, i);
        if (word === null) return caretError(c, i, 'Syntax');
        const name = word.toLowerCase();
        const at = i;
        i = skipBlanks(c.line, i + word.length);
        if (c.line[i] === '=') {
          const v = s.evaluate(c.line, i + 1);
          if (!assign(c, name, v.value, at)) return false;
          seen.clear();
          i = skipBlanks(c.line, v.end);
        } else {
          // A register named again shows the same text: look each name up once per command.
          let text2 = seen.get(name);
          if (text2 === undefined) {
            text2 = show(c, name);
            seen.set(name, text2);
          }
          // r names registers itself: an unknown one is a caret error, not the evaluator's.
          if (text2 === null) return caretError(c, at + word.length, 'Bad register');
          shown.push(text2);
        }
        if (c.line[i] === ',') i = skipBlanks(c.line, i + 1);
        else if (i < c.line.length && wordAt(c.line, i) === null) return caretError(c, i, 'Syntax');
      }
      if (shown.length > 0) c.out.push(shown.join(' '));
      return true;
    });
  },
};

function show(c: CommandContext, name: string): string | null {
  if (name.startsWith('$')) {
    const v = c.session.pseudo(name.slice(1));
    return v === null ? null : `${name}=${flat64(v)}`;
  }
  const r = c.session.register(name);
  return r === null ? null : `${name}=${hex(r.value, r.digits)}`;
}

function assign(c: CommandContext, name: string, value: bigint, at: number): boolean {
  const s = c.session;
  if (/^\$t(1[0-9]|[0-9])$/.test(name)) {
    s.temps.set(name.slice(1), value);
    return true;
  }
  // x86 registers are set by their own names and hold 32 bits (segments and efl are the same slots on both).
  const x86 = s.target.arch === 'x86';
  const slot = x86 ? X86_ASSIGNABLE.get(name) : (REGISTER_NAMES as readonly string[]).includes(name) ? (name as RegisterName) : undefined;
  if (slot === undefined) return caretError(c, at + name.length, 'Bad register');
  const ctx = s.context();
  const regs = { ...ctx.regs, [slot]: x86 ? value & 0xffffffffn : u64(value) };
  s.override = { ...ctx, regs, flagBits: name === 'efl' ? regs.efl : ctx.flagBits };
  return true;
}

export const cxr: KdCommand = {
  verbs: ['.cxr', '.trap'],
  run(c) {
    const s = c.session;
    const kind = c.verb === '.cxr' ? 'cxr' : 'trap';
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      while (/^\/[fw]\b/i.test(c.line.slice(i))) i = skipBlanks(c.line, i + 2);
      if (i >= c.line.length) {
        setContext(c, null, kind);
        if (kind === 'cxr') c.out.push('Resetting default scope');
        return true;
      }
      const a = s.evaluate(c.line, i);
      if (skipBlanks(c.line, a.end) < c.line.length) return caretError(c, skipBlanks(c.line, a.end), 'Syntax');
      noteAddress(c, a.value);
      const native = s.target.processor(s.processor)?.context.flagBits ?? 0n;
      // A 32-bit target's CONTEXT and KTRAP_FRAME have their own layouts (and .trap prints the error code first).
      const ctx =
        s.target.arch === 'x86'
          ? readRecordX86(c, kind, a.value)
          : kind === 'cxr'
            ? readContextRecord(s.target, a.value, native)
            : readTrapFrame(s.target, a.value);
      if (!ctx) {
        if (s.target.arch !== 'x86') c.out.push(kind === 'cxr' ? 'Unable to read context, Win32 error 0n30' : 'Unable to read trap frame, Win32 error 0n30');
        return false;
      }
      setContext(c, ctx, kind);
      showContext(c, ctx);
      return true;
    });
  },
};
