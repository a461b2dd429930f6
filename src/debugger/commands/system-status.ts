/**
 * `||` (system status): one line per system the debugger is attached to, `.`
 * on the current one and `#` on the one the last event came from, then its
 * number and dbgeng's description of the target: for a kernel dump the file
 * and its kind ("64-bit Kernel summary dump: C:\...", "32-bit Full kernel
 * dump: ..."), for a kernel connection "Remote KD: " and the transport's
 * parameters, for local kernel debugging "Local KD". A kernel session has
 * one system, 0: `||`, `||.`, `||#`, `||*` and `||0` all show it; any other
 * form is a syntax error.
 */
import { caretError, type KdCommand } from '../command.ts';
import type { SystemConnection } from '../session.ts';
import type { Target } from '../target.ts';

/**
 * The COM transport as the lab's kernel connection opens it (kd -k com:port=com1,baud=115200):
 * its parameters in the order the transport lists them (Port, Baud, Timeout), the port as opened.
 */
const COM_PARAMETERS = 'COM:Port=\\\\.\\com1,Baud=115200,Timeout=4000';

/** The target's description, as the target's GetDescription words it. */
export function systemDescription(connection: SystemConnection, target: Target): string {
  if (connection.kind === 'local') return 'Local KD';
  if (connection.kind === 'live') return `Remote KD: ${COM_PARAMETERS}`;
  const bits = target.arch === 'x86' ? '32-bit' : '64-bit';
  const kind = /^Kernel Summary Dump/i.test(connection.dumpKind) ? 'Kernel summary dump' : 'Full kernel dump';
  return `${bits} ${kind}: ${connection.path}`;
}

export const systemStatus: KdCommand = {
  verbs: ['||'],
  run(c) {
    const arg = c.line.slice(c.argsStart).trim();
    if (arg !== '' && !/^(0+|\.|#|\*)$/.test(arg)) return caretError(c, c.argsStart, 'Syntax');
    c.out.push(`.${'0'.padStart(3)} ${systemDescription(c.session.connection, c.session.target)}`);
    return true;
  },
};
