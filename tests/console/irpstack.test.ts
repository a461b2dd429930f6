/**
 * The three-layer PnP stack (IrpFilt over IrpFunc over the root PDO): devcon
 * installs it from irpfunc.inf, the INF's HW AddReg makes IrpFilt an upper
 * filter, START_DEVICE is forwarded and finished on the way up at each layer,
 * and a read pends in the function driver and comes back through the filter's
 * completion routine with the pending bit propagated.
 */
import { describe, expect, it } from 'vitest';
import { kernelOf } from '../../src/kernel/nt.ts';
import { LabSession } from '../../src/lab/session.ts';
import lab from '../../labs/irp-dispatch/lab.ts';
import { deviceTreeSvg } from '../../src/diagrams/devtree.ts';

/** The irp-dispatch machine (its package in C:\\Drivers, DebugPrint filter open). */
function withStack() {
  const s = new LabSession(lab);
  const k = kernelOf(s.machine);
  if (!k) throw new Error('no kernel');
  const run = (line: string) => {
    const step = s.submit(line);
    return { out: step.output, status: s.machine.events.of('console.command').at(-1)?.status ?? -1 };
  };
  return { s, k, run, prints: () => k.rtl.state.entries.map((e) => e.text) };
}

describe('IrpFilt over IrpFunc over the root PDO', () => {
  it('devcon install builds the stack: the filter on top, the FDO, the PnP manager’s PDO', () => {
    const { s, k, run, prints } = withStack();
    const r = run('devcon install irpfunc.inf Root\\IrpFunc');
    expect(r.out).toContain('Drivers installed successfully.');
    expect(run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\SAMPLE\\0000 /v UpperFilters').out).toMatch(/UpperFilters\s+REG_MULTI_SZ\s+IrpFilt/);
    expect(run('sc query IrpFilt').out).toMatch(/STATE\s+: 4\s+RUNNING/);
    const fdo = k.io.driverByName('\\Driver\\IrpFunc');
    if (!fdo || fdo.DeviceObject === null) throw new Error('no FDO');
    const stack = k.io.stackOf(fdo.DeviceObject).map((d) => k.io.driver(d.DriverObject).DriverName);
    expect(stack).toEqual(['\\Driver\\IrpFilt', '\\Driver\\IrpFunc', '\\Driver\\PnpManager']);
    const tree = deviceTreeSvg(s.machine, {});
    expect(tree).toContain('filter (unnamed)  \\Driver\\IrpFilt');
    expect(tree).toContain('FDO \\Device\\IrpFunc  \\Driver\\IrpFunc');
    const text = prints().join('\n');
    // START_DEVICE went down to the PDO and was finished on the way up by each layer.
    expect(text.indexOf('IrpFilt: IRP_MJ_PNP / IRP_MN_START_DEVICE going down')).toBeLessThan(text.indexOf('IrpFunc: the PDO started the device (0x00000000)'));
    expect(text.indexOf('IrpFunc: the PDO started the device')).toBeLessThan(
      text.indexOf('IrpFilt: start completion routine: STATUS_MORE_PROCESSING_REQUIRED'),
    );
    expect(text).toContain('IrpFilt: start came back with 0x00000000; completing it again');
  });

  it('a write and a pended read travel filter → FDO and back up through the filter’s completion routine', () => {
    const { s, run, prints } = withStack();
    run('devcon install irpfunc.inf Root\\IrpFunc');
    expect(run('echo hello stack> \\\\.\\IrpFunc').status).toBe(0);
    const before = prints().length;
    const r = run('type \\\\.\\IrpFunc');
    expect(r.out).toContain('hello stack');
    const text = prints().slice(before).join('\n');
    expect(text).toContain('IrpFilt: IRP_MJ_READ going down');
    expect(text).toContain('IrpFunc: IRP_MJ_READ pended');
    expect(text).toContain('IrpFilt: IRP_MJ_READ coming back up, status 0x00000000, PendingReturned 1');
    const irps = s.machine.events
      .of('kernel.irp')
      .filter((e) => e.major === 'IRP_MJ_READ')
      .map((e) => e.driver);
    expect(irps.slice(0, 2)).toEqual(['\\Driver\\IrpFilt', '\\Driver\\IrpFunc']);
  });

  it('devcon remove takes the whole stack down and unloads both drivers', () => {
    const { k, run } = withStack();
    run('devcon install irpfunc.inf Root\\IrpFunc');
    expect(run('devcon remove Root\\IrpFunc').out).toContain('1 device(s) were removed.');
    expect(k.io.driverByName('\\Driver\\IrpFunc')).toBeUndefined();
    expect(k.io.driverByName('\\Driver\\IrpFilt')).toBeUndefined();
  });

  it('a breakpoint on the filter’s completion routine stops on the way up; !irp marks IrpFilt’s location current and !devstack shows three layers', () => {
    const { s, run } = withStack();
    run('devcon install irpfunc.inf Root\\IrpFunc');
    s.focus('host');
    s.interrupt();
    s.submit('bp irpfilt!IrpFiltIoCompletion');
    s.submit('g');
    s.focus('console');
    s.submit('type \\\\.\\IrpFunc');
    s.focus('host');
    const stop = s.machine.events.of('kd.stop').at(-1);
    expect(stop?.routine).toBe('irpfilt!IrpFiltIoCompletion');
    expect(stop?.frames.slice(1, 3).map((f) => f.replace(/\+0x[0-9a-f]+$/, ''))).toEqual(['nt!IofCompleteRequest', 'irpfunc!IrpFuncCreateClose']);
    const irp = s.submit('!irp @rdx').output;
    expect(irp).toMatch(/^Irp is active with 3 stacks 3 is current/);
    const current = irp.split('\n').findIndex((l) => l.startsWith('>'));
    expect(irp.split('\n')[current + 1].trim()).toBe('\\Driver\\IrpFilt');
    const stack = s.submit('!devstack \\Device\\IrpFunc').output;
    expect(
      stack
        .split('\n')
        .slice(1, 4)
        .map((l) => l.match(/\\Driver\\\w+/)?.[0]),
    ).toEqual(['\\Driver\\IrpFilt', '\\Driver\\IrpFunc', '\\Driver\\PnpManager']);
    expect(stack).toContain('DeviceInst is "ROOT\\SAMPLE\\0000"');
  });
});
