/** Screens restored into a terminal. */

/**
 * The end of `text` a terminal keeping `lines` lines holds once it is written: its last `lines`
 * lines (each takes a row at least, so what comes before them would scroll out of it anyway).
 */
export function lastLines(text: string, lines: number): string {
  let at = text.length;
  // The text's own last line end does not start a line of it.
  let count = text.endsWith('\n') ? -1 : 0;
  while (at > 0) {
    const nl = text.lastIndexOf('\n', at - 1);
    if (nl < 0) return text;
    if (++count >= lines) return text.slice(nl + 1);
    at = nl;
  }
  return text;
}

/** How many line ends `text` has. */
export function lineCount(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
