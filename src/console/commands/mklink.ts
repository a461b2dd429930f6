/**
 * cmd.exe's MKLINK. Hard links (/H) are CreateHardLinkW through the volume's
 * stack (FileLinkInformation); symbolic links and junctions are reparse
 * points, which this lab's file system does not keep, so they get a lab message.
 */
import type { ConsoleFiles } from '../command.ts';
import { fileCommand, fileError, resolve } from './fsutil.ts';

const USAGE = `Creates a symbolic link.

MKLINK [[/D] | [/H] | [/J]] Link Target

        /D      Creates a directory symbolic link.  Default is a file
                symbolic link.
        /H      Creates a hard link instead of a symbolic link.
        /J      Creates a Directory Junction.
        Link    specifies the new symbolic link name.
        Target  specifies the path (relative or absolute) that the new link
                refers to.`;

export const mklink = fileCommand({
  name: 'mklink',
  summary: 'Creates a symbolic link.',
  help: `${USAGE}\n`,
  run(args, ctx, files: ConsoleFiles) {
    const switches = args.filter((a) => /^[/-]/.test(a)).map((a) => a.slice(1).toLowerCase());
    const names = args.filter((a) => !/^[/-]/.test(a));
    if (args.length === 0 || switches.includes('?')) {
      ctx.out(USAGE);
      return args.length === 0 ? 1 : 0;
    }
    const bad = switches.find((s) => s !== 'd' && s !== 'h' && s !== 'j');
    if (bad !== undefined) {
      ctx.err(`Invalid switch - /${bad.toUpperCase()}`);
      return 1;
    }
    if (names.length !== 2 || switches.length > 1) {
      ctx.err('The syntax of the command is incorrect.');
      return 1;
    }
    if (switches[0] !== 'h') {
      ctx.err("lab: this lab's file system keeps no reparse points: MKLINK makes hard links (/H) only, not symbolic links or junctions.");
      return 1;
    }
    const [link, target] = names;
    const code = files.link(resolve(ctx, link), resolve(ctx, target));
    if (code !== 0) {
      ctx.err(fileError(code));
      return 1;
    }
    ctx.out(`Hardlink created for ${link} <<===>> ${target}`);
    return 0;
  },
});
