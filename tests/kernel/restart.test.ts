import { describe, expect, it } from 'vitest';
import { session } from '../console/helpers.ts';
import { kernelOf, restartWindows } from '../../src/kernel/nt.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows } from '../../src/kernel/nt.ts';
import { installSamplePackage } from '../../src/kernel/drivers/samples.ts';

function kernel(s: { machine: Machine }) {
  const k = kernelOf(s.machine);
  if (!k) throw new Error('no kernel');
  return k;
}

describe('restartWindows: what survives a restart and what boots fresh', () => {
  it('keeps files, non-volatile registry keys and services; reloads boot/system/auto drivers, not demand ones', () => {
    const { s, run } = session();
    run('sc create Demand type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start Demand');
    run('sc create Auto type= kernel start= auto binPath= C:\\Drivers\\swnounload.sys');
    run('devcon install swpnp.inf Root\\SwPnp');
    const before = kernel(s);
    const oldIo = before.io;
    expect(before.cm.exists('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Demand\\Enum')).toBe(true);
    const k = restartWindows(s.machine);
    expect(k).not.toBeNull();
    expect(kernelOf(s.machine)).toBe(k);
    // The same Kernel object, with new subsystems: references held elsewhere stay valid.
    expect(k).toBe(before);
    if (!k) return;
    expect(k.cm.state.keys).not.toBe(undefined);
    expect(k.io).not.toBe(oldIo);
    expect(k.ke.state.boots).toBe(2);
    expect(s.machine.events.of('kernel.restarted')).toEqual([expect.objectContaining({ reason: 'restart', boot: 2 })]);
    // Files and services survive.
    expect(k.fs.file('C:\\Drivers\\swlegacy.sys')).toBeDefined();
    expect(k.scm.open('Demand')).toBe('Demand');
    // The demand-start driver is not loaded; the auto-start one is, and so is the PnP device's driver.
    expect(k.scm.status('Demand', false)?.state).toBe(1);
    expect(k.scm.status('Demand', false)?.exitCode).toBe(1077);
    expect(k.scm.status('Auto', false)?.state).toBe(4);
    expect(k.scm.status('SwPnp', false)?.state).toBe(4);
    expect(k.scm.status('Beep', false)?.state).toBe(4);
    expect(k.scm.status('Dhcp', false)?.state).toBe(4);
    // A volatile key is gone; the Enum key of the started device is written again.
    expect(k.cm.exists('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Demand\\Enum')).toBe(false);
    expect(k.cm.string('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SwPnp\\Enum', '0')).toBe('ROOT\\SAMPLE\\0000');
    // Devnodes came back from the registry: the sample device started, LEGACY_ placeholders are there.
    const sample = k.pnp.byInstance('ROOT\\SAMPLE\\0000');
    expect(sample?.Service).toBe('SwPnp');
    expect(sample?.Inf).toMatch(/^oem\d+\.inf$/);
    expect(sample?.State).toBe(0x308);
    expect(k.pnp.byInstance('ROOT\\LEGACY_DEMAND\\0000')?.State).toBe(0x302);
    expect(k.pnp.byInstance('ROOT\\LEGACY_AUTO\\0000')?.State).toBe(0x308);
    expect(k.pnp.byInstance('ROOT\\SYSTEM\\0000')?.State).toBe(0x308);
    // The tools work on the new kernel.
    expect(run('sc start Demand').out).toContain('STATE              : 4  RUNNING');
    expect(run('devcon status Root\\SwPnp').out).toContain('Driver is running.');
    expect(s.machine.events.of('kernel.bugCheck')).toEqual([]);
  });

  it('a service marked for delete is gone after the restart; a bug-checked machine boots clean', () => {
    const { s, run } = session();
    run('sc create Demand type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start Demand');
    run('sc delete Demand');
    kernel(s).ke.state.halted = { code: 0x7e, name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED', params: ['0', '0', '0', '0'], module: null };
    const k = restartWindows(s.machine, 'bugcheck');
    expect(k?.halted).toBeNull();
    expect(k?.scm.open('Demand')).toBeNull();
    expect(run('sc query Demand').status).toBe(1060);
  });

  it('is deterministic and snapshot-safe', () => {
    const make = () => {
      const m = new Machine({ seed: 3 });
      installSamplePackage(bootWindows(m), 'C:\\Drivers');
      restartWindows(m);
      return m;
    };
    const a = make();
    const b = make();
    expect(a.snapshot()).toEqual(b.snapshot());
    const snap = a.snapshot();
    expect(structuredClone(snap)).toEqual(snap);
    const k = kernelOf(a);
    if (!k) throw new Error('no kernel');
    restartWindows(a);
    a.restore(snap);
    expect(kernelOf(a)?.ke.state.boots).toBe(2);
  });

  it('a machine without a kernel cannot restart', () => {
    expect(restartWindows(new Machine())).toBeNull();
  });
});
