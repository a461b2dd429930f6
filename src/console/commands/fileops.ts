/** cmd.exe's MD/MKDIR, RD/RMDIR, DEL/ERASE, COPY, REN/RENAME and MOVE over the ConsoleFiles interface. */
import { baseName, parentDir } from '../../kernel/fs/files.ts';
import { ERROR_ACCESS_DENIED, ERROR_NOT_SAME_DEVICE, type CommandContext, type ConsoleCommand, type ConsoleFiles, type FileInfo } from '../command.ts';
import { DEVICE, fileCommand, fileError, hasWildcards, matching, resolve, switches, syntaxError, withoutSlash } from './fsutil.ts';

const sameFile = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The entries a path names (only files with `filesOnly`); a Win32 error code when there are none (2: nothing matched). */
function sources(files: ConsoleFiles, path: string, filesOnly: boolean): FileInfo[] | number {
  const found = matching(files, path);
  if (typeof found === 'number') return found;
  const list = filesOnly ? found.filter((f) => !f.dir) : found;
  return list.length === 0 ? 2 : list;
}

/** The confirmation cmd.exe would ask for; this console reads no keys, so the switch must be given. */
function needsConfirmation(ctx: CommandContext, question: string, flag: string): number {
  ctx.err(`${question}`);
  ctx.err(`lab: this console cannot answer that question; add ${flag} to go ahead.`);
  return 1;
}

export const md = fileCommand({
  name: 'md',
  aliases: ['mkdir'],
  summary: 'Creates a directory.',
  help: 'Creates a directory.\n\nMKDIR [drive:]path\nMD [drive:]path\n\nMKDIR creates any intermediate directories in the path, if needed.\n',
  run(args, ctx, files) {
    if (args.length === 0) return syntaxError(ctx);
    let status = 0;
    for (const arg of args) {
      const path = resolve(ctx, arg);
      const exists = files.stat(path);
      if (typeof exists !== 'number') {
        ctx.err(`A subdirectory or file ${arg} already exists.`);
        status = 1;
        continue;
      }
      // Create each missing directory on the way down.
      const parts: string[] = [];
      for (let p = path; p.length > 3 && typeof files.stat(p) === 'number'; p = parentDir(p)) parts.unshift(p);
      for (const p of parts) {
        const code = files.mkdir(p);
        if (code !== 0) {
          ctx.err(fileError(code));
          status = 1;
          break;
        }
      }
    }
    return status;
  },
});

/** Remove a tree (iteratively, deepest first); the first failure's code, or 0. */
function removeTree(files: ConsoleFiles, root: FileInfo): number {
  const order: FileInfo[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const d = stack.pop() as FileInfo;
    order.push(d);
    const entries = files.list(d.path);
    if (typeof entries === 'number') return entries;
    for (const e of entries) {
      if (e.dir) stack.push(e);
      else {
        const code = files.remove(e.path);
        if (code !== 0) return code;
      }
    }
  }
  for (const d of order.reverse()) {
    const code = files.rmdir(d.path);
    if (code !== 0) return code;
  }
  return 0;
}

export const rd = fileCommand({
  name: 'rd',
  aliases: ['rmdir'],
  summary: 'Removes a directory.',
  help: 'Removes (deletes) a directory.\n\nRMDIR [/S] [/Q] [drive:]path\nRD [/S] [/Q] [drive:]path\n\n    /S      Removes all directories and files in the specified directory\n            in addition to the directory itself.  Used to remove a directory\n            tree.\n\n    /Q      Quiet mode, do not ask if ok to remove a directory tree with /S\n',
  keepsErrorlevel: true,
  run(args, ctx, files) {
    const { flags, rest } = switches(args);
    const bad = flags.find((f) => f !== 's' && f !== 'q');
    if (bad !== undefined) {
      ctx.err(`Invalid switch - "${bad}".`);
      return 1;
    }
    if (rest.length === 0) return syntaxError(ctx);
    let status = 0;
    for (const arg of rest) {
      const path = resolve(ctx, arg);
      const stat = files.stat(path);
      if (typeof stat === 'number' || !stat.dir) {
        const code = typeof stat === 'number' ? stat : 267;
        ctx.err(fileError(code));
        status = code;
        continue;
      }
      const cwd = ctx.state.cwd.toLowerCase();
      const self = withoutSlash(stat.path).toLowerCase();
      if (cwd === self || cwd.startsWith(self + '\\')) {
        ctx.err(fileError(32));
        status = 32;
        continue;
      }
      if (flags.includes('s') && !flags.includes('q')) return needsConfirmation(ctx, `${arg}, Are you sure (Y/N)?`, '/Q');
      const code = flags.includes('s') ? removeTree(files, stat) : files.rmdir(stat.path);
      if (code !== 0) {
        ctx.err(fileError(code));
        status = code;
      }
    }
    return status;
  },
});

