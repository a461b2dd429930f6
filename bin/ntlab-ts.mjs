// Entry used when Node needs --experimental-strip-types to load TypeScript.
const { cli } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
process.exitCode = await cli(process.argv.slice(2));
