/**
 * Lab `irp-dispatch`: how a program's request travels to a driver as an IRP.
 * The student drives sioctl.sys with ioctlapp and cmd, reads where each
 * transfer method put the caller's buffers, stops in the dispatch routine to
 * read the IRP, makes a request pend and cancels it (CancelIo, and Ctrl-C on a
 * waiting ioctlapp), then crashes the machine
 * with a broken build of the driver and diagnoses the dump.
 * Graded by the I/O manager's and the debugger's events, and by the dump.
 */
import { Console } from '../../src/console/console.ts';
import { kernelFiles } from '../../src/console/kernel-files.ts';
import { windowsTools } from '../../src/console/tools.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows } from '../../src/kernel/nt.ts';
import { installIoctlSample, installIrpStackSample } from '../../src/kernel/drivers/samples.ts';
import { choiceQuestion, met, notYet } from '../../src/lab/objectives.ts';
import { breakpointStops, irpReadAtStop } from '../../src/lab/kd-evidence.ts';
import { CONSOLE_AND_HOST, defineLab, type DebriefItem, type ObjectiveContext } from '../../src/lab/schema.ts';
import '../../src/debugger/events.ts';

const SIOCTL = '\\Driver\\SIOCTL';
const METHODS = ['METHOD_BUFFERED', 'METHOD_IN_DIRECT', 'METHOD_OUT_DIRECT', 'METHOD_NEITHER'];

/** The transfer methods of the I/O controls that reached sioctl.sys. */
function methodsSent(ctx: ObjectiveContext): Set<string> {
  return new Set(
    ctx.events
      .of('io.request')
      .filter((e) => e.driver === SIOCTL && e.method !== null)
      .map((e) => e.method ?? ''),
  );
}

/** A request of `method` reached sioctl and DebugView was read after it. */
function sentAndRead(method: string) {
  return (ctx: ObjectiveContext) => {
    const sent = ctx.events.of('io.request').find((e) => e.driver === SIOCTL && e.method === method);
    if (!sent) return notYet(`send sioctl.sys a ${method} request first (ioctlapp).`);
    const read = ctx.events.of('dbgview.displayed').some((e) => e.seq > sent.seq);
    return read ? met : notYet('read what the driver printed about the buffers, with dbgview.');
  };
}

/**
 * Ctrl-C ended ioctlapp while one of its requests was pending, and the rundown of its thread
 * cancelled that request: sioctl's cancel routine ran on an IRP of that very process.
 */
function cancelledByCtrlC(ctx: ObjectiveContext) {
  const ends = ctx.events.of('console.ctrlC').filter((e) => e.tool === 'ioctlapp');
  if (ends.length === 0) return notYet('ioctlapp has not been ended with Ctrl-C while it was running yet.');
  const waiting = ends.filter((e) => e.pending > 0);
  if (waiting.length === 0) return notYet('Ctrl-C ended ioctlapp, but no request of it was pending at the time.');
  const cancelled = ctx.events
    .of('io.cancelled')
    .some((c) => c.driver === SIOCTL && c.routine === 'sioctl!SioctlCancelRoutine' && waiting.some((e) => e.process === c.process && c.seq > e.seq));
  return cancelled ? met : notYet('Ending ioctlapp has not made sioctl’s cancel routine run on its pending request yet.');
}

