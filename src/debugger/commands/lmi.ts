/**
 * `!lmi Module|Address`: what the loaded-module list and the symbol load say
 * about one module. The dump holds no image headers, so the lines read from
 * them (debug directories, image type) are not shown.
 */
import { caretError, skipBlanks, type KdCommand } from '../command.ts';
import { ExprError } from '../expr.ts';
import { flat64, hex } from '../format.ts';
import { moduleAt, moduleByName } from '../symbols.ts';
import type { Module } from '../target.ts';
import { timestampText } from './modules.ts';

export const lmi: KdCommand = {
  verbs: ['!lmi'],
  run(c) {
    const s = c.session;
    const i = skipBlanks(c.line, c.argsStart);
    // Only the first word names the module; the rest of the line is ignored.
    const arg = /^\S*/.exec(c.line.slice(i))?.[0] ?? '';
    if (arg === '') return caretError(c, c.line.length - 1, 'Syntax');
    c.out.push(`Loaded Module Info: [${arg.toLowerCase()}] `);
    let m: Module | null = moduleByName(s.target, arg);
    if (!m) {
      try {
        const r = s.evaluate(arg, 0);
        if (r.end === arg.length) m = moduleAt(s.target, r.value);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
      }
    }
    if (!m) {
      c.out.push(`${arg.toLowerCase()} not found`);
      return false;
    }
    // Asking for the module's information loads its symbols.
    s.touch(m);
    c.out.push(
      `         Module: ${m.name}`,
      `   Base Address: ${flat64(m.base)}`,
      `     Image Name: ${m.image}`,
      `   Machine Type: ${s.target.arch === 'x64' ? '34404 (X64)' : '332 (I386)'}`,
      `     Time Stamp: ${hex(m.timestamp, 8)} ${timestampText(m.timestamp)}`,
      `           Size: ${hex(m.size)}`,
      `       CheckSum: ${hex(m.checksum)}`,
    );
    if (m.pdb) {
      c.out.push('    Symbol Type: PDB      - Symbols loaded successfully from symbol server.', `                 ${m.pdb}`);
      c.out.push('    Load Report: public symbols , not source indexed ', `                 ${m.pdb}`);
    } else c.out.push('    Symbol Type: NONE     - PDB not found', '    Load Report: no symbols loaded');
    return true;
  },
};
