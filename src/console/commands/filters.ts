/** Text filters for pipes and files: FINDSTR, FIND, MORE and SORT, as cmd.exe users know them. */
import { fullPathOf } from '../drives.ts';
import { ERROR_SUCCESS, type CommandContext, type ConsoleCommand } from '../command.ts';
import { compileFindstr } from './findstr-regex.ts';

/** Lines of a text, without the empty piece after a final line end. */
function lines(text: string): string[] {
  const parts = text.replace(/\r\n/g, '\n').split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

const DEVICE = /^(con|nul|prn|aux|com[1-9]|lpt[1-9])(\..*)?$/i;

/** Each tool's own words for a file it cannot read. */
const CANNOT_OPEN: Record<string, (file: string, path: string) => string> = {
  find: (file) => `File not found - ${file.toUpperCase()}`,
  findstr: (file) => `FINDSTR: Cannot open ${file}`,
  more: (_file, path) => `Cannot access file ${path}`,
  sort: () => 'The system cannot find the file specified.',
};

/** The inputs to read: the named files, or what was piped in; null when one cannot be read (sort, more). */
function inputs(files: readonly string[], ctx: CommandContext, tool: 'find' | 'findstr' | 'more' | 'sort'): { name: string | null; text: string }[] | null {
  if (files.length === 0) return ctx.stdin === null ? [] : [{ name: null, text: ctx.stdin }];
  const out: { name: string | null; text: string }[] = [];
  for (const file of files) {
    const path = fullPathOf(ctx.state, file);
    const text = DEVICE.test(file) ? '' : (ctx.files?.read(path) ?? 2);
    if (typeof text === 'number') {
      ctx.err(CANNOT_OPEN[tool](file, path));
      if (tool === 'sort') return null;
    } else out.push({ name: file, text });
  }
  return out;
}

type FindstrSwitch = 'begin' | 'end' | 'exact' | 'ignoreCase' | 'invert' | 'number' | 'names' | 'literal' | 'regex' | 'offset';

const FINDSTR_SWITCHES = new Map<string, FindstrSwitch>([
  ['b', 'begin'],
  ['e', 'end'],
  ['x', 'exact'],
  ['i', 'ignoreCase'],
  ['v', 'invert'],
  ['n', 'number'],
  ['m', 'names'],
  ['l', 'literal'],
  ['r', 'regex'],
  ['o', 'offset'],
]);

export const findstr: ConsoleCommand = {
  name: 'findstr',
  summary: 'Searches for strings in files.',
  help: `Searches for strings in files.

FINDSTR [/B] [/E] [/L] [/R] [/I] [/X] [/V] [/N] [/M] [/O] [/C:string] strings [[drive:][path]filename[ ...]]

  /B         Matches pattern if at the beginning of a line.
  /E         Matches pattern if at the end of a line.
  /L         Uses search strings literally.
  /R         Uses search strings as regular expressions.
  /I         Specifies that the search is not to be case-sensitive.
  /X         Prints lines that match exactly.
  /V         Prints only lines that do not contain a match.
  /N         Prints the line number before each line that matches.
  /M         Prints only the filename if a file contains a match.
  /O         Prints character offset before each matching line.
  /C:string  Uses specified string as a literal search string.
  strings    Text to be searched for.

Use spaces to separate multiple search strings unless the argument is prefixed
with /C.  For example, 'FINDSTR "hello there" x.y' searches for "hello" or
"there" in file x.y.  'FINDSTR /C:"hello there" x.y' searches for
"hello there" in file x.y.

Regular expression quick reference:
  .        Wildcard: any character
  *        Repeat: zero or more occurrences of previous character or class
  ^        Line position: beginning of line
  $        Line position: end of line
  [class]  Character class: any one character in set
  [^class] Inverse class: any one character not in set
  [x-y]    Range: any characters within the specified range
  \\x       Escape: literal use of metacharacter x
  \\<xyz    Word position: beginning of word
  xyz\\>    Word position: end of word
`,
  run(args, ctx) {
    const flags = {
      begin: false,
      end: false,
      exact: false,
      ignoreCase: false,
      invert: false,
      number: false,
      names: false,
      literal: false,
      regex: false,
      offset: false,
    };
    const strings: string[] = [];
    let literalStrings = false;
    const rest: string[] = [];
    for (const arg of args) {
      const c = /^\/c:(.*)$/is.exec(arg);
      if (c) {
        strings.push(c[1]);
        literalStrings = true;
      } else if (/^\/[a-z]+$/i.test(arg) && rest.length === 0 && (strings.length === 0 || literalStrings)) {
        for (const letter of arg.slice(1).toLowerCase()) {
          const key = FINDSTR_SWITCHES.get(letter);
          if (key) flags[key] = true;
          else ctx.err(`FINDSTR: /${letter.toUpperCase()} ignored`);
        }
      } else rest.push(arg);
    }
    if (strings.length === 0) {
      const first = rest.shift();
      if (first === undefined) {
        ctx.err('FINDSTR: Bad command line');
        return 2;
      }
      strings.push(...first.split(' ').filter(Boolean));
    }
    const useRegex = flags.regex || (!flags.literal && !literalStrings);
    // FINDSTR refuses search strings longer than it can compile (254 bytes as a regular expression, 511 literally).
    if (strings.some((str) => str.length > (useRegex ? 254 : 511))) {
      ctx.err('FINDSTR: Search string too long.');
      return 2;
    }
    const patterns = strings.map((str) => compileFindstr(str, useRegex, flags));
    const sources = inputs(rest, ctx, 'findstr') ?? [];
    let found = false;
    for (const source of sources) {
      let fileMatched = false;
      let offset = 0;
      lines(source.text).forEach((line, i) => {
        const at = offset;
        offset += line.length + 2;
        const hit = patterns.some((p) => p.test(line));
        if (hit === flags.invert) return;
        found = true;
        if (flags.names) {
          if (!fileMatched && source.name) ctx.out(source.name);
          fileMatched = true;
          return;
        }
        const prefix = (rest.length > 1 && source.name ? source.name + ':' : '') + (flags.number ? `${i + 1}:` : '') + (flags.offset ? `${at}:` : '');
        ctx.out(prefix + line);
      });
    }
    return found ? ERROR_SUCCESS : 1;
  },
};

export const find: ConsoleCommand = {
  name: 'find',
  summary: 'Searches for a text string in a file or files.',
  help: `Searches for a text string in a file or files.

FIND [/V] [/C] [/N] [/I] "string" [[drive:][path]filename[ ...]]

  /V         Displays all lines NOT containing the specified string.
  /C         Displays only the count of lines containing the string.
  /N         Displays line numbers with the displayed lines.
  /I         Ignores the case of characters when searching for the string.
  "string"   Specifies the text string to find.
  [drive:][path]filename
             Specifies a file or files to search.

If a path is not specified, FIND searches the text typed at the prompt
or piped from another command.
`,
  run(args, ctx) {
    const flags = { v: false, c: false, n: false, i: false };
    let i = 0;
    for (; i < args.length && /^\/[vcni]$/i.test(args[i]); i++) flags[args[i][1].toLowerCase() as 'v'] = true;
    // The string must be quoted on the command line.
    const raw = ctx.rest.trim().replace(/^(\/[vcni]\s+)*/i, '');
    if (i >= args.length || !raw.startsWith('"')) {
      ctx.err('FIND: Parameter format not correct');
      return 2;
    }
    const needle = flags.i ? args[i].toLowerCase() : args[i];
    const files = args.slice(i + 1);
    let found = false;
    for (const source of inputs(files, ctx, 'find') ?? []) {
      // An empty string matches no line, so FIND /V "" matches every line (the usual way to count lines).
      const matching = lines(source.text)
        .map((line, n) => ({ line, n: n + 1 }))
        .filter(({ line }) => (needle !== '' && (flags.i ? line.toLowerCase() : line).includes(needle)) !== flags.v);
      if (matching.length > 0) found = true;
      if (source.name !== null) {
        ctx.out('');
        ctx.host.write(`---------- ${source.name.toUpperCase()}${flags.c ? `: ${matching.length}\n` : '\n'}`);
        if (flags.c) continue;
      } else if (flags.c) {
        ctx.out(String(matching.length));
        continue;
      }
      for (const m of matching) ctx.out((flags.n ? `[${m.n}]` : '') + m.line);
    }
    return found ? ERROR_SUCCESS : 1;
  },
};

export const more: ConsoleCommand = {
  name: 'more',
  summary: 'Displays output one screen at a time.',
  help: `Displays output one screen at a time.

MORE [drive:][path]filename
command-name | MORE

(In the lab the terminal scrolls, so MORE shows everything at once.)
`,
  run(args, ctx) {
    const bad = args.find((a) => /^\/./.test(a) && !/^\/[ecpst]\d*$/i.test(a));
    if (bad) {
      ctx.err(`Invalid switch - ${bad.slice(1)}`);
      return 1;
    }
    for (const source of inputs(
      args.filter((a) => !a.startsWith('/')),
      ctx,
      'more',
    ) ?? [])
      for (const line of lines(source.text)) ctx.out(line);
    return ERROR_SUCCESS;
  },
};

export const sort: ConsoleCommand = {
  name: 'sort',
  summary: 'Sorts input.',
  help: `Sorts input.

SORT [/R] [[drive1:][path1]filename1]

  /R         Reverses the sort order; that is, sorts Z to A, then 9 to 0.
  [drive1:][path1]filename1
             Specifies the file to be sorted.  If not specified, the standard
             input is sorted.
`,
  run(args, ctx) {
    const bad = args.find((a) => a.startsWith('/') && !/^\/(r|reverse|\+\d+|l:?c|locale:?c)$/i.test(a));
    if (bad) {
      ctx.err('Invalid switch.');
      return 1;
    }
    const reverse = args.some((a) => /^\/r(everse)?$/i.test(a));
    const files = args.filter((a) => !a.startsWith('/'));
    if (files.length > 1) {
      ctx.err('Invalid parameter.');
      return 1;
    }
    const read = inputs(files, ctx, 'sort');
    if (!read) return 1;
    const all = read.flatMap((s) => lines(s.text));
    all.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    if (reverse) all.reverse();
    for (const line of all) ctx.out(line);
    return ERROR_SUCCESS;
  },
};

export const filters: readonly ConsoleCommand[] = [findstr, find, more, sort];
