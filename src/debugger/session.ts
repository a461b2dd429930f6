/**
 * The debugger's state over one target: the current processor, the register
 * context set by `.cxr`/`.trap`, symbols loaded so far, `$t0`-`$t19`, and
 * where `d*` and `u` stopped. Also the expression environment the evaluator
 * uses, so every command resolves names and registers the same way.
 */
import { evaluate, ExprError, type ExprEnv, type ExprResult } from './expr.ts';
import { flat64, u64 } from './format.ts';
import { instructionAt, effectiveAddress } from './listing.ts';
import { fromLe } from './memory.ts';
import { walkStack } from './stack.ts';
import { x64Only } from './x86/register-names.ts';
import { findSymbol, moduleAt, moduleByName } from './symbols.ts';
import { FLAG_BITS } from './context.ts';
import type { Module, RegisterContext, RegisterName, Target } from './target.ts';
import { REGISTER_NAMES, SPECIAL_REGISTER_NAMES, type SpecialRegisterName } from './target.ts';

const SUB32: ReadonlyMap<string, RegisterName> = new Map(
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
    r8d: 'r8',
    r9d: 'r9',
    r10d: 'r10',
    r11d: 'r11',
    r12d: 'r12',
    r13d: 'r13',
    r14d: 'r14',
    r15d: 'r15',
  }),
);
const SUB16: ReadonlyMap<string, RegisterName> = new Map(
  Object.entries({
    ax: 'rax',
    bx: 'rbx',
    cx: 'rcx',
    dx: 'rdx',
    si: 'rsi',
    di: 'rdi',
    bp: 'rbp',
    sp: 'rsp',
    ip: 'rip',
    r8w: 'r8',
    r9w: 'r9',
    r10w: 'r10',
    r11w: 'r11',
    r12w: 'r12',
    r13w: 'r13',
    r14w: 'r14',
    r15w: 'r15',
  }),
);
const SUB8: ReadonlyMap<string, RegisterName> = new Map(
  Object.entries({
    al: 'rax',
    bl: 'rbx',
    cl: 'rcx',
    dl: 'rdx',
    sil: 'rsi',
    dil: 'rdi',
    bpl: 'rbp',
    spl: 'rsp',
    r8b: 'r8',
    r9b: 'r9',
    r10b: 'r10',
    r11b: 'r11',
    r12b: 'r12',
    r13b: 'r13',
    r14b: 'r14',
    r15b: 'r15',
  }),
);
const SUB8HI: ReadonlyMap<string, RegisterName> = new Map(Object.entries({ ah: 'rax', bh: 'rbx', ch: 'rcx', dh: 'rdx' }));

/** A register's value and the width `r` prints it with. */
export interface RegisterValue {
  readonly value: bigint;
  readonly digits: number;
}

/** What `KdSession.save()` returns. */
interface KdSaved {
  readonly processor: number;
  readonly override: RegisterContext | null;
  readonly loaded: readonly string[];
  readonly temps: readonly (readonly [string, bigint])[];
  readonly lastDisplay: { verb: string; next: bigint } | null;
  readonly lastUnassemble: bigint | null;
  readonly lastExpression: bigint;
  readonly frame: number;
  readonly radix: number;
  readonly lastPrinted: bigint;
  readonly symbolPath: string;
}

/** The symbol path the debugger starts with and prints (text only: the lab machine never fetches symbols). */
export const DEFAULT_SYMBOL_PATH = 'srv*c:\\symbols*http://msdl.microsoft.com/download/symbols';

/** The two path lines KD prints when it opens a target. */
export function searchPathLines(symbolPath: string = DEFAULT_SYMBOL_PATH): string[] {
  return [`Symbol search path is: ${symbolPath}`, 'Executable search path is: '];
}
export class KdSession {
  target: Target;
  processor: number;
  override: RegisterContext | null = null;
  readonly loaded = new Set<string>();
  readonly temps = new Map<string, bigint>();
  /** Where the last d* stopped, and its verb. */
  lastDisplay: { verb: string; next: bigint } | null = null;
  /** Where the last u stopped. */
  lastUnassemble: bigint | null = null;
  lastExpression = 0n;
  /** The frame `.frame` selected (0 = the top). */
  frame = 0;
  /** `.process` / `.thread`: the implicit process and thread (null: the current processor's). */
  implicitProcess: bigint | null = null;
  implicitThread: bigint | null = null;
  /** Set by `q`: the rest of a `;`-separated line is not run. */
  exited = false;
  /** The default radix of MASM numbers (`n`). */
  radix = 16;
  /** The last value a `d*` command printed ($p). */
  lastPrinted = 0n;
  /** The symbol search path `.sympath` shows and sets. */
  symbolPath = DEFAULT_SYMBOL_PATH;

