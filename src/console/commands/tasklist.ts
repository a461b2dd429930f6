/**
 * `tasklist`: the processes running now, from the machine's process list
 * (the same state the debugger's !process walks): the default table, /svc
 * (the services each process hosts) and /m (the modules each has loaded).
 */
import type { ConsoleCommand } from '../command.ts';
import { withKernel } from './ntcommon.ts';
import { processModules, type Process } from '../../kernel/ps/ps.ts';
import type { Kernel } from '../../kernel/nt.ts';

const HELP = `
TASKLIST [/S system [/U username [/P [password]]]]
         [/M [module] | /SVC | /V] [/FI filter] [/FO format] [/NH]

Description:
    This tool displays a list of currently running processes on
    either a local or remote machine.

Parameter List:
   /M     [module]         Lists all tasks currently using the given
                           exe/dll name. If the module name is not
                           specified all loaded modules are displayed.

   /SVC                    Displays services hosted in each process.

   /NH                     Specifies that the "Column Header" should
                           not be displayed in the output.

   /?                      Displays this help message.`;

/** Working set (KB) a process shows: a stable figure from its size in the machine. */
function memUsage(p: Process): string {
  const kb = p.pid === 4 ? 368 : 1_024 + p.handleCount * 23 + p.threads.length * 180;
  return `${kb.toLocaleString('en-US')} K`;
}

function services(k: Kernel, p: Process): string {
  if (p.name.toLowerCase() !== 'svchost.exe') return 'N/A';
  const group = /-k (\S+)/.exec(p.commandLine)?.[1]?.toLowerCase();
  const names = k.scm.names().filter((n) => {
    const c = k.scm.config(n, false);
    const running = (k.scm.status(n, false)?.state ?? 1) !== 1;
    return running && /svchost\.exe -k (\S+)/i.exec(c?.binaryPath ?? '')?.[1]?.toLowerCase() === group;
  });
  return names.length ? names.join(', ') : 'N/A';
}

/** Wrap a comma list into the 44-column field tasklist uses, continuation lines indented. */
function wrapped(head: string, list: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const part of list.split(', ')) {
    const next = line ? `${line}, ${part}` : part;
    if (next.length > 44 && line) {
      out.push(line + ',');
      line = part;
    } else line = next;
  }
  out.push(line);
  return out.map((l, i) => (i === 0 ? `${head} ${l.padEnd(44)}` : `${' '.repeat(35)}${l.padEnd(44)}`).trimEnd());
}

export const tasklist: ConsoleCommand = {
  name: 'tasklist',
  summary: 'Displays all currently running tasks including services.',
  help: HELP,
  run(args, ctx) {
    const opts = args.map((a) => a.toLowerCase());
    const bad = opts.find((o) => !['/svc', '/m', '/nh'].includes(o));
    if (bad) {
      ctx.err(`ERROR: Invalid argument/option - '${args[opts.indexOf(bad)]}'.\nType "TASKLIST /?" for usage.`);
      return 1;
    }
    return withKernel(ctx, 'tasklist', (k) => {
      const head = !opts.includes('/nh');
      const rows: { name: string; pid: number; session: number; p: Process | null }[] = [
        { name: 'System Idle Process', pid: 0, session: 0, p: null },
        ...k.ps.list().map((p) => ({ name: p.name, pid: p.pid, session: p.session ?? 0, p })),
      ];
      const name = (n: string) => n.slice(0, 25).padEnd(25);
      const pid = (n: number) => String(n).padStart(8);
      ctx.out('');
      if (opts.includes('/svc') || opts.includes('/m')) {
        const svc = opts.includes('/svc');
        if (head)
          ctx.out(
            `${'Image Name'.padEnd(25)} ${'PID'.padStart(8)} ${(svc ? 'Services' : 'Modules').padEnd(44)}`.trimEnd() +
              '\n' +
              `${'='.repeat(25)} ${'='.repeat(8)} ${'='.repeat(44)}`,
          );
        for (const r of rows) {
          const p = r.p;
          const list = !p
            ? 'N/A'
            : svc
              ? services(k, p)
              : processModules(p)
                  .map((m) => m.name)
                  .join(', ') || 'N/A';
          for (const l of wrapped(`${name(r.name)} ${pid(r.pid)}`, list)) ctx.out(l);
        }
        return 0;
      }
      if (head)
        ctx.out(
          `${'Image Name'.padEnd(25)} ${'PID'.padStart(8)} ${'Session Name'.padEnd(16)} ${'Session#'.padStart(11)} ${'Mem Usage'.padStart(12)}\n${'='.repeat(25)} ${'='.repeat(8)} ${'='.repeat(16)} ${'='.repeat(11)} ${'='.repeat(12)}`,
        );
      for (const r of rows) {
        const mem = r.p ? memUsage(r.p) : '24 K';
        ctx.out(`${name(r.name)} ${pid(r.pid)} ${(r.session === 0 ? 'Services' : 'Console').padEnd(16)} ${String(r.session).padStart(11)} ${mem.padStart(12)}`);
      }
      return 0;
    });
  },
};
