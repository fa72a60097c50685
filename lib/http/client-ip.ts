/**
 * The client address, for sessions, audit events and (later) network rules and bans.
 * X-Forwarded-For / X-Real-IP are believed only when the direct peer is a trusted proxy;
 * otherwise anyone could claim any address.
 */
import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  let text = address.trim();
  if (text.startsWith('[') && text.includes(']')) text = text.slice(1, text.indexOf(']'));
  // "1.2.3.4:5678" from some proxies.
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (!ipaddr.isValid(text)) return null;
  const parsed = ipaddr.parse(text);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

export function normalizeIp(address: string | null | undefined): string | null {
  if (!address) return null;
  return parse(address)?.toString() ?? null;
}

export function isInCidrs(address: ipaddr.IPv4 | ipaddr.IPv6, cidrs: readonly Cidr[]): boolean {
  return cidrs.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/** Whether the direct peer is one of the trusted proxies (false for an unreadable address). */
export function isTrustedPeer(peer: string | null | undefined, trustedProxies: readonly Cidr[]): boolean {
  const address = peer ? parse(peer) : null;
  return address !== null && isInCidrs(address, trustedProxies);
}

/**
 * Resolves the client address. With a trusted peer, walks X-Forwarded-For from the right,
 * skipping trusted proxies, and takes the first address that is not one (the rightmost entry a
 * trusted proxy appended); a malformed entry stops the walk and the peer is used.
 */
export function resolveClientIp(input: {
  peer: string | null | undefined;
  forwardedFor?: string | null;
  realIp?: string | null;
  trustedProxies: readonly Cidr[];
}): string | null {
  const peer = input.peer ? parse(input.peer) : null;
  if (!peer) return null;
  if (!isInCidrs(peer, input.trustedProxies)) return peer.toString();
  if (input.forwardedFor) {
    const hops = input.forwardedFor
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parse(hops[i]!);
      if (!hop) return peer.toString();
      if (!isInCidrs(hop, input.trustedProxies) || i === 0) return hop.toString();
    }
  }
  if (input.realIp) {
    const real = parse(input.realIp);
    if (real) return real.toString();
  }
  return peer.toString();
}
