/**
 * `.dump` on the XP machine's kernel connection: writes a complete memory dump
 * (`/f`) to a file on the debugger's computer, which `kd -z` there opens.
 */
import { caretError, type KdCommand, skipBlanks } from '../command.ts';
import type { XpTarget } from './target.ts';

export function dumpCommand(target: XpTarget): KdCommand {
  return {
    verbs: ['.dump'],
    run(c) {
      let i = skipBlanks(c.line, c.argsStart);
      const opts = new Set<string>();
      while (c.line[i] === '/') {
        const w = /^\/(\S+)/.exec(c.line.slice(i))?.[1] ?? '';
        opts.add(w.toLowerCase());
        i = skipBlanks(c.line, i + 1 + w.length);
      }
      const path = c.line.slice(i).trim().replace(/^"|"$/g, '');
      if (path === '') return caretError(c, c.line.length, 'Syntax');
      if (!opts.has('f')) {
        c.out.push('lab: this machine writes complete memory dumps only: use .dump /f <file>.');
        return false;
      }
      c.out.push(`Creating ${path} - Full kernel dump`);
      target.xp.writeDump(path);
      c.out.push('Dump successfully written');
      return true;
    },
  };
}
