/** Register names and operand-size keywords as WinDbg spells them. */
export const R64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
export const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'];
export const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'];
export const R8REX = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b'];
export const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
export const SREG = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
export const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
export const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'];
export const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

/** The `<size> ptr ` keyword of an integer memory operand of `size` bytes. */
export function ptrOf(size: number): string {
  switch (size) {
    case 1:
      return 'byte ptr ';
    case 2:
      return 'word ptr ';
    case 4:
      return 'dword ptr ';
    case 6:
      return 'fword ptr ';
    case 8:
      return 'qword ptr ';
    case 10:
      return 'tbyte ptr ';
    case 16:
      return 'xmmword ptr ';
    case 32:
      return 'ymmword ptr ';
    default:
      return '';
  }
}

/** Vector memory operands: 8 bytes is an `mmword` (WinDbg: `movsd xmm1,mmword ptr [rdi+3F8h]`). */
export function vecPtrOf(size: number): string {
  return size === 8 ? 'mmword ptr ' : ptrOf(size);
}
