/** `ntlab run <lab>` on a real terminal: raw keys into the line discipline, output to stdout. */
import type { LabDefinition } from '../lab/schema.ts';
import { LabSession } from '../lab/session.ts';
import { LineDiscipline } from '../terminal/line-discipline.ts';
import { sessionHandler } from '../terminal/session-handler.ts';

export function runInteractive(lab: LabDefinition): Promise<number> {
  const session = new LabSession(lab);
  const term = {
    write: (d: string) => void process.stdout.write(d),
    get cols() {
      return process.stdout.columns || 80;
    },
  };
  const ld = new LineDiscipline(term, sessionHandler(session));
  process.stdout.write(`${lab.title} — Ctrl-D on an empty line leaves; "lab" (or ".lab" in the debugger) shows the objectives.\r\n\r\n`);
  ld.start(session.initialOutput);
  process.stdout.on('resize', () => ld.resized());
  process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.resume();
  return new Promise((resolve) => {
    process.stdin.on('data', (data: string) => {
      if (data === '\x04' && ld.line === '') {
        process.stdin.setRawMode(false);
        process.stdin.pause();
        const { done, total } = session.grader.score();
        process.stdout.write(`\r\n${done} of ${total} objectives met.\r\n`);
        resolve(0);
        return;
      }
      ld.input(data);
    });
  });
}
