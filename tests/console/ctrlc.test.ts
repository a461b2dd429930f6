/**
 * A tool left running in the foreground (ioctlapp /wait: its thread waits in a synchronous
 * DeviceIoControl the driver pends) and Ctrl-C ending it as Windows does: CtrlRoutine on a
 * new thread, ExitProcess(STATUS_CONTROL_C_EXIT), the waiting thread's rundown cancelling
 * its IRP through the driver's cancel routine. Checked on screen, in events, in the kernel's
 * state, across a checkpoint and a replay, and under the host debugger.
 */
import { describe, expect, it } from 'vitest';
import { kernelOf } from '../../src/kernel/nt.ts';
import { installIoctlSample } from '../../src/kernel/drivers/samples.ts';
import { LabSession } from '../../src/lab/session.ts';
import irpLab from '../../labs/irp-dispatch/lab.ts';
import { session } from './helpers.ts';

function withSample() {
  const t = session();
  const k = kernelOf(t.s.machine);
  if (!k) throw new Error('no kernel');
  installIoctlSample(k, 'C:\\Drivers');
  t.run('cd C:\\Drivers');
  return { ...t, k };
}

const pendingIrps = (k: NonNullable<ReturnType<typeof kernelOf>>) => Object.values(k.io.state.irps).filter((i) => !i.Completed && i.Origin.kind === 'user');

