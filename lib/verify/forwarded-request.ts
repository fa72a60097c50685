/**
 * Builds the request the proxy is asking about (scheme, host, port, path, query, method) from the
 * headers the proxy sends, in ONE canonical form, and refuses everything that does not
 * canonicalise: the verify endpoint answers 400 then, never 200. The rules must judge exactly the
 * host and path the upstream app receives, so nothing is "normalised and allowed" that an
 * upstream could read differently (a dot segment, a backslash, an encoded slash, a `;` parameter,
 * an empty segment…): each is refused with its own reason.
 *
 * The parsing is a hand-written scanner that visits every character once (linear in the input,
 * no regular expression and no URL parser on the hot path, whatever the input).
 */
import type { HeaderBag } from './headers';

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
const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** Why a target is refused: fixed texts (the input is never echoed). */
export const REFUSAL = {
  notAbsolute: 'X-Original-URL is not an absolute http(s) URL (scheme://host[:port]/path)',
  scheme: 'the scheme is not http or https',
  missingHost: 'the host is missing',
  userinfo: 'the authority has user information (user@host): only host[:port] is accepted',
  hostCharacter: 'the authority is not host[:port]: it has a character a host name cannot have',
  emptyLabel: 'the host has an empty label (two dots, or a leading dot)',
  longLabel: 'a label of the host is longer than 63 characters',
  hyphen: 'a label of the host starts or ends with a hyphen',
  longHost: 'the host is longer than 253 characters',
  numericHost: 'the host ends in a number but is not a dotted-decimal IPv4 address',
  ipv6: 'the host is not a valid IPv6 literal',
  port: 'the port is not a number from 1 to 65535',
  pathStart: 'the path does not start with /',
  rawByte: 'the target contains spaces, control or non-ASCII characters',
  backslash: 'the path contains a backslash (\\ or %5C)',
  encodedSlash: 'the path contains an encoded slash (%2F)',
  badEscape: 'the path contains a % that is not followed by two hex digits',
  encodedControl: 'the path contains an encoded control character (%00-%1F or %7F)',
  fragment: 'the target contains # (a fragment is never part of a request)',
  semicolon: 'the path contains ; (path parameters, which some servers drop before routing)',
  emptySegment: 'the path contains an empty segment (//)',
  dotSegment: 'the path contains a dot segment (. or .., in any spelling)',
  method: 'the method is not 1 to 20 letters',
  incompleteForwardAuth: 'send X-Forwarded-Proto, -Host and -Uri',
  incompleteAuthRequest: 'send X-Original-URL, or X-Forwarded-Proto, -Host and -Uri',
} as const;

type Fail = { reason: string };
const fail = (reason: string): Fail => ({ reason });

const HEX_DIGITS = '0123456789ABCDEF';

/** 0–15 for a hex digit's char code, -1 otherwise. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}

/** Visible ASCII (0x21–0x7E): anything else, raw, is refused everywhere in a target. */
function isVisible(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

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

/** A dotted-decimal IPv4 address exactly as it is canonically written (no leading zeros, 0–255). */
function isDottedQuad(host: string): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      digits++;
      if (digits > 3) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** "0x7f", "017", "1": a label a URL parser reads as a number (WHATWG "ends in a number"). */
function isNumericLabel(s: string, start: number, end: number): boolean {
  if (start >= end) return false;
  let i = start;
  if (end - start >= 2 && s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78) {
    for (i += 2; i < end; i++) if (hexValue(s.charCodeAt(i)) < 0) return false;
    return true;
  }
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

type HostPort = { host: string; port: string };

/** Whether "@" occurs in [start, end): only asked on the way to a refusal, for a clearer reason. */
function hasAt(s: string, start: number, end: number): boolean {
  const at = s.indexOf('@', start);
  return at >= 0 && at < end;
}

/**
 * `host[:port]` from `start` to `end`, canonical, or why it is refused: a DNS name of LDH labels
 * (one trailing dot dropped), a dotted-decimal IPv4 address or a bracketed IPv6 literal;
 * lower-cased; the scheme's default port elided.
 */
export function scanAuthority(s: string, start: number, end: number, scheme: 'http' | 'https'): HostPort | Fail {
  if (start >= end) return fail(REFUSAL.missingHost);
  let host: string;
  let i: number;
  if (s.charCodeAt(start) === 0x5b) {
    const close = s.indexOf(']', start);
    if (close < 0 || close >= end) return fail(REFUSAL.ipv6);
    for (let j = start + 1; j < close; j++) {
      const c = s.charCodeAt(j);
      if (hexValue(c) < 0 && c !== 0x3a && c !== 0x2e) return fail(REFUSAL.ipv6);
    }
    // Rare: the URL parser validates and compresses the literal ([0:0::1] → [::1]).
    try {
      host = new URL(`http://${s.slice(start, close + 1)}/`).hostname;
    } catch {
      return fail(REFUSAL.ipv6);
    }
    i = close + 1;
  } else {
    let labelStart = start;
    let lastLabelStart = start;
    for (i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x2e) {
        if (i === labelStart) return fail(REFUSAL.emptyLabel);
        if (s.charCodeAt(i - 1) === 0x2d) return fail(REFUSAL.hyphen);
        lastLabelStart = labelStart;
        labelStart = i + 1;
      } else if (c === 0x3a) {
        break;
      } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) {
        if (c === 0x2d && i === labelStart) return fail(REFUSAL.hyphen);
        if (i - labelStart >= MAX_LABEL_LENGTH) return fail(REFUSAL.longLabel);
      } else if (!isVisible(c)) {
        return fail(REFUSAL.rawByte);
      } else {
        return fail(hasAt(s, start, end) ? REFUSAL.userinfo : REFUSAL.hostCharacter);
      }
    }
    let hostEnd = i;
    if (hostEnd === start) return fail(REFUSAL.missingHost);
    if (labelStart === hostEnd) {
      // One trailing dot: "a.example." is "a.example" (a second one was an empty label above).
      hostEnd--;
      labelStart = lastLabelStart;
      if (hostEnd === start) return fail(REFUSAL.emptyLabel);
    } else if (s.charCodeAt(hostEnd - 1) === 0x2d) {
      return fail(REFUSAL.hyphen);
    }
    if (hostEnd - start > MAX_HOST_LENGTH) return fail(REFUSAL.longHost);
    host = s.slice(start, hostEnd).toLowerCase();
    if (isNumericLabel(s, labelStart, hostEnd) && !isDottedQuad(host)) return fail(REFUSAL.numericHost);
  }
  if (i === end) return { host, port: '' };
  if (s.charCodeAt(i) !== 0x3a) return fail(hasAt(s, start, end) ? REFUSAL.userinfo : REFUSAL.hostCharacter);
  // ":" then 1–5 digits, 1–65535.
  let value = 0;
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return fail(hasAt(s, start, end) ? REFUSAL.userinfo : isVisible(c) ? REFUSAL.port : REFUSAL.rawByte);
    value = value * 10 + (c - 0x30);
  }
  const digits = end - i - 1;
  if (digits < 1 || digits > 5 || value < 1 || value > 65535) return fail(REFUSAL.port);
  const isDefault = (scheme === 'https' && value === 443) || (scheme === 'http' && value === 80);
  return { host, port: isDefault ? '' : String(value) };
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
