/**
 * `kd`: the WinDbg emulator as a lab program. Reads a line, finds the command
 * the way dbgeng does (extensions `!x`, dot commands `.x`, then the letter
 * commands), runs it against the target, prints the output or WinDbg's error,
 * and reports a `kd.command` event. Enter on an empty line repeats the last
 * command; `d*` and `u` repeat as a continuation.
 */
import type { Completion, Program, ProgramHost } from '../base/program.ts';
import type { CommandContext, KdCommand } from './command.ts';
import { caretError } from './command.ts';
import { analyze, bugcheck } from './commands/analyze.ts';
import { cpp, evaluateCpp } from './commands/cpp.ts';
import { display } from './commands/display.ts';
import { dv, error, frame, irql } from './commands/frame.ts';
import { dt } from './commands/dt.ts';
import { echo, evaluateCommand, help, hh, lab, quit, versionLines, vertarget } from './commands/misc.ts';
import { lm, ln, reload, x } from './commands/modules.ts';
import { pool } from './commands/pool.ts';
import { processExt, threadExt } from './commands/process.ts';
import { cxr, registers } from './commands/registers.ts';
import { stack } from './commands/stack.ts';
import { unassemble } from './commands/unassemble.ts';
import { compare, enter, fill, move } from './commands/edit.ts';
import { exr } from './commands/exr.ts';
import { pte } from './commands/pte.ts';
import { physical } from './commands/physical.ts';
import { lmi } from './commands/lmi.ts';
import { formats, radix } from './commands/formats.ts';
import { search } from './commands/search.ts';
import { cls, processorSwitch, sympath } from './commands/session-cmds.ts';
import { bc, bd, be, bl, bm, bp, bu, go } from './commands/breakpoints.ts';
import { step } from './commands/step.ts';
import { pcr, prcb } from './commands/pcr.ts';
import { cache, processCmd, threadCmd } from './commands/implicit.ts';
import { KERNEL_EXTENSIONS } from './commands/kernel-extensions.ts';
import { address } from './commands/address.ts';
import { dh } from './commands/dh.ts';
import { processStatus, threadStatus } from './commands/status.ts';
import { systemStatus } from './commands/system-status.ts';
import './events.ts';
import { KdSession, searchPathLines, type SystemConnection } from './session.ts';
import type { Target } from './target.ts';

const COMMANDS: readonly KdCommand[] = [
  analyze,
  bugcheck,
  cpp,
  display,
  dv,
  echo,
  error,
  frame,
  irql,
  dt,
  evaluateCommand,
  go,
  help,
  hh,
  lab,
  quit,
  vertarget,
  bp,
  bu,
  bm,
  bl,
  bc,
  bd,
  be,
  step,
  pcr,
  prcb,
  processCmd,
  threadCmd,
  cache,
  lm,
  ln,
  reload,
  x,
  pool,
  processExt,
  threadExt,
  cxr,
  registers,
  stack,
  unassemble,
  compare,
  enter,
  fill,
  move,
  exr,
  pte,
  physical,
  lmi,
  formats,
  radix,
  search,
  cls,
  processorSwitch,
  sympath,
  ...KERNEL_EXTENSIONS,
  // After processorSwitch: bare `~` lists the processors, every other `~` form is still the switch's.
  address,
  dh,
  processStatus,
  threadStatus,
  systemStatus,
];

/** The extension DLLs a Windows 7 kernel session has loaded (`!name.command` names one explicitly). */
const EXTENSION_DLLS = new Set(['kdexts', 'kext', 'exts', 'ext', 'wow64exts']);

/** Verbs whose bare repetition continues where they stopped. */
const CONTINUING = new Set([
  'd',
  'db',
  'dw',
  'dd',
  'dc',
  'dq',
  'dp',
  'da',
  'du',
  'dps',
  'dqs',
  'dds',
  'dD',
  'df',
  'dW',
  'dpa',
  'dpu',
  'dqa',
  'dqu',
  'dda',
  'ddu',
  'dyb',
  'dyd',
  'u',
  'ub',
]);

