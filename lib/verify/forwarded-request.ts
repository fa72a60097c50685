/**
 * Builds the request the proxy is asking about (scheme, host, port, path, query, method) from the
 * headers the proxy sends, in ONE canonical form, and refuses everything that does not
 * canonicalise: the verify endpoint answers 400 then, never 200. The rules must judge exactly the
 * host and path the upstream app receives, so nothing is "normalised and allowed" that an
 * upstream could read differently (a dot segment, a backslash, an encoded slash, a `;` parameter,
 * an empty segment…): each is refused with its own reason.
 *
 * The parsing is a hand-written scanner that visits every character once (linear in the input,
 * no regular expression and no URL parser on the hot path, whatever the input). The authority
 * (host[:port]) is scanned in target-authority.ts, the shared character classes are in target-syntax.ts.
 */
import type { HeaderBag } from './headers';
import { scanAuthority, type HostPort } from './target-authority';
import { fail, hexValue, isUnreserved, isVisible, REFUSAL, type Fail } from './target-syntax';

export type VerifyFlavour = 'auth-request' | 'forward-auth';

export type Target = {
  /** The canonical absolute URL: scheme://host[:port]path[?query]. What a return URL and the rules see. */
  url: string;
  scheme: 'http' | 'https';
  /** Host name, lower case, without the port or a trailing dot; an IPv6 literal keeps its brackets. */
  host: string;
  /** '' for the scheme's default port. */
  port: string;
  /** Canonical: unreserved escapes decoded, other escapes with upper-case hex. */
  path: string;
  /** Without the leading "?", as sent. */
  query: string;
  method: string;
};

export type TargetResult = { ok: true; target: Target } | { ok: false; reason: string };

export const MAX_TARGET_HEADER_LENGTH = 8192;

const HEX_DIGITS = '0123456789ABCDEF';

/**
 * The path from `start` (a "/") to `end` (the "?" or the end), canonical, or why it is refused.
 * The common case — no escape to rewrite — returns a slice of the input without building anything.
 */
export function scanPath(s: string, start: number, end: number): string | Fail {
  if (start >= end || s.charCodeAt(start) !== 0x2f) return fail(REFUSAL.pathStart);
  let out = '';
  let copied = start;
  // The current segment's length and how many of its characters are dots, both after decoding.
  let segLength = 0;
  let segDots = 0;
  for (let i = start + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2f) {
      if (segLength === 0) return fail(REFUSAL.emptySegment);
      if (segDots === segLength && segLength <= 2) return fail(REFUSAL.dotSegment);
      segLength = 0;
      segDots = 0;
    } else if (c === 0x25) {
      if (i + 2 >= end) return fail(REFUSAL.badEscape);
      const a = s.charCodeAt(i + 1);
      const b = s.charCodeAt(i + 2);
      const high = hexValue(a);
      const low = hexValue(b);
      if (high < 0 || low < 0) return fail(REFUSAL.badEscape);
      const byte = high * 16 + low;
      if (byte === 0x2f) return fail(REFUSAL.encodedSlash);
      if (byte === 0x5c) return fail(REFUSAL.backslash);
      if (byte < 0x20 || byte === 0x7f) return fail(REFUSAL.encodedControl);
      if (isUnreserved(byte)) {
        // RFC 3986 §6.2.2.2: %41 is "A" to every upstream; decoded, so rules see one spelling.
        out += s.slice(copied, i) + String.fromCharCode(byte);
        copied = i + 3;
        if (byte === 0x2e) segDots++;
      } else if (a !== HEX_DIGITS.charCodeAt(high) || b !== HEX_DIGITS.charCodeAt(low)) {
        out += `${s.slice(copied, i)}%${HEX_DIGITS[high]}${HEX_DIGITS[low]}`;
        copied = i + 3;
      }
      segLength++;
      i += 2;
    } else {
      if (!isVisible(c)) return fail(REFUSAL.rawByte);
      if (c === 0x5c) return fail(REFUSAL.backslash);
      if (c === 0x23) return fail(REFUSAL.fragment);
      if (c === 0x3b) return fail(REFUSAL.semicolon);
      segLength++;
      if (c === 0x2e) segDots++;
    }
  }
  if (segLength > 0 && segDots === segLength && segLength <= 2) return fail(REFUSAL.dotSegment);
  return copied === start ? s.slice(start, end) : out + s.slice(copied, end);
}

/** The query (after the "?") as sent, or why it is refused. */
function scanQuery(s: string, start: number, end: number): string | Fail {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isVisible(c)) return fail(REFUSAL.rawByte);
    // An upstream may end the query at "#" while a rule's regex sees past it.
    if (c === 0x23) return fail(REFUSAL.fragment);
  }
  return s.slice(start, end);
}

function schemeOf(text: string): 'http' | 'https' | null {
  if (text.length !== 4 && text.length !== 5) return null;
  const lower = text.toLowerCase();
  return lower === 'http' || lower === 'https' ? lower : null;
}

