/**
 * The lab console: cmd.exe over the simulated machine. It expands %VARIABLES%,
 * parses the line (cmdline.ts), runs the command tree with cmd.exe's operator
 * semantics and redirections, and reports every command as a `console.command`
 * event. Its built-ins are cmd.exe's own, the same in every lab; a lab adds tools.
 */
import type { Completion, Program, ProgramHost } from '../base/program.ts';
import { splitWords } from './args.ts';
import { baseName } from '../kernel/fs/files.ts';
import { driveDirectory, fullPathOf, setCurrentDirectory } from './drives.ts';
import type { Machine } from '../kernel/machine.ts';
import { kernelOf } from '../kernel/nt.ts';
import { isDevicePath, openDeviceForWrite, readDevice, writeDeviceAndClose } from './devices.ts';
import { parseCommandLine, type Condition, type Node, type Redirect } from './cmdline.ts';
import {
  ERROR_FILE_NOT_FOUND,
  STATUS_COMMAND_NOT_FOUND,
  type CommandContext,
  type ConsoleCommand,
  type ConsoleFiles,
  type ConsoleState,
  type ToolWait,
} from './command.ts';
import { controlC, type Foreground, STATUS_CONTROL_C_EXIT, startWaiting, stopWaiting, waitSatisfied } from './foreground.ts';
import { builtins } from './commands/builtins.ts';
import { fileCommands } from './commands/files.ts';
import { fileError, matching } from './commands/fsutil.ts';
import { filters } from './commands/filters.ts';
import { lab } from './commands/lab.ts';
import { missingCommandMessage } from './commands/missing.ts';
import { setCommands } from './commands/set.ts';
import { Environment } from './environment.ts';
import { kernelFiles } from './kernel-files.ts';
import { expandVariables } from './expand.ts';
import { expandPrompt } from './commands/prompt.ts';
import { sessionCommands } from './commands/session.ts';
import { restartAfterBugCheck } from './commands/shutdown.ts';
import { stopScreen } from './commands/ntcommon.ts';

export interface ConsoleOptions {
  /** The lab's tools, offered besides cmd.exe's built-ins. */
  commands?: readonly ConsoleCommand[];
  cwd?: string;
  /** Print the cmd.exe banner when the console starts (default true). */
  banner?: boolean;
  /** The machine's files (default: the kernel's C: volume, when the machine has a kernel). */
  files?: ConsoleFiles;
}

/** Where a command reads and writes. */
interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdin: string | null;
}

/** How a command or a group of them ended. */
interface Outcome {
  readonly ok: boolean;
  readonly status: number;
}

const OK: Outcome = { ok: true, status: 0 };

/** The longest line cmd.exe accepts (Microsoft KB 830473), and what it says beyond that. */
export const MAX_LINE = 8191;
const TOO_LONG = 'The input line is too long.';

/** Device names: the same in every directory and with any extension. */
const DEVICE = /^(con|nul|prn|aux|com[1-9]|lpt[1-9])(\..*)?$/i;

