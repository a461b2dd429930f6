/** Lab `driver-loading`: legacy-style vs PnP-aware software drivers on the simulated Windows 7 machine. */
import { Console } from '../../src/console/console.ts';
import { kernelFiles } from '../../src/console/kernel-files.ts';
import { windowsTools } from '../../src/console/tools.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows, kernelOf } from '../../src/kernel/nt.ts';
import { installSamplePackage } from '../../src/kernel/drivers/samples.ts';
import { selectEntries } from '../../src/kernel/rtl/dbgprint.ts';
import { IRP_MJ_POWER } from '../../src/kernel/io/types.ts';
import { choiceQuestion, met, notYet, whenEvent } from '../../src/lab/objectives.ts';
import { CONSOLE_AND_HOST, defineLab, type ObjectiveContext } from '../../src/lab/schema.ts';
import { debuggerObjectives } from './debugger-objectives.ts';
import { DEBRIEF } from './debrief.ts';

const is = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Was a driver from this image (module name, e.g. 'swlegacy') loaded at event `seq`? The service
 * name is the student's choice, so the image is what counts; each service loads its own copy.
 */
function loadedAt(ctx: ObjectiveContext, image: string, seq: number): boolean {
  const changes = [...ctx.events.of('kernel.driverLoaded'), ...ctx.events.of('kernel.driverUnloaded')].sort((a, b) => a.seq - b.seq);
  const loaded = new Set<string>();
  for (const e of changes) {
    if (e.seq >= seq) break;
    if (e.image !== image) continue;
    if (e.type === 'kernel.driverLoaded') loaded.add(e.service.toLowerCase());
    else loaded.delete(e.service.toLowerCase());
  }
  return loaded.size > 0;
}

/** The services (lower-case) whose driver was ever loaded from this image. */
function servicesOf(ctx: ObjectiveContext, image: string): Set<string> {
  return new Set(
    ctx.events
      .of('kernel.driverLoaded')
      .filter((e) => e.image === image)
      .map((e) => e.service.toLowerCase()),
  );
}

/** A sleep with both drivers in place, then a DbgView display after resume that shows SwPnp's power IRPs. */
function sleepAndCompare(ctx: ObjectiveContext) {
  const power = ctx.events.of('po.systemPowerState');
  const sleeps = power.filter((e) => e.state !== 'S0' && loadedAt(ctx, 'swlegacy', e.seq) && loadedAt(ctx, 'swpnp', e.seq));
  if (sleeps.length === 0) return notYet('The machine has not slept yet with both SwLegacy loaded and the SwPnp device started.');
  const resumed = power.find((e) => e.state === 'S0' && e.seq > sleeps[0].seq);
  if (!resumed) return notYet('The machine has not resumed yet.');
  const views = ctx.events.of('dbgview.displayed').filter((e) => e.seq > resumed.seq);
  if (views.length === 0) return notYet('Since the machine resumed, DbgView has not been used to look at the debug output.');
  const k = kernelOf(ctx.machine);
  if (!k) return notYet('This machine has no kernel.');
  const showsPower = views.some((v) =>
    selectEntries(k.rtl.state.entries, v.from, v.filter).some((x) => x.seq < v.to && x.module === 'swpnp' && x.irp?.major === IRP_MJ_POWER),
  );
  return showsPower ? met : notYet("The DbgView output you displayed after resuming does not include SwPnp's power IRPs (was it cleared or filtered?).");
}

/** The device instance (as devcon shows it) of the SwPnp device this machine started last, or null. */
function swpnpInstance(ctx: ObjectiveContext): string | null {
  const started = ctx.events.of('pnp.deviceStarted').filter((e) => e.service !== null && is(e.service, 'SwPnp'));
  return started.at(-1)?.instance ?? null;
}

/** A stop of a running SwNoUnload was refused with 1052 (the evidence nounload-why is about). */
function stopRefused(ctx: ObjectiveContext) {
  const refused = ctx.events
    .of('scm.serviceControl')
    .some((e) => servicesOf(ctx, 'swnounload').has(e.service.toLowerCase()) && e.control === 'stop' && e.error === 1052);
  return refused ? met : notYet('try to stop SwNoUnload while it runs, and read what sc answers.');
}

