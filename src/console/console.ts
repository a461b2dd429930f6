/**
 * The lab console: a cmd.exe-like shell over the simulated machine. It expands
 * %VARIABLES%, splits the line at cmd.exe's operators (& && || | > >> 2> <),
 * runs each command, and reports every outcome as a `console.command` event.
 */
import type { Completion, Program, ProgramHost } from '../base/program.ts';
import { splitArgs } from '../base/text.ts';
import { fullPath } from '../kernel/fs/files.ts';
import type { Machine } from '../kernel/machine.ts';
import { ERROR_PATH_NOT_FOUND, win32Message } from '../kernel/win32.ts';
import { parseCommandLine, type Redirect, type SimpleCommand } from './cmdline.ts';
import { STATUS_COMMAND_NOT_FOUND, type CommandContext, type ConsoleCommand, type ConsoleFiles, type ConsoleState } from './command.ts';
import { builtins } from './commands/builtins.ts';
import { filters } from './commands/filters.ts';
import { lab } from './commands/lab.ts';

export interface ConsoleOptions {
  /** Extra commands (tools) this console offers besides the built-ins. */
  commands?: readonly ConsoleCommand[];
  cwd?: string;
  /** Print the cmd.exe banner when the console starts (default true). */
  banner?: boolean;
  /** The machine's files, for redirection to files and for filters that read files. */
  files?: ConsoleFiles;
}

/** Where a command's two output streams go. */
interface Streams {
  out(text: string): void;
  err(text: string): void;
}

export class Console implements Program {
  readonly name = 'console';
  readonly state: ConsoleState;
  readonly commands: readonly ConsoleCommand[];
  private readonly machine: Machine;
  private readonly banner: boolean;
  private readonly files: ConsoleFiles | null;
  /** %ERRORLEVEL%: the status of the last command run. */
  private status = 0;

  constructor(machine: Machine, options: ConsoleOptions = {}) {
    this.machine = machine;
    this.banner = options.banner ?? true;
    this.files = options.files ?? null;
    const all = [...builtins, ...filters, lab, ...(options.commands ?? [])];
    const seen = new Set<string>();
    for (const c of all) {
      if (seen.has(c.name)) throw new Error(`console command '${c.name}' defined twice`);
      seen.add(c.name);
    }
    this.commands = all;
    this.state = {
      cwd: options.cwd ?? 'C:\\Windows\\system32',
      env: new Map([
        ['COMPUTERNAME', machine.computerName],
        ['OS', 'Windows_NT'],
        ['PROCESSOR_ARCHITECTURE', machine.version.arch === 'x64' ? 'AMD64' : 'x86'],
        ['SYSTEMROOT', 'C:\\Windows'],
        ['WINDIR', 'C:\\Windows'],
        ['SYSTEMDRIVE', 'C:'],
        ['USERNAME', 'student'],
      ]),
    };
  }

  prompt(): string {
    return `${this.state.cwd}>`;
  }

  save(): unknown {
    return { cwd: this.state.cwd, env: [...this.state.env], status: this.status };
  }

  load(saved: unknown): void {
    const s = saved as { cwd: string; env: [string, string][]; status: number };
    this.state.cwd = s.cwd;
    this.state.env.clear();
    for (const [k, v] of s.env) this.state.env.set(k, v);
    this.status = s.status;
  }

