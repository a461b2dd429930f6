import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('net start and net stop', () => {
  it('lists the started Win32 services by display name', () => {
    const { run } = session();
    const out = run('net start').out;
    expect(out.startsWith('These Windows services are started:\n\n   DHCP Client\n   Plug and Play\n')).toBe(true);
    expect(out).toContain('   Windows Event Log\n\nThe command completed successfully.\n');
    expect(out).not.toContain('Beep');
  });

  it('starts and stops by name or display name, with net’s messages and HELPMSG numbers', () => {
    const { run } = session();
    expect(run('net stop "DHCP Client"')).toEqual({
      out: 'The DHCP Client service is stopping.\nThe DHCP Client service was stopped successfully.\n\n',
      status: 0,
    });
    expect(run('net start dhcp').out).toBe('The DHCP Client service is starting.\nThe DHCP Client service was started successfully.\n\n');
    expect(run('net start dhcp')).toEqual({
      out: 'The requested service has already been started.\n\nMore help is available by typing NET HELPMSG 2182.\n\n',
      status: 2,
    });
    expect(run('net start constructor').out).toBe('The service name is invalid.\n\nMore help is available by typing NET HELPMSG 2185.\n\n');
    expect(run('net stop PlugPlay').out).toContain('NET HELPMSG 2191.');
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    expect(run('net start SwLegacy').out).toBe('The SwLegacy service was started successfully.\n\n');
    expect(run('net stop SwLegacy').out).toBe('The SwLegacy service was stopped successfully.\n\n');
    expect(run('net stop SwLegacy').out).toBe('The SwLegacy service is not started.\n\nMore help is available by typing NET HELPMSG 3521.\n\n');
    run('sc config SwLegacy depend= Nope');
    expect(run('net start SwLegacy')).toEqual({
      out: 'System error 1075 has occurred.\n\nThe dependency service does not exist or has been marked for deletion.\n\n',
      status: 2,
    });
    expect(run('net helpmsg 2182').out).toBe('\nThe requested service has already been started.\n\n');
    expect(run('net helpmsg 1075').out).toContain('The dependency service does not exist');
  });

  it('stopping a service with running dependents asks first; /y and piped answers stop them all', () => {
    const { s, run } = session();
    run('sc create B type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc create A type= own binPath= C:\\Windows\\System32\\svchost.exe depend= B');
    run('net start A');
    const asked = run('net stop B');
    expect(asked.out).toBe('The following services are dependent on the B service.\nStopping the B service will also stop these services.\n\n   A\n\n');
    expect(s.prompt()).toBe('Do you want to continue this operation? (Y/N) [N]: ');
    expect(run('n').out).toBe('\n');
    expect(run('sc query A').out).toContain('RUNNING');
    run('net stop B');
    expect(run('y').out).toBe('\nThe A service is stopping.\nThe A service was stopped successfully.\n\nThe B service was stopped successfully.\n\n');
    run('net start A');
    expect(run('net stop B /y').out).toContain('Do you want to continue this operation? (Y/N) [N]: Y\n\nThe A service is stopping.\n');
    run('net start A');
    expect(run('echo y| net stop B').out).toContain('The B service was stopped successfully.');
    expect(run('sc query B').out).toContain('STOPPED');
  });
});
