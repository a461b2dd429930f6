/**
 * cmd.exe's command-line grammar: `&`, `||`, `&&`, `|` (lowest to highest
 * precedence, as cmd.exe binds them), parenthesised blocks, redirections
 * (`>`, `>>`, `<`, `2>`, `2>&1`, `>&2`), double quotes, the `^` escape, `@`
 * before a command, and REM, which takes the rest of the line.
 *
 * One left-to-right pass over the line: the cost is linear in its length, and
 * only parentheses nest (to a bounded depth), so no input can exhaust the stack.
 */

export interface Redirect {
  /** 1 = standard output, 2 = standard error, 0 = standard input. */
  readonly fd: 0 | 1 | 2;
  /** A path, a device name ('nul'), or a handle ('&1', '&2'). */
  readonly target: string;
  readonly append: boolean;
}

export interface SimpleCommand {
  readonly kind: 'command';
  /**
   * The command text with redirections removed and `^` escapes resolved. Like
   * cmd.exe, a space before an operator stays: `echo hi > f` writes "hi ".
   */
  readonly text: string;
  readonly redirects: readonly Redirect[];
}

export interface Block {
  readonly kind: 'block';
  readonly body: Node;
  readonly redirects: readonly Redirect[];
}

/** Commands joined by one operator: `a & b & c`, `a || b`, `a && b`, `a | b`. */
export interface List {
  readonly kind: 'list';
  readonly op: '&' | '||' | '&&' | '|';
  readonly parts: readonly Node[];
}

/** What IF tests. */
export type Condition =
  | {
      readonly kind: 'compare';
      readonly left: string;
      readonly op: '==' | 'EQU' | 'NEQ' | 'LSS' | 'LEQ' | 'GTR' | 'GEQ';
      readonly right: string;
      readonly ignoreCase: boolean;
    }
  | { readonly kind: 'exist'; readonly path: string }
  | { readonly kind: 'defined'; readonly name: string }
  | { readonly kind: 'errorlevel'; readonly level: number };

/** IF [NOT] condition command [ELSE command]: the command is the rest of the chain; ELSE follows a block. */
export interface If {
  readonly kind: 'if';
  readonly negate: boolean;
  readonly condition: Condition;
  readonly then: Node;
  readonly otherwise: Node | null;
}

export type Node = SimpleCommand | Block | List | If;

const COMPARISONS = new Set(['EQU', 'NEQ', 'LSS', 'LEQ', 'GTR', 'GEQ']);

const SYNTAX = 'The syntax of the command is incorrect.';
/** How deep parentheses may nest. */
export const MAX_NESTING = 64;

class ParseError {
  readonly message: string;

  constructor(message: string) {
    this.message = message;
  }
}

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

/** Characters that can start something other than plain text inside a command. */
const SPECIAL = new Uint8Array(65536);
for (const ch of '"^&|<>)012') SPECIAL[ch.charCodeAt(0)] = 1;

class Parser {
  private i = 0;
  private depth = 0;
  /** How many IF commands the cursor is inside. */
  private ifs = 0;
  private readonly line: string;

  constructor(line: string) {
    this.line = line;
  }

  parse(): Node | null {
    this.skipBlanks();
    if (this.i >= this.line.length) return null;
    const node = this.sequence();
    if (this.i < this.line.length) throw new ParseError(`${this.line[this.i]} was unexpected at this time.`);
    return node;
  }

  private skipBlanks(): void {
    while (isBlank(this.line[this.i])) this.i++;
  }

  private peekOperator(): string | null {
    const ch = this.line[this.i];
    if (ch === '&') return this.line[this.i + 1] === '&' ? '&&' : '&';
    if (ch === '|') return this.line[this.i + 1] === '|' ? '||' : '|';
    if (ch === ')' && this.depth > 0) return ')';
    return null;
  }

  /** True at the end of the line or of the current block. */
  private atEnd(): boolean {
    this.skipBlanks();
    return this.i >= this.line.length || (this.depth > 0 && this.line[this.i] === ')');
  }

