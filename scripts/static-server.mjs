#!/usr/bin/env node
// A small static file server for a built site: `node scripts/static-server.mjs <dir> <host> <port>`.
// The browser tests use it instead of `astro preview`, which allows only one server per project
// (so the tests would fail while `npm start` is running). GET and HEAD only; directory URLs
// serve index.html, a directory without its trailing slash is redirected, unknown paths get
// 404.html with status 404, and nothing outside <dir> is ever served.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const [dirArg, host = '127.0.0.1', portArg = '0'] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: node scripts/static-server.mjs <dir> [host] [port]');
  process.exit(2);
}
const root = resolve(dirArg);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

function file(path) {
  return existsSync(path) && statSync(path).isFile() ? path : null;
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const target = normalize(join(root, pathname));
  if (pathname.includes('\0') || (target !== root && !target.startsWith(root + sep))) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(target) && statSync(target).isDirectory() && !pathname.endsWith('/')) {
    res.writeHead(301, { Location: pathname + '/' }).end();
    return;
  }
  const found = file(target) ?? file(join(target, 'index.html'));
  const path = found ?? file(join(root, '404.html'));
  if (!path) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(found ? 200 : 404, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
});
// The port is the one asked for, or nothing: a busy port is one line on stderr and exit 1.
server.on('error', (err) => {
  const where = `${host}:${portArg}`;
  console.error(
    err.code === 'EADDRINUSE'
      ? `ntlab: port ${portArg} is already in use on ${host} (is the course already being served?). Stop that server, or choose another port with --port N.`
      : `ntlab: cannot serve on ${where}: ${err.message}`,
  );
  process.exit(1);
});
server.listen(Number(portArg), host, () => {
  const address = server.address();
  console.log(`serving ${root} on http://${host}:${typeof address === 'object' && address ? address.port : portArg}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
