import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('driverquery /v and /si', () => {
  it('/v has all of Windows 7’s columns, computed per driver', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    const lines = run('driverquery /v').out.split('\n');
    expect(lines[1]).toBe(
      'Module Name  Display Name           Description            Driver Type   Start Mode State      Status     Accept Stop Accept Pause ' +
        'Paged Pool(bytes) Code(bytes) BSS(bytes) Link Date              Path                                             Init(bytes)',
    );
    expect(lines[2]).toBe([12, 22, 22, 13, 10, 10, 10, 11, 12, 17, 11, 10, 22, 48, 11].map((w) => '='.repeat(w)).join(' '));
    const legacy = lines.find((l) => l.startsWith('SwLegacy '));
    expect(legacy).toMatch(/^SwLegacy {5}SwLegacy {15}SwLegacy {15}Kernel {8}Manual {5}Stopped {4}OK {9}FALSE {7}FALSE {8}[\d,]+ +[\d,]+ +0 +1\/20\/2011 /);
    expect(legacy).toContain('C:\\Drivers\\swlegacy.sys');
    const csv = run('driverquery /v /fo csv').out.split('\n');
    expect(csv[0].split('","')).toHaveLength(15);
    expect(csv.find((l) => l.startsWith('"Beep"'))).toMatch(
      /^"Beep","Beep","Beep","Kernel","System","Running","OK","TRUE","FALSE","[\d,]+","[\d,]+","0","7\/14\/2009 /,
    );
  });

  it('/si lists the devices with installed drivers, their INF and whether their driver is signed', () => {
    const { run } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    const out = run('driverquery /si').out;
    expect(out).toContain('\nDeviceName                     InfName       IsSigned Manufacturer\n');
    expect(out).toContain('\nSwPnp Software Device          oem0.inf      TRUE     ntlab samples\n');
    expect(out).not.toContain('LEGACY');
    expect(run('driverquery /si /fo csv /nh').out).toContain('"SwPnp Software Device","oem0.inf","TRUE","ntlab samples"\n');
    expect(run('driverquery /si /v').status).toBe(1);
  });
});
