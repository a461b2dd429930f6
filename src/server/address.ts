/**
 * The key an address is rate-limited by. An IPv4 address is itself (also when
 * it reaches an IPv6 socket as ::ffff:a.b.c.d); an IPv6 address counts by its
 * /64 network, since one machine may give itself any number of addresses in
 * its network (privacy extensions, or by hand) to dodge a per-address limit.
 */
export function addressKey(address: string): string {
  const zone = address.indexOf('%');
  const bare = (zone >= 0 ? address.slice(0, zone) : address).toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1];
  if (!bare.includes(':')) return bare;
  const [head, tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
