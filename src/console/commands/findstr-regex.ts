/**
 * FINDSTR's own regular expressions: . * ^ $ [class] [^class] [x-y] \< \> and \x,
 * everything else literal. Compiled to a token list and matched by simulating
 * the automaton over the line (all positions of the pattern at once), so a match
 * costs O(line × pattern) whatever the pattern: `.*.*.*…` cannot backtrack.
 */

type Token =
  | { readonly kind: 'char'; readonly ch: string; readonly star: boolean }
  | { readonly kind: 'any'; readonly star: boolean }
  | { readonly kind: 'class'; readonly ranges: readonly (readonly [string, string])[]; readonly negate: boolean; readonly star: boolean }
  | { readonly kind: 'bol' | 'eol' | 'wordStart' | 'wordEnd'; readonly star: false };

export interface FindstrFlags {
  /** /B: the match starts at the beginning of the line. */
  readonly begin: boolean;
  /** /E: the match ends at the end of the line. */
  readonly end: boolean;
  /** /X: the whole line matches. */
  readonly exact: boolean;
  readonly ignoreCase: boolean;
}

export interface FindstrPattern {
  test(line: string): boolean;
}

const isWord = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

const CAN_REPEAT = new Set(['char', 'any', 'class']);

function sameToken(a: Token, b: Token): boolean {
  if (a.kind !== b.kind || a.star !== b.star) return false;
  if (a.kind === 'char' && b.kind === 'char') return a.ch === b.ch;
  if (a.kind === 'class' && b.kind === 'class') return a.negate === b.negate && JSON.stringify(a.ranges) === JSON.stringify(b.ranges);
  return true;
}

function parse(pattern: string, regex: boolean, fold: (s: string) => string): Token[] {
  const tokens: Token[] = [];
  const push = (t: Token) => tokens.push(t);
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (!regex) {
      push({ kind: 'char', ch: fold(ch), star: false });
      continue;
    }
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      if (next === '<') push({ kind: 'wordStart', star: false });
      else if (next === '>') push({ kind: 'wordEnd', star: false });
      else push({ kind: 'char', ch: fold(next), star: false });
    } else if (ch === '[' && pattern.indexOf(']', i + 1) > i + 1) {
      const close = pattern.indexOf(']', i + 1);
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('^') && body.length > 1;
      if (negate) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === '-' && j + 2 < body.length) {
          ranges.push([body[j], body[j + 2]]);
          j += 2;
        } else ranges.push([body[j], body[j]]);
      }
      push({ kind: 'class', ranges, negate, star: false });
      i = close;
    } else if (ch === '*' && tokens.length > 0 && CAN_REPEAT.has(tokens[tokens.length - 1].kind) && !tokens[tokens.length - 1].star) {
      const starred = { ...tokens.pop(), star: true } as Token;
      // x*x* matches what x* matches, and .* swallows any starred neighbour: '.*.*.*…' costs what '.*' costs.
      const anyStar = (t: Token | undefined) => t?.kind === 'any' && t.star;
      if (starred.kind === 'any') while (tokens.length > 0 && tokens[tokens.length - 1].star) tokens.pop();
      const prev = tokens[tokens.length - 1];
      if (!(prev && (anyStar(prev) || sameToken(prev, starred)))) tokens.push(starred);
    } else if (ch === '.') push({ kind: 'any', star: false });
    else if (ch === '^' && i === 0) push({ kind: 'bol', star: false });
    else if (ch === '$' && i === pattern.length - 1) push({ kind: 'eol', star: false });
    else push({ kind: 'char', ch: fold(ch), star: false });
  }
  return tokens;
}

function inRanges(ranges: readonly (readonly [string, string])[], c: string): boolean {
  for (const [lo, hi] of ranges) if (c >= lo && c <= hi) return true;
  return false;
}

function consumes(t: Token, c: string, ignoreCase: boolean): boolean {
  switch (t.kind) {
    case 'char':
      return t.ch === c;
    case 'any':
      return true;
    case 'class': {
      // With /I the line is lower-cased: try the character in both cases against the class as typed.
      const inside = inRanges(t.ranges, c) || (ignoreCase && inRanges(t.ranges, c.toUpperCase()));
      return inside !== t.negate;
    }
    default:
      return false;
  }
}

/** Compile a FINDSTR search string (regex: /R, or literal: /L and /C:). */
export function compileFindstr(pattern: string, regex: boolean, flags: FindstrFlags): FindstrPattern {
  const fold = flags.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const tokens = parse(pattern, regex, fold);
  const n = tokens.length;
  const mustBegin = flags.begin || flags.exact;
  const mustEnd = flags.end || flags.exact;
  // Plain text (the usual case) needs no automaton.
  let body = tokens;
  const bol = body[0]?.kind === 'bol';
  const eol = body.length > 0 && body[body.length - 1].kind === 'eol';
  body = body.slice(bol ? 1 : 0, eol ? body.length - 1 : body.length);
  if (body.every((t) => t.kind === 'char' && !t.star)) {
    const text = body.map((t) => (t.kind === 'char' ? t.ch : '')).join('');
    const begin = mustBegin || bol;
    const end = mustEnd || eol;
    return {
      test(raw: string): boolean {
        const line = fold(raw);
        if (begin && end) return line === text;
        if (begin) return line.startsWith(text);
        if (end) return line.endsWith(text);
        return line.includes(text);
      },
    };
  }
  return {
    test(raw: string): boolean {
      const line = fold(raw);
      let current = new Uint8Array(n + 1);
      let next = new Uint8Array(n + 1);
      const list: number[] = [];
      const nextList: number[] = [];
      const work: number[] = [];
      /** Add a state and everything reachable from it without reading (stars skipped, assertions that hold). */
      const add = (set: Uint8Array, into: number[], start: number, pos: number) => {
        work.push(start);
        while (work.length > 0) {
          const s = work.pop() as number;
          if (set[s]) continue;
          set[s] = 1;
          into.push(s);
          if (s === n) continue;
          const t = tokens[s];
          if (t.star) work.push(s + 1);
          else if (
            t.kind === 'bol'
              ? pos === 0
              : t.kind === 'eol'
                ? pos === line.length
                : t.kind === 'wordStart'
                  ? isWord(line[pos]) && !isWord(line[pos - 1])
                  : t.kind === 'wordEnd'
                    ? !isWord(line[pos]) && isWord(line[pos - 1])
                    : false
          )
            work.push(s + 1);
        }
      };
      for (let pos = 0; ; pos++) {
        if (pos === 0 || !mustBegin) add(current, list, 0, pos);
        if (current[n] && (!mustEnd || pos === line.length)) return true;
        if (pos >= line.length || (list.length === 0 && mustBegin)) return false;
        const c = line[pos];
        for (const s of list) {
          if (s === n) continue;
          const t = tokens[s];
          if (consumes(t, c, flags.ignoreCase)) add(next, nextList, t.star ? s : s + 1, pos + 1);
        }
        for (const s of list) current[s] = 0;
        list.length = 0;
        [current, next] = [next, current];
        for (const s of nextList) list.push(s);
        nextList.length = 0;
      }
    },
  };
}
