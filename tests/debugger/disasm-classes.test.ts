/**
 * The decoding classes added for issue 8, as WinDbg prints them: SSE/AVX,
 * x87, BMI, moffs, movnti, prefetch, shld/shrd, popcnt, loop/jrcxz, enter,
 * retf, far call/jmp, mov Sreg, 67h, `66 90`, tzcnt and segment overrides.
 * Every row decoded as `???` or differently before.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/debugger/disasm.ts';
import { effectiveAddress, instructionLine } from '../../src/debugger/listing.ts';
import { hexBytes } from '../../src/debugger/memory.ts';
import { REGISTER_NAMES, type RegisterContext, type RegisterName } from '../../src/debugger/target.ts';

const sym = (a: bigint): string => `T(${a.toString(16)})`;
const text = (hex: string, at = 0x1000n): string => {
  const ins = decode(hexBytes(hex), at, sym);
  expect(ins.length).toBe(hexBytes(hex).length);
  return `${ins.mnemonic} ${ins.operands}`.trim();
};
const table = (rows: [string, string][]): void => {
  it.each(rows)('%s decodes as %s', (hex, want) => expect(text(hex)).toBe(want));
};

describe('SSE, SSE2, SSSE3, SSE4', () => {
  table([
    ['0f28442420', 'movaps xmm0,xmmword ptr [rsp+20h]'],
    ['0f11451f', 'movups xmmword ptr [rbp+1Fh],xmm0'],
    ['f20f108ff8030000', 'movsd xmm1,mmword ptr [rdi+3F8h]'],
    ['f2410f104808', 'movsd xmm1,mmword ptr [r8+8]'],
    ['f3410f1000', 'movss xmm0,dword ptr [r8]'],
    ['f30f11442404', 'movss dword ptr [rsp+4],xmm0'],
    ['0f57c0', 'xorps xmm0,xmm0'],
    ['660fefc9', 'pxor xmm1,xmm1'],
    ['f30f7f4808', 'movdqu xmmword ptr [rax+8],xmm1'],
    ['f2480f2ac0', 'cvtsi2sd xmm0,rax'],
    ['f20f2a00', 'cvtsi2sd xmm0,dword ptr [rax]'],
    ['f2480f2cc0', 'cvttsd2si rax,xmm0'],
    ['660f2f0424', 'comisd xmm0,mmword ptr [rsp]'],
    ['660f7ec0', 'movd eax,xmm0'],
    ['66480f6ec0', 'movq xmm0,rax'],
    ['f30f7e00', 'movq xmm0,mmword ptr [rax]'],
    ['660fd60424', 'movq mmword ptr [rsp],xmm0'],
    ['660f70c01b', 'pshufd xmm0,xmm0,1Bh'],
    ['660f73d804', 'psrldq xmm0,4'],
    ['660f3800c1', 'pshufb xmm0,xmm1'],
    ['660f3a16c001', 'pextrd eax,xmm0,1'],
    ['66480f3a16c001', 'pextrq rax,xmm0,1'],
    ['660f3817c1', 'ptest xmm0,xmm1'],
    ['660f3830c1', 'pmovzxbw xmm0,xmm1'],
    ['f20fc2c101', 'cmpltsd xmm0,xmm1'],
    ['0fc6c144', 'shufps xmm0,xmm1,44h'],
    ['0f6f00', 'movq mm0,mmword ptr [rax]'],
    ['f20f38f1c1', 'crc32 eax,ecx'],
  ]);
});

describe('AVX, AVX2, FMA (VEX)', () => {
  table([
    ['c5fd6f06', 'vmovdqa ymm0,ymmword ptr [rsi]'],
    ['c5fe7f00', 'vmovdqu ymmword ptr [rax],ymm0'],
    ['c5f9efc0', 'vpxor xmm0,xmm0,xmm0'],
    ['c5f877', 'vzeroupper'],
    ['c5fb104c2408', 'vmovsd xmm1,mmword ptr [rsp+8]'],
    ['c5f35800', 'vaddsd xmm0,xmm1,mmword ptr [rax]'],
    ['c4e27d7806', 'vpbroadcastb ymm0,byte ptr [rsi]'],
    ['c4e2f9a9c2', 'vfmadd213sd xmm0,xmm0,xmm2'],
    ['c4e37d39c101', 'vextracti128 xmm1,ymm0,1'],
    ['c5fdd7c1', 'vpmovmskb eax,ymm1'],
    ['c4e1f97ed8', 'vmovq rax,xmm3'],
    ['c5f8ae1c24', 'vstmxcsr dword ptr [rsp]'],
    ['c4c27d9014a1', 'vpgatherdd ymm2,dword ptr [r9+ymm4*4],ymm0'],
  ]);
});

describe('BMI and bit counting', () => {
  table([
    ['f30fbcc1', 'tzcnt eax,ecx'],
    ['f30fbdc1', 'lzcnt eax,ecx'],
    ['f3480fb8c1', 'popcnt rax,rcx'],
    ['c4e278f2c1', 'andn eax,eax,ecx'],
    ['c4e2f8f3c8', 'blsr rax,rax'],
    ['c4e2f3f7c0', 'shrx rax,rax,rcx'],
    ['c4e3fbf0c105', 'rorx rax,rcx,5'],
    ['c4e270f5c0', 'bzhi eax,eax,ecx'],
  ]);
});

describe('x87', () => {
  table([
    ['dd442408', 'fld qword ptr [rsp+8]'],
    ['db6c2408', 'fld tbyte ptr [rsp+8]'],
    ['d91c24', 'fstp dword ptr [rsp]'],
    ['df2c24', 'fild qword ptr [rsp]'],
    ['ddd9', 'fstp st(1)'],
    ['d9c0', 'fld st(0)'],
    ['d9c9', 'fxch st(1)'],
    ['dec1', 'faddp st(1),st'],
    ['dee9', 'fsubp st(1),st'],
    ['d8c1', 'fadd st,st(1)'],
    ['dfe9', 'fucomip st,st(1)'],
    ['d9e8', 'fld1'],
    ['d9ee', 'fldz'],
    ['d97c2402', 'fnstcw word ptr [rsp+2]'],
    ['dfe0', 'fnstsw ax'],
    ['dfc0', 'ffreep st(0)'],
  ]);
});

describe('integer and system forms', () => {
  table([
    ['48a11400000080f7ffff', 'mov rax,qword ptr [FFFFF78000000014h]'],
    ['a32003000080f7ffff', 'mov dword ptr [FFFFF78000000320h],eax'],
    ['0fc307', 'movnti dword ptr [rdi],eax'],
    ['0f1801', 'prefetchnta byte ptr [rcx]'],
    ['0f1809', 'prefetcht0 byte ptr [rcx]'],
    ['0f0d09', 'prefetchw byte ptr [rcx]'],
    ['0fa4c105', 'shld ecx,eax,5'],
    ['480fadc1', 'shrd rcx,rax,cl'],
    ['c8100000', 'enter 10h,0'],
    ['cb', 'retf'],
    ['ca0800', 'retf 8'],
    ['ff18', 'call fword ptr [rax]'],
    ['ff28', 'jmp fword ptr [rax]'],
    ['8cd8', 'mov eax,ds'],
    ['8ed8', 'mov ds,eax'],
    ['8c08', 'mov word ptr [rax],cs'],
    ['678b00', 'mov eax,dword ptr [eax]'],
    ['678d0424', 'lea eax,[esp]'],
    ['6690', 'xchg ax,ax'],
    ['66666690', 'xchg ax,ax'],
    ['662e0f1f840000000000', 'nop word ptr cs:[rax+rax]'],
    ['2e8b00', 'mov eax,dword ptr cs:[rax]'],
    ['f30f1efa', 'endbr64'],
    ['0fc7f0', 'rdrand eax'],
    ['f3480f1ec8', 'rdsspq rax'],
    ['f3480faee9', 'incsspq rcx'],
  ]);

  it('decodes loop, jrcxz and jecxz as conditional branches to their targets', () => {
    for (const [hex, name] of [
      ['e2fe', 'loop'],
      ['e1fe', 'loope'],
      ['e0fe', 'loopne'],
      ['e3fe', 'jrcxz'],
    ]) {
      const ins = decode(hexBytes(hex), 0x1000n, sym);
      expect([ins.mnemonic, ins.operands, ins.kind, ins.target]).toEqual([name, 'T(1000)', 'jcc', 0x1000n]);
    }
    expect(text('67e3fd')).toBe('jecxz T(1000)');
  });

  it('lists a 10-byte moffs move as WinDbg does, with one space after the bytes', () => {
    const ins = decode(hexBytes('48a11400000080f7ffff'), 0xfffff80421246fddn, sym);
    expect(instructionLine(ins)).toBe('fffff804`21246fdd 48a11400000080f7ffff mov rax,qword ptr [FFFFF78000000014h]');
  });

  it('resolves a 32-bit RIP-relative operand (67h) within the low 4 GB', () => {
    const ins = decode(hexBytes('678b0500000000'), 0x1000n, sym);
    expect(ins.operands).toBe('eax,dword ptr [T(1007)]');
  });
});

describe('robustness', () => {
  it('decodes 50,000 random byte strings without throwing, in 1 to 15 bytes', () => {
    let seed = 0x2545f491;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    // Bias towards prefixes, escapes and VEX so the rare paths are walked too.
    const starts = [0x0f, 0x66, 0xf2, 0xf3, 0xc4, 0xc5, 0x48, 0x67, 0xd9, 0xdd, 0xdf];
    for (let n = 0; n < 50_000; n++) {
      const bytes = new Uint8Array(1 + (next() % 15));
      for (let k = 0; k < bytes.length; k++) bytes[k] = k < 2 && next() < 128 ? starts[next() % starts.length] : next();
      const ins = decode(bytes, 0xfffff80000001000n, sym);
      expect(ins.length).toBeGreaterThanOrEqual(1);
      expect(ins.length).toBeLessThanOrEqual(Math.min(15, bytes.length));
    }
  });
});

describe('effective addresses of the new forms', () => {
  const regs = Object.fromEntries(REGISTER_NAMES.map((r) => [r, 0n])) as Record<RegisterName, bigint>;
  const ctx = (set: Partial<Record<RegisterName, bigint>>): RegisterContext => ({ regs: { ...regs, ...set }, flagBits: 0n }) as RegisterContext;

  it('uses the low 32 bits of the registers of a 67h-prefixed operand', () => {
    const ins = decode(hexBytes('678b4008'), 0x1000n, sym);
    expect(effectiveAddress(ins, ctx({ rax: 0xffffffff_fffffff8n }))).toBe(0n);
  });

  it('gives a moffs operand its absolute address and a gather none', () => {
    expect(effectiveAddress(decode(hexBytes('48a11400000080f7ffff'), 0x1000n, sym), ctx({}))).toBe(0xfffff78000000014n);
    expect(effectiveAddress(decode(hexBytes('c4c27d9014a1'), 0x1000n, sym), ctx({}))).toBeNull();
  });
});
