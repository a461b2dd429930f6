/**
 * Serves the built course (dist/) and adds the classroom client to every HTML
 * page on the way out, so the static site itself carries no classroom code.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

const TAGS = '<link rel="stylesheet" href="/_classroom/client.css"><script type="module" src="/_classroom/client.js"></script>';
/** Tells the client that this browser is the instructor's: it then asks no join and sends nothing. */
const INSTRUCTOR_TAG = '<meta name="ntlab-classroom-role" content="instructor">';

/**
 * Add the classroom client's stylesheet and script to a page, ahead of the
 * page's own scripts: module scripts run in document order, so the client is
 * listening before any lab terminal on the page can report its first activity.
 */
export function injectClient(html: string, instructor = false): string {
  const tags = instructor ? INSTRUCTOR_TAG + TAGS : TAGS;
  const head = /<\/head>/i.exec(html);
  const script = /<script\b/i.exec(html);
  const at = script && (!head || script.index < head.index) ? script.index : head ? head.index : -1;
  if (at >= 0) return html.slice(0, at) + tags + html.slice(at);
  const body = /<body\b[^>]*>/i.exec(html);
  if (body) return html.slice(0, body.index + body[0].length) + tags + html.slice(body.index + body[0].length);
  return tags + html;
}

/** Script types a browser runs; any other `type` (JSON data, templates) is inert. */
const RUNNABLE = /^(?:|text\/javascript|application\/javascript|module)$/i;

/**
 * The Content-Security-Policy of a course page: scripts only from this server
 * and the page's own inline scripts (by hash, so nothing injected into a page
 * could run), WebAssembly for the search, styles inline as xterm and the
 * lessons set them, nothing from anywhere else, and no framing by other sites.
 */
export function pagePolicy(html: string): string {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1];
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attrs)?.[1] ?? '';
    if (!RUNNABLE.test(type)) continue;
    hashes.add(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${[...hashes].map((h) => ` ${h}`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Whether `path` is a file (or a folder) that really lies under the site's
 * folder `realRoot` (its real path): a symbolic link in the site that points
 * elsewhere is treated as missing.
 */
async function kindAt(path: string, realRoot: string, want: 'file' | 'dir'): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!(want === 'file' ? info.isFile() : info.isDirectory())) return false;
    const real = await realpath(path);
    return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  } catch {
    return false;
  }
}

export type SiteAnswer =
  | {
      readonly kind: 'file';
      readonly status: number;
      readonly type: string;
      readonly body: Uint8Array | string;
      readonly immutable: boolean;
      /** The Content-Security-Policy of an HTML page. */
      readonly policy?: string;
    }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'bad' };

async function respond(file: string, status: number, instructor: boolean): Promise<SiteAnswer> {
  const ext = extname(file).toLowerCase();
  const type = TYPES[ext] ?? 'application/octet-stream';
  if (ext === '.html') {
    const body = injectClient(await readFile(file, 'utf8'), instructor);
    return { kind: 'file', status, type, body, immutable: false, policy: pagePolicy(body) };
  }
  return { kind: 'file', status, type, body: await readFile(file), immutable: file.includes(`${sep}_astro${sep}`) };
}

/** Find what `pathname` names under `root`; never anything outside it. */
export async function siteAnswer(root: string, pathname: string, instructor = false): Promise<SiteAnswer> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad' };
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  if (rel.split(/[/\\]/).includes('..')) return { kind: 'bad' };
  const base = normalize(root);
  const full = join(base, rel);
  if (full !== base && !full.startsWith(base.endsWith(sep) ? base : base + sep)) return { kind: 'bad' };

  const realRoot = await realpath(base).catch(() => base);
  const fileAt = (path: string): Promise<boolean> => kindAt(path, realRoot, 'file');
  const dirAt = (path: string): Promise<boolean> => kindAt(path, realRoot, 'dir');
  if (await fileAt(full)) return respond(full, 200, instructor);
  if (await dirAt(full)) {
    // Built from the checked path, never from what was asked: `//host/..%2fdir` must not send the browser to `//host/`.
    if (!pathname.endsWith('/')) {
      const segments = rel.split(sep).filter((part) => part !== '' && part !== '.');
      return { kind: 'redirect', location: segments.length > 0 ? `/${segments.map(encodeURIComponent).join('/')}/` : '/' };
    }
    const index = join(full, 'index.html');
    if (await fileAt(index)) return respond(index, 200, instructor);
  } else if (!extname(full) && (await fileAt(`${full}.html`))) {
    return respond(`${full}.html`, 200, instructor);
  }
  const missing = join(base, '404.html');
  if (await fileAt(missing)) return respond(missing, 404, instructor);
  return { kind: 'file', status: 404, type: 'text/plain; charset=utf-8', body: 'Not found\n', immutable: false };
}
