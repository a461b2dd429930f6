/**
 * `!peb` on the XP machine: the current (or given) process's PEB and its loader
 * list, read through the process context in force, so the wrong context shows
 * as a read error rather than as another process's data.
 */
import { guarded, type KdCommand, skipBlanks } from '../command.ts';
import { timestampText } from '../commands/modules.ts';
import { read32, readUnicode } from './read.ts';

const hex8 = (v: bigint): string => (v & 0xffffffffn).toString(16).padStart(8, '0');

export const pebX86: KdCommand = {
  verbs: ['!peb'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const t = s.target;
      const i = skipBlanks(c.line, c.argsStart);
      const current = s.implicitProcess === null ? null : t.processes().find((p) => p.eprocess === s.implicitProcess);
      const peb = (i < c.line.length ? s.evaluate(c.line, i).value : (current?.peb ?? s.pseudo('peb') ?? 0n)) & 0xffffffffn;
      c.out.push(`PEB at ${hex8(peb)}`);
      const ldr = read32(t, peb + 0xcn);
      const head = t.read(peb, 4);
      if (peb === 0n || !head || ldr === null) {
        c.out.push(`    error 1 InitTypeRead( nt!_PEB at ${hex8(peb)})`);
        return false;
      }
      const yes = (v: number): string => (v ? 'Yes' : 'No');
      const links = (off: bigint): string => `${hex8(read32(t, ldr + off) ?? 0n)} . ${hex8(read32(t, ldr + off + 4n) ?? 0n)}`;
      c.out.push(
        `    InheritedAddressSpace:    ${yes(head[0])}`,
        `    ReadImageFileExecOptions: ${yes(head[1])}`,
        `    BeingDebugged:            ${yes(head[2])}`,
        `    ImageBaseAddress:         ${hex8(read32(t, peb + 8n) ?? 0n)}`,
        `    Ldr                       ${hex8(ldr)}`,
        `    Ldr.Initialized:          ${yes(t.read(ldr + 4n, 1)?.[0] ?? 0)}`,
        `    Ldr.InInitializationOrderModuleList: ${links(0x1cn)}`,
        `    Ldr.InLoadOrderModuleList:           ${links(0xcn)}`,
        `    Ldr.InMemoryOrderModuleList:         ${links(0x14n)}`,
        '            Base TimeStamp                     Module',
      );
      const headLink = ldr + 0xcn;
      let link = read32(t, headLink);
      for (let n = 0; link !== null && link !== headLink && n < 256; n++) {
        const base = read32(t, link + 0x18n) ?? 0n;
        const stamp = Number(read32(t, link + 0x44n) ?? 0n);
        c.out.push(`${base.toString(16).padStart(16)} ${hex8(BigInt(stamp))} ${timestampText(stamp).slice(4)} ${readUnicode(t, link + 0x24n) ?? ''}`);
        link = read32(t, link);
      }
      c.out.push(
        `    SubSystemData:     ${hex8(read32(t, peb + 0x14n) ?? 0n)}`,
        `    ProcessHeap:       ${hex8(read32(t, peb + 0x18n) ?? 0n)}`,
        `    ProcessParameters: ${hex8(read32(t, peb + 0x10n) ?? 0n)}`,
      );
      return true;
    });
  },
};
