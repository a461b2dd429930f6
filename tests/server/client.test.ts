import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/classroom-client/backoff.ts';
import { ControlRouter } from '../../src/classroom-client/controls.ts';
import { eventId } from '../../src/classroom-client/ids.ts';
import { Outbox } from '../../src/classroom-client/queue.ts';
import { Sender } from '../../src/classroom-client/sender.ts';
import { SseParser } from '../../src/classroom-client/sse.ts';
import type { KeyValue } from '../../src/classroom-client/storage.ts';
import { trimActivity } from '../../src/classroom-client/trim.ts';
import { LIMITS } from '../../src/server/protocol.ts';
import type { LabControl } from '../../src/stores/activity.ts';
import { met, open, step, wire } from './helpers.ts';

function memory(quota = Infinity): KeyValue & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > quota) throw new Error('QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
}

describe('event ids', () => {
  it('are stable per activity and tell apart objectives met on the same line', () => {
    expect(eventId(step(4, 'ver'), 'v1')).toBe('welcome:0:4:step');
    expect(eventId(step(4, 'ver'), 'v2')).toBe('welcome:0:4:step');
    expect(eventId(met(4, 'start'), 'v1')).not.toBe(eventId(met(4, 'query'), 'v1'));
    expect(eventId(open(), 'v1')).not.toBe(eventId(open(), 'v2'));
    const long = eventId({ ...met(1, 'o'.repeat(100)), lab: 'l'.repeat(64) }, 'v');
    expect(long.length).toBeLessThanOrEqual(LIMITS.eventId);
  });
});

describe('outbox', () => {
  it('keeps events across instances (pages), once each, oldest first', () => {
    const store = memory();
    const a = new Outbox(store);
    a.add(wire(step(1, 'a')));
    a.add(wire(step(2, 'b')));
    a.add(wire(step(1, 'a')));
    const b = new Outbox(store);
    expect(b.all().map((e) => e.id)).toEqual(['welcome:0:1:step', 'welcome:0:2:step']);
    b.remove(['welcome:0:1:step']);
    expect(a.all().map((e) => e.id)).toEqual(['welcome:0:2:step']);
  });

  it('cuts batches by count and by size', () => {
    const box = new Outbox(memory());
    for (let i = 0; i < 150; i++) box.add(wire(step(i, 'x')));
    expect(box.batch()).toHaveLength(LIMITS.eventsPerRequest);
    expect(box.batch(1)).toHaveLength(1);
    const big = new Outbox(memory());
    for (let i = 0; i < 12; i++) big.add(wire({ ...step(i, 'x'), output: 'y'.repeat(30_000) } as ReturnType<typeof step>));
    const batch = big.batch();
    expect(batch.length).toBeGreaterThan(1);
    expect(JSON.stringify({ events: batch }).length).toBeLessThan(LIMITS.eventsBody);
  });

  it('holds events in memory when storage is full rather than lose them', () => {
    const box = new Outbox(memory(2_000));
    for (let i = 0; i < 30; i++) box.add(wire(step(i, `command ${i}`)));
    expect(box.size).toBe(30);
    box.remove(box.batch(10).map((e) => e.id));
    expect(box.size).toBe(20);
  });
});

describe('trimming', () => {
  it('fits long output under the server limit and marks the cut', () => {
    const t = trimActivity({ ...step(1, 'x'), output: 'z'.repeat(LIMITS.output + 10) } as ReturnType<typeof step>);
    expect(t.kind === 'step' && t.output.length).toBe(LIMITS.output);
    expect(t.kind === 'step' && t.output.endsWith('[output cut by the classroom client]')).toBe(true);
  });
});

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network';

function fakeServer(replies: Reply[]) {
  const bodies: { events: { id: string }[] }[] = [];
  const post = async (_url: string, init: RequestInit): Promise<Response> => {
    bodies.push(JSON.parse(String(init.body)) as { events: { id: string }[] });
    const r = replies.shift() ?? { status: 200 };
    if (r === 'network') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(r.body ?? {}), { status: r.status, headers: r.headers });
  };
  return { post, bodies };
}

