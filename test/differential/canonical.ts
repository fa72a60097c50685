/**
 * The differential harness's own reading of "the canonical target" (the shared decision of issue
 * 12, docs/verify-contract.md "Decision"), written apart from lib/verify so that a slip there
 * cannot hide itself: what an upstream received is compared with what Gatehouse judged under
 * this normalisation.
 *
 * Strings here hold bytes as latin1 characters (one character per byte), as the harness reads
 * them off the wire.
 */

export type TCanonicalPath = { ok: true; path: string } | { ok: false; reason: string };
export type TCanonicalAuthority = { ok: true; host: string; port: string } | { ok: false; reason: string };

const HEX = /^[0-9A-Fa-f]{2}$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * The path (the part before `?`) as the rules see it: unreserved escapes decoded, other escapes
 * with upper-case hex; refused when any upstream could read it differently (backslash, encoded
 * slash or backslash, bad or control escapes, raw bytes outside visible ASCII, `#`, `;`, an empty
 * segment, a dot segment in any spelling).
 */
export function canonicalPath(raw: string): TCanonicalPath {
  if (!raw.startsWith('/')) return { ok: false, reason: 'does not start with /' };
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    const code = char.charCodeAt(0);
    if (code < 0x21 || code > 0x7e) return { ok: false, reason: `raw byte 0x${code.toString(16)}` };
    if (char === '\\') return { ok: false, reason: 'backslash' };
    if (char === '#') return { ok: false, reason: '#' };
    if (char === ';') return { ok: false, reason: '; (path parameter)' };
    if (char !== '%') {
      out += char;
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return { ok: false, reason: 'invalid percent-encoding' };
    const value = parseInt(hex, 16);
    if (value === 0x2f) return { ok: false, reason: 'encoded slash' };
    if (value === 0x5c) return { ok: false, reason: 'encoded backslash' };
    if (value < 0x20 || value === 0x7f) return { ok: false, reason: 'encoded control character' };
    const decoded = String.fromCharCode(value);
    out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
    i += 2;
  }
  const segments = out.split('/').slice(1);
  for (const [index, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return { ok: false, reason: 'dot segment' };
    // Only the last segment may be empty (a trailing slash, or the root "/").
    if (segment === '' && index < segments.length - 1) return { ok: false, reason: 'empty segment (//)' };
  }
  return { ok: true, path: out };
}

/**
 * `host[:port]` as Gatehouse names it: lower-case, one trailing dot dropped, the scheme's default
 * port elided; a DNS name of LDH labels, an IPv4 literal or a bracketed IPv6 literal.
 */
export function canonicalAuthority(raw: string, scheme: 'http' | 'https'): TCanonicalAuthority {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d{1,10}))?$/.exec(raw);
  if (!match) return { ok: false, reason: 'not host[:port]' };
  let host = match[1]!.toLowerCase();
  const rawPort = match[2];
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!host.startsWith('[')) {
    const labels = host.split('.');
    const dns = host.length <= 253 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '');
    if (!dns && !IPV4.test(host)) return { ok: false, reason: 'not a DNS name or IP literal' };
  }
  if (rawPort === undefined) return { ok: true, host, port: '' };
  const port = Number(rawPort);
  if (port < 1 || port > 65535) return { ok: false, reason: 'port out of range' };
  const defaultPort = scheme === 'https' ? 443 : 80;
  return { ok: true, host, port: port === defaultPort ? '' : String(port) };
}

/**
 * Does a path that reached Gatehouse from the portal site name one of the endpoints closed there —
 * the verify paths (for the proxy only) and /api/metrics (for a scraper at Gatehouse's own
 * address) — in a spelling some server would route there? Generous on purpose (decoded once, `\`
 * as `/`, `;…` parameters and a `#…` tail dropped, `//` merged, dot segments resolved, any case):
 * the proxy must keep every such spelling away from Gatehouse.
 */
export function namesClosedEndpoint(rawPath: string): boolean {
  let path = rawPath.split('?')[0]!.split('#')[0]!;
  path = path.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  path = path.replace(/\\/g, '/').split('#')[0]!;
  const resolved: string[] = [];
  for (const part of path.split('/')) {
    const segment = part.split(';')[0]!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') resolved.pop();
    else resolved.push(segment.toLowerCase());
  }
  const joined = `/${resolved.join('/')}`;
  return joined.startsWith('/api/verify') || joined.startsWith('/api/authz') || joined.startsWith('/api/metrics');
}
