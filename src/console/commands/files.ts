/** cmd.exe's DIR, TYPE, CD/CHDIR and VOL over the machine's files (the ConsoleFiles interface). */
import { baseName, parentDir } from '../../kernel/fs/files.ts';
import type { CommandContext, ConsoleCommand, ConsoleFiles, FileInfo } from '../command.ts';
import { fileOps } from './fileops.ts';
import { mklink } from './mklink.ts';
import { DEVICE, fileCommand, fileError, hasWildcards, nameMatches, resolve, shownDir, switches, syntaxError, withoutSlash } from './fsutil.ts';
import { dirTime } from './ntcommon.ts';
import { where } from './where.ts';
import { driveOf, fullPathOf, setCurrentDirectory, setDriveDirectory } from '../drives.ts';
import { kernelOf } from '../../kernel/nt.ts';
import { isDevicePath, readDevice } from '../devices.ts';

const num = (n: number) => n.toLocaleString('en-US');

/**
 * The start of a PE image as the Windows console shows it (code page 437 glyphs for the
 * bytes 4D 5A 90 03 04 FF FF B8 40 0E 1F BA 0E B4 09 CD 21 B8 01 4C CD 21 and the stub text).
 * Raw C0/C1 control characters must not reach the terminal: 0x0E would switch xterm to
 * its G1 character set and 0x90 would open a device control string.
 */
const PE_HEADER_AS_SHOWN =
  'MZ\u00c9\u2665\u2666\u00a0\u00a0\u2555@\u266b\u25bc\u2551\u266b\u2524\t\u2550!\u2555\u263aL\u2550!This program cannot be run in DOS mode.';

function volumeHeader(ctx: CommandContext, files: ConsoleFiles, drive: string): boolean {
  const vol = files.volume(drive);
  if (!vol) {
    ctx.err('The system cannot find the path specified.');
    return false;
  }
  ctx.out(vol.label ? ` Volume in drive ${drive[0].toUpperCase()} is ${vol.label}` : ` Volume in drive ${drive[0].toUpperCase()} has no label.`);
  ctx.out(` Volume Serial Number is ${vol.serial}`);
  return true;
}

/** DIR /A's attribute filter: d (directories), -d (files); the machine's files have no H, S or R. */
function attributeFilter(spec: string): ((f: FileInfo) => boolean) | null {
  const want = spec.replace(/^:/, '');
  let filter: (f: FileInfo) => boolean = () => true;
  for (const m of want.matchAll(/(-?)([a-z])/g)) {
    const not = m[1] === '-';
    const prev = filter;
    switch (m[2]) {
      case 'd':
        filter = (f) => prev(f) && f.dir !== not;
        break;
      case 'a':
        filter = (f) => prev(f) && !f.dir !== not;
        break;
      case 'h':
      case 's':
      case 'r':
      case 'i':
      case 'l':
        filter = (f) => prev(f) && not;
        break;
      default:
        return null;
    }
  }
  return filter;
}

interface DirOptions {
  bare: boolean;
  recurse: boolean;
  /** /R: each file's alternate data streams under it. */
  streams: boolean;
  /** Only these entries (DIR without /A hides hidden and system files; this machine has none). */
  filter: (f: FileInfo) => boolean;
}

interface Totals {
  files: number;
  dirs: number;
  bytes: number;
}

/** The lines DIR puts before a directory's entries. */
function heading(ctx: CommandContext, path: string): void {
  ctx.out('');
  ctx.out(` Directory of ${shownDir(path)}`);
  ctx.out('');
}

