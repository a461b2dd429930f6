/**
 * pwrtest.exe /sleep (the WDK's power management test tool): sleep and resume
 * cycles driven through the machine's power manager.
 */
import type { ConsoleCommand } from '../command.ts';
import type { SystemPowerState } from '../../kernel/io/types.ts';
import { withKernel } from './ntcommon.ts';
import { POWER_ENTRY_FRAMES } from '../../kernel/ke/ke.ts';

const HELP = `PwrTest - Power Management Test Tool

pwrtest /sleep [/c:n] [/d:n] [/p:n] [/s:{1|3|4|all}]

  /sleep   Runs the sleep scenario: each cycle puts the system to sleep and
           wakes it again.
  /c:n     Number of cycles (default 1).
  /d:n     Delay between cycles, in seconds (default 90).
  /p:n     Time asleep, in seconds (default 60).
  /s:x     Target sleep state: 3 (S3, sleep; default), 4 (S4, hibernate),
           all (each cycle takes the next supported state in turn) or rnd
           (each cycle picks a supported state at random).
           This machine supports S3 and S4 only.

Each cycle sends IRP_MN_QUERY_POWER and then IRP_MN_SET_POWER for the target
state to every PnP device stack, and IRP_MN_SET_POWER for S0 on resume.
On a real machine pwrtest also writes pwrtestlog.log and pwrtestlog.wtl; here
the summary is printed to the console.
`;

function uptime(ms: number): string {
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${m.toString().padStart(2, '0')}:${(s % 60).toFixed(3).padStart(6, '0')}`;
}

/** A lab limit, not the real tool's: cycles are simulated in full while the terminal waits. */
const MAX_CYCLES = 100;

export const pwrtest: ConsoleCommand = {
  name: 'pwrtest',
  summary: 'Power Management Test Tool (WDK): sleep/resume cycles.',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'pwrtest', (k) => {
      let sleep = false;
      let cycles = 1;
      let delay = 90;
      let asleep = 60;
      let pick: 'fixed' | 'all' | 'rnd' = 'fixed';
      let state: SystemPowerState = 'PowerSystemSleeping3';
      for (const a of args) {
        const m = /^[/-]([a-z]+)(?::(.*))?$/i.exec(a);
        const key = m?.[1].toLowerCase();
        const val = m?.[2];
        // The tool reads each number into a 32-bit DWORD: anything larger is not a number it accepts.
        const num = val !== undefined && /^\d{1,10}$/.test(val) && Number(val) <= 0xffffffff ? Number(val) : NaN;
        if (key === 'sleep' && val === undefined) sleep = true;
        else if (key === 'c' && num >= 1) cycles = num;
        else if (key === 'd' && num >= 0) delay = num;
        else if (key === 'p' && num >= 1) asleep = num;
        else if (key === 's' && (val === '3' || val === '4')) {
          state = val === '3' ? 'PowerSystemSleeping3' : 'PowerSystemHibernate';
          pick = 'fixed';
        } else if (key === 's' && (val?.toLowerCase() === 'all' || val?.toLowerCase() === 'rnd')) pick = val.toLowerCase() === 'all' ? 'all' : 'rnd';
        else if (key === 's' && (val === '1' || val === '2')) {
          ctx.out(`ERROR: The system does not support the requested sleep state (/s:${val}).`);
          return 50;
        } else {
          ctx.out(`ERROR: Invalid argument '${a}'.`);
          ctx.out('Type "pwrtest /?" for usage.');
          return 87;
        }
      }
      if (!sleep) {
        ctx.host.write(HELP);
        return 87;
      }
      if (cycles > MAX_CYCLES) {
        // Lab limit: every cycle is simulated in full, and the terminal waits for all of them.
        ctx.out(`Lab note: this lab machine runs at most ${MAX_CYCLES} cycles in one pwrtest command (/c:${cycles} asked for).`);
        ctx.out('The real pwrtest has no such limit; run it again for more cycles.');
        return 87;
      }
      const supported: SystemPowerState[] = ['PowerSystemSleeping3', 'PowerSystemHibernate'];
      ctx.out('Start: Sleep Scenario');
      let failed = 0;
      for (let c = 1; c <= cycles; c++) {
        if (c > 1) k.machine.clock.advance(delay * 1000);
        if (pick === 'all') state = supported[(c - 1) % supported.length];
        else if (pick === 'rnd') state = supported[k.machine.rng.int(0, supported.length - 1)];
        const short = state === 'PowerSystemSleeping3' ? 'S3' : 'S4';
        ctx.out(`  Cycle ${c} of ${cycles}: target ${short}, ${asleep} s asleep`);
        const r = k.ke.guard('system-thread', () => k.po.sleep(state, asleep * 1000), POWER_ENTRY_FRAMES);
        if (r === null) return 1;
        if (r.status === 'vetoed') {
          ctx.out(`    Sleep was vetoed by ${r.vetoedBy ?? 'a driver'} (IRP_MN_QUERY_POWER failed).`);
          ctx.out('    Result: FAIL');
          failed++;
          continue;
        }
        ctx.out(`    Entered ${short} at uptime ${uptime(r.sleptAt)}`);
        ctx.out(`    Resumed to S0 at uptime ${uptime(r.resumedAt)}`);
        ctx.out('    Result: PASS');
      }
      ctx.out(`End: Sleep Scenario (${cycles - failed} of ${cycles} cycles passed)`);
      return failed ? 1 : 0;
    });
  },
};
