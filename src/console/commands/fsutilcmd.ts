/**
 * fsutil.exe, its HARDLINK commands: `create` is CreateHardLinkW and `list`
 * FindFirstFileNameW / FindNextFileNameW, made by fsutil.exe's own process
 * through the volume's stack. Its other command groups are real but not on
 * this lab's machine, and say so.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { fullPathOf } from '../drives.ts';
import { Kernel32 } from '../../kernel/user/kernel32.ts';
import { FileFinder } from '../../kernel/user/findfile.ts';
import { fileError } from './fsutil.ts';
import { withKernel } from './ntcommon.ts';

const COMMANDS = `---- Commands Supported ----

8dot3name       8dot3name management
behavior        Control file system behavior
dirty           Manage volume dirty bit
file            File specific commands
fsinfo          File system information
hardlink        Hardlink management
objectid        Object ID management
quota           Quota management
repair          Self healing management
reparsepoint    Reparse point management
resource        Transactional Resource Manager management
sparse          Sparse file control
transaction     Transaction management
usn             USN management
volume          Volume management`;

const GROUPS = COMMANDS.split('\n')
  .slice(2)
  .map((l) => l.split(' ')[0]);

const HARDLINK = `---- HARDLINK Commands Supported ----

create          Create a hardlink
list            Enumerate hardlinks on a file`;

const CREATE_USAGE = `Usage : fsutil hardlink create <new filename> <existing filename>
   Eg : fsutil hardlink create c:\\foo.txt c:\\bar.txt`;

const LIST_USAGE = `Usage : fsutil hardlink list <filename>
   Eg : fsutil hardlink list c:\\foo.txt`;

function hardlink(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const verb = args[0]?.toLowerCase();
  const api = new Kernel32(k, { cwd: ctx.state.cwd });
  const finder = new FileFinder(k, api);
  if (verb === 'create') {
    if (args.length !== 3) {
      ctx.out(CREATE_USAGE);
      return 1;
    }
    const link = fullPathOf(ctx.state, args[1]);
    const existing = fullPathOf(ctx.state, args[2]);
    if (!finder.CreateHardLinkW(link, existing)) {
      ctx.out(`Error:  ${fileError(api.GetLastError())}`);
      return 1;
    }
    ctx.out(`Hardlink created for ${link} <<===>> ${existing}`);
    return 0;
  }
  if (verb === 'list') {
    if (args.length !== 2) {
      ctx.out(LIST_USAGE);
      return 1;
    }
    const names = finder.fileNames(fullPathOf(ctx.state, args[1]));
    if (typeof names === 'number') {
      ctx.out(`Error:  ${fileError(names)}`);
      return 1;
    }
    for (const n of names) ctx.out(n);
    return 0;
  }
  ctx.out(HARDLINK);
  return verb === undefined || verb === '/?' || verb === '-?' ? 0 : 1;
}

export const fsutil: ConsoleCommand = {
  name: 'fsutil',
  summary: 'Performs tasks that are related to file allocation table (FAT) and NTFS file systems.',
  help: `${COMMANDS}\n`,
  run(args, ctx) {
    const group = args[0]?.toLowerCase();
    if (group === undefined || group === '/?' || group === '-?') {
      ctx.out(COMMANDS);
      return group === undefined ? 1 : 0;
    }
    if (group === 'hardlink') return withKernel(ctx, 'fsutil', (k) => hardlink(ctx, k, args.slice(1)));
    if (GROUPS.includes(group)) {
      ctx.out(`lab: FSUTIL ${group.toUpperCase()} is part of Windows, but this lab's machine offers only FSUTIL HARDLINK.`);
      return 1;
    }
    ctx.out(`Invalid command: ${args[0]}`);
    ctx.out(COMMANDS);
    return 1;
  },
};
