/**
 * The lab console: a cmd.exe-like shell over the simulated machine. It parses
 * a line, expands %VARIABLES%, dispatches to a command and reports the outcome
 * as a `console.command` event.
 */
import type { Completion, Program, ProgramHost } from '../base/program.ts';
import { splitArgs } from '../base/text.ts';
import type { Machine } from '../kernel/machine.ts';
import { STATUS_COMMAND_NOT_FOUND, type CommandContext, type ConsoleCommand, type ConsoleState } from './command.ts';
import { builtins } from './commands/builtins.ts';
import { lab } from './commands/lab.ts';

export interface ConsoleOptions {
  /** Extra commands (tools) this console offers besides the built-ins. */
  commands?: readonly ConsoleCommand[];
  cwd?: string;
  /** Print the cmd.exe banner when the console starts (default true). */
  banner?: boolean;
}

export class Console implements Program {
  readonly name = 'console';
  readonly state: ConsoleState;
  readonly commands: readonly ConsoleCommand[];
  private readonly machine: Machine;
  private readonly banner: boolean;

  constructor(machine: Machine, options: ConsoleOptions = {}) {
    this.machine = machine;
    this.banner = options.banner ?? true;
    const all = [...builtins, lab, ...(options.commands ?? [])];
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

  start(host: ProgramHost): void {
    if (!this.banner) return;
    const v = this.machine.version;
    host.write(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}]\n`);
    host.write('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.\n\n');
  }

  run(raw: string, host: ProgramHost): void {
    const line = this.expand(raw).trim();
    if (line === '') return;
    const { word, rest } = this.splitCommand(line);
    const name = word.toLowerCase().replace(/\.exe$/, '');
    const command = this.commands.find((c) => c.name === name);
    const args = splitArgs(rest);
    if (!command) {
      host.write(`'${word}' is not recognized as an internal or external command,\noperable program or batch file.\n\n`);
      host.emit('console.command', { command: name, args, status: STATUS_COMMAND_NOT_FOUND });
      return;
    }
    const ctx: CommandContext = {
      host,
      machine: this.machine,
      state: this.state,
      line,
      rest,
      commands: this.commands,
      out: (text = '') => host.write(text + '\n'),
    };
    let status: number;
    if (args.length === 1 && args[0] === '/?') {
      host.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
      status = 0;
    } else {
      status = command.run(args, ctx);
    }
    host.emit('console.command', { command: command.name, args, status });
    // cmd.exe leaves a blank line before the next prompt, except after CLS.
    if (command.name !== 'cls') host.write('\n');
  }

  complete(line: string, cursor: number): Completion | null {
    const before = line.slice(0, cursor);
    const words = before.split(/\s+/);
    const partial = words[words.length - 1];
    const from = cursor - partial.length;
    if (words.length === 1) {
      const lower = partial.toLowerCase();
      return { from, candidates: this.commands.filter((c) => c.name.startsWith(lower)).map((c) => c.name) };
    }
    const command = this.commands.find((c) => c.name === words[0].toLowerCase());
    if (!command?.complete) return null;
    const candidates = command.complete(words.slice(1, -1), partial, this.machine);
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
      const builtin = this.commands.find((c) => lower.startsWith(c.name) && /^[.(;,=+\[\]]/.test(lower.slice(c.name.length)));
      if (builtin) return { word: word.slice(0, builtin.name.length), rest: word.slice(builtin.name.length) + (rest ? ' ' + rest : '') };
    }
    return { word, rest };
  }

  /** cmd.exe-style %NAME% expansion; unknown names are left as typed. */
  private expand(line: string): string {
    return line.replace(/%([^%\s]+)%/g, (whole, name: string) => this.state.env.get(name.toUpperCase()) ?? whole);
  }
}
