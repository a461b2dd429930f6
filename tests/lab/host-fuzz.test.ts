/**
 * The two-pane session under random use: console lines, debugger commands, breakpoints,
 * break-ins, pane switches and g in any order. Nothing may escape as an internal error, and
 * the session must replay to the same screens. Bounded by action count.
 */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import irpDispatch from '../../labs/irp-dispatch/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { Random } from '../../src/base/random.ts';

const CONSOLE = [
  'sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys',
  'sc start SwLegacy',
  'sc stop SwLegacy',
  'devcon install swpnp.inf Root\\SwPnp',
  'pwrtest /sleep',
  'dbgview',
  'sc query SwLegacy',
  'kd -kl',
  'q',
  'dir',
  'ioctlapp',
  'ioctlapp /method:neither /keep',
  'ioctlapp /pend /cancel',
  'ioctlapp /method:buffered /wait /keep',
  'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d NoMarkPending /f',
  'verifier /standard /driver sioctl.sys',
  'shutdown /r /t 0',
  'ioctlapp /method:buffered /pend /keep',
  'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d MdlAfterComplete /f',
  'ioctlapp /method:out_direct',
  'type \\\\.\\IoctlTest',
  'echo x > \\\\.\\IoctlTest',
  'more < \\\\.\\SwLegacy',
  'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d NeitherInDpc /f',
  'kd -z C:\\Windows\\MEMORY.DMP',
  '!analyze -v',
];
const DEBUGGER = [
  'bp swpnp!SwPnpEvtWdmPreprocessIrp',
  'bp swlegacy!SwLegacyDispatchPower',
  'bp nt!IofCallDriver',
  'bu nosuch!Routine',
  'bm swpnp!*',
  'bl',
  'bc *',
  'bd 0',
  'be 0',
  'g',
  'k',
  'kb',
  'r',
  '!irp @rdx',
  '!process 0 0',
  '!thread',
  '.process /i @$proc',
  '.thread',
  '.reload /user',
  'bu sioctl!SioctlDeviceControl',
  'bp sioctl!SioctlCancelRoutine',
  '!irp @rdx 1',
  '!devstack \\Device\\SIOCTL',
  'lmu',
  '!drvobj \\Driver\\SwLegacy 2',
  'dt nt!_EPROCESS @$proc ImageFileName',
  'eq @rsp 0',
  '!devstack @rcx',
  'u @rip',
  'constructor',
  '.process /p /r 0',
  'p',
  't',
  'gu',
  'p',
  't',
  'gu',
  'p 2',
  'bp /t @$thread nt!IofCallDriver',
  'bp /p @$proc swpnp!SwPnpEvtWdmPreprocessIrp "k;g"',
  'bp nt!IopPowerDispatch "r rip"',
  '~0s',
  '~1s',
  '!irql',
  '!pcr',
  '!prcb',
  '!prcb 1',
  '!pcr 7',
  '!handle',
  '!handle 0 3 @$proc',
  '!handle 4',
  'b',
  'i',
  'z',
  'd',
];

function run(seed: number, actions: number, lab = driverLoading): LabSession {
  const rng = new Random(seed);
  const s = new LabSession(lab);
  for (let i = 0; i < actions; i++) {
    const roll = rng.int(0, 99);
    if (roll < 8) s.play('\x1d');
    else if (roll < 14) s.play('\x03');
    else if (s.pane === 'host') s.play(DEBUGGER[rng.int(0, DEBUGGER.length - 1)]);
    else s.play(CONSOLE[rng.int(0, CONSOLE.length - 1)]);
  }
  return s;
}

describe('two-pane session fuzz', () => {
  for (const seed of [1, 2, 3]) {
    it(`survives 120 random actions (seed ${seed}) and replays to the same screens`, () => {
      const s = run(seed, 120);
      for (const text of [s.screen, s.hostScreen]) expect(text).not.toMatch(/internal error/);
      const again = LabSession.replay(driverLoading, s.log);
      expect(again.screen).toBe(s.screen);
      expect(again.hostScreen).toBe(s.hostScreen);
    });
  }

  it('survives 120 random actions on the irp-dispatch machine (sioctl.sys, ioctlapp, crash dumps) and replays', () => {
    const s = run(4, 120, irpDispatch);
    for (const text of [s.screen, s.hostScreen]) expect(text).not.toMatch(/internal error/);
    const again = LabSession.replay(irpDispatch, s.log);
    expect(again.screen).toBe(s.screen);
    expect(again.hostScreen).toBe(s.hostScreen);
  });
});
