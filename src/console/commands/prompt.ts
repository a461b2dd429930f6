/** PROMPT and the $-codes cmd.exe expands in %PROMPT%. */
import { ERROR_SUCCESS, type ConsoleCommand } from '../command.ts';

export interface PromptContext {
  readonly cwd: string;
  readonly date: string;
  readonly time: string;
  readonly version: string;
  /** How many directories PUSHD has saved ($+ shows one '+' each). */
  readonly depth: number;
}

const CODES = new Map<string, (c: PromptContext) => string>([
  ['A', () => '&'],
  ['B', () => '|'],
  ['C', () => '('],
  ['D', (c) => c.date],
  ['E', () => '\x1b'],
  ['F', () => ')'],
  ['G', () => '>'],
  ['H', () => '\b'],
  ['L', () => '<'],
  ['N', (c) => c.cwd.slice(0, 1)],
  ['P', (c) => c.cwd],
  ['Q', () => '='],
  ['S', () => ' '],
  ['T', (c) => c.time],
  ['V', (c) => c.version],
  ['_', () => '\n'],
  ['$', () => '$'],
  ['+', (c) => '+'.repeat(c.depth)],
]);

/** Expand a PROMPT string; an unknown $-code shows nothing, as in cmd.exe. */
export function expandPrompt(spec: string, ctx: PromptContext): string {
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] !== '$' || i + 1 >= spec.length) {
      out += spec[i];
      continue;
    }
    out += CODES.get(spec[++i].toUpperCase())?.(ctx) ?? '';
  }
  // The escape and backspace characters would move the terminal's cursor behind the line discipline's back.
  return out.replace(/[\x1b\b]/g, '');
}

export const prompt: ConsoleCommand = {
  name: 'prompt',
  summary: 'Changes the Windows command prompt.',
  help: `Changes the cmd.exe command prompt.

PROMPT [text]

  text    Specifies a new command prompt.

Prompt can be made up of normal characters and the following special codes:

  $A   & (Ampersand)
  $B   | (pipe)
  $C   ( (Left parenthesis)
  $D   Current date
  $E   Escape code (ASCII code 27)
  $F   ) (Right parenthesis)
  $G   > (greater-than sign)
  $H   Backspace (erases previous character)
  $L   < (less-than sign)
  $N   Current drive
  $P   Current drive and path
  $Q   = (equal sign)
  $S     (space)
  $T   Current time
  $V   Windows version number
  $_   Carriage return and linefeed
  $$   $ (dollar sign)
  $+   zero or more plus sign (+) characters depending upon the
       depth of the PUSHD directory stack, one character for each
       level pushed.
`,
  run(_args, ctx) {
    const text = ctx.rest.trim();
    if (text === '') ctx.state.env.set('PROMPT', '$P$G');
    else ctx.state.env.set('PROMPT', ctx.rest);
    return ERROR_SUCCESS;
  },
};
