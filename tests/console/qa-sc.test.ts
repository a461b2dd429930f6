import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const fail = (api: string, code: number, text: string) => `[SC] ${api} FAILED ${code}:\n\n${text}\n\n\n`;
const INVALID_NAME = 'The filename, directory name, or volume label syntax is incorrect.';

describe('sc: QA regressions', () => {
  it('sc stop of a running driver marked for delete still prints the STOPPED block', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    expect(run('sc delete SwLegacy').out).toBe('[SC] DeleteService SUCCESS\n\n');
    const r = run('sc stop SwLegacy');
    expect(r.status).toBe(0);
    expect(r.out).toBe(
      [
        '',
        'SERVICE_NAME: SwLegacy',
        '        TYPE               : 1  KERNEL_DRIVER',
        '        STATE              : 1  STOPPED',
        '        WIN32_EXIT_CODE    : 0  (0x0)',
        '        SERVICE_EXIT_CODE  : 0  (0x0)',
        '        CHECKPOINT         : 0x0',
        '        WAIT_HINT          : 0x0',
        '',
        '',
      ].join('\n'),
    );
    expect(run('sc query SwLegacy').status).toBe(1060);
  });

  it('123 for an empty service name, one with a backslash or slash, or one longer than 256 characters', () => {
    const { s, run } = session();
    for (const name of ['""', 'a\\b', 'a/b', 'x'.repeat(257)]) {
      expect(run(`sc create ${name} type= kernel binPath= C:\\Drivers\\swlegacy.sys`)).toEqual({ out: fail('CreateService', 123, INVALID_NAME), status: 123 });
    }
    expect(run(`sc create ${'x'.repeat(256)} type= kernel binPath= C:\\Drivers\\swlegacy.sys`).status).toBe(0);
    // Nothing was written onto the Services key itself or below a bogus parent.
    const reg = run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services').out;
    expect(reg).not.toContain('ImagePath');
    expect(reg).not.toMatch(/Services\\a\r?\n/);
    expect(run('sc query ""')).toEqual({ out: fail('EnumQueryServicesStatus:OpenService', 123, INVALID_NAME), status: 123 });
    expect(run('sc qc a\\b')).toEqual({ out: fail('OpenService', 123, INVALID_NAME), status: 123 });
    expect(run('sc start ""')).toEqual({ out: fail('StartService: OpenService', 123, INVALID_NAME), status: 123 });
    expect(s.machine.events.of('scm.serviceCreated').length).toBe(1);
  });
});

describe('sc config: QA regressions', () => {
  it('canonicalizes a driver binPath like create does, and refuses a service marked for delete (1072)', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\nope.sys');
    expect(run('sc config SwLegacy binPath= C:\\Drivers\\swlegacy.sys').out).toBe('[SC] ChangeServiceConfig SUCCESS\n\n');
    expect(run('sc qc SwLegacy').out).toContain('BINARY_PATH_NAME   : \\??\\C:\\Drivers\\swlegacy.sys\n');
    expect(run('sc start SwLegacy').status).toBe(0);
    run('sc config SwLegacy group= Extended depend= Wdf01000/Null');
    const qc = run('sc qc SwLegacy').out;
    expect(qc).toContain('LOAD_ORDER_GROUP   : Extended\n');
    expect(qc).toContain('DEPENDENCIES       : Wdf01000\n                           : Null\n');
    run('sc delete SwLegacy');
    expect(run('sc config SwLegacy start= auto')).toEqual({
      out: fail('ChangeServiceConfig', 1072, 'The specified service has been marked for deletion.'),
      status: 1072,
    });
    expect(run('sc config NoSuch start= auto')).toEqual({
      out: fail('OpenService', 1060, 'The specified service does not exist as an installed service.'),
      status: 1060,
    });
  });
});

