/**
 * Idle connections per network address are capped. A connection is idle from
 * when it opens until its first request arrives, and between requests on a
 * kept-alive connection; an SSE stream is busy for as long as it runs. When
 * one address holds more idle connections than the cap, those idle longer
 * than a grace period are closed, longest-idle first: one machine cannot take
 * the file descriptors the rest of the class needs, while a room behind one
 * address, whose pages connect and send at once, is never cut off.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address.ts';

/** Enough for several students behind one address, each with a few pages open. */
export const MAX_IDLE_PER_ADDRESS = 32;
/** A connection this new is about to be used: it is never closed for the cap. */
export const IDLE_GRACE_MS = 5000;

export function capIdleConnections(server: Server, max: number = MAX_IDLE_PER_ADDRESS, graceMs: number = IDLE_GRACE_MS): void {
  /** Per address, each idle socket and since when (a Map keeps insertion order: longest idle first). */
  const idle = new Map<string, Map<Socket, number>>();
  const keyOf = (socket: Socket): string => addressKey(socket.remoteAddress ?? 'unknown');

  const enforce = (set: Map<Socket, number>): void => {
    const now = Date.now();
    for (const [socket, since] of set) {
      if (set.size <= max || now - since < graceMs) return;
      set.delete(socket);
      socket.destroy();
    }
  };
  const rest = (socket: Socket): void => {
    if (socket.destroyed) return;
    const key = keyOf(socket);
    let set = idle.get(key);
    if (!set) idle.set(key, (set = new Map()));
    set.set(socket, Date.now());
    enforce(set);
  };
  const busy = (socket: Socket): void => {
    const key = keyOf(socket);
    const set = idle.get(key);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) idle.delete(key);
  };

  server.on('connection', (socket: Socket) => {
    rest(socket);
    socket.once('close', () => busy(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    busy(socket);
    res.once('finish', () => rest(socket));
  });
  // Connections that outlive the grace period are looked at again even when no new one arrives.
  const sweep = setInterval(
    () => {
      for (const set of idle.values()) enforce(set);
    },
    Math.max(250, graceMs),
  );
  sweep.unref();
  server.once('close', () => clearInterval(sweep));
}
