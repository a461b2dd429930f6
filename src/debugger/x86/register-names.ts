/**
 * The register names an x86 target has. The context keeps x86 registers in
 * the slots of their x64 counterparts (eax in rax, eip in rip); the 64-bit
 * names, r8-r15 and their parts, spl/bpl/sil/dil and cr8 are not registers
 * there, and WinDbg rejects them as it does any unknown name.
 */
import type { RegisterName } from '../target.ts';

/** The registers `r name=value` sets on x86, and the slot each is kept in. */
export const X86_ASSIGNABLE: ReadonlyMap<string, RegisterName> = new Map(
  Object.entries({
    eax: 'rax',
    ebx: 'rbx',
    ecx: 'rcx',
    edx: 'rdx',
    esi: 'rsi',
    edi: 'rdi',
    ebp: 'rbp',
    esp: 'rsp',
    eip: 'rip',
    efl: 'efl',
    cs: 'cs',
    ss: 'ss',
    ds: 'ds',
    es: 'es',
    fs: 'fs',
    gs: 'gs',
  }),
);

/** Whether `name` (lower case) is a register of x64 only. */
export function x64Only(name: string): boolean {
  return /^r/.test(name) || name === 'spl' || name === 'bpl' || name === 'sil' || name === 'dil' || name === 'cr8';
}
