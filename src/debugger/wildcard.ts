/**
 * WinDbg's string wildcard syntax, matched in linear time. `*` any run, `?`
 * one character, `[list]` one of a list (with `a-z` ranges), `#` zero or more
 * of the item before it, `+` one or more of it, `\` makes the next character
 * literal. Matching is case-insensitive and whole-string. The pattern becomes
 * a list of items that the text runs through as a set of live positions (a
 * Thompson-style simulation), so `*a*a*a…b` costs pattern × text steps, never
 * backtracking.
 */

interface Item {
  /** Characters this item takes (lower case); null: any character. */
  readonly accepts: ((ch: string) => boolean) | null;
  /** Zero or more (`*`, `x#`) instead of exactly one. */
  readonly repeat: boolean;
}

export interface Wildcard {
  test(text: string): boolean;
}

/** A `[list]` starting at `pattern[i]` ('['); null when it is not closed (then '[' is literal). */
function bracket(pattern: string, i: number): { accepts: (ch: string) => boolean; end: number } | null {
  const close = pattern.indexOf(']', i + 2);
  if (close < 0) return null;
  const body = pattern.slice(i + 1, close).toLowerCase();
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  for (let k = 0; k < body.length; k++) {
    if (body[k + 1] === '-' && k + 2 < body.length) {
      ranges.push([body[k], body[k + 2]]);
      k += 2;
    } else singles.add(body[k]);
  }
  return { accepts: (ch) => singles.has(ch) || ranges.some(([a, b]) => ch >= a && ch <= b), end: close + 1 };
}

/** Compile a pattern. Never throws: what is not syntax is a literal character. */
export function wildcard(pattern: string): Wildcard {
  const items: Item[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    let one: Item;
    if (ch === '*') {
      // Runs of '*' are one '*'.
      if (items.length > 0 && items[items.length - 1].accepts === null && items[items.length - 1].repeat) continue;
      items.push({ accepts: null, repeat: true });
      continue;
    } else if ((ch === '#' || ch === '+') && items.length > 0 && !items[items.length - 1].repeat) {
      const prev = items[items.length - 1];
      if (ch === '#') items[items.length - 1] = { accepts: prev.accepts, repeat: true };
      else items.push({ accepts: prev.accepts, repeat: true });
      continue;
    } else if (ch === '?') one = { accepts: null, repeat: false };
    else if (ch === '[' && bracket(pattern, i)) {
      const b = bracket(pattern, i)!;
      one = { accepts: b.accepts, repeat: false };
      i = b.end - 1;
    } else {
      const lit = (ch === '\\' && i + 1 < pattern.length ? pattern[++i] : ch).toLowerCase();
      one = { accepts: (c) => c === lit, repeat: false };
    }
    items.push(one);
  }
  return { test: (text) => run(items, text.toLowerCase()) };
}

function run(items: readonly Item[], text: string): boolean {
  const n = items.length;
  let live = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (set: Uint8Array): void => {
    // A repeat item may be skipped: whoever stands before it also stands after it.
    for (let k = 0; k < n; k++) if (set[k] && items[k].repeat) set[k + 1] = 1;
  };
  live[0] = 1;
  close(live);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    next.fill(0);
    let any = false;
    for (let k = 0; k < n; k++) {
      if (!live[k]) continue;
      const it = items[k];
      if (it.accepts !== null && !it.accepts(ch)) continue;
      if (it.repeat) next[k] = 1;
      else next[k + 1] = 1;
      any = true;
    }
    if (!any) return false;
    close(next);
    [live, next] = [next, live];
  }
  return live[n] === 1;
}
