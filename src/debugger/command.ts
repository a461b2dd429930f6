/** The shape of a debugger command and the helpers every command uses to report. */
import type { ProgramHost } from '../base/program.ts';
import { ExprError } from './expr.ts';
import { flat64 } from './format.ts';
import type { KdSession } from './session.ts';

export interface CommandContext {
  readonly session: KdSession;
  readonly host: ProgramHost;
  /** The command line as typed (leading and trailing blanks removed). */
  readonly line: string;
  /** Canonical verb ('dq', 'kb', '!pool', '.cxr'…). */
  readonly verb: string;
  /** Index in `line` where the arguments start. */
  readonly argsStart: number;
  /** Columns before `line` on screen (the prompt and any leading blanks). */
  readonly column: number;
  readonly out: string[];
  /** Extra fields for the kd.command event. */
  readonly event: { address?: string; end?: string; dataType?: string };
}

export interface KdCommand {
  /** Canonical verbs this command handles. */
  readonly verbs: readonly string[];
  /** Returns true on success. */
  run(c: CommandContext): boolean;
}

/** The arguments as text. */
export function argsOf(c: CommandContext): string {
  return c.line.slice(c.argsStart);
}

/** Caret form: `   ^ Syntax error in '<line>'` with the caret under column `pos` of the line. */
export function caretError(c: CommandContext, pos: number, kind: string): false {
  const at = Math.max(0, Math.min(pos, c.line.length - 1));
  c.out.push(`${' '.repeat(c.column + at)}^ ${kind} error in '${c.line}'`);
  return false;
}

/** Evaluator form: `Couldn't resolve error at '<rest>'`. */
export function exprError(c: CommandContext, e: ExprError): false {
  // dbgeng names the end of the line '<EOL>' when nothing is left to quote.
  const rest = c.line.slice(e.pos).trim() === '' ? '<EOL>' : c.line.slice(e.pos);
  switch (e.kind) {
    case 'resolve':
      c.out.push(`Couldn't resolve error at '${rest}'`);
      break;
    case 'register':
      c.out.push(`Bad register error at '${rest}'`);
      break;
    case 'memory':
      c.out.push(`Memory access error at '${rest}'`);
      break;
    case 'missing':
      c.out.push(`Numeric expression missing from '${rest}'`);
      break;
    case 'operand':
      c.out.push(`Operand error at '${rest}'`);
      break;
    case 'bad-syntax':
      c.out.push(`Syntax error at '${rest}'`);
      break;
    case 'type':
      c.out.push(`Type conflict error at '${rest}'`);
      break;
    case 'syntax':
      return caretError(c, e.pos, 'Syntax');
  }
  return false;
}

/** Run `fn`, turning an ExprError into the evaluator's message. */
export function guarded(c: CommandContext, fn: () => boolean): boolean {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ExprError) return exprError(c, e);
    throw e;
  }
}

/** Index of the first non-blank at or after `i`. */
export function skipBlanks(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Record the address operand for the event. */
export function noteAddress(c: CommandContext, address: bigint, end?: bigint): void {
  c.event.address = flat64(address);
  if (end !== undefined) c.event.end = flat64(end);
}