/** Both kinds of driver have been loaded on this machine (the evidence for the design questions). */
function bothLoaded(ctx: ObjectiveContext) {
  if (servicesOf(ctx, 'swlegacy').size === 0) return notYet('load the legacy-style SwLegacy with sc first.');
  if (swpnpInstance(ctx) === null) return notYet('install the PnP-aware SwPnp with devcon first.');
  return met;
}

/** A sleep cycle with both drivers loaded, and the debug output read after it. */
function sleptAndLooked(ctx: ObjectiveContext) {
  const r = sleepAndCompare(ctx);
  return r.done ? r : notYet(`sleep the machine with both drivers loaded and read DbgView afterwards (${r.why.replace(/^./, (c) => c.toLowerCase())})`);
}

export default defineLab({
  id: 'driver-loading',
  title: 'Software drivers: legacy-style vs PnP-aware',
  summary:
    'Load a legacy-style software driver with sc, install a PnP-aware one with devcon, put the machine to sleep, and see in DbgView which one the power manager talks to; then check it in a kernel debugger, stopping the machine where the power IRPs arrive.',
  seed: 7,
  machine: (seed) => {
    const m = new Machine({ seed });
    const k = bootWindows(m, { debugPrintFilter: 0xf });
    installSamplePackage(k, 'C:\\Drivers');
    return m;
  },
  program: (machine) => new Console(machine, { commands: windowsTools, cwd: 'C:\\Drivers', files: kernelFiles(machine) }),
  hostDebugger: true,
  panes: CONSOLE_AND_HOST,
  objectives: [
    whenEvent(
      {
        id: 'load-legacy',
        title: 'Create a kernel-driver service for swlegacy.sys and start it',
        why: 'SwLegacy has not been loaded yet.',
        hints: [
          'A legacy driver is loaded by the Service Control Manager: first a service entry, then a start.',
          'sc create needs type= kernel (with a space after the =) and binPath= pointing at C:\\Drivers\\swlegacy.sys; then sc start.',
          'sc reads each option as a name ending in = followed by a separate word: without the space the option is not understood, and without type= kernel the SCM would treat the file as a program. Check with sc qc before starting.',
          'Type: sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys   then: sc start SwLegacy',
        ],
      },
      'kernel.driverLoaded',
      (e) => e.image === 'swlegacy' && e.legacy,
    ),
    {
      kind: 'task',
      id: 'inspect-legacy',
      title: 'Inspect the running SwLegacy service: its status and its configuration',
      hints: [
        'sc can report a service’s current state and, separately, how it is configured in the registry.',
        'One sc command shows STATE (it should be RUNNING), another shows START_TYPE and BINARY_PATH_NAME.',
        'State lives with the running SCM (query); configuration lives in the service’s registry key (query config). Use the service name you gave at sc create.',
        'Type: sc query SwLegacy   and   sc qc SwLegacy',
      ],
      check: (ctx) => {
        const legacy = servicesOf(ctx, 'swlegacy');
        const status = ctx.events.of('scm.statusQueried').some((e) => legacy.has(e.service.toLowerCase()) && e.state === 4);
        const config = ctx.events.of('scm.configQueried').some((e) => legacy.has(e.service.toLowerCase()) && e.serviceType === 1);
        if (status && config) return met;
        if (!status) return notYet('You have not yet seen SwLegacy’s status while it runs (STATE 4 RUNNING).');
        return notYet('You have not yet looked at SwLegacy’s configuration as a kernel driver.');
      },
    },
    whenEvent(
      {
        id: 'install-pnp',
        title: 'Install the PnP-aware SwPnp driver from swpnp.inf on a root-enumerated device',
        why: 'No device driven by SwPnp has been started yet.',
        hints: [
          'A PnP driver is not started with sc: the PnP manager loads it for a device node that needs it.',
          'devcon install creates a root-enumerated device node for a hardware id and installs the INF’s driver on it. The INF names the hardware id.',
          'The hardware id must match one in the INF’s [Models] section exactly (type swpnp.inf to read it); a device created for any other id gets no driver and stays unstarted.',
          'Type: devcon install swpnp.inf Root\\SwPnp',
        ],
      },
      'pnp.deviceStarted',
      (e) => e.service !== null && is(e.service, 'SwPnp'),
    ),
    {
      kind: 'task',
      id: 'sleep-and-compare',
      title: 'With both drivers loaded, sleep and resume the machine, then show in DbgView who got power IRPs',
      hints: [
        'The WDK has a command-line tool that puts a machine to sleep and wakes it again.',
        'Run pwrtest /sleep while SwLegacy runs and the SwPnp device is started, then look at the debug output with dbgview.',
        'The comparison only means something if both drivers were in place for the whole cycle, and the output is read after the resume, unfiltered and not cleared.',
        'Type: pwrtest /sleep   then: dbgview',
      ],
      check: sleepAndCompare,
    },
    // The debugger objectives need SwLegacy still loaded: before it is stopped.
    ...debuggerObjectives,
    whenEvent(
      {
        id: 'stop-legacy',
        title: 'Stop (unload) SwLegacy',
        why: 'SwLegacy has not been unloaded yet.',
        hints: [
          'A legacy driver with a DriverUnload routine can be stopped through the SCM.',
          'sc has a verb that sends a stop control; for a driver the SCM turns it into NtUnloadDriver.',
          'It succeeds only for the service you started and only because its DriverEntry set an unload routine; sc query afterwards should say STOPPED.',
          'Type: sc stop SwLegacy',
        ],
      },
      'kernel.driverUnloaded',
      (e) => e.image === 'swlegacy' && e.legacy,
    ),
    whenEvent(
      {
        id: 'nounload-stop',
        title: 'Load SwNoUnload (swnounload.sys), then try to stop it',
        why: 'No stop of a running SwNoUnload has been attempted yet.',
        hints: [
          'Load it the way you loaded SwLegacy, then try to stop it the same way.',
          'The stop must be tried while the driver is running, or sc only tells you it is not started.',
          'Confirm with sc query that it is RUNNING before you send the stop; the error code sc prints is the evidence for the next question.',
          'Type: sc create SwNoUnload type= kernel binPath= C:\\Drivers\\swnounload.sys   sc start SwNoUnload   sc stop SwNoUnload',
        ],
      },
      'scm.serviceControl',
      (e, ctx) => servicesOf(ctx, 'swnounload').has(e.service.toLowerCase()) && e.control === 'stop' && e.error === 1052,
    ),
    choiceQuestion({
      id: 'nounload-why',
      title: 'Explain why SwNoUnload cannot be stopped',
      question: 'Your sc stop of the running SwNoUnload was refused. Why?',
      choices: [
        {
          key: 'a',
          text: 'A handle to \\Device\\SwNoUnload is still open.',
          feedback:
            'An open handle does not make the stop fail. The I/O manager accepts the unload, refuses new opens, and runs DriverUnload when the last reference goes; sc shows STOP_PENDING meanwhile. Nothing had the device open here anyway.',
        },
        {
          key: 'b',
          text: 'The driver never set DriverUnload, so the I/O manager refuses NtUnloadDriver.',
          correct: true,
          feedback:
            'Without DriverObject->DriverUnload the kernel answers NtUnloadDriver with STATUS_INVALID_DEVICE_REQUEST, and the SCM reports ERROR_INVALID_SERVICE_CONTROL (1052). The SCM cannot know this in advance, which is why sc query still says STOPPABLE. The driver stays until reboot.',
        },
        {
          key: 'c',
          text: 'SwNoUnload is a PnP driver, so only the PnP manager may unload it.',
          feedback:
            'A PnP driver does get the same 1052 from sc stop, but SwNoUnload is not one: it has no AddDevice and created \\Device\\SwNoUnload itself in DriverEntry, and devcon shows only its ROOT\\LEGACY_SWNOUNLOAD placeholder. Its problem is the missing DriverUnload.',
        },
        {
          key: 'd',
          text: 'sc was not run from an elevated prompt.',
          feedback:
            'Without elevation sc fails at OpenSCManager with error 5, Access is denied, and sc start would have failed first. 1052 comes from the driver itself.',
        },
      ],
      hints: [
        'Compare SwNoUnload’s DriverEntry with SwLegacy’s in what it sets on the driver object.',
        'NtUnloadDriver checks one field of the driver object before anything else. What did each driver print in DbgView when it loaded?',
        'The SCM cannot know in advance whether a driver can unload, so the refusal must come from the kernel; rule out each choice that sc start or sc query would already have shown you.',
      ],
      evidence: stopRefused,
      maxAttempts: 3,
    }),
    choiceQuestion({
      id: 'power-irps',
      title: 'Say which driver received power IRPs',
      question: 'After pwrtest /sleep, which driver logged IRP_MJ_POWER requests in DbgView?',
      choices: [
        {
          key: 'a',
          text: 'Both: each one set an IRP_MJ_POWER dispatch routine.',
          feedback:
            'Setting MajorFunction[IRP_MJ_POWER] does not put a device where the power manager looks. It sends system power IRPs down the device stacks of the PnP device tree, and SwLegacy’s \\Device\\SwLegacy is in none of them.',
        },
        {
          key: 'b',
          text: 'Only SwPnp.',
          correct: true,
          feedback: (ctx) =>
            `SwPnp’s FDO sits on the PDO of ${swpnpInstance(ctx) ?? 'its root-enumerated device'}, so the power manager’s S-IRPs (query, then set S3, then set S0) reached it, and KMDF asked for the D3 and D0 device IRPs. SwLegacy lives outside the PnP world: its power handler never ran.`,
        },
        {
          key: 'c',
          text: 'Only SwLegacy, because it was loaded first.',
          feedback:
            'Load order has nothing to do with it. Look at the dbgview lines again: every IRP_MJ_POWER line is SwPnp’s; SwLegacy printed only in DriverEntry (and for interface arrival).',
        },
        {
          key: 'd',
          text: 'Neither: software drivers never get power IRPs.',
          feedback:
            'A PnP-aware software driver is root-enumerated and receives the full set of PnP and power IRPs like any hardware driver; SwPnp logged them.',
        },
      ],
      hints: [
        'Look at which driver name starts the IRP_MJ_POWER lines in dbgview.',
        'Read the output from the sleep on: each line begins with the driver that printed it. devcon stack shows which devices the power manager walks.',
        'The power manager sends system power IRPs down the device stacks of the PnP tree; a driver whose device is not in a stack is never asked, whatever dispatch routines it set.',
      ],
      evidence: sleptAndLooked,
    }),
    choiceQuestion({
      id: 'quiz-registry-monitor',
      title: 'Choose a driver type for a registry monitor',
      question: 'You need to log every registry write from kernel mode (with CmRegisterCallbackEx). Which kind of driver do you write?',
      choices: [
        {
          key: 'a',
          text: 'A legacy-style software driver, loaded by the SCM.',
          correct: true,
          feedback:
            'Monitoring has nothing to do with a device, so the simplest model fits: DriverEntry registers the callback, DriverUnload unregisters it, and PnP and power never bother you. The WDK’s registry sample is built this way.',
        },
        {
          key: 'b',
          text: 'A PnP-aware, root-enumerated KMDF driver.',
          feedback:
            'It would work, but it buys an INF, a device node and PnP/power handling that a registry monitor has no use for. Choose it when you must react to power transitions, or when KMDF is what you know best.',
        },
        {
          key: 'c',
          text: 'An upper filter driver on the disk stack.',
          feedback:
            'Registry calls are not disk I/O you could usefully filter, and a filter is not a software driver: it attaches to someone’s device stack and must pass every request and every PnP and power IRP correctly.',
        },
        {
          key: 'd',
          text: 'A legacy driver that attaches its device on top of \\Device\\HarddiskVolume2.',
          feedback:
            'That turns it into a filter, and legacy drivers are poor filters inside PnP stacks. Creating a device does not make a driver see anyone else’s I/O; callbacks like CmRegisterCallbackEx do the monitoring.',
        },
      ],
      hints: [
        'Does a registry monitor manage any device, or need to know about sleep?',
        'Compare what you had to do to load SwLegacy (sc create, sc start) with what SwPnp needed (an INF, a device node, PnP and power handling).',
        'Pick the simplest model that does the job: every PnP or power obligation you take on is code that has to be right and buys a monitor nothing.',
      ],
      evidence: bothLoaded,
    }),
    choiceQuestion({
      id: 'quiz-sleep-aware',
      title: 'Choose a driver type for a driver that must act when the machine sleeps',
      question: 'Your driver must save its state every time the system goes to sleep. Which design works?',
      choices: [
        {
          key: 'a',
          text: 'A legacy driver that calls IoRegisterPlugPlayNotification.',
          feedback:
            'Those notifications report device interfaces arriving and leaving (you saw SwLegacy hear about SwPnp’s interface), not system power transitions.',
        },
        {
          key: 'b',
          text: 'A legacy driver that sets MajorFunction[IRP_MJ_POWER].',
          feedback:
            'You watched that handler stay silent through a whole sleep cycle: a legacy driver lives where PnP and power do not exist, so the routine is never called.',
        },
        {
          key: 'c',
          text: 'A PnP-aware, root-enumerated software driver (for instance KMDF with EvtDeviceD0Exit).',
          correct: true,
          feedback:
            'Being in the PnP tree is what brings power IRPs; with KMDF, EvtDeviceD0Exit runs on the way into sleep and EvtDeviceD0Entry on the way out.',
        },
        {
          key: 'd',
          text: 'Nothing special: every loaded driver gets IRP_MN_SET_POWER before the system sleeps.',
          feedback: 'Only drivers with devices in PnP device stacks are sent power IRPs; the power manager never walks the list of loaded drivers.',
        },
      ],
      hints: [
        'Which of your two drivers printed anything when pwrtest ran?',
        'Look at the DbgView lines between the sleep and the resume, and at which of your drivers has a device in devcon stack.',
        'A design works only if the power manager will actually call it: ask of each choice whether its driver would be in a PnP device stack.',
      ],
      evidence: sleptAndLooked,
    }),
  ],
  solution: [
    'dir',
    'sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys',
    'sc start SwLegacy',
    'sc query SwLegacy',
    'sc qc SwLegacy',
    'devcon install swpnp.inf Root\\SwPnp',
    'devcon status Root\\SwPnp',
    'kd -kl',
    '!drvobj \\Driver\\SwLegacy 2',
    'q',
    '\x1d',
    '\x03',
    'bp swpnp!SwPnpEvtWdmPreprocessIrp',
    'bp swlegacy!SwLegacyDispatchPower',
    'g',
    '\x1d',
    'pwrtest /sleep',
    '\x1d',
    'k',
    '!irp @rdx',
    'bc 0',
    'g',
    '\x1d',
    'dbgview',
    'sc stop SwLegacy',
    'sc create SwNoUnload type= kernel binPath= C:\\Drivers\\swnounload.sys',
    'sc start SwNoUnload',
    'sc stop SwNoUnload',
    'lab answer nounload-why b',
    'lab answer power-irps b',
    'lab answer quiz-registry-monitor a',
    'lab answer quiz-sleep-aware c',
  ],
  debrief: DEBRIEF,
  wrong: [
    {
      name: 'forgets the space in type= kernel, so the driver becomes a Win32 service',
      input: [
        'sc create SwLegacy type=kernel binPath= C:\\Drivers\\swlegacy.sys',
        'sc create SwLegacy binPath= C:\\Drivers\\swlegacy.sys',
        'sc start SwLegacy',
        'sc query SwLegacy',
        'sc qc SwLegacy',
        'sc stop SwLegacy',
      ],
      unmet: ['load-legacy', 'inspect-legacy', 'stop-legacy'],
    },
    {
      name: 'reads DbgView before sleeping, without installing the PnP driver',
      input: [
        'sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys',
        'sc start SwLegacy',
        'dbgview',
        'pwrtest /sleep',
        'lab answer power-irps a',
      ],
      unmet: ['install-pnp', 'sleep-and-compare', 'power-irps'],
    },
    {
      name: 'names the service SwLegacy but points binPath at swnounload.sys',
      input: [
        'sc create SwLegacy type= kernel binPath= C:\\Drivers\\swnounload.sys',
        'sc start SwLegacy',
        'sc query SwLegacy',
        'sc qc SwLegacy',
        'sc stop SwLegacy',
      ],
      unmet: ['load-legacy', 'inspect-legacy', 'stop-legacy'],
    },
    {
      name: 'tries to stop SwNoUnload before starting it, and trusts a legacy power handler',
      input: [
        'sc create SwNoUnload type= kernel binPath= C:\\Drivers\\swnounload.sys',
        'sc stop SwNoUnload',
        'lab answer nounload-why a',
        'lab answer quiz-sleep-aware b',
      ],
      unmet: ['nounload-stop', 'nounload-why', 'quiz-sleep-aware'],
    },
  ],
});
