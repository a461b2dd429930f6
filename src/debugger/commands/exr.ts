/** `.exr Address` (an EXCEPTION_RECORD64 in memory) and `.exr -1` (the last exception event). */
import { caretError, guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { flat64, hex } from '../format.ts';
import { fromLe } from '../memory.ts';
import { symbolAt } from '../symbols.ts';

/** Names dbgeng gives the exception codes it knows (its own short forms, not the NTSTATUS messages). */
const EXCEPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [0xc0000005, 'Access violation'],
  [0x80000003, 'Break instruction exception'],
  [0x80000004, 'Single step exception'],
  [0xc0000094, 'Integer divide-by-zero'],
  [0xc000001d, 'Illegal instruction'],
  [0xc0000096, 'Privileged instruction'],
  [0xc00000fd, 'Stack overflow'],
  [0x80000002, 'Data misaligned'],
  [0xc0000006, 'In-page I/O error'],
]);

const MAX_PARAMETERS = 15;

export const exr: KdCommand = {
  verbs: ['.exr'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      if (/^-1\s*$/.test(c.line.slice(i))) {
        // A kernel dump's last event is the bug check, not an exception.
        c.out.push('Last event was not an exception');
        return true;
      }
      const a = s.evaluate(c.line, i);
      if (skipBlanks(c.line, a.end) < c.line.length) return caretError(c, skipBlanks(c.line, a.end), 'Syntax');
      noteAddress(c, a.value);
      const head = s.target.read(a.value, 0x20);
      if (!head) {
        c.out.push(`Cannot read Exception record @ ${flat64(a.value)}`);
        return false;
      }
      const code = Number(fromLe(head, 0, 4));
      const flags = Number(fromLe(head, 4, 4));
      const address = fromLe(head, 0x10, 8);
      const count = Number(fromLe(head, 0x18, 4));
      const hit = symbolAt(s.target, address);
      const where = hit ? ` (${hit.module.name}${hit.symbol ? `!${hit.symbol.name}` : ''}+0x${hex(hit.offset, 16)})` : '';
      const name = EXCEPTION_NAMES.get(code) ?? '';
      c.out.push(
        `ExceptionAddress: ${flat64(address)}${where}`,
        `   ExceptionCode: ${hex(code, 8)}${name ? ` (${name})` : ''}`,
        `  ExceptionFlags: ${hex(flags, 8)}`,
        `NumberParameters: ${count}`,
      );
      const params: bigint[] = [];
      for (let k = 0; k < Math.min(count, MAX_PARAMETERS); k++) {
        const b = s.target.read(a.value + 0x20n + BigInt(k * 8), 8);
        const v = b ? fromLe(b) : null;
        if (v !== null) params.push(v);
        c.out.push(`   Parameter[${k}]: ${v === null ? '????????????????' : flat64(v)}`);
      }
      // An access violation says what it tried: 0 read, 1 write, 8 execute.
      if (code === 0xc0000005 && params.length >= 2) {
        const what = params[0] === 1n ? 'write to' : params[0] === 8n ? 'execute' : 'read from';
        c.out.push(`Attempt to ${what} address ${flat64(params[1])}`);
      }
      return true;
    });
  },
};
