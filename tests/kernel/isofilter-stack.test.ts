/**
 * The isolation filter in a stack it does not own (lab isolation-filter): the
 * network share (the native file held with no shared access on \Device\Mup,
 * full sharing on C:), re-entrant opens marked by a name suffix or an ECP with
 * one and two instances, the ECP list's own rules, and instance teardown with
 * and without the filter's remove lock while a lock request is pended.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/isolation-filter/lab.ts';
import { session } from '../console/helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { FltAllocateExtraCreateParameter, FltFindExtraCreateParameter, FltInsertExtraCreateParameter } from '../../src/kernel/flt/ecp.ts';

const PARAMS = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\IsoFilter\\Parameters';

function loaded() {
  const t = session(lab);
  t.run('sc start IsoFull');
  t.run('fltmc load IsoFilter');
  return t;
}

describe('the network share', () => {
  it.each([
    ['Z:\\Vault\\report.txt', 'STATUS_SHARING_VIOLATION (0xC0000043)'],
    ['C:\\Vault\\plan.txt', 'STATUS_SUCCESS'],
  ])('an isolated open of %s, then a native open: %s', (path, second) => {
    const { run } = loaded();
    expect(run(`filetest open ${path} /as:IsoView.exe`).out).toMatch(/^NtCreateFile: STATUS_SUCCESS/);
    expect(run(`filetest open ${path}`).out).toMatch(new RegExp(`^NtCreateFile: ${second.replace(/[()]/g, '\\$&')}`));
  });

  it('lets the native open in once the isolated handle is closed, and reads the server’s stored form', () => {
    const { run } = loaded();
    run('filetest open Z:\\Vault\\report.txt /as:IsoView.exe');
    expect(run('filetest read 0x4').out).toContain('Pilot report: the isolation filter on the file server.');
    run('filetest close 0x4');
    run('filetest open Z:\\Vault\\report.txt');
    expect(run('filetest read 0x4').out).toContain('ISOFULL1');
  });

  it('without the filter, two native opens of the share file share as asked', () => {
    const { run } = session(lab);
    expect(run('filetest open Z:\\Vault\\report.txt').status).toBe(0);
    expect(run('filetest open Z:\\Vault\\report.txt /as:Other.exe').status).toBe(0);
    expect(run('filetest open Z:\\Vault\\report.txt /as:Third.exe /share:none').out).toMatch(/^NtCreateFile: STATUS_SHARING_VIOLATION/);
  });

  it('fltmc volumes lists the redirector as a remote volume without a drive letter', () => {
    const { run } = session(lab);
    expect(run('fltmc volumes').out.split('\n')[4]).toBe('                                \\Device\\Mup                              Remote');
  });
});

describe('re-entrant opens: a name suffix or an ECP', () => {
  /** Read plan.txt through the isolated view with `mark` and `instances` IsoFilter instances on C:. */
  function isolatedRead(mark: string | null, instances: number): string {
    const { run } = session(lab);
    run('sc start IsoFull');
    if (mark) run(`reg add ${PARAMS} /v ReentryMark /t REG_SZ /d ${mark} /f`);
    run('fltmc load IsoFilter');
    if (instances > 1) run('fltmc attach IsoFilter C: -i Second -a 145100');
    run('filetest open plan.txt /as:IsoView.exe');
    const out = run('filetest read 0x4').out;
    run('filetest close 0x4');
    expect(run('filetest handles').out).toContain('No open handles.');
    return out.split('\n')[0];
  }

  it.each([
    [null, 1, 'NtReadFile: STATUS_SUCCESS, 67 bytes'],
    [null, 2, 'NtReadFile: STATUS_SUCCESS, 67 bytes'],
    ['Suffix', 1, 'NtReadFile: STATUS_SUCCESS, 67 bytes'],
    ['Suffix', 2, 'NtReadFile: STATUS_END_OF_FILE (0xC0000011)'],
    ['Ecp', 1, 'NtReadFile: STATUS_SUCCESS, 67 bytes'],
    ['Ecp', 2, 'NtReadFile: STATUS_SUCCESS, 67 bytes'],
  ])('ReentryMark %s with %i instance(s): %s', (mark, instances, first) => {
    expect(isolatedRead(mark, instances)).toBe(first);
  });

  it('in the suffix build the upper instance strips the mark and the lower one isolates the filter’s own open', () => {
    const t = session(lab);
    t.run('sc start IsoFull');
    t.run(`reg add ${PARAMS} /v ReentryMark /t REG_SZ /d Suffix /f`);
    t.run('fltmc load IsoFilter');
    t.run('fltmc attach IsoFilter C: -i Second -a 145100');
    t.run('filetest open plan.txt /as:IsoView.exe');
    const trace = t.run('dbgview').out;
    expect(trace).toContain('IsoFilter Instance: \\Vault\\plan.txt;IsoNative ends in ;IsoNative: taken as its own open, suffix stripped, passed down');
    expect(trace).toContain('Second: \\Vault\\plan.txt is still being read in: the open joins its control block');
    const opens = t.s.machine.events.of('isofilter.isolatedOpen');
    // The lower instance answered the filter's own open from the block the upper one had just made, still empty.
    expect(opens.map((e) => `${e.instance}:${e.joined}:${e.dataLength}`)).toEqual(['Second:true:0', 'IsoFilter Instance:false:0']);
  });

  it('the ECP list: one entry per GUID, found by GUID, untouched by the instances it passes', () => {
    const list: Record<string, never> = {};
    const guid = '{6D1F5B7E-2C4A-4F0E-9B3D-8A51C0E7D2A4}';
    expect(FltInsertExtraCreateParameter(list, FltAllocateExtraCreateParameter(guid, { Instance: 'A' }))).toBe(0);
    expect(FltInsertExtraCreateParameter(list, FltAllocateExtraCreateParameter(guid, { Instance: 'B' }))).toBe(0xc0000035);
    expect(FltFindExtraCreateParameter(list, guid).ecp?.Context).toEqual({ Instance: 'A' });
    expect(FltFindExtraCreateParameter(list, '{00000000-0000-0000-0000-000000000000}').status).toBe(0xc0000225);
    expect(FltFindExtraCreateParameter(null, guid).ecp).toBeNull();
    expect(FltFindExtraCreateParameter({ [guid.toLowerCase()]: 'not an ECP' }, guid).ecp).toBeNull();
  });
});