describe('sender', () => {
  const hooks = (log: string[]) => ({ unauthorized: () => log.push('unauthorized'), status: () => undefined });

  it('removes events only after the server acknowledged them, retrying after a failure', async () => {
    const box = new Outbox(memory());
    box.add(wire(step(1, 'a')));
    box.add(wire(step(2, 'b')));
    const server = fakeServer([{ status: 503 }, 'network', { status: 200 }]);
    const sender = new Sender(box, hooks([]), server.post);
    sender.setCredentials({ studentId: 's', secret: 'k' });
    // Wake the backoff sleeps at once: the test checks what is sent, not when.
    const wake = setInterval(() => sender.kick(), 5);
    while (box.size > 0) await new Promise((r) => setTimeout(r, 5));
    clearInterval(wake);
    expect(server.bodies).toHaveLength(3);
    for (const b of server.bodies) expect(b.events.map((e) => e.id)).toEqual(['welcome:0:1:step', 'welcome:0:2:step']);
  });

  it('sends one by one after a refused batch and drops only the event that can never be stored', async () => {
    const box = new Outbox(memory());
    for (let i = 1; i <= 5; i++) box.add(wire(step(i, i === 3 ? 'bad' : String(i))));
    const seen: string[][] = [];
    const stored = new Set<string>();
    const post = async (_url: string, init: RequestInit): Promise<Response> => {
      const ids = (JSON.parse(String(init.body)) as { events: { id: string; activity: { input: string } }[] }).events;
      seen.push(ids.map((e) => e.id));
      if (ids.some((e) => e.activity.input === 'bad')) return new Response('{}', { status: 400 });
      for (const e of ids) stored.add(e.id);
      return new Response('{}', { status: 200 });
    };
    const sender = new Sender(box, hooks([]), post);
    sender.setCredentials({ studentId: 's', secret: 'k' });
    while (box.size > 0) await new Promise((r) => setTimeout(r, 5));
    expect(seen.map((b) => b.length)).toEqual([5, 1, 1, 1, 1, 1]);
    expect([...stored].sort()).toEqual(['welcome:0:1:step', 'welcome:0:2:step', 'welcome:0:4:step', 'welcome:0:5:step']);
  });

  it('asks to join again when the secret is refused, keeping the events', async () => {
    const box = new Outbox(memory());
    box.add(wire(step(1, 'a')));
    const log: string[] = [];
    const server = fakeServer([{ status: 401 }]);
    const sender = new Sender(box, hooks(log), server.post);
    sender.setCredentials({ studentId: 's', secret: 'k' });
    while (log.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['unauthorized']);
    expect(box.size).toBe(1);
  });

  it('backs off up to 30 seconds with jitter', () => {
    expect(retryDelay(1, () => 0.5)).toBe(500);
    expect(retryDelay(3, () => 0.5)).toBe(2000);
    expect(retryDelay(20, () => 0.5)).toBe(30_000);
    expect(retryDelay(20, () => 0)).toBe(22_500);
  });
});

describe('SSE parser', () => {
  it('joins data lines, names events, skips comments and survives split chunks', () => {
    const p = new SseParser();
    expect(p.push(': keep-alive\n\nevent: control\ndata: {"a":')).toEqual([]);
    expect(p.push('1}\ndata: x\n\nda')).toEqual([{ event: 'control', data: '{"a":1}\nx' }]);
    expect(p.push('ta: y\r\n\r\n')).toEqual([{ event: 'message', data: 'y' }]);
  });
});

describe('control router', () => {
  it('resets an open lab at once, and a lab on another page when it opens', () => {
    const store = memory();
    const sent: LabControl[] = [];
    const r = new ControlRouter(store, (c) => sent.push(c));
    r.labOpened('welcome');
    r.apply({ id: 1, kind: 'reset', studentId: 's', lab: 'welcome', at: 0 });
    r.apply({ id: 2, kind: 'reset', studentId: 's', lab: 'drivers', at: 0 });
    r.apply({ id: 2, kind: 'reset', studentId: 's', lab: 'drivers', at: 0 });
    expect(sent).toEqual([{ kind: 'reset', lab: 'welcome' }]);
    const next = new ControlRouter(store, (c) => sent.push(c));
    next.labOpened('drivers');
    next.labOpened('drivers');
    expect(sent).toEqual([
      { kind: 'reset', lab: 'welcome' },
      { kind: 'reset', lab: 'drivers' },
    ]);
    expect(next.lastControl).toBe(2);
  });

  it('tells a lab about its lock when it opens and when the lock changes', () => {
    const sent: LabControl[] = [];
    const r = new ControlRouter(memory(), (c) => sent.push(c));
    r.setLocks({ welcome: { locked: true, message: 'Wait' } });
    expect(sent).toEqual([]);
    r.labOpened('welcome');
    r.labOpened('drivers');
    expect(sent).toEqual([{ kind: 'lock', lab: 'welcome', locked: true, message: 'Wait' }]);
    r.apply({ id: 3, kind: 'lock', lab: 'welcome', locked: false, message: '', at: 0 });
    expect(sent.at(-1)).toEqual({ kind: 'lock', lab: 'welcome', locked: false });
    const broadcast = r.apply({ id: 4, kind: 'broadcast', message: 'hi', at: 0 });
    expect(broadcast?.message).toBe('hi');
  });
});
