/** SET (with /A arithmetic and /P) and PATH: the console's environment variables. */
import { ERROR_INVALID_FUNCTION, ERROR_SUCCESS, type CommandContext, type ConsoleCommand } from '../command.ts';
import { evaluateArithmetic } from './arith.ts';

/** SET's listing of the variables whose names start with `prefix`; the hidden ones ('=C:') only for SET "". */
function list(ctx: CommandContext, prefix: string, hidden: boolean): number {
  const upper = prefix.toUpperCase();
  const rows = ctx.state.env.entries().filter(([name]) => name.toUpperCase().startsWith(upper) && (hidden || !name.startsWith('=')));
  if (rows.length === 0) {
    ctx.err(`Environment variable ${prefix} not defined`);
    return ERROR_INVALID_FUNCTION;
  }
  for (const [name, value] of rows) ctx.out(`${name}=${value}`);
  return ERROR_SUCCESS;
}

/** `"NAME=value"` is SET NAME=value without the quotes (and anything after the closing one). */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const close = text.lastIndexOf('"');
  return close > 0 ? text.slice(1, close) : text.slice(1);
}

export const set: ConsoleCommand = {
  name: 'set',
  summary: 'Displays, sets, or removes Windows environment variables.',
  help: `Displays, sets, or removes cmd.exe environment variables.

SET [variable=[string]]

  variable  Specifies the environment-variable name.
  string    Specifies a series of characters to assign to the variable.

Type SET without parameters to display the current environment variables.

SET /A expression
SET /P variable=[promptString]

The /A switch specifies that the string to the right of the equal sign
is a numerical expression that is evaluated.  The expression evaluator
is pretty simple and supports the following operations, in decreasing
order of precedence:

    ()                  - grouping
    ! ~ -               - unary operators
    * / %               - arithmetic operators
    + -                 - arithmetic operators
    << >>               - logical shift
    &                   - bitwise and
    ^                   - bitwise exclusive or
    |                   - bitwise or
    = *= /= %= += -=    - assignment
      &= ^= |= <<= >>=
    ,                   - expression separator

The /P switch allows you to set the value of a variable to a line of input
entered by the user.

Typing SET with just a variable name displays all variables whose names
begin with that text.
`,
  run(_args, ctx) {
    const text = ctx.rest.replace(/^[ \t]+/, '');
    const sw = /^\/([ap])(?:[ \t]+|$)/i.exec(text);
    if (sw && sw[1].toLowerCase() === 'a') {
      const expr = text.slice(sw[0].length);
      if (expr.trim() === '') {
        ctx.err('The syntax of the command is incorrect.');
        return ERROR_INVALID_FUNCTION;
      }
      const result = evaluateArithmetic(expr, ctx.state.env);
      if ('error' in result) {
        ctx.err(result.error.text);
        return result.error.code;
      }
      // At the prompt SET /A shows the value, with no line end of its own.
      ctx.host.write(String(result.value));
      return ERROR_SUCCESS;
    }
    if (sw) {
      const assignment = text.slice(sw[0].length);
      const eq = assignment.indexOf('=');
      if (eq <= 0) {
        ctx.err('The syntax of the command is incorrect.');
        return ERROR_INVALID_FUNCTION;
      }
      ctx.host.write(unquote(assignment.slice(eq + 1)));
      ctx.out('');
      ctx.err('lab: SET /P waits for a line typed at the keyboard, which this console cannot give it; the variable is unchanged.');
      return ERROR_INVALID_FUNCTION;
    }
    if (text.startsWith('/')) {
      ctx.err('The syntax of the command is incorrect.');
      return ERROR_INVALID_FUNCTION;
    }
    const assignment = unquote(text);
    const eq = assignment.indexOf('=');
    if (eq < 0) return list(ctx, assignment.trim() === '' ? '' : assignment.replace(/[ \t]+$/, ''), text.startsWith('""'));
    const name = assignment.slice(0, eq);
    if (name === '') {
      ctx.err('The syntax of the command is incorrect.');
      return ERROR_INVALID_FUNCTION;
    }
    const value = assignment.slice(eq + 1);
    if (value === '') return ctx.state.env.delete(name) ? ERROR_SUCCESS : ERROR_INVALID_FUNCTION;
    ctx.state.env.set(name, value);
    return ERROR_SUCCESS;
  },
};

export const path: ConsoleCommand = {
  name: 'path',
  summary: 'Displays or sets a search path for executable files.',
  help: `Displays or sets a search path for executable files.

PATH [[drive:]path[;...][;%PATH%]
PATH ;

Type PATH ; to clear all search-path settings and direct cmd.exe to search
only in the current directory.
Type PATH without parameters to display the current path.
`,
  run(_args, ctx) {
    const text = ctx.rest.trim();
    if (text === '') {
      ctx.out(`PATH=${ctx.state.env.get('PATH') ?? '(null)'}`);
      return ERROR_SUCCESS;
    }
    if (text === ';') ctx.state.env.delete('PATH');
    else ctx.state.env.set('Path', text.replace(/^=/, ''));
    return ERROR_SUCCESS;
  },
};

export const setCommands: readonly ConsoleCommand[] = [set, path];
