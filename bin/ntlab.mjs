#!/usr/bin/env node
// ntlab command line. Plain JS: checks the Node version, then runs the TypeScript entry point
// (Node >= 22.18 strips types by default; 22.13-22.17 need --experimental-strip-types).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`ntlab needs Node.js >= 22.13.0; this is Node.js ${process.version}. Install Node 22 or newer (see README).`);
  process.exit(1);
}
const main = new URL('../src/cli/main.ts', import.meta.url);
if (process.features.typescript) {
  const { cli } = await import(main.href);
  process.exitCode = await cli(process.argv.slice(2));
} else {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = spawnSync(
    process.execPath,
    [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      fileURLToPath(new URL('./ntlab-ts.mjs', import.meta.url)),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exitCode = child.status ?? 1;
}
