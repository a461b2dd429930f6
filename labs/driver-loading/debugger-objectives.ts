/**
 * The driver-loading lab's debugger objectives, graded by what the debugger
 * resolved and what the machine did: the dispatch table read from SwLegacy's
 * own DRIVER_OBJECT, a stop inside SwPnp's power handling with the power IRP
 * read at that stop, and a sleep during which a breakpoint on SwLegacy's power
 * routine stayed armed and never hit.
 */
import { kernelOf } from '../../src/kernel/nt.ts';
import { routineAddress } from '../../src/kernel/io/invoke.ts';
import { met, notYet } from '../../src/lab/objectives.ts';
import { breakpointStops, flatAddress as flat, irpReadAtStop } from '../../src/lab/kd-evidence.ts';
import type { Objective, ObjectiveContext } from '../../src/lab/schema.ts';
import '../../src/debugger/events.ts';

/** Addresses (16 hex digits) of SwLegacy's driver objects now loaded (objectives stay met once met). */
function legacyDriverObjects(ctx: ObjectiveContext): Set<string> {
  const k = kernelOf(ctx.machine);
  const out = new Set<string>();
  for (const d of Object.values(k?.io.state.drivers ?? {})) if (d.Module === 'swlegacy') out.add(flat(d.Address));
  return out;
}

/** Where SwLegacy's IRP_MJ_POWER routine is (it is the same routine in every load of the image). */
function legacyPowerRoutine(ctx: ObjectiveContext): string | null {
  const k = kernelOf(ctx.machine);
  if (!k) return null;
  return routineAddress(k, 'swlegacy!SwLegacyDispatchPower');
}

export const debuggerObjectives: readonly Objective[] = [
  {
    kind: 'task',
    id: 'kd-dispatch-table',
    title: "In a kernel debugger, read SwLegacy's dispatch table from its DRIVER_OBJECT and see its PnP and power entries set",
    hints: [
      'A kernel debugger can read the driver object the I/O manager built for SwLegacy: kd -kl at the console, or the host debugger pane.',
      'The !drvobj extension takes a driver name or address; its flags choose what it prints, and one of them lists the dispatch routines.',
      'Type (at lkd> or kd>): !drvobj \\Driver\\SwLegacy 2',
    ],
    check: (ctx) => {
      const objects = legacyDriverObjects(ctx);
      if (objects.size === 0) return notYet('SwLegacy has not been loaded yet, so it has no DRIVER_OBJECT to read.');
      const shown = ctx.events
        .of('kd.command')
        .some((e) => e.command === '!drvobj' && e.ok && objects.has(flat(e.address)) && /(^|\s)(0x)?[2367](\s|$)/.test(e.args));
      return shown ? met : notYet("You have not yet displayed SwLegacy's dispatch routines with !drvobj (flag 2).");
    },
  },
  {
    kind: 'task',
    id: 'kd-power-irp',
    title: "Stop the machine in SwPnp's power handling during a sleep and read the power IRP with !irp",
    hints: [
      'The host debugger pane can stop the machine: break in (Ctrl-C), set a breakpoint, let it run (g), then sleep the machine from its console.',
      'SwPnp is a KMDF driver: the framework hands it power IRPs through the WDM preprocess callback it registered, whose second argument (rdx) is the IRP.',
      'Type in the host pane: bp swpnp!SwPnpEvtWdmPreprocessIrp  then g; at the console: pwrtest /sleep; back at kd> when it stops: k  and  !irp @rdx',
    ],
    check: (ctx) => {
      const stops = breakpointStops(ctx, (r) => r.startsWith('swpnp!')).filter((e) => e.frames.some((f) => f.startsWith('nt!PopIrpWorker')));
      if (stops.length === 0) return notYet('The machine has not stopped yet in SwPnp while the power manager was sending it an IRP.');
      if (irpReadAtStop(ctx, stops)) return met;
      return notYet('At a stop in SwPnp’s power handling, the power IRP (the second argument, rdx) has not been displayed with !irp yet.');
    },
  },
  {
    kind: 'task',
    id: 'kd-legacy-never',
    title: "Show that SwLegacy's power dispatch routine is never called: a breakpoint on it stays silent through a whole sleep",
    hints: [
      'SwLegacy filled in MajorFunction[IRP_MJ_POWER]; the power manager only sends power IRPs down PnP device stacks.',
      "!drvobj with flag 2 shows the routine's name; a breakpoint on it in the host pane, then a sleep from the console, settles the question.",
      'Type in the host pane: bp swlegacy!SwLegacyDispatchPower  then g; at the console: pwrtest /sleep',
    ],
    check: (ctx) => {
      const at = legacyPowerRoutine(ctx);
      if (!at) return notYet('This machine has no kernel.');
      const sets = ctx.events
        .of('kd.command')
        .filter((e) => (e.command === 'bp' || e.command === 'bu' || e.command === 'bm') && e.ok && flat(e.address) === at);
      if (sets.length === 0) return notYet("No breakpoint has been set on SwLegacy's power dispatch routine yet.");
      const first = sets[0].seq;
      const resumed = ctx.events.of('po.systemPowerState').filter((e) => e.state === 'S0' && e.seq > first);
      const slept = ctx.events.of('po.systemPowerState').some((e) => e.state !== 'S0' && e.seq > first);
      if (!slept || resumed.length === 0) return notYet('The machine has not gone through a sleep since the breakpoint was set.');
      const hit = ctx.events.of('kd.stop').some((e) => e.seq > first && e.routine.toLowerCase() === 'swlegacy!swlegacydispatchpower');
      return hit ? notYet('The breakpoint hit: something did call the routine.') : met;
    },
  },
];