/** HTTP methods are tokens; Gatehouse accepts 1–20 letters and upper-cases them. */
function canonicalMethod(method: string): string | null {
  if (method.length < 1 || method.length > 20) return null;
  for (let i = 0; i < method.length; i++) {
    const c = method.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return null;
  }
  return method.toUpperCase();
}

function assemble(scheme: 'http' | 'https', authority: HostPort, path: string, query: string, method: string): TargetResult {
  const { host, port } = authority;
  const url = `${scheme}://${host}${port ? `:${port}` : ''}${path}${query ? `?${query}` : ''}`;
  return { ok: true, target: { url, scheme, host, port, path, query, method } };
}

/** Path and query from `start` to the end of `s` (path first: "/" when `s` goes straight to "?" or ends). */
function pathAndQuery(s: string, start: number, scheme: 'http' | 'https', authority: HostPort, method: string): TargetResult {
  const question = s.indexOf('?', start);
  const pathEnd = question < 0 ? s.length : question;
  const path = pathEnd === start ? '/' : scanPath(s, start, pathEnd);
  if (typeof path !== 'string') return { ok: false, reason: path.reason };
  const query = question < 0 ? '' : scanQuery(s, question + 1, s.length);
  if (typeof query !== 'string') return { ok: false, reason: query.reason };
  return assemble(scheme, authority, path, query, method);
}

/**
 * An absolute URL `scheme://host[:port][/path][?query]` as a target (X-Original-URL; also the
 * admin's "test a request" tool, so it judges exactly what the endpoint would).
 */
export function parseTargetUrl(url: string, rawMethod: string): TargetResult {
  const method = canonicalMethod(rawMethod);
  if (method === null) return { ok: false, reason: REFUSAL.method };
  const separator = url.indexOf('://');
  if (separator < 1 || separator > 5) return { ok: false, reason: REFUSAL.notAbsolute };
  const scheme = schemeOf(url.slice(0, separator));
  if (!scheme) return { ok: false, reason: REFUSAL.scheme };
  const hostStart = separator + 3;
  // The authority ends at the first "/" or "?" and nowhere else: "@", "#", "\" inside it are refused by scanAuthority.
  let hostEnd = hostStart;
  while (hostEnd < url.length) {
    const c = url.charCodeAt(hostEnd);
    if (c === 0x2f || c === 0x3f) break;
    hostEnd++;
  }
  const authority = scanAuthority(url, hostStart, hostEnd, scheme);
  if ('reason' in authority) return { ok: false, reason: authority.reason };
  return pathAndQuery(url, hostEnd, scheme, authority, method);
}

/** The target from the X-Forwarded-Proto, -Host and -Uri values. */
export function parseForwardedTarget(proto: string, hostPort: string, uri: string, rawMethod: string): TargetResult {
  const method = canonicalMethod(rawMethod);
  if (method === null) return { ok: false, reason: REFUSAL.method };
  const scheme = schemeOf(proto);
  if (!scheme) return { ok: false, reason: REFUSAL.scheme };
  const authority = scanAuthority(hostPort, 0, hostPort.length, scheme);
  if ('reason' in authority) return { ok: false, reason: authority.reason };
  if (uri.charCodeAt(0) !== 0x2f) return { ok: false, reason: REFUSAL.pathStart };
  return pathAndQuery(uri, 0, scheme, authority, method);
}

function read(headers: HeaderBag, name: string): string | null {
  const count = headers.count(name);
  if (count === 0) return null;
  if (count > 1) throw new TargetError(`${name} was sent ${count} times`);
  const value = headers.get(name)!;
  if (value.length > MAX_TARGET_HEADER_LENGTH) throw new TargetError(`${name} is longer than ${MAX_TARGET_HEADER_LENGTH} characters`);
  return value;
}

/**
 * `auth-request` (nginx): X-Original-URL (+ X-Original-Method), else the X-Forwarded-* set.
 * `forward-auth` (Caddy, Traefik): X-Forwarded-Method, -Proto, -Host, -Uri.
 * Only the headers this request is judged by are read, and each of those is validated.
 */
export function readTarget(headers: HeaderBag, flavour: VerifyFlavour): TargetResult {
  try {
    const original = flavour === 'auth-request' ? read(headers, 'x-original-url') : null;
    const method = (flavour === 'auth-request' ? read(headers, 'x-original-method') : null) ?? read(headers, 'x-forwarded-method') ?? 'GET';
    if (original !== null) return parseTargetUrl(original, method);
    const proto = read(headers, 'x-forwarded-proto');
    const host = read(headers, 'x-forwarded-host');
    const uri = read(headers, 'x-forwarded-uri');
    if (!proto || !host || !uri) return { ok: false, reason: flavour === 'auth-request' ? REFUSAL.incompleteAuthRequest : REFUSAL.incompleteForwardAuth };
    return parseForwardedTarget(proto, host, uri, method);
  } catch (error) {
    if (error instanceof TargetError) return { ok: false, reason: error.message };
    throw error;
  }
}

class TargetError extends Error {}