describe('a tool in the foreground and Ctrl-C', () => {
  it('ioctlapp /wait leaves its thread waiting: no prompt, its process and IRP stay, typed lines wait', () => {
    const { s, k, run } = withSample();
    const r = run('ioctlapp /method:buffered /wait');
    expect(r.out).toContain('Calling DeviceIoControl IOCTL_SIOCTL_PEND_CANCEL on a synchronous handle');
    expect(r.out.endsWith('waiting...\n')).toBe(true);
    expect(s.prompt()).toBe('');
    const tool = k.ps.list().find((p) => p.name === 'ioctlapp.exe');
    expect(tool).toBeDefined();
    const main = tool ? k.ps.threadsOf(tool)[0] : undefined;
    expect(main?.state).toBe('Waiting');
    expect(main?.waitReason).toBe('Executive');
    expect(main?.frames?.[3]).toBe('nt!IopSynchronousServiceTail+0x2d2');
    expect(pendingIrps(k)).toHaveLength(1);
    // A line typed meanwhile goes to the console's input buffer: nothing runs, nothing shows.
    expect(s.submit('ver').output).toBe('');
    expect(s.prompt()).toBe('');
    expect(s.machine.events.of('console.command').at(-1)?.command).toBe('cd');
  });

  it('Ctrl-C: CtrlRoutine thread, cancel routine through IoCancelThreadIo, exit status 0xC000013A, ^C and the prompt, then the typed line', () => {
    const { s, k, run } = withSample();
    run('ioctlapp /method:buffered /wait');
    s.submit('ver');
    const out = s.interrupt();
    const ctrl = s.machine.events.of('console.ctrlC');
    expect(ctrl).toHaveLength(1);
    expect(ctrl[0]).toMatchObject({ tool: 'ioctlapp', pending: 1 });
    const cancelled = s.machine.events.of('io.cancelled');
    expect(cancelled.at(-1)).toMatchObject({ driver: '\\Driver\\SIOCTL', routine: 'sioctl!SioctlCancelRoutine', process: ctrl[0].process });
    expect(cancelled.at(-1)?.seq).toBeGreaterThan(ctrl[0].seq);
    const ended = s.machine.events.of('console.command').find((e) => e.command === 'ioctlapp');
    expect(ended?.status).toBe(0xc000013a | 0);
    expect(k.ps.list().some((p) => p.name === 'ioctlapp.exe')).toBe(false);
    expect(pendingIrps(k)).toHaveLength(0);
    // cmd.exe reads the line typed meanwhile, after its prompt.
    expect(out).toBe('C:\\Drivers>ver\n\nMicrosoft Windows [Version 6.1.7601]\n\n');
    // The terminal echoed the line as it was typed; cmd.exe shows it again when it reads it.
    expect(s.screen).toContain('waiting...\nver\n^C\nC:\\Drivers>ver\n');
    expect(s.prompt()).toBe('C:\\Drivers>');
    const dbg = run('dbgview').out;
    expect(dbg).toMatch(
      /pending the request until it is cancelled\n.*cancel routine: completing the request with STATUS_CANCELLED\n.*IRP_MJ_CLEANUP\n.*IRP_MJ_CLOSE/,
    );
    // Killed, ioctlapp never stopped the service it created: the driver stays loaded.
    expect(k.scm.status('SIOCTL', false)?.state).toBe(4);
  });

  it('%ERRORLEVEL% after Ctrl-C is STATUS_CONTROL_C_EXIT, signed', () => {
    const { s, run } = withSample();
    run('ioctlapp /method:buffered /wait');
    expect(s.interrupt()).toBe('');
    expect(run('echo %errorlevel%').out).toBe('-1073741510\n\n');
  });

  it('Ctrl-C at the prompt, with nothing running, only drops the line', () => {
    const { s } = withSample();
    expect(s.interrupt()).toBe('');
    expect(s.machine.events.of('console.ctrlC')).toHaveLength(0);
    expect(s.prompt()).toBe('C:\\Drivers>');
  });

  it('/wait in a compound line or with a redirection is refused (cmd.exe could not wait for it there)', () => {
    const { s, run } = withSample();
    expect(run('ioctlapp /wait & ver').out).toContain('ioctlapp: /wait keeps ioctlapp running until Ctrl-C: type it as a command line of its own.');
    expect(run('ioctlapp /wait > out.txt').status).toBe(87);
    expect(s.prompt()).toBe('C:\\Drivers>');
    expect(s.machine.events.of('io.request').filter((e) => e.driver === '\\Driver\\SIOCTL')).toHaveLength(0);
  });

  it('replays the same way: the wait, the typed line and the Ctrl-C come back from the input log', () => {
    const { s } = withSample();
    s.submit('ioctlapp /method:neither /wait');
    s.submit('dir /b');
    s.interrupt();
    s.submit('tasklist');
    const again = new LabSession(s.lab);
    const k2 = kernelOf(again.machine);
    if (!k2) throw new Error('no kernel');
    installIoctlSample(k2, 'C:\\Drivers');
    again.submit('cd C:\\Drivers');
    for (const e of s.log.slice(1)) again.apply(e);
    expect(again.screen).toBe(s.screen);
    expect(again.machine.events.all.map((e) => e.type)).toEqual(s.machine.events.all.map((e) => e.type));
  });

  it('a checkpoint taken while the tool waits resumes to the same wait', () => {
    const s = new LabSession(irpLab);
    s.submit('ioctlapp /method:buffered /wait');
    const cp = s.checkpoint();
    expect(cp).not.toBeNull();
    if (!cp) return;
    s.interrupt();
    const resumed = LabSession.resume(irpLab, cp, s.log);
    expect(resumed.screen).toBe(s.screen);
    expect(resumed.machine.events.of('io.cancelled').length).toBe(s.machine.events.of('io.cancelled').length);
    expect(resumed.prompt()).toBe('C:\\Drivers>');
  });

  it('under the host debugger: a breakpoint on the cancel routine stops Ctrl-C’s rundown on the waiting thread', () => {
    const s = new LabSession(irpLab);
    for (const line of ['ioctlapp /method:buffered /wait', '\x1d', '\x03', 'bp sioctl!SioctlCancelRoutine', 'g', '\x1d', '\x03', '\x1d']) s.play(line);
    const stack = s.play('k');
    const text = typeof stack === 'string' ? stack : stack.output;
    expect(text).toMatch(
      /sioctl!SioctlCancelRoutine\n.*nt!IoCancelIrp\+0x2f\n.*nt!IoCancelThreadIo\+0x2f\n.*nt!PspExitThread\+0x2f\n.*nt!PsExitSpecialApc\+0x1d/,
    );
    expect(text).toContain('ioctlapp!wmain+0x1d4');
    const irp = s.play('!irp @rdx');
    expect(typeof irp === 'string' ? irp : irp.output).toMatch(/Irp is active with 1 stacks 1 is current[\s\S]*\\Driver\\SIOCTL/);
    s.play('g');
    expect(s.machine.events.of('console.ctrlC')).toHaveLength(1);
    expect(s.machine.events.of('io.cancelled').at(-1)?.routine).toBe('sioctl!SioctlCancelRoutine');
    expect(s.promptOf('console')).toBe('C:\\Drivers>');
  });
});
