/** Start tests/server/run-server.ts as a child process and wait until it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildServer {
  readonly process: ChildProcess;
  readonly origin: string;
  readonly code: string;
  readonly token: string;
  /** Resolves with the signal or exit code when the process ends. */
  readonly exited: Promise<string>;
}

export interface ChildOptions {
  /** Lift the per-student rate limit. */
  readonly fast?: boolean;
  /** Listen on this port (default: any free one). */
  readonly port?: number;
}

export function startChild(site: string, data: string, options: ChildOptions = {}): Promise<ChildServer> {
  const args = [join(import.meta.dirname, 'run-server.ts'), site, data];
  if (options.fast) args.push('--fast');
  if (options.port !== undefined) args.push('--port', String(options.port));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const info = JSON.parse(line) as { origin: string; code: string; token: string };
      resolve({ process: child, origin: info.origin, code: info.code, token: info.token, exited });
    });
    void exited.then((how) => reject(new Error(`the server exited (${how}) before listening: ${stderr}`)));
  });
}

/** A port nobody listens on right now (on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