const DEBRIEF: readonly DebriefItem[] = [
  {
    title: 'A legacy driver is a dispatch table',
    objectives: ['kd-dispatch-irp'],
    claims: ['A5'],
    shows:
      'sioctl.sys has no AddDevice: DriverEntry made its one device and filled MajorFunction with a routine per request it supports. Every DeviceIoControl reached SioctlDeviceControl through that table, and !irp at the stop showed the IRP_MJ_DEVICE_CONTROL stack location it was called for.',
    realMachine:
      'The WDK’s IOCTL sample (sioctl.sys and ioctlapp.exe) does the same on Windows 7; it must be test-signed to load on x64, and DbgPrint output shows in DebugView with Capture Kernel on.',
  },
  {
    title: 'Transfer methods and where the bytes are',
    objectives: ['four-methods', 'where-neither', 'where-direct'],
    claims: ['A6'],
    shows:
      'The same input reached the driver three ways: copied into a SystemBuffer in pool (buffered), described by an MDL mapped at a system address (direct), or as ioctlapp’s own user-mode pointer (neither), which is only good in ioctlapp’s context.',
    realMachine: 'Identical on a real machine; the addresses differ from boot to boot, the kinds of address do not.',
  },
  {
    title: 'Stack locations, pending, completion and cancel',
    objectives: ['filter-completion', 'filter-location', 'pend-cancel', 'ctrlc-cancel'],
    claims: ['A6'],
    shows:
      'Completion walked the IRP back up its stack: the filter’s completion routine ran with its own location current. A pended request stayed with the driver until a timer or a cancel finished it, and ending ioctlapp with Ctrl-C cancelled its request through the thread’s rundown (IoCancelThreadIo).',
    realMachine:
      'A host debugger on a second machine (bcdedit /debug on) stops in completion and cancel routines the same way; Ctrl-C in a real console also ends a program that does not handle it, with exit status 0xC000013A.',
  },
  {
    title: 'A broken driver read from its crash dump',
    objectives: ['crash-and-dump', 'crash-why'],
    claims: ['A6'],
    shows:
      'Getting completion wrong is fatal: the DoubleComplete build completed one IRP twice, the I/O manager stopped the machine with 0x44 and the IRP as its first parameter, and the dump the machine wrote named sioctl.sys as the driver that did it.',
    realMachine:
      'Windows 7 writes a kernel summary dump to C:\\Windows\\MEMORY.DMP by default and restarts; kd -z or WinDbg opens it on any machine with the symbols, and !analyze -v starts the diagnosis.',
  },
];

/** The bug checks sioctl.sys caused. */
function sioctlCrashes(ctx: ObjectiveContext) {
  return ctx.events.of('kernel.bugCheck').filter((e) => e.module === 'sioctl');
}

/** A crash blamed on sioctl, then the dump opened in a debugger and analysed. */
function diagnosed(ctx: ObjectiveContext, code: number | null) {
  const crash = sioctlCrashes(ctx).find((e) => code === null || e.code === code);
  if (!crash)
    return notYet(
      code === null
        ? 'crash the machine with a broken build of sioctl.sys first.'
        : `the machine has not stopped with bug check 0x${code.toString(16).toUpperCase()} in sioctl.sys yet.`,
    );
  const opened = ctx.events.of('kd.target').find((e) => e.seq > crash.seq && /memory\.dmp$/i.test(e.path));
  if (!opened) return notYet('open the crash dump the machine wrote (C:\\Windows\\MEMORY.DMP) in a debugger.');
  const analysed = ctx.events.of('kd.command').some((e) => e.seq > opened.seq && e.command === '!analyze' && e.ok);
  return analysed ? met : notYet('ask the debugger for its analysis of the dump (!analyze -v).');
}