/** How a dump is named when the debugger loads it. */
export interface DumpBanner {
  readonly dumpPath: string;
  readonly dumpKind: string;
}

/** A dump the lab offers besides the one it opens with (switched to with the `.lab dump` aid). */
export interface LabDump extends DumpBanner {
  /** What the student types after `.lab dump` ([a-z0-9-]). */
  readonly name: string;
  /** One line: what this dump is. */
  readonly description: string;
  open(): Target;
}

export interface DebuggerOptions {
  /** The opening text, as WinDbg prints it when it loads a dump (null: none). */
  readonly banner?: DumpBanner | null;
  /** Local kernel debugging (`kd -kl`): the prompt is `lkd> ` and nothing can run or stop. */
  readonly local?: boolean;
  /** Lines to print when the program starts, instead of the dump banner (a live connection's). */
  readonly opening?: readonly string[];
  /** A live connection: true while the target runs (no prompt; Ctrl-C breaks in). */
  readonly isRunning?: () => boolean;
  /**
   * The target asks the debugger's user a question (DbgPrompt, as Driver Verifier's bizrd): while
   * `text()` is not null it is the prompt, and the next line typed is the answer, not a command.
   */
  readonly question?: { text(): string | null; answer(line: string, host: ProgramHost): void };
  /** Dumps the lab lets the student switch between (the first is the one the debugger starts on). */
  readonly dumps?: readonly LabDump[];
  /** Commands that replace the standard ones of the same verbs (an x86 target's `!process`, `k`…). */
  readonly commands?: readonly KdCommand[];
  /** What the session is attached to, when the opening lines say it rather than a banner (`||`). */
  readonly connection?: SystemConnection;
}

interface Parsed {
  /** Canonical verb. */
  readonly verb: string;
  /** Registry key: the verb, or 'k' / 'lm' for their option families. */
  readonly key: string;
  readonly argsStart: number;
}

