/**
 * `npx ntlab classroom` (npm run classroom): build the course if needed, then
 * serve it with the classroom API and the instructor dashboard on the LAN.
 */
import { join, resolve } from 'node:path';
import { startClassroom } from '../server/start.ts';
import { buildIfNeeded, ROOT } from './build.ts';

const USAGE = 'Usage: ntlab classroom [--port N] [--host H] [--data FILE] [--name "Class name"] [--new-token]';

export interface ClassroomArgs {
  readonly port: number;
  readonly host: string;
  readonly data: string;
  readonly name: string | undefined;
  /** Replace the instructor token (after the link was seen by someone else). */
  readonly newToken: boolean;
  readonly help: boolean;
}

export const DEFAULT_DATA = join(ROOT, '.cache', 'classroom.db');

/** Parse the options; a string is the usage error to print. */
export function parseClassroomArgs(args: readonly string[]): ClassroomArgs | string {
  let port = 4321;
  let host = '0.0.0.0';
  let data = DEFAULT_DATA;
  let name: string | undefined;
  let help = false;
  let newToken = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) return undefined;
      i++;
      return v;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535) return '--port needs a number from 1 to 65535';
        port = Number(v);
        break;
      }
      case '--host': {
        const v = value();
        if (!v) return '--host needs an address (0.0.0.0 for every network)';
        host = v;
        break;
      }
      case '--data': {
        const v = value();
        if (!v) return '--data needs a file name';
        data = resolve(v);
        break;
      }
      case '--name': {
        const v = value()?.trim();
        if (!v || v.length > 80) return '--name needs a class name of 1 to 80 characters';
        name = v;
        break;
      }
      case '--new-token':
        if (inline !== undefined) return '--new-token takes no value';
        newToken = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        return `unknown option '${a}'`;
    }
  }
  return { port, host, data, name, newToken, help };
}

function waitForStop(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function classroomCommand(args: readonly string[]): Promise<number> {
  const opts = parseClassroomArgs(args);
  if (typeof opts === 'string') {
    process.stderr.write(`ntlab classroom: ${opts}.\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n\nServes the course to the room with the classroom API and the instructor dashboard.\n`);
    return 0;
  }
  if (!buildIfNeeded()) return 1;
  let running;
  try {
    running = await startClassroom({
      site: join(ROOT, 'dist'),
      data: opts.data,
      host: opts.host,
      port: opts.port,
      name: opts.name,
      newToken: opts.newToken,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') process.stderr.write(`ntlab classroom: port ${opts.port} is in use; pick another with --port.\n`);
    else if (code === 'EADDRNOTAVAIL') process.stderr.write(`ntlab classroom: ${opts.host} is not an address of this machine.\n`);
    else process.stderr.write(`ntlab classroom: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const c = running.classroom;
  const lines = [
    '',
    `ntlab classroom "${c.name}" is running. No internet needed.`,
    '',
    'Students open:',
    ...running.addresses.map((a) => `  ${a}`),
    '',
    `Join code:  ${c.code}`,
    '',
    'Instructor (keep this link to yourself; project the dashboard, not this terminal):',
    `  ${running.instructorUrl}`,
    ...(opts.newToken ? ['  (a new link: the one printed before no longer works)'] : []),
    '',
    `Data: ${opts.data}`,
    'Ctrl-C stops the server; everything is kept for the next start.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  await waitForStop();
  await running.close();
  process.stdout.write('ntlab classroom: stopped.\n');
  return 0;
}
