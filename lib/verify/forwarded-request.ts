/**
 * Builds the request the proxy is asking about (scheme, host, path, query, method) from the
 * headers the proxy sends, and refuses anything missing, duplicated, over-long or malformed:
 * the verify endpoint answers 400 then, never 200.
 */
import type { HeaderBag } from './headers';

export type VerifyFlavour = 'auth-request' | 'forward-auth';

export type Target = {
  /** Absolute URL with a normalised path: what a return URL and the rules see. */
  url: string;
  scheme: 'http' | 'https';
  /** Host name, lower case, without the port. */
  host: string;
  port: string;
  path: string;
  /** Without the leading "?". */
  query: string;
  method: string;
};

export type TargetResult = { ok: true; target: Target } | { ok: false; reason: string };

export const MAX_TARGET_HEADER_LENGTH = 8192;

const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const METHOD_PATTERN = /^[A-Za-z]{1,20}$/;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0020\u007f-\uffff]/;

function read(headers: HeaderBag, name: string): { value: string | null } | { error: string } {
  const count = headers.count(name);
  if (count === 0) return { value: null };
  if (count > 1) return { error: `${name} was sent ${count} times` };
  const value = headers.get(name)!;
  if (value.length > MAX_TARGET_HEADER_LENGTH) return { error: `${name} is longer than ${MAX_TARGET_HEADER_LENGTH} characters` };
  if (UNSAFE.test(value)) return { error: `${name} contains spaces, control or non-ASCII characters` };
  return { value };
}

/** RFC 3986 §6.2.2.2: %41 and "A" are the same path; decode unreserved characters so rules
 * cannot be dodged by percent-encoding letters an upstream app would decode anyway. */
function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : match.toUpperCase();
  });
}

/** A path and query that URL parsing would leave unchanged: no dot segments, escapes or fragments. */
const PLAIN_URI = /^\/(?:[A-Za-z0-9\-_~!$&'()*+,;=:@?]|\.(?!\.?(?:\/|\?|$))|\/(?!\/|\.\.?(?:\/|\?|$)))*$/;

function build(scheme: string, hostPort: string, uri: string, method: string): TargetResult {
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme !== 'http' && lowerScheme !== 'https') return { ok: false, reason: `scheme "${scheme.slice(0, 20)}" is not http or https` };
  if (!HOST_PATTERN.test(hostPort)) return { ok: false, reason: 'the host is not a valid host name' };
  if (!uri.startsWith('/')) return { ok: false, reason: 'the URI does not start with /' };
  if (!METHOD_PATTERN.test(method)) return { ok: false, reason: 'the method is not a valid HTTP method' };
  // The common case, on every proxied request: nothing to normalise, so skip the URL parser.
  if (!hostPort.startsWith('[') && PLAIN_URI.test(uri)) {
    const colon = hostPort.indexOf(':');
    const host = (colon < 0 ? hostPort : hostPort.slice(0, colon)).toLowerCase().replace(/\.$/, '');
    const rawPort = colon < 0 ? '' : hostPort.slice(colon + 1);
    if (Number(rawPort) > 65535) return { ok: false, reason: 'the port is out of range' };
    const port = (lowerScheme === 'https' && rawPort === '443') || (lowerScheme === 'http' && rawPort === '80') ? '' : rawPort.replace(/^0+(?=\d)/, '');
    const question = uri.indexOf('?');
    return {
      ok: true,
      target: {
        url: `${lowerScheme}://${host}${port ? `:${port}` : ''}${uri}`,
        scheme: lowerScheme as 'http' | 'https',
        host,
        port,
        path: question < 0 ? uri : uri.slice(0, question),
        query: question < 0 ? '' : uri.slice(question + 1),
        method: method.toUpperCase(),
      },
    };
  }
  let url: URL;
  try {
    url = new URL(`${lowerScheme}://${hostPort}${decodeUnreserved(uri)}`);
  } catch {
    return { ok: false, reason: 'the target is not a valid URL' };
  }
  if (url.hash) url.hash = '';
  return {
    ok: true,
    target: {
      url: url.href,
      scheme: lowerScheme as 'http' | 'https',
      host: url.hostname.replace(/\.$/, ''),
      port: url.port,
      path: url.pathname,
      query: url.search.slice(1),
      method: method.toUpperCase(),
    },
  };
}

/**
 * `auth-request` (nginx): X-Original-URL (+ X-Original-Method), else the X-Forwarded-* set.
 * `forward-auth` (Caddy, Traefik): X-Forwarded-Method, -Proto, -Host, -Uri.
 */
export function readTarget(headers: HeaderBag, flavour: VerifyFlavour): TargetResult {
  // Only the headers this request is judged by are read (and each of those is validated).
  const get = (name: string): string | null => {
    const result = read(headers, name);
    if ('error' in result) throw new TargetError(result.error);
    return result.value;
  };
  try {
    const original = flavour === 'auth-request' ? get('x-original-url') : null;
    const method = (flavour === 'auth-request' ? get('x-original-method') : null) ?? get('x-forwarded-method') ?? 'GET';
    if (original !== null) {
      const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#@]+)([^#]*)/.exec(original);
      if (!match) return { ok: false, reason: 'X-Original-URL is not an absolute http(s) URL without credentials' };
      const rest = match[3] ?? '';
      return build(match[1]!, match[2]!, rest.startsWith('/') ? rest : `/${rest}`, method);
    }
    const proto = get('x-forwarded-proto');
    const host = get('x-forwarded-host');
    const uri = get('x-forwarded-uri');
    if (!proto || !host || !uri) {
      return {
        ok: false,
        reason: flavour === 'auth-request' ? 'send X-Original-URL, or X-Forwarded-Proto, -Host and -Uri' : 'send X-Forwarded-Proto, -Host and -Uri',
      };
    }
    return build(proto, host, uri, method);
  } catch (error) {
    if (error instanceof TargetError) return { ok: false, reason: error.message };
    throw error;
  }
}

class TargetError extends Error {}
