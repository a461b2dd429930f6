/**
 * Stepping on the live machine, routine by routine: `t` enters the next routine the
 * simulation runs, `p` steps over a call to where it returns, `gu` runs to the current
 * routine's return. Each ends with the register block and the next instruction, as KD
 * prints after a step, and works through the record-ahead run control (a step at a stop
 * inside a console command is replayed from the command's checkpoint).
 */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { hostLab, readyHost, stoppedInSleep } from './host-helpers.ts';
import { Kd } from '../debugger/harness.ts';

const lab = hostLab;
const ready = readyHost;
const atBreakpoint = stoppedInSleep;

/** The register block KD prints after a step (x64), then the symbol and the instruction. */
const REGISTER_LINES = [
  /^rax=[0-9a-f]{16} rbx=[0-9a-f]{16} rcx=[0-9a-f]{16}$/,
  /^rdx=[0-9a-f]{16} rsi=[0-9a-f]{16} rdi=[0-9a-f]{16}$/,
  /^rip=[0-9a-f]{16} rsp=[0-9a-f]{16} rbp=[0-9a-f]{16}$/,
  /^ r8=[0-9a-f]{16} {2}r9=[0-9a-f]{16} r10=[0-9a-f]{16}$/,
  /^r11=[0-9a-f]{16} r12=[0-9a-f]{16} r13=[0-9a-f]{16}$/,
  /^r14=[0-9a-f]{16} r15=[0-9a-f]{16}$/,
  /^iopl=0 {9}(nv|ov) (up|dn) (ei|di) (pl|ng) (nz|zr) (na|ac) (po|pe) (nc|cy)$/,
  /^cs=0010 {2}ss=0018 {2}ds=002b {2}es=002b {2}fs=0053 {2}gs=002b {13}efl=[0-9a-f]{8}$/,
];

function expectStepOutput(text: string, symbol: string): void {
  const lines = text.trimEnd().split('\n');
  expect(lines).toHaveLength(10);
  for (const [i, re] of REGISTER_LINES.entries()) expect(lines[i]).toMatch(re);
  expect(lines[8]).toBe(`${symbol}:`);
  expect(lines[9]).toMatch(/^[0-9a-f]{8}`[0-9a-f]{8} [0-9a-f]+ +\S+/);
}

describe('p, t and gu on the live machine', () => {
  it('t enters the next routine the current one calls', () => {
    const s = atBreakpoint();
    // The power IRP is handled in a System worker thread that ran on processor 1.
    expect(s.prompt()).toBe('1: kd> ');
    const t = s.submit('t');
    expectStepOutput(t.output, 'nt!IofCallDriver');
    expect(s.prompt()).toBe('1: kd> ');
    const k = s.submit('k').output;
    expect(k.split('\n')[1]).toMatch(/ nt!IofCallDriver$/);
    expect(k.split('\n')[2]).toMatch(/ swpnp!SwPnpEvtWdmPreprocessIrp\+0x2f$/);
  });

  it('p steps over the call: it stops where the call returns, in the same routine', () => {
    const s = atBreakpoint();
    expectStepOutput(s.submit('p').output, 'swpnp!SwPnpEvtWdmPreprocessIrp+0x2f');
    expect(s.submit('r rip').output).toBe(
      `rip=${s
        .submit('? swpnp!SwPnpEvtWdmPreprocessIrp+0x2f')
        .output.match(/= ([0-9a-f]{8})`([0-9a-f]{8})/)
        ?.slice(1)
        .join('')}\n`,
    );
  });

  it('gu runs to the return of the current routine, into its caller', () => {
    const s = atBreakpoint();
    expectStepOutput(s.submit('gu').output, 'Wdf01000!FxDevice::DispatchWithLock+0x2f');
    const k = s.submit('k').output.split('\n');
    expect(k[1]).toMatch(/ Wdf01000!FxDevice::DispatchWithLock\+0x2f$/);
    expect(k[2]).toMatch(/ nt!IofCallDriver\+0x2f$/);
  });

  it('t then gu comes back to the routine t left, past the call', () => {
    const s = atBreakpoint();
    s.submit('t');
    expectStepOutput(s.submit('gu').output, 'swpnp!SwPnpEvtWdmPreprocessIrp+0x2f');
  });

  it('a breakpoint hit during p ends the step there', () => {
    const s = atBreakpoint();
    s.submit('bp nt!IopPowerDispatch');
    const p = s.submit('p').output;
    expect(p).toContain('Breakpoint 1 hit');
    expect(p).toContain('nt!IopPowerDispatch:');
    expect(p).not.toMatch(/^rax=/m);
  });

  it('a step that does not end inside the command lets the machine run on', () => {
    const s = atBreakpoint();
    s.submit('bc *');
    let out = '';
    let released = false;
    for (let i = 0; i < 40 && !released; i++) {
      const r = s.submit('gu');
      out = r.output;
      released = r.other?.pane === 'console';
    }
    expect(released).toBe(true);
    expect(out).toBe('');
    expect(s.prompt()).toBe('');
  });

  it('after a break-in, t stops at the next routine the machine enters', () => {
    const s = ready();
    s.focus('host');
    s.interrupt();
    expect(s.submit('t').output).toBe('');
    expect(s.prompt()).toBe('');
    s.focus('console');
    const sleep = s.submit('pwrtest /sleep');
    expect(sleep.output).toBe('');
    expect(sleep.other?.pane).toBe('host');
    expect(sleep.other?.text).toMatch(/^rax=/);
    expect(sleep.other?.text).not.toContain('Breakpoint');
  });

  it('replays to the same screens', () => {
    const s = atBreakpoint();
    for (const l of ['t', 'p', 'gu', 'k', 'p']) s.submit(l);
    const again = LabSession.replay(lab, s.log);
    expect(again.hostScreen).toBe(s.hostScreen);
    expect(again.screen).toBe(s.screen);
  });

  it('take no start address or count, and gu no argument at all', () => {
    const s = atBreakpoint();
    expect(s.submit('p 3').output).toBe('lab: this machine steps routine by routine: p takes no start address or count here (see .hh p).\n');
    expect(s.submit('t =@rip').output).toContain('lab: this machine steps routine by routine');
    expect(s.submit('gu 1').output).toBe(`          ^ Syntax error in 'gu 1'\n`);
  });

  it('say in their help that the machine steps routine by routine', () => {
    const s = atBreakpoint();
    for (const topic of ['p', 't', 'gu']) expect(s.submit(`.hh ${topic}`).output).toMatch(/routine/);
  });

  it('refuse on a dump and in local kernel debugging, as g does', () => {
    const kd = new Kd();
    expect(kd.run('p')).toEqual(["       ^ No runnable debuggees error in 'p'"]);
    expect(kd.run('gu')).toEqual(["       ^ No runnable debuggees error in 'gu'"]);
    const s = new LabSession(driverLoading);
    s.submit('kd -kl');
    expect(s.submit('t').output).toMatch(/^lab: local kernel debugging \(lkd\)/);
  });
});