describe('teardown with an operation in flight', () => {
  function pendedThenDetach(lock: boolean) {
    const t = session(lab);
    t.run('sc start IsoFull');
    if (!lock) t.run(`reg add ${PARAMS} /v TeardownLock /t REG_DWORD /d 0 /f`);
    t.run('fltmc load IsoFilter');
    t.run('filetest open plan.txt /as:IsoView.exe');
    t.run('filetest lock 0x4 0 10');
    t.run('filetest open plan.txt /as:IsoView.exe');
    expect(t.run('filetest lock 0x8 0 10 /wait').out).toMatch(/^LockFileEx: STATUS_PENDING/);
    const k = kernelOf(t.s.machine);
    const instance = k?.flt.instancesOn('\\Device\\HarddiskVolume2').find((i) => i.Filter === 'IsoFilter');
    expect(k?.flt.operationsInFlight(instance?.id ?? 0)).toBe(1);
    // The debugger reads the same count from the instance's rundown reference.
    t.run('kd -kl');
    const rundown = t.run(`!fltkd.instance ${instance?.Address}`).out.split('\n')[2];
    expect(rundown).toBe('      RundownRef               : 0x0000000000000002 (1)');
    t.run('q');
    expect(t.run('fltmc detach IsoFilter C: "IsoFilter Instance"').status).toBe(0);
    return { t, k, irps: Object.values(k?.io.state.irps ?? {}).filter((i) => !i.Completed).length };
  }

  it('with the remove lock: the pended request is completed (cancelled) before the control blocks are freed', () => {
    const { t, irps } = pendedThenDetach(true);
    const e = t.s.machine.events.of('isofilter.teardown').at(-1);
    expect(e).toMatchObject({ teardownLock: true, inFlight: 1, cancelledFirst: 1, leftInFlight: 0, freed: 1 });
    expect(t.s.machine.events.of('fs.lockCompleted').at(-1)?.status).toBe('0xC0000120');
    expect(irps).toBe(0);
    const lines = t.run('dbgview').out.split('\n');
    const order = ['InstanceTeardownStart', 'ExAcquireResourceExclusiveLite', 'control block(s) freed', 'InstanceTeardownComplete'].map((w) =>
      lines.findIndex((l) => l.includes(w)),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  });

  it('without it: the blocks are freed under the pended request, which is never completed', () => {
    const { t, irps } = pendedThenDetach(false);
    expect(t.s.machine.events.of('isofilter.teardown').at(-1)).toMatchObject({ teardownLock: false, inFlight: 1, cancelledFirst: 0, leftInFlight: 1 });
    expect(irps).toBe(1);
    expect(t.run('dbgview').out).not.toContain('ExAcquireResourceExclusiveLite');
  });

  it('unloading the filter tears down every instance, each with its reason', () => {
    const t = loaded();
    t.run('fltmc unload IsoFilter');
    const reasons = t.s.machine.events.of('isofilter.teardown').map((e) => `${e.volume}:${e.reason}`);
    expect(reasons).toEqual(['\\Device\\HarddiskVolume2:2', '\\Device\\Mup:2']);
  });
});