/** Find the command a line names, as dbgeng's parser does. Null: nothing matches. */
export function parseVerb(line: string): Parsed | null {
  let m: RegExpExecArray | null;
  if ((m = /^!([A-Za-z_][\w.]*)/.exec(line))) return { verb: `!${m[1].toLowerCase()}`, key: `!${m[1].toLowerCase()}`, argsStart: m[0].length };
  if ((m = /^\.([A-Za-z_]\w*)/.exec(line))) return { verb: `.${m[1].toLowerCase()}`, key: `.${m[1].toLowerCase()}`, argsStart: m[0].length };
  if (line.startsWith('$$')) return { verb: '$$', key: '$$', argsStart: 2 };
  if (line.startsWith('*')) return { verb: '*', key: '*', argsStart: 1 };
  if (line.startsWith('??')) return { verb: '??', key: '??', argsStart: 2 };
  if (line.startsWith('?')) return { verb: '?', key: '?', argsStart: 1 };
  const ends = (n: number): boolean => n >= line.length || /[\s@$(`\-+*/\\]/.test(line[n]);
  if (line.startsWith('~')) return { verb: '~', key: '~', argsStart: 1 };
  if (line.startsWith('||')) return { verb: '||', key: '||', argsStart: 2 };
  if (line.startsWith('|')) return { verb: '|', key: '|', argsStart: 1 };
  // The verbs whose case matters: dD (doubles), dW (words with ASCII), dS (a STRING structure), rM (register mask).
  if ((m = /^(dD|dW|dS|rM)/.exec(line)) && ends(m[0].length)) return { verb: m[0], key: m[0], argsStart: m[0].length };
  if ((m = /^k[bvnpcfl]*/i.exec(line)) && ends(m[0].length)) return { verb: m[0].toLowerCase(), key: 'k', argsStart: m[0].length };
  if ((m = /^lm[vkulo1sentfm]*/i.exec(line)) && ends(m[0].length)) return { verb: m[0].toLowerCase(), key: 'lm', argsStart: m[0].length };
  const lower = line.toLowerCase();
  for (const w of [
    'vertarget',
    'dv',
    'dps',
    'dqs',
    'dds',
    'dpa',
    'dpu',
    'dqa',
    'dqu',
    'dda',
    'ddu',
    'dyb',
    'dyd',
    'dt',
    'db',
    'dw',
    'dd',
    'dc',
    'dq',
    'dp',
    'da',
    'du',
    'df',
    'ds',
    'dl',
    'ub',
    'uf',
    'ln',
    'qq',
    'qd',
    'eza',
    'ezu',
    'eb',
    'ew',
    'ed',
    'eq',
    'ep',
    'ea',
    'eu',
    'gu',
    'd',
    'u',
    'r',
    'x',
    'q',
    'g',
    'p',
    't',
    'bp',
    'bu',
    'bm',
    'bl',
    'bc',
    'bd',
    'be',
    'e',
    's',
    'c',
    'f',
    'm',
    'n',
  ]) {
    if (lower.startsWith(w) && ends(w.length)) return { verb: w, key: w, argsStart: w.length };
  }
  return null;
}

/**
 * Split a line at the `;` command separators (outside double quotes). A `.lab`
 * line is one command: its answer text is the student's own.
 */
export function splitCommands(line: string): { text: string; offset: number }[] {
  if (/^\.lab\b/i.test(line)) return [{ text: line, offset: 0 }];
  const parts: { text: string; offset: number }[] = [];
  let start = 0;
  let quoted = false;
  // Whether the command begun at `start` has had a non-blank yet (kept as a flag: rescanning is quadratic).
  let begun = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    // A command that starts with '*' is a comment to the end of the line, ';' included.
    if (!begun && ch === '*') {
      parts.push({ text: line.slice(i).trim(), offset: i });
      return parts;
    }
    if (ch === '"') quoted = !quoted;
    if (i === line.length || (ch === ';' && !quoted)) {
      const raw = line.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      if (raw.trim() !== '') parts.push({ text: raw.trim(), offset: start + lead });
      start = i + 1;
      begun = false;
    } else if (ch !== ' ' && ch !== '\t') begun = true;
  }
  return parts;
}

export class Debugger implements Program {
  readonly name = 'kd';
  readonly labAidPrefix = '.lab';
  readonly session: KdSession;
  private readonly firstTarget: Target;
  private readonly options: DebuggerOptions;
  private lastLine: string | null = null;
  private readonly table = new Map<string, KdCommand>();

  constructor(target: Target, options: DebuggerOptions = {}) {
    this.firstTarget = target;
    this.session = new KdSession(target);
    this.session.cppEvaluator = (text, start) => evaluateCpp(this.session, text, start);
    this.options = options;
    this.session.connection =
      options.connection ??
      (options.local
        ? { kind: 'local' }
        : options.banner
          ? { kind: 'dump', path: options.banner.dumpPath, dumpKind: options.banner.dumpKind }
          : { kind: 'live' });
    for (const c of COMMANDS) for (const v of c.verbs) this.table.set(v, c);
    this.table.set('k', stack);
    this.table.set('lm', lm);
    for (const c of options.commands ?? []) for (const v of c.verbs) this.table.set(v, c);
  }

  prompt(): string {
    if (this.options.local) return 'lkd> ';
    const question = this.options.question?.text();
    if (question != null) return question;
    if (this.options.isRunning?.()) return '';
    return `${this.session.processor}: kd> `;
  }

  /** Look at another target (a stop of the live machine, a dump just opened): symbols and settings stay. */
  retarget(target: Target): void {
    this.session.target = target;
    this.session.processor = target.currentProcessor;
    this.session.override = null;
    this.session.frame = 0;
  }

  /**
   * Open `target` as a dump is opened: the debugger looks at it (retarget: the
   * register context starts over), its load banner is printed as WinDbg prints
   * it, and a `kd.target` event is emitted. The lab's dump aid uses it.
   */
  openTarget(target: Target, banner: DumpBanner, host: ProgramHost, name = banner.dumpPath): void {
    this.retarget(target);
    this.session.connection = { kind: 'dump', path: banner.dumpPath, dumpKind: banner.dumpKind };
    this.lastLine = null;
    this.announce(banner, host);
    host.emit('kd.target', { name, path: banner.dumpPath });
  }

  start(host: ProgramHost): void {
    if (this.options.opening) {
      host.write(this.options.opening.join('\n') + '\n');
      return;
    }
    const b = this.options.banner;
    if (b) this.announce(b, host);
  }

  /** `.lab dump [name]`: list the lab's dumps, or open one of them. */
  private labDump(args: string, host: ProgramHost): void {
    const dumps = this.options.dumps ?? [];
    const name = args.trim().toLowerCase();
    const width = Math.max(0, ...dumps.map((d) => d.dumpPath.length));
    const listing = [
      'Lab aid (not part of WinDbg): the crash dumps of this lab. On a real machine you would open',
      'another dump with windbg -z <file> or kd -z <file>.',
      '',
      ...dumps.map((d) => `  ${d.name.padEnd(10)} ${d.dumpPath.padEnd(width)}  ${d.description}`),
      '',
      'Open one with: .lab dump <name>',
    ];
    if (dumps.length === 0) {
      host.write('This lab has only one dump.\n');
      return;
    }
    if (name === '') {
      host.write(listing.join('\n') + '\n');
      return;
    }
    const dump = dumps.find((d) => d.name === name);
    if (!dump) {
      host.write(`No dump '${args.trim()}' in this lab.\n${listing.slice(3).join('\n')}\n`);
      return;
    }
    host.write('\n');
    this.openTarget(dump.open(), dump, host, dump.name);
  }

  private announce(b: DumpBanner, host: ProgramHost): void {
    const t = this.session.target;
    const lines = [
      'Microsoft (R) Windows Debugger Version 6.12.0002.633 AMD64',
      'Copyright (c) Microsoft Corporation. All rights reserved.',
      '',
      '',
      `Loading Dump File [${b.dumpPath}]`,
      b.dumpKind,
      '',
      ...searchPathLines(),
      ...versionLines(t.version),
    ];
    host.write(lines.join('\n') + '\n');
    const quiet: ProgramHost = { ...host, emit: () => undefined };
    this.execute('.reload', quiet, false);
    // A dump taken without a bug check (.dump on a live session) has nothing to analyze.
    if (t.bugCheck()) this.execute('!analyze', quiet, false);
    // Opening a dump leaves no symbols loaded but those the analysis used.
    host.write('\n');
  }

  run(raw: string, host: ProgramHost): void {
    if (this.options.question?.text() != null) {
      this.options.question.answer(raw, host);
      return;
    }
    // While the target runs, kd reads no commands: only Ctrl-C (break in) does anything.
    if (this.options.isRunning?.()) return;
    const typed = raw.trim();
    if (typed === '') {
      if (this.lastLine === null) return;
      // Enter repeats the whole last line, each command of it; d* and u continue where they stopped.
      this.session.exited = false;
      for (const part of splitCommands(this.lastLine)) {
        if (this.session.exited) break;
        const p = parseVerb(part.text);
        if (p && CONTINUING.has(p.verb)) this.execute(p.verb, host, true);
        else this.execute(part.text, host, true, part.offset);
      }
      return;
    }
    this.lastLine = typed;
    this.session.exited = false;
    const aid = /^\.lab\s+dump\b(.*)$/i.exec(typed);
    if (aid) {
      this.labDump(aid[1], host);
      host.emit('kd.command', { command: '.lab', args: typed.slice(4).trim(), ok: true, context: this.session.contextLabel() });
      return;
    }
    for (const part of splitCommands(typed)) {
      if (this.session.exited) break;
      this.execute(part.text, host, true, part.offset);
    }
  }

  /** Ctrl-C: break into a running target. */
  interrupt(host: ProgramHost): void {
    if (this.options.isRunning?.()) this.session.target.control?.breakIn(host);
  }

  /** Where the target stopped, as kd shows it: the symbol, then the instruction at the instruction pointer. */
  showStop(host: ProgramHost): void {
    this.session.target.refresh?.();
    const quiet: ProgramHost = { ...host, emit: () => undefined };
    this.execute('u @$ip L1', quiet, false);
  }

  /** Run a command for the debugger's own output (a stop's banner), not as the student's. */
  runQuiet(line: string, host: ProgramHost): void {
    this.execute(line, { ...host, emit: () => undefined }, false);
  }

  /** Run a breakpoint's command string (`bp x "k;g"`) as if typed. */
  runCommands(text: string, host: ProgramHost): void {
    for (const part of splitCommands(text)) {
      if (this.options.isRunning?.()) break;
      this.execute(part.text, host, true, part.offset);
    }
  }

  /** What this debugger remembers; undefined (cannot be saved) while it looks at another target than its first. */
  save(): unknown {
    if (this.session.target !== this.firstTarget) return undefined;
    return { lastLine: this.lastLine, session: this.session.save() };
  }

  load(state: unknown): void {
    const s = state as { lastLine: string | null; session: unknown };
    this.lastLine = s.lastLine;
    this.session.load(s.session);
  }

  complete(line: string, cursor: number): Completion | null {
    const before = line.slice(0, cursor);
    const m = /([.!]?[A-Za-z_]*)$/.exec(before);
    if (!m || m.index !== 0) return null;
    const word = m[1].toLowerCase();
    const all = [...this.table.keys()].filter((k) => k.length > 1 && k.startsWith(word) && k !== '??');
    return all.length > 0 ? { from: 0, candidates: all.sort() } : null;
  }

  /**
   * `!name` that no command handles, or `!dll.name`: a loaded extension DLL's
   * export runs as `!name`; a DLL that is not there fails in LoadLibrary, as WinDbg says.
   */
  private extension(name: string, base: CommandContext): boolean {
    const out = base.out;
    const dot = name.indexOf('.');
    if (dot < 0) {
      out.push(`No export ${name} found`);
      return false;
    }
    const dll = name.slice(0, dot);
    const exp = name.slice(dot + 1);
    if (exp === '' || dll === '') return caretError(base, base.argsStart, 'Syntax');
    // fltkd.dll (the Filter Manager's extension) is named explicitly; its exports are `!fltkd.<name>`.
    if (dll.toLowerCase() === 'fltkd') {
      out.push(`No export ${exp} found`);
      return false;
    }
    if (!EXTENSION_DLLS.has(dll)) {
      out.push(
        `The call to LoadLibrary(${dll}) failed, Win32 error 0n2`,
        '    "The system cannot find the file specified."',
        'Please check your debugger configuration and/or network access.',
      );
      return false;
    }
    const command = exp === '' ? undefined : this.table.get(`!${exp}`);
    if (!command) {
      out.push(`No export ${exp} found`);
      return false;
    }
    return command.run({ ...base, verb: `!${exp}` });
  }

  private execute(line: string, host: ProgramHost, report: boolean, offset = 0): void {
    this.session.target.refresh?.();
    const column = this.prompt().length + offset;
    const out: string[] = [];
    const event: CommandContext['event'] = {};
    const parsed = parseVerb(line);
    const command = parsed ? this.table.get(parsed.key) : undefined;
    const base = {
      session: this.session,
      host,
      line,
      column,
      out,
      event,
      verb: parsed?.verb ?? /^\S+/.exec(line)?.[0] ?? line,
      argsStart: parsed?.argsStart ?? line.length,
    };
    let ok: boolean;
    if (command) ok = command.run(base);
    else if (parsed?.verb.startsWith('!')) {
      ok = this.extension(parsed.verb.slice(1), base);
    } else ok = caretError(base, 0, 'Syntax');
    if (out.length > 0) host.write(out.join('\n') + '\n');
    if (report) {
      host.emit('kd.command', {
        command: base.verb,
        args: line.slice(base.argsStart).trim(),
        ok,
        ...event,
        context: this.session.contextLabel(),
      });
    }
  }
}
