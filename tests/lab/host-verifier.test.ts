/**
 * Driver Verifier under a kernel debugger: sioctl's NoMarkPending build, verified after a
 * restart, does not bug check when the host debugger is attached. Verifier prints WDM DRIVER
 * ERROR and its question on the debugger; b breaks in inside the check, i goes on, d stops the
 * reports for the boot, anything else is asked again. Without a debugger it still bug checks.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/irp-dispatch/lab.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { wrapAssertion } from '../../src/kernel/io/verifier.ts';
import { LabSession } from '../../src/lab/session.ts';

const SETUP = [
  'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d NoMarkPending /f',
  'verifier /standard /driver sioctl.sys',
  'shutdown /r /t 0',
  'cd C:\\Drivers',
];
const QUESTION = 'Break, Ignore, Zap, Remove, Disable all (bizrd)? ';

const text = (step: ReturnType<LabSession['play']>) => (typeof step === 'string' ? step : step.output);

/** The lab with the broken build verified; `ioctlapp /keep /pend` run, the host pane focused at the question. */
function atQuestion() {
  const s = new LabSession(lab);
  for (const line of SETUP) s.play(line);
  s.play('ioctlapp /method:buffered /pend /keep');
  const shown = text(s.play('\x1d'));
  return { s, shown };
}

describe('Verifier’s question on the kernel debugger (0xC9/0x23D)', () => {
  it('prints WDM DRIVER ERROR with the driver, the address, the IRP and the request, then asks bizrd; the machine waits', () => {
    const { s, shown } = atQuestion();
    const k = kernelOf(s.machine);
    expect(k?.halted).toBeNull();
    expect(shown).toContain(
      '* THIS VALIDATION BUG IS FATAL AND WILL CAUSE THE VERIFIER TO HALT    *\n* WINDOWS (BUGCHECK) WHEN THE MACHINE IS NOT UNDER A KERNEL DEBUGGER! *\n',
    );
    const report = shown.slice(shown.indexOf('WDM DRIVER ERROR:')).split('\n');
    const wrapped = report.slice(
      0,
      report.findIndex((l) => l.startsWith('IRP_MJ_')),
    );
    expect(wrapped.length).toBeGreaterThan(1);
    for (const l of wrapped) expect(l.length).toBeLessThan(78);
    for (const l of wrapped.slice(1)) expect(l).toMatch(/^ {18}\S/);
    const unwrapped = [wrapped.map((l, i) => (i === 0 ? l : l.trimStart())).join(' '), ...report.slice(wrapped.length)].join('\n');
    const dispatch = k?.images.symbolAddress('sioctl!SioctlDeviceControl')?.toString(16).toUpperCase();
    expect(unwrapped).toMatch(
      new RegExp(
        `WDM DRIVER ERROR: \\[sioctl\\.sys @ 0x0*${dispatch}\\] The driver has returned STATUS_PENDING but did not mark the IRP pending via a call to IoMarkIrpPending\\. \\(Irp = FFFFFA80[0-9A-F]{8}\\)\\.\nIRP_MJ_DEVICE_CONTROL\n\\[ DevObj=FFFFFA80[0-9A-F]{8}, FileObject=FFFFFA80[0-9A-F]{8}, Parameters=00000064 00000000 9c402410 00000000 \\]`,
      ),
    );
    expect(s.promptOf('host')).toBe(QUESTION);
    expect(s.promptOf('console')).toBe('');
    expect(s.machine.events.of('kd.stop').at(-1)?.kind).toBe('prompt');
  });

  it('an answer that is not one of b i z r d is asked again', () => {
    const { s } = atQuestion();
    expect(text(s.play('g'))).toBe('');
    expect(s.promptOf('host')).toBe(QUESTION);
    expect(text(s.play('bi'))).toBe('');
    expect(s.promptOf('host')).toBe(QUESTION);
  });

  it('b breaks in at nt!DbgBreakPoint inside the check, with the dispatch path below; g lets the request finish', () => {
    const { s } = atQuestion();
    const out = text(s.play('b'));
    expect(out).toContain('Break instruction exception - code 80000003 (first chance)\nnt!DbgBreakPoint:\n');
    expect(out).toMatch(/cc {14}int {5}3/);
    expect(s.promptOf('host')).toBe('0: kd> ');
    const k = text(s.play('k'));
    expect(k).toMatch(
      /nt!DbgBreakPoint\n.*nt!VfReportIssueWithOptions\+0x101\n.*nt!VfErrorReport6\+0x2c\n.*nt!VfAfterCallDriver\+0x8e\n.*nt!IofCallDriver\+0x2f/,
    );
    expect(k).toContain('ioctlapp!wmain+0x1d4');
    const g = s.play('g');
    expect(typeof g === 'string' ? '' : (g.other?.text ?? '')).toContain('completed after 2000 ms: Greetings from sioctl.sys');
    expect(kernelOf(s.machine)?.halted).toBeNull();
  });

  it('i ignores it: the machine runs on and the request completes; the next one asks again', () => {
    const { s } = atQuestion();
    const i = s.play('i');
    expect(typeof i === 'string' ? '' : (i.other?.text ?? '')).toContain('completed after 2000 ms');
    expect(s.promptOf('host')).toBe('');
    s.play('\x1d');
    s.play('ioctlapp /method:buffered /pend /keep');
    expect(s.promptOf('host')).toBe(QUESTION);
  });

  it('d disables the reports for the rest of the boot', () => {
    const { s } = atQuestion();
    s.play('d');
    s.play('\x1d');
    s.play('ioctlapp /method:buffered /pend /keep');
    expect(s.promptOf('host')).toBe('');
    expect(s.promptOf('console')).toBe('C:\\Drivers>');
  });

  it('without a kernel debugger the same error is bug check 0xC9 at once', () => {
    const s = new LabSession({ ...lab, hostDebugger: false });
    for (const line of SETUP) s.play(line);
    s.play('ioctlapp /method:buffered /pend /keep');
    expect(kernelOf(s.machine)?.halted?.code).toBe(0xc9);
  });

  it('the question and its answer replay the same way from the input log', () => {
    const { s } = atQuestion();
    s.play('x');
    s.play('b');
    s.play('g');
    const again = LabSession.replay(lab, s.log);
    expect(again.hostScreen).toBe(s.hostScreen);
    expect(again.screen).toBe(s.screen);
  });
});

describe('Verifier’s line wrapping', () => {
  it('fills lines before column 78 and indents continuations under the text, as the kernel’s printer does', () => {
    const lines = wrapAssertion(
      'WDM DRIVER ERROR',
      '[x.sys @ 0x0000000000000001] ',
      'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen',
    );
    expect(lines).toEqual([
      'WDM DRIVER ERROR: [x.sys @ 0x0000000000000001] one two three four five six',
      '                  seven eight nine ten eleven twelve thirteen fourteen',
      '                  fifteen sixteen',
    ]);
    expect(wrapAssertion('C', '', 'short')).toEqual(['C: short']);
  });
});
