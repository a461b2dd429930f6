/** Server-sent event responses that stay open until the client goes away. */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

const KEEPALIVE_MS = 20_000;

export type Write = (event: string, data: unknown) => void;

/** Answer with an event stream; `start` subscribes with `write` and returns the unsubscribe. */
export function eventStream(c: Context, start: (write: Write) => () => void): Response {
  return streamSSE(c, async (stream) => {
    const write: Write = (event, data) => {
      if (!stream.aborted && !stream.closed) void stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => undefined);
    };
    const stop = start(write);
    const keepalive = setInterval(() => void stream.write(': keep-alive\n\n'), KEEPALIVE_MS);
    await new Promise<void>((resolve) => stream.onAbort(resolve));
    clearInterval(keepalive);
    stop();
  });
}
