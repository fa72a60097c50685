/** Peers whose X-Forwarded-For / X-Real-IP are believed. */
import ipaddr from 'ipaddr.js';

export type CidrRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

export type TrustedProxiesEnv = { trustedProxies: CidrRange[] };

export function parseCidrs(text: string, problems: string[]): CidrRange[] {
  const out: CidrRange[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      out.push(item.includes('/') ? ipaddr.parseCIDR(item) : [ipaddr.parse(item), item.includes(':') ? 128 : 32]);
    } catch {
      problems.push(`GATEHOUSE_TRUSTED_PROXIES: "${item}" is not an IP address or CIDR range`);
    }
  }
  return out;
}