  private list(op: List['op'], next: () => Node): Node {
    const parts = [next()];
    while (this.peekOperator() === op) {
      this.i += op.length;
      // A trailing '&' is allowed (and does nothing); a trailing '&&', '||' or '|' is not.
      if (op === '&' && this.atEnd()) break;
      if (this.atEnd()) throw new ParseError(SYNTAX);
      parts.push(next());
    }
    return parts.length === 1 ? parts[0] : { kind: 'list', op, parts };
  }

  private sequence(): Node {
    return this.list('&', () => this.or());
  }

  private or(): Node {
    return this.list('||', () => this.and());
  }

  private and(): Node {
    return this.list('&&', () => this.pipe());
  }

  private pipe(): Node {
    return this.list('|', () => this.primary());
  }

  private primary(): Node {
    this.skipBlanks();
    while (this.line[this.i] === '@' || isBlank(this.line[this.i])) this.i++;
    const op = this.peekOperator();
    if (op !== null) throw new ParseError(`${op} was unexpected at this time.`);
    if (this.line[this.i] === '(') return this.block();
    // 'if /?' is a request for help, which the IF command entry answers.
    if (/^if[ \t]/i.test(this.line.slice(this.i, this.i + 3)) && !/^if[ \t]+\/\?/i.test(this.line.slice(this.i, this.i + 40))) return this.ifCommand();
    return this.command();
  }

