/**
 * Breakpoints limited to a thread or a process (`bp /t <ETHREAD>`, `bp /p <EPROCESS>`), a
 * command string run when a breakpoint hits (`bp x "k;g"`), and the processor a stop names
 * (the `N: kd>` prompt and `~Ns`) on the live machine.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../../src/lab/session.ts';
import { hostLab, readyHost } from './host-helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';

const lab = hostLab;
const ready = readyHost;

/** The System worker thread that runs the power manager's IRPs, and another System thread. */
function systemThreads(s: LabSession): { worker: string; other: string; system: string; cmd: string } {
  const k = kernelOf(s.machine);
  const system = k?.ps.process(4);
  const threads = system ? (k?.ps.threadsOf(system) ?? []) : [];
  const cmd = k?.ps.process(k.ps.state.consolePid);
  return { worker: threads[1].ethread, other: threads[2].ethread, system: system?.eprocess ?? '', cmd: cmd?.eprocess ?? '' };
}

/** Break in, plant the given breakpoint lines, resume, sleep the machine: the host pane's text. */
function sleepWith(s: LabSession, ...bps: string[]): string {
  s.focus('host');
  s.interrupt();
  for (const l of [...bps, 'g']) s.submit(l);
  s.focus('console');
  const r = s.submit('pwrtest /sleep');
  s.focus('host');
  return r.other?.pane === 'host' ? r.other.text : '';
}

describe('breakpoints limited to a thread or a process', () => {
  it('bp /t hits only on that thread, and bl says so', () => {
    const s = ready();
    const { worker } = systemThreads(s);
    const text = sleepWith(s, `bp /t ${worker} swpnp!SwPnpEvtWdmPreprocessIrp`);
    expect(text).toContain('Breakpoint 0 hit');
    const bl = s.submit('bl').output.split('\n');
    expect(bl[0]).toMatch(/^ 0 e fffff880`[0-9a-f]{8} {5}0001 \(0001\) swpnp!SwPnpEvtWdmPreprocessIrp$/);
    expect(bl[1]).toBe(`     Match thread data ${worker.slice(0, 8)}\`${worker.slice(8)}`);
    expect(s.submit('? @$thread').output).toContain(`${worker.slice(0, 8)}\`${worker.slice(8)}`);
  });

  it('bp /t on another thread never hits: the command finishes', () => {
    const s = ready();
    const { other } = systemThreads(s);
    const text = sleepWith(s, `bp /t ${other} swpnp!SwPnpEvtWdmPreprocessIrp`);
    expect(text).toBe('');
    s.focus('console');
    expect(s.screen).toMatch(/resum|Resum|sleep/i);
  });

  it('bp /p hits only in that process: System yes, cmd.exe no', () => {
    const a = ready();
    expect(sleepWith(a, `bp /p ${systemThreads(a).system} swpnp!SwPnpEvtWdmPreprocessIrp`)).toContain('Breakpoint 0 hit');
    expect(a.submit('bl').output).toContain(`     Match process data ${systemThreads(a).system.slice(0, 8)}\``);
    const b = ready();
    expect(sleepWith(b, `bp /p ${systemThreads(b).cmd} swpnp!SwPnpEvtWdmPreprocessIrp`)).toBe('');
  });

  it("bp /t without an address is a syntax error; a bad thread expression is the evaluator's error", () => {
    const s = ready();
    s.focus('host');
    s.interrupt();
    expect(s.submit('bp /t').output).toMatch(/\^ Syntax error in 'bp \/t'|Numeric expression missing/);
    expect(s.submit('bp /t nosuch!thing swpnp!SwPnpEvtWdmPreprocessIrp').output).toBe(
      "Couldn't resolve error at 'nosuch!thing swpnp!SwPnpEvtWdmPreprocessIrp'\n",
    );
    expect(s.submit('bp /x swpnp!SwPnpEvtWdmPreprocessIrp').output).toBe(`          ^ Syntax error in 'bp /x swpnp!SwPnpEvtWdmPreprocessIrp'\n`);
  });
});

describe('a command string on a breakpoint', () => {
  it('bp x "k;g" prints the stack at every hit and goes on; bl shows the command', () => {
    const s = ready();
    s.focus('host');
    s.interrupt();
    s.submit('bp swpnp!SwPnpEvtWdmPreprocessIrp "k;g"');
    expect(s.submit('bl').output).toMatch(/\) swpnp!SwPnpEvtWdmPreprocessIrp "k;g"\n$/);
    s.submit('g');
    s.focus('console');
    const sleep = s.submit('pwrtest /sleep');
    // Every hit ran k then g: the sleep finished without leaving the machine stopped.
    expect(sleep.output).toMatch(/resum|Resum|sleep/i);
    const hits = s.hostScreen.split('Breakpoint 0 hit').length - 1;
    expect(hits).toBeGreaterThan(1);
    expect(s.hostScreen.split('Child-SP          RetAddr           Call Site').length - 1).toBe(hits);
    s.focus('host');
    expect(s.prompt()).toBe('');
  });
});

describe('the processor a stop names', () => {
  it('the prompt names the processor that stopped; ~0s switches and shows its idle thread; ~2s does not exist', () => {
    const s = ready();
    sleepWith(s, 'bp swpnp!SwPnpEvtWdmPreprocessIrp');
    expect(s.prompt()).toBe('1: kd> ');
    expect(s.submit('~0s').output).toBe('');
    expect(s.prompt()).toBe('0: kd> ');
    expect(s.submit('k').output).toContain('nt!KiIdleLoop');
    expect(s.submit('~1s').output).toBe('');
    expect(s.submit('k').output).toContain('swpnp!SwPnpEvtWdmPreprocessIrp');
    expect(s.submit('~2s').output).toBe(`        ^ Syntax error in '~2s'\n`);
  });
});

describe('deferred breakpoints', () => {
  it('bu on a driver that is not loaded yet hits once it loads, and bl shows it resolved then', () => {
    const s = new LabSession(lab);
    s.focus('host');
    s.interrupt();
    expect(s.submit('bu swpnp!SwPnpEvtWdmPreprocessIrp').output).toBe('');
    expect(s.submit('bl').output).toBe(' 0 eu                      0001 (0001) (swpnp!SwPnpEvtWdmPreprocessIrp)\n');
    s.submit('g');
    s.focus('console');
    // Installing the device starts it, and starting it powers it up: the power routine runs then.
    const install = s.submit('devcon install swpnp.inf Root\\SwPnp');
    expect(install.output).toBe('');
    expect(install.other?.text).toContain('Breakpoint 0 hit');
    s.focus('host');
    expect(s.submit('bl').output).toMatch(/^ 0 e fffff880`[0-9a-f]{8} {5}0001 \(0001\) swpnp!SwPnpEvtWdmPreprocessIrp\n$/);
  });
});

describe('one-shot breakpoints', () => {
  it('bp /1 hits once, as a breakpoint, and is gone: g then finishes the command', () => {
    const s = ready();
    const text = sleepWith(s, 'bp /1 swpnp!SwPnpEvtWdmPreprocessIrp');
    expect(text).toContain('Breakpoint 0 hit');
    expect(s.submit('bl').output).toBe('');
    const g = s.submit('g');
    expect(g.output).toBe('');
    expect(g.other?.pane).toBe('console');
  });
});