/** List one directory (and with /S its subdirectories); returns whether anything matched. */
function listDir(ctx: CommandContext, files: ConsoleFiles, dir: FileInfo, pattern: string | null, opts: DirOptions, totals: Totals): boolean {
  // Iterative, so a deep tree costs no call stack.
  const queue: FileInfo[] = [dir];
  let any = false;
  while (queue.length > 0) {
    const current = queue.shift() as FileInfo;
    // FindFirstFile with the pattern (the file system matches it); /S lists every subdirectory besides.
    const entries = files.list(current.path, pattern ?? '*');
    if (typeof entries === 'number') continue;
    const shown = entries.filter((f) => (pattern === null || nameMatches(pattern, baseName(f.path))) && opts.filter(f));
    if (opts.recurse) {
      const all = pattern === null ? entries : files.list(current.path);
      if (typeof all !== 'number') queue.unshift(...all.filter((f) => f.dir));
    }
    const isRoot = current.path.length <= 3;
    const dots = pattern === null && !isRoot && opts.filter({ ...current, dir: true });
    if (shown.length === 0 && !(dots && !opts.recurse)) continue;
    any = true;
    const fileRows = shown.filter((f) => !f.dir);
    const bytes = fileRows.reduce((s, f) => s + f.size, 0);
    totals.files += fileRows.length;
    totals.bytes += bytes;
    if (opts.bare) {
      for (const f of shown) ctx.out(opts.recurse ? f.path : baseName(f.path));
      continue;
    }
    heading(ctx, current.path);
    const rows: [number, string, string][] = [];
    if (dots) rows.push([current.written, '<DIR>', '.'], [current.written, '<DIR>', '..']);
    for (const f of shown) rows.push([f.written, f.dir ? '<DIR>' : num(f.size), baseName(f.path)]);
    for (const [t, size, name] of rows) {
      ctx.out(`${dirTime(t)}    ${size === '<DIR>' ? '<DIR>          ' : size.padStart(14) + ' '}${name}`);
      if (!opts.streams || size === '<DIR>') continue;
      // FindFirstStreamW / FindNextStreamW: the named streams, under the file, without a date.
      const streams = files.streams(`${withoutSlash(current.path)}\\${name}`);
      if (typeof streams !== 'number') for (const st of streams) ctx.out(`${' '.repeat(24)}${num(st.size).padStart(14)} ${name}:${st.name}`);
    }
    const dirCount = rows.length - fileRows.length;
    totals.dirs += dirCount;
    ctx.out(`${String(fileRows.length).padStart(16)} File(s) ${num(bytes).padStart(14)} bytes`);
    if (!opts.recurse)
      ctx.out(`${String(dirCount).padStart(16)} Dir(s)  ${num(files.volume(current.path.slice(0, 2))?.freeBytes ?? 0).padStart(14)} bytes free`);
  }
  return any;
}

export const dir = fileCommand({
  name: 'dir',
  summary: 'Displays a list of files and subdirectories in a directory.',
  help: `Displays a list of files and subdirectories in a directory.

DIR [drive:][path][filename] [/A[[:]attributes]] [/B] [/R] [/S]

  [drive:][path][filename]
              Specifies drive, directory, and/or files to list.
              A filename may contain * and ? wildcards.
  /A          Displays files with specified attributes.
  attributes   D  Directories                R  Read-only files
               H  Hidden files               A  Files ready for archiving
               S  System files               -  Prefix meaning not
  /B          Uses bare format (no heading information or summary).
  /R          Display alternate data streams of the file.
  /S          Displays files in specified directory and all subdirectories.
`,
  run(args, ctx, files) {
    const { flags, rest } = switches(args);
    const opts: DirOptions = { bare: false, recurse: false, streams: false, filter: () => true };
    for (const flag of flags) {
      if (flag === 'b') opts.bare = true;
      else if (flag === 's') opts.recurse = true;
      else if (flag === 'r') opts.streams = true;
      else if (flag.startsWith('a')) {
        const filter = attributeFilter(flag.slice(1));
        if (!filter) {
          ctx.err(`Parameter format not correct - "${flag.slice(1).replace(/^:/, '')}".`);
          return 1;
        }
        opts.filter = filter;
      } else if (!/^(-?[opqnlcwx]|o:?-?[a-z]*|t:?[cwa]?|-c)$/.test(flag)) {
        ctx.err(`Invalid switch - "${flag}".`);
        return 1;
      }
    }
    const targets = rest.length > 0 ? rest : ['.'];
    const drive = resolve(ctx, targets[0]).slice(0, 2);
    let status = 0;
    let headed = false;
    const totals: Totals = { files: 0, dirs: 0, bytes: 0 };
    for (const target of targets) {
      let path = resolve(ctx, target);
      let pattern: string | null = null;
      const stat = files.stat(path);
      if (typeof stat === 'number' || !stat.dir) {
        pattern = baseName(path);
        path = parentDir(path);
      }
      const where = files.stat(path);
      if (!headed && !opts.bare) {
        if (!volumeHeader(ctx, files, drive)) return 1;
        headed = true;
      }
      if (typeof where === 'number' || !where.dir) {
        if (!opts.bare) ctx.out('');
        // The directory of the listing is missing: a path error, whatever the code.
        ctx.err(fileError(typeof where === 'number' && where !== 2 ? where : 3));
        status = 1;
        continue;
      }
      const found = listDir(ctx, files, where, pattern, opts, totals);
      status = found ? 0 : 1;
      if (!found) {
        if (!opts.bare && !opts.recurse && pattern !== null) {
          heading(ctx, where.path);
        }
        ctx.err('File Not Found');
      }
    }
    if (opts.recurse && !opts.bare && totals.files + totals.dirs > 0) {
      ctx.out('');
      ctx.out('     Total Files Listed:');
      ctx.out(`${String(totals.files).padStart(16)} File(s) ${num(totals.bytes).padStart(14)} bytes`);
      ctx.out(`${String(totals.dirs).padStart(16)} Dir(s)  ${num(files.volume(drive)?.freeBytes ?? 0).padStart(14)} bytes free`);
    }
    return status;
  },
});