/** The standard environment of a Windows 7 x64 session for the user 'student'. */
function standardEnvironment(machine: Machine): [string, string][] {
  const user = 'student';
  const profile = `C:\\Users\\${user}`;
  const x64 = machine.version.arch === 'x64';
  return [
    ['ALLUSERSPROFILE', 'C:\\ProgramData'],
    ['APPDATA', `${profile}\\AppData\\Roaming`],
    ['CommonProgramFiles', 'C:\\Program Files\\Common Files'],
    ...(x64
      ? ([
          ['CommonProgramFiles(x86)', 'C:\\Program Files (x86)\\Common Files'],
          ['CommonProgramW6432', 'C:\\Program Files\\Common Files'],
        ] as [string, string][])
      : []),
    ['COMPUTERNAME', machine.computerName],
    ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
    ['FP_NO_HOST_CHECK', 'NO'],
    ['HOMEDRIVE', 'C:'],
    ['HOMEPATH', `\\Users\\${user}`],
    ['LOCALAPPDATA', `${profile}\\AppData\\Local`],
    ['LOGONSERVER', `\\\\${machine.computerName}`],
    ['NUMBER_OF_PROCESSORS', '2'],
    ['OS', 'Windows_NT'],
    ['Path', 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\'],
    ['PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'],
    ['PROCESSOR_ARCHITECTURE', x64 ? 'AMD64' : 'x86'],
    ['PROCESSOR_IDENTIFIER', 'Intel64 Family 6 Model 42 Stepping 7, GenuineIntel'],
    ['PROCESSOR_LEVEL', '6'],
    ['PROCESSOR_REVISION', '2a07'],
    ['ProgramData', 'C:\\ProgramData'],
    ['ProgramFiles', 'C:\\Program Files'],
    ...(x64
      ? ([
          ['ProgramFiles(x86)', 'C:\\Program Files (x86)'],
          ['ProgramW6432', 'C:\\Program Files'],
        ] as [string, string][])
      : []),
    ['PROMPT', '$P$G'],
    ['PSModulePath', 'C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules\\'],
    ['PUBLIC', 'C:\\Users\\Public'],
    ['SystemDrive', 'C:'],
    ['SystemRoot', 'C:\\Windows'],
    ['TEMP', `${profile}\\AppData\\Local\\Temp`],
    ['TMP', `${profile}\\AppData\\Local\\Temp`],
    ['USERDOMAIN', machine.computerName],
    ['USERNAME', user],
    ['USERPROFILE', profile],
    ['windir', 'C:\\Windows'],
  ];
}

export class Console implements Program {
  readonly name = 'console';
  readonly state: ConsoleState;
  readonly commands: readonly ConsoleCommand[];
  private readonly byName = new Map<string, ConsoleCommand>();
  /** Commands that are programs of their own (sc.exe, pwrtest.exe…): each runs as a child process of cmd.exe. */
  private readonly tools: Set<string>;
  private readonly machine: Machine;
  private readonly banner: boolean;
  private readonly files: ConsoleFiles | null;
  /** %ERRORLEVEL%. */
  private errorlevel = 0;
  /** Whether the screen was cleared with nothing written after it (no blank line then). */
  private clearedLast = false;
  /** The machine's stop screen has been shown (it restarts when the student types next). */
  private stopScreenShown = false;
  /** A tool still running, its thread waiting on a request: cmd.exe waits for it and shows no prompt. */
  private foreground: Foreground | null = null;
  /** The command line being run, when it is one simple command without redirections (a tool may then stay in the foreground). */
  private alone: Node | null = null;

  constructor(machine: Machine, options: ConsoleOptions = {}) {
    this.machine = machine;
    this.banner = options.banner ?? true;
    this.files = options.files ?? kernelFiles(machine) ?? null;
    const all = [...builtins, ...setCommands, ...sessionCommands, ...fileCommands, ...filters, lab, ...(options.commands ?? [])];
    for (const c of all) {
      for (const name of [c.name, ...(c.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`console command '${name}' defined twice`);
        this.byName.set(name, c);
      }
    }
    this.commands = all;
    this.tools = new Set((options.commands ?? []).map((c) => c.name));
    this.state = {
      cwd: options.cwd ?? 'C:\\Windows\\system32',
      env: new Environment(standardEnvironment(machine)),
      echo: true,
      title: 'Administrator: C:\\Windows\\system32\\cmd.exe',
      pushed: [],
      tools: new Map(),
    };
    // cmd.exe starts with its directory remembered for its drive ('=C:', as a new cmd.exe's environment has it).
    setCurrentDirectory(this.state, this.state.cwd);
  }

  /** The prompt, from %PROMPT% ($P$G unless changed); with ECHO OFF cmd.exe shows none. */
  prompt(): string {
    if (!this.state.echo || this.foreground) return '';
    return expandPrompt(this.state.env.get('PROMPT') ?? '$P$G', {
      cwd: this.state.cwd,
      date: this.variable('DATE') ?? '',
      time: this.variable('TIME') ?? '',
      version: `Microsoft Windows [Version ${this.machine.version.major}.${this.machine.version.minor}.${this.machine.version.build}]`,
      depth: this.state.pushed.length,
    });
  }

  save(): unknown {
    return {
      cwd: this.state.cwd,
      env: this.state.env.entries(),
      errorlevel: this.errorlevel,
      echo: this.state.echo,
      title: this.state.title,
      pushed: [...this.state.pushed],
      tools: structuredClone([...this.state.tools]),
      foreground: structuredClone(this.foreground),
      stopScreenShown: this.stopScreenShown,
    };
  }

  load(saved: unknown): void {
    const s = saved as {
      cwd: string;
      env: [string, string][];
      errorlevel: number;
      echo: boolean;
      title: string;
      pushed: string[];
      tools?: [string, unknown][];
      foreground?: Foreground | null;
      stopScreenShown?: boolean;
    };
    this.state.cwd = s.cwd;
    this.state.env.clear();
    for (const [name, value] of s.env) this.state.env.set(name, value);
    this.errorlevel = s.errorlevel;
    this.state.echo = s.echo;
    this.state.title = s.title;
    this.state.pushed.splice(0, this.state.pushed.length, ...s.pushed);
    this.state.tools.clear();
    for (const [name, value] of structuredClone(s.tools ?? [])) this.state.tools.set(name, value);
    this.foreground = structuredClone(s.foreground ?? null);
    this.stopScreenShown = s.stopScreenShown ?? false;
  }

  start(host: ProgramHost): void {
    if (!this.banner) return;
    const v = this.machine.version;
    host.write(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}]\n`);
    host.write('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.\n\n');
  }

  run(raw: string, host: ProgramHost): void {
    if (this.foreground && this.waiting(raw, host)) return;
    this.clearedLast = false;
    const k = kernelOf(this.machine);
    if (k?.halted && this.stopScreenShown) {
      // The stop screen was shown: the machine has restarted since; cmd.exe of the new session reads the line.
      restartAfterBugCheck({ machine: this.machine, state: this.state, out: (t = '') => this.toScreen(host, `${t}\n`) });
      host.write(`\n${this.prompt()}${raw}\n`);
    }
    this.stopScreenShown = false;
    const haltedBefore = k?.halted != null;
    const io: Io = {
      out: (t) => this.toScreen(host, t),
      err: (t) => this.toScreen(host, t),
      stdin: null,
    };
    // cmd.exe takes at most 8191 characters, as typed and after %VARIABLE% expansion.
    const line = raw.length > MAX_LINE ? null : expandVariables(raw, (name) => this.variable(name), MAX_LINE);
    const tree = line === null ? TOO_LONG : parseCommandLine(line);
    if (tree === null) {
      if (line?.trim() === '' || !this.state.echo) return;
    } else if (tree === TOO_LONG) {
      io.err(tree + '\n');
      this.errorlevel = 1;
      host.emit('console.command', { command: '', args: [], status: 1 });
    } else if (typeof tree === 'string') {
      io.err(tree + '\n');
      this.errorlevel = 255;
      host.emit('console.command', { command: '', args: [], status: 255 });
    } else {
      this.alone = tree.kind === 'command' && tree.redirects.length === 0 ? tree : null;
      this.exec(tree, io, host);
      this.alone = null;
      // A tool left running in the foreground: no prompt (and no blank line) until it exits.
      if (this.foreground) return;
    }
    // A bug check during the line stops the machine: its stop screen is what the student sees.
    if (k?.halted) {
      if (!haltedBefore && !this.stopScreenShown) this.toScreen(host, stopScreen(k));
      this.stopScreenShown = true;
    }
    // With ECHO ON, cmd.exe leaves a blank line before the next prompt (none after CLS).
    if (this.state.echo && !this.clearedLast) host.write('\n');
  }

  private toScreen(host: ProgramHost, text: string): void {
    if (text === '') return;
    if (text.includes('*** STOP: 0x')) this.stopScreenShown = true;
    this.clearedLast = false;
    host.write(text);
  }

  /** A variable's value for %NAME%: the environment first, then cmd.exe's dynamic variables. */
  private variable(name: string): string | undefined {
    const set = this.state.env.get(name);
    if (set !== undefined) return set;
    const now = new Date(kernelOf(this.machine)?.now() ?? this.machine.clock.now());
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    switch (name.toUpperCase()) {
      case 'CD':
        return this.state.cwd;
      case 'ERRORLEVEL':
        return String(this.errorlevel);
      case 'RANDOM':
        return String(this.machine.rng.int(0, 32767));
      case 'DATE':
        return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][now.getUTCDay()]} ${pad(now.getUTCMonth() + 1)}/${pad(now.getUTCDate())}/${now.getUTCFullYear()}`;
      case 'TIME':
        return `${String(now.getUTCHours()).padStart(2)}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}.${pad(Math.floor(now.getUTCMilliseconds() / 10))}`;
      case 'CMDEXTVERSION':
        return '2';
      case 'CMDCMDLINE':
        return '"C:\\Windows\\system32\\cmd.exe" ';
      default:
        return undefined;
    }
  }

  private exec(node: Node, io: Io, host: ProgramHost): Outcome {
    switch (node.kind) {
      case 'command':
        return this.withRedirects(node.redirects, io, host, (inner) => this.runCommand(node.text, inner, host, node === this.alone));
      case 'block':
        return this.withRedirects(node.redirects, io, host, (inner) => this.exec(node.body, inner, host));
      case 'list':
        return this.execList(node.op, node.parts, io, host);
      case 'if': {
        const branch = this.holds(node.condition) !== node.negate ? node.then : node.otherwise;
        // An IF whose branch does not run succeeds and leaves %ERRORLEVEL%.
        return branch ? this.exec(branch, io, host) : OK;
      }
    }
  }

  private holds(c: Condition): boolean {
    switch (c.kind) {
      case 'exist': {
        if (!this.files) return false;
        const found = matching(this.files, fullPathOf(this.state, c.path));
        return typeof found !== 'number' && found.length > 0;
      }
      case 'defined':
        return this.state.env.has(c.name);
      case 'errorlevel':
        return this.errorlevel >= c.level;
      case 'compare': {
        const fold = (t: string) => (c.ignoreCase ? t.toLowerCase() : t);
        const [a, b] = [fold(c.left), fold(c.right)];
        if (c.op === '==') return a === b;
        // Numbers compare as numbers (decimal, 0x hex, 0 octal); anything else as text.
        const num = (t: string) =>
          /^-?(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(t)
            ? Number(t.startsWith('-') ? -Number(t.slice(1).replace(/^0(?=[0-7])/, '0o')) : t.replace(/^0(?=[0-7])/, '0o'))
            : NaN;
        const [x, y] = [num(a), num(b)];
        const cmp = Number.isNaN(x) || Number.isNaN(y) ? (a < b ? -1 : a > b ? 1 : 0) : x - y;
        return { EQU: cmp === 0, NEQ: cmp !== 0, LSS: cmp < 0, LEQ: cmp <= 0, GTR: cmp > 0, GEQ: cmp >= 0 }[c.op];
      }
    }
  }

  private execList(op: '&' | '&&' | '||' | '|', parts: readonly Node[], io: Io, host: ProgramHost): Outcome {
    let last: Outcome = OK;
    if (op === '|') {
      let stdin = io.stdin;
      parts.forEach((part, i) => {
        if (i === parts.length - 1) {
          last = this.exec(part, { ...io, stdin }, host);
          return;
        }
        const piped: string[] = [];
        this.exec(part, { out: (t) => void piped.push(t), err: io.err, stdin }, host);
        stdin = piped.join('');
      });
      return last;
    }
    for (const part of parts) {
      last = this.exec(part, io, host);
      if (op === '&&' && !last.ok) break;
      if (op === '||') {
        if (last.ok) break;
        // A failure handled by || sets %ERRORLEVEL%, even for built-ins that otherwise leave it.
        this.errorlevel = last.status;
      }
    }
    return last;
  }

  /**
   * Open a node's redirections in order (so `2>&1` means "where 1 goes now"), run it,
   * then write what it sent to files. A redirection that cannot be opened fails the
   * node with status 1 and leaves %ERRORLEVEL% as it was.
   */
  private withRedirects(redirects: readonly Redirect[], io: Io, host: ProgramHost, body: (io: Io) => Outcome): Outcome {
    if (redirects.length === 0) return body(io);
    const sinks: Record<1 | 2, (t: string) => void> = { 1: io.out, 2: io.err };
    let stdin = io.stdin;
    const buffers = new Map<string, { path: string; append: boolean; chunks: string[]; handle?: number }>();
    for (const r of redirects) {
      const opened = this.openRedirect(r, sinks, buffers, host);
      if ('error' in opened) {
        io.err(opened.error + '\n');
        return { ok: false, status: 1 };
      }
      if (opened.input !== null) stdin = opened.input;
    }
    const outcome = body({ out: sinks[1], err: sinks[2], stdin });
    const k = kernelOf(this.machine);
    for (const b of buffers.values()) {
      if (b.handle === undefined) this.files?.write(b.path, b.chunks.join(''), true);
      else if (k) {
        const error = writeDeviceAndClose(k, b.handle, b.chunks.join(''));
        if (error !== 0) io.err(fileError(error) + '\n');
      }
    }
    return outcome;
  }

  /** Set up one redirection: why it cannot be opened, or the text it reads (for `<`). */
  private openRedirect(
    r: Redirect,
    sinks: Record<1 | 2, (t: string) => void>,
    buffers: Map<string, { path: string; append: boolean; chunks: string[]; handle?: number }>,
    host: ProgramHost,
  ): { error: string } | { input: string | null } {
    const none = { input: null };
    if (r.target.startsWith('&')) {
      const handle = Number(r.target.slice(1));
      if (r.fd === 0 || (handle !== 1 && handle !== 2)) return { error: `The handle could not be duplicated\nduring redirection of handle ${r.fd}.` };
      // Point at where that handle goes now: `1>&1` and `>&2 2>&1` cannot loop.
      sinks[r.fd] = sinks[handle];
      return none;
    }
    const device = DEVICE.exec(baseName(r.target.replace(/\//g, '\\')));
    if (device) {
      const name = device[1].toLowerCase();
      if (name !== 'nul' && name !== 'con') return { error: fileError(ERROR_FILE_NOT_FOUND) };
      // Reading CON would wait for Ctrl+Z; this console has no more input to give, as NUL has none.
      if (r.fd === 0) return { input: '' };
      sinks[r.fd] = name === 'nul' ? () => {} : (t) => this.toScreen(host, t);
      return none;
    }
    const k = kernelOf(this.machine);
    if (k && isDevicePath(r.target)) {
      // A device: cmd.exe opens it with CreateFile (IRP_MJ_CREATE reaches the driver) before the command runs.
      if (r.fd === 0) {
        const read = readDevice(k, r.target);
        return typeof read === 'number' ? { error: fileError(read) } : { input: read.text };
      }
      const opened = openDeviceForWrite(k, r.target, r.append);
      if (typeof opened === 'number') return { error: fileError(opened) };
      const chunks: string[] = [];
      buffers.set(`device:${buffers.size}:${r.target.toLowerCase()}`, { path: r.target, append: r.append, chunks, handle: opened.handle });
      sinks[r.fd] = (t) => void chunks.push(t);
      return none;
    }
    const path = fullPathOf(this.state, r.target);
    if (r.fd === 0) {
      const text = this.files ? this.files.read(path) : ERROR_FILE_NOT_FOUND;
      return typeof text === 'number' ? { error: fileError(text) } : { input: text };
    }
    let buffer = buffers.get(path.toLowerCase());
    if (!buffer) {
      // Opening creates (or empties) the file before the command runs, as cmd.exe does.
      const opened = this.files ? this.files.write(path, '', r.append) : ERROR_FILE_NOT_FOUND;
      if (opened !== 0) return { error: fileError(opened) };
      buffer = { path, append: r.append, chunks: [] };
      buffers.set(path.toLowerCase(), buffer);
    }
    const chunks = buffer.chunks;
    sinks[r.fd] = (t) => void chunks.push(t);
    return none;
  }

  /** Find a command by the name typed ('SC', 'sc.exe'). */
  private lookup(word: string): ConsoleCommand | undefined {
    return this.byName.get(word.toLowerCase().replace(/\.(exe|com)$/, ''));
  }

  /** Run one simple command; `alone`: it is the whole line, so a tool may stay running in the foreground. */
  private runCommand(text: string, io: Io, host: ProgramHost, alone = false): Outcome {
    if (text.trim() === '') return OK;
    const { word, tail } = this.splitCommand(text);
    const rest = tail.replace(/^[ \t]/, '');
    const args = splitWords(rest);
    if (/^[a-z]:$/i.test(word) && tail.trim() === '') return this.changeDrive(word, io, host);
    const command = this.lookup(word);
    const name = command?.name ?? word.toLowerCase().replace(/\.(exe|com)$/, '');
    if (!command) {
      io.err(missingCommandMessage(word) ?? `'${word}' is not recognized as an internal or external command,\noperable program or batch file.\n`);
      host.emit('console.command', { command: name, args, status: STATUS_COMMAND_NOT_FOUND });
      this.errorlevel = STATUS_COMMAND_NOT_FOUND;
      return { ok: false, status: STATUS_COMMAND_NOT_FOUND };
    }
    const ctx = this.context(text, rest, tail, io, host);
    let status: number;
    // Time has passed since the last command: kernel timers that are due fire (their DPCs run).
    kernelOf(this.machine)?.timers.runDue();
    if (/^\/\?/.test(rest.trimStart()) && command.name !== 'rem') {
      io.out(command.help.endsWith('\n') ? command.help : command.help + '\n');
      status = 0;
    } else if (this.tools.has(command.name)) {
      // A tool is a process of its own while it runs: the requests it makes come from it.
      const k = kernelOf(this.machine);
      const pid = k?.ps.startTool(`${command.name}.exe`, text).pid;
      let wait: ToolWait | null = null;
      const block = k && alone && command.resume ? { block: (w: ToolWait) => void (wait = w) } : {};
      try {
        status = command.run(args, { ...ctx, ...block });
      } finally {
        if (wait === null || !k || k.halted) k?.ps.endTool();
      }
      if (wait !== null && k && pid !== undefined && !k.halted) {
        // Its thread waits: the process stays, and cmd.exe waits for it (the command ends later).
        this.foreground = { command: command.name, args: [...args], line: text, pid, wait, typeahead: [] };
        startWaiting(k, pid, wait);
        return OK;
      }
    } else {
      status = command.run(args, ctx);
    }
    host.emit('console.command', { command: command.name, args, status });
    if (!command.keepsErrorlevel) this.errorlevel = status;
    return { ok: status === 0, status };
  }

  /** What a command gets to run with. */
  private context(text: string, rest: string, tail: string, io: Io, host: ProgramHost): CommandContext {
    const piped: ProgramHost = {
      write: (t) => io.out(t),
      clear: () => {
        host.clear();
        this.clearedLast = true;
      },
      emit: (type, data) => host.emit(type, data),
      spawn: (program) => host.spawn(program),
      exit: () => host.exit(),
      lab: host.lab,
      history: () => host.history(),
    };
    return {
      host: piped,
      machine: this.machine,
      state: this.state,
      line: text,
      rest,
      tail,
      commands: this.commands,
      out: (t = '') => io.out(t + '\n'),
      err: (t) => io.err(t + '\n'),
      stdin: io.stdin,
      files: this.files,
      lookup: (w) => this.lookup(w),
    };
  }

  /**
   * A line typed while a tool runs in the foreground: time passes, and if its request has
   * completed the tool finishes and cmd.exe reads the line; otherwise the line waits in the
   * console's input buffer. Returns false when the tool is gone and the line is cmd.exe's now.
   */
  private waiting(raw: string, host: ProgramHost): boolean {
    const fg = this.foreground as Foreground;
    const k = kernelOf(this.machine);
    k?.timers.runDue();
    if (k && !k.halted && k.ps.process(fg.pid) && !waitSatisfied(k, fg)) {
      fg.typeahead.push(raw);
      return true;
    }
    this.finishForeground(host, null);
    this.readTypeahead(fg.typeahead, host);
    if (this.foreground) {
      this.foreground.typeahead.push(raw);
      return true;
    }
    // cmd.exe reads the line now: it shows it after its prompt.
    host.write(`${this.prompt()}${raw}\n`);
    return false;
  }

  /** The foreground tool ends: its request completed (resume), Ctrl-C ended it, or its machine stopped. */
  private finishForeground(host: ProgramHost, status: number | null): void {
    const fg = this.foreground;
    if (!fg) return;
    this.foreground = null;
    const k = kernelOf(this.machine);
    const io: Io = { out: (t) => this.toScreen(host, t), err: (t) => this.toScreen(host, t), stdin: null };
    const command = this.lookup(fg.command);
    let result = status ?? 0;
    if (status === null && k && !k.halted && k.ps.process(fg.pid) && command?.resume) {
      stopWaiting(k, fg.pid);
      const rest = fg.line.replace(/^\S+\s?/, '');
      try {
        result = command.resume(fg.wait.data, this.context(fg.line, rest, fg.line.slice(fg.line.length - rest.length), io, host));
      } finally {
        if (k.ps.state.currentTool === fg.pid) k.ps.endTool();
      }
    } else if (k && k.ps.state.currentTool === fg.pid) {
      k.ps.endTool();
    }
    host.emit('console.command', { command: fg.command, args: fg.args, status: result });
    this.errorlevel = result;
    if (status === null && this.state.echo && !this.clearedLast) host.write('\n');
  }

  /** Lines typed while a tool ran: cmd.exe reads them now, each after its prompt. */
  private readTypeahead(lines: readonly string[], host: ProgramHost): void {
    for (const [i, line] of lines.entries()) {
      host.write(`${this.prompt()}${line}\n`);
      this.run(line, host);
      // A tool that stays in the foreground again keeps the rest in the input buffer.
      if (this.foreground) {
        this.foreground.typeahead.push(...lines.slice(i + 1));
        return;
      }
    }
  }

  /**
   * Ctrl-C. At the prompt cmd.exe only drops the line. With a tool in the foreground, the
   * console runs the tool's control handler: the default one ends the process with
   * STATUS_CONTROL_C_EXIT, whose rundown cancels the requests its thread waits on.
   */
  interrupt(host: ProgramHost): void {
    const fg = this.foreground;
    if (!fg) return;
    const k = kernelOf(this.machine);
    if (k && !k.halted && k.ps.process(fg.pid) && k.ps.state.currentTool === fg.pid) {
      const entry = controlC(k, fg);
      k.ps.endTool(entry);
    }
    // cmd.exe has printed ^C (the session shows it); %ERRORLEVEL% is the NTSTATUS, signed.
    this.finishForeground(host, STATUS_CONTROL_C_EXIT | 0);
    this.readTypeahead(fg.typeahead, host);
  }

  /**
   * `Z:` makes Z: the current drive, in the directory cmd.exe remembers for it (its root the
   * first time, or when that directory is gone); a drive that does not exist is an error.
   */
  private changeDrive(word: string, io: Io, host: ProgramHost): Outcome {
    const drive = word.toUpperCase();
    const ok = this.files?.volume(drive) != null;
    if (!ok) io.err('The system cannot find the drive specified.\n');
    else {
      const remembered = driveDirectory(this.state, drive);
      const there = this.files?.stat(remembered);
      setCurrentDirectory(this.state, there !== undefined && typeof there !== 'number' && there.dir ? remembered : `${drive}\\`);
    }
    const status = ok ? 0 : 1;
    host.emit('console.command', { command: word.toLowerCase(), args: [], status });
    return { ok, status };
  }

  complete(line: string, cursor: number): Completion | null {
    if (this.foreground) return null;
    const before = line.slice(0, cursor);
    // Complete within the last command of a chain or pipeline.
    const segment = before.slice(Math.max(before.lastIndexOf('|'), before.lastIndexOf('&'), before.lastIndexOf('(')) + 1).replace(/^[\s@]+/, '');
    const words = segment.split(/\s+/);
    const partial = words[words.length - 1];
    const from = cursor - partial.length;
    if (words.length === 1) {
      const lower = partial.toLowerCase();
      return { from, candidates: this.commands.filter((c) => c.name.startsWith(lower)).map((c) => c.name) };
    }
    const command = this.lookup(words[0]);
    if (!command?.complete) return null;
    const candidates = command.complete(words.slice(1, -1), partial, this.machine, this.state);
    return { from, candidates: candidates.filter((c) => c.toLowerCase().startsWith(partial.toLowerCase())) };
  }

  /**
   * Split the command word from the rest. Like cmd.exe, a built-in name may be
   * followed directly by a delimiter ('echo.', 'cd..', 'dir/b').
   */
  private splitCommand(line: string): { word: string; tail: string } {
    let end = 0;
    if (line[0] === '"') {
      const close = line.indexOf('"', 1);
      end = close < 0 ? line.length : close + 1;
    } else {
      while (end < line.length && !/[\s/]/.test(line[end])) end++;
    }
    const word = line.slice(0, end).replace(/"/g, '');
    const tail = line.slice(end);
    if (!this.lookup(word)) {
      const cut = word.search(/[.(;,=+[\]:\\]/);
      if (cut > 0 && this.byName.has(word.slice(0, cut).toLowerCase())) {
        return { word: word.slice(0, cut), tail: line.slice(cut) };
      }
    }
    return { word, tail };
  }
}
