import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const fail = (api: string, code: number, text: string) => `[SC] ${api} FAILED ${code}:\n\n${text}\n\n`;
const CREATE_LEGACY = 'sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys';

describe('sc error paths', () => {
  it('1060 for a service that does not exist, in every verb', () => {
    const { run } = session();
    const text = 'The specified service does not exist as an installed service.';
    expect(run('sc query NoSuch')).toEqual({ out: fail('EnumQueryServicesStatus:OpenService', 1060, text) + '\n', status: 1060 });
    expect(run('sc start NoSuch')).toEqual({ out: fail('StartService: OpenService', 1060, text) + '\n', status: 1060 });
    expect(run('sc stop NoSuch')).toEqual({ out: fail('OpenService', 1060, text) + '\n', status: 1060 });
    expect(run('sc qc NoSuch').status).toBe(1060);
    expect(run('sc delete NoSuch').status).toBe(1060);
  });

  it('1073 when the service already exists', () => {
    const { run } = session();
    expect(run(CREATE_LEGACY).out).toBe('[SC] CreateService SUCCESS\n\n');
    expect(run(CREATE_LEGACY)).toEqual({ out: fail('CreateService', 1073, 'The specified service already exists.') + '\n', status: 1073 });
  });

  it('1056 when starting a running driver, 1062 when stopping a stopped one', () => {
    const { run } = session();
    run(CREATE_LEGACY);
    expect(run('sc stop SwLegacy')).toEqual({ out: fail('ControlService', 1062, 'The service has not been started.') + '\n', status: 1062 });
    expect(run('sc start SwLegacy').status).toBe(0);
    expect(run('sc start SwLegacy')).toEqual({ out: fail('StartService', 1056, 'An instance of the service is already running.') + '\n', status: 1056 });
  });

  it('1052 when the driver has no DriverUnload, and for a PnP driver', () => {
    const { run } = session();
    run('sc create SwNoUnload type= kernel binPath= C:\\Drivers\\swnounload.sys');
    run('sc start SwNoUnload');
    expect(run('sc stop SwNoUnload')).toEqual({
      out: fail('ControlService', 1052, 'The requested control is not valid for this service.') + '\n',
      status: 1052,
    });
    expect(run('sc query SwNoUnload').out).toContain('STATE              : 4  RUNNING');
    run('devcon install swpnp.inf Root\\SwPnp');
    expect(run('sc stop SwPnp').status).toBe(1052);
  });

  it('1058 for a disabled service', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel start= disabled binPath= C:\\Drivers\\swlegacy.sys');
    expect(run('sc start SwLegacy')).toEqual({
      out:
        fail('StartService', 1058, 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.') +
        '\n',
      status: 1058,
    });
  });

  it('1072 after deleting a running driver, which goes when it stops', () => {
    const { run } = session();
    run(CREATE_LEGACY);
    run('sc start SwLegacy');
    expect(run('sc delete SwLegacy').out).toBe('[SC] DeleteService SUCCESS\n\n');
    expect(run(CREATE_LEGACY).status).toBe(1072);
    expect(run('sc stop SwLegacy').status).toBe(0);
    expect(run('sc query SwLegacy').status).toBe(1060);
  });

  it('shows the create usage when type=kernel has no space, and creates nothing', () => {
    const { run } = session();
    const r = run('sc create SwLegacy type=kernel binPath= C:\\Drivers\\swlegacy.sys');
    expect(r.status).toBe(1639);
    expect(r.out).toContain('A space is required between the equal sign and the value.');
    expect(run('sc query SwLegacy').status).toBe(1060);
  });

  it('193 when a driver is created as a Win32 service (default type= own)', () => {
    const { run } = session();
    run('sc create SwLegacy binPath= C:\\Drivers\\swlegacy.sys');
    expect(run('sc start SwLegacy')).toEqual({ out: fail('StartService', 193, '%1 is not a valid Win32 application.') + '\n', status: 193 });
    expect(run('sc query SwLegacy').out).toContain('WIN32_EXIT_CODE    : 193  (0xc1)');
  });

  it('2 when the image file is missing, 87 without binPath', () => {
    const { run } = session();
    run('sc create Ghost type= kernel binPath= C:\\Drivers\\ghost.sys');
    expect(run('sc start Ghost').out).toBe(fail('StartService', 2, 'The system cannot find the file specified.') + '\n');
    expect(run('sc create Nothing type= kernel').status).toBe(87);
  });

  it('canonicalises the driver path and reports the configuration', () => {
    const { run } = session();
    run(CREATE_LEGACY);
    const out = run('sc qc SwLegacy').out;
    expect(out).toContain('BINARY_PATH_NAME   : \\??\\C:\\Drivers\\swlegacy.sys');
    expect(out).toContain('START_TYPE         : 3   DEMAND_START');
    expect(out).toContain('TYPE               : 1  KERNEL_DRIVER');
  });
});
