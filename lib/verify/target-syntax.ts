/**
 * What the target scanners share (forwarded-request.ts, target-authority.ts): the fixed refusal
 * texts and the character classes, all by char code (no regular expression on the hot path).
 */

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

export type Fail = { reason: string };
export const fail = (reason: string): Fail => ({ reason });

/** 0–15 for a hex digit's char code, -1 otherwise. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
export function isUnreserved(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}

/** Visible ASCII (0x21–0x7E): anything else, raw, is refused everywhere in a target. */
export function isVisible(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}
