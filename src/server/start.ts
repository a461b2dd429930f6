/** Start a classroom server: open the database, bundle the clients, listen. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { classroomApp } from './app.ts';
import { bundleClients } from './bundle.ts';
import { courseLabs } from './catalog.ts';
import { Classroom } from './classroom.ts';
import type { VerifierOptions } from './verifier.ts';
import { capIdleConnections, MAX_IDLE_PER_ADDRESS } from './idle.ts';
import type { Server } from 'node:http';
import { studentAddresses } from './network.ts';
import type { StudentRate } from './student-routes.ts';
import type { LabInfo } from './protocol.ts';

export interface StartOptions {
  /** The built course (dist/). */
  readonly site: string;
  /** The SQLite database file. */
  readonly data: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly name?: string;
  readonly studentRate?: StudentRate;
  /** The labs to show before students open them; default: the course's lab registry. */
  readonly labs?: readonly LabInfo[];
  /** Replace the instructor token kept in the database (the old link stops working). */
  readonly newToken?: boolean;
  /** How long a client may take to send a request's headers, and the whole request (ms). */
  readonly timeouts?: RequestTimeouts;
  /** Idle connections one network address may hold (default MAX_IDLE_PER_ADDRESS), and how long a new one is spared (ms). */
  readonly maxIdlePerAddress?: number;
  readonly idleGraceMs?: number;
  /** Budgets of the server's own replay of students' labs. */
  readonly verify?: VerifierOptions;
}

export interface RequestTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
}

/**
 * A client that sends its request slowly (a byte at a time, or never the end
 * of its body) holds a connection: these bound how long. Node's own defaults
 * (60 s for headers, 5 min for a request) let one laptop on the network hold
 * thousands of them. An event body is at most 256 KB, which takes far less
 * than 30 s even on a poor link. Streams (SSE) are not affected: the time
 * counts only until the request has arrived.
 */
export const REQUEST_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export interface RunningClassroom {
  readonly classroom: Classroom;
  readonly port: number;
  /** Where the server answers on this machine. */
  readonly origin: string;
  readonly addresses: readonly string[];
  readonly instructorUrl: string;
  close(): Promise<void>;
}

function listen(server: ServerType): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    };
    if (server.listening) done();
    else {
      server.once('listening', done);
      server.once('error', reject);
    }
  });
}

export async function startClassroom(options: StartOptions): Promise<RunningClassroom> {
  const assets = await bundleClients();
  const labs = options.labs ?? (await courseLabs());
  const classroom = await Classroom.open({ data: options.data, name: options.name, labs, newToken: options.newToken, verify: options.verify });
  const app = classroomApp({ classroom, site: options.site, assets, studentRate: options.studentRate });
  const timeouts = options.timeouts ?? REQUEST_TIMEOUTS;
  const server = serve({
    fetch: app.fetch,
    port: options.port,
    hostname: options.host,
    serverOptions: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often Node looks for requests past those times (its default, 30 s, would add up to that much).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
    },
  });
  capIdleConnections(server as Server, options.maxIdlePerAddress ?? MAX_IDLE_PER_ADDRESS, options.idleGraceMs);
  let info: AddressInfo;
  try {
    info = await listen(server);
  } catch (e) {
    classroom.close();
    throw e;
  }
  const addresses = studentAddresses(options.host, info.port);
  classroom.addresses = addresses;
  const local = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const origin = `http://${local.includes(':') ? `[${local}]` : local}:${info.port}`;
  const instructorBase = options.host === '0.0.0.0' || options.host === '::' ? addresses[0].replace(/\/$/, '') : origin;
  return {
    classroom,
    port: info.port,
    origin,
    addresses,
    instructorUrl: `${instructorBase}/instructor?token=${classroom.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          classroom.close();
          resolve();
        });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
