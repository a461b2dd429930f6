/** Small HTTP helpers: JSON errors, bearer tokens, size-limited JSON bodies. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from './protocol.ts';

export function jsonError(c: Context, status: ContentfulStatusCode, error: string, message: string): Response {
  const body: ApiError = { error, message };
  return c.json(body, status);
}

export function bearer(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

export type Body = { readonly ok: true; readonly value: unknown; readonly size: number } | { readonly ok: false; readonly response: Response };

/** Read a JSON body of at most `limit` bytes, answering 415/413/400 with a JSON error otherwise. */
export async function readJson(c: Context, limit: number): Promise<Body> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return { ok: false, response: jsonError(c, 415, 'unsupported_media_type', 'Send the body as application/json.') };
  }
  const tooLarge = (): Body => {
    // The rest of the body is not read: close the connection so it cannot be taken for the next request.
    c.header('Connection', 'close');
    return { ok: false, response: jsonError(c, 413, 'too_large', `The body is larger than ${limit} bytes.`) };
  };
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) return tooLarge();
  const stream = c.req.raw.body;
  if (!stream) return { ok: false, response: jsonError(c, 400, 'invalid_json', 'The body is empty; send JSON.') };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown, size };
  } catch {
    return { ok: false, response: jsonError(c, 400, 'invalid_json', 'The body is not valid JSON.') };
  }
}
