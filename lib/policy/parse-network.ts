/**
 * Reads the addresses and ranges of network rules. The form schema (is it valid?) and the
 * rule compiler (what does it cover?) both use these, so they can never disagree.
 */
import ipaddr from 'ipaddr.js';
import type { Cidr } from '@/lib/http/client-ip';

/**
 * A single address, with IPv4-mapped IPv6 (::ffff:10.0.0.5) turned into IPv4 so that it falls
 * in IPv4 ranges. ipaddr.js alone would also read "10" or "0x0a.0.0.1" as IPv4; an admin who
 * types "10" means 10.0.0.0/8, not 0.0.0.10, so IPv4 must be dotted-quad decimal.
 */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.process(text);
}

/** The range a network entry covers (an address alone is a /32 or /128), or null when it is not one. */
export function parseNetwork(text: string): Cidr | null {
  const [address = '', bits, ...rest] = text.split('/');
  if (rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return null;
  const range = parseAddress(address);
  if (!range) return null;
  // A mapped range (::ffff:10.0.0.0/104) was turned into IPv4 above, so its prefix loses the 96 mapping bits.
  const mapped = range.kind() === 'ipv4' && address.includes(':');
  const width = range.kind() === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits) - (mapped ? 96 : 0);
  return prefix >= 0 && prefix <= width ? [range, prefix] : null;
}
