import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const fail = (api: string, code: number, text: string) => `[SC] ${api} FAILED ${code}:\n\n${text}\n\n\n`;

describe('sc: service dependencies (depend=)', () => {
  it('stores DependOnService as REG_MULTI_SZ and sc qc lists each dependency', () => {
    const { run } = session();
    run('sc create A type= kernel binPath= C:\\Drivers\\swlegacy.sys depend= Null/Beep');
    expect(run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\A /v DependOnService').out).toContain('DependOnService    REG_MULTI_SZ    Null\\0Beep');
    expect(run('sc qc A').out).toContain('        DEPENDENCIES       : Null\n                           : Beep\n');
  });

  it('a dependency that does not exist fails the start with 1075, and nothing loads', () => {
    const { s, run } = session();
    run('sc create A type= kernel binPath= C:\\Drivers\\swlegacy.sys depend= Nope');
    const r = run('sc start A');
    expect(r).toEqual({ out: fail('StartService', 1075, 'The dependency service does not exist or has been marked for deletion.'), status: 1075 });
    expect(s.machine.events.of('kernel.driverLoaded').filter((e) => e.service === 'A')).toEqual([]);
  });

  it('dependencies start first; one that cannot start fails the start with 1068', () => {
    const { s, run } = session();
    run('sc create B type= kernel binPath= C:\\Drivers\\swnounload.sys');
    run('sc create A type= kernel binPath= C:\\Drivers\\swlegacy.sys depend= B');
    expect(run('sc start A').out).toContain('STATE              : 4  RUNNING');
    const loads = s.machine.events.of('kernel.driverLoaded').map((e) => e.service);
    expect(loads.slice(-2)).toEqual(['B', 'A']);
    expect(run('sc query B').out).toContain('STATE              : 4  RUNNING');

    run('sc create C type= kernel binPath= C:\\Drivers\\swlegacy.sys start= disabled');
    run('sc create D type= kernel binPath= C:\\Drivers\\swpnp.sys depend= C');
    expect(run('sc start D')).toEqual({ out: fail('StartService', 1068, 'The dependency service or group failed to start.'), status: 1068 });
  });

  it('stopping a service with running dependents gives 1051; once they stop, it stops', () => {
    const { run } = session();
    run('sc create B type= kernel binPath= C:\\Drivers\\swnounload.sys');
    run('sc create A type= kernel binPath= C:\\Drivers\\swlegacy.sys depend= B');
    run('sc start A');
    expect(run('sc stop B')).toEqual({
      out: fail('ControlService', 1051, 'A stop control has been sent to a service that other running services are dependent on.'),
      status: 1051,
    });
    expect(run('sc stop A').out).toContain('STATE              : 1  STOPPED');
    // B itself has no DriverUnload: now the stop reaches the driver and fails there.
    expect(run('sc stop B').status).toBe(1052);
  });

  it('a circular dependency is refused with 1059', () => {
    const { run } = session();
    run('sc create A type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc create B type= kernel binPath= C:\\Drivers\\swnounload.sys depend= A');
    expect(run('sc config A depend= B')).toEqual({ out: fail('ChangeServiceConfig', 1059, 'Circular service dependency was specified.'), status: 1059 });
    expect(run('sc create C type= kernel binPath= x depend= c').status).toBe(1059);
  });

  it('sc enumdepend lists the dependents, the one started last first', () => {
    const { run } = session();
    run('sc create B type= kernel binPath= C:\\Drivers\\swnounload.sys');
    run('sc create A type= kernel binPath= C:\\Drivers\\swlegacy.sys depend= B');
    run('sc create constructor type= kernel binPath= C:\\Drivers\\swpnp.sys depend= A');
    const out = run('sc enumdepend B').out;
    expect(out.startsWith('Enum: entriesRead = 2\n\nSERVICE_NAME: constructor\nDISPLAY_NAME: constructor\n')).toBe(true);
    expect(out).toContain('\nSERVICE_NAME: A\nDISPLAY_NAME: A\n        TYPE               : 1  KERNEL_DRIVER\n        STATE              : 1  STOPPED\n');
    expect(run('sc enumdepend Nope').status).toBe(1060);
    expect(run('sc enumdepend Null').out).toBe('Enum: entriesRead = 0\n\n');
  });
});
