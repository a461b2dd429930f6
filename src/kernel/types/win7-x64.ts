/**
 * The machine's type database for Windows 7 SP1 x64 (ntkrnlmp.pdb of build
 * 7601): every structure the kernel lays out in memory, with the offsets and
 * sizes of the real public symbols. The kernel renders its objects by it and
 * the debugger's `dt` reads the same text, so they cannot disagree.
 */
import { ModuleTypes, TypeDatabase, parseTypes } from '../../base/typedb.ts';
import { BASE_TYPES, KE_TYPES } from './win7-x64-ke.ts';
import { PS_TYPES } from './win7-x64-ps.ts';
import { IO_TYPES, OB_TYPES, PNP_TYPES } from './win7-x64-io.ts';
import { FLT_TYPES } from './win7-x64-flt.ts';
import { CM_TYPES } from './win7-x64-cm.ts';

/** The pool header and the register frames (_CONTEXT, _KTRAP_FRAME). */
export const FRAME_TYPES = `
struct _POOL_HEADER 0x10
0x000 PreviousSize Pos 0, 8 Bits
0x000 PoolIndex Pos 8, 8 Bits
0x000 BlockSize Pos 16, 8 Bits
0x000 PoolType Pos 24, 8 Bits
0x000 Ulong1 Uint4B
0x004 PoolTag Uint4B
0x008 ProcessBilled Ptr64 _EPROCESS
0x008 AllocatorBackTraceIndex Uint2B
0x00a PoolTagHash Uint2B
struct _XSAVE_FORMAT 0x200
0x000 ControlWord Uint2B
0x002 StatusWord Uint2B
0x004 TagWord UChar
0x005 Reserved1 UChar
0x006 ErrorOpcode Uint2B
0x008 ErrorOffset Uint4B
0x00c ErrorSelector Uint2B
0x00e Reserved2 Uint2B
0x010 DataOffset Uint4B
0x014 DataSelector Uint2B
0x016 Reserved3 Uint2B
0x018 MxCsr Uint4B
0x01c MxCsr_Mask Uint4B
0x020 FloatRegisters [8] _M128A
0x0a0 XmmRegisters [16] _M128A
0x1a0 Reserved4 [96] UChar
struct _CONTEXT 0x4d0
0x000 P1Home Uint8B
0x008 P2Home Uint8B
0x010 P3Home Uint8B
0x018 P4Home Uint8B
0x020 P5Home Uint8B
0x028 P6Home Uint8B
0x030 ContextFlags Uint4B
0x034 MxCsr Uint4B
0x038 SegCs Uint2B
0x03a SegDs Uint2B
0x03c SegEs Uint2B
0x03e SegFs Uint2B
0x040 SegGs Uint2B
0x042 SegSs Uint2B
0x044 EFlags Uint4B
0x048 Dr0 Uint8B
0x050 Dr1 Uint8B
0x058 Dr2 Uint8B
0x060 Dr3 Uint8B
0x068 Dr6 Uint8B
0x070 Dr7 Uint8B
0x078 Rax Uint8B
0x080 Rcx Uint8B
0x088 Rdx Uint8B
0x090 Rbx Uint8B
0x098 Rsp Uint8B
0x0a0 Rbp Uint8B
0x0a8 Rsi Uint8B
0x0b0 Rdi Uint8B
0x0b8 R8 Uint8B
0x0c0 R9 Uint8B
0x0c8 R10 Uint8B
0x0d0 R11 Uint8B
0x0d8 R12 Uint8B
0x0e0 R13 Uint8B
0x0e8 R14 Uint8B
0x0f0 R15 Uint8B
0x0f8 Rip Uint8B
0x100 FltSave _XSAVE_FORMAT
0x100 Header [2] _M128A
0x120 Legacy [8] _M128A
0x1a0 Xmm0 _M128A
0x1b0 Xmm1 _M128A
0x1c0 Xmm2 _M128A
0x1d0 Xmm3 _M128A
0x1e0 Xmm4 _M128A
0x1f0 Xmm5 _M128A
0x200 Xmm6 _M128A
0x210 Xmm7 _M128A
0x220 Xmm8 _M128A
0x230 Xmm9 _M128A
0x240 Xmm10 _M128A
0x250 Xmm11 _M128A
0x260 Xmm12 _M128A
0x270 Xmm13 _M128A
0x280 Xmm14 _M128A
0x290 Xmm15 _M128A
0x300 VectorRegister [26] _M128A
0x4a0 VectorControl Uint8B
0x4a8 DebugControl Uint8B
0x4b0 LastBranchToRip Uint8B
0x4b8 LastBranchFromRip Uint8B
0x4c0 LastExceptionToRip Uint8B
0x4c8 LastExceptionFromRip Uint8B
struct _KTRAP_FRAME 0x190
0x000 P1Home Uint8B
0x008 P2Home Uint8B
0x010 P3Home Uint8B
0x018 P4Home Uint8B
0x020 P5 Uint8B
0x028 PreviousMode Char
0x029 PreviousIrql UChar
0x02a FaultIndicator UChar
0x02b ExceptionActive UChar
0x02c MxCsr Uint4B
0x030 Rax Uint8B
0x038 Rcx Uint8B
0x040 Rdx Uint8B
0x048 R8 Uint8B
0x050 R9 Uint8B
0x058 R10 Uint8B
0x060 R11 Uint8B
0x068 GsBase Uint8B
0x068 GsSwap Uint8B
0x070 Xmm0 _M128A
0x080 Xmm1 _M128A
0x090 Xmm2 _M128A
0x0a0 Xmm3 _M128A
0x0b0 Xmm4 _M128A
0x0c0 Xmm5 _M128A
0x0d0 FaultAddress Uint8B
0x0d0 ContextRecord Uint8B
0x0d0 TimeStampCKCL Uint8B
0x0d8 Dr0 Uint8B
0x0e0 Dr1 Uint8B
0x0e8 Dr2 Uint8B
0x0f0 Dr3 Uint8B
0x0f8 Dr6 Uint8B
0x100 Dr7 Uint8B
0x108 DebugControl Uint8B
0x110 LastBranchToRip Uint8B
0x118 LastBranchFromRip Uint8B
0x120 LastExceptionToRip Uint8B
0x128 LastExceptionFromRip Uint8B
0x130 SegDs Uint2B
0x132 SegEs Uint2B
0x134 SegFs Uint2B
0x136 SegGs Uint2B
0x138 TrapFrame Uint8B
0x140 Rbx Uint8B
0x148 Rdi Uint8B
0x150 Rsi Uint8B
0x158 Rbp Uint8B
0x160 ErrorCode Uint8B
0x160 ExceptionFrame Uint8B
0x160 TimeStampKlog Uint8B
0x168 Rip Uint8B
0x170 SegCs Uint2B
0x172 Fill0 UChar
0x173 Logging UChar
0x174 Fill1 [2] Uint2B
0x178 EFlags Uint4B
0x17c Fill2 Uint4B
0x180 Rsp Uint8B
0x188 SegSs Uint2B
0x18a Fill3 Uint2B
0x18c CodePatchCycle Int4B
`;

export { BASE_TYPES };

/** The whole of nt's type text. */
export const WIN7_X64_NT_TYPES = BASE_TYPES + KE_TYPES + PS_TYPES + OB_TYPES + IO_TYPES + PNP_TYPES + CM_TYPES + FRAME_TYPES;

let cached: ModuleTypes | null = null;

/** nt's types (parsed once; ModuleTypes is read-only). */
export function win7X64NtTypes(): ModuleTypes {
  cached ??= new ModuleTypes('nt', parseTypes(WIN7_X64_NT_TYPES));
  return cached;
}

let fltCached: ModuleTypes | null = null;

/** fltmgr's types: the Filter Manager lays out its frame, filters, instances and volumes by them. */
export function win7X64FltTypes(): ModuleTypes {
  fltCached ??= new ModuleTypes('fltmgr', parseTypes(BASE_TYPES + FLT_TYPES));
  return fltCached;
}

/** A type database holding the kernel's types and fltmgr's (drivers add theirs after it). */
export function win7X64TypeDatabase(): TypeDatabase {
  return new TypeDatabase([win7X64NtTypes(), win7X64FltTypes()]);
}