export const del = fileCommand({
  name: 'del',
  aliases: ['erase'],
  summary: 'Deletes one or more files.',
  help: 'Deletes one or more files.\n\nDEL [/P] [/F] [/S] [/Q] [/A[[:]attributes]] names\nERASE [/P] [/F] [/S] [/Q] [/A[[:]attributes]] names\n\n  names         Specifies a list of one or more files or directories.\n                Wildcards may be used to delete multiple files. If a\n                directory is specified, all files within the directory\n                will be deleted.\n\n  /Q            Quiet mode, do not ask if ok to delete on global wildcard\n',
  run(args, ctx, files) {
    const { flags, rest } = switches(args);
    if (rest.length === 0) return syntaxError(ctx);
    const quiet = flags.includes('q');
    let status = 0;
    for (const arg of rest) {
      let path = resolve(ctx, arg);
      const stat = files.stat(path);
      // A directory means every file in it; '*' and '*.*' mean every file here. Both ask first.
      if (typeof stat !== 'number' && stat.dir) path = withoutSlash(stat.path) + '\\*';
      if (/^\*(\.\*)?$/.test(baseName(path)) && !quiet) return needsConfirmation(ctx, `${path}, Are you sure (Y/N)?`, '/Q');
      const targets = sources(files, path, true);
      if (typeof targets === 'number') {
        // Nothing to delete is not a failure; a path that is not there is.
        if (targets === 2) ctx.err(`Could Not Find ${path}`);
        else {
          ctx.err(fileError(targets));
          status = 1;
        }
        continue;
      }
      for (const f of targets) {
        const code = files.remove(f.path);
        if (code !== 0) {
          ctx.err(`${f.path}\n${fileError(code)}`);
          status = 1;
        }
      }
    }
    return status;
  },
});

/** The file a copy or move of `src` to `dest` writes: into `dest` when it is a directory. */
function destination(files: ConsoleFiles, src: FileInfo, dest: string): string {
  const d = files.stat(dest);
  return typeof d !== 'number' && d.dir ? withoutSlash(d.path) + '\\' + baseName(src.path) : dest;
}

export const copy = fileCommand({
  name: 'copy',
  summary: 'Copies one or more files to another location.',
  help: 'Copies one or more files to another location.\n\nCOPY [/Y | /-Y] source [destination]\n\n  source       Specifies the file or files to be copied.\n  destination  Specifies the directory and/or filename for the new file(s).\n  /Y           Suppresses prompting to confirm you want to overwrite an\n               existing destination file.\n',
  run(args, ctx, files) {
    const { flags, rest } = switches(args);
    const overwrite = flags.includes('y');
    if (rest.length === 0 || rest.length > 2) return syntaxError(ctx);
    const destArg = rest[1] ?? '.';
    const dest = resolve(ctx, destArg);
    if (DEVICE.test(baseName(rest[0]))) {
      // COPY NUL file makes an empty file.
      const code = DEVICE.exec(baseName(rest[0]))?.[1].toLowerCase() === 'nul' ? files.write(dest, '', false) : 2;
      if (code !== 0) {
        ctx.err(fileError(code));
        ctx.out('        0 file(s) copied.');
        return 1;
      }
      ctx.out('        1 file(s) copied.');
      return 0;
    }
    const found = sources(files, resolve(ctx, rest[0]), true);
    if (typeof found === 'number') {
      ctx.err(fileError(found));
      ctx.out('        0 file(s) copied.');
      return 1;
    }
    let copied = 0;
    for (const src of found) {
      const to = destination(files, src, dest);
      if (sameFile(to, src.path)) {
        ctx.err('The file cannot be copied onto itself.');
        continue;
      }
      if (typeof files.stat(to) !== 'number' && !overwrite) {
        needsConfirmation(ctx, `Overwrite ${to}? (Yes/No/All):`, '/Y');
        continue;
      }
      if (hasWildcards(rest[0])) ctx.out(baseName(src.path));
      const code = files.copy(src.path, to);
      if (code !== 0) ctx.err(fileError(code));
      else copied++;
    }
    ctx.out(`${String(copied).padStart(9)} file(s) copied.`);
    return copied > 0 ? 0 : 1;
  },
});