  start(host: ProgramHost): void {
    if (!this.banner) return;
    const v = this.machine.version;
    host.write(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}]\n`);
    host.write('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.\n\n');
  }

  run(raw: string, host: ProgramHost): void {
    const line = this.expand(raw).trim();
    if (line === '') return;
    const chain = parseCommandLine(line);
    if (typeof chain === 'string') {
      host.write(chain + '\n\n');
      this.status = 255;
      host.emit('console.command', { command: '', args: [], status: this.status });
      return;
    }
    let clearedLast = false;
    for (const item of chain) {
      if (item.op === '&&' && this.status !== 0) continue;
      if (item.op === '||' && this.status === 0) continue;
      clearedLast = this.runPipeline(item.pipeline, host);
    }
    // cmd.exe leaves a blank line before the next prompt, except after CLS.
    if (!clearedLast) host.write('\n');
  }

  /** Run `a | b | c`; returns true when the last command cleared the screen. */
  private runPipeline(pipeline: readonly SimpleCommand[], host: ProgramHost): boolean {
    let stdin: string | null = null;
    let cleared = false;
    pipeline.forEach((cmd, i) => {
      const last = i === pipeline.length - 1;
      let captured = '';
      const toTerminal: Streams = { out: (t) => host.write(t), err: (t) => host.write(t) };
      const streams = this.redirect(cmd.redirects, last ? toTerminal : { out: (t) => void (captured += t), err: toTerminal.err }, host);
      if (!streams) {
        stdin = null;
        return;
      }
      let input = stdin;
      const from = cmd.redirects.filter((r) => r.fd === 0).at(-1);
      if (from) {
        const text = this.files?.read(this.path(from.target)) ?? 2;
        if (typeof text === 'number') {
          host.write(win32Message(text) + '\n');
          this.status = 1;
          stdin = null;
          return;
        }
        input = text;
      }
      cleared = cmd.text.trim().toLowerCase() === 'cls';
      this.status = cmd.text === '' ? 0 : this.runCommand(cmd.text, input, streams.out, streams.err, host);
      stdin = last ? null : captured;
    });
    return cleared;
  }

  /** Open a command's redirections; null (after printing why) when one cannot be opened. */
  private redirect(redirects: readonly Redirect[], base: Streams, host: ProgramHost): Streams | null {
    const streams: Streams = { ...base };
    for (const r of redirects) {
      if (r.fd === 0) continue;
      let sink: (t: string) => void;
      if (r.target === '&1') sink = (t) => streams.out(t);
      else if (r.target === '&2') sink = (t) => streams.err(t);
      else if (/^nul(\..*)?$/i.test(r.target)) sink = () => {};
      else {
        const files = this.files;
        const path = this.path(r.target);
        // Opening creates (or empties) the file before the command runs, as cmd.exe does.
        const opened = files ? files.write(path, '', r.append) : ERROR_PATH_NOT_FOUND;
        if (opened !== 0 || !files) {
          host.write(win32Message(opened) + '\n');
          this.status = 1;
          return null;
        }
        sink = (t) => void files.write(path, t, true);
      }
      if (r.fd === 1) streams.out = sink;
      else streams.err = sink;
    }
    return streams;
  }

  private path(target: string): string {
    return fullPath(this.state.cwd, target);
  }

  /** Run one simple command; returns its status. */
  private runCommand(text: string, stdin: string | null, out: (t: string) => void, err: (t: string) => void, host: ProgramHost): number {
    const { word, rest } = this.splitCommand(text);
    const name = word.toLowerCase().replace(/\.exe$/, '');
    const command = this.commands.find((c) => c.name === name);
    const args = splitArgs(rest);
    if (!command) {
      err(`'${word}' is not recognized as an internal or external command,\noperable program or batch file.\n`);
      host.emit('console.command', { command: name, args, status: STATUS_COMMAND_NOT_FOUND });
      return STATUS_COMMAND_NOT_FOUND;
    }
    const piped: ProgramHost = {
      write: out,
      clear: () => host.clear(),
      emit: (type, data) => host.emit(type, data),
      spawn: (program) => host.spawn(program),
      exit: () => host.exit(),
      lab: host.lab,
      history: () => host.history(),
    };
    const ctx: CommandContext = {
      host: piped,
      machine: this.machine,
      state: this.state,
      line: text,
      rest,
      commands: this.commands,
      out: (t = '') => out(t + '\n'),
      stdin,
      files: this.files,
    };
    let status: number;
    if (args.length === 1 && args[0] === '/?') {
      out(command.help.endsWith('\n') ? command.help : command.help + '\n');
      status = 0;
    } else {
      status = command.run(args, ctx);
    }
    host.emit('console.command', { command: command.name, args, status });
    return status;
  }

  complete(line: string, cursor: number): Completion | null {
    const before = line.slice(0, cursor);
    // Complete within the last command of a chain or pipeline.
    const segment = before.slice(Math.max(before.lastIndexOf('|'), before.lastIndexOf('&')) + 1).replace(/^\s+/, '');
    const words = segment.split(/\s+/);
    const partial = words[words.length - 1];
    const from = cursor - partial.length;
    if (words.length === 1) {
      const lower = partial.toLowerCase();
      return { from, candidates: this.commands.filter((c) => c.name.startsWith(lower)).map((c) => c.name) };
    }
    const command = this.commands.find((c) => c.name === words[0].toLowerCase());
    if (!command?.complete) return null;
    const candidates = command.complete(words.slice(1, -1), partial, this.machine, this.state);
    return { from, candidates: candidates.filter((c) => c.toLowerCase().startsWith(partial.toLowerCase())) };
  }

  /**
   * Split the command word from the rest. Like cmd.exe, a built-in name may be
   * followed directly by a delimiter ('echo.', 'help/?').
   */
  private splitCommand(line: string): { word: string; rest: string } {
    const m = /^(\S+?)(?=[\s/]|$)(.*)$/s.exec(line);
    const word = m ? m[1] : line;
    const rest = m ? m[2].replace(/^\s/, '') : '';
    const lower = word.toLowerCase();
    if (!this.commands.some((c) => c.name === lower.replace(/\.exe$/, ''))) {
      const builtin = this.commands.find((c) => lower.startsWith(c.name) && /^[.(;,=+[\]]/.test(lower.slice(c.name.length)));
      if (builtin) return { word: word.slice(0, builtin.name.length), rest: word.slice(builtin.name.length) + (rest ? ' ' + rest : '') };
    }
    return { word, rest };
  }

  /** cmd.exe-style %NAME% expansion (with the dynamic %ERRORLEVEL% and %CD%); unknown names are left as typed. */
  private expand(line: string): string {
    return line.replace(/%([^%\s]+)%/g, (whole, name: string) => {
      const key = name.toUpperCase();
      if (key === 'ERRORLEVEL') return String(this.status);
      if (key === 'CD') return this.state.cwd;
      return this.state.env.get(key) ?? whole;
    });
  }
}
