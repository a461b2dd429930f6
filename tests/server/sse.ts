/** Read server-sent events from a fetch response in tests. */
import { SseParser, type SseMessage } from '../../src/classroom-client/sse.ts';

export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<string>;
  private readonly parser = new SseParser();
  private readonly queued: SseMessage[] = [];
  private readonly abort: AbortController;

  private constructor(body: ReadableStream<Uint8Array>, abort: AbortController) {
    this.reader = body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
    this.abort = abort;
  }

  static async open(url: string, headers: Record<string, string>): Promise<{ status: number; reader: SseReader | null; text: string }> {
    const abort = new AbortController();
    const res = await fetch(url, { headers, signal: abort.signal });
    if (res.status !== 200 || !res.body) return { status: res.status, reader: null, text: await res.text() };
    return { status: res.status, reader: new SseReader(res.body, abort), text: '' };
  }

  /** The next message whose event name is `event` (others are skipped). */
  async next(event: string): Promise<SseMessage> {
    for (;;) {
      const i = this.queued.findIndex((m) => m.event === event);
      if (i >= 0) return this.queued.splice(i, 1)[0];
      const { done, value } = await this.reader.read();
      if (done) throw new Error(`the stream ended before a '${event}' message`);
      this.queued.push(...this.parser.push(value));
    }
  }

  close(): void {
    this.abort.abort();
  }
}
