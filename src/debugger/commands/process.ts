/**
 * `!process` and `!thread` (kdexts). Both read the kernel's process and thread
 * objects through their types (nt!_EPROCESS, nt!_ETHREAD). The dump's symbol
 * data carries no such types (`dt nt!_EPROCESS` fails the same way), so the
 * extension answers as kdexts does when a type it needs is missing: the
 * "correct symbols" box naming the type it looked for.
 */
import { guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';

const BOX_WIDTH = 73;

/** The box kdexts prints when the symbols lack a type it needs. */
export function missingTypeBox(typeName: string): string[] {
  const rule = '*'.repeat(BOX_WIDTH);
  const row = (text: string): string => `***    ${text.padEnd(BOX_WIDTH - 10)}***`;
  const blank = `***${' '.repeat(BOX_WIDTH - 6)}***`;
  return [
    rule,
    blank,
    blank,
    row('Your debugger is not using the correct symbols'),
    blank,
    row('In order for this command to work properly, your symbol path'),
    row('must point to .pdb files that have full type information.'),
    blank,
    row('Certain .pdb files (such as the public OS symbols) do not'),
    row('contain the required information.  Contact the group that'),
    row('provided you with these symbols if you need this command to'),
    row('work.'),
    blank,
    row(`Type referenced: ${typeName}`),
    blank,
    rule,
  ];
}

/** Check the arguments parse (so a bad expression reports as such), then report the missing type. */
function needsType(c: CommandContext, module: string, type: string): boolean {
  return guarded(c, () => {
    let i = skipBlanks(c.line, c.argsStart);
    let values = 0;
    while (i < c.line.length) {
      if (/^[-/][A-Za-z]/.test(c.line.slice(i))) {
        i = skipBlanks(c.line, i + (/^\S+/.exec(c.line.slice(i))?.[0].length ?? 1));
        continue;
      }
      // Address and flags are expressions; `!process 0 0 notepad.exe` ends with an image name.
      if (values === 2) break;
      i = skipBlanks(c.line, c.session.evaluate(c.line, i).end);
      values++;
    }
    // No target in this engine carries nt's process and thread types yet; a
    // target that does will need the full listing here instead of the box.
    c.out.push(...missingTypeBox(`${module}!${type}`));
    return false;
  });
}

export const processExt: KdCommand = {
  verbs: ['!process'],
  run(c) {
    return needsType(c, 'nt', '_EPROCESS');
  },
};

export const threadExt: KdCommand = {
  verbs: ['!thread'],
  run(c) {
    return needsType(c, 'nt', '_ETHREAD');
  },
};
