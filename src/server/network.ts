/** The addresses students can open. */
import { networkInterfaces } from 'node:os';

/** Every non-internal IPv4 address of this machine, or the one host bound to. */
export function studentAddresses(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal) out.push(`http://${info.address}:${port}/`);
    }
  }
  return out.length > 0 ? out : [`http://127.0.0.1:${port}/`];
}
