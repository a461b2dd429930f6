/** `lm` (with its options), `ln`, `x` and `.reload`: modules and symbols. */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, addrFor, hex } from '../format.ts';
import { moduleAt, symbolAt, symbolText, wildcard } from '../symbols.ts';
import type { Wildcard } from '../wildcard.ts';
import type { Module, SymbolDef } from '../target.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon Jul 13 23:19:59 2009` from a PE timestamp (UTC). */
export function timestampText(ts: number): string {
  const d = new Date(ts * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function status(c: CommandContext, m: Module): { text: string; path: string } {
  if (!m.pdb) return { text: '(no symbols)', path: '' };
  return c.session.loaded.has(m.name.toLowerCase()) ? { text: '(pdb symbols)', path: m.pdb } : { text: '(deferred)', path: '' };
}

function row(c: CommandContext, m: Module): string {
  const st = status(c, m);
  // x86: eight-digit addresses, and the name in eight columns before three blanks.
  if (c.session.target.arch === 'x86')
    return `${addrFor('x86', m.base)} ${addrFor('x86', m.base + BigInt(m.size))}   ${m.name.padEnd(8)}   ${st.text.padEnd(22)} ${st.path}`;
  return `${addr64(m.base)} ${addr64(m.base + BigInt(m.size))}   ${m.name.padEnd(10)} ${st.text.padEnd(22)} ${st.path}`;
}

function verbose(c: CommandContext, m: Module): string[] {
  const loaded = c.session.loaded.has(m.name.toLowerCase());
  return [
    ...(loaded ? [`    Loaded symbol image file: ${m.image}`] : []),
    `    Image path: ${m.path}`,
    `    Image name: ${m.image}`,
    `    Timestamp:        ${timestampText(m.timestamp)} (${hex(m.timestamp, 8).toUpperCase()})`,
    `    CheckSum:         ${hex(m.checksum, 8).toUpperCase()}`,
    `    ImageSize:        ${hex(m.size, 8).toUpperCase()}`,
    '    Translations:     0000.04b0 0000.04e4 0409.04b0 0409.04e4',
  ];
}

export const lm: KdCommand = {
  verbs: ['lm'],
  run(c) {
    const s = c.session;
    let opts = c.verb.slice(2).replace(/sm/i, 'S');
    let pattern: Wildcard | null = null;
    let at: bigint | null = null;
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      let wantPattern = /m$/i.test(opts) && !/1m$/i.test(opts);
      if (wantPattern) opts = opts.slice(0, -1);
      while (i < c.line.length || wantPattern) {
        if (wantPattern) {
          const w = /^\S+/.exec(c.line.slice(i))?.[0];
          if (!w) return caretError(c, c.line.length - 1, 'Syntax');
          pattern = wildcard(w);
          i = skipBlanks(c.line, i + w.length);
          wantPattern = false;
          continue;
        }
        const w = /^\S+/.exec(c.line.slice(i))?.[0] ?? '';
        if (/^sm$/i.test(w)) {
          // sm: sort by name (not the m that takes a pattern).
          opts += 'S';
          i = skipBlanks(c.line, i + w.length);
        } else if (/^m$/i.test(w)) {
          wantPattern = true;
          i = skipBlanks(c.line, i + 1);
        } else if (w === 'a') {
          const r = s.evaluate(c.line, skipBlanks(c.line, i + 1));
          at = r.value;
          i = skipBlanks(c.line, r.end);
        } else if (/^[vkulo1sentf]+m?$/i.test(w)) {
          const pat = /m$/i.test(w) && !/1m$/i.test(w);
          opts += pat ? w.slice(0, -1) : w;
          if (pat) wantPattern = true;
          i = skipBlanks(c.line, i + w.length);
        } else return caretError(c, i, 'Syntax');
      }
      if (!/^[vkulo1sentfmS]*$/i.test(opts)) return caretError(c, 2, 'Syntax');
      const byName = opts.includes('S');
      const o = opts.replace('S', '').toLowerCase();
      let list = s.target.modules().filter((m) => m.listed !== false && (o.includes('k') ? !m.user : o.includes('u') ? m.user : true));
      if (o.includes('l')) list = list.filter((m) => s.loaded.has(m.name.toLowerCase()));
      // e: only modules with a symbol problem (none found); deferred is not a problem.
      if (o.includes('e')) list = list.filter((m) => m.pdb === null);
      const re: Wildcard | null = pattern;
      if (re) list = list.filter((m) => re.test(m.name));
      if (at !== null) {
        const hit = moduleAt(s.target, at);
        list = list.filter((m) => m === hit);
      }
      if (o.includes('1m')) {
        c.out.push(...list.map((m) => m.name));
        return true;
      }
      c.out.push(s.target.arch === 'x86' ? 'start    end        module name' : 'start             end                 module name');
      const order = byName
        ? (a: Module, b: Module): number => a.name.toLowerCase().localeCompare(b.name.toLowerCase())
        : (a: Module, b: Module): number => (a.base < b.base ? -1 : 1);
      for (const m of [...list].sort(order)) {
        c.out.push(row(c, m));
        if (o.includes('v')) c.out.push(...verbose(c, m));
      }
      return true;
    });
  },
};

/** What public symbols say about a symbol: functions have no parameter info, variables no type. */
function symbolInfo(sym: SymbolDef): string {
  return sym.kind === 'data' ? '= <no type information>' : '(<no parameter info>)';
}

