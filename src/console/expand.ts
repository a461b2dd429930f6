/**
 * cmd.exe's %NAME% expansion at the prompt, in one linear pass: a defined name
 * is replaced by its value; an undefined one is left as typed, percent signs
 * included (at the prompt cmd.exe does not remove it as a batch file would).
 * Null when the result would be longer than `limit`.
 */
export function expandVariables(line: string, lookup: (name: string) => string | undefined, limit = Infinity): string | null {
  if (!line.includes('%')) return line.length > limit ? null : line;
  const out: string[] = [];
  let length = 0;
  let i = 0;
  while (i < line.length) {
    // Stop as soon as the result is longer than the caller accepts.
    if (length > limit) return null;
    const open = line.indexOf('%', i);
    if (open < 0) {
      out.push(line.slice(i));
      break;
    }
    out.push(line.slice(i, open));
    length += open - i;
    const close = line.indexOf('%', open + 1);
    if (close < 0) {
      out.push(line.slice(open));
      break;
    }
    const name = line.slice(open + 1, close);
    const value = name === '' ? undefined : resolve(name, lookup);
    if (value === undefined) {
      // Not a variable: keep the first '%' and look again from the second.
      out.push('%');
      length++;
      i = open + 1;
      continue;
    }
    out.push(value);
    length += value.length;
    i = close + 1;
  }
  const result = out.join('');
  return result.length > limit ? null : result;
}

/** %NAME%, %NAME:~start,length% (a substring) or %NAME:old=new% (every match replaced, case-insensitively). */
function resolve(spec: string, lookup: (name: string) => string | undefined): string | undefined {
  const colon = spec.indexOf(':');
  // %=C:% is the hidden variable of C:'s current directory, not C with a ':' edit.
  if (colon < 0 || /^=[a-z]:$/i.test(spec)) return lookup(spec);
  const value = lookup(spec.slice(0, colon));
  if (value === undefined) return undefined;
  const op = spec.slice(colon + 1);
  const sub = /^~(-?\d+)(?:,(-?\d+))?$/.exec(op);
  if (sub) {
    const n = value.length;
    const at = Number(sub[1]);
    const start = Math.min(n, Math.max(0, at < 0 ? n + at : at));
    if (sub[2] === undefined) return value.slice(start);
    const len = Number(sub[2]);
    const end = len < 0 ? Math.max(start, n + len) : Math.min(n, start + len);
    return value.slice(start, end);
  }
  const eq = op.indexOf('=');
  if (eq <= 0) return undefined;
  let from = op.slice(0, eq);
  const to = op.slice(eq + 1);
  const lower = value.toLowerCase();
  if (from.startsWith('*')) {
    // '*old=new' replaces everything up to and including the first match.
    from = from.slice(1);
    const at = from === '' ? -1 : lower.indexOf(from.toLowerCase());
    return at < 0 ? value : to + value.slice(at + from.length);
  }
  const needle = from.toLowerCase();
  const out: string[] = [];
  let i = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, i)) {
    out.push(value.slice(i, at), to);
    i = at + needle.length;
  }
  out.push(value.slice(i));
  return out.join('');
}
