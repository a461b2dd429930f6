import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';

const ADDED = (inf: string, oem: string) =>
  `Microsoft PnP Utility\n\nProcessing inf :            ${inf}\nDriver package added successfully.\nPublished name :            ${oem}\n\n\n` +
  'Total attempted:              1\nNumber successfully imported: 1\n\n\n';

describe('pnputil as Windows 7 has it', () => {
  it('Windows 10 switches get the usage screen', () => {
    const { run } = session();
    for (const line of ['pnputil /enum-devices', 'pnputil /add-driver swpnp.inf /install', 'pnputil /enum-drivers', 'pnputil']) {
      const r = run(line);
      expect(r.out.startsWith('Microsoft PnP Utility\nUsage:\n------\npnputil.exe [-f | -i] [ -? | -a | -d | -e ] <INF name>\n')).toBe(true);
      expect(r.status).toBe(87);
    }
    expect(run('pnputil -?').status).toBe(0);
  });

  it('-a publishes a package as oemN.inf, once; -e lists it; -d deletes it', () => {
    const { run } = session();
    expect(run('pnputil -e').out).toBe('Microsoft PnP Utility\n\nNo published driver packages were found on the system.\n\n');
    expect(run('pnputil -a swpnp.inf')).toEqual({ out: ADDED('swpnp.inf', 'oem0.inf'), status: 0 });
    expect(run('pnputil /a C:\\Drivers\\*.inf').out).toBe(ADDED('swpnp.inf', 'oem0.inf'));
    expect(run('pnputil -e').out).toContain('Published name :            oem0.inf\nDriver package provider :   ntlab\nClass :                     Sample\n');
    expect(run('pnputil -d oem0.inf')).toEqual({ out: 'Microsoft PnP Utility\n\nDriver package deleted successfully.\n\n', status: 0 });
    expect(run('pnputil -d oem0.inf').out).toBe('Microsoft PnP Utility\n\nDeleting the driver package failed : Invalid INF passed as parameter.\n\n');
    const missing = run('pnputil -a nope.inf');
    expect(missing.out).toContain('Adding the driver package failed : The system cannot find the file specified.\n');
    expect(missing.out).toContain('Number successfully imported: 0\n');
    expect(missing.status).toBe(1);
  });

  it('a package a device uses is deleted only with -f', () => {
    const { run } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    expect(run('pnputil -d oem0.inf').out).toBe(
      'Microsoft PnP Utility\n\nDeleting the driver package failed : One or more devices are presently installed using the specified INF.\n\n',
    );
    expect(run('pnputil -f -d OEM0.INF').status).toBe(0);
    expect(run('devcon status Root\\SwPnp').out).toContain('Driver is running.');
  });

  it('-i -a installs on a device that matches and has no driver, and says so when none does', () => {
    const { s, run } = session();
    expect(run('pnputil -i -a swpnp.inf').out).toContain(
      'Processing inf :            swpnp.inf\nFailed to install the driver on any of the devices on the system : No more data is available.\nDriver package added successfully.\n',
    );
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    // A device node with the hardware id but no driver yet (what devgen or a failed install leaves).
    k.pnp.createRootDevice('Root\\SwPnp', 'Sample', '{78A1C341-4539-11d3-B88D-00C04FAD5171}', '');
    expect(run('pnputil -i -a swpnp.inf').out).toContain('Successfully installed the driver on a device on the system.\n');
    expect(run('devcon status Root\\SwPnp').out).toContain('Driver is running.');
  });
});

describe('devcon with a remote machine', () => {
  it('fails the listing commands for another machine and refuses install and remove', () => {
    const { run } = session();
    expect(run('devcon -m:\\\\OTHER status *')).toEqual({ out: 'devcon failed.\n\n', status: 2 });
    expect(run('devcon -m:\\\\NTLAB-PC find *').out).toContain('matching device(s) found.');
    expect(run('devcon -m:\\\\OTHER install swpnp.inf Root\\SwPnp')).toEqual({
      out: 'devcon: Invalid use of install.\nFor more information, type: devcon help install\n\n',
      status: 3,
    });
    expect(run('devcon -m:\\\\NTLAB-PC remove *').status).toBe(3);
  });
});

describe('the Enum key of root-enumerated devices', () => {
  it('is spelled Enum\\Root, with the driver key naming the INF', () => {
    const { run } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    const out = run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Enum').out;
    expect(out).toContain('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\n');
    expect(out).not.toContain('Enum\\ROOT');
    const dev = run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\SAMPLE\\0000').out;
    expect(dev).toContain('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\\SAMPLE\\0000\n');
    const driver = /Driver {4}REG_SZ {4}(\S+)/.exec(dev)?.[1];
    expect(driver).toBe('{78A1C341-4539-11d3-B88D-00C04FAD5171}\\0000');
    expect(run(`reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\${driver} /v InfPath`).out).toContain('InfPath    REG_SZ    oem0.inf');
  });
});
