/** The driver-loading debrief: what each step shows about the article's claims (A1-A16), and the real-machine equivalent. */
import type { DebriefItem } from '../../src/lab/schema.ts';

export const DEBRIEF: readonly DebriefItem[] = [
  {
    title: 'A legacy-style driver is a service',
    objectives: ['load-legacy', 'inspect-legacy'],
    claims: ['A3', 'A4', 'A5'],
    shows:
      'SwLegacy loaded from a kernel-driver service entry and a start: no INF, no device node, DriverEntry and its dispatch table only. sc qc showed the entry the SCM keeps in the registry.',
    realMachine:
      'The same sc lines work from an elevated prompt on Windows 7, but x64 loads only signed drivers: a test-signed one needs bcdedit /set testsigning on and a reboot.',
  },
  {
    title: 'A PnP-aware driver is root-enumerated',
    objectives: ['install-pnp'],
    claims: ['A3', 'A7', 'A8', 'A11'],
    shows:
      'devcon install created a root-enumerated device node for the INF’s hardware id and the PnP manager loaded SwPnp for it; SwLegacy heard about its device interface through IoRegisterPlugPlayNotification.',
    realMachine:
      'devcon comes with the WDK; Windows 7’s own pnputil -a only adds the package to the driver store and creates no device node for a root-enumerated driver.',
  },
  {
    title: 'Who gets power IRPs',
    objectives: ['sleep-and-compare', 'power-irps', 'quiz-sleep-aware'],
    claims: ['A9', 'A10', 'A12'],
    shows:
      'Through a whole sleep and resume only SwPnp, in a PnP device stack, logged IRP_MJ_POWER; SwLegacy’s power dispatch routine never ran. To act on sleep, a driver has to be PnP-aware.',
    realMachine:
      'pwrtest /sleep is in the WDK; DebugView (Sysinternals, run as administrator with Capture Kernel on) shows DbgPrint output once the Debug Print Filter registry value allows it.',
  },
  {
    title: 'The same story in a kernel debugger',
    objectives: ['kd-dispatch-table', 'kd-power-irp', 'kd-legacy-never'],
    claims: ['A5', 'A9', 'A10'],
    shows:
      'SwLegacy’s DRIVER_OBJECT has its power and PnP entries set, yet a breakpoint on its power routine stayed silent through a whole sleep, while a stop inside SwPnp showed the power IRP the power manager sent it: setting a dispatch routine is not what brings the IRP.',
    realMachine:
      'A second machine (or a VM) with a kernel debugger attached: bcdedit /debug on, then WinDbg over a serial, network or 1394 connection; !drvobj, bp and !irp are the same there.',
  },
  {
    title: 'Unloading, and choosing a model',
    objectives: ['stop-legacy', 'nounload-stop', 'nounload-why', 'quiz-registry-monitor'],
    claims: ['A2', 'A13', 'A16'],
    shows:
      'A driver unloads only if it set DriverUnload; without it the stop fails with 1052 and the driver stays until reboot. For a registry monitor, the simple legacy model is the right one.',
    realMachine: 'A driver that cannot unload means a reboot per test cycle on a real machine: set DriverUnload from the first build.',
  },
];
