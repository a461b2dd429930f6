/**
 * `!teb` on the XP machine: the TEB of the register context's thread (or the
 * one given), in XP's x86 layout, read through the process context in force;
 * a thread with no TEB (a system thread) or a TEB the context cannot read is
 * the extension's read error.
 */
import { guarded, type KdCommand, skipBlanks } from '../command.ts';
import { read32 } from './read.ts';

const hex8 = (v: bigint): string => (v & 0xffffffffn).toString(16).padStart(8, '0');

/** XP's _TEB offsets the extension prints (NT_TIB first). */
const TEB = {
  exceptionList: 0x0n,
  stackBase: 0x4n,
  stackLimit: 0x8n,
  subSystemTib: 0xcn,
  fiberData: 0x10n,
  arbitraryUserPointer: 0x14n,
  self: 0x18n,
  environmentPointer: 0x1cn,
  clientId: 0x20n,
  rpcHandle: 0x28n,
  tls: 0x2cn,
  peb: 0x30n,
  lastError: 0x34n,
  ownedLocks: 0x38n,
  lastStatus: 0xbf4n,
  hardErrorMode: 0xf28n,
} as const;

export const tebX86: KdCommand = {
  verbs: ['!teb'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const t = s.target;
      const i = skipBlanks(c.line, c.argsStart);
      const teb = (i < c.line.length ? s.evaluate(c.line, i).value : (s.pseudo('teb') ?? 0n)) & 0xffffffffn;
      c.out.push(`TEB at ${hex8(teb)}`);
      const d = (off: bigint): bigint | null => read32(t, teb + off);
      if (teb === 0n || d(TEB.self) === null) {
        c.out.push('    error InitTypeRead( TEB )');
        return false;
      }
      const x = (off: bigint): string => hex8(d(off) ?? 0n);
      const n = (off: bigint): string => (d(off) ?? 0n).toString(16);
      c.out.push(
        `    ExceptionList:        ${x(TEB.exceptionList)}`,
        `    StackBase:            ${x(TEB.stackBase)}`,
        `    StackLimit:           ${x(TEB.stackLimit)}`,
        `    SubSystemTib:         ${x(TEB.subSystemTib)}`,
        `    FiberData:            ${x(TEB.fiberData)}`,
        `    ArbitraryUserPointer: ${x(TEB.arbitraryUserPointer)}`,
        `    Self:                 ${x(TEB.self)}`,
        `    EnvironmentPointer:   ${x(TEB.environmentPointer)}`,
        `    ClientId:             ${x(TEB.clientId)} . ${x(TEB.clientId + 4n)}`,
        `    RpcHandle:            ${x(TEB.rpcHandle)}`,
        `    Tls Storage:          ${x(TEB.tls)}`,
        `    PEB Address:          ${x(TEB.peb)}`,
        `    LastErrorValue:       ${(d(TEB.lastError) ?? 0n).toString()}`,
        `    LastStatusValue:      ${n(TEB.lastStatus)}`,
        `    Count Owned Locks:    ${(d(TEB.ownedLocks) ?? 0n).toString()}`,
        `    HardErrorMode:        ${(d(TEB.hardErrorMode) ?? 0n).toString()}`,
      );
      return true;
    });
  },
};
