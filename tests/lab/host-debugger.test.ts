/**
 * A two-pane lab: the lab machine's console and a host's kernel debugger.
 * Break in, plant a breakpoint on SwPnp's power callback, sleep the machine
 * from its console, stop there, look around, and let the sleep finish.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../../src/lab/session.ts';
import { hostLab, readyHost, stoppedInSleep } from './host-helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { registerModule } from '../../src/kernel/drivers/modules.ts';

registerModule({ name: 'crasher2', file: 'crasher2.sys', linkDate: 1295531800, imageSize: 0x4000, DriverEntry: (nt) => nt.KeBugCheckEx(0xe2, 0, 0, 0, 0) });

const lab = hostLab;
const ready = readyHost;

describe('host debugger pane', () => {
  it('opens with the connection banner and no prompt while the machine runs', () => {
    const s = new LabSession(lab);
    expect(s.hostScreen).toContain('Kernel Debugger connection established.');
    s.focus('host');
    expect(s.prompt()).toBe('');
  });

  it('breaks in on Ctrl-C and resumes on g; the console waits meanwhile', () => {
    const s = ready();
    s.focus('host');
    const out = s.interrupt();
    expect(out).toContain('Break instruction exception - code 80000003 (first chance)');
    expect(out).toContain('nt!RtlpBreakWithStatusInstruction:');
    expect(s.prompt()).toBe('0: kd> ');
    s.focus('console');
    expect(s.prompt()).toBe('');
    const queued = s.submit('sc query SwLegacy');
    expect(queued.output).toBe('');
    s.focus('host');
    const g = s.submit('g');
    expect(g.other?.pane).toBe('console');
    expect(g.other?.text).toContain('STATE              : 4  RUNNING');
    expect(s.prompt()).toBe('');
  });

  it('stops on a breakpoint in the middle of pwrtest /sleep and finishes the sleep on g', () => {
    const s = ready();
    s.focus('host');
    s.interrupt();
    s.submit('bp swpnp!SwPnpEvtWdmPreprocessIrp');
    const bl = s.submit('bl');
    expect(bl.output).toMatch(/^ 0 e fffff880`[0-9a-f]{8}     0001 \(0001\) swpnp!SwPnpEvtWdmPreprocessIrp\n$/);
    s.submit('g');
    s.focus('console');
    const sleep = s.submit('pwrtest /sleep');
    expect(sleep.output).toBe('');
    expect(sleep.other?.text).toContain('Breakpoint 0 hit');
    expect(sleep.other?.text).toContain('swpnp!SwPnpEvtWdmPreprocessIrp:');
    s.focus('host');
    const k = s.submit('k');
    expect(k.output).toContain('swpnp!SwPnpEvtWdmPreprocessIrp');
    expect(k.output).toContain('Wdf01000!FxDevice::DispatchWithLock');
    expect(k.output).toContain('nt!IofCallDriver');
    expect(k.output).toContain('nt!PopIrpWorker');
    // rdx holds the IRP: the stop's registers are the routine's arguments.
    const r = s.submit('r rdx');
    expect(r.output).toMatch(/^rdx=fffffa80[0-9a-f]{8}\n$/);
    let done = false;
    for (let i = 0; i < 20 && !done; i++) {
      const g = s.submit('g');
      if (g.other?.pane === 'console') {
        expect(g.other.text).toMatch(/resum|Resum|S0|sleep/i);
        done = true;
      } else expect(g.output).toContain('Breakpoint 0 hit');
    }
    expect(done).toBe(true);
    expect(s.prompt()).toBe('');
  });

  it('a breakpoint set at a stop catches later calls in the same command', () => {
    const s = stoppedInSleep();
    s.submit('bc 0');
    s.submit('bp swpnp!SwPnpEvtDeviceD0Entry');
    const g = s.submit('g');
    // WinDbg gives a new breakpoint the lowest free id.
    expect(g.output).toContain('Breakpoint 0 hit');
    expect(g.output).toContain('swpnp!SwPnpEvtDeviceD0Entry:');
  });

  it('a bug check stops in the host debugger first, with the fatal-error banner; g lets the machine crash', () => {
    const s = new LabSession(lab);
    kernelOf(s.machine)?.fs.write('C:\\Drivers\\crasher2.sys', { size: 4096, written: 0, content: null, image: 'crasher2' });
    s.submit('sc create crasher2 type= kernel binPath= C:\\Drivers\\crasher2.sys');
    const start = s.submit('sc start crasher2');
    expect(start.output).toBe('');
    const banner = start.other?.text ?? '';
    expect(banner).toContain('*** Fatal System Error: 0x000000e2');
    expect(banner).toContain('A fatal system error has occurred.');
    expect(banner).toContain('Probably caused by : crasher2.sys');
    s.focus('host');
    expect(s.submit('k').output).toContain('crasher2!DriverEntry+0x2f');
    const g = s.submit('g');
    expect(g.other?.text).toContain('*** STOP: 0x000000E2');
  });

  it('replays to the same state', () => {
    const s = stoppedInSleep();
    s.submit('k');
    const again = LabSession.replay(lab, s.log);
    expect(again.hostScreen).toBe(s.hostScreen);
    expect(again.screen).toBe(s.screen);
  });
});
