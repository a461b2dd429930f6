/**
 * Breakpoints and execution on a live kernel connection: `bp`, `bu`, `bm`,
 * `bl`, `bc`, `bd`, `be` and `g`. Breakpoints live in the target machine's
 * debugger stub (they are machine state, as int 3 bytes are on hardware).
 * The simulation stops at routine entries, so a breakpoint's address must be
 * the start of a routine the machine runs; `p`, `t` and `gu` (step.ts) step
 * routine by routine.
 */
import { caretError, exprError, guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { ExprError } from '../expr.ts';
import { addr64, addrFor } from '../format.ts';
import { formatSymbol, findSymbol } from '../symbols.ts';
import { wildcard } from '../wildcard.ts';

/** Local kernel debugging reads a running machine and can neither stop nor run it. */
export const LOCAL_ONLY =
  'lab: local kernel debugging (lkd) reads the running machine; it cannot stop it, run it or plant breakpoints. Use a host debugger for that.';

function noControl(c: CommandContext): boolean {
  if (c.session.target.control) return false;
  if (c.session.target.kind === 'dump') caretError(c, 0, 'No runnable debuggees');
  else c.out.push(LOCAL_ONLY);
  return true;
}

interface BpArgs {
  process: bigint | null;
  thread: bigint | null;
  oneShot: boolean;
  expression: string;
  command: string;
}

/** Parse `[/p EProcess] [/t EThread] [/1] Address ["cmds"]`; null after reporting an error. */
function parseBp(c: CommandContext): { args: BpArgs; addressAt: number } | null {
  let i = skipBlanks(c.line, c.argsStart);
  const args: BpArgs = { process: null, thread: null, oneShot: false, expression: '', command: '' };
  while (c.line[i] === '/') {
    const opt = c.line[i + 1]?.toLowerCase();
    if (opt === '1') {
      args.oneShot = true;
      i = skipBlanks(c.line, i + 2);
      continue;
    }
    if (opt !== 'p' && opt !== 't') {
      caretError(c, i, 'Syntax');
      return null;
    }
    const r = c.session.evaluate(c.line, skipBlanks(c.line, i + 2));
    if (opt === 'p') args.process = r.value;
    else args.thread = r.value;
    i = skipBlanks(c.line, r.end);
  }
  const quote = c.line.indexOf('"', i);
  const exprText = (quote < 0 ? c.line.slice(i) : c.line.slice(i, quote)).trim();
  if (quote >= 0) {
    const close = c.line.indexOf('"', quote + 1);
    args.command = c.line.slice(quote + 1, close < 0 ? undefined : close);
  }
  if (exprText === '') {
    caretError(c, i, 'Syntax');
    return null;
  }
  args.expression = exprText;
  return { args, addressAt: i };
}

function setBp(c: CommandContext, deferredOnly: boolean): boolean {
  if (noControl(c)) return false;
  return guarded(c, () => {
    const parsed = parseBp(c);
    if (!parsed) return false;
    const { args } = parsed;
    const control = c.session.target.control;
    if (!control) return false;
    let address: bigint | null = null;
    try {
      address = c.session.evaluate(args.expression).value;
    } catch (e) {
      if (!(e instanceof ExprError) || e.kind !== 'resolve' || !/!/.test(args.expression)) throw e;
    }
    if (address === null || deferredOnly) {
      if (address === null && !deferredOnly) c.out.push(`Bp expression '${args.expression}' could not be resolved, adding deferred bp`);
      control.setBreakpoint({
        address: address ?? 0n,
        expression: args.expression,
        process: args.process,
        thread: args.thread,
        command: args.command,
        oneShot: args.oneShot,
        deferred: true,
      });
      c.event.address = address === null ? undefined : addr64(address);
      return true;
    }
    const existing = control.breakpoints().find((b) => b.address === address);
    if (existing) c.out.push(`breakpoint ${existing.id} redefined`);
    control.setBreakpoint({ address, expression: args.expression, process: args.process, thread: args.thread, command: args.command, oneShot: args.oneShot });
    c.event.address = addr64(address);
    return true;
  });
}

export const bp: KdCommand = { verbs: ['bp'], run: (c) => setBp(c, false) };
export const bu: KdCommand = { verbs: ['bu'], run: (c) => setBp(c, true) };

export const bm: KdCommand = {
  verbs: ['bm'],
  run(c) {
    if (noControl(c)) return false;
    const pattern = c.line.slice(c.argsStart).trim();
    const bang = pattern.indexOf('!');
    if (bang < 0 || pattern === '') return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
    const control = c.session.target.control;
    if (!control) return false;
    const modPat = pattern.slice(0, bang);
    const symPat = pattern.slice(bang + 1);
    let found = 0;
    const modMatch = wildcard(modPat);
    const symMatch = wildcard(symPat);
    for (const m of c.session.target.modules()) {
      if (!modMatch.test(m.name)) continue;
      for (const s of m.symbols) {
        if (s.kind !== 'function' || !symMatch.test(s.name)) continue;
        const address = m.base + BigInt(s.rva);
        const made = control.setBreakpoint({ address, expression: `${m.name}!${s.name}`, process: null, thread: null, command: '', oneShot: false });
        c.out.push(`${String(made.id).padStart(3)}: ${addr64(address)} @!"${m.name}!${s.name}"`);
        found++;
      }
    }
    if (found === 0) c.out.push(`No matching code symbols found, no breakpoints set.`, `If you are using public symbols, switch to full or export symbols.`);
    return found > 0;
  },
};

export const bl: KdCommand = {
  verbs: ['bl'],
  run(c) {
    const control = c.session.target.control;
    if (!control) return true;
    for (const b of control.breakpoints()) {
      const resolved = b.address !== 0n;
      const arch = c.session.target.arch;
      const where = resolved ? addrFor(arch, b.address) : ' '.repeat(arch === 'x86' ? 8 : 17);
      const name = resolved ? (formatSymbol(c.session.target, b.address) ?? addrFor(arch, b.address)) : `(${b.expression})`;
      const cmd = b.command ? ` "${b.command}"` : '';
      c.out.push(`${String(b.id).padStart(2)} ${b.enabled ? 'e' : 'd'}${resolved ? ' ' : 'u'}${where}     0001 (0001) ${name}${cmd}`);
      if (b.process !== null) c.out.push(`     Match process data ${addrFor(arch, b.process)}`);
      if (b.thread !== null) c.out.push(`     Match thread data ${addrFor(arch, b.thread)}`);
    }
    return true;
  },
};

/** `bc 0`, `bc 1-3`, `bc *`, `bc 1 2` (also bd/be). */
function idList(c: CommandContext): number[] | null {
  const text = c.line.slice(c.argsStart).trim();
  const control = c.session.target.control;
  const all = control ? control.breakpoints().map((b) => b.id) : [];
  if (text === '*') return all;
  const ids: number[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let id = from; id <= to && id - from < 64; id++) ids.push(id);
  }
  return ids.length > 0 ? ids : null;
}

