/**
 * A kernel debugger on the XP machine: `kd -k` over a serial cable (live) or
 * `kd -z` on a dump of it. The debugger follows the machine's stops: after `g`
 * or Ctrl-C it is on the processor that stopped, the implicit process and
 * thread and any `.thread` context are reset, as execution resets them.
 */

import type { XpSystem } from '../../kernel/xp/machine.ts';
import { versionLines } from '../commands/misc.ts';
import { Debugger, type DebuggerOptions, type LabDump } from '../debugger.ts';
import { X86_COMMANDS } from './commands.ts';
import { dumpCommand } from './dump-cmd.ts';
import { XpTarget } from './target.ts';
import { searchPathLines } from '../session.ts';

export function xpDebugger(
  xp: XpSystem,
  kind: 'live' | 'dump',
  dumpPath = 'C:\\xp.dmp',
  dumps: readonly LabDump[] = [],
): { debugger: Debugger; target: XpTarget; options: DebuggerOptions } {
  const target = new XpTarget(xp, kind);
  const head = ['Microsoft (R) Windows Debugger Version 6.12.0002.633 X86', 'Copyright (c) Microsoft Corporation. All rights reserved.', ''];
  const opening =
    kind === 'live'
      ? [
          ...head,
          'Opened \\\\.\\com1',
          'Waiting to reconnect...',
          `Connected to Windows XP 2600 x86 compatible target at (${target.version.sessionTime}), ptr64 FALSE`,
          'Kernel Debugger connection established.',
          ...searchPathLines(),
          ...versionLines(target.version),
          ...(xp.state.stop ? target.stopBanner(xp.state.stop) : []),
        ]
      : [
          ...head,
          '',
          `Loading Dump File [${dumpPath}]`,
          'Kernel Complete Dump File: Full address space is available',
          '',
          ...searchPathLines(),
          ...versionLines(target.version),
        ];
  const options: DebuggerOptions = {
    opening,
    connection: kind === 'live' ? { kind: 'live' } : { kind: 'dump', path: dumpPath, dumpKind: 'Kernel Complete Dump File: Full address space is available' },
    commands: [...X86_COMMANDS, dumpCommand(target)],
    dumps,
    isRunning: () => kind === 'live' && xp.state.stop === null,
  };
  const dbg = new Debugger(target, options);
  target.onStop = (stop) => {
    const s = dbg.session;
    s.processor = stop.processor;
    s.override = null;
    s.frame = 0;
    s.implicitProcess = null;
    s.implicitThread = null;
    // Stopping at a breakpoint named by module!routine loads that module's symbols.
    const bp = stop.breakpoint === null ? undefined : xp.breakpoints().find((b) => b.id === stop.breakpoint);
    const module = bp?.expression.split('!')[0];
    if (module && bp?.expression.includes('!')) s.loaded.add(module.toLowerCase());
  };
  return { debugger: dbg, target, options };
}