export default defineLab({
  id: 'irp-dispatch',
  title: 'How an IRP travels',
  summary:
    'Send sioctl.sys a request of each transfer method and find where the caller’s buffers went; stop in its dispatch routine and read the IRP; make a request pend, cancel it, and end a waiting ioctlapp with Ctrl-C; crash the machine with a broken build and diagnose the dump.',
  seed: 11,
  machine: (seed) => {
    const m = new Machine({ seed });
    const k = bootWindows(m, { debugPrintFilter: 0xf });
    installIoctlSample(k, 'C:\\Drivers');
    installIrpStackSample(k, 'C:\\Drivers');
    return m;
  },
  program: (machine) => new Console(machine, { commands: windowsTools, cwd: 'C:\\Drivers', files: kernelFiles(machine) }),
  hostDebugger: true,
  panes: CONSOLE_AND_HOST,
  debrief: DEBRIEF,
  objectives: [
    {
      kind: 'task',
      id: 'four-methods',
      title: 'Send sioctl.sys one I/O control of each transfer method',
      hints: [
        'The sample comes with its own test program, in the same folder as the driver.',
        'ioctlapp loads sioctl.sys through the service control manager, opens \\\\.\\IoctlTest and sends one DeviceIoControl per method.',
        'Run it from C:\\Drivers (the driver must be in the current directory); /method: sends one method only.',
        'Type: ioctlapp',
      ],
      check: (ctx) => {
        const sent = methodsSent(ctx);
        const missing = METHODS.filter((m) => !sent.has(m));
        return missing.length === 0 ? met : notYet(`sioctl.sys has not received a ${missing.join(', ')} request yet.`);
      },
    },
    choiceQuestion({
      id: 'where-neither',
      title: 'Say where the driver found the caller’s input for METHOD_NEITHER',
      question: 'For the METHOD_NEITHER request, where did sioctl.sys find the input ioctlapp passed?',
      choices: [
        {
          key: 'a',
          text: 'In Irp->AssociatedIrp.SystemBuffer, a copy in nonpaged pool.',
          feedback: 'That is METHOD_BUFFERED. DebugView shows SystemBuffer = 0 for the METHOD_NEITHER request: the I/O manager copied nothing.',
        },
        {
          key: 'b',
          text: 'Through Irp->MdlAddress, mapped into system space.',
          feedback: 'The direct methods describe the output buffer with an MDL. For METHOD_NEITHER, MdlAddress is 0.',
        },
        {
          key: 'c',
          text: 'In Parameters.DeviceIoControl.Type3InputBuffer: ioctlapp’s own user-mode address.',
          correct: true,
          feedback:
            'Compare the address ioctlapp printed for its input buffer with Type3InputBuffer in DebugView: they are the same. The pointer is valid only in ioctlapp’s process, only while its thread is the one running, and only after ProbeForRead inside __try.',
        },
        {
          key: 'd',
          text: 'On the driver’s stack: the I/O manager passes small inputs by value.',
          feedback:
            'The I/O manager never copies a request onto a driver’s stack; the stack location only holds lengths, the code and (for neither) the raw pointer.',
        },
      ],
      hints: [
        'ioctlapp prints where its buffers are; sioctl.sys prints where it found them.',
        'Compare, for the METHOD_NEITHER request, the InputBuffer address in ioctlapp’s output with the pointers in DebugView.',
        'Only one of the IRP fields holds an address below 0x80000000000 (a user-mode address).',
      ],
      evidence: sentAndRead('METHOD_NEITHER'),
    }),
    choiceQuestion({
      id: 'where-direct',
      title: 'Say how the driver wrote into the caller’s output buffer for METHOD_OUT_DIRECT',
      question: 'For METHOD_OUT_DIRECT, how did sioctl.sys write its reply into ioctlapp’s output buffer?',
      choices: [
        {
          key: 'a',
          text: 'Into the SystemBuffer; the I/O manager copied it back at completion.',
          feedback: 'For the direct methods, the SystemBuffer holds only the input. The reply went straight into ioctlapp’s pages.',
        },
        {
          key: 'b',
          text: 'Through the system-space address of the MDL that describes the locked pages of ioctlapp’s buffer.',
          correct: true,
          feedback:
            'The I/O manager probed and locked the output buffer’s pages and described them with an MDL (Irp->MdlAddress); MmGetSystemAddressForMdlSafe mapped them at a kernel address, which DebugView shows. Those are the same physical pages as ioctlapp’s buffer, so no copy is needed and any thread context will do.',
        },
        {
          key: 'c',
          text: 'Through Irp->UserBuffer, ioctlapp’s own pointer.',
          feedback:
            'That works only in ioctlapp’s context, which is why the direct methods give the driver an MDL instead. The driver printed the MDL’s mapping, not UserBuffer, as the address it wrote to.',
        },
        {
          key: 'd',
          text: 'It cannot: METHOD_OUT_DIRECT is for requests with no output.',
          feedback:
            'OUT_DIRECT is the method for output: the device writes into the caller’s buffer (IN_DIRECT is the one whose buffer the device reads from).',
        },
      ],
      hints: [
        'Look at the lines DebugView shows for the METHOD_OUT_DIRECT request.',
        'Which address did the driver say it wrote its reply at, and in which address range (user or kernel) is it?',
        'An MDL lists the physical pages of a buffer; MmGetSystemAddressForMdlSafe maps those pages a second time, in system space.',
      ],
      evidence: sentAndRead('METHOD_OUT_DIRECT'),
    }),
    {
      kind: 'task',
      id: 'kd-dispatch-irp',
      title: 'Stop the machine in sioctl’s dispatch routine and read the IRP there with !irp',
      hints: [
        'In the host debugger pane: break in, set a breakpoint, let the machine run, then send a request from the console.',
        'sioctl.sys is loaded only while ioctlapp runs (unless you pass /keep): set the breakpoint while it is loaded, or defer it with bu.',
        'A dispatch routine gets (DeviceObject, Irp): on x64 the IRP is the second argument, in rdx, at the first instruction.',
        'Console: ioctlapp /method:buffered /keep; host pane: Ctrl-C, bp sioctl!SioctlDeviceControl, g; console: ioctlapp /method:buffered; host pane: !irp @rdx, bc *, g',
      ],
      check: (ctx) => {
        const stops = breakpointStops(ctx, (r) => r.startsWith('sioctl!sioctldevicecontrol'));
        if (stops.length === 0) return notYet('The machine has not stopped in sioctl!SioctlDeviceControl yet.');
        if (irpReadAtStop(ctx, stops)) return met;
        return notYet('At the stop in SioctlDeviceControl you have not displayed the IRP it was called with (!irp on the second argument).');
      },
    },
    {
      kind: 'task',
      id: 'filter-completion',
      title: 'Install the IrpFunc device stack, stop in IrpFilt’s completion routine on the way up, and read the IRP there with !irp',
      hints: [
        'irpfunc.inf installs a function driver and names an upper filter for the same device; devcon installs it on a root-enumerated device.',
        'The filter sets IrpFiltIoCompletion with IoSetCompletionRoutine on every request it passes down; the I/O manager calls it when the driver below completes the IRP.',
        'A completion routine gets (DeviceObject, Irp, Context): the IRP is in rdx at its first instruction. Any request to \\\\.\\IrpFunc (type, echo) goes through it.',
        'Console: devcon install irpfunc.inf Root\\IrpFunc; host pane: Ctrl-C, bp irpfilt!IrpFiltIoCompletion, g; console: type \\\\.\\IrpFunc; host pane: !irp @rdx, bc *, g',
      ],
      check: (ctx) => {
        const stops = breakpointStops(ctx, (r) => r.startsWith('irpfilt!irpfiltiocompletion'));
        if (stops.length === 0) return notYet('The machine has not stopped in irpfilt!IrpFiltIoCompletion yet.');
        if (irpReadAtStop(ctx, stops)) return met;
        return notYet('At the stop in IrpFiltIoCompletion you have not displayed the IRP being completed (!irp on the second argument).');
      },
    },
    choiceQuestion({
      id: 'filter-location',
      title: 'Whose stack location is current while the filter’s completion routine runs?',
      question: 'In the !irp you displayed at the stop in IrpFiltIoCompletion, which stack location carries the > (current) marker?',
      choices: [
        {
          key: 'a',
          text: 'IrpFunc’s: it is the driver that called IoCompleteRequest.',
          feedback:
            'IoCompleteRequest started at IrpFunc’s location, but it moves up one location before it calls the routine stored there. Look at the driver named under the > line.',
        },
        {
          key: 'b',
          text: 'IrpFilt’s own: completion has moved back up to the location of the driver that set the routine.',
          correct: true,
          feedback:
            'IoSetCompletionRoutine stores the routine in the next-lower location (IrpFunc’s). On completion the I/O manager clears that location, moves CurrentLocation up to IrpFilt’s and calls the routine with IrpFilt’s device object, so the routine sees the IRP as its own dispatch routine did. That is why the lower location shows zeros and the > is on \\Driver\\IrpFilt.',
        },
        {
          key: 'c',
          text: 'The PDO’s, at the bottom of the stack.',
          feedback: 'The request never went below IrpFunc: the function driver completed it. The PDO’s location was never used for it.',
        },
        {
          key: 'd',
          text: 'None: a completed IRP has no current location.',
          feedback:
            'The IRP is only finished when completion has passed the top location; while the filter’s routine runs it is still partway up. !irp said which one is current.',
        },
      ],
      hints: [
        'Look for the line that starts with > in the !irp output, and the driver named under it.',
        'The locations are listed from the bottom of the stack (the first element) to the top.',
        'IoSetCompletionRoutine writes into IoGetNextIrpStackLocation: whose location is that, and where is CurrentLocation when the routine is called?',
      ],
      evidence: (ctx) =>
        irpReadAtStop(
          ctx,
          breakpointStops(ctx, (r) => r.startsWith('irpfilt!irpfiltiocompletion')),
        )
          ? met
          : notYet('stop in IrpFiltIoCompletion and read the IRP with !irp first.'),
      maxAttempts: 3,
    }),
    {
      kind: 'task',
      id: 'pend-cancel',
      title: 'Make sioctl.sys pend a request, then cancel it so that its cancel routine runs',
      hints: [
        'ioctlapp has switches that send requests the driver does not complete at once.',
        'ioctlapp /pend sends one a timer completes; ioctlapp /cancel sends one that only a cancel can end.',
        'CancelIo makes the I/O manager call IoCancelIrp on the thread’s requests; the driver’s cancel routine then completes them with STATUS_CANCELLED.',
        'Type: ioctlapp /method:buffered /cancel',
      ],
      check: (ctx) => {
        const pended = ctx.events.of('io.request').some((e) => e.driver === SIOCTL && e.code !== null && ((e.code >>> 2) & 0xfff) === 0x905);
        if (!pended) return notYet('No request has been left pending in sioctl.sys until cancelled yet.');
        const cancelled = ctx.events.of('io.cancelled').some((e) => e.driver === SIOCTL && e.routine === 'sioctl!SioctlCancelRoutine');
        return cancelled ? met : notYet('The pending request has not been cancelled through the driver’s cancel routine yet.');
      },
    },
    {
      kind: 'task',
      id: 'ctrlc-cancel',
      title: 'Leave ioctlapp waiting on a request sioctl.sys pends, and end it with Ctrl-C so that the driver’s cancel routine runs',
      hints: [
        'A program blocked in DeviceIoControl on a request the driver keeps can still be ended from the keyboard, as any console program can.',
        'ioctlapp /wait sends a request the driver pends until it is cancelled, on a synchronous handle, and waits for it: the console shows no prompt while it runs.',
        'Ctrl-C runs the console control handler in ioctlapp; the default one calls ExitProcess, and the exiting thread’s rundown (IoCancelThreadIo) cancels the requests it still has pending.',
        'Type: ioctlapp /method:buffered /wait   then press Ctrl-C in the console, and look at dbgview.',
      ],
      check: cancelledByCtrlC,
    },
    {
      kind: 'task',
      id: 'crash-and-dump',
      title: 'Crash the machine with the DoubleComplete build of sioctl.sys, open MEMORY.DMP and analyse it',
      hints: [
        'The driver reads Parameters\\Defect under its service key when it loads; DoubleComplete is one of its broken builds.',
        'Set the value with reg add, run ioctlapp /method:buffered, let the machine go on from the stop (g in the host pane), then open the dump at the console with kd -z.',
        'The dump is C:\\Windows\\MEMORY.DMP; in the debugger, !analyze -v names the bug check, its parameters and the driver.',
        'Type: reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d DoubleComplete /f   then ioctlapp /method:buffered; after the restart: kd -z C:\\Windows\\MEMORY.DMP  and  !analyze -v',
      ],
      check: (ctx) => diagnosed(ctx, 0x44),
    },
    choiceQuestion({
      id: 'crash-why',
      title: 'Diagnose the crash from the dump',
      question: 'What does the dump say happened, and who did it?',
      choices: [
        {
          key: 'a',
          text: 'sioctl.sys touched a user-mode pointer at DISPATCH_LEVEL (0xD1).',
          feedback: 'That is what the NeitherInDpc build does. Read the bug check code at the top of !analyze -v: it is 0x44.',
        },
        {
          key: 'b',
          text: 'sioctl.sys called IoCompleteRequest on an IRP that was already completed (0x44; Arg1 is the IRP).',
          correct: true,
          feedback:
            'MULTIPLE_IRP_COMPLETE_REQUESTS: the stack shows SioctlDeviceControl calling IofCompleteRequest after it had completed the IRP already; Arg1 is the IRP’s address, which !irp can no longer show as live because the I/O manager freed it at the first completion.',
        },
        {
          key: 'c',
          text: 'sioctl.sys was unloaded while a timer was still queued (0xCE).',
          feedback: 'That is the LeakTimer build: its bug check comes later, when the timer fires, and names an address in the unloaded image.',
        },
        {
          key: 'd',
          text: 'ioctlapp.exe crashed in DeviceIoControl.',
          feedback:
            'A user-mode program cannot bug check the machine; the process name in the analysis only says whose request was in flight. The faulting frame is in sioctl.sys.',
        },
      ],
      hints: [
        'The first line of !analyze -v names the bug check; the arguments follow.',
        'Look at STACK_TEXT: which driver routine called the completion routine that bug checked?',
        'A completed IRP belongs to the I/O manager again; completing it a second time is always a bug in whoever did it.',
      ],
      evidence: (ctx) => diagnosed(ctx, 0x44),
      maxAttempts: 3,
    }),
  ],
  solution: [
    'ioctlapp',
    'dbgview',
    'lab answer where-neither c',
    'lab answer where-direct b',
    'devcon install irpfunc.inf Root\\IrpFunc',
    'ioctlapp /method:buffered /keep',
    '\x1d',
    '\x03',
    'bp irpfilt!IrpFiltIoCompletion',
    'bp sioctl!SioctlDeviceControl "!irp @rdx"',
    'g',
    '\x1d',
    'type \\\\.\\IrpFunc',
    '\x1d',
    '!irp @rdx',
    'bc 0',
    'g',
    '\x1d',
    'lab answer filter-location b',
    'ioctlapp /method:buffered',
    '\x1d',
    'bc *',
    'g',
    '\x1d',
    'ioctlapp /method:buffered /wait',
    '\x03',
    'ioctlapp /method:buffered /cancel',
    'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d DoubleComplete /f',
    'ioctlapp /method:buffered',
    '\x1d',
    'g',
    '\x1d',
    '',
    'kd -z C:\\Windows\\MEMORY.DMP',
    '!analyze -v',
    'q',
    'lab answer crash-why b',
  ],
  wrong: [
    {
      name: 'sends only the buffered method and guesses the neither answer',
      input: ['ioctlapp /method:buffered', 'lab answer where-neither a'],
      unmet: ['four-methods', 'where-neither'],
    },
    {
      name: 'lets the timer complete the pending request instead of cancelling it',
      input: ['ioctlapp /method:buffered /pend'],
      unmet: ['pend-cancel'],
    },
    {
      name: 'reads the IRP in the function driver’s dispatch routine, not at the filter’s completion routine',
      input: [
        'devcon install irpfunc.inf Root\\IrpFunc',
        '\x1d',
        '\x03',
        'bp irpfunc!IrpFuncCreateClose',
        'g',
        '\x1d',
        'type \\\\.\\IrpFunc',
        '\x1d',
        '!irp @rdx',
        'bc *',
        'g',
        '\x1d',
        'lab answer filter-location a',
      ],
      unmet: ['filter-completion', 'filter-location'],
    },
    {
      name: 'cancels with CancelIo (ioctlapp /cancel) instead of ending the waiting ioctlapp with Ctrl-C',
      input: ['ioctlapp /method:buffered /cancel'],
      unmet: ['ctrlc-cancel'],
    },
    {
      name: 'presses Ctrl-C at the prompt, after the pending request has already completed',
      input: ['ioctlapp /method:buffered /pend', '\x03'],
      unmet: ['ctrlc-cancel', 'pend-cancel'],
    },
    {
      name: 'crashes the machine but never opens the dump',
      input: [
        'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d DoubleComplete /f',
        'ioctlapp /method:buffered',
        '\x1d',
        'g',
        '\x1d',
        '',
        'lab answer crash-why c',
      ],
      unmet: ['crash-and-dump', 'crash-why'],
    },
  ],
});
