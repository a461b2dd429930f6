/**
 * `kd`: the Debugging Tools for Windows console kernel debugger, run on the
 * lab machine itself. `kd -kl` starts local kernel debugging (memory and
 * objects can be read; nothing can be stopped or run); `kd -z <dump>` opens a
 * crash dump the machine wrote. A kernel connection to this machine from a
 * host (`-k com:…`) is the lab's host pane, not something this machine runs.
 */
import type { ConsoleCommand } from '../command.ts';
import { Debugger } from '../../debugger/debugger.ts';
import { LiveTarget } from '../../debugger/live/target.ts';
import { versionLines } from '../../debugger/commands/misc.ts';
import { openDumpFile } from '../../debugger/live/dumpfile.ts';
import { withKernel } from './ntcommon.ts';
import { kernelOf } from '../../kernel/nt.ts';
import { searchPathLines } from '../../debugger/session.ts';

const HELP = `usage: kd [options]

Options:

  -kl       local kernel debugging (bcdedit -debug on, then a restart)
  -z <CrashDmpFile>
            specifies the name of a crash dump file to debug
  -k <KernelTransport>
            tells the debugger how to connect to the target
            com:port=<port>,baud=<baud>   serial connection
  -y <SymbolsPath>
            specifies the symbol search path
  -?        displays command line help text`;

const OPENING = ['Microsoft (R) Windows Debugger Version 6.12.0002.633 AMD64', 'Copyright (c) Microsoft Corporation. All rights reserved.', ''];

const SYMBOLS = searchPathLines();

export const kd: ConsoleCommand = {
  name: 'kd',
  summary: 'Kernel debugger (Debugging Tools for Windows): local kernel debugging and crash dumps.',
  help: HELP,
  run(args, ctx) {
    const a = args.map((x) => x.toLowerCase());
    if (a.length === 0 || a.includes('-?') || a.includes('/?')) {
      ctx.out(HELP);
      return 0;
    }
    if (a[0] === '-z') {
      const k = kernelOf(ctx.machine);
      const path = args[1];
      if (!k || !path) {
        ctx.out(!k ? "kd: this lab's machine has no Windows kernel." : 'kd: -z requires a crash dump file name');
        return 1;
      }
      const opened = openDumpFile(k, path, ctx.state.cwd);
      if (typeof opened === 'string') {
        ctx.out([...OPENING, '', `Loading Dump File [${path}]`, opened].join('\n'));
        return 1;
      }
      ctx.host.spawn(
        new Debugger(opened.target, { banner: { dumpPath: opened.path, dumpKind: 'Kernel Summary Dump File: Only kernel address space is available' } }),
      );
      // The debugger now looks at the dump (graders follow what was opened).
      ctx.host.emit('kd.target', { name: opened.path, path: opened.path });
      return 0;
    }
    return withKernel(ctx, 'kd', (k) => {
      if (a[0] === '-kl') {
        const target = new LiveTarget(k, 'local');
        const when = target.version.sessionTime;
        const lines = [
          ...OPENING,
          `Connected to Windows 7 ${k.machine.version.build} x64 target at (${when}), ptr64 TRUE`,
          ...SYMBOLS,
          ...versionLines(target.version),
        ];
        ctx.host.spawn(new Debugger(target, { local: true, opening: lines }));
        return 0;
      }
      if (a[0] === '-k') {
        ctx.out('lab: a kernel connection reaches this machine from a second computer: in this lab, that is the host debugger pane, when the lab has one.');
        return 1;
      }
      ctx.out(`kd: unknown option '${args[0]}'`);
      ctx.out(HELP);
      return 1;
    });
  },
};
