/**
 * Idle connections per network address are capped. A connection is idle from
 * when it opens until its first request arrives, and between requests on a
 * kept-alive connection; an SSE stream is busy for as long as it runs. When
 * one address goes over the cap, its longest-idle connection is closed, so
 * one machine cannot take the file descriptors the rest of the class needs.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address.ts';

/** Enough for several students behind one address, each with a few pages open. */
export const MAX_IDLE_PER_ADDRESS = 32;

export function capIdleConnections(server: Server, max: number = MAX_IDLE_PER_ADDRESS): void {
  const idle = new Map<string, Set<Socket>>();
  const keyOf = (socket: Socket): string => addressKey(socket.remoteAddress ?? 'unknown');

  const rest = (socket: Socket): void => {
    if (socket.destroyed) return;
    const key = keyOf(socket);
    let set = idle.get(key);
    if (!set) idle.set(key, (set = new Set()));
    set.add(socket);
    // A Set keeps insertion order: the first is the one idle longest.
    while (set.size > max) {
      const oldest = set.values().next().value as Socket;
      set.delete(oldest);
      oldest.destroy();
    }
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
}
