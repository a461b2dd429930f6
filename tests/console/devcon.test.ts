import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('devcon', () => {
  it('installs a root-enumerated device and reports it', () => {
    const { run } = session();
    expect(run('devcon install swpnp.inf Root\\SwPnp')).toEqual({
      out: 'Device node created. Install is complete when drivers are installed...\nUpdating drivers for Root\\SwPnp from C:\\Drivers\\swpnp.inf.\nDrivers installed successfully.\n\n',
      status: 0,
    });
    expect(run('devcon status Root\\SwPnp').out).toBe(
      'ROOT\\SAMPLE\\0000\n    Name: SwPnp Software Device\n    Driver is running.\n1 matching device(s) found.\n\n',
    );
    expect(run('devcon hwids @ROOT\\SAMPLE\\*').out).toContain('    Hardware IDs:\n        Root\\SwPnp\n');
    expect(run('devcon stack Root\\SwPnp').out).toContain(
      '    Setup Class: {78A1C341-4539-11d3-B88D-00C04FAD5171} Sample\n    Controlling service:\n        SwPnp\n',
    );
  });

  it('a second install makes a second devnode on the same driver', () => {
    const { run, s } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    run('devcon install swpnp.inf Root\\SwPnp');
    expect(run('devcon find Root\\SwPnp').out).toContain('2 matching device(s) found.');
    expect(s.machine.events.of('kernel.driverLoaded').filter((e) => e.service === 'SwPnp')).toHaveLength(1);
  });

  it('fails with a missing INF (exit 2)', () => {
    const { run } = session();
    expect(run('devcon install nosuch.inf Root\\SwPnp')).toEqual({ out: 'devcon failed.\n\n', status: 2 });
  });

  it('leaves a devnode with problem 28 when the INF has no driver for the hardware id', () => {
    const { run } = session();
    const r = run('devcon install swpnp.inf Root\\Other');
    expect(r.status).toBe(2);
    expect(r.out).toContain('Device node created.');
    expect(r.out).toContain('devcon failed.');
    expect(run('devcon status Root\\Other').out).toContain('    The device has the following problem: 28\n');
  });

  it('reports bad usage with exit 3', () => {
    const { run } = session();
    expect(run('devcon install swpnp.inf')).toEqual({ out: 'devcon: Invalid use of install.\nFor more information, type: devcon help install\n\n', status: 3 });
    expect(run('devcon status').status).toBe(3);
    expect(run('devcon frobnicate').status).toBe(3);
  });

  it('removes devices, unloading the PnP driver with its last device', () => {
    const { run, s } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    const r = run('devcon remove Root\\SwPnp');
    expect(r.out).toBe(`${'ROOT\\SAMPLE\\0000'.padEnd(60)}: Removed\n1 device(s) were removed.\n\n`);
    expect(s.machine.events.of('kernel.driverUnloaded').map((e) => e.service)).toContain('SwPnp');
    expect(run('devcon remove Root\\SwPnp').out).toBe('No devices were removed.\n\n');
    expect(run('devcon status Root\\SwPnp').out).toBe('No matching devices found.\n\n');
  });
});
