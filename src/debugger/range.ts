/**
 * Address ranges as WinDbg reads them: `addr`, `addr L count`, `addr L?count`,
 * `addr L-count`, `addr endaddr`. Counts are in elements and in the default
 * radix (16). Throws ExprError for bad expressions.
 */
import { ExprError } from './expr.ts';
import { skipBlanks } from './command.ts';
import type { KdSession } from './session.ts';

export interface ParsedRange {
  readonly start: bigint;
  /** Number of elements, when an L count was given. */
  readonly count: number | null;
  /** End address (exclusive) when a second address was given. */
  readonly end: bigint | null;
}

/** Count limit without `L?` (256 MB of elements in WinDbg; far more than a lab needs). */
export const MAX_COUNT = 0x10000000;

/** Parse `text` from `start`; returns null when the text holds no address. Throws ExprError. */
export function parseRange(session: KdSession, text: string, start: number): { range: ParsedRange | null; end: number; badCountAt?: number } {
  let i = skipBlanks(text, start);
  if (i >= text.length) return { range: null, end: i };
  const a = session.evaluate(text, i);
  i = skipBlanks(text, a.end);
  if (i >= text.length) return { range: { start: a.value, count: null, end: null }, end: i };
  if (text[i] === 'l' || text[i] === 'L') {
    let j = i + 1;
    let neg = false;
    let unchecked = false;
    if (text[j] === '?') {
      unchecked = true;
      j++;
    } else if (text[j] === '-') {
      neg = true;
      j++;
    }
    const n = session.evaluate(text, j);
    const count = n.value;
    if (count === 0n || (!unchecked && count > BigInt(MAX_COUNT)) || count > 0xffffffffn) return { range: null, end: n.end, badCountAt: i };
    const c = Number(count);
    return { range: { start: a.value, count: neg ? -c : c, end: null }, end: n.end };
  }
  const b = session.evaluate(text, i);
  if (b.value < a.value) throw new ExprError('syntax', i);
  return { range: { start: a.value, count: null, end: b.value + 1n }, end: b.end };
}
