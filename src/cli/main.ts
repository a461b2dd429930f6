/** `npx ntlab <command>`: the headless runner, the course server and the classroom. */
import { labsCommand, runCommand, solutionCommand } from './labs.ts';
import { serveCommand } from './serve.ts';

const USAGE = `Usage: ntlab <command> [options]

Commands:
  labs                       List the labs: id and title, one per line.
  run <lab-id> [--json]      Run a lab with standard input as the keyboard.
  solution <lab-id>          Print a lab's model solution, one input line per line.
  serve [--port N] [--host H]
                             Build the course if needed and serve it (what npm start does).
  classroom [--port N] [--host H] [--data FILE]
                             Serve the course with the classroom API and dashboard.
  help                       Show this text.

  ntlab solution welcome | ntlab run welcome     replays the model solution.
`;

export async function cli(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'labs':
        return await labsCommand(args);
      case 'run':
        return await runCommand(args);
      case 'solution':
        return await solutionCommand(args);
      case 'serve':
        return await serveCommand(args);
      case 'classroom': {
        const mod = (await import('./classroom.ts')) as { classroomCommand(args: readonly string[]): Promise<number> };
        return await mod.classroomCommand(args);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`ntlab: unknown command '${command}'. Commands: labs, run, solution, serve, classroom, help.\n`);
        return 2;
    }
  } catch (err) {
    // Never a stack trace: one line saying what went wrong.
    process.stderr.write(`ntlab: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
