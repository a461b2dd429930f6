#!/usr/bin/env node
// Browser tests against the built site: serves dist/ with scripts/static-server.mjs on 127.0.0.1 and a
// free port, runs `playwright test` (extra arguments are passed on) with the base URL in
// NTLAB_BASE_URL, then stops the server. Builds nothing: run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((path) => existsSync(path));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers, or rejects when the server process exits first. */
function waitForServer(url, child) {
  return new Promise((resolve, reject) => {
    let done = false;
    child.once('exit', (code) => {
      if (!done) reject(new Error(`the static server exited with code ${code} before serving ${url}`));
    });
    const poll = async () => {
      if (done) return;
      try {
        const response = await fetch(url);
        if (response.ok) {
          done = true;
          resolve();
          return;
        }
      } catch {
        // not listening yet
      }
      setTimeout(poll, 200);
    };
    void poll();
  });
}

const chromium = findChromium();
if (!chromium) {
  fail('no Chromium found: install one (`apt-get install -y chromium`) or set CHROMIUM_PATH to its executable.');
}
if (!existsSync(join(root, 'dist', 'index.html'))) {
  fail('dist/ has no built site: run `npm run build` first.');
}
if (!existsSync(join(root, 'dist', 'pagefind', 'pagefind.js'))) {
  fail('dist/pagefind is missing: run `npm run build` (astro build, then pagefind --site dist).');
}

const port = await freePort();
const baseURL = `http://127.0.0.1:${port}`;
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', CHROMIUM_PATH: chromium, NTLAB_BASE_URL: baseURL };

// A plain static server for dist/ (astro preview allows one server per project, so it would
// collide with a running `npm start`).
const server = spawn(process.execPath, [join(root, 'scripts', 'static-server.mjs'), join(root, 'dist'), '127.0.0.1', String(port)], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
server.stdout.on('data', (chunk) => (serverLog += chunk));
server.stderr.on('data', (chunk) => (serverLog += chunk));

function stopServer() {
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
}
process.on('exit', stopServer);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopServer();
    process.exit(130);
  });
}

try {
  await waitForServer(`${baseURL}/`, server);
} catch (error) {
  console.error(serverLog);
  fail(error instanceof Error ? error.message : String(error));
}

const tests = spawn(bin('playwright'), ['test', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
const code = await new Promise((resolve) => tests.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
stopServer();
process.exit(code);
