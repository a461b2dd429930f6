/**
 * A console tool left running in the foreground: its thread waits on a request
 * that has not completed, so its process outlives the command line and cmd.exe
 * shows no prompt. Lines typed meanwhile stay in the console's input buffer
 * (cmd.exe reads them once the tool is gone). Ctrl-C ends it as Windows does:
 * the console starts a thread in the process at kernel32!CtrlRoutine; with no
 * handler of the program's own, the default one calls ExitProcess with
 * STATUS_CONTROL_C_EXIT; the exit APC makes the waiting thread run down
 * (PspExitThread → IoCancelThreadIo → IoCancelIrp → the driver's cancel
 * routine), and the process exits. Everything here is plain data, saved with
 * the console, so a checkpoint or a replay comes back to the same wait.
 */
import type { Kernel } from '../kernel/nt.ts';
import type { ToolWait } from './command.ts';

/** The exit status of a process ended by Ctrl-C's default handler (cmd's %ERRORLEVEL% shows it signed). */
export const STATUS_CONTROL_C_EXIT = 0xc000013a;

declare module '../base/events.ts' {
  interface LabEventMap {
    /**
     * Ctrl-C reached a tool running in the foreground: its control handler ran on a new thread
     * (`thread`, ETHREAD) and the default handler ended the process; `pending`: how many of the
     * process's IRPs had not completed then.
     */
    'console.ctrlC': { tool: string; process: number; thread: string; pending: number };
  }
}

/** The tool the console waits for, as saved with the console's state. */
export interface Foreground {
  /** The command's name ('ioctlapp') and what it was given. */
  readonly command: string;
  readonly args: readonly string[];
  readonly line: string;
  /** The tool's process id. */
  readonly pid: number;
  readonly wait: ToolWait;
  /** Lines typed while it runs: the console's input buffer, read by cmd.exe after the tool exits. */
  readonly typeahead: string[];
}

/** How far the kernel stack of a thread waiting in a system call goes before its service (KeWaitForSingleObject's callers). */
const WAIT_FRAMES = ['nt!KiSwapContext+0x7a', 'nt!KiCommitThreadWait+0x1d2', 'nt!KeWaitForSingleObject+0x19f'];

/** The stack of a thread waiting in a synchronous I/O request made through `service` (e.g. 'DeviceIoControl'). */
export function synchronousWaitFrames(service: 'DeviceIoControl', program: string): string[] {
  return [
    ...WAIT_FRAMES,
    'nt!IopSynchronousServiceTail+0x2d2',
    'nt!IopXxxControlFile+0x607',
    'nt!NtDeviceIoControlFile+0x56',
    'nt!KiSystemServiceCopyEnd+0x13',
    'ntdll!ZwDeviceIoControlFile+0xa',
    `KERNELBASE!${service}+0x7a`,
    `kernel32!${service}+0x80`,
    `${program}!wmain+0x1d4`,
    `${program}!wmainCRTStartup+0x11f`,
    'kernel32!BaseThreadInitThunk+0xd',
    'ntdll!RtlUserThreadStart+0x21',
  ];
}

/** The tool's thread starts waiting: the debugger sees it in its wait. */
export function startWaiting(k: Kernel, pid: number, wait: ToolWait): void {
  const p = k.ps.process(pid);
  const main = p ? k.ps.threadsOf(p)[0] : undefined;
  if (!main) return;
  main.state = 'Waiting';
  main.waitReason = 'Executive';
  main.frames = [...wait.frames];
}

/** The requests of a process that have not completed. */
function pendingOf(k: Kernel, pid: number): number {
  return Object.values(k.io.state.irps).filter((i) => !i.Completed && i.Origin.kind === 'user' && i.Origin.process === pid).length;
}

/** Has the request the tool waits for completed (none of its process's is pending any more)? */
export function waitSatisfied(k: Kernel, fg: Foreground): boolean {
  return pendingOf(k, fg.pid) === 0;
}

/** The waiting thread runs again. */
export function stopWaiting(k: Kernel, pid: number): void {
  const p = k.ps.process(pid);
  const main = p ? k.ps.threadsOf(p)[0] : undefined;
  if (!main) return;
  main.state = 'Running';
  delete main.frames;
}

/**
 * Ctrl-C with the tool in the foreground: kernel32!CtrlRoutine on a new thread, the default
 * handler's ExitProcess(STATUS_CONTROL_C_EXIT), and the waiting thread's rundown, which
 * cancels its requests. The caller then ends the tool's process (ps.endTool with the frames
 * returned: how the waiting thread reached PspExitThread).
 */
export function controlC(k: Kernel, fg: Foreground): string[] {
  const p = k.ps.process(fg.pid);
  const main = p ? k.ps.threadsOf(p)[0] : undefined;
  if (!p || !main) return [];
  // Its kernel stack: a slot of its own beside the tool's main thread's (which is 0x80 + the same index).
  const ctrl = k.ps.createThread(p, 'kernel32!CtrlRoutine', false, 0x90 + ((p.pid >> 2) % 16));
  ctrl.state = 'Running';
  ctrl.processor = 1;
  ctrl.created = k.machine.clock.now();
  ctrl.frames = [
    'ntdll!ZwTerminateProcess+0xa',
    'ntdll!RtlExitUserProcess+0x5a',
    'kernel32!CtrlRoutine+0x1b5',
    'kernel32!BaseThreadInitThunk+0xd',
    'ntdll!RtlUserThreadStart+0x21',
  ];
  const pending = pendingOf(k, fg.pid);
  k.machine.events.emit('console.ctrlC', { tool: fg.command, process: fg.pid, thread: ctrl.ethread, pending });
  // NtTerminateProcess queued the exit APC to the waiting thread: its wait ends and it runs down.
  const waited = main.frames ?? [];
  const below = waited.slice(waited.indexOf('nt!KeWaitForSingleObject+0x19f'));
  return ['nt!PsExitSpecialApc+0x1d', 'nt!KiDeliverApc+0x2eb', 'nt!KiCommitThreadWait+0x3dd', ...(below.length > 0 ? below : WAIT_FRAMES.slice(2))];
}
