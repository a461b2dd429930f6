/**
 * A host debugger stays connected across a restart of the lab machine (`shutdown /r`): KD
 * reports the shutdown and the new boot's connection with its version lines, and from then on
 * looks at the new boot (not a stale view of the old one); its breakpoints are planted again.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../../src/lab/session.ts';
import { hostLab, readyHost } from './host-helpers.ts';

const lab = hostLab;
const ready = readyHost;

describe('the host debugger across a restart', () => {
  it("prints the shutdown and the reconnection with the new boot's version lines", () => {
    const s = ready();
    const r = s.submit('shutdown /r /t 0');
    expect(r.output).toContain('Windows shuts down and restarts');
    expect(r.other?.pane).toBe('host');
    const lines = (r.other?.text ?? '').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Shutdown occurred at \(\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d\.\d{3} \d{4} \(UTC \+ 0:00\)\)\.\.\.unloading all symbol tables\.$/);
    expect(lines[1]).toBe('Waiting to reconnect...');
    expect(lines[2]).toMatch(/^Connected to Windows 7 7601 x64 target at \(.+\), ptr64 TRUE$/);
    expect(lines[3]).toBe('Kernel Debugger connection established.');
    expect(lines[4]).toMatch(/^Symbol search path is: /);
    expect(lines[5]).toBe('Executable search path is: ');
    expect(lines[6]).toMatch(/^Windows 7 Kernel Version 7601 .*MP \(2 procs\) Free x64$/);
    expect(lines).toContain('Machine Name:');
    expect(lines.find((l) => l.startsWith('Kernel base = 0x'))).toMatch(/PsLoadedModuleList = 0xfffff800`[0-9a-f]{8}$/);
    // The uptime counts from the new boot.
    expect(lines[lines.length - 1]).toMatch(/^System Uptime: 0 days 0:00:\d\d\.\d{3}$/);
    expect(s.hostScreen).toContain('Shutdown occurred at (');
  });

  it('looks at the new boot: a demand-start driver loaded before the restart is gone', () => {
    const s = ready();
    s.focus('host');
    s.interrupt();
    expect(s.submit('lm m swlegacy').output).toMatch(/swlegacy/);
    s.submit('g');
    s.focus('console');
    s.submit('shutdown /r /t 0');
    s.focus('host');
    s.interrupt();
    expect(s.prompt()).toBe('0: kd> ');
    expect(s.submit('lm m swlegacy').output).not.toMatch(/swlegacy/);
    expect(s.submit('!object \\Driver').output).not.toContain('SwLegacy');
    expect(s.submit('vertarget').output).toMatch(/System Uptime: 0 days 0:0\d:\d\d\.\d{3}/);
  });

  it('keeps its bu breakpoints, which follow their symbols into the new boot; bp ones go with their modules', () => {
    const s = ready();
    s.focus('host');
    s.interrupt();
    s.submit('bp swpnp!SwPnpEvtWdmPreprocessIrp');
    s.submit('bu swpnp!SwPnpEvtDeviceD0Entry');
    const before = s.submit('bl').output;
    s.submit('g');
    s.focus('console');
    // The new boot starts the SwPnp device again, powering it up: the bu breakpoint hits during the boot.
    const restart = s.submit('shutdown /r /t 0');
    const text = restart.other?.text ?? '';
    expect(text.indexOf('Kernel Debugger connection established.')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('Breakpoint 1 hit')).toBeGreaterThan(text.indexOf('Kernel Debugger connection established.'));
    expect(text).toContain('swpnp!SwPnpEvtDeviceD0Entry:');
    s.focus('host');
    const bl = s.submit('bl').output;
    expect(bl).not.toContain('SwPnpEvtWdmPreprocessIrp');
    // swpnp loaded elsewhere in the new boot: the bu breakpoint is at the routine's new address.
    const address = (text: string) => /^ 1 e (\S+) /m.exec(text)?.[1];
    expect(address(bl)).toMatch(/^fffff880`[0-9a-f]{8}$/);
    expect(address(bl)).not.toBe(address(before));
    expect(s.submit('? swpnp!SwPnpEvtDeviceD0Entry').output).toContain(`= ${address(bl)}`);
  });

  it('replays to the same screens', () => {
    const s = ready();
    s.submit('shutdown /r /t 0');
    const again = LabSession.replay(lab, s.log);
    expect(again.hostScreen).toBe(s.hostScreen);
    expect(again.screen).toBe(s.screen);
  });
});