  constructor(target: Target) {
    this.target = target;
    this.processor = target.currentProcessor;
  }

  /** What the debugger remembers between commands, as structured-cloneable data (for session checkpoints). */
  save(): KdSaved {
    return {
      processor: this.processor,
      override: this.override,
      loaded: [...this.loaded],
      temps: [...this.temps],
      lastDisplay: this.lastDisplay,
      lastUnassemble: this.lastUnassemble,
      lastExpression: this.lastExpression,
      frame: this.frame,
      radix: this.radix,
      lastPrinted: this.lastPrinted,
      symbolPath: this.symbolPath,
    };
  }

  load(state: unknown): void {
    const s = state as KdSaved;
    this.processor = s.processor;
    this.override = s.override;
    this.loaded.clear();
    for (const name of s.loaded) this.loaded.add(name);
    this.temps.clear();
    for (const [name, value] of s.temps) this.temps.set(name, value);
    this.lastDisplay = s.lastDisplay;
    this.lastUnassemble = s.lastUnassemble;
    this.lastExpression = s.lastExpression;
    this.frame = s.frame;
    this.radix = s.radix;
    this.lastPrinted = s.lastPrinted;
    this.symbolPath = s.symbolPath;
    this.exited = false;
  }

  /** The register context commands use. */
  context(): RegisterContext {
    if (this.override) return this.override;
    const p = this.target.processor(this.processor);
    if (p) return p.context;
    const zero = Object.fromEntries(REGISTER_NAMES.map((n) => [n, 0n])) as Record<RegisterName, bigint>;
    return { regs: zero, flagBits: 0n, source: 'processor' };
  }

  contextLabel(): string {
    const c = this.override;
    // Registers changed with `r reg=value` stay the processor's context.
    if (!c || c.source === 'processor') return `processor ${this.processor}`;
    return `${c.source} ${flat64(c.address ?? 0n)}`;
  }

  /** Note that a module's symbols were used (lm shows them loaded afterwards). */
  touch(module: Module | null): void {
    if (module && module.pdb) this.loaded.add(module.name.toLowerCase());
  }

  touchAddress(address: bigint): void {
    this.touch(moduleAt(this.target, address));
  }

  register(name: string): RegisterValue | null {
    const n = name.toLowerCase();
    if (this.target.arch === 'x86' && x64Only(n)) return null;
    const r = this.context().regs;
    if ((REGISTER_NAMES as readonly string[]).includes(n)) {
      const digits = ['cs', 'ss', 'ds', 'es', 'fs', 'gs'].includes(n) ? 4 : n === 'efl' ? 8 : 16;
      return { value: r[n as RegisterName], digits };
    }
    const full = SUB32.get(n) ?? SUB16.get(n) ?? SUB8.get(n) ?? SUB8HI.get(n);
    if (full !== undefined) {
      const [shift, digits] = SUB8HI.has(n) ? [8n, 2] : SUB8.has(n) ? [0n, 2] : SUB16.has(n) ? [0n, 4] : [0n, 8];
      return { value: (r[full] >> shift) & ((1n << BigInt(digits * 4)) - 1n), digits };
    }
    if (n === 'iopl') return { value: (r.efl >> 12n) & 3n, digits: 1 };
    const flag = FLAG_BITS.get(n);
    if (flag !== undefined) return { value: (this.context().flagBits >> BigInt(flag)) & 1n, digits: 1 };
    // Control and debug registers belong to the processor, whatever context `.cxr` set.
    const special = this.target.processor(this.processor)?.special;
    if (special && (SPECIAL_REGISTER_NAMES as readonly string[]).includes(n)) {
      const digits = n === 'gdtl' || n === 'idtl' || n === 'tr' || n === 'ldtr' ? 4 : 16;
      return { value: special[n as SpecialRegisterName], digits };
    }
    return null;
  }

