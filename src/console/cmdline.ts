/**
 * cmd.exe's command-line operators: `&`, `&&`, `||`, `|`, redirections
 * (`>`, `>>`, `2>`, `1>`, `2>&1`, `<`), double quotes and the `^` escape.
 * The result is a chain of pipelines of simple commands.
 */

export interface Redirect {
  /** 1 = standard output, 2 = standard error, 0 = standard input. */
  readonly fd: 0 | 1 | 2;
  /** A path, 'nul', or '&1' (2>&1). */
  readonly target: string;
  readonly append: boolean;
}

export interface SimpleCommand {
  /**
   * The command text with redirections removed and `^` escapes resolved. Like
   * cmd.exe, a space before an operator stays: `echo hi > f` writes "hi ".
   */
  readonly text: string;
  readonly redirects: readonly Redirect[];
}

export interface ChainItem {
  /** How this pipeline joins the one before it (null for the first). */
  readonly op: '&' | '&&' | '||' | null;
  readonly pipeline: readonly SimpleCommand[];
}

const SYNTAX = 'The syntax of the command is incorrect.';

/** Parse a line; a string is cmd.exe's error message. */
export function parseCommandLine(line: string): ChainItem[] | string {
  const chain: ChainItem[] = [];
  let pipeline: SimpleCommand[] = [];
  let op: ChainItem['op'] = null;
  let text = '';
  let redirects: Redirect[] = [];
  let quoted = false;
  let i = 0;

  const endCommand = (operator: string): string | null => {
    if (text.trim() === '' && redirects.length === 0) return `${operator} was unexpected at this time.`;
    pipeline.push({ text: text.replace(/^\s+/, ''), redirects });
    text = '';
    redirects = [];
    return null;
  };

  while (i < line.length) {
    const ch = line[i];
    if (ch === '"') {
      quoted = !quoted;
      text += ch;
      i++;
      continue;
    }
    if (quoted) {
      text += ch;
      i++;
      continue;
    }
    if (ch === '^') {
      if (i + 1 < line.length) text += line[i + 1];
      i += 2;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||' || ch === '&') {
      const operator = two === '&&' || two === '||' ? two : '&';
      const err = endCommand(operator);
      if (err) return err;
      chain.push({ op, pipeline });
      pipeline = [];
      op = operator;
      i += operator.length;
      continue;
    }
    if (ch === '|') {
      const err = endCommand('|');
      if (err) return err;
      i++;
      continue;
    }
    const redirect = /^([012]?)(>>|>|<)(&[012])?/.exec(line.slice(i));
    const digitStartsWord = redirect?.[1] === '' || text === '' || /\s$/.test(text);
    if (redirect && digitStartsWord) {
      const fd = (redirect[1] ? Number(redirect[1]) : redirect[2] === '<' ? 0 : 1) as 0 | 1 | 2;
      i += redirect[0].length;
      let target = redirect[3] ?? '';
      if (!target) {
        while (line[i] === ' ' || line[i] === '\t') i++;
        let q = false;
        while (i < line.length && (q || !/[\s&|<>]/.test(line[i]))) {
          if (line[i] === '"') q = !q;
          else target += line[i];
          i++;
        }
      }
      if (!target) return SYNTAX;
      redirects.push({ fd, target, append: redirect[2] === '>>' });
      continue;
    }
    text += ch;
    i++;
  }
  if (text.trim() !== '' || redirects.length > 0) {
    pipeline.push({ text: text.replace(/^\s+/, ''), redirects });
  } else if (pipeline.length > 0 || op === '&&' || op === '||') {
    // A trailing | or && with nothing after it.
    return SYNTAX;
  }
  if (pipeline.length > 0) chain.push({ op, pipeline });
  return chain;
}
