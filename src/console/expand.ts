/**
 * cmd.exe's %NAME% expansion at the prompt, in one linear pass: a defined name
 * is replaced by its value; an undefined one is left as typed, percent signs
 * included (at the prompt cmd.exe does not remove it as a batch file would).
 */
export function expandVariables(line: string, lookup: (name: string) => string | undefined): string {
  if (!line.includes('%')) return line;
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const open = line.indexOf('%', i);
    if (open < 0) {
      out.push(line.slice(i));
      break;
    }
    out.push(line.slice(i, open));
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
      i = open + 1;
      continue;
    }
    out.push(value);
    i = close + 1;
  }
  return out.join('');
}
