/** cmd.exe's dir, type and cd over the machine's C: volume. */
import type { ConsoleCommand } from '../command.ts';
import { baseName, fullPath, parentDir } from '../../kernel/fs/files.ts';
import { dirTime, wildcardMatch, withKernel } from './ntcommon.ts';

const num = (n: number) => n.toLocaleString('en-US');

/**
 * The start of a PE image as the Windows console shows it (code page 437 glyphs for the
 * bytes 4D 5A 90 03 04 FF FF B8 40 0E 1F BA 0E B4 09 CD 21 B8 01 4C CD 21 and the stub text).
 * Raw C0/C1 control characters must not reach the terminal: 0x0E would switch xterm to
 * its G1 character set and 0x90 would open a device control string.
 */
const PE_HEADER_AS_SHOWN = 'MZ\u00c9\u2665\u2666\u00a0\u00a0\u2555@\u266b\u25bc\u2551\u266b\u2524\t\u2550!\u2555\u263aL\u2550!This program cannot be run in DOS mode.';

const PATH_NOT_FOUND = 'The system cannot find the path specified.';

/** The machine has one volume, C:. */
const onVolume = (path: string) => /^c:/i.test(path);

/** cmd.exe's name matching: * and ?, and a trailing '.*' also matches a name with no extension ('*.*' is everything). */
function dirMatch(pattern: string, name: string): boolean {
  if (wildcardMatch(pattern, name, true)) return true;
  return pattern.endsWith('.*') && !name.includes('.') && wildcardMatch(pattern.slice(0, -2), name, true);
}

export const dir: ConsoleCommand = {
  name: 'dir',
  summary: 'Displays a list of files and subdirectories in a directory.',
  help: 'Displays a list of files and subdirectories in a directory.\n\nDIR [drive:][path][filename]\n\n  [drive:][path][filename]\n              Specifies drive, directory, and/or files to list.\n              A filename may contain * and ? wildcards.\n',
  run(args, ctx) {
    return withKernel(ctx, 'dir', (k) => {
      let target = fullPath(ctx.state.cwd, args[0] ?? '.');
      if (!onVolume(target)) {
        ctx.out(PATH_NOT_FOUND);
        return 1;
      }
      let pattern: string | null = null;
      if (!k.fs.isDir(target)) {
        const name = baseName(target);
        pattern = name;
        target = parentDir(target);
      }
      ctx.out(' Volume in drive C has no label.');
      ctx.out(` Volume Serial Number is ${k.fs.state.serial}`);
      ctx.out('');
      const stored = k.fs.dirPath(target);
      if (!stored) {
        ctx.out(PATH_NOT_FOUND);
        return 1;
      }
      ctx.out(` Directory of ${stored.replace(/\\$/, stored.length === 3 ? '\\' : '')}`);
      ctx.out('');
      const list = k.fs.list(stored);
      const files = list.files.filter((f) => pattern === null || dirMatch(pattern, baseName(f.path)));
      const dirs = list.dirs.filter((d) => pattern === null || dirMatch(pattern, baseName(d.path)));
      if (files.length + dirs.length === 0 && pattern !== null) {
        ctx.out('File Not Found');
        return 1;
      }
      const self = k.fs.state.dirs[stored.toLowerCase()]?.written ?? k.now();
      const rows: [number, string, string][] = [];
      if (pattern === null && stored.length > 3) rows.push([self, '<DIR>', '.'], [self, '<DIR>', '..']);
      const named: [number, string, string][] = [
        ...dirs.map((d): [number, string, string] => [d.written, '<DIR>', baseName(d.path)]),
        ...files.map((f): [number, string, string] => [f.written, num(f.size), baseName(f.path)]),
      ];
      rows.push(...named.sort((a, b) => a[2].toLowerCase().localeCompare(b[2].toLowerCase())));
      for (const [t, size, name] of rows) ctx.out(`${dirTime(t)}    ${size === '<DIR>' ? '<DIR>          ' : size.padStart(14) + ' '}${name}`);
      const bytes = files.reduce((s, f) => s + f.size, 0);
      ctx.out(`${String(files.length).padStart(16)} File(s) ${num(bytes).padStart(14)} bytes`);
      ctx.out(`${String(rows.length - files.length).padStart(16)} Dir(s)  ${num(k.fs.state.freeBytes).padStart(14)} bytes free`);
      return 0;
    });
  },
};

export const type: ConsoleCommand = {
  name: 'type',
  summary: 'Displays the contents of a text file.',
  help: 'Displays the contents of a text file or files.\n\nTYPE [drive:][path]filename\n',
  run(args, ctx) {
    return withKernel(ctx, 'type', (k) => {
      if (args.length === 0) {
        ctx.out('The syntax of the command is incorrect.');
        return 1;
      }
      const path = fullPath(ctx.state.cwd, args[0]);
      const file = k.fs.file(path);
      if (!file) {
        if (k.fs.isDir(path)) {
          ctx.out('Access is denied.');
          return 1;
        }
        ctx.out(!onVolume(path) || !k.fs.isDir(parentDir(path)) ? PATH_NOT_FOUND : 'The system cannot find the file specified.');
        return 1;
      }
      if (file.content !== null) ctx.host.write(file.content.endsWith('\n') ? file.content : file.content + '\n');
      else ctx.out(PE_HEADER_AS_SHOWN);
      return 0;
    });
  },
};

export const cd: ConsoleCommand = {
  name: 'cd',
  summary: 'Displays the name of or changes the current directory.',
  help: 'Displays the name of or changes the current directory.\n\nCD [drive:][path]\nCD [..]\n\n  ..   Specifies that you want to change to the parent directory.\n',
  run(args, ctx) {
    return withKernel(ctx, 'cd', (k) => {
      if (args.length === 0) {
        ctx.out(ctx.state.cwd);
        return 0;
      }
      const typed = args.filter((a) => a.toLowerCase() !== '/d').join(' ');
      if (/^[a-z]:$/i.test(typed)) {
        // 'cd X:' shows the current directory of that drive; it changes nothing.
        if (!onVolume(typed + '\\')) {
          ctx.out('The system cannot find the drive specified.');
          return 1;
        }
        ctx.out(ctx.state.cwd);
        return 0;
      }
      const target = fullPath(ctx.state.cwd, typed);
      if (!onVolume(target)) {
        ctx.out('The system cannot find the drive specified.');
        return 1;
      }
      const stored = k.fs.dirPath(target);
      if (!stored) {
        ctx.out(k.fs.file(target) ? 'The directory name is invalid.' : PATH_NOT_FOUND);
        return 1;
      }
      ctx.state.cwd = stored.length > 3 ? stored.replace(/\\$/, '') : stored;
      return 0;
    });
  },
};
