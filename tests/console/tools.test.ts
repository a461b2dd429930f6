import { describe, expect, it } from 'vitest';
import { windowsTools } from '../../src/console/tools.ts';
import { Random } from '../../src/base/random.ts';
import { session } from './helpers.ts';

describe('every Windows tool', () => {
  for (const tool of windowsTools) {
    it(`${tool.name} /? prints its help from the command file`, () => {
      const { run } = session();
      const r = run(`${tool.name} /?`);
      expect(r.status).toBe(0);
      expect(r.out.startsWith(tool.help.endsWith('\n') ? tool.help : tool.help + '\n')).toBe(true);
      expect(tool.help.length).toBeGreaterThan(40);
    });
  }

  it('bad input gets each tool’s own error and a non-zero status', () => {
    const { run } = session();
    expect(run('driverquery /x')).toEqual({ out: 'ERROR: Invalid argument/option - \'/x\'.\nType "DRIVERQUERY /?" for usage.\n\n', status: 1 });
    expect(run('dbgview /bogus').status).toBe(87);
    expect(run('pwrtest /sleep /s:1')).toEqual({ out: 'ERROR: The system does not support the requested sleep state (/s:1).\n\n', status: 50 });
    expect(run('pwrtest /c:2').status).toBe(87);
    expect(run('pnputil /enum-devices /bogus').status).toBe(87);
    expect(run('pnputil -e -a').status).toBe(87);
    expect(run('objdir \\Nope')).toEqual({ out: 'objdir: cannot open \\Nope: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)\n\n', status: 2 });
    expect(run('objdir \\Driver\\Null').status).toBe(267);
    expect(run('type nosuch.txt')).toEqual({ out: 'The system cannot find the file specified.\n\n', status: 1 });
    expect(run('cd C:\\Nowhere')).toEqual({ out: 'The system cannot find the path specified.\n\n', status: 1 });
    expect(run('sc frobnicate').status).toBe(1639);
  });

  it('dbgview /clear hides earlier output and /all brings it back', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    expect(run('dbgview').out).toContain('SwLegacy: DriverEntry');
    run('dbgview /clear');
    expect(run('dbgview').out).toBe('#        Time            Debug Print\n\n');
    expect(run('dbgview /all /f driverentry').out).toMatch(/^#.*\n1\s+1\.50000000 {2}SwLegacy: DriverEntry, RegistryPath/);
  });

  it('objdir follows \\?? to \\GLOBAL?? and shows link targets', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    const out = run('objdir \\??').out;
    expect(out).toContain('Directory of \\GLOBAL??');
    expect(out).toMatch(/SwLegacy\s+SymbolicLink\s+\\Device\\SwLegacy/);
    expect(run('objdir \\Driver').out).toMatch(/SwLegacy\s+Driver/);
  });

  it('pnputil -e lists the driver package devcon published, with its signer', () => {
    const { run } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    expect(run('pnputil -e').out).toBe(
      'Microsoft PnP Utility\n\n' +
        'Published name :            oem0.inf\n' +
        'Driver package provider :   ntlab\n' +
        'Class :                     Sample\n' +
        'Driver version and date :   01/20/2011 1.0.0.1\n' +
        'Signer name :               WDKTestCert student,129400000000000000\n\n\n',
    );
  });

  it('reg query shows the service key the SCM wrote and the Enum key the PnP manager keeps', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    expect(run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy').out).toBe(
      '\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy\n' +
        '    Type    REG_DWORD    0x1\n' +
        '    Start    REG_DWORD    0x3\n' +
        '    ErrorControl    REG_DWORD    0x1\n' +
        '    ImagePath    REG_EXPAND_SZ    \\??\\C:\\Drivers\\swlegacy.sys\n' +
        '    DisplayName    REG_SZ    SwLegacy\n\n' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy\\Enum\n\n',
    );
    expect(run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy\\Enum /v 0').out).toContain('    0    REG_SZ    ROOT\\LEGACY_SWLEGACY\\0000\n');
    run('sc stop SwLegacy');
    expect(run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy\\Enum')).toEqual({
      out: 'ERROR: The system was unable to find the specified registry key or value.\n\n',
      status: 1,
    });
    expect(run('reg frob').status).toBe(1);
  });

  it('driverquery lists the drivers with their link dates', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    const out = run('driverquery').out;
    expect(out).toContain(
      'Module Name  Display Name           Driver Type   Link Date\n============ ====================== ============= ======================\n',
    );
    expect(out).toMatch(/SwLegacy {5}SwLegacy {15}Kernel {8}1\/20\/2011 /);
    expect(out).toMatch(/Ntfs {9}Ntfs {19}File System /);
  });

  it('survives random input without an engine error (seeded fuzz)', () => {
    const rng = new Random(0x5eed);
    const words = ['sc', 'devcon', 'pnputil', 'driverquery', 'dbgview', 'pwrtest', 'objdir', 'dir', 'type', 'cd', 'bcdedit', 'shutdown', 'reg', 'net'];
    const args = [
      'create',
      'start',
      'stop',
      'query',
      'qc',
      'delete',
      'install',
      'remove',
      'status',
      'stack',
      'hwids',
      'SwLegacy',
      'SwPnp',
      'SwNoUnload',
      'type=',
      'kernel',
      'binPath=',
      'C:\\Drivers\\swlegacy.sys',
      'C:\\Drivers\\swpnp.sys',
      'swpnp.inf',
      'Root\\SwPnp',
      '*',
      '/sleep',
      '/all',
      '/clear',
      '/v',
      '/fo',
      'list',
      '/enum-devices',
      '\\',
      '\\Device',
      '\\??',
      '..',
      '"',
      '=',
      '/?',
      'x'.repeat(300),
      '%PATH%',
      '@ROOT\\*',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      '\\constructor',
      'HKLM\\__proto__',
      'depend=',
      'enumdepend',
      '-a',
      '-i',
      '-e',
      '-d',
      '-f',
      'oem0.inf',
      '/set',
      'testsigning',
      'on',
      'off',
      '/dbgsettings',
      '/r',
      '/t',
      '0',
      '99999999999999999999',
      '/si',
      'add',
      '/v',
      '/d',
      '/f',
    ];
    const { s } = session();
    for (let i = 0; i < 400; i++) {
      const n = rng.int(0, 5);
      const line = [words[rng.int(0, words.length - 1)], ...Array.from({ length: n }, () => args[rng.int(0, args.length - 1)])].join(' ');
      const step = s.submit(line);
      expect(step.output, line).not.toMatch(/internal error/);
    }
  });
});
