/**
 * objdir: lists a directory of the object manager's namespace, as WinObj
 * shows it (name, type, and a symbolic link's target).
 */
import type { ConsoleCommand } from '../command.ts';
import { NT_SUCCESS, RtlNtStatusToDosError, hex8, statusName } from '../../kernel/status.ts';
import { withKernel } from './ntcommon.ts';

const HELP = `Lists the objects in a directory of the Object Manager namespace, like
Sysinternals WinObj.

OBJDIR [path]

  path   An object directory such as \\, \\Driver, \\Device, \\GLOBAL?? or \\??
         (default \\). Symbolic links on the way are followed; a symbolic
         link's target is shown beside its name.
`;

export const objdir: ConsoleCommand = {
  name: 'objdir',
  summary: 'Lists an Object Manager directory (like WinObj).',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'objdir', (k) => {
      if (args.length > 1) {
        ctx.host.write(HELP);
        return 87;
      }
      const path = args[0] ?? '\\';
      const r = k.ob.lookup(path);
      if (!NT_SUCCESS(r.status)) {
        ctx.out(`objdir: cannot open ${path}: ${statusName(r.status)} (${hex8(r.status)})`);
        return RtlNtStatusToDosError(r.status);
      }
      const header = k.ob.get(r.id);
      if (header?.Type !== 'Directory') {
        ctx.out(`objdir: ${path} is a ${header?.Type ?? 'unknown'} object, not a directory.`);
        return 267;
      }
      const shown = path === '\\??' ? '\\GLOBAL??' : k.ob.fullName(r.id) || path;
      ctx.out(`Directory of ${shown}`);
      ctx.out('');
      const entries = k.ob.list(r.id);
      const width = Math.max(32, ...entries.map((e) => e.Name.length + 1));
      ctx.out(`  ${'Name'.padEnd(width)} ${'Type'.padEnd(14)} SymLink`);
      for (const e of entries) ctx.out(`  ${e.Name.padEnd(width)} ${e.Type.padEnd(14)} ${e.Type === 'SymbolicLink' ? (e.Target ?? '') : ''}`.trimEnd());
      ctx.out('');
      ctx.out(`  ${entries.length} object(s)`);
      return 0;
    });
  },
};
