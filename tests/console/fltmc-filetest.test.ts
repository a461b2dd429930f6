/**
 * fltmc (the Filter Manager control program) and filetest (the lab aid): output layouts and
 * errors as fltmc prints them (FilterLoad / FilterAttach HRESULTs with their messages), and a
 * seeded fuzz of both tools' arguments with prototype names and bad numbers.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/isolation-filter/lab.ts';
import { Random } from '../../src/base/random.ts';
import { LabSession } from '../../src/lab/session.ts';
import { session as isolationSession } from './helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';

const session = () => isolationSession(lab);

describe('fltmc', () => {
  it('filters: the header, then one line per minifilter with instances, altitude and frame', () => {
    const { run } = session();
    // Windows 7's own minifilters, highest altitude first, on C: and on the redirector (\Device\Mup).
    expect(run('fltmc').out).toBe(
      [
        '',
        'Filter Name                     Num Instances    Altitude    Frame',
        '------------------------------  -------------  ------------  -----',
        'luafv                                   2       135000         0',
        'FileInfo                                2        45000         0',
        '',
        '',
        '',
      ].join('\n'),
    );
    run('fltmc load IsoFilter');
    const lines = run('fltmc filters').out.split('\n');
    expect(lines[3]).toBe('IsoFilter                               2       145210         0');
  });

  it('instances and volumes: the volume by its DOS name, the instance name and altitude in their columns', () => {
    const { run } = session();
    run('fltmc load IsoFilter');
    const inst = run('fltmc instances').out.split('\n');
    expect(inst[1]).toBe('Filter                Volume Name                              Altitude        Instance Name       Frame   VlStatus');
    expect(inst[3]).toBe('IsoFilter             C:                                        145210     IsoFilter Instance        0');
    const vols = run('fltmc volumes').out.split('\n');
    expect(vols[3]).toBe('C:                              \\Device\\HarddiskVolume2                  NTFS');
    expect(vols[4]).toBe('                                \\Device\\Mup                              Remote');
    expect(run('fltmc instances -f IsoFilter').out).toContain('IsoFilter Instance');
    expect(run('fltmc instances -v C:').out).toContain('IsoFilter Instance');
  });

  it('attach at another altitude and detach: a second instance comes and goes; collisions are refused', () => {
    const { run, s } = session();
    run('fltmc load IsoFilter');
    expect(run('fltmc attach IsoFilter C: -i "Second" -a 145200').status).toBe(0);
    const k = kernelOf(s.machine);
    const onC = k?.flt.instancesOf('IsoFilter').filter((i) => i.Volume === '\\Device\\HarddiskVolume2');
    expect(onC?.map((i) => `${i.Name}@${i.Altitude}`)).toEqual(['IsoFilter Instance@145210', 'Second@145200']);
    expect(run('fltmc attach IsoFilter C: -i Third -a 145200').out).toBe(
      '\nAttach failed with error: 0x801f0011\nAn instance already exists at this altitude on the volume specified.\n\n\n',
    );
    expect(run('fltmc attach IsoFilter C: -i Second -a 145100').out).toContain('0x801f0012');
    expect(run('fltmc detach IsoFilter C: Second').status).toBe(0);
    expect(run('fltmc detach IsoFilter C: Second').out).toContain('Detach failed with error: 0x801f0015\nThe system could not find the instance specified.');
  });

  it('errors: an unknown filter, an unknown volume, a missing service, a second load', () => {
    const { run } = session();
    expect(run('fltmc unload Nope').out).toBe('\nUnload failed with error: 0x801f0013\nThe system could not find the filter specified.\n\n\n');
    expect(run('fltmc load Nope').out).toContain('Load failed with error: 0x80070002\nThe system cannot find the file specified.');
    run('fltmc load IsoFilter');
    expect(run('fltmc load IsoFilter').out).toContain('Load failed with error: 0x80070420');
    expect(run('fltmc attach IsoFilter Q:').out).toContain('0x801f0014');
    expect(run('fltmc bogus').status).toBe(87);
    expect(run('fltmc help attach').out).toContain('fltmc attach [ filterName ] [ volumeName ] [[ -i instanceName ] [ -a altitude ]]');
  });

  it('unload: FltMgr calls the filter’s unload callback; its instance goes and the driver unloads', () => {
    const { run, s } = session();
    run('fltmc load IsoFilter');
    expect(run('fltmc unload IsoFilter').status).toBe(0);
    const k = kernelOf(s.machine);
    expect(k?.flt.filter('IsoFilter')).toBeUndefined();
    expect(k?.io.driverByName('\\FileSystem\\IsoFilter')).toBeUndefined();
    expect(s.machine.events.of('kernel.driverUnloaded').at(-1)?.image).toBe('isofilter');
  });
});

describe('filetest', () => {
  it('says it is a lab aid, and keeps handles across commands', () => {
    const { run } = session();
    expect(run('filetest /?').out).toMatch(/^FILETEST \(lab aid\)/);
    expect(run('filetest open plan.txt').out).toBe('NtCreateFile: STATUS_SUCCESS [FILE_OPEN] FILE_OPENED, handle 0x4 (0x44 in FileTest.exe, pid 1956)\n\n');
    expect(run('dir /b').out).toContain('plan.txt');
    const table = run('filetest handles').out.split('\n');
    expect(table[0]).toBe('Handle  Process           PID   Value  Bits  Sync   Name');
    expect(table[1]).toBe('0x4     FileTest.exe      1956  0x44   64    sync   C:\\Vault\\plan.txt');
    expect(run('filetest close 0x4').out).toBe('NtClose: STATUS_SUCCESS\n\n');
    expect(run('filetest handles').out).toBe('No open handles.\n\n');
  });

  it('errors: NTSTATUS names with their value, Win32 errors as the exit status, usage for bad arguments', () => {
    const { run } = session();
    expect(run('filetest open nope.txt')).toEqual({ out: 'NtCreateFile: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034) [FILE_OPEN]\n\n', status: 2 });
    expect(run('filetest open plan.txt /disp:create').status).toBe(183);
    expect(run('filetest read 0x99').out).toBe("filetest: 0x99 is not an open handle (see filetest handles).\nType 'filetest /?' for the commands.\n\n");
    expect(run('filetest open plan.txt /access:q').status).toBe(87);
    expect(run('filetest open plan.txt /as:../x').status).toBe(87);
    run('filetest open plan.txt');
    expect(run('filetest lock 0x4 zero 1').status).toBe(87);
    expect(run('filetest delete 0x4 maybe').status).toBe(87);
    expect(run('filetest delete 0x4 on').out).toContain('STATUS_ACCESS_DENIED (0xC0000022)');
  });

  it('a student’s typos get usage naming the mistake, not a wrong guess', () => {
    const { run } = session();
    const help = "\nType 'filetest /?' for the commands.\n\n";
    expect(run('filetest opne plan.txt')).toEqual({ out: `filetest: unknown command 'opne'.${help}`, status: 87 });
    expect(run('filetest read')).toEqual({ out: `filetest: read needs a handle (see filetest handles).${help}`, status: 87 });
    expect(run('filetest close')).toEqual({ out: `filetest: close needs a handle (see filetest handles).${help}`, status: 87 });
    // A switch's value goes after a colon: "/share rwd" must not open with no sharing at all.
    expect(run('filetest open plan.txt /share rwd')).toEqual({
      out: `filetest: unexpected argument rwd (switches take their value after a colon: /share:rwd).${help}`,
      status: 87,
    });
    expect(run('filetest open plan.txt /share:')).toEqual({ out: `filetest: bad /share: (use r, w, d or none).${help}`, status: 87 });
    expect(run('filetest open plan.txt /shar:rwd')).toEqual({ out: `filetest: unknown switch /shar:rwd.${help}`, status: 87 });
    expect(run('filetest handles').out).toBe('No open handles.\n\n');
  });

  it('a 32-bit process and a 64-bit one cannot share an image name', () => {
    const { run } = session();
    run('filetest open plan.txt /as:Legacy32.exe /x86');
    expect(run('filetest open plan.txt /as:Legacy32.exe').out).toMatch(/is already running as a 32-bit process/);
  });
});

describe('fltmc and filetest under fuzzing', () => {
  const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
  const VERBS = [
    'fltmc',
    'fltmc load',
    'fltmc unload',
    'fltmc attach',
    'fltmc detach',
    'fltmc instances -f',
    'fltmc instances -v',
    'filetest open',
    'filetest read',
    'filetest write',
    'filetest lock',
    'filetest unlock',
    'filetest delete',
    'filetest rename',
    'filetest link',
    'filetest map',
    'filetest view',
    'filetest unmap',
    'filetest close',
    'filetest handles',
  ];
  const WORDS = [
    '0x4',
    '0x8',
    '4',
    '-1',
    '0xffffffffffff',
    '1e9',
    'C:',
    'C:\\Vault\\plan.txt',
    'plan.txt:s',
    'plan.txt:s:$DATA',
    'plan.txt::$DATA',
    'x:y:z',
    '/disp:supersede',
    '/disp:overwrite',
    '/access:rwd',
    '/share:none',
    '/deleteonclose',
    '/as:IsoView.exe',
    '/x86',
    '/txn',
    '/wait',
    '/shared',
    '/replace',
    'on',
    'off',
    'IsoFilter',
    '-i',
    '-a',
    '145210',
    'all',
    '"a b"',
  ];

  it('400 generated lines answer without an engine error, and the log replays', () => {
    const rng = new Random(0xf17);
    const { s } = session();
    s.submit('sc start IsoFull');
    s.submit('fltmc load IsoFilter');
    for (let i = 0; i < 400; i++) {
      const parts = [VERBS[rng.int(0, VERBS.length - 1)]];
      for (let a = rng.int(0, 4); a > 0; a--) parts.push(rng.next() < 0.25 ? PROTO[rng.int(0, PROTO.length - 1)] : WORDS[rng.int(0, WORDS.length - 1)]);
      const text = parts.join(' ');
      const step = s.submit(text);
      expect(step.output, text).not.toMatch(/internal error/i);
    }
    expect(LabSession.replay(lab, s.log).events.length).toBe(s.events.length);
  });
});

describe('filetest and the isolation filter’s trace', () => {
  it('FltIsOperationSynchronous follows the handle; a waiting lock pends in the isolated view and completes at the unlock', () => {
    const { run } = session();
    run('sc start IsoFull');
    run('fltmc load IsoFilter');
    run('filetest open plan.txt /as:IsoView.exe /async');
    run('filetest read 0x4');
    run('filetest open plan.txt /as:IsoView.exe');
    run('filetest lock 0x8 0 5');
    expect(run('filetest lock 0x4 0 5 /wait')).toEqual({
      out: 'LockFileEx: STATUS_PENDING (the request waits in the file lock queue; it completes when the range is unlocked)\n\n',
      status: 997,
    });
    expect(run('filetest unlock 0x8 0 5').out).toMatch(/^UnlockFile: STATUS_SUCCESS\nThe waiting LockFileEx \(IRP \d+\) completed: STATUS_SUCCESS\n/);
    const trace = run('dbgview').out;
    expect(trace).toMatch(/IsoFilter: IRP_MJ_READ \\Vault\\plan\.txt isolated view pid \d+ synchronous=0/);
    expect(trace).toMatch(/IsoFilter: IRP_MJ_CREATE \\Vault\\plan\.txt isolated view pid \d+ synchronous=1/);
  });
});
