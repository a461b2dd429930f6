/** A headless xterm.js driving the line discipline, for tests. */
import { Terminal } from '@xterm/headless';
import type { Completion } from '../../src/base/program.ts';
import { LineDiscipline } from '../../src/terminal/line-discipline.ts';
import type { LineHandler } from '../../src/terminal/types.ts';

export class FakeHandler implements LineHandler {
  lines: { line: string; recalled: boolean }[] = [];
  interrupts = 0;
  clears = 0;
  promptText = 'C:\\>';
  words = ['help', 'history', 'cls', 'ver', 'echo'];
  reply: (line: string) => { output: string; cleared: boolean } = (line) => ({ output: line ? `ran ${line}\n` : '', cleared: false });

  prompt(): string {
    return this.promptText;
  }
  submit(line: string, recalled: boolean) {
    this.lines.push({ line, recalled });
    return this.reply(line);
  }
  complete(line: string, cursor: number): Completion | null {
    const before = line.slice(0, cursor);
    const from = before.lastIndexOf(' ') + 1;
    const partial = before.slice(from);
    return { from, candidates: this.words.filter((w) => w.startsWith(partial)) };
  }
  interrupt(): string {
    this.interrupts++;
    return '';
  }
  clearScreen(): void {
    this.clears++;
  }
  history(): readonly string[] {
    return this.lines.map((l) => l.line);
  }
}

export class Harness {
  readonly term: Terminal;
  readonly handler: FakeHandler;
  readonly ld: LineDiscipline;

  constructor(cols = 40, rows = 10, handler = new FakeHandler()) {
    this.term = new Terminal({ cols, rows, allowProposedApi: true });
    this.handler = handler;
    this.ld = new LineDiscipline(this.term, handler);
  }

  start(initial = ''): Promise<void> {
    this.ld.start(initial);
    return this.flush();
  }

  async type(data: string): Promise<void> {
    this.ld.input(data);
    await this.flush();
  }

  flush(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  /** Visible screen lines, right-trimmed. */
  screen(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  /** All lines including scrollback, trailing empty lines dropped. */
  all(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < buf.length; y++) out.push(buf.getLine(y)?.translateToString(true) ?? '');
    while (out.length && out[out.length - 1] === '') out.pop();
    return out;
  }

  /** Cursor as [row within viewport, column]. */
  cursor(): [number, number] {
    const buf = this.term.buffer.active;
    return [buf.cursorY, buf.cursorX];
  }

  resize(cols: number, rows = this.term.rows): Promise<void> {
    this.term.resize(cols, rows);
    this.ld.resized();
    return this.flush();
  }
}
