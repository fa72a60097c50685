/**
 * One spelling for an application's address: the WHATWG URL parser reads it (lower-cases the
 * host, converts an IDN to its ASCII form, decodes percent-escapes in the host, drops the
 * scheme's default port), and anything that is not a bare http(s) origin is refused with a
 * reason rather than stored as typed. canonicalOrigin(canonicalOrigin(x)) === canonicalOrigin(x).
 */

/** LDH labels (or a dotted-decimal IPv4 address), as access-rule domains are written. */
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
// eslint-disable-next-line no-control-regex
const SPACE_OR_CONTROL = /[\u0000-\u0020\u007f-\u009f]/;

export type TOrigin = { ok: true; origin: string; host: string } | { ok: false; message: string };

/**
 * `raw` as `scheme://host[:port]`, or why not. `allowIpv6` is for upstreams only: an access rule
 * cannot name an IPv6 literal, so a public address cannot be one.
 */
export function canonicalOrigin(raw: string, options: { allowIpv6?: boolean } = {}): TOrigin {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Enter an address such as https://app.example.com.' };
  if (text.length > 300) return { ok: false, message: 'An address has at most 300 characters.' };
  if (SPACE_OR_CONTROL.test(text)) return { ok: false, message: 'An address cannot contain spaces or control characters.' };
  if (!/^https?:\/\//i.test(text)) return { ok: false, message: 'An address starts with http:// or https://, such as https://app.example.com.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `${JSON.stringify(text)} is not a valid address. Write it as https://app.example.com.` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'An address cannot contain a user name or password (user:pass@).' };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '')
    return { ok: false, message: 'Enter only the scheme, host and port (https://app.example.com), without a path, query or #fragment.' };
  if (url.port === '0') return { ok: false, message: 'Port 0 is not a port a browser can reach: leave the port out or use a real one.' };
  let host = url.hostname;
  if (host.startsWith('[')) {
    if (!options.allowIpv6) return { ok: false, message: 'A public address needs a host name, not an IPv6 address: access rules match host names.' };
  } else {
    if (host.endsWith('.')) host = host.slice(0, -1);
    if (host.length > 253 || !HOSTNAME.test(host))
      return { ok: false, message: `${JSON.stringify(host)} is not a host name: use letters, digits, dashes and dots, such as app.example.com.` };
  }
  const origin = `${url.protocol}//${host}${url.port === '' ? '' : `:${url.port}`}`;
  return { ok: true, origin, host };
}

/** The host of a canonical origin, without its port: what access rules and the verify endpoint compare. */
export function hostOfOrigin(origin: string): string {
  return new URL(origin).hostname;
}
