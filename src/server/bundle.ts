/**
 * Bundles the student client and the instructor dashboard for the browser
 * with esbuild when the server starts (kept in memory; nothing is written).
 */
import { join } from 'node:path';

export interface Asset {
  readonly type: string;
  readonly body: string;
}

const SOURCES = join(import.meta.dirname, '..', 'classroom-client');

const ENTRIES: Readonly<Record<string, string>> = {
  client: join(SOURCES, 'client.ts'),
  'client-style': join(SOURCES, 'client.css'),
  instructor: join(SOURCES, 'instructor', 'main.ts'),
  'instructor-style': join(SOURCES, 'instructor', 'dashboard.css'),
};

/** Served path → what the bundle produced for it. */
const SERVED: Readonly<Record<string, string>> = {
  'client.js': 'client.js',
  'client.css': 'client-style.css',
  'instructor.js': 'instructor.js',
  'instructor.css': 'instructor-style.css',
};

export async function bundleClients(): Promise<Map<string, Asset>> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: ENTRIES,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: '/out',
    entryNames: '[name]',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const produced = new Map(result.outputFiles.map((f) => [f.path.slice('/out/'.length), f.text]));
  const assets = new Map<string, Asset>();
  for (const [served, name] of Object.entries(SERVED)) {
    const body = produced.get(name);
    if (body === undefined) throw new Error(`the classroom bundle has no ${name}`);
    const type = served.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    assets.set(served, { type, body });
  }
  return assets;
}
