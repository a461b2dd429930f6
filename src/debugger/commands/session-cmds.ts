/** `.sympath` (the symbol search path), `.cls` (clear the screen) and `~Ns` (change the current processor). */
import { caretError, skipBlanks, type KdCommand } from '../command.ts';

export const sympath: KdCommand = {
  verbs: ['.sympath'],
  run(c) {
    const s = c.session;
    let i = c.argsStart;
    const append = c.line[i] === '+';
    if (append) i++;
    const arg = c.line.slice(i).trim();
    if (arg !== '') s.symbolPath = append && s.symbolPath !== '' ? `${s.symbolPath};${arg}` : arg;
    c.out.push(`Symbol search path is: ${s.symbolPath === '' ? '<empty>' : s.symbolPath}`);
    c.out.push(`Expanded Symbol search path is: ${s.symbolPath === '' ? '<empty>' : s.symbolPath.toLowerCase()}`);
    return true;
  },
};

export const cls: KdCommand = {
  verbs: ['.cls'],
  run(c) {
    if (c.line.slice(c.argsStart).trim() !== '') return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
    c.host.clear();
    return true;
  },
};

/** `~Ns`: processor N becomes current (its own register context; a `.cxr`/`.trap` context is dropped). */
export const processorSwitch: KdCommand = {
  verbs: ['~'],
  run(c) {
    const s = c.session;
    const m = /^~\s*([0-9a-fA-F]+)\s*s$/.exec(c.line);
    if (!m) return caretError(c, c.line.length - 1, 'Syntax');
    // The number is in the default radix, as every number is.
    const n = parseInt(m[1], s.radix);
    if (!Number.isFinite(n) || n >= s.target.processorCount) return caretError(c, 1, 'Syntax');
    s.processor = n;
    s.override = null;
    s.frame = 0;
    c.host.emit('kd.context', { kind: 'reset', address: null });
    return true;
  },
};
