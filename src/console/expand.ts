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
    const value = name === '' ? undefined : lookup(name);
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