export const type = fileCommand({
  name: 'type',
  summary: 'Displays the contents of a text file.',
  help: 'Displays the contents of a text file or files.\n\nTYPE [drive:][path]filename\n',
  run(args, ctx, files) {
    if (args.length === 0) return syntaxError(ctx);
    let status = 0;
    for (const arg of args) {
      const device = DEVICE.exec(baseName(arg));
      if (device) {
        const name = device[1].toLowerCase();
        if (name === 'con') ctx.err('lab: TYPE CON reads lines typed until Ctrl+Z, which this console cannot give it.');
        else if (name !== 'nul') {
          ctx.err(fileError(2));
          status = 1;
        }
        continue;
      }
      const k = kernelOf(ctx.machine);
      if (k && isDevicePath(arg)) {
        const read = readDevice(k, arg);
        if (typeof read === 'number') {
          ctx.err(fileError(read));
          status = 1;
        } else {
          ctx.host.write(read.text === '' || read.text.endsWith('\n') ? read.text : read.text + '\n');
          if (read.pending) ctx.err('lab: the read is still pending in the driver; on Windows TYPE would wait here until Ctrl+C.');
        }
        continue;
      }
      const path = resolve(ctx, arg);
      const found = hasWildcards(baseName(path)) ? files.list(parentDir(path)) : files.stat(path);
      const entries =
        typeof found === 'number'
          ? found
          : (Array.isArray(found) ? found : [found]).filter((f) => !hasWildcards(baseName(path)) || (!f.dir && nameMatches(baseName(path), baseName(f.path))));
      if (typeof entries === 'number' || entries.length === 0) {
        ctx.err(fileError(typeof entries === 'number' ? entries : 2));
        status = 1;
        continue;
      }
      for (const f of entries) {
        if (f.dir) {
          ctx.err(fileError(5));
          status = 1;
          continue;
        }
        if (entries.length > 1 || args.length > 1) ctx.err(`\n${baseName(f.path)}\n\n`);
        if (f.binary) {
          ctx.out(PE_HEADER_AS_SHOWN);
          continue;
        }
        const text = files.read(f.path);
        if (typeof text === 'number') {
          ctx.err(fileError(text));
          status = 1;
        } else ctx.host.write(text === '' || text.endsWith('\n') ? text : text + '\n');
      }
    }
    return status;
  },
});

export const cd = fileCommand({
  name: 'cd',
  aliases: ['chdir'],
  summary: 'Displays the name of or changes the current directory.',
  help: 'Displays the name of or changes the current directory.\n\nCHDIR [/D] [drive:][path]\nCHDIR [..]\nCD [/D] [drive:][path]\nCD [..]\n\n  ..   Specifies that you want to change to the parent directory.\n\nType CD drive: to display the current directory in the specified drive.\nType CD without parameters to display the current drive and directory.\n\nUse the /D switch to change current drive in addition to changing current\ndirectory for a drive.\n',
  run(_args, ctx, files) {
    // CD takes the rest of the line as one path (spaces and all, quotes removed); /D changes the current drive too.
    const switchDrive = /^\s*\/d(\s+|$)/i.exec(ctx.rest);
    const typed = (switchDrive ? ctx.rest.slice(switchDrive[0].length) : ctx.rest).replace(/"/g, '').trim();
    if (typed === '') {
      ctx.out(ctx.state.cwd);
      return 0;
    }
    const target = fullPathOf(ctx.state, typed);
    if (!files.volume(driveOf(target))) {
      ctx.err('The system cannot find the drive specified.');
      return 1;
    }
    if (/^[a-z]:$/i.test(typed) && !switchDrive) {
      // 'cd X:' shows the current directory of that drive; it changes nothing.
      ctx.out(target);
      return 0;
    }
    const stat = files.stat(target);
    if (typeof stat === 'number' || !stat.dir) {
      ctx.err(typeof stat === 'number' ? fileError(3) : fileError(267));
      return 1;
    }
    // Without /D a directory on another drive becomes that drive's current directory only.
    (switchDrive ? setCurrentDirectory : setDriveDirectory)(ctx.state, shownDir(stat.path));
    return 0;
  },
});

export const vol = fileCommand({
  name: 'vol',
  summary: 'Displays a disk volume label and serial number.',
  help: 'Displays the disk volume label and serial number, if they exist.\n\nVOL [drive:]\n',
  run(args, ctx, files) {
    if (args.length > 1 || (args.length === 1 && !/^[a-z]:\\?$/i.test(args[0]))) {
      ctx.err(args[0]?.startsWith('/') ? `Invalid switch - ${args[0].slice(1)}` : fileError(123));
      return 1;
    }
    const drive = args[0]?.slice(0, 2) ?? ctx.state.cwd.slice(0, 2);
    return volumeHeader(ctx, files, drive) ? 0 : 1;
  },
});

export const fileCommands: readonly ConsoleCommand[] = [dir, type, cd, vol, ...fileOps, mklink, where];
