/**
 * The debugger stub's stops at the kernel level: a breakpoint hit reports the IRQL the routine
 * runs at (a DPC's is DISPATCH_LEVEL), and steps end at the routine entries and returns the
 * simulation has (into: the next; over: not deeper than where it started; out: the caller).
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows, type Kernel } from '../../src/kernel/nt.ts';
import { routineAddress } from '../../src/kernel/io/invoke.ts';
import type { KdStop, StepRequest } from '../../src/kernel/kd/kd.ts';

function attached(): { k: Kernel; stops: KdStop[] } {
  const k = bootWindows(new Machine({ seed: 3 }));
  const stops: KdStop[] = [];
  k.kd.state.connection = 'host';
  k.kd.listener = (s) => stops.push(structuredClone(s));
  return { k, stops };
}

/** nt!IoCreateDevice calls nt!IoAttachDeviceToDeviceStack then nt!IoCreateSymbolicLink, inside a system thread. */
function run(k: Kernel): void {
  k.ke.guard('system-thread', () =>
    k.ke.call(
      'nt',
      null,
      () => {
        k.ke.call('nt', null, () => 0, 'nt!IoAttachDeviceToDeviceStack');
        k.ke.call('nt', null, () => 0xc0000001, 'nt!IoCreateSymbolicLink');
        return 0;
      },
      'nt!IoCreateDevice',
    ),
  );
}

function stepFrom(mode: StepRequest['mode']): KdStop[] {
  const { k, stops } = attached();
  const outer = routineAddress(k, 'nt!IoCreateDevice');
  k.kd.setBreakpoint({ address: outer, expression: 'nt!IoCreateDevice', enabled: true, process: null, thread: null, command: '', oneShot: false });
  k.kd.listener = (s) => {
    stops.push(structuredClone(s));
    if (stops.length === 1) k.kd.state.step = { mode, depth: s.depth ?? -1, thread: s.thread };
  };
  run(k);
  return stops;
}

describe('debugger stub stops', () => {
  it('a breakpoint in a routine run at DISPATCH_LEVEL reports IRQL 2; at PASSIVE_LEVEL 0', () => {
    const { k, stops } = attached();
    const at = routineAddress(k, 'nt!IoCreateSymbolicLink');
    k.kd.setBreakpoint({ address: at, expression: 'nt!IoCreateSymbolicLink', enabled: true, process: null, thread: null, command: '', oneShot: false });
    k.ke.guard('system-thread', () => k.timers.atDispatch(() => k.ke.call('nt', null, () => 0, 'nt!IoCreateSymbolicLink')));
    k.ke.guard('system-thread', () => k.ke.call('nt', null, () => 0, 'nt!IoCreateSymbolicLink'));
    expect(stops.map((s) => s.irql)).toEqual([2, 0]);
  });

  it('t stops at the next routine entry, one deeper', () => {
    const stops = stepFrom('into');
    expect(stops[1]).toMatchObject({ kind: 'step', depth: 2 });
    expect(stops[1].frames[0]).toBe('nt!IoAttachDeviceToDeviceStack');
  });

  it("p stops where the call returns, in the same routine, with the callee's return value in rax", () => {
    const stops = stepFrom('over');
    expect(stops[1]).toMatchObject({ kind: 'step', depth: 1, ret: '0000000000000000' });
    expect(stops[1].frames[0]).toBe('nt!IoCreateDevice+0x2f');
  });

  it('gu stops in the caller after the routine returns; with no simulated caller, where the thread entered', () => {
    const stops = stepFrom('out');
    expect(stops[1]).toMatchObject({ kind: 'step', depth: 0 });
    expect(stops[1].frames[0]).toBe('nt!ExpWorkerThread+0xfe');
  });

  it('any stop ends a step: a breakpoint on the way wins and the step is gone', () => {
    const { k, stops } = attached();
    k.kd.setBreakpoint({
      address: routineAddress(k, 'nt!IoCreateSymbolicLink'),
      expression: 'nt!IoCreateSymbolicLink',
      enabled: true,
      process: null,
      thread: null,
      command: '',
      oneShot: false,
    });
    k.kd.state.step = { mode: 'out', depth: 1, thread: null };
    run(k);
    expect(stops.map((s) => s.kind)).toEqual(['breakpoint']);
    expect(k.kd.state.step).toBeNull();
  });
});

describe('the stop as the debugger sees it', () => {
  it("only the processor that stopped has the stop's IRQL; the other runs its idle loop at PASSIVE_LEVEL", async () => {
    const { LiveTarget } = await import('../../src/debugger/live/target.ts');
    const { k } = attached();
    const system = k.ps.process(4);
    const worker = system ? k.ps.threadsOf(system)[1] : undefined;
    if (!system || !worker) throw new Error('setup');
    k.kd.state.stop = {
      kind: 'breakpoint',
      breakpoint: 0,
      processor: 1,
      thread: worker.ethread,
      process: system.eprocess,
      frames: ['nt!IoCreateDevice'],
      args: [],
      irql: 2,
      depth: 1,
    };
    const t = new LiveTarget(k, 'live');
    expect(t.processor(1)?.irql).toBe(2);
    expect(t.processor(0)?.irql).toBe(0);
    expect(t.processor(0)?.thread).toBe(BigInt('0x' + k.ps.state.idleThreads[0]));
  });
});
