/** The user-mode API layer and the IRP path: lab irp-dispatch's tools, and Win32 calls as a program makes them. */
import type { Reporter } from '../scripts/bench.ts';
import lab from '../labs/irp-dispatch/lab.ts';
import { LabSession } from '../src/lab/session.ts';
import { kernelOf } from '../src/kernel/nt.ts';
import { Kernel32, OPEN_EXISTING } from '../src/kernel/user/kernel32.ts';
import { GENERIC_READ, GENERIC_WRITE } from '../src/kernel/io/filedefs.ts';
import { IOCTL_SIOCTL_METHOD_BUFFERED } from '../src/kernel/drivers/sioctl.ts';
import { summary, timeEach } from './stats.ts';

export default function bench(r: Reporter): void {
  r.section('irp: lab irp-dispatch');
  const s = new LabSession(lab);
  r.row('ioctlapp (load sioctl, four methods, unload)', summary(timeEach(100, () => s.submit('ioctlapp'))));
  r.row('ioctlapp /method:buffered /pend /cancel', summary(timeEach(50, () => s.submit('ioctlapp /method:buffered /pend /cancel'))));
  r.row(
    'ioctlapp /method:buffered /wait, then Ctrl-C (CtrlRoutine, rundown, cancel routine)',
    summary(
      timeEach(50, () => {
        s.submit('ioctlapp /method:buffered /wait');
        s.interrupt();
      }),
    ),
  );
  s.submit('sc stop SIOCTL');
  s.submit('sc delete SIOCTL');
  s.submit('ioctlapp /method:buffered /keep');
  r.row('type \\\\.\\IoctlTest (create, read, cleanup, close)', summary(timeEach(200, () => s.submit('type \\\\.\\IoctlTest'))));
  s.submit('devcon install irpfunc.inf Root\\IrpFunc');
  s.submit('echo data> \\\\.\\IrpFunc');
  r.row('type \\\\.\\IrpFunc (filter, FDO, pended read, completion routine)', summary(timeEach(200, () => s.submit('type \\\\.\\IrpFunc'))));
  r.row(
    'verifier /standard /driver sioctl.sys, /querysettings, /reset',
    summary(
      timeEach(200, () => {
        s.submit('verifier /standard /driver sioctl.sys');
        s.submit('verifier /querysettings');
        s.submit('verifier /reset');
      }),
    ),
  );
  const v = new LabSession(lab);
  for (const line of [
    'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d NoMarkPending /f',
    'verifier /standard /driver sioctl.sys',
    'shutdown /r /t 0',
    'cd C:\\Drivers',
  ])
    v.play(line);
  r.row(
    'NoMarkPending under the host debugger: WDM DRIVER ERROR, bizrd, answer i',
    summary(
      timeEach(30, () => {
        v.play('ioctlapp /method:buffered /pend /keep');
        v.play('\x1d');
        v.play('i');
        v.play('\x1d');
      }),
    ),
  );
  r.row(
    'MdlAfterComplete: ioctlapp /method:out_direct to 0x50, kd -z MEMORY.DMP, !analyze -v',
    summary(
      timeEach(10, () => {
        const c = new LabSession({ ...lab, hostDebugger: false });
        c.submit('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d MdlAfterComplete /f');
        c.submit('ioctlapp /method:out_direct');
        c.submit('kd -z C:\\Windows\\MEMORY.DMP');
        c.submit('!analyze -v');
      }),
    ),
  );
  const k = kernelOf(s.machine);
  if (!k) return;
  k.ps.startTool('bench.exe', 'bench');
  const api = new Kernel32(k);
  const h = api.CreateFileW('\\\\.\\IoctlTest', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
  const input = new Uint8Array(64).fill(0x41);
  r.row(
    'DeviceIoControl METHOD_BUFFERED (Win32 -> Nt -> IRP -> completion)',
    summary(timeEach(2000, () => api.DeviceIoControl(h, IOCTL_SIOCTL_METHOD_BUFFERED, input, 100))),
  );
  r.row(
    'CreateFileW + CloseHandle on a device',
    summary(timeEach(1000, () => api.CloseHandle(api.CreateFileW('\\\\.\\IoctlTest', GENERIC_READ, 0, OPEN_EXISTING, 0)))),
  );
  api.CloseHandle(h);
  k.ps.endTool();
  const solved = timeEach(10, () => {
    const x = new LabSession(lab);
    for (const line of lab.solution) x.play(line);
  });
  r.row('model solution, played end to end', summary(solved));
}
