/** `!analyze [-v]` and `.bugcheck`: the crash analysis, computed from the bug-check data and the target. */
import { caretError, guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { BUGCHECKS, NTSTATUS_TEXT, argMeanings } from '../bugchecks.ts';
import { readContextRecord } from '../context.ts';
import { addr64, flat64, hex } from '../format.ts';
import { instructionAt, instructionLine } from '../listing.ts';
import { walkStack } from '../stack.ts';
import { formatSymbol, moduleAt, moduleByName } from '../symbols.ts';
import type { RegisterContext } from '../target.ts';
import { showContext } from './registers.ts';
import { argRows, DEFAULT_FRAMES } from './stack.ts';

const STARS = '*'.repeat(79);
const BANNER = [STARS, '*                        Bugcheck Analysis                                    *', STARS];
const FOLLOWUP = ['Followup:     MachineOwner', '---------'];

/** `PEB is paged out …` when the current process's PEB cannot be read. */
function pebLines(c: CommandContext): string[] {
  const s = c.session;
  const proc = s.target.processes().find((p) => p.eprocess === s.pseudo('proc'));
  if (!proc || proc.peb === 0n || s.target.readable(proc.peb)) return [];
  const ldr = proc.peb + 0x18n;
  const line = `PEB is paged out (Peb.Ldr = ${addr64(ldr)}).  Type ".hh dbgerr001" for details`;
  return [line, line];
}

interface Analysis {
  readonly ctx: RegisterContext;
  readonly contextAddress: bigint | null;
  /** Index of the blamed frame and its address. */
  readonly index: number;
  readonly ip: bigint;
  readonly frames: ReturnType<typeof walkStack>;
}

function analyse(c: CommandContext, code: number, args: readonly bigint[]): Analysis {
  const s = c.session;
  const info = BUGCHECKS[code];
  const native = s.target.processor(s.processor)?.context ?? s.context();
  let ctx: RegisterContext = native;
  let contextAddress: bigint | null = null;
  if (info?.contextArg) {
    const at = args[info.contextArg - 1];
    const rec = readContextRecord(s.target, at, native.flagBits);
    if (rec) {
      ctx = rec;
      contextAddress = at;
    }
  }
  const frames = walkStack(s.target, ctx.regs.rip, ctx.regs.rsp, DEFAULT_FRAMES);
  let index = frames.findIndex((f) => {
    const m = moduleAt(s.target, f.ip);
    return m !== null && m.name !== 'nt' && m.name !== 'hal';
  });
  if (index < 0)
    index = frames.findIndex(
      (f) => moduleAt(s.target, f.ip) !== null && !/KeBugCheck|KiBugCheck|KiPageFault|FNODOBFM/.test(formatSymbol(s.target, f.ip) ?? ''),
    );
  if (index < 0) index = 0;
  // The check ran after the guilty routine returned: the bug check names the code, not the stack.
  const named = info?.blameArg ? args[info.blameArg - 1] : undefined;
  if (named !== undefined && moduleAt(s.target, named) !== null) return { ctx, contextAddress, index, ip: named, frames };
  return { ctx, contextAddress, index, ip: frames[index]?.ip ?? ctx.regs.rip, frames };
}

/** `!analyze -show Code [P1 [P2 [P3 [P4]]]]`: what a bug check code means, with the given parameters. */
function show(c: CommandContext): boolean {
  return guarded(c, () => {
    const s = c.session;
    let i = skipBlanks(c.line, c.line.toLowerCase().indexOf('-show', c.argsStart) + 5);
    if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
    const values: bigint[] = [];
    while (i < c.line.length && values.length < 5) {
      const v = s.evaluate(c.line, i);
      values.push(v.value);
      i = skipBlanks(c.line, v.end);
    }
    if (i < c.line.length) return caretError(c, i, 'Syntax');
    const code = Number(values[0] & 0xffffffffn);
    const info = BUGCHECKS[code];
    if (!info) {
      c.out.push(`Unknown bugcheck code (${hex(code)})`, 'Unknown bugcheck description');
      return true;
    }
    c.out.push(`${info.name} (${hex(code)})`, ...info.description, 'Arguments:');
    argMeanings(info, values[1] ?? 0n).forEach((meaning, k) => c.out.push(`Arg${k + 1}: ${flat64(values[k + 1] ?? 0n)}, ${meaning}`));
    return true;
  });
}

export const analyze: KdCommand = {
  verbs: ['!analyze'],
  run(c) {
    const s = c.session;
    const raw = c.line.slice(c.argsStart).trim();
    if (/^-show\b/i.test(raw)) return show(c);
    // -f forces the analysis of the exception; on a bug check it is the same analysis.
    const opts = raw.replace(/(^|\s)-f(?=\s|$)/gi, ' ').trim();
    if (opts !== '' && !/^-v$/i.test(opts)) return caretError(c, c.argsStart + c.line.slice(c.argsStart).search(/\S/), 'Syntax');
    const bc = s.target.bugCheck();
    const out = c.out;
    out.push(...BANNER);
    if (!bc) {
      out.push('', 'Unknown bugcheck code (0)', 'Unknown bugcheck description', 'Arguments:');
      for (let k = 1; k <= 4; k++) out.push(`Arg${k}: ${flat64(0n)}`);
      return true;
    }
    const info = BUGCHECKS[bc.code];
    const a = analyse(c, bc.code, bc.args);
    const m = moduleAt(s.target, a.ip);
    // The analysis reads the bug-check data through nt's symbols and symbolises every frame it walks.
    s.touch(moduleByName(s.target, 'nt'));
    for (const f of a.frames) s.touchAddress(f.ip);
    s.touch(m);
    // Code of a driver that has been unloaded: no module holds the address, the kernel named the driver.
    const ipArg = info?.ipArg ? bc.args[info.ipArg - 1] : 0n;
    const unloaded = bc.driver && ipArg !== 0n && moduleAt(s.target, ipArg) === null ? bc.driver : null;
    const bare = unloaded ?? formatSymbol(s.target, a.ip, 'bare') ?? flat64(a.ip);
    const image = unloaded ?? (m ? (m.image.toLowerCase() === 'ntkrnlmp.exe' ? 'ntkrnlmp.exe' : m.image) : 'Unknown_Image');
    if (opts === '') {
      out.push('', 'Use !analyze -v to get detailed debugging information.', '');
      out.push(`BugCheck ${hex(bc.code).toUpperCase()}, {${bc.args.map((x) => hex(x)).join(', ')}}`, '');
      out.push(...pebLines(c));
      out.push(unloaded ? `Probably caused by : ${image}` : `Probably caused by : ${image} ( ${bare} )`, '', ...FOLLOWUP);
      return true;
    }
    out.push(`${info?.name ?? 'Unknown bugcheck code'} (${hex(bc.code)})`);
    out.push(...(info?.description ?? ['Unknown bugcheck description']));
    out.push('Arguments:');
    const meanings = argMeanings(info, bc.args[0] ?? 0n);
    bc.args.forEach((v, k) => out.push(`Arg${k + 1}: ${flat64(v)}, ${meanings[k] ?? ''}`));
    out.push('Debugging Details:', '-'.repeat(17));
    const peb = pebLines(c);
    if (peb.length > 0) out.push(...peb, '');
    if (info?.exceptionArg) {
      const codeValue = Number(bc.args[info.exceptionArg - 1] & 0xffffffffn);
      const text = NTSTATUS_TEXT[codeValue];
      out.push(`EXCEPTION_CODE: (NTSTATUS) 0x${hex(codeValue, 8)} - ${text ?? '<Unable to get error code text>'}`);
    }
    const faultIp = info?.ipArg && bc.args[info.ipArg - 1] !== 0n ? bc.args[info.ipArg - 1] : a.ctx.regs.rip;
    const faulting = instructionAt(s.target, faultIp);
    out.push('FAULTING_IP:', formatSymbol(s.target, faultIp, 'bare') ?? flat64(faultIp));
    if (faulting) out.push(instructionLine(faulting, s.target.arch));
    out.push('');
    if (a.contextAddress !== null) {
      out.push(`CONTEXT:  ${flat64(a.contextAddress)} -- (.cxr 0x${flat64(a.contextAddress)})`);
      showContext(c, a.ctx);
      out.push('Resetting default scope');
      if (s.override) {
        s.override = null;
        s.frame = 0;
        c.host.emit('kd.context', { kind: 'reset', address: null });
      }
    }
    const family = s.target.version.bucketFamily;
    const driver = unloaded !== null || (m !== null && m.name !== 'nt' && m.name !== 'hal');
    const str = `0x${hex(bc.code).toUpperCase()}`;
    const proc = s.target.processes().find((p) => p.eprocess === s.pseudo('proc'));
    out.push(`DEFAULT_BUCKET_ID:  ${family}_${driver ? 'DRIVER_FAULT' : 'KERNEL_FAULT'}`);
    out.push(`BUGCHECK_STR:  ${str}`);
    if (proc) out.push(`PROCESS_NAME:  ${proc.imageFileName}`);
    out.push(`CURRENT_IRQL:  ${s.target.processor(s.processor)?.irql ?? 0}`);
    const first = a.frames[0];
    if (first?.ret) out.push(`LAST_CONTROL_TRANSFER:  from ${flat64(first.ret)} to ${flat64(first.ip)}`);
    out.push('STACK_TEXT:', ...argRows(s, a.frames, false), '');
    const follow = instructionAt(s.target, a.ip);
    out.push('FOLLOWUP_IP:', bare);
    if (follow) out.push(instructionLine(follow, s.target.arch));
    out.push('');
    out.push(`SYMBOL_STACK_INDEX:  ${hex(a.index)}`);
    out.push(`SYMBOL_NAME:  ${bare}`);
    out.push('FOLLOWUP_NAME:  MachineOwner');
    if (unloaded) out.push(`MODULE_NAME: ${unloaded.replace(/\.[^.]*$/, '')}`, `IMAGE_NAME:  ${unloaded}`);
    else if (m) {
      out.push(`MODULE_NAME: ${m.name}`, `IMAGE_NAME:  ${image}`, `DEBUG_FLR_IMAGE_TIMESTAMP:  ${hex(m.timestamp)}`);
    }
    out.push(`STACK_COMMAND:  ${a.contextAddress !== null ? `.cxr 0x${flat64(a.contextAddress)} ; kb` : 'kb'}`);
    out.push(`FAILURE_BUCKET_ID:  X64_${str}_${bare}`, `BUCKET_ID:  X64_${str}_${bare}`, '', ...FOLLOWUP);
    return true;
  },
};

export const bugcheck: KdCommand = {
  verbs: ['.bugcheck'],
  run(c) {
    if (c.line.slice(c.argsStart).trim() !== '') return caretError(c, c.argsStart + 1, 'Syntax');
    const bc = c.session.target.bugCheck();
    if (!bc) {
      c.out.push('Bugcheck code 00000000', `Arguments ${[0n, 0n, 0n, 0n].map(addr64).join(' ')}`);
      return true;
    }
    c.out.push(`Bugcheck code ${hex(bc.code, 8).toUpperCase()}`, `Arguments ${bc.args.map(addr64).join(' ')}`);
    return true;
  },
};