export const ln: KdCommand = {
  verbs: ['ln'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      const a = i < c.line.length ? s.evaluate(c.line, i) : { value: s.context().regs.rip, end: i };
      if (skipBlanks(c.line, a.end) < c.line.length) return caretError(c, skipBlanks(c.line, a.end), 'Syntax');
      noteAddress(c, a.value);
      const hit = symbolAt(s.target, a.value);
      if (!hit || !hit.symbol) return true;
      s.touch(hit.module);
      const start = hit.module.base + BigInt(hit.symbol.rva);
      const name = `${hit.module.name}!${symbolText(hit.symbol.name)}`;
      const here = `(${addr64(start)})   ${name}${hit.offset === 0n ? '' : `+0x${hex(hit.offset)}`}`;
      const next = hit.module.symbols.find((x) => x.rva > hit.symbol!.rva);
      c.out.push(next ? `${here}   |  (${addr64(hit.module.base + BigInt(next.rva))})   ${hit.module.name}!${symbolText(next.name)}` : here);
      if (hit.offset === 0n) c.out.push('Exact matches:', `    ${name} ${symbolInfo(hit.symbol)}`);
      return true;
    });
  },
};

export const x: KdCommand = {
  verbs: ['x'],
  run(c) {
    const s = c.session;
    let i = skipBlanks(c.line, c.argsStart);
    while (/^\/[a-z0-9]+/i.test(c.line.slice(i))) i = skipBlanks(c.line, i + (/^\S+/.exec(c.line.slice(i))?.[0].length ?? 1));
    const arg = c.line.slice(i).trim();
    if (arg === '') return caretError(c, c.line.length - 1, 'Syntax');
    const bang = arg.indexOf('!');
    if (bang < 0) return true;
    const modRe = wildcard(arg.slice(0, bang) || '*');
    // In a symbol pattern a leading underscore stands for any number of underscores, none included.
    const symPattern = arg.slice(bang + 1) || '*';
    const symRe = wildcard(symPattern.startsWith('_') ? `_#${symPattern.slice(1)}` : symPattern);
    const hits: { address: bigint; text: string }[] = [];
    for (const m of s.target.modules()) {
      if (!modRe.test(m.name)) continue;
      const found = m.symbols.filter((sym) => symRe.test(sym.name));
      if (found.length > 0) s.touch(m);
      for (const sym of found) {
        const address = m.base + BigInt(sym.rva);
        hits.push({ address, text: `${addr64(address)} ${m.name}!${symbolText(sym.name)} ${symbolInfo(sym)}` });
      }
    }
    hits.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    c.out.push(...hits.map((h) => h.text));
    return true;
  },
};

function dots(n: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < n; k += 64) lines.push('.'.repeat(Math.min(64, n - k)));
  return lines;
}

export const reload: KdCommand = {
  verbs: ['.reload'],
  run(c) {
    const s = c.session;
    const words = c.line
      .slice(c.argsStart)
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    const force = words.some((w) => /^\/f$/i.test(w));
    const user = words.some((w) => /^\/user$/i.test(w));
    const names = words.filter((w) => !w.startsWith('/'));
    const bad = words.find((w) => w.startsWith('/') && !/^\/(f|user|n|v|i)$/i.test(w));
    if (bad) return caretError(c, c.line.indexOf(bad), 'Syntax');
    const kernel = s.target.modules().filter((m) => !m.user);
    if (names.length > 0) {
      for (const n of names) {
        const base = n.replace(/\.(sys|exe|dll)$/i, '');
        const m = s.target.modules().find((x) => x.name.toLowerCase() === base.toLowerCase() || x.image.toLowerCase() === n.toLowerCase());
        if (!m) {
          c.out.push(
            `"${n}" was not found in the image list.`,
            'Debugger will attempt to load "' + n + '" at given base 00000000`00000000.',
            '',
            'Please provide the full image name, including the extension (i.e. kernel32.dll)',
            'for more reliable results.Base address and size overrides can be given as',
            '.reload <image.ext>=<base>,<size>.',
            'Unable to add module at 00000000`00000000',
          );
          return false;
        }
        if (force) s.touch(m);
        else s.loaded.delete(m.name.toLowerCase());
      }
      return true;
    }
    if (!user) {
      c.out.push('Loading Kernel Symbols', ...dots(kernel.length));
      for (const m of kernel) {
        if (force) s.touch(m);
        else s.loaded.delete(m.name.toLowerCase());
      }
    }
    // /n reloads the kernel symbols only.
    const kernelOnly = words.some((w) => /^\/n$/i.test(w));
    if (kernelOnly) {
      c.out.push('Loading unloaded module list');
      return true;
    }
    c.out.push('Loading User Symbols');
    if (s.target.reloadUser) {
      const n = s.target.reloadUser();
      if (n > 0) c.out.push(...dots(n));
    }
    const proc = s.target.processes().find((p) => p.eprocess === s.pseudo('proc'));
    if (proc && proc.peb !== 0n && !s.target.readable(proc.peb)) {
      // PEB.Ldr: +0x18 in a 64-bit PEB, +0xc in a 32-bit one; printed at the target's pointer width.
      const x86 = s.target.arch === 'x86';
      c.out.push(`PEB is paged out (Peb.Ldr = ${addrFor(s.target.arch, proc.peb + (x86 ? 0xcn : 0x18n))}).  Type ".hh dbgerr001" for details`);
    }
    if (!user) c.out.push('Loading unloaded module list');
    return true;
  },
};
