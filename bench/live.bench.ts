/**
 * The debugger on the live machine: command latency over a live target (local kernel debugging),
 * a memory read, !process 0 0, the bigger machine's snapshot and restore, and a console command
 * stopped at a breakpoint under a host debugger (recording, then a change replayed from its checkpoint),
 * stepping at such a stop, !pcr/!prcb, !handle, and a restart with the host debugger attached.
 */
import type { Reporter } from '../scripts/bench.ts';
import { measure, measured } from './stats.ts';
import lab from '../labs/driver-loading/lab.ts';
import { LabSession } from '../src/lab/session.ts';

const LIVE = [
  '!process 0 0',
  'dq nt!PsActiveProcessHead l2',
  'lm',
  '!drvobj \\Driver\\SwLegacy 2',
  'dt nt!_EPROCESS poi(nt!PsInitialSystemProcess) ImageFileName',
  'k',
  'r',
  'x swlegacy!*',
  '!fltkd.filters',
  '!fltkd.volumes',
];

function ready(host: boolean): LabSession {
  const s = new LabSession({ ...lab, hostDebugger: host });
  for (const l of [
    'sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys',
    'sc start SwLegacy',
    'devcon install swpnp.inf Root\\SwPnp',
  ])
    s.submit(l);
  return s;
}

export default function bench(r: Reporter): void {
  r.section('live target (kd -kl and the host debugger)');
  const s = ready(false);
  s.submit('kd -kl');
  r.row('live command latency, mixed set (lkd)', measured(measure(LIVE.length * 20, (i) => s.submit(LIVE[i % LIVE.length]))));
  r.row('a memory read: dq nt!PsActiveProcessHead l2', measured(measure(100, () => s.submit('dq nt!PsActiveProcessHead l2'))));
  r.row('!process 0 0 (17 processes)', measured(measure(50, () => s.submit('!process 0 0'))));
  r.row('!address (every kernel stack, image and pool page, and the user space in context)', measured(measure(30, () => s.submit('!address'))));
  r.row('!address of one address', measured(measure(50, () => s.submit('!address swlegacy!DriverEntry'))));
  r.row('!dh swlegacy (headers read from the image in memory)', measured(measure(50, () => s.submit('!dh swlegacy'))));
  r.row("!handle 0 3 0 (every process's handle table in memory)", measured(measure(30, () => s.submit('!handle 0 3 0'))));
  const snap = s.machine.snapshot();
  r.row(
    `machine snapshot (${(JSON.stringify(snap, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)).length / 1024).toFixed(1)} KiB as JSON)`,
    measured(measure(30, () => s.machine.snapshot())),
  );
  r.row('machine restore', measured(measure(30, () => s.machine.restore(snap))));
  r.row(
    'pwrtest /sleep stopping at a breakpoint under the host debugger, then g to the end',
    measured(
      measure(10, () => {
        const h = ready(true);
        for (const l of ['\x1d', '\x03', 'bp swpnp!SwPnpEvtWdmPreprocessIrp', 'g', '\x1d', 'pwrtest /sleep', '\x1d', 'bc 0', 'g']) h.play(l);
      }),
    ),
  );
  // Each step at a stop inside a command replays the command from its checkpoint with the step armed.
  const stopped = () => {
    const h = ready(true);
    for (const l of ['\x1d', '\x03', 'bp swpnp!SwPnpEvtWdmPreprocessIrp', 'g', '\x1d', 'pwrtest /sleep', '\x1d']) h.play(l);
    return h;
  };
  const steppers = Array.from({ length: 10 }, stopped);
  r.row(
    't then gu at a stop inside pwrtest /sleep (each replays the command)',
    measured(
      measure(steppers.length, (i) => {
        steppers[i].submit('t');
        steppers[i].submit('gu');
      }),
    ),
  );
  const stepping = stopped();
  r.row(
    '!pcr and !prcb at the stop',
    measured(
      measure(100, () => {
        stepping.submit('!pcr');
        stepping.submit('!prcb');
      }),
    ),
  );
  r.row('shutdown /r with the host debugger attached (restart, reconnection banner)', measured(measure(5, () => ready(true).submit('shutdown /r /t 0'))));
}
