/**
 * The debugger's computer: a command prompt where kd runs. It starts with the
 * kernel connection to the XP machine open (`kd -k`); `q` comes back here, and
 * `kd -z <file>` opens a dump that `.dump /f` wrote, as on a real host.
 */
import type { Program, ProgramHost } from '../../base/program.ts';
import type { XpSystem } from '../../kernel/xp/machine.ts';
import { Debugger } from '../debugger.ts';
import { xpDebugger } from './session.ts';

const CONNECT = 'kd -k com:port=com1,baud=115200';

/** A debugger on a dump: not checkpointed (a checkpoint remakes kd on the live connection). */
class DumpDebugger extends Debugger {
  override save(): unknown {
    return undefined;
  }
}

export class XpHostShell implements Program {
  readonly name = 'host';
  private readonly xp: XpSystem;

  constructor(xp: XpSystem) {
    this.xp = xp;
  }

  prompt(): string {
    return 'C:\\Debuggers>';
  }

  start(host: ProgramHost): void {
    host.write(`${this.prompt()}${CONNECT}\n`);
    this.connect(host);
  }

  /** A new kernel debugger session on the machine: its own (empty) caches. */
  private connect(host: ProgramHost): void {
    this.xp.state.debugger = { userContext: null, userModules: null };
    host.spawn(xpDebugger(this.xp, 'live').debugger);
  }

  run(line: string, host: ProgramHost): void {
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length === 0) return;
    const cmd = words[0].toLowerCase();
    if (cmd === 'kd' || cmd === 'kd.exe') {
      this.kd(words.slice(1), host);
      return;
    }
    if (cmd === 'dir') {
      const files = Object.keys(this.xp.state.dumps);
      host.write(files.length === 0 ? 'File Not Found\n' : `${files.map((f) => ` ${f}`).join('\n')}\n`);
      return;
    }
    if (cmd === 'cls') {
      host.clear();
      return;
    }
    host.write(`'${words[0]}' is not recognized as an internal or external command,\noperable program or batch file.\n`);
  }

  private kd(args: string[], host: ProgramHost): void {
    const z = args.findIndex((a) => a.toLowerCase() === '-z');
    if (z >= 0) {
      const path = args
        .slice(z + 1)
        .join(' ')
        .replace(/^"|"$/g, '');
      const frozen = path === '' ? null : this.xp.openDump(path);
      if (!frozen) {
        host.write(`Could not open dump file [${path}], Win32 error 0n2\n    "The system cannot find the file specified."\n`);
        return;
      }
      const made = xpDebugger(frozen, 'dump', path);
      // Opening a dump loads the user modules of the process that was current when it was written.
      made.target.reloadUser();
      const dbg = new DumpDebugger(made.target, made.options);
      host.emit('kd.target', { name: 'dump', path });
      host.spawn(dbg);
      return;
    }
    if (args.some((a) => a.toLowerCase() === '-k')) {
      this.connect(host);
      return;
    }
    host.write('usage: kd -k com:port=com1,baud=115200   (kernel connection to the target)\n       kd -z <dump file>                   (open a crash dump)\n');
  }

  save(): unknown {
    return {};
  }

  load(): void {}
}
