/**
 * `.process`, `.thread` and `.cache forcedecodeuser` (kernel mode): the
 * implicit process and thread, and whose page tables translate user-mode
 * addresses. A plain `.process` on a live target names the implicit process
 * but keeps translating user addresses through the running process's page
 * tables (as dbgeng does until `/p` or forcedecodeuser); in a dump it
 * switches translation too. `/r` reloads the user module list; `/i` (live,
 * not local) needs `g` and breaks in inside the new process.
 */
import { caretError, guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addrFor } from '../format.ts';

interface Parsed {
  readonly opts: Set<string>;
  readonly value: bigint | null;
}

function parse(c: CommandContext, allowed: string): Parsed | null {
  const opts = new Set<string>();
  let i = skipBlanks(c.line, c.argsStart);
  while (c.line[i] === '/' || c.line[i] === '-') {
    const o = c.line[i + 1] ?? '';
    if (!allowed.includes(o)) {
      caretError(c, i, 'Syntax');
      return null;
    }
    opts.add(o);
    i = skipBlanks(c.line, i + 2);
  }
  if (i >= c.line.length) return { opts, value: null };
  const r = c.session.evaluate(c.line, i);
  if (skipBlanks(c.line, r.end) < c.line.length) {
    caretError(c, skipBlanks(c.line, r.end), 'Syntax');
    return null;
  }
  // A 32-bit target's addresses are 32 bits, however the expression extended them.
  return { opts, value: c.session.target.arch === 'x86' ? r.value & 0xffffffffn : r.value };
}

function loadUser(c: CommandContext): void {
  c.out.push('Loading User Symbols');
  const n = c.session.target.reloadUser?.() ?? 0;
  if (n > 0) c.out.push('.'.repeat(n));
}

export const processCmd: KdCommand = {
  verbs: ['.process'],
  run(c) {
    return guarded(c, () => {
      const p = parse(c, 'iprP');
      if (!p) return false;
      const s = c.session;
      const t = s.target;
      if (!t.setUserContext) return caretError(c, 0, 'Syntax');
      const live = t.kind === 'live';
      if (p.opts.has('i')) {
        // dbgeng checks for a live kernel target before anything else (the address is not even read):
        // /i on a dump, with or without /p /r, prints this one line and changes nothing.
        if (t.kind === 'dump') {
          c.out.push('This operation only works on live kernel debug sessions');
          return false;
        }
        if (!t.control) {
          c.out.push(
            'lab: .process /i switches a live machine by letting it run (g) until the process is scheduled; local kernel debugging cannot stop or run the machine.',
          );
          return false;
        }
        if (p.value === null) return caretError(c, c.line.length, 'Syntax');
        t.control.invasiveSwitch?.(p.value);
        c.out.push(
          "You need to continue execution (press 'g' <enter>) for the context",
          'to be switched. When the debugger breaks in again, you will be in',
          'the new process context.',
        );
        return true;
      }
      const target = p.value ?? null;
      s.implicitProcess = target;
      const eprocess = target ?? s.pseudo('proc');
      if (p.opts.has('p') || !live) t.setUserContext(target);
      c.out.push(`Implicit process is now ${addrFor(t.arch, eprocess ?? 0n)}`);
      c.event.address = eprocess === null ? undefined : eprocess.toString(16).padStart(16, '0');
      if (p.opts.has('p') && live) c.out.push('.cache forcedecodeuser done');
      // A plain switch on a live machine: user addresses still go through the running process's page tables.
      else if (live && t.control && target !== null) c.out.push('WARNING: .cache forcedecodeuser is not enabled');
      if (p.opts.has('r')) loadUser(c);
      return true;
    });
  },
};

export const threadCmd: KdCommand = {
  verbs: ['.thread'],
  run(c) {
    return guarded(c, () => {
      const p = parse(c, 'prPw');
      if (!p) return false;
      const s = c.session;
      const t = s.target;
      if (p.value === null) {
        s.implicitThread = null;
        s.override = null;
        c.out.push(`Implicit thread is now ${addrFor(t.arch, s.pseudo('thread') ?? 0n)}`);
        return true;
      }
      const thread = t.threads().find((x) => x.ethread === p.value);
      if (!thread) {
        c.out.push(`Unable to read thread ${addrFor(t.arch, p.value)}`);
        return false;
      }
      s.implicitThread = thread.ethread;
      // The register context becomes the thread's saved one: where it resumes, on its kernel stack.
      const ctx = t.threadContext?.(thread.ethread);
      if (ctx) s.override = { regs: ctx.regs, flagBits: ctx.flagBits, source: 'trap', address: thread.ethread };
      // WinDbg names the thread first, then the process /p moved to, then reloads.
      c.out.push(`Implicit thread is now ${addrFor(t.arch, thread.ethread)}`);
      if (p.opts.has('p')) {
        s.implicitProcess = thread.process;
        t.setUserContext?.(thread.process);
        c.out.push(`Implicit process is now ${addrFor(t.arch, thread.process)}`);
        if (t.kind === 'live') c.out.push('.cache forcedecodeuser done');
      }
      if (p.opts.has('r')) loadUser(c);
      c.event.address = thread.ethread.toString(16).padStart(16, '0');
      return true;
    });
  },
};

export const cache: KdCommand = {
  verbs: ['.cache'],
  run(c) {
    const arg = c.line.slice(c.argsStart).trim().toLowerCase();
    const t = c.session.target;
    if (arg === 'forcedecodeuser') {
      // User addresses now translate through the implicit process's page tables, until the target runs.
      t.setUserContext?.(c.session.pseudo('proc'));
      return true;
    }
    if (arg === '') {
      c.out.push('lab: this debugger keeps no memory cache to report; .cache forcedecodeuser is supported.');
      return true;
    }
    return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
  },
};