export const ren = fileCommand({
  name: 'ren',
  aliases: ['rename'],
  summary: 'Renames a file or files.',
  help: 'Renames a file or files.\n\nRENAME [drive:][path]filename1 filename2.\nREN [drive:][path]filename1 filename2.\n\nNote that you cannot specify a new drive or path for your destination file.\n',
  run(args, ctx, files) {
    if (args.length !== 2 || /[\\/:]/.test(args[1])) return syntaxError(ctx);
    const from = resolve(ctx, args[0]);
    const stat = files.stat(from);
    if (typeof stat === 'number') {
      ctx.err(fileError(stat));
      return 1;
    }
    const code = files.rename(stat.path, withoutSlash(parentDir(stat.path)) + '\\' + args[1]);
    if (code !== 0) {
      ctx.err(code === 183 ? 'A duplicate file name exists, or the file\ncannot be found.' : fileError(code));
      return 1;
    }
    return 0;
  },
});

export const move = fileCommand({
  name: 'move',
  summary: 'Moves one or more files from one directory to another directory.',
  help: 'Moves files and renames files and directories.\n\nTo move one or more files:\nMOVE [/Y | /-Y] [drive:][path]filename1[,...] destination\n\nTo rename a directory:\nMOVE [/Y | /-Y] [drive:][path]dirname1 dirname2\n\n  /Y           Suppresses prompting to confirm you want to overwrite an\n               existing destination file.\n',
  run(args, ctx, files) {
    const { flags, rest } = switches(args);
    if (rest.length !== 2) return syntaxError(ctx);
    const found = sources(files, resolve(ctx, rest[0]), false);
    if (typeof found === 'number') {
      ctx.err(fileError(found));
      return 1;
    }
    const dest = resolve(ctx, rest[1]);
    let moved = 0;
    let dirs = 0;
    for (const src of found) {
      const to = destination(files, src, dest);
      const existing = files.stat(to);
      if (typeof existing !== 'number' && !sameFile(existing.path, src.path)) {
        if (existing.dir || src.dir) {
          ctx.err(fileError(5));
          continue;
        }
        if (!flags.includes('y')) {
          needsConfirmation(ctx, `Overwrite ${to}? (Yes/No/All):`, '/Y');
          continue;
        }
        files.remove(existing.path);
      }
      let code = files.rename(src.path, to);
      // MoveFileEx with MOVEFILE_COPY_ALLOWED: onto another drive a file is copied and then deleted; a directory cannot be copied.
      if (code === ERROR_NOT_SAME_DEVICE) code = src.dir ? ERROR_ACCESS_DENIED : files.copy(src.path, to) || files.remove(src.path);
      if (code !== 0) ctx.err(fileError(code));
      else if (src.dir) dirs++;
      else moved++;
    }
    if (moved + dirs === 0) return 1;
    ctx.out(dirs > 0 && moved === 0 ? `${String(dirs).padStart(9)} dir(s) moved.` : `${String(moved).padStart(9)} file(s) moved.`);
    return 0;
  },
});

export const fileOps: readonly ConsoleCommand[] = [md, rd, del, copy, ren, move];
