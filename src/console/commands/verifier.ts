/**
 * verifier.exe (Driver Verifier Manager) from the command line. /standard or
 * /flags with /driver writes the settings where Windows keeps them
 * (Session Manager\Memory Management: VerifyDrivers, VerifyDriverLevel);
 * they take effect at the next restart, when the kernel reads them.
 * /querysettings shows the registry's settings, /query what this boot is
 * verifying, /reset removes the settings.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { MEMORY_MANAGEMENT } from '../../kernel/io/verifier.ts';
import { withKernel } from './ntcommon.ts';

const HELP = `Copyright (c) Microsoft Corporation. All rights reserved.

verifier /standard /driver NAME [NAME ...]
verifier /standard /all
verifier /flags FLAGS /driver NAME [NAME ...]
verifier /flags FLAGS /all
verifier /querysettings
verifier /query
verifier /reset

  /standard      the standard checks (FLAGS 0x9BB)
  /flags FLAGS   a sum of the checks to enable, in decimal or hexadecimal (0x...)
  /driver NAME   the image names of the drivers to verify (sioctl.sys)
  /all           every driver in the system
  /querysettings the settings that the next boot will use
  /query         what the running system is verifying
  /reset         remove all settings (at the next boot)
`;

/** Windows 7's standard settings: special pool, IRQL, pool tracking, I/O, deadlock, DMA, security, miscellaneous. */
const STANDARD = 0x9bb;

/** The checks as /querysettings lists them, in its order. */
const CHECKS: readonly [string, number][] = [
  ['Special pool', 0x1],
  ['Pool tracking', 0x8],
  ['Force IRQL checking', 0x2],
  ['I/O verification', 0x10],
  ['Deadlock detection', 0x20],
  ['DMA checking', 0x80],
  ['Security checks', 0x100],
  ['Force pending I/O requests', 0x200],
  ['Low resources simulation', 0x4],
  ['IRP Logging', 0x400],
  ['Miscellaneous checks', 0x800],
];

const RESTART = 'The system reboot is required for the changes to take effect.';

function settingsLines(level: number, drivers: readonly string[]): string[] {
  const out = CHECKS.map(([name, bit]) => `${name}: ${level & bit ? 'Enabled' : 'Disabled'}`);
  out.push('', 'Verified drivers:', '', ...(drivers.length ? drivers : ['None']));
  return out;
}

function parseFlags(text: string): number | null {
  const m = /^(0x[0-9a-f]{1,8}|\d{1,10})$/i.exec(text);
  if (!m) return null;
  const v = Number(text);
  return v > 0 && v <= 0xffffffff ? v : null;
}

function usage(ctx: CommandContext): number {
  ctx.out(HELP.trimEnd());
  return 87;
}

/** /standard or /flags with /driver or /all. */
function set(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  let level: number | null = null;
  let i = 0;
  if (args[0] === '/standard') {
    level = STANDARD;
    i = 1;
  } else {
    level = args.length > 1 ? parseFlags(args[1]) : null;
    i = 2;
  }
  if (level === null) return usage(ctx);
  let drivers: string[];
  if (args[i] === '/all' && args.length === i + 1) drivers = ['*'];
  else if (args[i] === '/driver' && args.length > i + 1) drivers = args.slice(i + 1).map((d) => d.replace(/^"|"$/g, ''));
  else return usage(ctx);
  if (drivers.some((d) => d === '' || (/[\\/:*?"<>|]/.test(d) && d !== '*'))) return usage(ctx);
  k.cm.setValue(MEMORY_MANAGEMENT, 'VerifyDrivers', 'REG_SZ', drivers.join(' '));
  k.cm.setValue(MEMORY_MANAGEMENT, 'VerifyDriverLevel', 'REG_DWORD', level);
  ctx.out(['New verifier settings:', '', ...settingsLines(level, drivers[0] === '*' ? ['All Drivers'] : drivers), '', '', RESTART].join('\n'));
  return 0;
}

/** What this boot verifies, with each driver's loads and unloads since the boot. */
function query(ctx: CommandContext, k: Kernel): number {
  const v = k.io.state.verifier;
  if (!v) {
    ctx.out('No drivers are currently verified.');
    return 0;
  }
  const events = ctx.machine.events;
  const boot = events.of('kernel.restarted').at(-1)?.seq ?? -1;
  const count = (type: 'kernel.driverLoaded' | 'kernel.driverUnloaded', image: string) =>
    events.of(type).filter((e) => e.seq > boot && `${e.image}.sys` === image).length;
  const names = v.drivers.includes('*') ? Object.values(k.io.state.images).map((i) => i.file.toLowerCase()) : v.drivers;
  // verifier.exe heads its report with the local date and time (en-US).
  const now = new Date(k.now());
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${pad(now.getUTCMonth() + 1)}/${pad(now.getUTCDate())}/${now.getUTCFullYear()}, ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  const lines = [stamp, `Level: ${v.level.toString(16).toUpperCase().padStart(8, '0')}`, '', 'Verified drivers:', ''];
  for (const name of names) lines.push(`Name: ${name}, loads: ${count('kernel.driverLoaded', name)}, unloads: ${count('kernel.driverUnloaded', name)}`);
  ctx.out(lines.join('\n'));
  return 0;
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  const a = args.map((s) => s.toLowerCase().replace(/^-/, '/'));
  if (a.length === 0 || a[0] === '/?' || a[0] === '/help') return usage(ctx);
  const drivers = (k.cm.string(MEMORY_MANAGEMENT, 'VerifyDrivers') ?? '').split(/\s+/).filter((d) => d !== '');
  switch (a[0]) {
    case '/standard':
    case '/flags':
      return set(a, ctx, k);
    case '/querysettings':
      if (a.length > 1) return usage(ctx);
      ctx.out(settingsLines(drivers.length ? (k.cm.dword(MEMORY_MANAGEMENT, 'VerifyDriverLevel') ?? 0) : 0, drivers).join('\n'));
      return 0;
    case '/query':
      return a.length > 1 ? usage(ctx) : query(ctx, k);
    case '/reset': {
      if (a.length > 1) return usage(ctx);
      const had = drivers.length > 0 || k.cm.dword(MEMORY_MANAGEMENT, 'VerifyDriverLevel') !== undefined;
      k.cm.deleteValue(MEMORY_MANAGEMENT, 'VerifyDrivers');
      k.cm.deleteValue(MEMORY_MANAGEMENT, 'VerifyDriverLevel');
      ctx.out(had ? RESTART : 'No settings were changed.');
      return 0;
    }
    default:
      return usage(ctx);
  }
}

export const verifier: ConsoleCommand = {
  name: 'verifier',
  summary: 'Driver Verifier Manager: verify drivers at the next boot.',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'verifier', (k) => run(args, ctx, k));
  },
};
