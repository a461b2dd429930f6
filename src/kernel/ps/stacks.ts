/**
 * Laying a thread's call stack out in memory so that an x64 unwinder walks
 * it: each function's frame is `frameSizeOf` bytes below its return address,
 * and the system-service entry keeps a KTRAP_FRAME whose Rip/Rsp lead back
 * into the thread's user-mode stack. Laid from the outermost frame inwards,
 * from the top of each stack.
 */
import { frameSizeOf, TRAP_OFFSET, TRAP_ROUTINES } from '../ke/ntsyms.ts';
import { KERNEL_START } from '../mm/memory.ts';

/** _KTRAP_FRAME (Windows 7 x64): where Rip and Rsp are kept, and its size. */
export const KTRAP_RIP = 0x168;
export const KTRAP_RSP = 0x180;
export const KTRAP_SIZE = 0x190;

export interface LaidStack {
  /** The innermost frame's instruction pointer and stack pointer. */
  readonly rip: bigint;
  readonly rsp: bigint;
  /** Qwords to place: address → value (return addresses, trap frame Rip/Rsp). */
  readonly qwords: ReadonlyMap<bigint, bigint>;
}

/** The function part of a frame reference: 'nt!KiSwapContext+0x7a' → 'nt!KiSwapContext'. */
export function functionOf(ref: string): string {
  return ref.replace(/\+0x[0-9a-f]+$/i, '');
}

/**
 * Lay `frames` (innermost first) with kernel frames from `kernelTop` down and
 * user frames from `userTop` down. `resolve` gives each frame's address
 * (frames it cannot resolve are dropped).
 */
export function layStack(frames: readonly string[], kernelTop: bigint, userTop: bigint, resolve: (ref: string) => bigint | null): LaidStack {
  const resolved = frames.map((ref) => ({ ref, at: resolve(ref) })).filter((f): f is { ref: string; at: bigint } => f.at !== null);
  const qwords = new Map<bigint, bigint>();
  const kernel = resolved.filter((f) => f.at >= KERNEL_START);
  const user = resolved.filter((f) => f.at < KERNEL_START);
  // User frames: outermost first.
  let userSp = userTop - 0x100n;
  let innerUser: { at: bigint; sp: bigint } | null = null;
  let ret = 0n;
  for (let i = user.length - 1; i >= 0; i--) {
    const size = BigInt(frameSizeOf(functionOf(user[i].ref)));
    const sp = i === user.length - 1 ? userSp : userSp - size - 8n;
    qwords.set(sp + size, ret);
    ret = user[i].at;
    userSp = sp;
    innerUser = { at: user[i].at, sp };
  }
  let sp = kernelTop - 0x100n;
  ret = 0n;
  for (let i = kernel.length - 1; i >= 0; i--) {
    const fn = functionOf(kernel[i].ref);
    if (TRAP_ROUTINES.has(fn)) {
      sp = kernelTop - BigInt(TRAP_OFFSET + KTRAP_SIZE) - 0x10n;
      const trap = sp + BigInt(TRAP_OFFSET);
      qwords.set(trap + BigInt(KTRAP_RIP), innerUser?.at ?? 0n);
      qwords.set(trap + BigInt(KTRAP_RSP), innerUser?.sp ?? 0n);
    } else {
      // A routine stopped at its first instruction has built no frame yet: its return address is at rsp.
      const size = i === 0 && fn === kernel[i].ref ? 0n : BigInt(frameSizeOf(fn));
      sp = i === kernel.length - 1 ? sp : sp - size - 8n;
      qwords.set(sp + size, ret);
    }
    ret = kernel[i].at;
  }
  if (kernel.length > 0) {
    // A thread switched out keeps where it will resume just below its stack pointer (the switch frame's Rip).
    qwords.set(sp - 8n, kernel[0].at);
    return { rip: kernel[0].at, rsp: sp, qwords };
  }
  return { rip: innerUser?.at ?? 0n, rsp: innerUser?.sp ?? userTop, qwords };
}
