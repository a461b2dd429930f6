/** Shared plumbing for the Windows tools: finding the machine's kernel, and the halted screen. */
import type { CommandContext } from '../command.ts';
import { kernelOf, type Kernel } from '../../kernel/nt.ts';
import { blueScreen } from '../../kernel/ke/bugcheck.ts';
import { moduleCode } from '../../kernel/drivers/modules.ts';

/** What a tool returns while the machine is halted after a bug check. */
export const STATUS_MACHINE_HALTED = 0xdead;

function showHalt(ctx: CommandContext, k: Kernel): void {
  ctx.host.write(stopScreen(k));
}

/** The stop (blue) screen of a halted machine ('' when it runs). */
export function stopScreen(k: Kernel): string {
  const b = k.halted;
  if (!b) return '';
  const image = b.module ? k.io.image(b.module) : undefined;
  const code = b.module ? moduleCode(b.module) : undefined;
  if (!image || !code) return blueScreen(b, null);
  // Parameters that are addresses inside the image (a faulting IP, a routine) locate the fault.
  const base = BigInt('0x' + image.base);
  const inside = b.params.find((p) => {
    const v = BigInt('0x' + p);
    return v >= base && v < base + BigInt(image.size);
  });
  return blueScreen(b, { file: image.file, base: image.base, linkDate: code.linkDate, address: inside ?? null });
}

/**
 * Run a tool against the kernel. A machine that is halted shows its blue screen
 * instead; a bug check raised during the tool is shown after its output.
 */
export function withKernel(ctx: CommandContext, tool: string, fn: (k: Kernel) => number): number {
  const k = kernelOf(ctx.machine);
  if (!k) {
    ctx.out(`${tool}: this lab's machine has no Windows kernel.`);
    return 1;
  }
  if (k.halted) {
    showHalt(ctx, k);
    return STATUS_MACHINE_HALTED;
  }
  const status = fn(k);
  if (k.halted) {
    showHalt(ctx, k);
    return STATUS_MACHINE_HALTED;
  }
  return status;
}

/** Does a server name (with or without its leading \\\\) name this machine? Other machines are out of the lab's reach. */
export function isLocalMachine(ctx: CommandContext, server: string): boolean {
  const name = server.replace(/^\\\\/, '').toLowerCase();
  return [ctx.machine.computerName.toLowerCase(), 'localhost', '127.0.0.1', '.'].includes(name);
}

/** Case-insensitive switch match: '/v' or '-v'. */
export function isSwitch(arg: string, ...names: string[]): boolean {
  const a = arg.toLowerCase();
  return names.some((n) => a === '/' + n || a === '-' + n);
}

/** mm/dd/yyyy  hh:mm AM as dir prints it (en-US). */
export function dirTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => n.toString().padStart(2, '0');
  const h = d.getUTCHours();
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}  ${pad(h % 12 === 0 ? 12 : h % 12)}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** m/d/yyyy h:mm:ss AM (en-US short date and long time). */
export function longTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => n.toString().padStart(2, '0');
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/**
 * Case-insensitive wildcard match: '*' matches any run of characters, and '?'
 * one character when `question` is set. Greedy with one backtrack point, so a
 * pattern of many stars costs O(pattern × text), never exponential time.
 */
export function wildcardMatch(pattern: string, text: string, question = false): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === t[ti] || (question && p[pi] === '?'))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
