/** The x64 decoder: lengths, operand syntax, branch targets, and bytes it does not know. */
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/debugger/disasm.ts';
import { hexBytes } from '../../src/debugger/memory.ts';

const sym = (a: bigint): string => `T(${a.toString(16)})`;
const one = (hex: string, at = 0x1000n): string => {
  const ins = decode(hexBytes(hex), at, sym);
  expect(ins.length).toBe(hexBytes(hex).length);
  return `${ins.mnemonic} ${ins.operands}`.trim();
};

describe('x64 decoder', () => {
  it.each([
    ['fff3', 'push rbx'],
    ['4154', 'push r12'],
    ['5f', 'pop rdi'],
    ['4883ec30', 'sub rsp,30h'],
    ['33ff', 'xor edi,edi'],
    ['488be9', 'mov rbp,rcx'],
    ['4883faff', 'cmp rdx,0FFFFFFFFFFFFFFFFh'],
    ['4c89642458', 'mov qword ptr [rsp+58h],r12'],
    ['488b31', 'mov rsi,qword ptr [rcx]'],
    ['4885f6', 'test rsi,rsi'],
    ['488b4620', 'mov rax,qword ptr [rsi+20h]'],
    ['488b7500', 'mov rsi,qword ptr [rbp]'],
    ['48894c2408', 'mov qword ptr [rsp+8],rcx'],
    ['488d4c24f0', 'lea rcx,[rsp-10h]'],
    ['8b048d10000000', 'mov eax,dword ptr [rcx*4+10h]'],
    ['418b44c870', 'mov eax,dword ptr [r8+rcx*8+70h]'],
    ['65488b0c2520000000', 'mov rcx,qword ptr gs:[20h]'],
    ['b8280400c0', 'mov eax,0C0000428h'],
    ['48b88877665544332211', 'mov rax,1122334455667788h'],
    ['0fb6c1', 'movzx eax,cl'],
    ['480fbec1', 'movsx rax,cl'],
    ['4863c8', 'movsxd rcx,eax'],
    ['c1e004', 'shl eax,4'],
    ['48d3e8', 'shr rax,cl'],
    ['f6c101', 'test cl,1'],
    ['f7d8', 'neg eax'],
    ['0f94c0', 'sete al'],
    ['480f45c1', 'cmovne rax,rcx'],
    ['ffd0', 'call rax'],
    ['41ffd2', 'call r10'],
    ['9c', 'pushfq'],
    ['fa', 'cli'],
    ['cc', 'int 3'],
    ['c3', 'ret'],
    ['90', 'nop'],
    ['0f1f440000', 'nop dword ptr [rax+rax]'],
    ['f0ff01', 'lock inc dword ptr [rcx]'],
    ['66894108', 'mov word ptr [rcx+8],ax'],
    ['c6410801', 'mov byte ptr [rcx+8],1'],
    ['3effe0', 'jmp rax'],
    ['f3ab', 'rep stos dword ptr [rdi]'],
    ['f348a5', 'rep movs qword ptr [rdi],qword ptr [rsi]'],
  ])('%s decodes as %s', (hex, text) => {
    expect(one(hex)).toBe(text);
  });

  it('symbolises relative branch targets from the next instruction', () => {
    const ins = decode(hexBytes('7518'), 0xfffff8800106f124n, sym);
    expect(ins.target).toBe(0xfffff8800106f13en);
    expect(ins.operands).toBe('T(fffff8800106f13e)');
    expect(decode(hexBytes('0f840c010000'), 0xfffff8800106f101n, sym).target).toBe(0xfffff8800106f213n);
    expect(decode(hexBytes('e80c420000'), 0xfffff8800106f14fn, sym).target).toBe(0xfffff88001073360n);
  });

  it('resolves RIP-relative operands against the end of the instruction', () => {
    const ins = decode(hexBytes('488b0501000000'), 0x1000n, sym);
    expect(ins.operands).toBe('rax,qword ptr [T(1008)]');
    expect(ins.mem?.ripTarget).toBe(0x1008n);
  });

  it('decodes unknown or truncated bytes as ??? of one byte', () => {
    for (const hex of ['0f0f', '62', 'ff38', '48']) {
      const ins = decode(hexBytes(hex), 0x1000n, sym);
      expect(ins.mnemonic).toBe('???');
      expect(ins.length).toBe(1);
    }
  });
});