describe('sc delete of a PnP driver: QA regressions', () => {
  it('a service marked for delete goes once the SCM sees its driver stopped by the PnP manager', () => {
    const { run } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    expect(run('sc delete SwPnp').out).toBe('[SC] DeleteService SUCCESS\n\n');
    expect(run('sc query SwPnp').out).toContain('STATE              : 4  RUNNING');
    expect(run('sc start SwPnp').status).toBe(1072);
    expect(run('devcon remove Root\\SwPnp').out).toContain('1 device(s) were removed.');
    // The query that finds the driver stopped still shows it; its handle closing deletes the service.
    expect(run('sc query SwPnp').out).toContain('STATE              : 1  STOPPED');
    expect(run('sc query SwPnp').status).toBe(1060);
    expect(run('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\SwPnp').status).toBe(1);
    expect(run('devcon install swpnp.inf Root\\SwPnp').out).toContain('Drivers installed successfully.');
    expect(run('sc query SwPnp').out).toContain('STATE              : 4  RUNNING');
  });
});

describe('sc \\\\server: QA regressions', () => {
  it('answers for this machine by name, and fails OpenSCManager with 1722 for any other server', () => {
    const { run } = session();
    expect(run('sc \\\\NTLAB-PC query Null').out).toContain('STATE              : 4  RUNNING');
    expect(run('sc \\\\localhost qc Null').out).toContain('[SC] QueryServiceConfig SUCCESS');
    expect(run('sc \\\\buildbox query Null')).toEqual({ out: fail('OpenSCManager', 1722, 'The RPC server is unavailable.'), status: 1722 });
    expect(run('sc \\\\buildbox create X type= kernel binPath= C:\\Drivers\\swlegacy.sys').status).toBe(1722);
    expect(run('sc query X').status).toBe(1060);
    // The verb's own usage still comes first.
    expect(run('sc \\\\buildbox start').out).toContain('Starts a service running.');
  });
});

describe('sc commands this machine lacks: QA regressions', () => {
  it('a real sc command that is not offered says so; an unknown word still gets the usage', () => {
    const { run } = session();
    const r = run('sc sdshow Null');
    expect(r.status).toBe(1639);
    expect(r.out).toMatch(/^sc: 'sdshow' is not available on this lab machine; it offers query, .*queryex\.\n\n$/);
    expect(run('sc frob Null').out).toContain('SC is a command line program used for communicating with the');
  });
});

describe('sc completion: QA regressions', () => {
  it('offers the create/config options whatever the case of the verb', () => {
    const { s } = session();
    for (const line of ['sc create X t', 'sc CREATE X t', 'sc Config X t']) expect(s.complete(line, line.length)?.candidates).toEqual(['type=']);
    expect(s.complete('sc create X type= k', 19)?.candidates).toEqual(['kernel']);
    expect(s.complete('sc create X type= kernel start= d', 33)?.candidates).toEqual(['demand', 'disabled', 'delayed-auto']);
  });
});

describe('sc with no arguments: QA regressions', () => {
  it('asks whether to show the QUERY help and reads the answer from the next line', () => {
    const { s } = session();
    const usage = s.submit('sc').output;
    expect(usage).toMatch(/EXAMPLE:\n {8}sc start MyService\n\n$/);
    expect(s.prompt()).toBe('Would you like to see help for the QUERY and QUERYEX commands? [ y | n ]: ');
    expect(s.submit('y').output).toMatch(/^QUERY and QUERYEX OPTIONS:\n[\s\S]*sc query type= driver {3}- Enumerates only active drivers\n[\s\S]*\n\n$/);
    expect(s.prompt()).toBe('C:\\Drivers>');
    s.submit('sc');
    expect(s.submit('n').output).toBe('\n');
    // The answer line is not run as a command.
    expect(s.submit('sc query Null').output).toContain('STATE              : 4  RUNNING');
    expect(s.machine.events.of('console.command').map((e) => e.command)).toEqual(['sc', 'sc', 'sc']);
  });
});
