/**
 * `ntlab serve` (npm start): build the course if needed and serve dist/ on exactly the port
 * asked for (scripts/static-server.mjs). A busy port is one line and exit 1, before any build.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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
  const busy = await portProblem(opts.host, opts.port);
  if (busy) {
    process.stderr.write(`${busy}\n`);
    return 1;
  }
  if (!buildIfNeeded()) return 1;
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'static-server.mjs'), join(ROOT, 'dist'), opts.host, String(opts.port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The banner only once the server listens (it may still fail: it then says why in one line).
  const listening = await new Promise<boolean>((resolve) => {
    child.stdout?.once('data', () => resolve(true));
    child.once('exit', () => resolve(false));
  });
  if (!listening) return 1;
  console.log(`\nntlab: the course is at http://localhost:${opts.port}/`);
  if (opts.host === '0.0.0.0') {
    for (const ip of lanAddresses()) console.log(`       students on this network: http://${ip}:${opts.port}/`);
  }
  console.log('       no internet needed. Ctrl-C stops the server.\n');
  return new Promise((resolve) => {
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('exit', (code) => resolve(code ?? 0));
  });
}

/** Why the port cannot be listened on (one line), or null when it is free. */
export function portProblem(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      resolve(
        err.code === 'EADDRINUSE'
          ? `ntlab: port ${port} is already in use on ${host} (is the course already being served?). Stop that server, or choose another port with --port N.`
          : `ntlab: cannot serve on ${host}:${port}: ${err.message}`,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}
