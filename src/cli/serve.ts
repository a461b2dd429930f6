/** `ntlab serve` (npm start): build the course if needed and serve dist/ with astro preview. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded, ROOT } from './build.ts';
import { lanAddresses } from './network.ts';

export function parseServeArgs(args: readonly string[]): { port: number; host: string } | string {
  let port = 4321;
  let host = '0.0.0.0';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = args[i + 1];
    if (a === '--port') {
      if (!value || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) return `--port needs a number from 1 to 65535`;
      port = Number(value);
      i++;
    } else if (a === '--host') {
      if (!value) return '--host needs an address';
      host = value;
      i++;
    } else {
      return `unknown option '${a}'`;
    }
  }
  return { port, host };
}

export async function serveCommand(args: readonly string[]): Promise<number> {
  const opts = parseServeArgs(args);
  if (typeof opts === 'string') {
    process.stderr.write(`ntlab serve: ${opts}. Usage: ntlab serve [--port N] [--host H]\n`);
    return 2;
  }
  if (!buildIfNeeded()) return 1;
  console.log(`\nntlab: the course is at http://localhost:${opts.port}/`);
  if (opts.host === '0.0.0.0') {
    for (const ip of lanAddresses()) console.log(`       students on this network: http://${ip}:${opts.port}/`);
  }
  console.log('       no internet needed. Ctrl-C stops the server.\n');
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'astro'), ['preview', '--host', opts.host, '--port', String(opts.port)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('exit', (code) => resolve(code ?? 0));
  });
}