function each(c: CommandContext, fn: (id: number) => void): boolean {
  if (noControl(c)) return false;
  const ids = idList(c);
  if (!ids) return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
  for (const id of ids) fn(id);
  return true;
}

export const bc: KdCommand = { verbs: ['bc'], run: (c) => each(c, (id) => c.session.target.control?.clearBreakpoint(id)) };
export const bd: KdCommand = { verbs: ['bd'], run: (c) => each(c, (id) => c.session.target.control?.enableBreakpoint(id, false)) };
export const be: KdCommand = { verbs: ['be'], run: (c) => each(c, (id) => c.session.target.control?.enableBreakpoint(id, true)) };

/** `g`. */
export const go: KdCommand = {
  verbs: ['g'],
  run(c) {
    const control = c.session.target.control;
    if (!control) {
      if (c.session.target.kind === 'dump') return caretError(c, 0, 'No runnable debuggees');
      c.out.push(LOCAL_ONLY);
      return false;
    }
    if (c.line.slice(c.argsStart).trim() !== '') return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
    control.go(c.host);
    return true;
  },
};

/** Resolve a `module!symbol` name for a deferred breakpoint check (exported for tests). */
export function resolves(c: CommandContext, expression: string): boolean {
  const m = /^([^!]+)!(.+)$/.exec(expression);
  return m ? findSymbol(c.session.target, m[1], m[2]) !== null : false;
}

export { exprError };
