/** Two-pane sessions for the host-debugger tests: the driver-loading lab with a host debugger attached. */
import driverLoading from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import type { LabDefinition } from '../../src/lab/schema.ts';

export const hostLab: LabDefinition = { ...driverLoading, hostDebugger: true };

/** SwLegacy started and the SwPnp device installed, the debugger connected and the machine running. */
export function readyHost(): LabSession {
  const s = new LabSession(hostLab);
  s.submit('sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys');
  s.submit('sc start SwLegacy');
  s.submit('devcon install swpnp.inf Root\\SwPnp');
  return s;
}

/**
 * Break in, plant a breakpoint on SwPnp's power callback (and any `extra` lines), run, sleep the
 * machine from its console: stopped there, with the host pane focused.
 */
export function stoppedInSleep(...extra: string[]): LabSession {
  const s = readyHost();
  s.focus('host');
  s.interrupt();
  for (const l of ['bp swpnp!SwPnpEvtWdmPreprocessIrp', ...extra, 'g']) s.submit(l);
  s.focus('console');
  s.submit('pwrtest /sleep');
  s.focus('host');
  return s;
}

/**
 * Run `setup` in the console, break in, plant `bp` and run, then type `command` in the console:
 * the host pane focused, and what it printed when the breakpoint stopped the machine.
 */
export function stoppedOn(bp: string, command: string, setup: readonly string[] = []): { s: LabSession; hit: string } {
  const s = new LabSession(hostLab);
  for (const l of setup) s.submit(l);
  s.focus('host');
  s.interrupt();
  for (const l of [`bp ${bp}`, 'g']) s.submit(l);
  s.focus('console');
  const r = s.submit(command);
  s.focus('host');
  return { s, hit: r.other?.pane === 'host' ? r.other.text : '' };
}
