/**
 * Split a command's arguments as cmd.exe tools see them: blanks separate, double
 * quotes group (and are removed). Same result as base/text.ts splitArgs, built from
 * slices rather than one character at a time, so a 200,000-character line is cheap.
 */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    let word = '';
    let quoted = false;
    let start = i;
    while (i < n) {
      const ch = line[i];
      if (ch === '"') {
        word += line.slice(start, i);
        quoted = !quoted;
        start = ++i;
      } else if (!quoted && (ch === ' ' || ch === '\t')) break;
      else i++;
    }
    out.push(word + line.slice(start, i));
  }
  return out;
}
