/** `npm start` on a busy port (a second `npm start`, or anything else there): one line, exit 1, no stack trace, no other port. */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let busy: Server;
let port = 0;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
  const address = busy.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

describe('a busy port', () => {
  it('stops `ntlab serve` with one line before anything is built', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'ntlab.mjs'), 'serve', '--host', '127.0.0.1', '--port', String(port)], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `ntlab: port ${port} is already in use on 127.0.0.1 (is the course already being served?). Stop that server, or choose another port with --port N.`,
    ]);
    expect(r.stdout).not.toContain('the course is at');
  });

  it('stops the static server with one line too', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'static-server.mjs'), join(root, 'public'), '127.0.0.1', String(port)], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('already in use');
  });
});
