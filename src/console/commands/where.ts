/** WHERE: finds files by name in the current directory and the PATH, with wildcards and PATHEXT. */
import { baseName } from '../../kernel/fs/files.ts';
import type { ConsoleCommand, ConsoleFiles } from '../command.ts';
import { filesOf, hasWildcards, nameMatches, resolve } from './fsutil.ts';

/** Files in `dir` (and with `recurse` below it) matching any of the names; iterative. */
function search(files: ConsoleFiles, dir: string, names: readonly string[], recurse: boolean): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.shift() as string;
    const entries = files.list(d);
    if (typeof entries === 'number') continue;
    for (const name of names) for (const e of entries) if (!e.dir && nameMatches(name, baseName(e.path))) out.push(e.path);
    if (recurse) stack.unshift(...entries.filter((e) => e.dir).map((e) => e.path));
  }
  return out;
}

export const where: ConsoleCommand = {
  name: 'where',
  summary: 'Displays the location of files that match a search pattern.',
  help: `WHERE [/R dir] [/Q] pattern...

Description:
    Displays the location of files that match the search pattern.
    By default, the search is done along the current directory and
    in the paths specified by the PATH environment variable.

Parameter List:
    /R       Recursively searches and displays the files that match the
             given pattern starting from the specified directory.

    /Q       Returns only the exit code, without displaying the list
             of matched files. (Quiet mode)

    pattern  Specifies the search pattern for the files to match.
             Wildcards * and ? can be used in the pattern.
`,
  run(args, ctx) {
    const files = filesOf(ctx);
    if (!files) return 1;
    let quiet = false;
    let root: string | null = null;
    const patterns: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i].toLowerCase();
      if (a === '/q') quiet = true;
      else if (a === '/r') {
        if (i + 1 >= args.length) {
          ctx.err('ERROR: Invalid syntax. Value expected for \'/R\'.\nType "WHERE /?" for usage.');
          return 2;
        }
        root = resolve(ctx, args[++i]);
      } else if (a.startsWith('/')) {
        ctx.err(`ERROR: Invalid argument or option - '${args[i]}'.\nType "WHERE /?" for usage.`);
        return 2;
      } else patterns.push(args[i]);
    }
    if (patterns.length === 0) {
      ctx.err('ERROR: A search pattern must be specified.\nType "WHERE /?" for usage.');
      return 2;
    }
    const exts = (ctx.state.env.get('PATHEXT') ?? '').split(';').filter(Boolean);
    const dirs =
      root !== null
        ? [root]
        : [
            ctx.state.cwd,
            ...(ctx.state.env.get('PATH') ?? '')
              .split(';')
              .filter(Boolean)
              .map((d) => resolve(ctx, d)),
          ];
    const found: string[] = [];
    const seen = new Set<string>();
    for (const pattern of patterns) {
      // A name without an extension also matches name + each PATHEXT extension.
      const names = pattern.includes('.') && !hasWildcards(pattern.slice(pattern.lastIndexOf('.'))) ? [pattern] : [pattern, ...exts.map((e) => pattern + e)];
      for (const d of dirs) {
        for (const path of search(files, d, names, root !== null)) {
          if (seen.has(path.toLowerCase())) continue;
          seen.add(path.toLowerCase());
          found.push(path);
        }
      }
    }
    if (found.length === 0) {
      if (!quiet) ctx.err('INFO: Could not find files for the given pattern(s).');
      return 1;
    }
    if (!quiet) for (const f of found) ctx.out(f);
    return 0;
  },
};