  /** Whether ELSE (as a word) is at the cursor. */
  private atElse(): boolean {
    return /^else(?=[ \t(]|$)/i.test(this.line.slice(this.i, this.i + 5));
  }

  /** One IF operand: a quoted string (quotes kept, as cmd.exe compares them) or text up to a blank or '=='. */
  private operand(): string {
    this.skipBlanks();
    const { line } = this;
    const start = this.i;
    if (line[this.i] === '"') {
      const close = line.indexOf('"', this.i + 1);
      this.i = close < 0 ? line.length : close + 1;
      return line.slice(start, this.i);
    }
    while (this.i < line.length && !isBlank(line[this.i]) && !(line[this.i] === '=' && line[this.i + 1] === '=') && this.peekOperator() === null) this.i++;
    return line.slice(start, this.i);
  }

  private ifCommand(): Node {
    if (this.depth >= MAX_NESTING) throw new ParseError(SYNTAX);
    this.i += 2;
    let ignoreCase = false;
    let negate = false;
    let word = this.operand();
    if (word.toLowerCase() === '/i') {
      ignoreCase = true;
      word = this.operand();
    }
    if (word.toLowerCase() === 'not') {
      negate = true;
      word = this.operand();
    }
    let condition: Condition;
    const kw = word.toLowerCase();
    if (kw === 'exist') condition = { kind: 'exist', path: this.operand().replace(/"/g, '') };
    else if (kw === 'defined') condition = { kind: 'defined', name: this.operand() };
    else if (kw === 'errorlevel') {
      const level = this.operand();
      if (!/^-?\d+$/.test(level)) throw new ParseError(`${level || 'errorlevel'} was unexpected at this time.`);
      condition = { kind: 'errorlevel', level: Number(level) };
    } else {
      this.skipBlanks();
      let op: string;
      if (this.line.startsWith('==', this.i)) {
        while (this.line[this.i] === '=') this.i++;
        op = '==';
      } else {
        op = this.operand().toUpperCase();
        if (!COMPARISONS.has(op)) throw new ParseError(`${op === '' ? SYNTAX : `${op} was unexpected at this time.`}`);
      }
      const right = this.operand();
      if (word === '' || right === '') throw new ParseError(SYNTAX);
      condition = { kind: 'compare', left: word, op: op as 'EQU', right, ignoreCase };
    }
    if (this.atEnd()) throw new ParseError(SYNTAX);
    this.depth++;
    this.ifs++;
    const then = this.sequence();
    this.skipBlanks();
    let otherwise: Node | null = null;
    if (this.atElse()) {
      this.i += 4;
      if (this.atEnd()) throw new ParseError(SYNTAX);
      otherwise = this.sequence();
    }
    this.ifs--;
    this.depth--;
    return { kind: 'if', negate, condition, then, otherwise };
  }

  private block(): Node {
    if (this.depth >= MAX_NESTING) throw new ParseError(SYNTAX);
    this.i++;
    this.depth++;
    if (this.atEnd()) throw new ParseError(SYNTAX);
    const body = this.sequence();
    this.skipBlanks();
    // A block left open would make cmd.exe ask for more lines; this console reads one line.
    if (this.line[this.i] !== ')') throw new ParseError(SYNTAX);
    this.i++;
    this.depth--;
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipBlanks();
      // Inside an IF, ELSE after a block belongs to that IF.
      if (this.i >= this.line.length || this.peekOperator() !== null || (this.ifs > 0 && this.atElse())) break;
      if (!this.redirect(redirects, true)) throw new ParseError(`${this.line[this.i]} was unexpected at this time.`);
    }
    return { kind: 'block', body, redirects };
  }

  private command(): SimpleCommand {
    const { line } = this;
    const out: string[] = [];
    const redirects: Redirect[] = [];
    // REM takes everything after it, operators included.
    if (/^rem(?=[\s,;=/]|$)/i.test(line.slice(this.i, this.i + 4))) {
      const text = line.slice(this.i);
      this.i = line.length;
      return { kind: 'command', text, redirects };
    }
    let last = '';
    while (this.i < line.length) {
      // Ordinary characters are taken a run at a time.
      const start = this.i;
      while (this.i < line.length && !SPECIAL[line.charCodeAt(this.i)]) this.i++;
      if (this.i > start) {
        out.push(line.slice(start, this.i));
        last = line[this.i - 1];
        continue;
      }
      const ch = line[this.i];
      if (ch === '"') {
        const close = line.indexOf('"', this.i + 1);
        const end = close < 0 ? line.length : close + 1;
        out.push(line.slice(this.i, end));
        last = line[end - 1];
        this.i = end;
        continue;
      }
      if (ch === '^') {
        if (this.i + 1 < line.length) {
          last = line[this.i + 1];
          out.push(last);
        }
        this.i += 2;
        continue;
      }
      if (this.peekOperator() !== null) break;
      // A handle digit counts only at the start of a word: 'echo a2>f' writes "a2".
      const handleStart = (ch === '0' || ch === '1' || ch === '2') && (line[this.i + 1] === '>' || line[this.i + 1] === '<') && (last === '' || isBlank(last));
      if (ch === '>' || ch === '<' || handleStart) {
        this.redirect(redirects, false);
        continue;
      }
      out.push(ch);
      last = ch;
      this.i++;
    }
    return { kind: 'command', text: out.join('').replace(/^[ \t]+/, ''), redirects };
  }

  /** Read one redirection at the cursor into `into`; false when there is none. */
  private redirect(into: Redirect[], strict: boolean): boolean {
    const { line } = this;
    let fd: 0 | 1 | 2 | null = null;
    if (/[012]/.test(line[this.i]) && (line[this.i + 1] === '>' || line[this.i + 1] === '<')) {
      fd = Number(line[this.i]) as 0 | 1 | 2;
      this.i++;
    }
    const ch = line[this.i];
    if (ch !== '>' && ch !== '<') {
      if (strict) return false;
      throw new ParseError(SYNTAX);
    }
    const append = ch === '>' && line[this.i + 1] === '>';
    this.i += append ? 2 : 1;
    fd ??= ch === '<' ? 0 : 1;
    if (line[this.i] === '&') {
      const handle = line[this.i + 1];
      if (handle === undefined || !/[0-9]/.test(handle)) throw new ParseError(`${handle === undefined ? '&' : handle} was unexpected at this time.`);
      this.i += 2;
      into.push({ fd, target: `&${handle}`, append });
      return true;
    }
    this.skipBlanks();
    const target: string[] = [];
    let quoted = false;
    while (this.i < line.length) {
      const c = line[this.i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && (isBlank(c) || c === '<' || c === '>' || this.peekOperator() !== null)) break;
      else if (!quoted && c === '^') {
        if (this.i + 1 < line.length) target.push(line[this.i + 1]);
        this.i++;
      } else target.push(c);
      this.i++;
    }
    if (target.length === 0) throw new ParseError(SYNTAX);
    into.push({ fd, target: target.join(''), append });
    return true;
  }
}

/** Parse a line: its command tree, null for an empty line, or cmd.exe's error message. */
export function parseCommandLine(line: string): Node | null | string {
  try {
    return new Parser(line).parse();
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
}
