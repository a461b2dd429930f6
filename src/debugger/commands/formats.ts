/** `.formats` (one value in every notation) and `n` (the default radix of MASM numbers). */
import { caretError, guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { addr64, printable, s64, u64 } from '../format.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's %g as the Microsoft runtime prints it: six significant digits, a three-digit exponent. */
export function cFloat(x: number): string {
  if (Number.isNaN(x)) return '-1.#QNAN';
  if (!Number.isFinite(x)) return x > 0 ? '1.#INF' : '-1.#INF';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const trim = (m: string): string => (m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m);
  const [mant, ex] = x.toExponential(5).split('e');
  const e = Number(ex);
  if (e < -4 || e >= 6) return `${trim(mant)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(3, '0')}`;
  return trim(x.toPrecision(6));
}

/** `Mon Jan 07 15:31:46 1985` (with `.mmm` after the seconds for a FILETIME), in UTC: the lab's debugger host has no time zone. */
function dateText(ms: number, millis: boolean): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  const frac = millis ? `.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : '';
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} ${d.getUTCFullYear()}`;
}

/** FILETIME 0 (1601) in Unix milliseconds. */
const FILETIME_EPOCH_MS = -11644473600000n;

/** A 32-bit value is a CRT time stamp; a 64-bit one a FILETIME (100 ns units since 1601). */
function timeText(v: bigint): string {
  if (v <= 0xffffffffn) return dateText(Number(v) * 1000, false);
  const ms = v / 10000n + FILETIME_EPOCH_MS;
  // SYSTEMTIME stops at year 30827; Date at +275760.
  if (ms > 8_640_000_000_000_000n) return '***** Invalid FILETIME';
  const d = new Date(Number(ms));
  if (d.getUTCFullYear() > 30827) return '***** Invalid FILETIME';
  return `${dateText(Number(ms), true)} (UTC + 0:00)`;
}

export function formatsLines(value: bigint): string[] {
  const v = u64(value);
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, v, true);
  const view = new DataView(bytes.buffer);
  const bin = v.toString(2).padStart(64, '0').match(/.{8}/g) ?? [];
  const chars = [...bytes].reverse().map(printable).join('');
  return [
    'Evaluate expression:',
    `  Hex:     ${addr64(v)}`,
    `  Decimal: ${s64(v)}`,
    `  Octal:   ${v.toString(8).padStart(22, '0')}`,
    `  Binary:  ${bin.join(' ')}`,
    `  Chars:   ${chars}`,
    `  Time:    ${timeText(v)}`,
    `  Float:   low ${cFloat(view.getFloat32(0, true))} high ${cFloat(view.getFloat32(4, true))}`,
    `  Double:  ${cFloat(view.getFloat64(0, true))}`,
  ];
}

export const formats: KdCommand = {
  verbs: ['.formats'],
  run(c) {
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const r = c.session.evaluate(c.line, i);
      const rest = skipBlanks(c.line, r.end);
      if (rest < c.line.length) return caretError(c, rest, 'Syntax');
      noteAddress(c, r.value);
      c.out.push(...formatsLines(r.value));
      return true;
    });
  },
};

/** `n [8|10|16]`: show or set the radix (its argument is always decimal). */
export const radix: KdCommand = {
  verbs: ['n'],
  run(c) {
    const s = c.session;
    const arg = c.line.slice(c.argsStart).trim();
    if (arg !== '') {
      if (!['8', '10', '16'].includes(arg)) return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
      s.radix = Number(arg);
    }
    c.out.push(`base is ${s.radix}`);
    return true;
  },
};