  /** Pseudo-register value ($ip, $proc…), name without '$'. */
  pseudo(name: string): bigint | null {
    const ctx = this.context();
    const proc = this.target.processor(this.processor);
    const thread = this.target.threads().find((t) => t.ethread === proc?.thread);
    const process = this.target.processes().find((p) => p.eprocess === thread?.process);
    if (/^t(1[0-9]|[0-9])$/.test(name)) return this.temps.get(name) ?? 0n;
    switch (name) {
      case 'ip':
        return ctx.regs.rip;
      case 'csp':
        return ctx.regs.rsp;
      case 'retreg':
      case 'retreg64':
        return ctx.regs.rax;
      case 'ra': {
        const f = walkStack(this.target, ctx.regs.rip, ctx.regs.rsp, 1)[0];
        return f?.ret ?? null;
      }
      case 'exentry': {
        const s = findSymbol(this.target, 'nt', 'KiSystemStartup');
        return s ? s.module.base + BigInt(s.symbol.rva) : null;
      }
      case 'proc':
        return this.implicitProcess ?? process?.eprocess ?? null;
      case 'thread':
        return this.implicitThread ?? proc?.thread ?? null;
      case 'peb':
        return process?.peb ?? null;
      case 'tpid':
        return process ? BigInt(process.pid) : null;
      case 'tid':
        return thread ? BigInt(thread.tid) : null;
      case 'ptrsize':
        return this.target.arch === 'x86' ? 4n : 8n;
      case 'pagesize':
        return 0x1000n;
      case 'exp':
        return this.lastExpression;
      case 'p':
        return this.lastPrinted;
      case 'frame':
        return BigInt(this.frame);
      case 'scopeip': {
        if (this.frame === 0) return ctx.regs.rip;
        const f = walkStack(this.target, ctx.regs.rip, ctx.regs.rsp, this.frame + 1)[this.frame];
        return f?.ip ?? null;
      }
      case 'eventip':
        return this.target.processor(this.target.currentProcessor)?.context.regs.rip ?? null;
      case 'pcr':
        return proc?.pcr ?? null;
      case 'prcb':
        return proc?.pcr === undefined ? null : proc.pcr + 0x180n;
      case 'teb':
        return thread ? (thread.teb ?? 0n) : null;
      case 'bug_code':
        return this.bugCheckValue(0);
      case 'bug_param1':
      case 'bug_param2':
      case 'bug_param3':
      case 'bug_param4':
        return this.bugCheckValue(Number(name.slice(-1)));
      case 'ea': {
        const ins = instructionAt(this.target, ctx.regs.rip);
        return ins ? effectiveAddress(ins, ctx) : null;
      }
      default:
        return null;
    }
  }

  /** $bug_code (0) and $bug_param1-4 (1-4); null without a bug check. */
  private bugCheckValue(k: number): bigint | null {
    const bc = this.target.bugCheck();
    if (!bc) return null;
    return k === 0 ? BigInt(bc.code) : bc.args[k - 1];
  }

  readonly env: ExprEnv = {
    kernel: true,
    radix: () => this.radix,
    valid: (address, length) => {
      if (length === 0n || length > 0x10000000n) return false;
      // One probe per page, and the last byte.
      for (let a = address; a < address + length; a = (a | 0xfffn) + 1n) if (!this.target.readable(u64(a))) return false;
      return this.target.readable(u64(address + length - 1n));
    },
    imageEntry: (base) => {
      const m = this.target.modules().find((x) => x.base === base);
      return m && m.entry !== undefined ? m.base + BigInt(m.entry) : null;
    },
    register: (name) => {
      const r = this.register(name);
      if (!r) return null;
      // 32-bit registers are sign-extended in kernel mode.
      return r.digits === 8 && !['efl'].includes(name) ? u64(BigInt.asIntN(32, r.value)) : r.value;
    },
    pseudo: (name) => this.pseudo(name),
    symbol: (module, name) => {
      if (name === '') {
        const m = module ? moduleByName(this.target, module) : null;
        return m ? m.base : null;
      }
      const s = findSymbol(this.target, module, name);
      if (!s) return null;
      this.touch(s.module);
      return s.module.base + BigInt(s.symbol.rva);
    },
    read: (address, size) => {
      const b = this.target.read(address, size);
      return b ? fromLe(b) : null;
    },
    pointerSize: () => (this.target.arch === 'x86' ? 4 : 8),
    cpp: (text, start) => {
      if (!this.cppEvaluator) throw new ExprError('bad-syntax', start);
      return this.cppEvaluator(text, start);
    },
  };

  /** The C++ evaluator `@@c++(…)` uses (set by the debugger, which owns the commands). */
  cppEvaluator: ((text: string, start: number) => { value: bigint; end: number }) | null = null;

  /** Evaluate an expression in `text` from `start`. Throws ExprError. */
  evaluate(text: string, start = 0): ExprResult {
    return evaluate(text, this.env, start);
  }
}
